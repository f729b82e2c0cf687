/**
 * DELETE /me: a student with a stay under way, a future booking, a booking
 * cancelled with a reason, a live offer and a pending application erases
 * their data. Afterwards no item of the table holds anything of theirs, the
 * anonymous records still count for the statistics, the beds they held are
 * free, and their token and web session open nothing.
 */
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import type { IdentityDirectory } from "#domain/accounts/identity";
import { createHarness, type Harness } from "../helpers/harness";
import { approvedListing } from "../helpers/listings";
import { createRequest, requestBody } from "../helpers/requests";
import { expectCountersEqualRecount } from "../helpers/stats-recount";
import { applied, offered, studentToken } from "../helpers/stays";
import { page, sessionFor, type WebSession } from "../helpers/web";
import { createWorld, type World } from "../helpers/world";

const SUB = "student-karen-erase";
const NAME = "Karen Blixenborg";
const EMAIL = "karen.blixenborg@example.dk";
const personal = {
  companies: ["Ongoing Pharma ApS", "Future Windmills A/S", "Cancelled Dairy A/S", "Held Harbour ApS"],
  notes: ["note-ongoing-allergic-to-cats", "note-future-vegan", "note-cancelled-early-riser", "note-held-tall"],
  messages: ["message-ongoing-hello", "message-future-hello", "message-cancelled-hello", "message-held-hello"],
  pendingMessage: "message-pending-second-choice",
  cancelReason: "reason-my-grandmother-is-ill",
};
const secrets = () => [
  SUB,
  NAME,
  EMAIL,
  ...personal.companies,
  ...personal.notes,
  ...personal.messages,
  personal.pendingMessage,
  personal.cancelReason,
];

/** Every call of the identity directory, and whether the next deleteUser fails (a Cognito outage). */
const identityCalls: string[] = [];
let failNextDelete = false;
const identity: IdentityDirectory = {
  deleteUser: async (sub) => {
    identityCalls.push(`delete ${sub}`);
    if (failNextDelete) {
      failNextDelete = false;
      throw new Error("The identity provider is unavailable");
    }
  },
  disableUser: async (sub) => void identityCalls.push(`disable ${sub}`),
  enableUser: async (sub) => void identityCalls.push(`enable ${sub}`),
};

let h: Harness;
let t: World["tokens"];
let karen: string;
let session: WebSession;
const ids = {} as {
  ongoingBooking: string;
  futureBooking: string;
  futureListing: string;
  heldListing: string;
  ongoingRequest: string;
  heldApplication: string;
};

