/**
 * Guards on changing a listing: who may change it is decided before its
 * version is compared (404 before 412, so a stranger learns nothing), and a
 * listing with bookings or offers on hold stays in its municipality, whose
 * council sees those bookings.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../helpers/harness";
import { approvedListing, createListing } from "../helpers/listings";
import { bookedStay, offeredStay, studentToken } from "../helpers/stays";
import { createWorld, type World } from "../helpers/world";

const START = "2026-12-01T09:00:00Z";
let h: Harness;
let t: World["tokens"];

beforeAll(async () => {
  h = await createHarness();
  t = (await createWorld(h)).tokens;
});

afterEach(() => h.clock.set(START));

const actors = () => ({ owner: t.zealand, reviewer: t.kalundborg });
const staleTag = { "if-match": '"999"' };
const slagelseAddress = { street: "Nytorv 1", postalCode: "4200", city: "Slagelse" };
const moveToSlagelse = { municipalityCode: "330", address: slagelseAddress, location: { lat: 55.4, lon: 11.35 } };

describe("a caller who may not change a listing, sending If-Match", () => {
  it("gets 404 without the listing's ETag, from PATCH and from every owner action", async () => {
    const listing = await approvedListing(h, actors());
    const attempts = [
      h.call("PATCH", `/listings/${listing.id}`, { token: t.absalon, body: { rentDkk: 1 }, headers: staleTag }),
      h.call("POST", `/listings/${listing.id}/withdraw`, { token: t.absalon, headers: staleTag }),
      h.call("POST", `/listings/${listing.id}/submit`, { token: t.absalon, headers: staleTag }),
      h.call("PATCH", `/listings/${listing.id}`, { token: t.kalundborg, body: { rentDkk: 1 }, headers: staleTag }),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(404);
      expect(response.headers.get("etag")).toBeNull();
    }
  });

  it("gets 404 from approve when the council does not cover the listing's municipality", async () => {
    const listing = await createListing(h, t.zealand);
    await h.call("POST", `/listings/${listing.id}/submit`, { token: t.zealand });
    const response = await h.call("POST", `/listings/${listing.id}/approve`, { token: t.slagelse, headers: staleTag });
    expect(response.status).toBe(404);
    expect(response.headers.get("etag")).toBeNull();
  });

  it("while the owner with a stale tag still gets 412 and the current ETag", async () => {
    const listing = await approvedListing(h, actors());
    const response = await h.call("PATCH", `/listings/${listing.id}`, {
      token: t.zealand,
      body: { rentDkk: 3300 },
      headers: staleTag,
    });
    expect(response.status).toBe(412);
    expect(response.headers.get("etag")).toBe(`"${listing.version}"`);
  });
});

describe("moving a listing to another municipality", () => {
  it("is refused (409) while it has a confirmed booking, and nothing changes", async () => {
    const listing = await approvedListing(h, actors(), { capacity: 2 });
    const student = await studentToken(h, "student-move-booked");
    const { bookingId } = await bookedStay(h, { student, owner: t.zealand }, listing.id);

    const moved = await h.call("PATCH", `/listings/${listing.id}`, { token: t.zealand, body: moveToSlagelse });
    expect(moved.status).toBe(409);
    const after = await h.call("GET", `/listings/${listing.id}`, { token: t.zealand });
    expect(after.json).toMatchObject({ municipalityCode: "326", status: "approved", version: listing.version });
    // The council of the booking's municipality still sees it.
    expect((await h.call("GET", `/bookings/${bookingId}`, { token: t.kalundborg })).status).toBe(200);
  });

  it("is refused (409) while an offer holds a bed", async () => {
    const listing = await approvedListing(h, actors());
    const student = await studentToken(h, "student-move-held");
    await offeredStay(h, { student, owner: t.zealand }, listing.id);
    const moved = await h.call("PATCH", `/listings/${listing.id}`, { token: t.zealand, body: moveToSlagelse });
    expect(moved.status).toBe(409);
    expect(moved.json.detail).toMatch(/municipality/);
  });

  it("is allowed once the hold has lapsed, and goes to the new council for review", async () => {
    const listing = await approvedListing(h, actors());
    const student = await studentToken(h, "student-move-lapsed");
    await offeredStay(h, { student, owner: t.zealand }, listing.id, {}, { expiresInHours: 1 });
    h.clock.advance(2 * 3_600_000);
    const moved = await h.call("PATCH", `/listings/${listing.id}`, { token: t.zealand, body: moveToSlagelse });
    expect(moved.status).toBe(200);
    expect(moved.json).toMatchObject({ municipalityCode: "330", status: "pending" });
    const queue = await h.call("GET", "/reviews", { token: t.slagelse });
    expect(queue.json.items.map((item: { id: string }) => item.id)).toContain(listing.id);
  });

  it("is allowed for a listing nobody has booked", async () => {
    const listing = await createListing(h, t.zealand);
    const moved = await h.call("PATCH", `/listings/${listing.id}`, { token: t.zealand, body: moveToSlagelse });
    expect(moved.status).toBe(200);
    expect(moved.json.municipalityCode).toBe("330");
  });
});
