/**
 * The institution journey in a real headless Chromium, from a new listing to
 * an offer: the coordinator creates the listing with the form (first with a
 * mistake, then right), submits it; the council approves it and a student
 * applies (through the API); the coordinator sees the application, makes an
 * offer and sees the occupancy calendar show the hold. In Danish and in
 * English, and once in Danish with JavaScript off. Every page passes axe
 * (WCAG 2.1 A and AA) at desktop and 375 px, fits 375 px, has one h1, and
 * logs no error. Screenshots go to test-results/web/.
 */

import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "#auth/principal";
import { speechFor } from "../../functions/web/i18n";
import { launchChromium } from "../helpers/browser";
import { createHarness, type Harness } from "../helpers/harness";
import { createRequest } from "../helpers/requests";
import { applied, studentToken } from "../helpers/stays";
import { checkPage, passing, SCREENSHOTS, serveSite, signedInContext, watchErrors } from "../helpers/web";
import { createWorld, type World } from "../helpers/world";

let h: Harness;
let w: World;
let browser: Browser;
let site: Awaited<ReturnType<typeof serveSite>>;
let owner: Principal;

beforeAll(async () => {
  h = await createHarness();
  w = await createWorld(h);
  owner = { sub: "zealand-ida", role: "institution", orgId: w.orgs.zealand.id };
  site = await serveSite(h);
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const RUNS = [
  { lang: "da", javaScript: true, name: "da" },
  { lang: "en", javaScript: true, name: "en" },
  { lang: "da", javaScript: false, name: "da-nojs" },
] as const;

async function fillListing(page: Page, title: string, postalCode: string) {
  await page.fill("#field-title", title);
  await page.selectOption("#field-kind", "room");
  await page.fill("#field-description", "Et lyst værelse med skrivebord, fem minutter fra stationen.");
  await page.fill("#field-address-street", "Kordilgade 12");
  await page.fill("#field-address-postalCode", postalCode);
  await page.fill("#field-address-city", "Kalundborg");
  await page.selectOption("#field-municipalityCode", "326");
  await page.fill("#field-location-lat", "55,68");
  await page.fill("#field-location-lon", "11,09");
  await page.fill("#field-rentDkk", "3.200");
  await page.fill("#field-depositDkk", "3.200");
  await page.fill("#field-capacity", "2");
  await page.fill("#field-sizeSqm", "16");
  await page.fill("#field-availableFrom", "2027-02-01");
  await page.fill("#field-availableTo", "2027-07-01");
  await page.check("#field-furnished");
  await page.check("#field-internet");
  await page.check("#field-languages-0");
  await page.fill("#field-contactNote", "Ring til Ida på 12 34 56 78");
}

describe("the institution journey, in a browser", { timeout: 240_000 }, () => {
  it.each(RUNS)("goes from a new listing to an offer ($name)", async ({ lang, javaScript, name }) => {
    const { t } = speechFor(lang);
    const s = t.staff;
    const context = await signedInContext(browser, h, site.origin, owner, { lang, javaScript });
    const page = await context.newPage();
    const errors = watchErrors(page);
    /**
     * axe and the width check run scripts in the page, which a context without JavaScript
     * cannot: there the same pages are checked by the runs with JavaScript, and this run
     * shows that every form works without it (one h1 each, still).
     */
    const check = async (step: string) => {
      const label = `staff-${step}-${name}`;
      if (!javaScript) {
        expect(await page.locator("h1").count()).toBe(1);
        await page.screenshot({ path: new URL(`${label}.png`, SCREENSHOTS).pathname, fullPage: true });
        return;
      }
      expect(await checkPage(page, label)).toEqual(passing(label));
    };

    // The organisation's listings, then the form.
    await page.goto(`${site.origin}/app/listings`);
    expect(await page.locator("h1").textContent()).toBe(s.list.title);
    await check("listings");
    await page.getByRole("link", { name: s.list.create, exact: true }).last().click();
    expect(new URL(page.url()).pathname).toBe("/app/listings/new");
    await check("listing-new");

    // A mistake first: the error summary links to the field, which keeps what was typed.
    const title = `Værelse på Kordilgade (${name})`;
    await fillListing(page, title, "44");
    await page.getByRole("button", { name: s.form.saveNew }).click();
    expect(await page.locator("[data-module='error-summary'] a").allTextContents()).toEqual([s.form.errors.postalCode]);
    expect(await page.inputValue("#field-address-postalCode")).toBe("44");
    // The form sent back with errors answers 400, which Chromium logs; nothing else may be logged.
    expect(errors.splice(0)).toEqual([
      "Failed to load resource: the server responded with a status of 400 (Bad Request)",
    ]);
    expect(await page.inputValue("#field-title")).toBe(title);
    await check("listing-new-errors");
    await page.fill("#field-address-postalCode", "4400");
    await page.getByRole("button", { name: s.form.saveNew }).click();

    // The new draft's page: submit it for approval.
    const listingPath = new URL(page.url()).pathname;
    expect(listingPath).toMatch(/^\/app\/listings\/[0-9a-z]+$/);
    const listingId = listingPath.split("/").at(-1) as string;
    expect(await page.locator("h1").textContent()).toBe(title);
    expect(await page.getByText(s.listing.done.created).count()).toBe(1);
    await check("listing-draft");
    await page.getByRole("button", { name: s.listing.submit }).click();
    expect(await page.getByText(s.listing.done.submitted).count()).toBe(1);
    await check("listing-pending");

    // The council approves, and a student applies.
    const approved = await h.call("POST", `/listings/${listingId}/approve`, { token: w.tokens.kalundborg });
    expect(approved.status).toBe(200);
    const studentAuth = await studentToken(h, `journey-${name}`);
    const request = await createRequest(h, studentAuth, { moveIn: "2027-04-01", moveOut: "2027-05-01" });
    const application = await applied(h, studentAuth, request.id, listingId);

    // The owner sees the application and makes an offer.
    await page.goto(`${site.origin}${listingPath}`);
    expect(
      await page
        .getByRole("heading", {
          name: s.applications.heading(speechFor(lang).fmt.date("2027-04-01"), speechFor(lang).fmt.date("2027-05-01")),
        })
        .count(),
    ).toBe(1);
    await check("listing-application");
    await page.fill(`#field-offer-${application.id}`, "48");
    await page.getByRole("button", { name: s.applications.offer }).click();
    expect(new URL(page.url()).search).toBe("?done=offered");
    expect(await page.getByText(s.listing.done.offered).count()).toBe(1);
    const offered = await h.call("GET", `/applications/${application.id}`, { token: studentAuth });
    expect(offered.json).toMatchObject({ status: "offered" });

    // The calendar shows the hold: April's nights have one bed held and one free.
    const monthName = new Intl.DateTimeFormat(lang === "da" ? "da-DK" : "en-GB", {
      month: "long",
      year: "numeric",
      timeZone: "UTC",
    }).format(new Date("2027-04-01T00:00:00Z"));
    const april = page.locator("table", {
      has: page.locator("caption", { hasText: s.occupancy.monthCaption(monthName) }),
    });
    expect(await april.locator("tbody tr").allInnerTexts()).toEqual([
      ["01.04.2027 – 30.04.2027", "0", "1", "1"].join("\t"),
    ]);
    expect(await page.locator("svg.occupancy-chart[role='img'] title").textContent()).toBe(s.occupancy.chartTitle);
    await check("listing-offered");

    // The edit form of an approved listing says that new terms need approval again.
    await page.getByRole("link", { name: s.listing.edit }).click();
    expect(await page.getByText(s.form.materialHint).count()).toBe(1);
    await check("listing-edit");

    expect(errors).toEqual([]);
    await context.close();
  });
});
