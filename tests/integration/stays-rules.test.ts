/**
 * Applications, offers (holds) and bookings through HTTP: every refused
 * transition, holds that lapse by the clock alone, what accepting and
 * cancelling do to beds and requests, and who may do what.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../helpers/harness";
import { approvedListing, createListing } from "../helpers/listings";
import { createRequest } from "../helpers/requests";
import {
  type ApplicationJson,
  applied,
  applyTo,
  bookedStay,
  collect,
  idsOf,
  offer,
  offered,
  offeredStay,
  studentToken,
} from "../helpers/stays";
import { createWorld, type World } from "../helpers/world";

const START = "2026-12-01T09:00:00Z";
const HOUR = 3_600_000;
let h: Harness;
let t: World["tokens"];
/** Approved listings with room to spare (capacity 10), owned by Zealand in Kalundborg: for rules that are not about beds. */
let pool: { id: string }[];

beforeAll(async () => {
  h = await createHarness();
  t = (await createWorld(h)).tokens;
  pool = await Promise.all(
    [0, 1, 2, 3, 4, 5].map((i) => approvedListing(h, owner(), { capacity: 10, title: `Pool room ${i}` })),
  );
});

afterEach(() => h.clock.set(START));

const owner = () => ({ owner: t.zealand, reviewer: t.kalundborg });
const get = (path: string, token: string) => h.call("GET", path, { token });
const post = (path: string, token: string, body?: unknown, headers?: Record<string, string>) =>
  h.call("POST", path, { token, body, headers });
const statusOf = async (applicationId: string, token: string) =>
  (await get(`/applications/${applicationId}`, token)).json.status as string;
/** A capacity-1 listing of its own, for tests about beds. */
const singleRoom = (overrides: Record<string, unknown> = {}) =>
  approvedListing(h, owner(), { capacity: 1, title: "Single room", ...overrides });
const expectConflict = (response: { status: number; json: { type?: string } }) => {
  expect(response.status).toBe(409);
  expect(response.json.type).toContain("conflict");
};

describe("applying", () => {
  it("answers 409 to a listing that is not approved, and 404 to one that does not exist", async () => {
    const draft = await createListing(h, t.zealand);
    const pending = await createListing(h, t.zealand);
    await post(`/listings/${pending.id}/submit`, t.zealand);
    const request = await createRequest(h, t.student);
    expectConflict(await applyTo(h, t.student, request.id, pending.id));
    expectConflict(await applyTo(h, t.student, request.id, draft.id));
    expect((await applyTo(h, t.student, request.id, "nosuchlisting")).status).toBe(404);
    expect((await applyTo(h, t.student, "nosuchrequest", pool[0]?.id as string)).status).toBe(404);
    const invalid = await post(`/housing-requests/${request.id}/applications`, t.student, {
      listingId: pool[0]?.id,
      rent: 1,
    });
    expect(invalid.status).toBe(400);
    expect(await collect(h, `/applications?requestId=${request.id}`, t.student)).toEqual([]);
  });

  it("answers 409 to a listing whose window does not contain the stay, and accepts one that fits exactly", async () => {
    const listing = await approvedListing(h, owner(), { availableFrom: "2027-03-01", availableTo: "2027-06-01" });
    const exact = await createRequest(h, t.student, { moveIn: "2027-03-01", moveOut: "2027-06-01" });
    const early = await createRequest(h, t.student, { moveIn: "2027-02-28", moveOut: "2027-05-01" });
    const late = await createRequest(h, t.student, { moveIn: "2027-04-01", moveOut: "2027-06-02" });
    expect((await applyTo(h, t.student, exact.id, listing.id)).status).toBe(201);
    expectConflict(await applyTo(h, t.student, early.id, listing.id));
    expectConflict(await applyTo(h, t.student, late.id, listing.id));
  });

  it("answers 409 to a second active application to the same listing, pending or offered", async () => {
    const request = await createRequest(h, t.student);
    const first = await applied(h, t.student, request.id, pool[0]?.id as string);
    expectConflict(await applyTo(h, t.student, request.id, pool[0]?.id as string));
    await offered(h, t.zealand, first.id);
    expectConflict(await applyTo(h, t.student, request.id, pool[0]?.id as string));
  });

  it("allows five active applications per request and answers 409 to a sixth", async () => {
    const request = await createRequest(h, t.student);
    const five: ApplicationJson[] = [];
    for (const listing of pool.slice(0, 5)) five.push(await applied(h, t.student, request.id, listing.id));
    await offered(h, t.zealand, five[0]?.id as string);
    const sixth = await applyTo(h, t.student, request.id, pool[5]?.id as string);
    expectConflict(sixth);
    expect((await post(`/applications/${five[1]?.id}/withdraw`, t.student)).status).toBe(200);
    expect((await applyTo(h, t.student, request.id, pool[5]?.id as string)).status).toBe(201);
  });

  it("lets the student apply again to the same listing after a decline or a withdrawal", async () => {
    const request = await createRequest(h, t.student);
    const listingId = pool[1]?.id as string;
    const first = await applied(h, t.student, request.id, listingId);
    expect((await post(`/applications/${first.id}/decline`, t.zealand)).json.status).toBe("declined");
    const second = await applyTo(h, t.student, request.id, listingId);
    expect(second.status).toBe(201);
    expect(second.headers.get("location")).toBe(`/applications/${second.json.id}`);
    expect((await post(`/applications/${second.json.id}/withdraw`, t.student)).json.status).toBe("withdrawn");
    const third = await applyTo(h, t.student, request.id, listingId);
    expect(third.status).toBe(201);
    const all = await collect<ApplicationJson>(h, `/applications?requestId=${request.id}`, t.student);
    expect(all.map((application) => [application.id, application.status]).sort()).toEqual(
      [
        [first.id, "declined"],
        [second.json.id, "withdrawn"],
        [third.json.id, "pending"],
      ].sort(),
    );
    expect(idsOf(await collect(h, `/applications?requestId=${request.id}&status=pending`, t.student))).toEqual([
      third.json.id,
    ]);
  });
});

