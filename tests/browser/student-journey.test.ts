/**
 * The student's journey in headless Chromium, from a new housing request to
 * a booking and its cancellation: the step form, the matches, a listing,
 * applying, the owner's offer (made through the API in between), accepting
 * it and cancelling the booking with a reason. In Danish and in English,
 * with and without JavaScript, and once with the keyboard alone. Every page
 * on the way must pass axe (WCAG 2.1 A and AA), fit 375 px, have one h1 and
 * log no errors; screenshots go to test-results/web/.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "#auth/principal";
import { type Lang, speechFor } from "../../functions/web/i18n";
import { launchChromium } from "../helpers/browser";
import { createHarness, type Harness } from "../helpers/harness";
import { approvedListing } from "../helpers/listings";
import { offered } from "../helpers/stays";
import { checkPage, passing, serveSite, signedInContext, watchErrors } from "../helpers/web";
import { createWorld, type World } from "../helpers/world";

let h: Harness;
let world: World;
let site: Awaited<ReturnType<typeof serveSite>>;
let browser: Browser;

beforeAll(async () => {
  h = await createHarness();
  world = await createWorld(h);
  const actors = { owner: world.tokens.zealand, reviewer: world.tokens.kalundborg };
  // Beds enough for every journey; the room fits the request best, the dorm room is a second match.
  await approvedListing(h, actors, { title: "Værelse ved havnen", capacity: 10 });
  await approvedListing(h, actors, {
    title: "Kollegieværelse i centrum",
    kind: "dorm_room",
    rentDkk: 3900,
    capacity: 10,
    location: { lat: 55.7, lon: 11.2 },
  });
  site = await serveSite(h);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

interface Journey {
  name: string;
  lang: Lang;
  javaScript: boolean;
  keyboard: boolean;
}

const JOURNEYS: Journey[] = [
  { name: "da", lang: "da", javaScript: true, keyboard: false },
  { name: "en", lang: "en", javaScript: true, keyboard: false },
  { name: "da-nojs", lang: "da", javaScript: false, keyboard: false },
  { name: "en-keyboard", lang: "en", javaScript: true, keyboard: true },
];

/** The answers a student gives, by field name. */
const ANSWERS = {
  "internship.company": "Novo Nordisk Kalundborg",
  "internship.startDate": "2027-03-01",
  "internship.endDate": "2027-05-31",
  moveIn: "2027-03-01",
  moveOut: "2027-06-01",
  maxRent: "4000",
  maxDistanceKm: "40",
  note: "Ikke-ryger",
};

/** How a journey fills and sends forms: with the mouse and Playwright's helpers, or the keyboard alone. */
interface Hands {
  follow(selector: string): Promise<void>;
  type(name: string, text: string): Promise<void>;
  choose(name: string, label: string): Promise<void>;
  tick(selector: string): Promise<void>;
  send(selector: string): Promise<void>;
}

/** Waits for the navigation an action starts (a POST answered on the same URL too). */
async function navigating(page: Page, action: () => Promise<unknown>) {
  await Promise.all([page.waitForEvent("load"), action()]);
}

function mouse(page: Page): Hands {
  return {
    follow: (selector) => navigating(page, () => page.locator(selector).first().click()),
    type: (name, text) => page.locator(`[name="${name}"]`).fill(text),
    choose: async (name, label) => {
      await page.locator(`[name="${name}"]`).selectOption({ label });
    },
    tick: (selector) => page.locator(selector).check(),
    send: (selector) => navigating(page, () => page.locator(selector).first().click()),
  };
}

