/**
 * The API's OpenAPI document as the Lambda serves it, built from the app's
 * routes alone: the services are wired to a database that is never called.
 */
import { createDatabase } from "#db/client";
import { createCursorCodec } from "#db/cursor";
import { localIdentityDirectory } from "#domain/accounts/identity";
import { Unauthenticated } from "#shared/errors";
import { createIdGenerator, systemClock } from "#shared/runtime";
import { createApp } from "../../functions/api/app";
import { silentLogger } from "../../functions/api/logging";
import { createServices } from "../../functions/api/services";

/** The document's JSON text. */
export async function apiDocument(): Promise<string> {
  const cursors = createCursorCodec("a-document-only-secret-of-32-chars-or-more");
  const db = createDatabase({ tableName: "unused", endpoint: "http://127.0.0.1:9" });
  const app = createApp({
    services: createServices({
      db,
      cursors,
      clock: systemClock,
      newId: createIdGenerator(),
      identity: localIdentityDirectory,
    }),
    verifier: {
      verify: async () => {
        throw new Unauthenticated("No tokens here");
      },
    },
    cursors,
    logger: silentLogger,
    newId: createIdGenerator(),
    corsOrigins: [],
  });
  const response = await app.request("/openapi.json");
  return response.text();
}
