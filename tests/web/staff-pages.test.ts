/**
 * The staff pages in-process: the listing form's errors (the schema's and the
 * domain's rules) next to the right fields with the input kept, creating and
 * editing, who gets which page, cross-site forms refused, offers and their
 * conflicts, and the occupancy calendar's numbers.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../helpers/harness";
import { approvedListing, createListing } from "../helpers/listings";
import { createRequest } from "../helpers/requests";
import { applied, bookedStay, offeredStay, studentToken } from "../helpers/stays";
import { page, sessionFor, type WebSession } from "../helpers/web";
import { createWorld, type World } from "../helpers/world";

let h: Harness;
let w: World;
let owner: WebSession;
let otherInstitution: WebSession;
let student: WebSession;

beforeAll(async () => {
  h = await createHarness();
  w = await createWorld(h);
  owner = await sessionFor(h, { sub: "zealand-ida", role: "institution", orgId: w.orgs.zealand.id });
  otherInstitution = await sessionFor(h, { sub: "absalon-mia", role: "institution", orgId: w.orgs.absalon.id });
  student = await sessionFor(h, { sub: "student-freja", role: "student" });
});

/** A complete, valid listing form as a browser sends it (Danish number input included). */
const validForm = (overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> => ({
  title: "Værelse ved havnen",
  kind: "room",
  description: "Et stille møbleret værelse hos en familie, ti minutter på cykel fra centrum.",
  "address.street": "Havnegade 1",
  "address.postalCode": "4400",
  "address.city": "Kalundborg",
  municipalityCode: "326",
  "location.lat": "55,68",
  "location.lon": "11,09",
  rentDkk: "3.200",
  depositDkk: "3.200",
  capacity: "2",
  sizeSqm: "14",
  availableFrom: "2027-02-01",
  availableTo: "2027-07-01",
  furnished: "true",
  internet: "true",
  languages: ["da", "en"],
  contactNote: "Ring til Jens på 12 34 56 78 efter kl. 16",
  ...overrides,
});

/** The error message shown next to a field (its `<span id="field-…-error">`), without the hidden prefix. */
function fieldError(html: string, id: string): string | undefined {
  const match = new RegExp(
    `<span class="form-error-message" id="${id}-error">(.*?)</span>\\s*</?(?:input|textarea|select|div|span)`,
  ).exec(html);
  return match?.[1]?.replace(/<span class="sr-only">[^<]*<\/span>/, "").trim();
}

const summaryLinks = (html: string) =>
  [...html.matchAll(/<a class="function-link" href="#([^"]+)">([^<]+)<\/a>/g)].map((match) => [match[1], match[2]]);

async function ownListings() {
  const principal = { sub: "zealand-ida", role: "institution" as const, orgId: w.orgs.zealand.id };
  return (await h.services.listings.search(principal, { mine: true }, { limit: 100 })).items;
}

describe("the listing form", () => {
  it("sent with a 2-digit postal code answers 400 with the summary, the message at the field, and the input kept", async () => {
    const before = (await ownListings()).length;
    const response = await page(h, "POST", "/app/listings/new", {
      session: owner,
      form: validForm({ "address.postalCode": "44", "location.lat": "60", rentDkk: "mange" }),
    });
    expect(response.status).toBe(400);
    expect(response.text).toContain('data-module="error-summary"');
    expect(summaryLinks(response.text)).toEqual([
      ["field-address-postalCode", "Skriv et postnummer med 4 cifre, fx 4400"],
      ["field-location-lat", "Skriv en breddegrad i Danmark, mellem 54,5 og 57,8"],
      ["field-rentDkk", "Skriv et tal"],
    ]);
    expect(fieldError(response.text, "field-address-postalCode")).toBe("Skriv et postnummer med 4 cifre, fx 4400");
    expect(fieldError(response.text, "field-location-lat")).toBe("Skriv en breddegrad i Danmark, mellem 54,5 og 57,8");
    expect(fieldError(response.text, "field-rentDkk")).toBe("Skriv et tal");
    expect(fieldError(response.text, "field-title")).toBeUndefined();
    expect(response.text).toMatch(
      /id="field-address-postalCode" name="address.postalCode" value="44"[^>]*aria-invalid="true"/,
    );
    expect(response.text).toContain('value="Værelse ved havnen"');
    expect(response.text).toContain('value="mange"');
    expect(response.text).toMatch(/value="en" checked/);
    expect(response.text).toContain("Ring til Jens på 12 34 56 78 efter kl. 16</textarea>");
    expect((await ownListings()).length).toBe(before);
  });

  it("shows the domain's rule at the field: availableTo before availableFrom", async () => {
    const before = (await ownListings()).length;
    const response = await page(h, "POST", "/app/listings/new", {
      session: owner,
      form: validForm({ availableFrom: "2027-03-01", availableTo: "01.02.2027" }),
    });
    expect(response.status).toBe(400);
    expect(summaryLinks(response.text)).toEqual([["field-availableTo", "Datoen skal ligge efter startdatoen"]]);
    expect(fieldError(response.text, "field-availableTo")).toBe("Datoen skal ligge efter startdatoen");
    expect(response.text).toContain('value="01.02.2027"');
    expect((await ownListings()).length).toBe(before);
  });

  it("asks for every required field of an empty form, in the form's order", async () => {
    const response = await page(h, "POST", "/app/listings/new", { session: owner, form: {} });
    expect(response.status).toBe(400);
    const ids = summaryLinks(response.text).map(([id]) => id);
    expect(ids.slice(0, 4)).toEqual(["field-title", "field-kind", "field-description", "field-address-street"]);
    expect(fieldError(response.text, "field-kind")).toBe("Vælg en af mulighederne");
    expect(fieldError(response.text, "field-capacity")).toBe("Udfyld feltet");
  });

  it("creates a draft from a valid form and says so on the listing's page", async () => {
    const response = await page(h, "POST", "/app/listings/new", { session: owner, form: validForm() });
    expect(response.status).toBe(303);
    const location = response.headers.get("location") ?? "";
    expect(location).toMatch(/^\/app\/listings\/[0-9a-z]+\?done=created$/);
    const id = location.split("/")[3]?.split("?")[0] as string;
    const listing = await h.services.listings.get(h.admin, id);
    expect(listing).toMatchObject({
      status: "draft",
      rentDkk: 3200,
      depositDkk: 3200,
      capacity: 2,
      location: { lat: 55.68, lon: 11.09 },
      furnished: true,
      accessible: false,
      internet: true,
      languages: ["da", "en"],
      address: { street: "Havnegade 1", postalCode: "4400", city: "Kalundborg" },
    });
    const shown = await page(h, "GET", location, { session: owner });
    expect(shown.status).toBe(200);
    expect(shown.text).toContain("<h1>Værelse ved havnen</h1>");
    expect(shown.text).toContain("Boligen er gemt som kladde.");
    expect(shown.text).toContain("Send til godkendelse");
  });

  it("edits an approved listing: a change of rent sends it back to review, and the page says so", async () => {
    const listing = await approvedListing(h, { owner: w.tokens.zealand, reviewer: w.tokens.kalundborg });
    const form = await page(h, "GET", `/app/listings/${listing.id}/edit`, { session: owner });
    expect(form.status).toBe(200);
    expect(form.text).toContain("skal erhvervsrådet godkende den igen");
    expect(form.text).toContain(`name="version" value="${listing.version}"`);
    const saved = await page(h, "POST", `/app/listings/${listing.id}/edit`, {
      session: owner,
      form: validForm({ rentDkk: "3.500", version: String(listing.version) }),
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe(`/app/listings/${listing.id}?done=backToReview`);
    expect(await h.services.listings.get(h.admin, listing.id)).toMatchObject({ status: "pending", rentDkk: 3500 });
    const shown = await page(h, "GET", saved.headers.get("location") as string, { session: owner });
    expect(shown.text).toContain("skal erhvervsrådet godkende boligen igen");
  });

  it("answers a stale version with 409 and a clear conflict message, keeping the input", async () => {
    const listing = await createListing(h, w.tokens.zealand);
    const response = await page(h, "POST", `/app/listings/${listing.id}/edit`, {
      session: owner,
      form: validForm({ title: "Mit nye navn", version: "0" }),
    });
    expect(response.status).toBe(409);
    expect(response.text).toContain("Boligen er ændret i mellemtiden");
    expect(response.text).toContain('value="Mit nye navn"');
    expect((await h.services.listings.get(h.admin, listing.id)).version).toBe(listing.version);
  });
});

describe("who gets which page", () => {
  it("another organisation opening the listing's page gets the 404 page", async () => {
    const listing = await createListing(h, w.tokens.zealand);
    for (const path of [`/app/listings/${listing.id}`, `/app/listings/${listing.id}/edit`]) {
      const response = await page(h, "GET", path, { session: otherInstitution });
      expect(response.status).toBe(404);
      expect(response.text).toContain("Siden findes ikke");
      expect(response.text).not.toContain(listing.title as string);
    }
  });

  it("a student opening /app/listings gets the 403 page", async () => {
    const response = await page(h, "GET", "/app/listings", { session: student });
    expect(response.status).toBe(403);
    expect(response.text).toContain("Du har ikke adgang");
  });

  it("a cross-site POST is refused (403) and changes nothing", async () => {
    const listing = await createListing(h, w.tokens.zealand);
    const foreign = await page(h, "POST", `/app/listings/${listing.id}/submit`, {
      session: owner,
      headers: { origin: "https://evil.example" },
    });
    expect(foreign.status).toBe(403);
    const tokenless = await h.web.request(`http://localhost/app/listings/${listing.id}/withdraw`, {
      method: "POST",
      headers: {
        cookie: owner.cookie,
        origin: "http://localhost",
        "content-type": "application/x-www-form-urlencoded",
      },
      body: "reason=test",
    });
    expect(tokenless.status).toBe(403);
    expect(await h.services.listings.get(h.admin, listing.id)).toMatchObject({ status: "draft", version: 1 });
  });

  it("lists the organisation's listings by state, in tabs", async () => {
    const draft = await createListing(h, w.tokens.zealand, { title: "Kladde i fanen" });
    const all = await page(h, "GET", "/app/listings", { session: owner });
    expect(all.status).toBe(200);
    expect(all.text).toContain("Kladde i fanen");
    expect(all.text).toMatch(/href="\/app\/listings" class="tab-button" aria-current="page"/);
    const approved = await page(h, "GET", "/app/listings?status=approved", { session: owner });
    expect(approved.text).not.toContain("Kladde i fanen");
    expect(approved.text).toMatch(/href="\/app\/listings\?status=approved" class="tab-button" aria-current="page"/);
    const other = await page(h, "GET", "/app/listings?status=draft", { session: otherInstitution });
    expect(other.text).not.toContain(draft.id);
  });
});

describe("the listing's page", () => {
  it("shows the owner the council's rejection and its reason, and offers to edit and submit again", async () => {
    const listing = await createListing(h, w.tokens.zealand, { title: "Afvist værelse" });
    await h.call("POST", `/listings/${listing.id}/submit`, { token: w.tokens.zealand });
    const rejected = await h.call("POST", `/listings/${listing.id}/reject`, {
      token: w.tokens.kalundborg,
      body: { reason: "Oplys venligst om der er røgalarm" },
    });
    expect(rejected.status).toBe(200);
    const response = await page(h, "GET", `/app/listings/${listing.id}`, { session: owner });
    expect(response.status).toBe(200);
    expect(response.text).toContain("Status: afvist");
    expect(response.text).toContain("Oplys venligst om der er røgalarm");
    expect(response.text).toContain("af kalundborg-anna");
    expect(response.text).toContain("Ret boligen");
    expect(response.text).toContain("Send til godkendelse");
  });

  it("cancels a booking with a reason, and asks for one when it is missing", async () => {
    const listing = await approvedListing(h, { owner: w.tokens.zealand, reviewer: w.tokens.kalundborg });
    const { bookingId } = await bookedStay(
      h,
      { student: await studentToken(h, "cancel-a"), owner: w.tokens.zealand },
      listing.id,
    );
    const path = `/app/listings/${listing.id}/bookings/${bookingId}/cancel`;
    const missing = await page(h, "POST", path, { session: owner, form: { reason: "" } });
    expect(missing.status).toBe(400);
    expect(fieldError(missing.text, `field-cancel-${bookingId}`)).toBe("Udfyld feltet");
    expect(await h.services.stays.getBooking(h.admin, bookingId)).toMatchObject({ status: "confirmed" });
    const cancelled = await page(h, "POST", path, { session: owner, form: { reason: "Vandskade i værelset" } });
    expect(cancelled.status).toBe(303);
    expect(cancelled.headers.get("location")).toBe(`/app/listings/${listing.id}?done=cancelled`);
    expect(await h.services.stays.getBooking(h.admin, bookingId)).toMatchObject({
      status: "cancelled",
      cancelReason: "Vandskade i værelset",
    });
    const again = await page(h, "POST", path, { session: owner, form: { reason: "Igen" } });
    expect(again.status).toBe(409);
    expect(again.text).toContain("Aftalen kan ikke annulleres");
  });
});

describe("applications, offers and the occupancy calendar", () => {
  it("makes an offer from the page, and refuses one when no bed is free (409)", async () => {
    const listing = await approvedListing(
      h,
      { owner: w.tokens.zealand, reviewer: w.tokens.kalundborg },
      { capacity: 1 },
    );
    const first = await createRequest(h, await studentToken(h, "offer-a"));
    const second = await createRequest(h, await studentToken(h, "offer-b"));
    const a = await applied(h, await studentToken(h, "offer-a"), first.id, listing.id);
    const b = await applied(h, await studentToken(h, "offer-b"), second.id, listing.id);

    const bad = await page(h, "POST", `/app/listings/${listing.id}/applications/${a.id}/offer`, {
      session: owner,
      form: { expiresInHours: "0", version: String(a.version) },
    });
    expect(bad.status).toBe(400);
    expect(fieldError(bad.text, `field-offer-${a.id}`)).toBe("Skriv et helt antal timer mellem 1 og 168");

    const made = await page(h, "POST", `/app/listings/${listing.id}/applications/${a.id}/offer`, {
      session: owner,
      form: { expiresInHours: "48", version: String(a.version) },
    });
    expect(made.status).toBe(303);
    expect(made.headers.get("location")).toBe(`/app/listings/${listing.id}?done=offered`);
    expect(await h.services.stays.getApplication(h.admin, a.id)).toMatchObject({ status: "offered" });

    const refused = await page(h, "POST", `/app/listings/${listing.id}/applications/${b.id}/offer`, {
      session: owner,
      form: { expiresInHours: "72", version: String(b.version) },
    });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain("Der er ikke en ledig seng alle nætter i opholdet.");
    expect(await h.services.stays.getApplication(h.admin, b.id)).toMatchObject({ status: "pending" });
  });

  it("shows the right booked, held and free numbers for a known booking and hold", async () => {
    const listing = await approvedListing(
      h,
      { owner: w.tokens.zealand, reviewer: w.tokens.kalundborg },
      { capacity: 2 },
    );
    // Booked: the nights of March to May 2027; held by an offer: the nights of April.
    await bookedStay(h, { student: await studentToken(h, "calendar-a"), owner: w.tokens.zealand }, listing.id);
    await offeredStay(h, { student: await studentToken(h, "calendar-b"), owner: w.tokens.zealand }, listing.id, {
      moveIn: "2027-04-01",
      moveOut: "2027-05-01",
    });
    const response = await page(h, "GET", `/app/listings/${listing.id}`, { session: owner });
    expect(response.status).toBe(200);
    const row = (nights: string, booked: number, held: number, free: number) =>
      `<tr><td>${nights}</td><td>${booked}</td><td>${held}</td><td>${free}</td></tr>`;
    const month = (caption: string) => {
      const start = response.text.indexOf(`-caption">${caption}</caption>`);
      expect(start).toBeGreaterThan(-1);
      return response.text.slice(start, response.text.indexOf("</table>", start));
    };
    expect(month("Belægning i februar 2027")).toContain(row("01.02.2027 – 28.02.2027", 0, 0, 2));
    expect(month("Belægning i marts 2027")).toContain(row("01.03.2027 – 31.03.2027", 1, 0, 1));
    expect(month("Belægning i april 2027")).toContain(row("01.04.2027 – 30.04.2027", 1, 1, 0));
    expect(month("Belægning i maj 2027")).toContain(row("01.05.2027 – 31.05.2027", 1, 0, 1));
    expect(month("Belægning i juni 2027")).toContain(row("01.06.2027 – 30.06.2027", 0, 0, 2));
    // The drawing: an image with a name, and no inline style anywhere on the page.
    expect(response.text).toMatch(/<svg class="occupancy-chart" role="img" aria-labelledby="occupancy-title-/);
    expect(response.text).not.toMatch(/\sstyle=/);
    expect(response.text).not.toMatch(/\son[a-z]+=/);
  });
});
