/**
 * `npm start`: DynamoDB Local, the table from the shared definition, demo
 * data, and the API with its docs on PORT. Ctrl-C stops all of it.
 */
import { serve } from "@hono/node-server";
import { loadLocalConfig } from "#shared/config";
import { createLogger } from "../api/logging";
import { ensureTable, JAVA_MISSING, javaIsInstalled, type RunningDynamoDb, startDynamoDbLocal } from "./dynamodb-local";
import { createLocalApp } from "./local-app";
import { demoUsers, seedDemoData } from "./seed";

async function main() {
  const config = loadLocalConfig();
  if (!javaIsInstalled()) {
    console.error(JAVA_MISSING);
    process.exit(1);
  }

  let dynamo: RunningDynamoDb | undefined;
  let stopping = false;
  const stop = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    await dynamo?.stop();
    process.exit(exitCode);
  };
  // Listen before starting anything: Ctrl-C during start-up must stop DynamoDB Local too.
  process.once("SIGINT", () => void stop(0));
  process.once("SIGTERM", () => void stop(0));
  dynamo = await startDynamoDbLocal({ port: config.DYNAMODB_PORT, dataDir: config.DATA_DIR });

  try {
    await ensureTable(dynamo.endpoint, config.TABLE_NAME);
    const baseUrl = `http://localhost:${config.PORT}`;
    const local = await createLocalApp({
      endpoint: dynamo.endpoint,
      tableName: config.TABLE_NAME,
      logger: createLogger(),
      corsOrigins: config.CORS_ORIGINS.length > 0 ? config.CORS_ORIGINS : [baseUrl],
    });
    const seeded = await seedDemoData(local.services, local.clock.now());
    const server = serve({ fetch: local.app.fetch, port: config.PORT });
    server.once("error", (error) => {
      console.error(`Could not serve on port ${config.PORT}: ${error.message}`);
      void stop(1);
    });
    await new Promise<void>((ready) => server.once("listening", ready));

    const tokens = await Promise.all(
      demoUsers.map(async (user) => ({ label: user.label, token: await local.tokens.issue(user.principal) })),
    );
    const storage = config.DATA_DIR ? `data kept in ${config.DATA_DIR}` : "in memory";
    console.log(
      [
        "",
        "Praktikbolig is running",
        `  API   ${baseUrl}`,
        `  Docs  ${baseUrl}/docs   (OpenAPI: ${baseUrl}/openapi.json)`,
        `  DynamoDB Local ${dynamo.endpoint} (pid ${dynamo.pid}), ${storage}, table ${config.TABLE_NAME}, demo data ${seeded}`,
        "",
        "Demo users (tokens valid 12 h or until this process stops; paste into the docs' Authorize button):",
        ...tokens.map(({ label, token }) => `  ${label}\n    ${token}`),
        "",
        `Try: curl -H "Authorization: Bearer <token>" ${baseUrl}/me`,
        "Other tokens: POST /dev/token {role, sub?, orgId?}. Stop with Ctrl-C.",
        "",
      ].join("\n"),
    );
  } catch (error) {
    console.error(`Start failed: ${(error as Error).message}`);
    await stop(1);
  }
}

void main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
