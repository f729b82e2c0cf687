/**
 * The council's journey in a real headless Chromium: from the review queue
 * to an approval, and to a rejection that first lacks its reason, then the
 * demand page; in Danish, in English, and in Danish without JavaScript. Then
 * the admin's organisations page with a form sent wrong and then right.
 * Every page passes axe-core's WCAG 2.1 A and AA rules at desktop width and
 * at 375 px, fits 375 px, has one h1, and logs no error.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Lang, speechFor } from "../../functions/web/i18n";
import { launchChromium } from "../helpers/browser";
import { createHarness, type Harness } from "../helpers/harness";
import { createListing } from "../helpers/listings";
import { createRequest } from "../helpers/requests";
import { checkPage, passing, serveSite, signedInContext, watchErrors } from "../helpers/web";
import { createWorld, type World } from "../helpers/world";

let h: Harness;
let world: World;
let browser: Browser;
let site: Awaited<ReturnType<typeof serveSite>>;

beforeAll(async () => {
  h = await createHarness();
  world = await createWorld(h);
  await createRequest(h, world.tokens.student);
  site = await serveSite(h);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/** A listing of the Zealand institution in Kalundborg, sent for review through the API. */
async function pendingListing(title: string) {
  const listing = await createListing(h, world.tokens.zealand, { title });
  const submitted = await h.call("POST", `/listings/${listing.id}/submit`, { token: world.tokens.zealand });
  expect(submitted.status).toBe(200);
  return listing.id;
}

async function statusOf(id: string) {
  const response = await h.call("GET", `/listings/${id}`, { token: world.tokens.admin });
  return (response.json as { status: string }).status;
}

const kalundborgAnna = () => ({ sub: "kalundborg-anna", role: "council" as const, orgId: world.orgs.kalundborg.id });

/**
 * The page passes checkPage. Without JavaScript axe cannot run in the page
 * itself (it waits on timers), so its HTML is checked in a page that has
 * JavaScript, on the same origin (the same styles), its own scripts blocked
 * by the CSP as without JavaScript.
 */
async function expectPasses(page: Page, name: string, checker?: Page) {
  let target = page;
  if (checker) {
    await checker.goto(`${site.origin}/tilgaengelighed`);
    await checker.setContent(await page.content());
    target = checker;
  }
  expect(await checkPage(target, name)).toEqual(passing(name));
}

/**
 * A form sent back with errors answers 400, as it should; Chromium logs every
 * 4xx document as an error. Takes exactly that one message out of `errors`.
 */
function expectBadRequestLogged(errors: string[]) {
  const logged = "Failed to load resource: the server responded with a status of 400 (Bad Request)";
  expect(errors).toContain(logged);
  errors.splice(errors.indexOf(logged), 1);
}

