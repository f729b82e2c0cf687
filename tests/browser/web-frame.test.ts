/**
 * The pages everyone meets, in a real headless Chromium: the start page, the
 * sign-in page (the local demo list), the accessibility statement and the
 * error pages, in Danish and English, each passing axe-core's WCAG 2.1 A and
 * AA rules and fitting 375 px. Screenshots go to test-results/web/.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../helpers/browser";
import { createHarness, type Harness } from "../helpers/harness";
import { type ObjectsOfEveryKind, objectsOfEveryKind } from "../helpers/objects";
import { checkPage, passing, serveSite, signedInContext, watchErrors } from "../helpers/web";
import { createWorld } from "../helpers/world";

let h: Harness;
let browser: Browser;
let site: Awaited<ReturnType<typeof serveSite>>;
let objects: ObjectsOfEveryKind;
/** Another site on the same machine: same host, another port, so another origin. */
let elsewhere: { server: Server; origin: string };

beforeAll(async () => {
  h = await createHarness();
  h.signInUsers.push({ name: "Frida", principal: { sub: "student-frida", role: "student" } });
  const world = await createWorld(h);
  objects = await objectsOfEveryKind(h, world.tokens);
  site = await serveSite(h);
  browser = await launchChromium();
  const server = createServer((_, response) => {
    // A page that posts a form to Praktikbolig: what a cross-site request forgery looks like.
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(
      `<!doctype html><html lang="en"><title>Elsewhere</title><form method="post" action="${site.origin}/app/sign-out"><input type="hidden" name="_csrf" value="guess"><button>Win a prize</button></form></html>`,
    );
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  elsewhere = { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await new Promise((closed) => elsewhere?.server.close(closed));
});

async function visit(page: Page, path: string) {
  const response = await page.goto(`${site.origin}${path}`);
  return response?.status();
}

describe("the pages everyone meets, in a browser", { timeout: 120_000 }, () => {
  it.each(["da", "en"] as const)("pass axe and fit 375 px, in %s", async (lang) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    if (lang === "en") {
      await context.addCookies([{ name: "pb-lang", value: "en", url: site.origin }]);
    }
    const page = await context.newPage();
    const errors = watchErrors(page);
    expect(await visit(page, "/")).toBe(200);
    expect(await page.getAttribute("html", "lang")).toBe(lang);
    expect(await checkPage(page, `start-${lang}`)).toEqual(passing(`start-${lang}`));
    expect(await visit(page, "/tilgaengelighed")).toBe(200);
    expect(await checkPage(page, `accessibility-${lang}`)).toEqual(passing(`accessibility-${lang}`));
    expect(await visit(page, "/app/sign-in")).toBe(200);
    expect(await checkPage(page, `sign-in-${lang}`)).toEqual(passing(`sign-in-${lang}`));
    expect(errors).toEqual([]);
    await context.close();
  });

  it("signs in from the demo list with a click, and a page behind sign-in comes back after it", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = watchErrors(page);
    await visit(page, "/app/housing");
    expect(new URL(page.url()).pathname).toBe("/app/sign-in");
    await page.getByLabel("Frida (studerende)").check();
    await page.getByRole("button", { name: "Log ind" }).click();
    expect(new URL(page.url()).pathname).toBe("/app/housing");
    await page.getByRole("button", { name: "Log ud" }).click();
    expect(new URL(page.url()).pathname).toBe("/app/sign-in");
    await expect.poll(() => page.getByRole("status").textContent()).toContain("Du er logget ud");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("signs in and switches language without JavaScript", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await visit(page, "/app/sign-in");
    await page.getByRole("link", { name: "Switch to English" }).click();
    expect(await page.getAttribute("html", "lang")).toBe("en");
    await page.getByLabel("Frida (student)").check();
    await page.getByRole("button", { name: "Sign in" }).click();
    expect(new URL(page.url()).pathname).toBe("/app/housing");
    await context.close();
  });

  it.each(["da", "en"] as const)("shows the 404 and 403 pages as pages, in %s", async (lang) => {
    const context = await signedInContext(browser, h, site.origin, { sub: "student-freja", role: "student" }, { lang });
    const page = await context.newPage();
    expect(await visit(page, "/app/no-such-page")).toBe(404);
    expect(await checkPage(page, `not-found-${lang}`)).toEqual(passing(`not-found-${lang}`));
    expect(await visit(page, "/app/listings")).toBe(403);
    expect(await checkPage(page, `forbidden-${lang}`)).toEqual(passing(`forbidden-${lang}`));
    await context.close();
  });

  it("refuses a form another site posts with the user's cookie, and the session lives on", async () => {
    const context = await signedInContext(browser, h, site.origin, { sub: "student-freja", role: "student" });
    const page = await context.newPage();
    await page.goto(elsewhere.origin);
    const [answer] = await Promise.all([
      page.waitForResponse((response) => response.url().startsWith(`${site.origin}/app/sign-out`)),
      page.getByRole("button", { name: "Win a prize" }).click(),
    ]);
    expect(answer.status()).toBe(403);
    await expect.poll(() => page.locator("h1").textContent()).toBe("Formularen er udløbet");
    expect(await visit(page, "/app/housing")).toBe(200);
    expect(new URL(page.url()).pathname).toBe("/app/housing");
    await context.close();
  });

  it("shows another student's application and booking as the 404 page", async () => {
    const context = await signedInContext(browser, h, site.origin, { sub: "student-ahmad", role: "student" });
    const page = await context.newPage();
    expect(await visit(page, `/app/applications/${objects.application}`)).toBe(404);
    expect(await visit(page, `/app/bookings/${objects.booking}`)).toBe(404);
    expect(await page.locator("h1").textContent()).toBe("Siden findes ikke");
    await context.close();
  });

  it.each(["da", "en"] as const)("shows the search page and its results as they should be, in %s", async (lang) => {
    const context = await signedInContext(browser, h, site.origin, { sub: "student-freja", role: "student" }, { lang });
    const page = await context.newPage();
    const errors = watchErrors(page);
    expect(await visit(page, "/app/rooms")).toBe(200);
    expect(await checkPage(page, `search-${lang}`)).toEqual(passing(`search-${lang}`));
    expect(await visit(page, `/app/rooms?municipality=326`)).toBe(200);
    expect(await page.locator(`a[href="/app/rooms/${objects.listing}"]`).count()).toBe(1);
    expect(await checkPage(page, `search-results-${lang}`)).toEqual(passing(`search-results-${lang}`));
    expect(errors).toEqual([]);
    await context.close();
  });
});
