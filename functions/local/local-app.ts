/**
 * The app as it runs locally and in tests: DynamoDB Local, tokens signed by a
 * key made at start, POST /dev/token mounted.
 */
import { randomBytes } from "node:crypto";
import { createLocalTokens } from "#auth/local-tokens";
import { createDatabase } from "#db/client";
import { createCursorCodec } from "#db/cursor";
import { type Clock, createIdGenerator, type IdGenerator, systemClock } from "#shared/runtime";
import { createApp } from "../api/app";
import type { AppLogger } from "../api/http/context";
import { createServices } from "../api/services";

export interface LocalAppOptions {
  endpoint: string;
  tableName: string;
  logger: AppLogger;
  corsOrigins?: string[];
  clock?: Clock;
  newId?: IdGenerator;
}

export async function createLocalApp(options: LocalAppOptions) {
  const clock = options.clock ?? systemClock;
  const newId = options.newId ?? createIdGenerator();
  const db = createDatabase({ tableName: options.tableName, endpoint: options.endpoint });
  // A fresh secret per run: cursors, like tokens, do not outlive the process.
  const cursors = createCursorCodec(randomBytes(32).toString("base64url"));
  const tokens = await createLocalTokens();
  const services = createServices({ db, cursors, clock, newId });
  /** The same table and ids on another clock: the demo data lists some things in the past. */
  const servicesAt = (otherClock: Clock) => createServices({ db, cursors, clock: otherClock, newId });
  const app = createApp({
    services,
    verifier: tokens.verifier,
    cursors,
    logger: options.logger,
    newId,
    corsOrigins: options.corsOrigins ?? [],
    localTokens: tokens,
  });
  return { app, services, servicesAt, tokens, db, clock };
}

export type LocalApp = Awaited<ReturnType<typeof createLocalApp>>;