describe("offers and answers", () => {
  it("answers 409 to offering an application that is declined, withdrawn or accepted", async () => {
    const request = await createRequest(h, t.student);
    const declined = await applied(h, t.student, request.id, pool[2]?.id as string);
    await post(`/applications/${declined.id}/decline`, t.zealand);
    expectConflict(await offer(h, t.zealand, declined.id));
    const withdrawn = await applied(h, t.student, request.id, pool[2]?.id as string);
    await post(`/applications/${withdrawn.id}/withdraw`, t.student);
    expectConflict(await offer(h, t.zealand, withdrawn.id));
    const stay = await bookedStay(h, { student: t.student, owner: t.zealand }, pool[3]?.id as string);
    expectConflict(await offer(h, t.zealand, stay.applicationId));
    // An offered application is not offered twice either.
    const again = await offeredStay(h, { student: t.student, owner: t.zealand }, pool[2]?.id as string);
    expectConflict(await offer(h, t.zealand, again.applicationId));
  });

  it("answers 409 to accepting an application that was never offered", async () => {
    const request = await createRequest(h, t.student);
    const pending = await applied(h, t.student, request.id, pool[0]?.id as string);
    expectConflict(await post(`/applications/${pending.id}/accept`, t.student));
    expect(await statusOf(pending.id, t.student)).toBe("pending");
    await post(`/applications/${pending.id}/withdraw`, t.student);
    expectConflict(await post(`/applications/${pending.id}/accept`, t.student));
  });

  it("answers 409 to a second accept, unless it repeats the first with the same Idempotency-Key: one booking", async () => {
    const stay = await offeredStay(h, { student: t.student, owner: t.zealand }, pool[4]?.id as string);
    const key = { "idempotency-key": `accept-${stay.applicationId}` };
    const first = await post(`/applications/${stay.applicationId}/accept`, t.student, undefined, key);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ status: "accepted", bookingId: expect.any(String) });
    const replay = await post(`/applications/${stay.applicationId}/accept`, t.student, undefined, key);
    expect(replay.status).toBe(200);
    expect(replay.json).toEqual(first.json);
    expectConflict(await post(`/applications/${stay.applicationId}/accept`, t.student));
    expectConflict(
      await post(`/applications/${stay.applicationId}/accept`, t.student, undefined, { "idempotency-key": "another" }),
    );
    const bookings = await collect<{ id: string; requestId: string }>(
      h,
      `/bookings?listingId=${pool[4]?.id}&requestId=${stay.requestId}`,
      t.zealand,
    );
    expect(idsOf(bookings)).toEqual([first.json.bookingId]);
    const history = await get(`/applications/${stay.applicationId}/history`, t.student);
    expect(history.json.items.filter((e: { action: string }) => e.action === "accept")).toHaveLength(1);
  });

  it("answers 409 to declining or withdrawing an accepted application", async () => {
    const stay = await bookedStay(h, { student: t.student, owner: t.zealand }, pool[5]?.id as string);
    expectConflict(await post(`/applications/${stay.applicationId}/decline`, t.zealand));
    expectConflict(await post(`/applications/${stay.applicationId}/withdraw`, t.student));
    expect(await statusOf(stay.applicationId, t.student)).toBe("accepted");
    expect((await get(`/bookings/${stay.bookingId}`, t.student)).json.status).toBe("confirmed");
  });

  it("answers 409 to an offer when no bed is free on some night of the stay, and offers a stay that only touches it", async () => {
    const listing = await singleRoom();
    const actors = { student: t.student, owner: t.zealand };
    const first = await offeredStay(h, actors, listing.id, { moveIn: "2027-03-01", moveOut: "2027-06-01" });
    // One night (31 May) in common is enough to be refused.
    const overlapping = await createRequest(h, t.otherStudent, { moveIn: "2027-05-31", moveOut: "2027-06-30" });
    const refused = await applied(h, t.otherStudent, overlapping.id, listing.id);
    expectConflict(await offer(h, t.zealand, refused.id));
    expect(await statusOf(refused.id, t.otherStudent)).toBe("pending");
    // Matching counts the hold too.
    const matches = await get(`/housing-requests/${overlapping.id}/matches?limit=100`, t.otherStudent);
    expect(matches.json.items.map((m: { listing: { id: string } }) => m.listing.id)).not.toContain(listing.id);
    // Moving in on the day the first stay moves out shares no night.
    const after = await createRequest(h, t.otherStudent, { moveIn: "2027-06-01", moveOut: "2027-06-30" });
    const fits = await applied(h, t.otherStudent, after.id, listing.id);
    expect((await offer(h, t.zealand, fits.id)).status).toBe(200);
    expectConflict(await offer(h, t.zealand, refused.id));
    // Declining offers frees their beds.
    expect((await post(`/applications/${first.applicationId}/decline`, t.zealand)).json.status).toBe("declined");
    expect((await post(`/applications/${fits.id}/decline`, t.zealand)).json.status).toBe("declined");
    expect((await offer(h, t.zealand, refused.id)).status).toBe(200);
  });

  it("answers 409 to an offer while the listing is back in review, or withdrawn", async () => {
    const listing = await approvedListing(h, owner());
    const request = await createRequest(h, t.student);
    const application = await applied(h, t.student, request.id, listing.id);
    const edited = await h.call("PATCH", `/listings/${listing.id}`, { token: t.zealand, body: { rentDkk: 3300 } });
    expect(edited.json.status).toBe("pending");
    expectConflict(await offer(h, t.zealand, application.id));
    expect((await post(`/listings/${listing.id}/withdraw`, t.zealand)).status).toBe(200);
    expectConflict(await offer(h, t.zealand, application.id));
  });

  it("holds for 72 hours by default and takes 1–168 hours; anything else is 400", async () => {
    const request = await createRequest(h, t.student);
    const application = await applied(h, t.student, request.id, pool[0]?.id as string);
    for (const body of [
      { expiresInHours: 0 },
      { expiresInHours: 169 },
      { expiresInHours: 1.5 },
      { expiresInHours: "24" },
      { expiresInHours: 24, note: "x" },
    ]) {
      const response = await offer(h, t.zealand, application.id, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    expect(await statusOf(application.id, t.zealand)).toBe("pending");
    const held = await offer(h, t.zealand, application.id);
    expect(held.status).toBe(200);
    expect(Date.parse(held.json.offerExpiresAt) - Date.parse(START)).toBe(72 * HOUR);

    h.clock.advance(72 * HOUR - 60_000);
    expect(await statusOf(application.id, t.student)).toBe("offered");
    h.clock.advance(60_000);
    expect(await statusOf(application.id, t.student)).toBe("expired");
  });
});

