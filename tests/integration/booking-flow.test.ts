/** The whole flow through HTTP: request, matches, apply, offer, accept, booking, cancel. */
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../helpers/harness";
import { approvedListing } from "../helpers/listings";
import { createRequest } from "../helpers/requests";
import { createWorld, type World } from "../helpers/world";

let h: Harness;
let t: World["tokens"];

beforeAll(async () => {
  h = await createHarness();
  t = (await createWorld(h)).tokens;
});

describe("a student finds, applies for, is offered and books a room", () => {
  it("works end to end", async () => {
    const listing = await approvedListing(h, { owner: t.zealand, reviewer: t.kalundborg });
    const request = await createRequest(h, t.student);
    expect(request).toMatchObject({ status: "open", version: 1, bookingId: null, maxDistanceKm: 40 });

    const matches = await h.call("GET", `/housing-requests/${request.id}/matches`, { token: t.student });
    expect(matches.status).toBe(200);
    expect(matches.json.items[0]).toMatchObject({ listing: { id: listing.id }, score: expect.any(Number) });
    expect(matches.json.items[0].reasons.length).toBeGreaterThan(0);
    expect(matches.json.items[0].listing).not.toHaveProperty("contactNote");

    const applied = await h.call("POST", `/housing-requests/${request.id}/applications`, {
      token: t.student,
      body: { listingId: listing.id, message: "I start at the plant in March" },
    });
    expect(applied.status).toBe(201);
    expect(applied.json).toMatchObject({
      status: "pending",
      listingId: listing.id,
      offerExpiresAt: null,
      bookingId: null,
    });
    const applicationId = applied.json.id;

    const offered = await h.call("POST", `/applications/${applicationId}/offer`, {
      token: t.zealand,
      body: { expiresInHours: 48 },
    });
    expect(offered.status).toBe(200);
    expect(offered.json.status).toBe("offered");
    expect(Date.parse(offered.json.offerExpiresAt) - h.clock.now().getTime()).toBe(48 * 3_600_000);
    const seen = await h.call("GET", `/listings/${listing.id}`, { token: t.student });
    expect(seen.json.contactNote).toBeDefined();

    const accepted = await h.call("POST", `/applications/${applicationId}/accept`, { token: t.student });
    expect(accepted.status).toBe(200);
    expect(accepted.json).toMatchObject({ status: "accepted", bookingId: expect.any(String) });
    const booking = await h.call("GET", `/bookings/${accepted.json.bookingId}`, { token: t.student });
    expect(booking.json).toMatchObject({
      status: "confirmed",
      listingId: listing.id,
      moveIn: "2027-03-01",
      moveOut: "2027-06-01",
    });
    expect((await h.call("GET", `/housing-requests/${request.id}`, { token: t.student })).json).toMatchObject({
      status: "housed",
      bookingId: accepted.json.bookingId,
    });

    const cancelled = await h.call("POST", `/bookings/${accepted.json.bookingId}/cancel`, {
      token: t.student,
      body: { reason: "The internship moved to Aarhus" },
    });
    expect(cancelled.json.status).toBe("cancelled");
    expect((await h.call("GET", `/housing-requests/${request.id}`, { token: t.student })).json.status).toBe("open");
  });
});

describe("a listing with a booking", () => {
  it("cannot narrow its window so that the booking falls outside it", async () => {
    const listing = await approvedListing(h, { owner: t.zealand, reviewer: t.kalundborg });
    const token = await h.tokenFor({ sub: "narrow-window-student", role: "student" });
    const request = await createRequest(h, token);
    const applied = await h.call("POST", `/housing-requests/${request.id}/applications`, {
      token,
      body: { listingId: listing.id },
    });
    await h.call("POST", `/applications/${applied.json.id}/offer`, { token: t.zealand });
    await h.call("POST", `/applications/${applied.json.id}/accept`, { token });
    const patch = (body: object) => h.call("PATCH", `/listings/${listing.id}`, { token: t.zealand, body });
    expect((await patch({ availableTo: "2027-05-15" })).status).toBe(409);
    expect((await patch({ availableFrom: "2027-03-02" })).status).toBe(409);
    expect((await patch({ availableTo: "2027-06-01", availableFrom: "2027-03-01" })).status).toBe(200);
  });
});
