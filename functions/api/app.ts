/**
 * createApp(deps): the whole HTTP API as one Hono app, the same on Lambda,
 * locally and in tests. Cross-cutting concerns are set up once here; each
 * resource's routes live in ./routes.
 */
import { IncomingMessage } from "node:http";
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import type { LocalTokens } from "#auth/local-tokens";
import type { TokenVerifier } from "#auth/principal";
import type { CursorCodec } from "#db/cursor";
import type { IdGenerator } from "#shared/runtime";
import { appAssets } from "./asset-catalogue";
import { createGuards } from "./http/auth";
import type { AppEnv, AppLogger } from "./http/context";
import { createIdempotency } from "./http/idempotency";
import { documentObject } from "./http/openapi";
import { createPaging } from "./http/paging";
import { handleError, notFoundProblem, PayloadTooLarge, validationHook } from "./http/problems";
import { requestIdOf } from "./http/request-id";
import { API_SECURITY_HEADERS } from "./http/security-headers";
import { staticAssetRoutes } from "./http/static-assets";
import { accountRoutes } from "./routes/accounts";
import { applicationRoutes } from "./routes/applications";
import { bookingRoutes } from "./routes/bookings";
import { devTokenRoutes } from "./routes/dev-token";
import { docsRoutes } from "./routes/docs";
import { housingRequestRoutes } from "./routes/housing-requests";
import { listingRoutes } from "./routes/listings";
import { meRoutes } from "./routes/me";
import { organizationRoutes } from "./routes/organizations";
import { statsRoutes } from "./routes/stats";
import { systemRoutes } from "./routes/system";
import type { Services } from "./services";

export const MAX_BODY_BYTES = 256 * 1024;

export interface AppDeps {
  services: Services;
  verifier: TokenVerifier;
  cursors: CursorCodec;
  logger: AppLogger;
  newId: IdGenerator;
  /** Origins allowed to call the API from a browser; none when empty. */
  corsOrigins: string[];
  /** Local mode only: mounts POST /dev/token. */
  localTokens?: LocalTokens;
  /**
   * The OpenAPI document as text, made at build time (the Lambda reads the
   * file the build wrote; see openapi-document.ts). Without it, GET
   * /openapi.json generates the document from the routes.
   */
  openApiDocument?: () => string;
}

/**
 * The headers every answer carries, set before the handler so they go into
 * its response as it is built: `c.header` after the handler makes
 * @hono/node-server turn its lightweight response into a full one and stream
 * it, the largest cost of a small answer (scripts/bench, HTTP part). A
 * route's own Cache-Control, and any other header it sets, wins.
 */
const answerHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  const requestId = requestIdOf(c.env);
  c.set("requestId", requestId);
  for (const name in API_SECURITY_HEADERS) c.header(name, API_SECURITY_HEADERS[name]);
  c.header("X-Request-Id", requestId);
  c.header("Cache-Control", "no-store");
  await next();
  varyByOrigin(c);
};

/**
 * Answers differ by Origin (CORS), so shared caches must keep them apart, also
 * for requests without one. Added to the built response's headers, which
 * changes them in place (unlike `c.header` after the handler); CORS answers
 * have it from the CORS middleware already, and a route's own Vary is kept.
 */
function varyByOrigin(c: Context) {
  const headers = c.res.headers;
  const vary = headers.get("Vary");
  if (vary === null) headers.set("Vary", "Origin");
  else if (!/(^|,)\s*origin\s*(,|$)/i.test(vary)) headers.set("Vary", `${vary}, Origin`);
}

/** One line per request, ids and outcomes only: never bodies, names or e-mails. */
function requestLog(logger: AppLogger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    c.set("logger", logger);
    await next();
    logger.info("request", {
      requestId: c.get("requestId"),
      method: c.req.method,
      route: c.req.routePath,
      status: c.res.status,
      // c.get, not c.var: c.var copies every variable into a new object.
      role: c.get("principal")?.role,
      durationMs: Math.round(performance.now() - started),
    });
  };
}

/** CORS for the configured origins; a request without an Origin header is no CORS request and skips it. */
function corsForOrigins(origins: readonly string[]): MiddlewareHandler<AppEnv> {
  const corsMiddleware = cors({
    origin: (origin) => (origins.includes(origin) ? origin : null),
    allowHeaders: ["Authorization", "Content-Type", "If-Match", "Idempotency-Key"],
    exposeHeaders: ["ETag", "Location", "X-Request-Id", "Idempotent-Replayed"],
    allowMethods: ["GET", "POST", "PATCH", "DELETE", "OPTIONS"],
    maxAge: 600,
  });
  return (c, next) => (c.req.header("origin") === undefined ? next() : corsMiddleware(c, next));
}

const limitBody = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw new PayloadTooLarge();
  },
});

/**
 * The body limit, for requests that carry a body. Asking a request for its
 * body makes @hono/node-server build a full Request; its HTTP/1.1 requests
 * say in their headers whether a body follows (RFC 9112 §6.3), so those that
 * say none skip the limit unasked. Other requests (Lambda's, in-process ones)
 * are full Requests already and are asked.
 */
const bodyLimitWhenBodySent: MiddlewareHandler<AppEnv> = (c, next) =>
  announcesNoBody(c.env) ? next() : limitBody(c, next);

function announcesNoBody(env: unknown): boolean {
  const incoming = (env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!(incoming instanceof IncomingMessage) || incoming.httpVersionMajor !== 1) return false;
  const length = incoming.headers["content-length"];
  return (length === undefined || length === "0") && incoming.headers["transfer-encoding"] === undefined;
}

export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const guards = createGuards(deps.verifier, deps.services.accounts);
  const { idempotent } = createIdempotency(deps.services.idempotency, deps.services.clock);
  const paging = createPaging(deps.cursors);

  app.use("*", answerHeaders);
  app.use("*", requestLog(deps.logger));
  app.use("*", corsForOrigins(deps.corsOrigins));
  app.use("*", bodyLimitWhenBodySent);

  app.route("/", systemRoutes(paging));
  const assets = appAssets();
  app.route("/", docsRoutes(assets));
  app.route("/", staticAssetRoutes(assets));
  app.route("/", meRoutes(deps.services, guards));
  app.route("/", statsRoutes(deps.services.stats, guards));
  app.route("/", organizationRoutes(deps.services.organizations, guards, idempotent, paging));
  app.route("/", accountRoutes(deps.services.accounts, guards, idempotent, paging));
  app.route("/", listingRoutes(deps.services.listings, guards, idempotent, paging));
  app.route("/", housingRequestRoutes(deps.services.requests, deps.services.stays, guards, idempotent, paging));
  app.route("/", applicationRoutes(deps.services.stays, guards, idempotent, paging));
  app.route("/", bookingRoutes(deps.services.stays, guards, idempotent, paging));
  if (deps.localTokens) app.route("/", devTokenRoutes(deps.localTokens, deps.services.organizations, deps.newId));

  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
  });
  const builtDocument = deps.openApiDocument;
  if (builtDocument) {
    app.get("/openapi.json", (c) => c.body(builtDocument(), 200, { "Content-Type": "application/json" }));
  } else {
    app.doc31("/openapi.json", documentObject);
  }

  app.onError(handleError);
  app.notFound(notFoundProblem);
  return app;
}

export type App = ReturnType<typeof createApp>;