async function scanAll() {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const result = await h.db.client.send(new ScanCommand({ TableName: h.tableName, ExclusiveStartKey: startKey }));
    items.push(...(result.Items ?? []));
    startKey = result.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** A stay of Karen's: her request, an application with a message, the owner's offer; accepted unless `hold`. */
async function stay(n: number, listingId: string, dates: Record<string, unknown>, hold = false) {
  const request = await createRequest(h, karen, {
    ...dates,
    internship: { ...requestBody().internship, company: personal.companies[n], ...(dates.internship as object) },
    note: personal.notes[n],
  });
  const applying = await h.call("POST", `/housing-requests/${request.id}/applications`, {
    token: karen,
    body: { listingId, message: personal.messages[n] },
    // A remembered answer holds her data too.
    headers: { "idempotency-key": `apply-${n}` },
  });
  expect(applying.status, applying.text).toBe(201);
  await offered(h, t.zealand, applying.json.id);
  if (hold) return { requestId: request.id, applicationId: applying.json.id as string, bookingId: "" };
  const accepted = await h.call("POST", `/applications/${applying.json.id}/accept`, { token: karen });
  expect(accepted.status, accepted.text).toBe(200);
  return { requestId: request.id, applicationId: applying.json.id as string, bookingId: accepted.json.bookingId };
}

beforeAll(async () => {
  h = await createHarness({ identity });
  t = (await createWorld(h)).tokens;
  karen = await studentToken(h, SUB);
  const actors = { owner: t.zealand, reviewer: t.kalundborg };
  const window = { availableFrom: "2026-12-01", availableTo: "2027-07-01" };
  const [ongoingListing, futureListing, cancelledListing, heldListing, secondChoice] = [
    await approvedListing(h, actors, window),
    await approvedListing(h, actors, window),
    await approvedListing(h, actors, window),
    await approvedListing(h, actors, window),
    await approvedListing(h, actors, window),
  ];
  expect((await h.call("PATCH", "/me", { token: karen, body: { name: NAME, email: EMAIL } })).status).toBe(200);

  // Moved in today (2026-12-01): the stay is under way.
  const ongoing = await stay(0, ongoingListing.id, {
    moveIn: "2026-12-01",
    moveOut: "2027-02-01",
    internship: { startDate: "2026-12-01", endDate: "2027-01-31" },
  });
  const future = await stay(1, futureListing.id, {});
  const cancelled = await stay(2, cancelledListing.id, {});
  const cancelling = await h.call("POST", `/bookings/${cancelled.bookingId}/cancel`, {
    token: karen,
    body: { reason: personal.cancelReason },
  });
  expect(cancelling.status).toBe(200);
  const held = await stay(3, heldListing.id, {}, true);
  const second = await h.call("POST", `/housing-requests/${held.requestId}/applications`, {
    token: karen,
    body: { listingId: secondChoice.id, message: personal.pendingMessage },
  });
  expect(second.status).toBe(201);
  session = await sessionFor(h, { sub: SUB, role: "student" });
  expect((await page(h, "GET", "/app/housing", { session })).status).toBe(200);

  Object.assign(ids, {
    ongoingBooking: ongoing.bookingId,
    futureBooking: future.bookingId,
    futureListing: futureListing.id,
    heldListing: heldListing.id,
    ongoingRequest: ongoing.requestId,
    heldApplication: held.applicationId,
  });
  const before = JSON.stringify(await scanAll());
  for (const secret of secrets()) expect(before, `the data set holds ${secret}`).toContain(secret);
});

describe("DELETE /me", () => {
  it("is refused to staff and admins: their accounts are managed by admins", async () => {
    for (const token of [t.zealand, t.kalundborg, t.admin]) {
      const refused = await h.call("DELETE", "/me", { token });
      expect(refused.status).toBe(403);
      expect(refused.json.detail).toBe("Staff accounts are managed by admins");
    }
  });

  it("finishes on a repeat when the identity provider failed the first time", async () => {
    failNextDelete = true;
    const failed = await h.call("DELETE", "/me", { token: karen });
    expect(failed.status).toBe(500);
    // The account closed at the first step: the token is refused while the erasure is unfinished.
    expect((await h.call("GET", "/me", { token: karen })).status).toBe(401);
    const repeated = await h.call("DELETE", "/me", { token: karen });
    expect(repeated.status).toBe(204);
    expect(repeated.text).toBe("");
    expect(identityCalls).toEqual([`delete ${SUB}`, `delete ${SUB}`]);
  });

  it("leaves no item holding the student's id, name, e-mail, companies, notes, messages or reasons", async () => {
    const everything = await scanAll();
    for (const item of everything) {
      const text = JSON.stringify(item);
      for (const secret of secrets()) expect(text, `${item.pk} ${item.sk}`).not.toContain(secret);
    }
    // The account's tombstone: that it existed and is closed, no more.
    const tombstones = everything.filter((item) => item.entity === "account" && item.status === "erased");
    expect(tombstones.map((item) => Object.keys(item).sort())).toEqual([
      ["entity", "erasedAt", "pk", "role", "sk", "status", "version"],
    ]);
  });

  it("keeps the records as anonymous ones, under one anonymous id, counted by status", async () => {
    const everything = await scanAll();
    const anonymous = everything.filter((item) => String(item.studentId ?? "").startsWith("anon-"));
    expect(new Set(anonymous.map((item) => item.studentId)).size).toBe(1);
    const count = (entity: string) =>
      anonymous
        .filter((item) => item.entity === entity)
        .map((item) => String(item.status))
        .sort();
    expect(count("housingRequest")).toEqual(["cancelled", "cancelled", "cancelled", "housed"]);
    expect(count("application")).toEqual(["accepted", "accepted", "accepted", "withdrawn", "withdrawn"]);
    expect(count("booking")).toEqual(["cancelled", "cancelled", "confirmed"]);
    for (const request of anonymous.filter((item) => item.entity === "housingRequest")) {
      expect(request).toMatchObject({ note: "", internship: { company: "", municipalityCode: "326" } });
      expect(request.internship).not.toHaveProperty("location");
      // Out of every student index: the old id finds nothing.
      expect(request).not.toHaveProperty("gsi1pk");
    }
    for (const application of anonymous.filter((item) => item.entity === "application")) {
      expect(application.message).toBe("");
      expect(application).not.toHaveProperty("gsi3pk");
    }
    for (const booking of anonymous.filter((item) => item.entity === "booking")) {
      expect(booking).not.toHaveProperty("cancelReason");
      expect(booking).not.toHaveProperty("gsi2pk");
    }
  });

  it("keeps the statistics exact: every counter equals the recount of the anonymous records", async () => {
    await expectCountersEqualRecount(h, t.admin, [undefined]);
    // What the erasure closed counts as cancelled; the stay under way still counts as housed, with its nights.
    const stats = await h.call("GET", "/stats?municipality=326", { token: t.admin });
    expect(stats.json.items[0]).toMatchObject({ requests: { opened: 4, open: 0, housed: 1, cancelled: 3 } });
    expect(stats.json.items[0].bedNights.booked).toBeGreaterThan(0);
  });

  it("keeps the stay under way booked, anonymised, for its owner", async () => {
    const booking = await h.call("GET", `/bookings/${ids.ongoingBooking}`, { token: t.zealand });
    expect(booking.json).toMatchObject({ status: "confirmed", moveIn: "2026-12-01", moveOut: "2027-02-01" });
    expect(booking.json.studentId).toMatch(/^anon-/);
    const trail = await h.call("GET", `/bookings/${ids.ongoingBooking}/history`, { token: t.zealand });
    expect(trail.json.items.map((event: { actor: string }) => event.actor)).toEqual([booking.json.studentId]);
  });

  it("cancelled the future booking and released the live offer's hold: both beds can be offered again", async () => {
    const future = await h.call("GET", `/bookings/${ids.futureBooking}`, { token: t.zealand });
    expect(future.json.status).toBe("cancelled");
    const held = await h.call("GET", `/applications/${ids.heldApplication}`, { token: t.zealand });
    expect(held.json.status).toBe("withdrawn");
    const other = await studentToken(h, "student-after-karen");
    for (const listingId of [ids.futureListing, ids.heldListing]) {
      const request = await createRequest(h, other);
      const application = await applied(h, other, request.id, listingId);
      expect((await h.call("POST", `/applications/${application.id}/offer`, { token: t.zealand })).status).toBe(200);
    }
  });

  it("refuses the old token (401, the account is closed) on everything it could read", async () => {
    for (const path of [
      "/me",
      "/me/export",
      `/housing-requests/${ids.ongoingRequest}`,
      `/bookings/${ids.ongoingBooking}`,
    ]) {
      const refused = await h.call("GET", path, { token: karen });
      expect(refused.status, path).toBe(401);
      expect(refused.json.detail).toBe("The account is closed");
    }
  });

  it("signed the old web session out: its pages send the browser to sign in", async () => {
    const answer = await page(h, "GET", "/app/housing", { session });
    expect(answer.status).toBe(303);
    expect(answer.headers.get("location")).toMatch(/^\/app\/sign-in\?/);
  });

  it("answers 204 again when repeated, and changes nothing", async () => {
    const before = await scanAll();
    expect((await h.call("DELETE", "/me", { token: karen })).status).toBe(204);
    expect(await scanAll()).toEqual(before);
  });

  it("closes the account of a student who has nothing stored", async () => {
    const newcomer = await studentToken(h, "student-with-nothing");
    expect((await h.call("DELETE", "/me", { token: newcomer })).status).toBe(204);
    expect((await h.call("GET", "/me", { token: newcomer })).status).toBe(401);
  });
});