describe("races and versions", () => {
  it("lets exactly one of two concurrent offers take the last bed", async () => {
    const listing = await singleRoom({ title: "Single room, raced for" });
    const applications: ApplicationJson[] = [];
    for (const sub of ["student-race-1", "student-race-2"]) {
      const token = await studentToken(h, sub);
      const request = await createRequest(h, token);
      applications.push(await applied(h, token, request.id, listing.id));
    }
    const answers = await Promise.all(applications.map((application) => offer(h, t.zealand, application.id)));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const statuses = await Promise.all(applications.map((application) => statusOf(application.id, t.zealand)));
    expect(statuses.sort()).toEqual(["offered", "pending"]);
  });

  it("answers 412 to an action whose If-Match names an old version", async () => {
    const request = await createRequest(h, t.student);
    const application = await applied(h, t.student, request.id, pool[3]?.id as string);
    const stale = { "if-match": `"${application.version}"` };
    const held = await post(`/applications/${application.id}/offer`, t.zealand, undefined, stale);
    expect(held.status).toBe(200);
    expect(held.headers.get("etag")).toBe(`"${application.version + 1}"`);
    expect((await post(`/applications/${application.id}/accept`, t.student, undefined, stale)).status).toBe(412);
    expect((await post(`/applications/${application.id}/withdraw`, t.student, undefined, stale)).status).toBe(412);
    expect(await statusOf(application.id, t.student)).toBe("offered");
    const current = { "if-match": `"${held.json.version}"` };
    const accepted = await post(`/applications/${application.id}/accept`, t.student, undefined, current);
    expect(accepted.status).toBe(200);
    const booking = `/bookings/${accepted.json.bookingId}`;
    expect((await post(`${booking}/cancel`, t.student, undefined, { "if-match": '"7"' })).status).toBe(412);
    expect((await get(booking, t.student)).json.status).toBe("confirmed");
  });
});

