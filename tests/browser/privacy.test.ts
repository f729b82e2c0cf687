/**
 * Mine data in headless Chromium: a student opens it from the menu, saves a
 * name and e-mail (and meets the error summary for an address that is
 * none), downloads the export and reads it back, then erases everything
 * with the tick, lands on the confirmation and is signed out. The same
 * pages in English, a staff member's Mine data, and an admin deactivating a
 * member on the organisation's page. Every page passes axe (WCAG 2.1 A and
 * AA) at desktop width and at 375 px, fits 375 px, has one h1 and logs no
 * errors; screenshots go to test-results/web/.
 */
import { readFile } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "#auth/principal";
import { speechFor } from "../../functions/web/i18n";
import { launchChromium } from "../helpers/browser";
import { createHarness, type Harness } from "../helpers/harness";
import { approvedListing } from "../helpers/listings";
import { createRequest, requestBody } from "../helpers/requests";
import { checkPage, passing, serveSite, signedInContext, watchErrors } from "../helpers/web";
import { createWorld, type World } from "../helpers/world";

let h: Harness;
let world: World;
let site: Awaited<ReturnType<typeof serveSite>>;
let browser: Browser;
let listingId: string;

const COMPANY = "Kalundborg Forsyning A/S";
const MESSAGE = "Hej! Jeg starter i praktik 1. marts og ryger ikke.";

