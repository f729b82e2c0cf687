/**
 * The student pages in-process, as a user would see them: the step form's
 * errors and the walk through it, matches worded in the page's language,
 * conflicts shown on the page they happened on, and who gets which page.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "#auth/principal";
import { createHarness, type Harness } from "../helpers/harness";
import { approvedListing } from "../helpers/listings";
import { type ObjectsOfEveryKind, objectsOfEveryKind } from "../helpers/objects";
import { createRequest } from "../helpers/requests";
import { applied, offered } from "../helpers/stays";
import { page, sessionFor, type WebSession } from "../helpers/web";
import { createWorld, type World } from "../helpers/world";

let h: Harness;
let world: World;
let objects: ObjectsOfEveryKind;
let sofie: WebSession;
let ahmad: WebSession;
let freja: WebSession;
let ida: WebSession;
let anna: WebSession;
const SOFIE: Principal = { sub: "student-sofie", role: "student" };

const step1 = {
  "internship.company": "Novo Nordisk Kalundborg",
  "internship.municipalityCode": "326",
  "internship.location.lat": "55,67",
  "internship.location.lon": "11,1",
  "internship.startDate": "2027-03-01",
  "internship.endDate": "2027-05-31",
};
const step2 = { moveIn: "2027-03-01", moveOut: "2027-06-01", maxRent: "4.000" };
const step3 = {
  "needs.furnished": "true",
  preferredKinds: ["room", "dorm_room"],
  maxDistanceKm: "40",
  note: "Ikke-ryger",
};

/** The text of an element by its id, roughly: enough to find a message next to its field. */
const groupOf = (html: string, id: string) => {
  const at = html.indexOf(`id="${id}"`);
  const start = html.lastIndexOf('<div class="form-group', at);
  return html.slice(start, at + 200);
};

beforeAll(async () => {
  h = await createHarness();
  world = await createWorld(h);
  objects = await objectsOfEveryKind(h, world.tokens);
  await approvedListing(
    h,
    { owner: world.tokens.zealand, reviewer: world.tokens.kalundborg },
    { title: "Værelse ved havnen" },
  );
  sofie = await sessionFor(h, SOFIE);
  freja = await sessionFor(h, { sub: "student-freja", role: "student" });
  ahmad = await sessionFor(h, { sub: "student-ahmad", role: "student" });
  ida = await sessionFor(h, { sub: "zealand-ida", role: "institution", orgId: world.orgs.zealand.id });
  anna = await sessionFor(h, { sub: "kalundborg-anna", role: "council", orgId: world.orgs.kalundborg.id });
});