describe("holds lapse by the clock alone", () => {
  it("after expiresInHours 1 and 61 minutes: expired, no longer acceptable, its bed free again, the contact note hidden", async () => {
    const listing = await singleRoom({ title: "Room with a one-hour hold" });
    const first = await studentToken(h, "student-lapse-1");
    const second = await studentToken(h, "student-lapse-2");
    const stay = await offeredStay(h, { student: first, owner: t.zealand }, listing.id, {}, { expiresInHours: 1 });
    expect(Date.parse(stay.application.offerExpiresAt as string) - Date.parse(START)).toBe(HOUR);
    expect((await get(`/listings/${listing.id}`, first)).json.contactNote).toBeDefined();
    const otherRequest = await createRequest(h, second);
    const waiting = await applied(h, second, otherRequest.id, listing.id);
    expectConflict(await offer(h, t.zealand, waiting.id));

    h.clock.advance(61 * 60_000);
    expect(await statusOf(stay.applicationId, first)).toBe("expired");
    expect(await statusOf(stay.applicationId, t.zealand)).toBe("expired");
    expect(idsOf(await collect(h, `/applications?requestId=${stay.requestId}&status=expired`, first))).toEqual([
      stay.applicationId,
    ]);
    expectConflict(await post(`/applications/${stay.applicationId}/accept`, first));
    expectConflict(await post(`/applications/${stay.applicationId}/withdraw`, first));
    expect((await get(`/listings/${listing.id}`, first)).json).not.toHaveProperty("contactNote");

    const nowOffered = await offer(h, t.zealand, waiting.id);
    expect(nowOffered.status).toBe(200);
    expect((await get(`/listings/${listing.id}`, second)).json.contactNote).toBeDefined();
    // The lapsed offer no longer counts as active: the first student may apply again.
    expect((await applyTo(h, first, stay.requestId, listing.id)).status).toBe(201);
  });
});

describe("accepting an offer", () => {
  it("books the bed, houses the request and withdraws its other active applications, freeing their beds", async () => {
    const booked = pool[1]?.id as string;
    const single = await singleRoom({ title: "Single room held by another offer" });
    const request = await createRequest(h, t.student);
    const chosen = await applied(h, t.student, request.id, booked);
    const heldElsewhere = await applied(h, t.student, request.id, single.id);
    const pendingElsewhere = await applied(h, t.student, request.id, pool[2]?.id as string);
    await offered(h, t.zealand, chosen.id);
    await offered(h, t.zealand, heldElsewhere.id);

    const rival = await createRequest(h, t.otherStudent);
    const rivalApplication = await applied(h, t.otherStudent, rival.id, single.id);
    expectConflict(await offer(h, t.zealand, rivalApplication.id));

    const accepted = await post(`/applications/${chosen.id}/accept`, t.student);
    expect(accepted.status).toBe(200);
    expect(accepted.json).toMatchObject({ id: chosen.id, status: "accepted", bookingId: expect.any(String) });
    expect(accepted.headers.get("etag")).toBe(`"${accepted.json.version}"`);
    const housed = await get(`/housing-requests/${request.id}`, t.student);
    expect(housed.json).toMatchObject({ status: "housed", bookingId: accepted.json.bookingId });
    expect(await statusOf(heldElsewhere.id, t.student)).toBe("withdrawn");
    expect(await statusOf(pendingElsewhere.id, t.student)).toBe("withdrawn");
    expect((await offer(h, t.zealand, rivalApplication.id)).status).toBe(200);

    const booking = await get(`/bookings/${accepted.json.bookingId}`, t.student);
    expect(booking.json).toMatchObject({
      status: "confirmed",
      listingId: booked,
      requestId: request.id,
      applicationId: chosen.id,
      studentId: "student-freja",
      municipalityCode: "326",
      moveIn: "2027-03-01",
      moveOut: "2027-06-01",
      version: 1,
    });
    const history = await get(`/applications/${heldElsewhere.id}/history`, t.zealand);
    expect(history.json.items.map((e: { action: string; to: string }) => [e.action, e.to])).toEqual([
      ["apply", "pending"],
      ["offer", "offered"],
      ["withdraw", "withdrawn"],
    ]);
    // A housed request takes no more applications.
    expectConflict(await applyTo(h, t.student, request.id, pool[3]?.id as string));
  });
});

