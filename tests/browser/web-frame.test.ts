/**
 * The pages everyone meets, in a real headless Chromium: the start page, the
 * sign-in page (the local demo list), the accessibility statement and the
 * error pages, in Danish and English, each passing axe-core's WCAG 2.1 A and
 * AA rules and fitting 375 px. Screenshots go to test-results/web/.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../helpers/browser";
import { createHarness, type Harness } from "../helpers/harness";
import { checkPage, passing, serveSite, signedInContext, watchErrors } from "../helpers/web";

let h: Harness;
let browser: Browser;
let site: Awaited<ReturnType<typeof serveSite>>;

beforeAll(async () => {
  h = await createHarness();
  h.signInUsers.push({ name: "Frida", principal: { sub: "student-freja", role: "student" } });
  site = await serveSite(h);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
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
});