describe("the new housing request step form", () => {
  it("answers bad input with 400, an error summary, messages next to the fields and the typed values kept", async () => {
    const response = await page(h, "POST", "/app/requests/new", {
      session: sofie,
      form: { step: "1", ...step1, "internship.company": "", "internship.startDate": "1. marts" },
    });
    expect(response.status).toBe(400);
    expect(response.text).toContain('data-module="error-summary"');
    expect(response.text).toContain('href="#field-internship-company"');
    expect(response.text).toContain('href="#field-internship-startDate"');
    expect(groupOf(response.text, "field-internship-company")).toContain("Udfyld feltet");
    expect(groupOf(response.text, "field-internship-startDate")).toContain("Skriv en dato");
    expect(response.text).toContain('aria-invalid="true"');
    expect(response.text).toContain('value="1. marts"');
    expect(response.text).toContain('value="2027-05-31"');
    // Only the step's own fields speak: the stay is not asked yet.
    expect(response.text).not.toContain('href="#field-moveIn"');
  });

  it("refuses a move-in in the past at the stay step, in the catalogue's words", async () => {
    const response = await page(h, "POST", "/app/requests/new", {
      session: sofie,
      form: { step: "2", ...step1, ...step2, moveIn: "2026-11-01" },
    });
    expect(response.status).toBe(400);
    expect(groupOf(response.text, "field-moveIn")).toContain("Datoen må ikke ligge i fortiden");
    expect(response.text).toContain('name="internship.company" value="Novo Nordisk Kalundborg"');
  });

  it("walks the steps, checks the answers and creates the request", async () => {
    const second = await page(h, "POST", "/app/requests/new", { session: sofie, form: { step: "1", ...step1 } });
    expect(second.status).toBe(200);
    expect(second.text).toContain("Trin 2 af 4");
    expect(second.text).toContain('type="hidden" name="internship.municipalityCode" value="326"');

    const third = await page(h, "POST", "/app/requests/new", {
      session: sofie,
      form: { step: "2", ...step1, ...step2 },
    });
    expect(third.text).toContain("Trin 3 af 4");

    const check = await page(h, "POST", "/app/requests/new", {
      session: sofie,
      form: { step: "3", ...step1, ...step2, ...step3 },
    });
    expect(check.status).toBe(200);
    expect(check.text).toContain("Tjek dine svar");
    expect(check.text).toContain("Kalundborg");
    expect(check.text).toContain("1. marts 2027");
    expect(check.text).toMatch(/4\.000\skr\./);
    expect(check.text).toContain("Værelse, kollegieværelse");

    const change = await page(h, "POST", "/app/requests/new", {
      session: sofie,
      form: { step: "4", goto: "2", ...step1, ...step2, ...step3 },
    });
    expect(change.text).toContain("Trin 2 af 4");
    expect(change.text).toContain('name="moveIn" value="2027-03-01"');

    const before = await h.services.requests.list(SOFIE, {}, { limit: 100 });
    const created = await page(h, "POST", "/app/requests/new", {
      session: sofie,
      form: { step: "4", ...step1, ...step2, ...step3 },
    });
    expect(created.status).toBe(303);
    const location = created.headers.get("location") ?? "";
    expect(location).toMatch(/^\/app\/requests\/[^/?]+\?done=created$/);
    const after = await h.services.requests.list(SOFIE, {}, { limit: 100 });
    expect(after.items.length).toBe(before.items.length + 1);

    const shown = await page(h, "GET", location, { session: sofie });
    expect(shown.status).toBe(200);
    expect(shown.text).toContain('role="status"');
    expect(shown.text).toContain("Dit boligønske er oprettet");
    expect(shown.text).toContain("Værelse ved havnen");
    expect(shown.text).toContain("km fra dit praktiksted");
    expect(shown.text).toContain("under dit budget");
    expect(shown.text).not.toMatch(/from your internship|under your budget/);
    expect(shown.text).toMatch(/\?request=/);
  });

  it("speaks English when the language cookie says so", async () => {
    const english = { ...sofie, cookie: `${sofie.cookie}; pb-lang=en` };
    const response = await page(h, "POST", "/app/requests/new", {
      session: english,
      form: { step: "1", ...step1, "internship.company": "" },
    });
    expect(response.status).toBe(400);
    expect(response.text).toContain("Fill in this field");
    expect(response.text).toContain("Step 1 of 4");
    const request = (await h.services.requests.list(SOFIE, {}, { limit: 1 })).items[0];
    const matches = await page(h, "GET", `/app/requests/${request?.id}`, { session: english });
    expect(matches.text).toContain("km from your host company");
    expect(matches.text).not.toContain("praktiksted");
  });
});