describe("cancelling a booking", () => {
  it("before move-in frees every night and reopens the request; a second cancel answers 409", async () => {
    const listing = await singleRoom({ title: "Single room, cancelled before move-in" });
    const stay = await bookedStay(h, { student: t.student, owner: t.zealand }, listing.id);
    const rival = await createRequest(h, t.otherStudent);
    const waiting = await applied(h, t.otherStudent, rival.id, listing.id);
    expectConflict(await offer(h, t.zealand, waiting.id));

    const cancelled = await post(`/bookings/${stay.bookingId}/cancel`, t.student, { reason: "Internship cancelled" });
    expect(cancelled.status).toBe(200);
    expect(cancelled.json).toMatchObject({
      id: stay.bookingId,
      status: "cancelled",
      moveIn: "2027-03-01",
      moveOut: "2027-06-01",
      version: 2,
    });
    expect((await get(`/housing-requests/${stay.requestId}`, t.student)).json).toMatchObject({
      status: "open",
      bookingId: null,
    });
    expect((await offer(h, t.zealand, waiting.id)).status).toBe(200);
    expectConflict(await post(`/bookings/${stay.bookingId}/cancel`, t.student));
    expectConflict(await post(`/bookings/${stay.bookingId}/cancel`, t.zealand, { reason: "Again" }));
  });

  it("on or after move-in ends the stay tomorrow (Copenhagen date), keeps the request housed and frees the later nights", async () => {
    const listing = await singleRoom({ title: "Single room, cancelled mid-stay" });
    const stay = await bookedStay(h, { student: t.student, owner: t.zealand }, listing.id, {
      moveIn: "2027-03-01",
      moveOut: "2027-06-01",
    });
    // 23:30 UTC on 9 March is 00:30 on 10 March in Copenhagen: today is the 10th, tomorrow the 11th.
    h.clock.set("2027-03-09T23:30:00Z");
    const cancelled = await post(`/bookings/${stay.bookingId}/cancel`, t.zealand, { reason: "Left early" });
    expect(cancelled.status).toBe(200);
    expect(cancelled.json).toMatchObject({ status: "cancelled", moveIn: "2027-03-01", moveOut: "2027-03-11" });
    expect((await get(`/bookings/${stay.bookingId}`, t.student)).json.moveOut).toBe("2027-03-11");
    expect((await get(`/housing-requests/${stay.requestId}`, t.student)).json).toMatchObject({
      status: "housed",
      bookingId: stay.bookingId,
    });

    const later = await studentToken(h, "student-after-cancel");
    const laterRequest = await createRequest(h, later, { moveIn: "2027-03-11", moveOut: "2027-04-01" });
    const laterApplication = await applied(h, later, laterRequest.id, listing.id);
    expect((await offer(h, t.zealand, laterApplication.id)).status).toBe(200);

    // The night of the 10th still belongs to the cancelled booking.
    const tonight = await studentToken(h, "student-tonight");
    const tonightRequest = await createRequest(h, tonight, { moveIn: "2027-03-10", moveOut: "2027-03-11" });
    const tonightApplication = await applied(h, tonight, tonightRequest.id, listing.id);
    expectConflict(await offer(h, t.zealand, tonightApplication.id));
  });

  it("answers 409 from the move-out day on, and may still cancel on the last night", async () => {
    const listing = await singleRoom({ availableFrom: "2026-12-01", availableTo: "2027-01-31" });
    const stay = await bookedStay(h, { student: t.student, owner: t.zealand }, listing.id, {
      moveIn: "2026-12-02",
      moveOut: "2026-12-10",
      internship: {
        company: "Kalundborg Forsyning",
        municipalityCode: "326",
        startDate: "2026-12-02",
        endDate: "2026-12-09",
      },
    });
    h.clock.set("2026-12-20T12:00:00Z");
    expectConflict(await post(`/bookings/${stay.bookingId}/cancel`, t.student));
    // 23:30 UTC on the 9th is already the 10th, the move-out day, in Copenhagen.
    h.clock.set("2026-12-09T23:30:00Z");
    expectConflict(await post(`/bookings/${stay.bookingId}/cancel`, t.student));
    expect((await get(`/bookings/${stay.bookingId}`, t.student)).json.status).toBe("confirmed");
    h.clock.set("2026-12-09T22:30:00Z");
    const lastNight = await post(`/bookings/${stay.bookingId}/cancel`, t.student);
    expect(lastNight.status).toBe(200);
    expect(lastNight.json).toMatchObject({ status: "cancelled", moveOut: "2026-12-10" });
  });
});

