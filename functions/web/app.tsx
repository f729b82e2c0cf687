/**
 * createWebApp(deps): the web pages as one Hono app, beside the API app and
 * built on the same domain services. Locally one server dispatches between
 * the two by path (paths.ts); on AWS the HTTP API routes the page paths to
 * the web function.
 */
import { Hono } from "hono";
import { jsxRenderer } from "hono/jsx-renderer";
import type { AppLogger } from "../api/http/context";
import type { StaticAssets } from "../api/http/static-assets";
import type { Services } from "../api/services";
import type { WebEnv } from "./context";
import { createLayout } from "./layout";
import { language, type OriginPolicy, pageHeaders, requireSession, sameOriginForms, sessionFrom } from "./middleware";
import { adminPages } from "./pages/admin";
import { councilPages } from "./pages/council";
import { errorPage, notFoundPage } from "./pages/errors";
import { erasedPages, privacyPages } from "./pages/privacy";
import { publicPages } from "./pages/public";
import { type SignInMethod, signInPages } from "./pages/sign-in";
import { staffPages } from "./pages/staff";
import { statsPages } from "./pages/stats";
import { studentPages } from "./pages/student";
import { APP_PREFIX, paths } from "./paths";

export interface WebDeps extends OriginPolicy {
  services: Services;
  assets: StaticAssets;
  logger: AppLogger;
  signIn: SignInMethod;
}

/** Where each role starts after signing in. */
const roleHome = {
  student: paths.housing,
  institution: paths.listings,
  council: paths.reviews,
  admin: paths.organizations,
};

export function createWebApp(deps: WebDeps) {
  const app = new Hono<WebEnv>();
  const { services } = deps;
  const formTargets = deps.signIn.kind === "oidc" ? [deps.signIn.oidc.origin] : [];

  app.use("*", pageHeaders(deps.logger, formTargets));
  app.use("*", language);
  app.use("*", sessionFrom(services.sessions, services.accounts));
  app.use("*", jsxRenderer(createLayout(deps.assets), { docType: true }));
  app.use("*", sameOriginForms(deps));

  app.route("/", publicPages());
  app.route("/", signInPages(services.sessions, services.accounts, deps.signIn, deps));
  app.route("/", erasedPages());

  // Everything below needs a session; each area then admits its roles only.
  app.use(`${APP_PREFIX}/*`, requireSession);
  app.use(APP_PREFIX, requireSession);
  app.get(APP_PREFIX, (c) => c.redirect(roleHome[c.get("principal").role], 303));
  const pageDeps = { services };
  app.route(APP_PREFIX, studentPages(pageDeps));
  app.route(APP_PREFIX, staffPages(pageDeps));
  app.route(APP_PREFIX, councilPages(pageDeps));
  app.route(APP_PREFIX, adminPages(pageDeps));
  app.route(APP_PREFIX, statsPages(pageDeps));
  app.route(APP_PREFIX, privacyPages(pageDeps));

  app.onError(errorPage);
  app.notFound(notFoundPage);
  return app;
}

export type WebApp = ReturnType<typeof createWebApp>;