/** Tab (forwards) until the focus is on an element matching the selector. */
async function tabTo(page: Page, selector: string) {
  for (let presses = 0; presses < 150; presses++) {
    const there = await page.evaluate(`document.activeElement?.matches(${JSON.stringify(selector)}) ?? false`);
    if (there) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${selector}`);
}

function keyboard(page: Page): Hands {
  return {
    follow: async (selector) => {
      await tabTo(page, selector);
      await navigating(page, () => page.keyboard.press("Enter"));
    },
    type: async (name, text) => {
      await tabTo(page, `[name="${name}"]`);
      await page.keyboard.press("ControlOrMeta+A");
      await page.keyboard.type(text);
    },
    choose: async (name, label) => {
      await tabTo(page, `[name="${name}"]`);
      // A closed select takes the option whose label starts with what is typed.
      await page.keyboard.type(label);
      const chosen = await page.evaluate(
        `document.activeElement.options[document.activeElement.selectedIndex].textContent`,
      );
      if (chosen !== label) throw new Error(`the select shows ${chosen}, not ${label}`);
    },
    tick: async (selector) => {
      await tabTo(page, selector);
      await page.keyboard.press("Space");
    },
    send: async (selector) => {
      await tabTo(page, selector);
      await navigating(page, () => page.keyboard.press("Enter"));
    },
  };
}

describe("the student journey from a housing request to a booking", () => {
  it.each(JOURNEYS)(
    "$name",
    async (journey) => {
      const { t } = speechFor(journey.lang);
      const student: Principal = { sub: `student-journey-${journey.name}`, role: "student" };
      const context = await signedInContext(browser, h, site.origin, student, {
        lang: journey.lang,
        javaScript: journey.javaScript,
      });
      const page = await context.newPage();
      const errors = watchErrors(page);
      page.on("dialog", (dialog) => dialog.accept());
      const hands = journey.keyboard ? keyboard(page) : mouse(page);
      // axe runs as a promise in the page, which a page without JavaScript never settles: there the
      // checks run on a copy of the page's document in a page that has it (its scripts still refused by the CSP).
      const checker = journey.javaScript ? undefined : await (await browser.newContext()).newPage();
      if (checker) await checker.goto(`${site.origin}/tilgaengelighed`);
      const check = async (step: string) => {
        const name = `student-${journey.name}-${step}`;
        if (checker) await checker.setContent(await page.content(), { waitUntil: "load" });
        expect(await checkPage(checker ?? page, name)).toEqual(passing(name));
      };

      // Min bolig, empty: it says what to do next.
      await page.goto(`${site.origin}/app/housing`);
      expect(await page.locator("main").textContent()).toContain(t.student.housing.requestsEmpty);
      await check("01-housing-empty");

      // The step form: internship, stay, needs, check your answers.
      await hands.follow('main a[href="/app/requests/new"]');
      expect(await page.locator("h1").textContent()).toBe(t.student.newRequest.internshipHeading);
      await check("02-step-internship");
      await hands.type("internship.company", ANSWERS["internship.company"]);
      await hands.choose("internship.municipalityCode", "Kalundborg");
      await hands.type("internship.startDate", ANSWERS["internship.startDate"]);
      await hands.type("internship.endDate", ANSWERS["internship.endDate"]);
      await hands.send("main form button.button-primary");

      expect(await page.locator("h1").textContent()).toBe(t.student.newRequest.stayHeading);
      await check("03-step-stay");
      await hands.type("moveIn", ANSWERS.moveIn);
      await hands.type("moveOut", ANSWERS.moveOut);
      await hands.type("maxRent", ANSWERS.maxRent);
      await hands.send("main form button.button-primary");

      expect(await page.locator("h1").textContent()).toBe(t.student.newRequest.needsHeading);
      await check("04-step-needs");
      await hands.tick('[name="needs.furnished"]');
      await hands.tick('[name="preferredKinds"][value="room"]');
      await hands.type("maxDistanceKm", ANSWERS.maxDistanceKm);
      await hands.type("note", ANSWERS.note);
      await hands.send("main form button.button-primary");

      expect(await page.locator("h1").textContent()).toBe(t.student.newRequest.checkHeading);
      const answers = (await page.locator("main").textContent()) ?? "";
      expect(answers).toContain(ANSWERS["internship.company"]);
      expect(answers).toContain("Kalundborg");
      expect(answers).toContain(t.student.newRequest.furnished);
      expect(answers).toContain(t.kinds.room.charAt(0).toUpperCase() + t.kinds.room.slice(1));
      await check("05-check-answers");
      await hands.send("main form button.button-primary");

      // The request and its matches.
      expect(page.url()).toMatch(/\/app\/requests\/[^/?]+\?done=created$/);
      expect(await page.locator('[role="status"]').textContent()).toContain(t.student.done.created);
      const matches = page.locator("ol.cards > li");
      expect(await matches.count()).toBe(2);
      expect(await matches.first().textContent()).toContain("Værelse ved havnen");
      expect(await matches.first().textContent()).toContain(t.student.reasons.kmAway("").trim());
      await check("06-request-matches");

      // The listing, and applying.
      await hands.follow("ol.cards a");
      expect(await page.locator("h1").textContent()).toBe("Værelse ved havnen");
      await check("07-listing");
      await hands.type("message", "Hej, jeg er i praktik hos Novo Nordisk.");
      await hands.send('form[action$="/apply"] button[type="submit"]');
      expect(page.url()).toMatch(/\/app\/applications\/[^/?]+\?done=applied$/);
      expect(await page.locator('[role="status"]').textContent()).toContain(t.student.done.applied);
      await check("08-application-sent");

      // The owner offers a bed (through the API); the student sees the offer with its countdown.
      const applicationId = new URL(page.url()).pathname.split("/").pop() ?? "";
      await offered(h, world.tokens.zealand, applicationId);
      await page.goto(`${site.origin}/app/applications/${applicationId}`);
      expect(await page.locator("[data-countdown]").count()).toBe(1);
      await check("09-offer");

      await hands.follow('a[href="/app/housing"]');
      expect(await page.locator("main [data-countdown]").count()).toBe(1);
      await check("10-housing-offer");
      await page.goto(`${site.origin}/app/applications/${applicationId}`);

      // Accepting: the booking.
      await hands.send('form[action$="/accept"] button[type="submit"]');
      expect(page.url()).toMatch(/\/app\/bookings\/[^/?]+\?done=booked$/);
      expect(await page.locator('[role="status"]').textContent()).toContain(t.student.done.booked);
      expect(await page.locator("main").textContent()).toContain(t.bookingStatuses.confirmed);
      await check("11-booking");

      // Cancelling with too short a reason, then with a reason.
      await hands.type("reason", "x");
      await hands.send('form[action$="/cancel"] button[type="submit"]');
      expect(await page.locator(".form-error-message").first().textContent()).toContain(t.errors.tooShort(3));
      // The browser logs the form's 400 answer as a failed resource: expected here, and only here.
      expect(errors.splice(0)).toEqual([
        "Failed to load resource: the server responded with a status of 400 (Bad Request)",
      ]);
      await check("12-booking-reason-missing");
      await hands.type("reason", "Praktikken er flyttet til Sorø");
      await hands.send('form[action$="/cancel"] button[type="submit"]');
      expect(page.url()).toMatch(/\?done=cancelled$/);
      expect(await page.locator('[role="status"]').textContent()).toContain(t.student.done.cancelled);
      expect(await page.locator("main").textContent()).toContain(t.bookingStatuses.cancelled);
      await check("13-booking-cancelled");

      await hands.follow('a[href="/app/housing"]');
      await check("14-housing-after");
      expect(errors).toEqual([]);
      await context.close();
      await checker?.context().close();
    },
    240_000,
  );
});
