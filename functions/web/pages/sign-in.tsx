/**
 * Signing in and out. Locally the sign-in page lists the demo users (like
 * POST /dev/token, only in local mode: the Lambda build has no such list);
 * on AWS it hands over to Cognito's managed login (authorization code with
 * PKCE, oidc.ts), whose callback starts the session.
 */
import { type Context, Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Principal } from "#auth/principal";
import { SESSION_LIFETIME_MS, type SessionService } from "#auth/sessions";
import type { AccountAdmission } from "#domain/accounts/service";
import { Choices } from "../components/form";
import { Alert } from "../components/page-parts";
import type { WebEnv } from "../context";
import { field, readForm } from "../forms";
import type { Messages } from "../i18n";
import {
  clearSessionCookie,
  isOpen,
  type OriginPolicy,
  ownOrigin,
  servedOverHttps,
  sessionCookieName,
  setSessionCookie,
} from "../middleware";
import { paths, safeReturnPath } from "../paths";
import { notFoundPage } from "./errors";

/** A user the local sign-in page offers. */
export interface SignInUser {
  name: string;
  /** A council's second member (who may approve what the first created). */
  reviewer?: boolean;
  principal: Principal;
}

/** An OpenID Connect sign-in (Cognito's managed login on AWS). */
export interface OidcSignIn {
  /** Where to send the browser, and what to keep (in a cookie) until it comes back. */
  begin(redirectUri: string): Promise<{ url: string; pending: string }>;
  /** The signed-in principal, from the callback URL and what `begin` kept; throws if anything is off. */
  finish(callbackUrl: URL, pending: string, redirectUri: string): Promise<Principal>;
  /** Where to end the provider's session too, coming back to `returnTo`. */
  signOutUrl(returnTo: string): string;
  /** The provider's origin: the sign-out form's redirect goes there, so the CSP's form-action names it. */
  readonly origin: string;
}

export type SignInMethod = { kind: "demo"; users: SignInUser[] } | { kind: "oidc"; oidc: OidcSignIn };

const PENDING_COOKIE = "pb-sign-in";
const PENDING_SECONDS = 10 * 60;

function userLabel(user: SignInUser, t: Messages): string {
  const role = t.roles[user.principal.role];
  return `${user.name} (${role}${user.reviewer ? `, ${t.signInPage.reviewer}` : ""})`;
}

export function signInPages(
  sessions: SessionService,
  accounts: AccountAdmission,
  method: SignInMethod,
  policy: OriginPolicy,
) {
  const app = new Hono<WebEnv>();
  const sessionSeconds = SESSION_LIFETIME_MS / 1000;

  /** Starts a session unless the account is closed (deactivated or erased); whether it started. */
  const startSession = async (c: Context<WebEnv>, principal: Principal): Promise<boolean> => {
    if (!(await isOpen(accounts, principal))) return false;
    const { id } = await sessions.start(principal);
    setSessionCookie(c, id, sessionSeconds);
    return true;
  };

  app.get(paths.signIn, (c) => {
    const { t } = c.get("speech");
    const back = safeReturnPath(c.req.query("return"));
    const signedOut = c.req.query("signedOut") !== undefined;
    const failed = c.req.query("failed") !== undefined;
    const notice = signedOut ? (
      <Alert kind="success" heading={t.signInPage.signedOut} live />
    ) : failed ? (
      <Alert kind="error" heading={t.signInPage.failed} live />
    ) : null;
    if (method.kind === "oidc") {
      return c.render(
        <>
          <h1>{t.signInPage.title}</h1>
          {notice}
          <p>{t.signInPage.cognitoLead}</p>
          <a class="button button-primary" href={`${paths.signInStart}?return=${encodeURIComponent(back)}`}>
            {t.signInPage.cognitoSubmit}
          </a>
        </>,
        { title: t.signInPage.title },
      );
    }
    const options = method.users.map((user) => ({ value: user.principal.sub, label: userLabel(user, t) }));
    return c.render(
      <>
        <h1>{t.signInPage.title}</h1>
        {notice}
        <p>{t.signInPage.localLead}</p>
        <form method="post" action={`${paths.signIn}?return=${encodeURIComponent(back)}`}>
          <Choices kind="radio" name="user" label={t.signInPage.userLabel} options={options} t={t} />
          <button type="submit" class="button button-primary">
            {t.signInPage.submit}
          </button>
        </form>
      </>,
      { title: t.signInPage.title },
    );
  });

  if (method.kind === "demo") {
    app.post(paths.signIn, async (c) => {
      const chosen = field(await readForm(c), "user");
      const user = method.users.find((candidate) => candidate.principal.sub === chosen);
      if (!user) return c.redirect(`${paths.signIn}?failed`, 303);
      if (!(await startSession(c, user.principal))) return c.redirect(`${paths.signIn}?failed`, 303);
      return c.redirect(safeReturnPath(c.req.query("return")), 303);
    });
  } else {
    // No demo sign-in here: the local form's target is the 404 page, session or not.
    app.post(paths.signIn, (c) => notFoundPage(c));
    const redirectUri = (c: Context) => `${ownOrigin(c, policy)}${paths.signInCallback}`;

    app.get(paths.signInStart, async (c) => {
      const { url, pending } = await method.oidc.begin(redirectUri(c));
      const back = safeReturnPath(c.req.query("return"));
      setCookie(c, PENDING_COOKIE, JSON.stringify({ pending, back }), {
        path: paths.signInCallback,
        httpOnly: true,
        secure: servedOverHttps(c),
        // Lax: the provider sends the browser back with a top-level GET, which Lax cookies go along with.
        sameSite: "Lax",
        maxAge: PENDING_SECONDS,
      });
      return c.redirect(url, 302);
    });

    app.get(paths.signInCallback, async (c) => {
      const kept = getCookie(c, PENDING_COOKIE);
      deleteCookie(c, PENDING_COOKIE, { path: paths.signInCallback, secure: servedOverHttps(c) });
      let principal: Principal;
      let back: string = paths.home;
      try {
        const { pending, back: savedBack } = JSON.parse(kept ?? "") as { pending: string; back: string };
        back = safeReturnPath(savedBack);
        principal = await method.oidc.finish(new URL(c.req.url), pending, redirectUri(c));
      } catch {
        c.get("logger").warn("sign-in refused", { requestId: c.get("requestId") });
        return c.redirect(`${paths.signIn}?failed`, 303);
      }
      if (!(await startSession(c, principal))) {
        c.get("logger").warn("sign-in of a closed account refused", { requestId: c.get("requestId") });
        return c.redirect(`${paths.signIn}?failed`, 303);
      }
      return c.redirect(back, 303);
    });
  }

  app.post(paths.signOut, async (c) => {
    await sessions.end(getCookie(c, sessionCookieName(c)));
    clearSessionCookie(c);
    const signedOut = `${paths.signIn}?signedOut`;
    if (method.kind === "oidc") return c.redirect(method.oidc.signOutUrl(`${ownOrigin(c, policy)}${signedOut}`), 303);
    return c.redirect(signedOut, 303);
  });

  return app;
}