describe("when the listing changes", () => {
  it("withdrawing it declines pending applications and withdraws live offers, keeping bookings", async () => {
    const listing = await approvedListing(h, owner(), { capacity: 3, title: "Room that will be withdrawn" });
    const bookedStudent = await studentToken(h, "student-w-booked");
    const offeredStudent = await studentToken(h, "student-w-offered");
    const pendingStudent = await studentToken(h, "student-w-pending");
    const booking = await bookedStay(h, { student: bookedStudent, owner: t.zealand }, listing.id);
    const held = await offeredStay(h, { student: offeredStudent, owner: t.zealand }, listing.id);
    const pendingRequest = await createRequest(h, pendingStudent);
    const pending = await applied(h, pendingStudent, pendingRequest.id, listing.id);

    expect((await post(`/listings/${listing.id}/withdraw`, t.zealand, { reason: "Sold" })).status).toBe(200);
    expect(await statusOf(pending.id, pendingStudent)).toBe("declined");
    expect(await statusOf(held.applicationId, offeredStudent)).toBe("withdrawn");
    expect(await statusOf(booking.applicationId, bookedStudent)).toBe("accepted");
    expect((await get(`/bookings/${booking.bookingId}`, bookedStudent)).json.status).toBe("confirmed");
    // The withdrawn offer no longer shows the listing or its contact; the booking still does.
    expect((await get(`/listings/${listing.id}`, offeredStudent)).status).toBe(404);
    expect((await get(`/listings/${listing.id}`, bookedStudent)).json.contactNote).toBeDefined();
    expectConflict(await post(`/applications/${held.applicationId}/accept`, offeredStudent));
    expectConflict(await applyTo(h, pendingStudent, pendingRequest.id, listing.id));
  });

  it("answers 409 to lowering capacity below the beds booked or held on some night", async () => {
    const listing = await approvedListing(h, owner(), { capacity: 2, title: "Double room" });
    await bookedStay(h, { student: await studentToken(h, "student-cap-1"), owner: t.zealand }, listing.id);
    const twoToken = await studentToken(h, "student-cap-2");
    const two = await bookedStay(h, { student: twoToken, owner: t.zealand }, listing.id);
    const lower = () => h.call("PATCH", `/listings/${listing.id}`, { token: t.zealand, body: { capacity: 1 } });
    expectConflict(await lower());
    expect((await get(`/listings/${listing.id}`, t.zealand)).json).toMatchObject({ status: "approved", capacity: 2 });

    expect((await post(`/bookings/${two.bookingId}/cancel`, twoToken)).status).toBe(200);
    // A hold counts like a booking.
    const threeToken = await studentToken(h, "student-cap-3");
    const three = await offeredStay(h, { student: threeToken, owner: t.zealand }, listing.id);
    expectConflict(await lower());
    expect((await post(`/applications/${three.applicationId}/withdraw`, threeToken)).status).toBe(200);
    const lowered = await lower();
    expect(lowered.status).toBe(200);
    expect(lowered.json.capacity).toBe(1);
  });
});

describe("the contact note", () => {
  it("shows only to a student holding a live offer or a booking for the listing", async () => {
    const listingId = pool[2]?.id as string;
    const seeker = await studentToken(h, "student-contact");
    const bystander = await studentToken(h, "student-bystander");
    const contact = async (token: string) => (await get(`/listings/${listingId}`, token)).json.contactNote;
    expect(await contact(seeker)).toBeUndefined();
    const request = await createRequest(h, seeker);
    const first = await applied(h, seeker, request.id, listingId);
    expect(await contact(seeker)).toBeUndefined();
    await offered(h, t.zealand, first.id);
    expect(await contact(seeker)).toBe("Call Jens on 12 34 56 78 after 16:00");
    expect(await contact(bystander)).toBeUndefined();
    const search = await get("/listings?municipality=326&limit=100", bystander);
    expect(search.json.items.every((item: object) => !("contactNote" in item))).toBe(true);
    await post(`/applications/${first.id}/withdraw`, seeker);
    expect(await contact(seeker)).toBeUndefined();
    const second = await applied(h, seeker, request.id, listingId);
    await offered(h, t.zealand, second.id);
    await post(`/applications/${second.id}/accept`, seeker);
    expect(await contact(seeker)).toBe("Call Jens on 12 34 56 78 after 16:00");
    expect(await contact(bystander)).toBeUndefined();
  });

  it("hides the contact note again once the student's booking is cancelled before move-in", async () => {
    const listingId = pool[3]?.id as string;
    const former = await studentToken(h, "student-former-guest");
    const stay = await bookedStay(h, { student: former, owner: t.zealand }, listingId);
    expect((await get(`/listings/${listingId}`, former)).json.contactNote).toBeDefined();
    expect((await post(`/bookings/${stay.bookingId}/cancel`, former, { reason: "Changed plans" })).status).toBe(200);
    expect((await get(`/housing-requests/${stay.requestId}`, former)).json.status).toBe("open");
    expect((await get(`/listings/${listingId}`, former)).json).not.toHaveProperty("contactNote");
  });
});