beforeAll(async () => {
  h = await createHarness();
  world = await createWorld(h);
  listingId = (await approvedListing(h, { owner: world.tokens.zealand, reviewer: world.tokens.kalundborg })).id;
  // Two staff members of Zealand who have signed in, one with a name.
  const ole = await h.tokenFor({ sub: "zealand-ole", role: "institution", orgId: world.orgs.zealand.id });
  expect(
    (await h.call("PATCH", "/me", { token: ole, body: { name: "Ole Lund", email: "ole@zealand.dk" } })).status,
  ).toBe(200);
  site = await serveSite(h);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/** A student with a request for COMPANY and an application with MESSAGE. */
async function studentWithAnApplication(sub: string): Promise<Principal> {
  const principal: Principal = { sub, role: "student" };
  const token = await h.tokenFor(principal);
  const request = await createRequest(h, token, { internship: { ...requestBody().internship, company: COMPANY } });
  const applying = await h.call("POST", `/housing-requests/${request.id}/applications`, {
    token,
    body: { listingId, message: MESSAGE },
  });
  expect(applying.status).toBe(201);
  return principal;
}

/** Waits for the navigation an action starts (a POST answered on the same URL too). */
async function navigating(page: Page, action: () => Promise<unknown>) {
  await Promise.all([page.waitForEvent("load"), action()]);
}

/** A form sent back with errors answers 400, which Chromium logs; takes exactly that message out of `errors`. */
function expectBadRequestLogged(errors: string[]) {
  expect(errors.splice(0)).toEqual([
    "Failed to load resource: the server responded with a status of 400 (Bad Request)",
  ]);
}

const expectPassing = async (page: Page, name: string) => expect(await checkPage(page, name)).toEqual(passing(name));

describe("Mine data in a browser", { timeout: 120_000 }, () => {
  it("a student saves the profile, downloads the export, erases everything and is signed out", async () => {
    const { t } = speechFor("da");
    const student = await studentWithAnApplication("student-browser-erase");
    const context = await signedInContext(browser, h, site.origin, student);
    const page = await context.newPage();
    const errors = watchErrors(page);

    await page.goto(`${site.origin}/app/housing`);
    await navigating(page, () => page.locator('nav.site-menu a[href="/app/my-data"]').click());
    expect(await page.locator("h1").textContent()).toBe(t.privacy.myData.title);
    await expectPassing(page, "privacy-01-my-data");

    // An address that is none: the error summary, focused, and the message at the field.
    await page.locator('[name="name"]').fill("Signe Nørgaard");
    await page.locator('[name="email"]').fill("signe at example");
    await navigating(page, () => page.locator("main form button.button-primary").click());
    expect(await page.locator("[data-module='error-summary']").textContent()).toContain(t.privacy.myData.emailFormat);
    expect(await page.evaluate("document.activeElement?.dataset.module")).toBe("error-summary");
    expectBadRequestLogged(errors);
    await expectPassing(page, "privacy-02-profile-error");

    await page.locator('[name="email"]').fill("signe@example.dk");
    await navigating(page, () => page.locator("main form button.button-primary").click());
    expect(await page.locator("main .alert-success").textContent()).toContain(t.privacy.myData.saved);
    expect(await page.locator('[name="name"]').inputValue()).toBe("Signe Nørgaard");
    await expectPassing(page, "privacy-03-profile-saved");

    // The export, as the browser saves it.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.locator(`main a[href="/app/my-data/export"]`).first().click(),
    ]);
    expect(download.suggestedFilename()).toBe("praktikbolig-2026-12-01.json");
    const document = JSON.parse(await readFile(await download.path(), "utf8"));
    expect(document.profile).toMatchObject({ sub: student.sub, name: "Signe Nørgaard", email: "signe@example.dk" });
    expect(document.requests[0].internship.company).toBe(COMPANY);
    expect(document.applications[0].message).toBe(MESSAGE);

    // The erasure's own page: what happens, the tick, the warning button.
    await navigating(page, () => page.locator('main a[href="/app/my-data/erase"]').click());
    expect(await page.locator("h1").textContent()).toBe(t.privacy.erase.title);
    await expectPassing(page, "privacy-04-erase");

    await navigating(page, () => page.locator("main button.button-warning").click());
    expect(await page.locator("[data-module='error-summary']").textContent()).toContain(
      t.privacy.erase.confirmRequired,
    );
    expectBadRequestLogged(errors);
    await expectPassing(page, "privacy-05-erase-without-tick");

    await page.locator('[name="confirm"]').check();
    await navigating(page, () => page.locator("main button.button-warning").click());
    expect(new URL(page.url()).pathname).toBe("/app/my-data/erased");
    expect(await page.locator("h1").textContent()).toBe(t.privacy.erased.title);
    // Signed out: the header offers to sign in, and no session cookie is left.
    expect(await page.locator("header a[href='/app/sign-in']").textContent()).toBe(t.signIn);
    expect((await context.cookies()).map((cookie) => cookie.name)).not.toContain("pb-session");
    await expectPassing(page, "privacy-06-erased");

    await page.goto(`${site.origin}/app/housing`);
    expect(new URL(page.url()).pathname).toBe("/app/sign-in");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("the student's pages pass in English too", async () => {
    const { t } = speechFor("en");
    const student = await studentWithAnApplication("student-browser-english");
    const context = await signedInContext(browser, h, site.origin, student, { lang: "en" });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${site.origin}/app/my-data`);
    expect(await page.locator("h1").textContent()).toBe(t.privacy.myData.title);
    await expectPassing(page, "privacy-en-my-data");
    await page.goto(`${site.origin}/app/my-data/erase`);
    expect(await page.locator("h1").textContent()).toBe(t.privacy.erase.title);
    await expectPassing(page, "privacy-en-erase");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("staff see their profile without the erasure", async () => {
    const { t } = speechFor("da");
    const ida: Principal = { sub: "zealand-ida", role: "institution", orgId: world.orgs.zealand.id };
    const context = await signedInContext(browser, h, site.origin, ida);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${site.origin}/app/listings`);
    await navigating(page, () => page.locator('header a[href="/app/my-data"]').click());
    expect(await page.locator("main").textContent()).toContain(t.privacy.myData.staffAccount);
    expect(await page.locator('a[href="/app/my-data/erase"]').count()).toBe(0);
    await expectPassing(page, "privacy-staff-my-data");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("an admin deactivates a member on the organisation's page", async () => {
    const { t } = speechFor("da");
    const context = await signedInContext(browser, h, site.origin, h.admin);
    const page = await context.newPage();
    const errors = watchErrors(page);
    page.on("dialog", (dialog) => dialog.accept());
    await page.goto(`${site.origin}/app/organizations`);
    await navigating(page, () => page.locator(`main a[href="/app/organizations/${world.orgs.zealand.id}"]`).click());
    expect(await page.locator("h1").textContent()).toBe("Zealand");
    await expectPassing(page, "privacy-admin-organization");

    await navigating(page, () => page.locator(`form[action$="/members/zealand-ole/deactivate"] button`).click());
    expect(await page.locator("main .alert-success").textContent()).toContain(t.admin.members.deactivated("Ole Lund"));
    await expectPassing(page, "privacy-admin-deactivated");
    expect(errors).toEqual([]);
    await context.close();
  });
});
