/**
 * The web app under test: served over real HTTP on the file's own table (for
 * the browser), and called in-process with a session (for the page nets).
 * `checkPage` is what every page must pass in the browser: axe-core's WCAG
 * 2.1 A and AA rules, no sideways scrolling at 375 px, nothing logged as an
 * error, and a screenshot to look at.
 */
import { mkdirSync } from "node:fs";
import axe from "axe-core";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { Principal } from "#auth/principal";
import { SESSION_LIFETIME_MS } from "#auth/sessions";
import { startLocalServer } from "../../functions/local/local-server";
import type { Harness } from "./harness";

export const SCREENSHOTS = new URL("../../test-results/web/", import.meta.url);

/** The app (pages and API) on a free loopback port. */
export async function serveSite(h: Harness) {
  const server = await startLocalServer({ fetch: h.fetchSite, port: 0, hostname: "127.0.0.1" });
  return { origin: `http://127.0.0.1:${server.address.port}`, close: () => server.close() };
}

/** A fresh session for a principal, as the sign-in page would start it. */
export async function sessionFor(h: Harness, principal: Principal) {
  const { id, session } = await h.services.sessions.start(principal);
  return { cookie: `pb-session=${id}`, id, csrf: session.csrfToken };
}

export type WebSession = Awaited<ReturnType<typeof sessionFor>>;

/**
 * A page request in-process, as a browser on our own origin sends it: the
 * session cookie, and for a POST the form with its token and an Origin header.
 */
export async function page(
  h: Harness,
  method: "GET" | "POST",
  path: string,
  init: { session?: WebSession; form?: Record<string, string | string[]>; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...init.headers };
  // A test's own cookies (the language) go along with the session's.
  if (init.session) headers.cookie = [init.headers?.cookie, init.session.cookie].filter(Boolean).join("; ");
  let body: string | undefined;
  if (method === "POST") {
    const form = new URLSearchParams();
    if (init.session) form.append("_csrf", init.session.csrf);
    for (const [name, value] of Object.entries(init.form ?? {})) {
      for (const item of Array.isArray(value) ? value : [value]) form.append(name, item);
    }
    body = form.toString();
    headers["content-type"] ??= "application/x-www-form-urlencoded";
    headers.origin ??= "http://localhost";
  }
  const response = await h.web.request(`http://localhost${path}`, { method, headers, body });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** A browser context signed in as `principal` (the cookie a sign-in sets); Danish unless `lang` says. */
export async function signedInContext(
  browser: Browser,
  h: Harness,
  origin: string,
  principal: Principal,
  options: { lang?: "da" | "en"; javaScript?: boolean; width?: number } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: 900 },
    javaScriptEnabled: options.javaScript ?? true,
  });
  const { id } = await sessionFor(h, principal);
  const expires = Math.floor((Date.now() + SESSION_LIFETIME_MS) / 1000);
  const cookies = [{ name: "pb-session", value: id, url: origin, httpOnly: true, sameSite: "Lax" as const, expires }];
  if (options.lang)
    cookies.push({ name: "pb-lang", value: options.lang, url: origin, httpOnly: true, sameSite: "Lax", expires });
  await context.addCookies(cookies);
  return context;
}

/** Errors a page logs (CSP refusals, script errors), collected from the moment it opens. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

export interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  targets: string[];
}

/** axe-core's WCAG 2.1 A and AA rules on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol: the page's CSP rightly refuses an inline <script>.
  await page.evaluate(axe.source);
  const results = await page.evaluate(() =>
    (globalThis as unknown as { axe: typeof axe }).axe.run({
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    }),
  );
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    targets: violation.nodes.slice(0, 5).map((node) => `${node.target.join(" ")} ${node.failureSummary ?? ""}`),
  }));
}

/** How far the page scrolls sideways at its current width (0 when it fits). */
export async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    type Root = { scrollWidth: number; clientWidth: number };
    const root = (globalThis as unknown as { document: { documentElement: Root } }).document.documentElement;
    return root.scrollWidth - root.clientWidth;
  });
}

export interface PageCheck {
  name: string;
  axe: AxeViolation[];
  /** Sideways overflow in px at 375 px wide. */
  overflowAt375: number;
  h1Count: number;
}

/**
 * What every page must pass, as it is now: axe at its own width and at
 * 375 px, no sideways scroll at 375 px, one h1. Saves screenshots at both
 * widths as `<name>.png` and `<name>-375.png`; restores the width.
 */
export async function checkPage(page: Page, name: string): Promise<PageCheck> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const original = page.viewportSize() ?? { width: 1280, height: 900 };
  const wide = await axeViolations(page);
  await page.screenshot({ path: new URL(`${name}.png`, SCREENSHOTS).pathname, fullPage: true });
  await page.setViewportSize({ width: 375, height: 812 });
  const narrow = await axeViolations(page);
  const overflowAt375 = await sidewaysOverflow(page);
  await page.screenshot({ path: new URL(`${name}-375.png`, SCREENSHOTS).pathname, fullPage: true });
  await page.setViewportSize(original);
  const h1Count = await page.locator("h1").count();
  const seen = new Set<string>();
  const violations = [...wide, ...narrow].filter((violation) => {
    const key = `${violation.id} ${violation.targets.join()}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { name, axe: violations, overflowAt375, h1Count };
}

/** The result a page must have: for `expect(await checkPage(page, name)).toEqual(passing(name))`. */
export const passing = (name: string): PageCheck => ({ name, axe: [], overflowAt375: 0, h1Count: 1 });