describe("who may do what", () => {
  it("applying: the request's student only (another student 404, staff 403, no token 401)", async () => {
    const request = await createRequest(h, t.student);
    const listingId = pool[3]?.id as string;
    expect((await applyTo(h, t.otherStudent, request.id, listingId)).status).toBe(404);
    for (const token of [t.zealand, t.kalundborg, t.admin]) {
      expect((await applyTo(h, token, request.id, listingId)).status).toBe(403);
    }
    const anonymous = await h.call("POST", `/housing-requests/${request.id}/applications`, { body: { listingId } });
    expect(anonymous.status).toBe(401);
    expect(await collect(h, `/applications?requestId=${request.id}`, t.student)).toEqual([]);
  });

  it("reading applications: the student and the listing's owner organisation; 404 to everyone else", async () => {
    const listingId = pool[4]?.id as string;
    const request = await createRequest(h, t.student);
    const application = await applied(h, t.student, request.id, listingId);
    const byRequest = `/applications?requestId=${request.id}`;
    expect(idsOf(await collect(h, byRequest, t.student))).toEqual([application.id]);
    expect(idsOf(await collect(h, byRequest, t.admin))).toEqual([application.id]);
    expect((await get(byRequest, t.otherStudent)).status).toBe(404);
    expect((await get(byRequest, t.absalon)).status).toBe(404);

    const byListing = `/applications?listingId=${listingId}`;
    expect(idsOf(await collect(h, byListing, t.zealand))).toContain(application.id);
    expect(idsOf(await collect(h, byListing, t.zealandColleague))).toContain(application.id);
    expect((await get(byListing, t.absalon)).status).toBe(404);
    // The council of the municipality approves listings but does not answer for the owner.
    expect((await get(byListing, t.kalundborg)).status).toBe(404);
    // A student never sees other students' applications to a listing.
    const studentByListing = await get(byListing, t.otherStudent);
    if (studentByListing.status === 200) {
      expect(studentByListing.json.items.every((a: ApplicationJson) => a.studentId === "student-ahmad")).toBe(true);
    } else {
      expect(studentByListing.status).toBe(404);
    }
    expect((await get("/applications", t.zealand)).status).toBe(400);

    const one = `/applications/${application.id}`;
    for (const token of [t.student, t.zealand, t.zealandColleague, t.admin]) {
      expect((await get(one, token)).status).toBe(200);
      expect((await get(`${one}/history`, token)).status).toBe(200);
    }
    for (const token of [t.otherStudent, t.absalon, t.kalundborg]) {
      expect((await get(one, token)).status).toBe(404);
      expect((await get(`${one}/history`, token)).status).toBe(404);
    }
    expect((await h.call("GET", one)).status).toBe(401);
    expect((await get("/applications/nosuchapplication", t.student)).status).toBe(404);
  });

  it("offer and decline: the listing's owner organisation only (other organisations 404, students and admins 403)", async () => {
    const listingId = pool[5]?.id as string;
    const request = await createRequest(h, t.student);
    const application = await applied(h, t.student, request.id, listingId);
    for (const action of ["offer", "decline"]) {
      const path = `/applications/${application.id}/${action}`;
      expect((await post(path, t.absalon)).status, action).toBe(404);
      expect((await post(path, t.kalundborg)).status, action).toBe(404);
      expect((await post(path, t.student)).status, action).toBe(403);
      expect((await post(path, t.admin)).status, action).toBe(403);
    }
    expect(await statusOf(application.id, t.student)).toBe("pending");
    expect((await offer(h, t.zealandColleague, application.id)).status).toBe(200);
    expect((await post(`/applications/${application.id}/decline`, t.zealand)).json.status).toBe("declined");
  });

  it("accept and withdraw: the application's student only (another student 404, staff 403)", async () => {
    const stay = await offeredStay(h, { student: t.student, owner: t.zealand }, pool[0]?.id as string);
    for (const action of ["accept", "withdraw"]) {
      const path = `/applications/${stay.applicationId}/${action}`;
      expect((await post(path, t.otherStudent)).status, action).toBe(404);
      for (const token of [t.zealand, t.kalundborg, t.admin])
        expect((await post(path, token)).status, action).toBe(403);
    }
    expect(await statusOf(stay.applicationId, t.student)).toBe("offered");
    expect((await post(`/applications/${stay.applicationId}/withdraw`, t.student)).json.status).toBe("withdrawn");
  });

  it("bookings: read by the student, the owner, the council of its municipality and admins; cancelled by the student or the owner", async () => {
    const listingId = pool[0]?.id as string;
    const booker = await studentToken(h, "student-booker");
    const stay = await bookedStay(h, { student: booker, owner: t.zealand }, listingId);
    const one = `/bookings/${stay.bookingId}`;
    for (const token of [booker, t.zealand, t.zealandColleague, t.kalundborg, t.admin]) {
      expect((await get(one, token)).status).toBe(200);
      expect((await get(`${one}/history`, token)).status).toBe(200);
    }
    for (const token of [t.otherStudent, t.absalon, t.slagelse]) {
      expect((await get(one, token)).status).toBe(404);
      expect((await get(`${one}/history`, token)).status).toBe(404);
    }
    expect(idsOf(await collect(h, "/bookings", booker))).toEqual([stay.bookingId]);
    expect(idsOf(await collect(h, "/bookings", t.kalundborg))).toContain(stay.bookingId);
    expect(idsOf(await collect(h, "/bookings", t.slagelse))).not.toContain(stay.bookingId);
    expect(idsOf(await collect(h, `/bookings?listingId=${listingId}`, t.zealand))).toContain(stay.bookingId);
    expect(idsOf(await collect(h, `/bookings?listingId=${listingId}`, t.kalundborg))).toContain(stay.bookingId);
    expect((await get(`/bookings?listingId=${listingId}`, t.absalon)).status).toBe(404);
    expect((await get(`/bookings?listingId=${listingId}`, t.slagelse)).status).toBe(404);
    expect(await collect(h, "/bookings", t.otherStudent)).not.toContainEqual(
      expect.objectContaining({ id: stay.bookingId }),
    );

    // Cancelling: the council of the municipality reads only; others do not see the booking at all.
    const council = await post(`${one}/cancel`, t.kalundborg, { reason: "Not ours to cancel" });
    expect([403, 404]).toContain(council.status);
    for (const token of [t.otherStudent, t.absalon, t.slagelse]) {
      expect((await post(`${one}/cancel`, token)).status).toBe(404);
    }
    expect((await get(one, booker)).json.status).toBe("confirmed");
    const cancelled = await post(`${one}/cancel`, t.zealandColleague, { reason: "Water damage" });
    expect(cancelled.status).toBe(200);
    expect(cancelled.json).toMatchObject({ status: "cancelled", cancelReason: "Water damage" });
    const history = await get(`${one}/history`, t.kalundborg);
    expect(
      history.json.items.map((e: { action: string; from: string | null; to: string }) => [e.action, e.from, e.to]),
    ).toEqual([
      ["book", null, "confirmed"],
      ["cancel", "confirmed", "cancelled"],
    ]);
    expect(history.json.items[1]).toMatchObject({
      actor: "zealand-ole",
      actorRole: "institution",
      reason: "Water damage",
    });

    // A booking the student cancels themselves is theirs to cancel.
    const own = await bookedStay(h, { student: booker, owner: t.zealand }, pool[1]?.id as string);
    expect((await post(`/bookings/${own.bookingId}/cancel`, booker)).status).toBe(200);
  });
});

describe("the reasons people give", () => {
  it("records a student's reason for withdrawing an application in its audit trail", async () => {
    const student = await studentToken(h, "student-withdraw-reason");
    const request = await createRequest(h, student);
    const application = await applied(h, student, request.id, (pool[5] as { id: string }).id);
    const withdrawn = await post(`/applications/${application.id}/withdraw`, student, {
      reason: "Found a room myself",
    });
    expect(withdrawn.json.status).toBe("withdrawn");
    const history = await get(`/applications/${application.id}/history`, student);
    expect(history.json.items.at(-1)).toMatchObject({ action: "withdraw", reason: "Found a room myself" });
  });
});
