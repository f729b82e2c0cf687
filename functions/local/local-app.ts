/**
 * The app as it runs locally and in tests: DynamoDB Local, tokens signed by a
 * key made at start, POST /dev/token mounted, and the web pages beside the
 * API with a sign-in page that lists the demo users. One `fetch` sends each
 * path where the HTTP API's routes send it on AWS.
 */
import { randomBytes } from "node:crypto";
import { createLocalTokens } from "#auth/local-tokens";
import { createDatabase } from "#db/client";
import { createCursorCodec } from "#db/cursor";
import { type IdentityDirectory, localIdentityDirectory } from "#domain/accounts/identity";
import { type Clock, createIdGenerator, type IdGenerator, systemClock } from "#shared/runtime";
import { createApp } from "../api/app";
import { appAssets } from "../api/asset-catalogue";
import type { AppLogger } from "../api/http/context";
import { createServices } from "../api/services";
import { createWebApp } from "../web/app";
import type { SignInUser } from "../web/pages/sign-in";
import { isWebPath } from "../web/paths";
import { demoUsers } from "./seed";

export interface LocalAppOptions {
  endpoint: string;
  tableName: string;
  logger: AppLogger;
  corsOrigins?: string[];
  clock?: Clock;
  newId?: IdGenerator;
  /** Whom the local sign-in page offers; the demo users unless given. */
  signInUsers?: SignInUser[];
  /** Where identities are deleted and disabled; nowhere unless given (tests watch it). */
  identity?: IdentityDirectory;
}

export async function createLocalApp(options: LocalAppOptions) {
  const clock = options.clock ?? systemClock;
  const newId = options.newId ?? createIdGenerator();
  const db = createDatabase({ tableName: options.tableName, endpoint: options.endpoint });
  // A fresh secret per run: cursors, like tokens, do not outlive the process.
  const cursors = createCursorCodec(randomBytes(32).toString("base64url"));
  const tokens = await createLocalTokens();
  const identity = options.identity ?? localIdentityDirectory;
  const services = createServices({ db, cursors, clock, newId, identity });
  /** The same table and ids on another clock: the demo data lists some things in the past. */
  const servicesAt = (otherClock: Clock) => createServices({ db, cursors, clock: otherClock, newId, identity });
  const app = createApp({
    services,
    verifier: tokens.verifier,
    cursors,
    logger: options.logger,
    newId,
    corsOrigins: options.corsOrigins ?? [],
    localTokens: tokens,
  });
  // A copy: tests add the people of their own world to it.
  const signInUsers = [...(options.signInUsers ?? demoUsers)];
  const web = createWebApp({
    services,
    assets: appAssets(),
    logger: options.logger,
    signIn: { kind: "demo", users: signInUsers },
  });
  const fetch = (request: Request, env?: unknown) =>
    isWebPath(new URL(request.url).pathname) ? web.fetch(request, env) : app.fetch(request, env);
  return { app, web, fetch, signInUsers, services, servicesAt, tokens, db, clock };
}

export type LocalApp = Awaited<ReturnType<typeof createLocalApp>>;
