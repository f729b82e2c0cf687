/** Housing requests through HTTP: creating, validating, who sees them, lists, cancelling, expiry, audit trail. */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../helpers/harness";
import { approvedListing } from "../helpers/listings";
import { createRequest, requestBody } from "../helpers/requests";
import { applied, applyTo, bookedStay, collect, idsOf, offer, offered, studentToken } from "../helpers/stays";
import { createWorld, type World } from "../helpers/world";

const START = "2026-12-01T09:00:00Z";
let h: Harness;
let t: World["tokens"];

beforeAll(async () => {
  h = await createHarness();
  t = (await createWorld(h)).tokens;
});

afterEach(() => h.clock.set(START));

const get = (path: string, token: string) => h.call("GET", path, { token });
const post = (path: string, token: string, body?: unknown) => h.call("POST", path, { token, body });
const owner = () => ({ owner: t.zealand, reviewer: t.kalundborg });
const internship = (changes: Record<string, unknown>) => ({ internship: { ...requestBody().internship, ...changes } });

describe("creating a request", () => {
  it("answers 201 with Location, ETag and the defaults for what was left out", async () => {
    const { maxRent: _m, needs: _n, preferredKinds: _p, maxDistanceKm: _d, note: _note, ...minimal } = requestBody();
    const created = await post("/housing-requests", t.student, minimal);
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(`/housing-requests/${created.json.id}`);
    expect(created.headers.get("etag")).toBe('"1"');
    expect(created.json).toMatchObject({
      id: expect.any(String),
      studentId: "student-freja",
      status: "open",
      version: 1,
      bookingId: null,
      createdAt: expect.any(String),
      moveIn: "2027-03-01",
      moveOut: "2027-06-01",
      maxDistanceKm: 50,
      needs: { furnished: false, accessible: false, pets: false },
      preferredKinds: [],
    });
    expect(created.json).not.toHaveProperty("maxRent");
    const read = await get(`/housing-requests/${created.json.id}`, t.student);
    expect(read.status).toBe(200);
    expect(read.headers.get("etag")).toBe('"1"');
    expect(read.json).toEqual(created.json);
  });

  it("accepts a move-in of today (in Copenhagen) and a stay of exactly 365 nights", async () => {
    const created = await post(
      "/housing-requests",
      t.student,
      requestBody({ moveIn: "2026-12-01", moveOut: "2027-12-01" }),
    );
    expect(created.status).toBe(201);
    // 23:30 UTC on 1 December is already 2 December in Copenhagen: 1 December is now in the past.
    h.clock.set("2026-12-01T23:30:00Z");
    const late = await post(
      "/housing-requests",
      t.student,
      requestBody({ moveIn: "2026-12-01", moveOut: "2027-01-01" }),
    );
    expect(late.status).toBe(400);
    expect(late.json.errors.map((e: { path: string }) => e.path)).toContain("moveIn");
    const today = await post(
      "/housing-requests",
      t.student,
      requestBody({ moveIn: "2026-12-02", moveOut: "2027-01-01" }),
    );
    expect(today.status).toBe(201);
  });

  it.each([
    ["a move-in in the past", { moveIn: "2026-11-30" }, "moveIn"],
    ["a move-in on the move-out day", { moveIn: "2027-03-01", moveOut: "2027-03-01" }, "moveOut"],
    ["a move-out before the move-in", { moveIn: "2027-03-10", moveOut: "2027-03-01" }, "moveOut"],
    ["a stay of 366 nights", { moveIn: "2027-03-01", moveOut: "2028-03-01" }, "moveOut"],
    ["a date that is not in the calendar", { moveIn: "2027-02-30" }, "moveIn"],
    ["an unknown municipality", internship({ municipalityCode: "999" }), "internship.municipalityCode"],
    ["a location outside Denmark", internship({ location: { lat: 48.85, lon: 2.35 } }), "internship.location.lat"],
    ["an internship that ends before it starts", internship({ endDate: "2027-02-28" }), "internship.endDate"],
    ["an empty company name", internship({ company: "" }), "internship.company"],
    ["an unknown field in the internship", internship({ salary: 12000 }), "internship.salary"],
    ["maxDistanceKm 0", { maxDistanceKm: 0 }, "maxDistanceKm"],
    ["maxDistanceKm 201", { maxDistanceKm: 201 }, "maxDistanceKm"],
    ["maxDistanceKm as a string", { maxDistanceKm: "50" }, "maxDistanceKm"],
    ["a negative maxRent", { maxRent: -1 }, "maxRent"],
    ["a maxRent with øre", { maxRent: 3999.5 }, "maxRent"],
    ["an unknown kind in preferredKinds", { preferredKinds: ["room", "castle"] }, "preferredKinds.1"],
    ["a repeated kind in preferredKinds", { preferredKinds: ["room", "dorm_room", "room"] }, "preferredKinds"],
    ["a need that is not a boolean", { needs: { furnished: "yes" } }, "needs.furnished"],
    ["an unknown field", { wifi: true }, "wifi"],
    ["no internship", { internship: undefined }, "internship"],
  ])("refuses %s with 400 naming the field", async (_, overrides, path) => {
    const response = await post("/housing-requests", t.student, requestBody(overrides));
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(response.json).toMatchObject({ status: 400, type: expect.any(String), title: expect.any(String) });
    expect(response.json.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it("answers 400, never 5xx, to bodies that are not a request at all", async () => {
    for (const rawBody of ["{not json", "[]", "null", '"request"', "42", "{}"]) {
      const response = await h.call("POST", "/housing-requests", { token: t.student, rawBody });
      expect(response.status, rawBody).toBe(400);
    }
  });
});

describe("who sees a request", () => {
  it("shows it to its student, to the council of the internship's municipality and to admins; 404 to others", async () => {
    const request = await createRequest(h, t.student);
    const slagelseRequest = await createRequest(h, t.otherStudent, internship({ municipalityCode: "330" }));
    const path = `/housing-requests/${request.id}`;
    expect((await get(path, t.student)).status).toBe(200);
    expect((await get(path, t.kalundborg)).json).toMatchObject({ id: request.id, studentId: "student-freja" });
    expect((await get(path, t.kalundborgColleague)).status).toBe(200);
    expect((await get(path, t.admin)).status).toBe(200);
    expect((await get(path, t.slagelse)).status).toBe(404);
    expect((await get(path, t.lollandFalster)).status).toBe(404);
    expect((await get(path, t.otherStudent)).status).toBe(404);
    expect((await get(`/housing-requests/${slagelseRequest.id}`, t.kalundborg)).status).toBe(404);
    expect((await get(`/housing-requests/${slagelseRequest.id}`, t.slagelse)).status).toBe(200);

    const kalundborgSees = idsOf(await collect(h, "/housing-requests", t.kalundborg));
    expect(kalundborgSees).toContain(request.id);
    expect(kalundborgSees).not.toContain(slagelseRequest.id);
    expect(idsOf(await collect(h, "/housing-requests?municipality=326", t.kalundborg))).toContain(request.id);
    const slagelseSees = idsOf(await collect(h, "/housing-requests", t.slagelse));
    expect(slagelseSees).toContain(slagelseRequest.id);
    expect(slagelseSees).not.toContain(request.id);
    // Asking for another council's municipality shows nothing of it.
    expect(idsOf(await collect(h, "/housing-requests?municipality=326", t.slagelse))).not.toContain(request.id);
    expect(idsOf(await collect(h, "/housing-requests", t.otherStudent))).not.toContain(request.id);
  });

  it("answers 403 to an institution on every housing-request route, before looking at body or id", async () => {
    const request = await createRequest(h, t.student);
    const id = request.id;
    const calls: [string, string, unknown?][] = [
      ["POST", "/housing-requests", requestBody()],
      ["POST", "/housing-requests", { nonsense: true }],
      ["GET", "/housing-requests"],
      ["GET", `/housing-requests/${id}`],
      ["GET", "/housing-requests/nosuchrequest"],
      ["POST", `/housing-requests/${id}/cancel`],
      ["GET", `/housing-requests/${id}/matches`],
      ["POST", `/housing-requests/${id}/applications`, { listingId: "whatever" }],
      ["GET", `/housing-requests/${id}/history`],
    ];
    for (const [method, path, body] of calls) {
      const response = await h.call(method, path, { token: t.zealand, body });
      expect(response.status, `${method} ${path}`).toBe(403);
    }
    // Councils and admins read requests but never act for the student.
    for (const token of [t.kalundborg, t.admin]) {
      expect((await post("/housing-requests", token, requestBody())).status).toBe(403);
      expect((await post(`/housing-requests/${id}/cancel`, token)).status).toBe(403);
      expect((await post(`/housing-requests/${id}/applications`, token, { listingId: "whatever" })).status).toBe(403);
    }
    expect((await h.call("GET", `/housing-requests/${id}`)).status).toBe(401);
    expect((await get(`/housing-requests/${id}`, t.student)).json.status).toBe("open");
  });
});

describe("a student's list of requests", () => {
  it("pages with a cursor and returns each request exactly once", async () => {
    const pager = await studentToken(h, "student-pager");
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await createRequest(h, pager, { note: `request ${i}` })).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await get(
        `/housing-requests?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        pager,
      );
      expect(response.status).toBe(200);
      expect(response.json.items.length).toBeLessThanOrEqual(2);
      seen.push(...idsOf(response.json.items));
      cursor = response.json.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(seen).toHaveLength(5);
    expect([...seen].sort()).toEqual([...made].sort());
    expect((await get("/housing-requests?limit=0", pager)).status).toBe(400);
    expect((await get("/housing-requests?limit=101", pager)).status).toBe(400);
    expect((await get("/housing-requests?limit=2&cursor=garbage", pager)).status).toBe(400);
  });

  it("filters by status", async () => {
    const filterer = await studentToken(h, "student-filter");
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await createRequest(h, filterer)).id);
    expect((await post(`/housing-requests/${ids[1]}/cancel`, filterer)).status).toBe(200);
    expect(idsOf(await collect(h, "/housing-requests?status=cancelled", filterer))).toEqual([ids[1]]);
    expect(idsOf(await collect(h, "/housing-requests?status=open", filterer)).sort()).toEqual([ids[0], ids[2]].sort());
    expect(await collect(h, "/housing-requests?status=housed", filterer)).toEqual([]);
    expect((await get("/housing-requests?status=lost", filterer)).status).toBe(400);
  });
});

describe("cancelling a request", () => {
  it("cancels an open request, withdraws its applications and frees its offered bed", async () => {
    const single = await approvedListing(h, owner(), { capacity: 1, title: "Single room for cancelling" });
    const other = await approvedListing(h, owner());
    const mine = await createRequest(h, t.student);
    const held = await applied(h, t.student, mine.id, single.id);
    await offered(h, t.zealand, held.id);
    const pending = await applied(h, t.student, mine.id, other.id);

    const theirs = await createRequest(h, t.otherStudent);
    const waiting = await applied(h, t.otherStudent, theirs.id, single.id);
    expect((await offer(h, t.zealand, waiting.id)).status).toBe(409);

    const cancelled = await post(`/housing-requests/${mine.id}/cancel`, t.student, { reason: "Found a room myself" });
    expect(cancelled.status).toBe(200);
    expect(cancelled.json).toMatchObject({ id: mine.id, status: "cancelled" });
    expect(cancelled.json.version).toBeGreaterThan(mine.version);
    expect(cancelled.headers.get("etag")).toBe(`"${cancelled.json.version}"`);
    expect((await get(`/housing-requests/${mine.id}`, t.student)).json.status).toBe("cancelled");
    expect((await get(`/applications/${held.id}`, t.student)).json.status).toBe("withdrawn");
    expect((await get(`/applications/${pending.id}`, t.student)).json.status).toBe("withdrawn");

    const nowOffered = await offer(h, t.zealand, waiting.id);
    expect(nowOffered.status).toBe(200);
    expect(nowOffered.json.status).toBe("offered");
    // A cancelled request takes no applications.
    expect((await applyTo(h, t.student, mine.id, other.id)).status).toBe(409);
  });

  it("answers 412 to a cancel whose If-Match names an old version", async () => {
    const request = await createRequest(h, t.student);
    const stale = await h.call("POST", `/housing-requests/${request.id}/cancel`, {
      token: t.student,
      headers: { "if-match": '"2"' },
    });
    expect(stale.status).toBe(412);
    expect((await get(`/housing-requests/${request.id}`, t.student)).json.status).toBe("open");
    const current = await h.call("POST", `/housing-requests/${request.id}/cancel`, {
      token: t.student,
      headers: { "if-match": '"1"' },
    });
    expect(current.status).toBe(200);
  });

  it("answers 409 to cancelling twice, and 404 to another student", async () => {
    const request = await createRequest(h, t.student);
    expect((await post(`/housing-requests/${request.id}/cancel`, t.otherStudent)).status).toBe(404);
    expect((await post(`/housing-requests/${request.id}/cancel`, t.student)).status).toBe(200);
    const again = await post(`/housing-requests/${request.id}/cancel`, t.student);
    expect(again.status).toBe(409);
    expect(again.json.type).toContain("conflict");
  });

  it("answers 409 to cancelling a housed request", async () => {
    const listing = await approvedListing(h, owner());
    const stay = await bookedStay(h, { student: t.student, owner: t.zealand }, listing.id);
    expect((await get(`/housing-requests/${stay.requestId}`, t.student)).json.status).toBe("housed");
    expect((await post(`/housing-requests/${stay.requestId}/cancel`, t.student)).status).toBe(409);
    expect((await get(`/housing-requests/${stay.requestId}`, t.student)).json.status).toBe("housed");
  });
});

describe("expiry", () => {
  it("shows an open request as expired once its move-in day has passed in Copenhagen, and refuses to apply from it", async () => {
    const listing = await approvedListing(h, owner(), { availableFrom: "2026-12-01", availableTo: "2027-03-01" });
    const stay = { moveIn: "2026-12-05", moveOut: "2027-01-05", ...internship({ startDate: "2026-12-05" }) };
    const request = await createRequest(h, t.student, stay);
    const early = await applied(h, t.student, request.id, listing.id);
    const second = await createRequest(h, t.student, stay);

    // 22:30 UTC on the 5th is 23:30 in Copenhagen: still the move-in day.
    h.clock.set("2026-12-05T22:30:00Z");
    expect((await get(`/housing-requests/${request.id}`, t.student)).json.status).toBe("open");
    h.clock.set("2026-12-05T23:30:00Z");
    const read = await get(`/housing-requests/${request.id}`, t.student);
    expect(read.json.status).toBe("expired");
    expect((await get(`/housing-requests/${request.id}`, t.kalundborg)).json.status).toBe("expired");
    expect(idsOf(await collect(h, "/housing-requests?status=expired", t.student))).toContain(request.id);
    expect(idsOf(await collect(h, "/housing-requests?status=open", t.student))).not.toContain(request.id);

    const late = await applyTo(h, t.student, second.id, listing.id);
    expect(late.status).toBe(409);
    expect(late.json.type).toContain("conflict");
    // Nor can the owner offer on an application of an expired request.
    expect((await offer(h, t.zealand, early.id)).status).toBe(409);
    expect((await post(`/housing-requests/${request.id}/cancel`, t.student)).status).toBe(409);
  });
});

describe("the audit trail", () => {
  it("records every change of a request, with who and when, for its student, its council and admins", async () => {
    const listing = await approvedListing(h, owner());
    const stay = await bookedStay(h, { student: t.student, owner: t.zealand }, listing.id);
    const cancelled = await post(`/bookings/${stay.bookingId}/cancel`, t.student, { reason: "Plans changed" });
    expect(cancelled.status).toBe(200);
    expect((await get(`/housing-requests/${stay.requestId}`, t.student)).json.status).toBe("open");
    await post(`/housing-requests/${stay.requestId}/cancel`, t.student, { reason: "Staying home" });

    const path = `/housing-requests/${stay.requestId}/history`;
    for (const token of [t.student, t.kalundborg, t.admin]) {
      const history = await get(path, token);
      expect(history.status).toBe(200);
      expect(
        history.json.items.map((e: { action: string; from: string | null; to: string }) => [e.action, e.from, e.to]),
      ).toEqual([
        ["create", null, "open"],
        ["housed", "open", "housed"],
        ["reopen", "housed", "open"],
        ["cancel", "open", "cancelled"],
      ]);
    }
    const items = (await get(path, t.admin)).json.items;
    expect(items[0]).toMatchObject({ actor: "student-freja", actorRole: "student", at: expect.any(String) });
    expect(items[3].reason).toBe("Staying home");
    const page = await get(`${path}?limit=2`, t.student);
    expect(page.json.items).toHaveLength(2);
    const rest = await get(`${path}?limit=2&cursor=${encodeURIComponent(page.json.nextCursor)}`, t.student);
    expect(rest.json.items.map((e: { action: string }) => e.action)).toEqual(["reopen", "cancel"]);

    expect((await get(path, t.otherStudent)).status).toBe(404);
    expect((await get(path, t.slagelse)).status).toBe(404);
    expect((await get(path, t.zealand)).status).toBe(403);
  });
});
