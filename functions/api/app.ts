/**
 * createApp(deps): the whole HTTP API as one Hono app, the same on Lambda,
 * locally and in tests. Cross-cutting concerns are set up once here; each
 * resource's routes live in ./routes.
 */
import { randomUUID } from "node:crypto";
import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { secureHeaders } from "hono/secure-headers";
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
import { staticAssetRoutes } from "./http/static-assets";
import { applicationRoutes } from "./routes/applications";
import { bookingRoutes } from "./routes/bookings";
import { devTokenRoutes } from "./routes/dev-token";
import { docsRoutes } from "./routes/docs";
import { housingRequestRoutes } from "./routes/housing-requests";
import { listingRoutes } from "./routes/listings";
import { meRoutes } from "./routes/me";
import { organizationRoutes } from "./routes/organizations";
import { systemRoutes } from "./routes/system";
import type { Services } from "./services";

export const MAX_BODY_BYTES = 256 * 1024;

// DENY, not SAMEORIGIN: browsers without CSP must read the same "never framed" as frame-ancestors.
const apiHeaders = secureHeaders({
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  xFrameOptions: "DENY",
});
// The docs page loads Swagger UI's files from this app's /assets and calls this API;
// nothing inline but styles set from script (Swagger UI's), no other origin.
const docsPageHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", "data:"],
    connectSrc: ["'self'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
});

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
}

/** The platform's request id when there is one (API Gateway), else a fresh one; never the client's. */
function requestIdOf(env: unknown): string {
  const context = (env as { requestContext?: { requestId?: unknown } } | undefined)?.requestContext;
  return typeof context?.requestId === "string" ? context.requestId : randomUUID();
}

export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const guards = createGuards(deps.verifier);
  const { idempotent } = createIdempotency(deps.services.idempotency, deps.services.clock);
  const paging = createPaging(deps.cursors);

  app.use("*", async (c, next) => {
    const started = performance.now();
    c.set("requestId", requestIdOf(c.env));
    c.set("logger", deps.logger);
    await next();
    c.header("X-Request-Id", c.get("requestId"));
    if (!c.res.headers.has("Cache-Control")) c.header("Cache-Control", "no-store");
    // Ids and outcomes only: never bodies, names or e-mails.
    deps.logger.info("request", {
      requestId: c.get("requestId"),
      method: c.req.method,
      route: c.req.routePath,
      status: c.res.status,
      role: c.var.principal?.role,
      durationMs: Math.round(performance.now() - started),
    });
  });
  app.use("*", (c, next) => (c.req.path === "/docs" ? docsPageHeaders(c, next) : apiHeaders(c, next)));
  app.use(
    "*",
    cors({
      origin: (origin) => (deps.corsOrigins.includes(origin) ? origin : null),
      allowHeaders: ["Authorization", "Content-Type", "If-Match", "Idempotency-Key"],
      exposeHeaders: ["ETag", "Location", "X-Request-Id", "Idempotent-Replayed"],
      allowMethods: ["GET", "POST", "PATCH", "DELETE", "OPTIONS"],
      maxAge: 600,
    }),
  );
  app.use(
    "*",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new PayloadTooLarge();
      },
    }),
  );

  app.route("/", systemRoutes(deps.cursors));
  app.route("/", docsRoutes(appAssets()));
  app.route("/", staticAssetRoutes(appAssets()));
  app.route("/", meRoutes(deps.services.organizations, guards));
  app.route("/", organizationRoutes(deps.services.organizations, guards, idempotent, paging));
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
  app.doc31("/openapi.json", documentObject);

  app.onError(handleError);
  app.notFound(notFoundProblem);
  return app;
}

export type App = ReturnType<typeof createApp>;