describe("what each visitor gets", () => {
  it("another student's request, application and booking are the 404 page", async () => {
    for (const path of [
      `/app/requests/${objects.request}`,
      `/app/applications/${objects.application}`,
      `/app/bookings/${objects.booking}`,
    ]) {
      const response = await page(h, "GET", path, { session: ahmad });
      expect(response.status, path).toBe(404);
      expect(response.text).toContain("Siden findes ikke");
    }
  });

  it("staff opening Min bolig get the 403 page", async () => {
    const response = await page(h, "GET", "/app/housing", { session: ida });
    expect(response.status).toBe(403);
    expect(response.text).toContain("Du har ikke adgang");
  });

  it("a page without a session sends the browser to sign in, and back afterwards", async () => {
    const response = await page(h, "GET", "/app/housing");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/app/sign-in?return=${encodeURIComponent("/app/housing")}`);
  });

  it("a cross-site POST is refused with 403 and changes nothing", async () => {
    const before = await h.services.requests.list(SOFIE, {}, { limit: 100 });
    const response = await page(h, "POST", "/app/requests/new", {
      session: sofie,
      form: { step: "4", ...step1, ...step2, ...step3 },
      headers: { origin: "https://evil.example" },
    });
    expect(response.status).toBe(403);
    const after = await h.services.requests.list(SOFIE, {}, { limit: 100 });
    expect(after.items.length).toBe(before.items.length);
  });

  it("the booking's council reads it without a cancel form; its owner may cancel", async () => {
    const council = await page(h, "GET", `/app/bookings/${objects.booking}`, { session: anna });
    expect(council.status).toBe(200);
    expect(council.text).not.toContain(`/app/bookings/${objects.booking}/cancel`);
    const owner = await page(h, "GET", `/app/bookings/${objects.booking}`, { session: ida });
    expect(owner.text).toContain(`/app/bookings/${objects.booking}/cancel`);
  });
});

describe("conflicts and errors on the page they happen on", () => {
  it("applying again shows the listing with a clear alert (409)", async () => {
    const response = await page(h, "POST", `/app/rooms/${objects.listing}/apply`, {
      session: freja,
      form: { request: objects.request, message: "Igen" },
    });
    expect(response.status).toBe(409);
    expect(response.text).toContain("Du har allerede en ansøgning på denne bolig");
    expect(response.text).toContain("<h1>Room near the harbour</h1>");
  });

  it("cancelling a booking without a reason shows the message next to the field (400)", async () => {
    const response = await page(h, "POST", `/app/bookings/${objects.booking}/cancel`, {
      session: freja,
      form: { reason: "x" },
    });
    expect(response.status).toBe(400);
    expect(groupOf(response.text, "field-reason")).toContain("Skriv mindst 3 tegn");
    const booking = await h.services.stays.getBooking({ sub: "student-freja", role: "student" }, objects.booking);
    expect(booking.status).toBe("confirmed");
  });

  it("an offer shows its countdown; accepting it after expiry is a 409 alert", async () => {
    const token = await h.tokenFor(SOFIE);
    const listing = await approvedListing(h, { owner: world.tokens.zealand, reviewer: world.tokens.kalundborg });
    const request = await createRequest(h, token, { moveIn: "2027-03-02" });
    const application = await applied(h, token, request.id, listing.id);
    await offered(h, world.tokens.zealand, application.id, { expiresInHours: 2 });

    const shown = await page(h, "GET", `/app/applications/${application.id}`, { session: sofie });
    expect(shown.text).toMatch(
      /<time class="countdown" datetime="[^"]+" data-countdown="[^"]+">2 t\. 0 min\. tilbage<\/time>/,
    );
    expect(shown.text).toContain("reserveret til dig til 1. december 2026 kl. 12.00");

    const housing = await page(h, "GET", "/app/housing", { session: sofie });
    expect(housing.text).toContain("data-countdown=");

    h.clock.advance(3 * 3_600_000);
    const late = await page(h, "POST", `/app/applications/${application.id}/accept`, { session: sofie });
    expect(late.status).toBe(409);
    expect(late.text).toContain("Tilbuddet er udløbet, så du kan ikke sige ja til det længere");
  });

  it("a search with a bad date shows the error on the form (400)", async () => {
    const response = await page(h, "GET", "/app/rooms?from=2027-02-30&kind=room", { session: sofie });
    expect(response.status).toBe(400);
    expect(groupOf(response.text, "field-from")).toContain("Skriv en dato");
    expect(response.text).toContain('value="2027-02-30"');
  });
});
