/**
 * Lambda entry: the shared app behind API Gateway's HTTP API (payload 2.0).
 * Everything is built once per container, at cold start; no logic lives here.
 * The OpenAPI document is the file the build wrote beside the bundle, read on
 * its first request.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import { handle } from "hono/aws-lambda";
import { createCognitoVerifier } from "#auth/cognito";
import { createCognitoDirectory } from "#auth/cognito-directory";
import { createDatabase } from "#db/client";
import { createCursorCodec } from "#db/cursor";
import { loadLambdaConfig } from "#shared/config";
import { createIdGenerator, systemClock } from "#shared/runtime";
import { createApp } from "./app";
import { OPENAPI_FILE } from "./asset-catalogue";
import { createLogger } from "./logging";
import { createServices } from "./services";

const config = loadLambdaConfig();
const logger = createLogger();
const db = createDatabase({ tableName: config.TABLE_NAME, endpoint: config.DYNAMODB_ENDPOINT });
const cursors = createCursorCodec(config.CURSOR_SECRET);
const newId = createIdGenerator();
const documentFile = join(dirname(fileURLToPath(import.meta.url)), OPENAPI_FILE);
let openApiDocument: string | undefined;

const app = createApp({
  services: createServices({
    db,
    cursors,
    clock: systemClock,
    newId,
    identity: createCognitoDirectory({ userPoolId: config.COGNITO_USER_POOL_ID }),
  }),
  verifier: createCognitoVerifier({ userPoolId: config.COGNITO_USER_POOL_ID, clientId: config.COGNITO_CLIENT_ID }),
  cursors,
  logger,
  newId,
  corsOrigins: config.CORS_ORIGINS,
  openApiDocument: () => {
    openApiDocument ??= readFileSync(documentFile, "utf8");
    return openApiDocument;
  },
});

// The event holds request bodies and tokens: never log it.
export const handler = middy(handle(app)).use(injectLambdaContext(logger.powertools, { logEvent: false }));
