/**
 * Lambda entry of the web pages: the web app behind API Gateway's HTTP API
 * (payload 2.0), which routes the page paths here (paths.ts) and everything
 * else to the API function. Signing in is Cognito's managed login (oidc.ts);
 * the demo sign-in of a local run is not part of this bundle. Everything is
 * built once per container, at cold start; no logic lives here.
 */
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import { handle } from "hono/aws-lambda";
import { createCognitoDirectory } from "#auth/cognito-directory";
import { createDatabase } from "#db/client";
import { createCursorCodec } from "#db/cursor";
import { loadWebLambdaConfig } from "#shared/config";
import { createIdGenerator, systemClock } from "#shared/runtime";
import { appAssets } from "../api/asset-catalogue";
import { createLogger } from "../api/logging";
import { createServices } from "../api/services";
import { createWebApp } from "./app";
import { createCognitoSignIn, readClientId } from "./oidc";

const config = loadWebLambdaConfig();
const logger = createLogger();
const db = createDatabase({ tableName: config.TABLE_NAME, endpoint: config.DYNAMODB_ENDPOINT });
const cursors = createCursorCodec(config.CURSOR_SECRET);
const newId = createIdGenerator();
// Read once per container; a missing parameter fails the cold start, loudly.
const clientId = await readClientId(config.WEB_CLIENT_ID_PARAMETER, {
  region: config.AWS_REGION,
  endpoint: config.AWS_ENDPOINT_URL_SSM,
});

const app = createWebApp({
  services: createServices({
    db,
    cursors,
    clock: systemClock,
    newId,
    // Erasing (Mine data) and deactivating (an organisation's staff) delete or disable the Cognito user too.
    identity: createCognitoDirectory({ userPoolId: config.COGNITO_USER_POOL_ID }),
  }),
  assets: appAssets(),
  logger,
  signIn: {
    kind: "oidc",
    oidc: createCognitoSignIn({
      userPoolId: config.COGNITO_USER_POOL_ID,
      clientId,
      domainUrl: config.COGNITO_DOMAIN_URL,
      issuerUrl: config.OIDC_ISSUER_URL,
    }),
  },
  trustForwardedHost: config.TRUST_FORWARDED_HOST,
});

// The event holds form bodies and cookies: never log it.
export const handler = middy(handle(app)).use(injectLambdaContext(logger.powertools, { logEvent: false }));
