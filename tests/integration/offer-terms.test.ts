/**
 * An offer is accepted only on the terms it was made on: the listing must
 * still be approved, with the rent, dates, address, place, capacity and kind
 * it had when the owner offered. Otherwise the student gets 409 and no
 * booking is made.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../helpers/harness";
import { approvedListing } from "../helpers/listings";
import { offeredStay, studentToken } from "../helpers/stays";
import { createWorld, type World } from "../helpers/world";

let h: Harness;
let t: World["tokens"];

beforeAll(async () => {
  h = await createHarness();
  t = (await createWorld(h)).tokens;
});

const actors = () => ({ owner: t.zealand, reviewer: t.kalundborg });
const post = (path: string, token: string, body?: unknown) => h.call("POST", path, { token, body });
const patch = (path: string, token: string, body: unknown) => h.call("PATCH", path, { token, body });

/** An approved listing with a live offer to a student of its own. */
async function liveOffer(sub: string) {
  const listing = await approvedListing(h, actors(), { capacity: 2 });
  const student = await studentToken(h, sub);
  const stay = await offeredStay(h, { student, owner: t.zealand }, listing.id);
  return { listing, student, ...stay };
}

async function expectNoBooking(student: string, applicationId: string, requestId: string) {
  const application = await h.call("GET", `/applications/${applicationId}`, { token: student });
  expect(application.json).toMatchObject({ status: "offered", bookingId: null });
  const request = await h.call("GET", `/housing-requests/${requestId}`, { token: student });
  expect(request.json.status).toBe("open");
  const bookings = await h.call("GET", "/bookings", { token: student });
  expect(bookings.json.items).toEqual([]);
}

describe("accepting an offer whose listing changed", () => {
  it("answers 409 after the owner edited the rent (the listing went back to review)", async () => {
    const { listing, student, applicationId, requestId } = await liveOffer("student-rent-edit");
    const edited = await patch(`/listings/${listing.id}`, t.zealand, { rentDkk: 3900 });
    expect(edited.json.status).toBe("pending");

    const accepted = await post(`/applications/${applicationId}/accept`, student);
    expect(accepted.status).toBe(409);
    await expectNoBooking(student, applicationId, requestId);
  });

  it("answers 409 after the council rejected the edited listing", async () => {
    const { listing, student, applicationId, requestId } = await liveOffer("student-rejected");
    expect((await patch(`/listings/${listing.id}`, t.zealand, { capacity: 3 })).json.status).toBe("pending");
    const rejected = await post(`/listings/${listing.id}/reject`, t.kalundborg, { reason: "Fire safety" });
    expect(rejected.json.status).toBe("rejected");

    expect((await post(`/applications/${applicationId}/accept`, student)).status).toBe(409);
    await expectNoBooking(student, applicationId, requestId);
  });

  it("answers 409 when the listing was approved again on other terms", async () => {
    const { listing, student, applicationId, requestId } = await liveOffer("student-reapproved");
    expect((await patch(`/listings/${listing.id}`, t.zealand, { rentDkk: 4100 })).json.status).toBe("pending");
    const approved = await post(`/listings/${listing.id}/approve`, t.kalundborg);
    expect(approved.json).toMatchObject({ status: "approved", rentDkk: 4100 });

    const accepted = await post(`/applications/${applicationId}/accept`, student);
    expect(accepted.status).toBe(409);
    expect(accepted.json.detail).toMatch(/terms/);
    await expectNoBooking(student, applicationId, requestId);
  });

  it("still books after an edit that leaves the terms alone (the description)", async () => {
    const { listing, student, applicationId } = await liveOffer("student-description");
    const edited = await patch(`/listings/${listing.id}`, t.zealand, { description: "Newly painted, bike included." });
    expect(edited.json.status).toBe("approved");

    const accepted = await post(`/applications/${applicationId}/accept`, student);
    expect(accepted.status).toBe(200);
    expect(accepted.json.status).toBe("accepted");
    expect(accepted.json.bookingId).toEqual(expect.any(String));
  });

  it("still books when the listing was edited and approved again on the same terms", async () => {
    const { listing, student, applicationId } = await liveOffer("student-same-terms");
    expect((await patch(`/listings/${listing.id}`, t.zealand, { rentDkk: 3500 })).json.status).toBe("pending");
    expect((await patch(`/listings/${listing.id}`, t.zealand, { rentDkk: 3200 })).status).toBe(200);
    const approved = await post(`/listings/${listing.id}/approve`, t.kalundborg);
    expect(approved.json).toMatchObject({ status: "approved", rentDkk: 3200 });

    expect((await post(`/applications/${applicationId}/accept`, student)).status).toBe(200);
  });

  it("does not show the recorded terms to clients", async () => {
    const { student, applicationId } = await liveOffer("student-view");
    const application = await h.call("GET", `/applications/${applicationId}`, { token: student });
    expect(Object.keys(application.json)).not.toContain("offeredTerms");
  });
});
