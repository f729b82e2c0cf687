/**
 * The web app's request chain: headers and the request log, the language,
 * the session, cross-site form protection, and the sign-in guard.
 */
import { randomBytes } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { type Principal, type Role, requireRole } from "#auth/principal";
import { csrfTokenMatches, type SessionService } from "#auth/sessions";
import type { AccountAdmission } from "#domain/accounts/service";
import { Unauthenticated } from "#shared/errors";
import type { AppLogger } from "../api/http/context";
import { requestIdOf } from "../api/http/request-id";
import { BASE_SECURITY_HEADERS } from "../api/http/security-headers";
import type { WebEnv } from "./context";
import { readForm } from "./forms";
import { DEFAULT_LANG, isLang, type Lang, speechFor } from "./i18n";
import { paths } from "./paths";

/** Scripts only with this answer's nonce; no inline handlers, no frames, forms only to ourselves. */
export const pageCsp = (nonce: string, formTargets: readonly string[] = []) =>
  [
    "default-src 'self'",
    `script-src 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    ["form-action 'self'", ...formTargets].join(" "),
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join("; ");

/** Security headers, a fresh nonce, no caching of personal pages, and one log line of ids and outcomes. */
export function pageHeaders(logger: AppLogger, formTargets: readonly string[] = []): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    const started = performance.now();
    const requestId = requestIdOf(c.env);
    const nonce = randomBytes(16).toString("base64");
    c.set("requestId", requestId);
    c.set("logger", logger);
    c.set("nonce", nonce);
    for (const name in BASE_SECURITY_HEADERS) c.header(name, BASE_SECURITY_HEADERS[name]);
    c.header("Content-Security-Policy", pageCsp(nonce, formTargets));
    // Not no-referrer: under it a browser sends its forms with "Origin: null", and the origin check needs the real one.
    c.header("Referrer-Policy", "same-origin");
    c.header("X-Request-Id", requestId);
    c.header("Cache-Control", "no-store");
    await next();
    logger.info("page", {
      requestId,
      method: c.req.method,
      route: c.req.routePath,
      status: c.res.status,
      role: c.get("principal")?.role,
      durationMs: Math.round(performance.now() - started),
    });
  };
}

export const LANG_COOKIE = "pb-lang";

/** The language from its cookie; Danish without one. */
export const language: MiddlewareHandler<WebEnv> = async (c, next) => {
  const chosen = getCookie(c, LANG_COOKIE);
  c.set("speech", speechFor(isLang(chosen) ? chosen : DEFAULT_LANG));
  await next();
};

export function rememberLanguage(c: Context<WebEnv>, lang: Lang) {
  setCookie(c, LANG_COOKIE, lang, {
    path: "/",
    maxAge: 365 * 24 * 60 * 60,
    sameSite: "Lax",
    secure: servedOverHttps(c),
    httpOnly: true,
  });
}

/** Whether the browser reached us over HTTPS; only plain-HTTP localhost is not. */
export const servedOverHttps = (c: Context) => new URL(c.req.url).protocol === "https:";

/**
 * `__Host-` binds the cookie to this host and path `/`, and needs Secure; a
 * plain-HTTP local run cannot have Secure cookies, so it uses a plain name.
 */
export const sessionCookieName = (c: Context) => (servedOverHttps(c) ? "__Host-pb-session" : "pb-session");

/**
 * The signed-in session behind the cookie, if its account is still open. A
 * session of a deactivated or erased account is deleted and the browser
 * continues signed out: the account is read on every page (no cache), so a
 * deactivation signs the user out at once.
 */
export function sessionFrom(sessions: SessionService, accounts: AccountAdmission): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    const id = getCookie(c, sessionCookieName(c));
    const session = await sessions.resume(id);
    if (session) {
      if (await isOpen(accounts, session.principal)) {
        c.set("session", session);
      } else {
        await sessions.end(id);
        clearSessionCookie(c);
      }
    }
    await next();
  };
}

/** Whether the principal's account admits them (made on first sight, like the API's guard does). */
export async function isOpen(accounts: AccountAdmission, principal: Principal): Promise<boolean> {
  try {
    await accounts.admit(principal);
    return true;
  } catch (error) {
    if (error instanceof Unauthenticated) return false;
    throw error;
  }
}

/** Tells the browser to forget its session cookie (signing out, an erasure, a closed account). */
export function clearSessionCookie(c: Context) {
  deleteCookie(c, sessionCookieName(c), { path: "/", secure: servedOverHttps(c) });
}

export function setSessionCookie(c: Context<WebEnv>, id: string, maxAgeSeconds: number) {
  setCookie(c, sessionCookieName(c), id, {
    path: "/",
    httpOnly: true,
    secure: servedOverHttps(c),
    sameSite: "Lax",
    maxAge: maxAgeSeconds,
  });
}

export class CrossSiteRequest extends Error {}

export interface OriginPolicy {
  /** The origin users reach the pages at (https://praktikbolig.example); else the request's own. */
  publicOrigin?: string;
  /** Trust X-Forwarded-Host (set by our own CDN in front) for the origin. */
  trustForwardedHost?: boolean;
}

/** The origin the pages are served from, as the browser sees it. */
export function ownOrigin(c: Context, policy: OriginPolicy): string {
  if (policy.publicOrigin) return policy.publicOrigin;
  const forwarded = policy.trustForwardedHost ? c.req.header("x-forwarded-host") : undefined;
  return forwarded ? `https://${forwarded}` : new URL(c.req.url).origin;
}

/**
 * Cross-site form protection, two locks: the browser must say the form came
 * from our own origin (Origin, or Sec-Fetch-Site where Origin is absent), and
 * a signed-in session's forms must carry its token.
 */
export function sameOriginForms(policy: OriginPolicy): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    const origin = c.req.header("origin") === "null" ? undefined : c.req.header("origin");
    const site = c.req.header("sec-fetch-site");
    const sameOrigin = origin ? origin === ownOrigin(c, policy) : site === "same-origin";
    if (!sameOrigin) throw new CrossSiteRequest();
    const session = c.get("session");
    if (session) {
      const form = await readForm(c);
      if (!csrfTokenMatches(session, form._csrf?.[0])) throw new CrossSiteRequest();
    }
    await next();
  };
}

/** The session's form token, for the forms a page renders (every page with forms is behind sign-in). */
export const csrfOf = (c: Context<WebEnv>): string => c.get("session")?.csrfToken ?? "";

/** Pages behind sign-in: without a session, to the sign-in page and back here afterwards. */
export const requireSession: MiddlewareHandler<WebEnv> = async (c, next) => {
  const session = c.get("session");
  if (!session) {
    const back = c.req.method === "GET" ? `${c.req.path}${new URL(c.req.url).search}` : paths.home;
    return c.redirect(`${paths.signIn}?return=${encodeURIComponent(back)}`, 303);
  }
  c.set("principal", session.principal);
  await next();
};

/** A page area for some roles only: any other signed-in role gets the 403 page. */
export const allowRoles =
  (...roles: Role[]): MiddlewareHandler<WebEnv> =>
  async (c, next) => {
    requireRole(c.get("principal"), ...roles);
    await next();
  };
