/**
 * The OpenAPI document of the app as the Lambda runs it (no local-only
 * routes), made from the routes themselves. The build writes it beside the
 * Lambda bundle (scripts/build.ts), and the Lambda serves that file at
 * GET /openapi.json: the generator is not in the bundle, which starts faster
 * without it.
 */
import { randomBytes } from "node:crypto";
import { createDatabase } from "#db/client";
import { createCursorCodec } from "#db/cursor";
import { localIdentityDirectory } from "#domain/accounts/identity";
import { Unauthenticated } from "#shared/errors";
import { createIdGenerator, systemClock } from "#shared/runtime";
import { createApp } from "./app";
import { silentLogger } from "./logging";
import { createServices } from "./services";

/**
 * Exactly what GET /openapi.json answers when the document is generated from
 * the routes: the app is built with stand-in dependencies (a table it never
 * reaches, a verifier that accepts no token), which no route runs here.
 */
export async function lambdaOpenApiDocument(): Promise<string> {
  const cursors = createCursorCodec(randomBytes(32).toString("base64url"));
  const newId = createIdGenerator();
  const db = createDatabase({ tableName: "openapi-document", endpoint: "http://127.0.0.1:9", region: "eu-north-1" });
  const app = createApp({
    services: createServices({ db, cursors, clock: systemClock, newId, identity: localIdentityDirectory }),
    verifier: {
      verify: () => Promise.reject(new Unauthenticated("No token is accepted while the document is made")),
    },
    cursors,
    logger: silentLogger,
    newId,
    corsOrigins: [],
  });
  const response = await app.request("/openapi.json");
  if (response.status !== 200) throw new Error(`GET /openapi.json answered ${response.status}`);
  return response.text();
}