async function councilJourney(lang: Lang, javaScript: boolean) {
  const { t } = speechFor(lang);
  const r = t.council.review;
  const tag = `${lang}${javaScript ? "" : "-nojs"}`;
  const toApprove = await pendingListing(`Room by the fjord (${tag})`);
  const toReject = await pendingListing(`Room by the station (${tag})`);
  const context = await signedInContext(browser, h, site.origin, kalundborgAnna(), { lang, javaScript });
  const page = await context.newPage();
  const errors = watchErrors(page);
  const checkerContext = javaScript ? undefined : await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const checker = await checkerContext?.newPage();
  // The approval asks first (with JavaScript); the council member says yes.
  page.on("dialog", (dialog) => dialog.accept());

  const queue = await page.goto(`${site.origin}/app/reviews`);
  expect(queue?.status()).toBe(200);
  expect(await page.getAttribute("html", "lang")).toBe(lang);
  await expect.poll(() => page.locator("main").textContent()).toContain(t.council.waiting({ days: 0, hours: 0 }));
  await expectPasses(page, `council-queue-${tag}`, checker);

  // Approve the first.
  await page.getByRole("link", { name: `Room by the fjord (${tag})` }).click();
  await page.waitForURL(`**/app/reviews/${toApprove}`);
  await expectPasses(page, `council-review-${tag}`, checker);
  await page.getByRole("button", { name: r.approve }).click();
  await page.waitForURL("**/app/reviews?done=approved");
  expect(await page.locator("main").textContent()).toContain(t.council.queue.approved);
  await expectPasses(page, `council-approved-${tag}`, checker);
  expect(await statusOf(toApprove)).toBe("approved");

  // Reject the second: first without a reason, then with one.
  await page.getByRole("link", { name: `Room by the station (${tag})` }).click();
  await page.waitForURL(`**/app/reviews/${toReject}`);
  await page.getByRole("button", { name: r.reject }).click();
  await page.waitForURL(`**/app/reviews/${toReject}/reject`);
  expect(await page.locator(".form-error-message").first().textContent()).toContain(t.council.review.reasonRequired);
  expect(await page.getByRole("alert").textContent()).toContain(t.errors.summaryHeading);
  expectBadRequestLogged(errors);
  await expectPasses(page, `council-reject-error-${tag}`, checker);
  expect(await statusOf(toReject)).toBe("pending");
  await page.getByLabel(r.reasonLabel).fill("The address lacks a house number");
  await page.getByRole("button", { name: r.reject }).click();
  await page.waitForURL("**/app/reviews?done=rejected");
  expect(await page.locator("main").textContent()).toContain(t.council.queue.rejected);
  await expectPasses(page, `council-rejected-${tag}`, checker);
  expect(await statusOf(toReject)).toBe("rejected");

  // Demand, from the menu.
  await page.getByRole("link", { name: t.nav.demand }).click();
  await page.waitForURL("**/app/demand");
  expect(await page.locator("main").textContent()).toContain("Novo Nordisk Kalundborg");
  await expectPasses(page, `council-demand-${tag}`, checker);

  expect(errors).toEqual([]);
  await context.close();
  await checkerContext?.close();
}

describe("the council's journey in a browser", { timeout: 180_000 }, () => {
  it("approves one listing and rejects another with a reason, in Danish", () => councilJourney("da", true));
  it("approves one listing and rejects another with a reason, in English", () => councilJourney("en", true));
  it("does the same without JavaScript", () => councilJourney("da", false));

  it("shows the four-eyes rule to a council member on a listing they created", async () => {
    const own = await createListing(h, world.tokens.kalundborg, { title: "The council's own room" });
    await h.call("POST", `/listings/${own.id}/submit`, { token: world.tokens.kalundborg });
    const context = await signedInContext(browser, h, site.origin, kalundborgAnna());
    const page = await context.newPage();
    const errors = watchErrors(page);
    expect((await page.goto(`${site.origin}/app/reviews/${own.id}`))?.status()).toBe(200);
    expect(await page.locator("main").textContent()).toContain(speechFor("da").t.council.review.ownListingTitle);
    await expectPasses(page, "council-review-own");
    expect(errors).toEqual([]);
    await context.close();
  });

  it.each(["da", "en"] as const)(
    "lets an admin create an organisation, after a form sent wrong, in %s",
    async (lang) => {
      const { t } = speechFor(lang);
      const o = t.admin.organizations;
      const context = await signedInContext(browser, h, site.origin, h.admin, { lang });
      const page = await context.newPage();
      const errors = watchErrors(page);
      expect((await page.goto(`${site.origin}/app/organizations`))?.status()).toBe(200);
      await expectPasses(page, `admin-organizations-${lang}`);

      await page.getByRole("button", { name: o.submit }).click();
      await page.waitForLoadState();
      expect(await page.getByRole("alert").textContent()).toContain(t.errors.summaryHeading);
      expectBadRequestLogged(errors);
      await expectPasses(page, `admin-organizations-errors-${lang}`);

      const name = `Odsherred Erhvervsråd (${lang})`;
      await page.getByLabel(o.kinds.council).check();
      await page.getByLabel(o.nameLabel).fill(name);
      await page.getByLabel("Odsherred").check();
      await page.getByRole("button", { name: o.submit }).click();
      await page.waitForURL("**/app/organizations?done=created");
      expect(await page.getByRole("status").textContent()).toContain(o.created);
      expect(await page.locator("table").textContent()).toContain(name);
      await expectPasses(page, `admin-organizations-created-${lang}`);
      expect(errors).toEqual([]);
      await context.close();
    },
  );
});
