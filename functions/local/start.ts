/**
 * `npm start`: DynamoDB Local, the table from the shared definition, demo
 * data, and the API with its docs on HOST:PORT (127.0.0.1 unless HOST says
 * otherwise). Ctrl-C stops all of it.
 */
import { type LocalConfig, loadLocalConfig } from "#shared/config";
import { createLogger } from "../api/logging";
import { ensureTable, JAVA_MISSING, javaIsInstalled, type RunningDynamoDb, startDynamoDbLocal } from "./dynamodb-local";
import { createLocalApp } from "./local-app";
import { startLocalServer } from "./local-server";
import { demoUsers, type SeedOutcome, seedDemoData } from "./seed";

const LOOPBACK_HOSTS = ["127.0.0.1", "::1", "localhost"];
const EVERY_INTERFACE = ["0.0.0.0", "::"];

/** The URL to print: localhost reaches a loopback or every-interface listener; another address is itself. */
function baseUrlOf({ HOST, PORT }: LocalConfig): string {
  if (LOOPBACK_HOSTS.includes(HOST) || EVERY_INTERFACE.includes(HOST)) return `http://localhost:${PORT}`;
  return `http://${HOST.includes(":") ? `[${HOST}]` : HOST}:${PORT}`;
}

function describeSeed(outcome: SeedOutcome): string {
  if (!outcome.seeded) return "Demo data already there (kept from an earlier run).";
  const { listings, students, bookings, season } = outcome;
  return (
    `Demo data seeded: ${listings} listings in every state, ${students} students, ${bookings} bookings, ` +
    `and a past season of ${season.requests} requests, ${season.housed} of them housed.`
  );
}

/** Lines that say who else can reach what this process serves. */
function exposureWarnings(config: LocalConfig, dynamo: RunningDynamoDb): string[] {
  const warnings: string[] = [];
  if (!LOOPBACK_HOSTS.includes(config.HOST)) {
    warnings.push(
      `  Warning: the API listens on ${config.HOST}, so other machines can reach it, POST /dev/token (admin tokens) included.`,
    );
  }
  if (!dynamo.loopbackOnly) {
    warnings.push(
      "  Warning: DynamoDB Local listens on every interface: this Java has no compiler module (jdk.compiler) to bind it to 127.0.0.1; a full JDK has one.",
    );
  }
  return warnings;
}

interface BannerFacts {
  config: LocalConfig;
  baseUrl: string;
  dynamo: RunningDynamoDb;
  seeded: SeedOutcome;
  tokens: { label: string; token: string }[];
}

/** What a newcomer needs: where things are, a token per demo user, and commands that run as pasted. */
function banner({ config, baseUrl, dynamo, seeded, tokens }: BannerFacts): string {
  const storage = config.DATA_DIR ? `data kept in ${config.DATA_DIR}` : "in memory";
  return [
    "",
    "Praktikbolig is running",
    `  Web app  ${baseUrl}/   (sign in as any demo user at ${baseUrl}/app/sign-in)`,
    `  API docs ${baseUrl}/docs   (OpenAPI: ${baseUrl}/openapi.json; listening on ${config.HOST})`,
    `  DynamoDB Local ${dynamo.endpoint} (pid ${dynamo.pid}), ${storage}, table ${config.TABLE_NAME}`,
    `  ${describeSeed(seeded)}`,
    ...exposureWarnings(config, dynamo),
    "",
    "Demo users (tokens valid 12 h or until this process stops; paste into the docs' Authorize button):",
    ...tokens.map(({ label, token }) => `  ${label}\n    ${token}`),
    "",
    `Try: curl -H "Authorization: Bearer <token>" ${baseUrl}/me`,
    "Other tokens (role student, institution, council or admin; staff also need an orgId such as institution1 or council326):",
    `  curl -s -X POST -H 'Content-Type: application/json' -d '{"role":"student"}' ${baseUrl}/dev/token`,
    "Stop with Ctrl-C.",
    "",
  ].join("\n");
}

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
    const baseUrl = baseUrlOf(config);
    const local = await createLocalApp({
      endpoint: dynamo.endpoint,
      tableName: config.TABLE_NAME,
      logger: createLogger(),
      corsOrigins: config.CORS_ORIGINS.length > 0 ? config.CORS_ORIGINS : [baseUrl],
    });
    const seeded = await seedDemoData(local.services, local.servicesAt, local.clock.now());
    await startLocalServer({ fetch: local.fetch, port: config.PORT, hostname: config.HOST }).catch((error: Error) => {
      throw new Error(`could not serve on ${config.HOST}:${config.PORT}: ${error.message}`);
    });

    const tokens = await Promise.all(
      demoUsers.map(async (user) => ({ label: user.label, token: await local.tokens.issue(user.principal) })),
    );
    console.log(banner({ config, baseUrl, dynamo, seeded, tokens }));
  } catch (error) {
    console.error(`Start failed: ${(error as Error).message}`);
    await stop(1);
  }
}

void main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
