/**
 * Bodies of actions (submit, approve, reject, withdraw, offer, decline,
 * accept, cancel): none, `{}` or only the documented fields; anything else is
 * refused before the action runs, and a refused request changes nothing.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../helpers/harness";
import { approvedListing, createListing } from "../helpers/listings";
import { createRequest } from "../helpers/requests";
import { applied, bookedStay, offeredStay } from "../helpers/stays";
import { createWorld, type World } from "../helpers/world";

let h: Harness;
let t: World["tokens"];

beforeAll(async () => {
  h = await createHarness();
  t = (await createWorld(h)).tokens;
});

interface Target {
  /** The action's path. */
  action: string;
  /** Where the object is read back. */
  read: string;
  /** Who runs the action. */
  token: string;
  /** Who reads the object back. */
  reader: string;
  /** A body with only documented fields that the action accepts. */
  documented?: unknown;
}

const approver = () => ({ owner: t.zealand, reviewer: t.kalundborg });

async function draft(): Promise<Target> {
  const listing = await createListing(h, t.zealand);
  return {
    action: `/listings/${listing.id}/submit`,
    read: `/listings/${listing.id}`,
    token: t.zealand,
    reader: t.zealand,
  };
}

async function pending(name: "approve" | "reject"): Promise<Target> {
  const listing = await createListing(h, t.zealand);
  await h.call("POST", `/listings/${listing.id}/submit`, { token: t.zealand });
  return {
    action: `/listings/${listing.id}/${name}`,
    read: `/listings/${listing.id}`,
    token: t.kalundborg,
    reader: t.zealand,
    documented: name === "reject" ? { reason: "The address is missing a house number" } : undefined,
  };
}

async function withdrawableListing(): Promise<Target> {
  const listing = await createListing(h, t.zealand);
  return {
    action: `/listings/${listing.id}/withdraw`,
    read: `/listings/${listing.id}`,
    token: t.zealand,
    reader: t.zealand,
    documented: { reason: "Let privately" },
  };
}

async function pendingApplication(name: "offer" | "decline" | "withdraw"): Promise<Target> {
  const listing = await approvedListing(h, approver());
  const request = await createRequest(h, t.student);
  const application = await applied(h, t.student, request.id, listing.id);
  const byStudent = name === "withdraw";
  return {
    action: `/applications/${application.id}/${name}`,
    read: `/applications/${application.id}`,
    token: byStudent ? t.student : t.zealand,
    reader: t.student,
    documented:
      name === "offer" ? { expiresInHours: 24 } : name === "withdraw" ? { reason: "Found a room" } : undefined,
  };
}

async function offeredApplication(): Promise<Target> {
  const listing = await approvedListing(h, approver());
  const stay = await offeredStay(h, { student: t.student, owner: t.zealand }, listing.id);
  return {
    action: `/applications/${stay.applicationId}/accept`,
    read: `/applications/${stay.applicationId}`,
    token: t.student,
    reader: t.student,
  };
}

async function openRequest(): Promise<Target> {
  const request = await createRequest(h, t.student);
  return {
    action: `/housing-requests/${request.id}/cancel`,
    read: `/housing-requests/${request.id}`,
    token: t.student,
    reader: t.student,
    documented: { reason: "The internship was called off" },
  };
}

async function confirmedBooking(): Promise<Target> {
  const listing = await approvedListing(h, approver());
  const stay = await bookedStay(h, { student: t.student, owner: t.zealand }, listing.id);
  return {
    action: `/bookings/${stay.bookingId}/cancel`,
    read: `/bookings/${stay.bookingId}`,
    token: t.student,
    reader: t.student,
    documented: { reason: "Moving in with family" },
  };
}

const actions: [string, () => Promise<Target>][] = [
  ["POST /listings/{id}/submit", draft],
  ["POST /listings/{id}/approve", () => pending("approve")],
  ["POST /listings/{id}/reject", () => pending("reject")],
  ["POST /listings/{id}/withdraw", withdrawableListing],
  ["POST /applications/{id}/offer", () => pendingApplication("offer")],
  ["POST /applications/{id}/decline", () => pendingApplication("decline")],
  ["POST /applications/{id}/withdraw", () => pendingApplication("withdraw")],
  ["POST /applications/{id}/accept", offeredApplication],
  ["POST /housing-requests/{id}/cancel", openRequest],
  ["POST /bookings/{id}/cancel", confirmedBooking],
];

async function stateOf(target: Target) {
  const response = await h.call("GET", target.read, { token: target.reader });
  expect(response.status).toBe(200);
  return { version: response.json.version, status: response.json.status };
}

describe.each(actions)("%s", (_, prepare) => {
  it("refuses a body with undocumented fields, invalid JSON, another media type or too many bytes, and changes nothing", async () => {
    const target = await prepare();
    const before = await stateOf(target);
    const send = (init: { body?: unknown; rawBody?: string; headers?: Record<string, string> }) =>
      h.call("POST", target.action, { token: target.token, ...init });

    const unknown = await send({ body: { status: "approved" } });
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors).toContainEqual({ path: "status", message: "Unknown field" });

    const invalid = await send({ rawBody: '{"status":' });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get("content-type")).toBe("application/problem+json");

    const array = await send({ body: ["approved"] });
    expect(array.status).toBe(400);

    const text = await send({ rawBody: "approve it, please", headers: { "content-type": "text/plain" } });
    expect(text.status).toBe(415);

    const untyped = await h.app.request(target.action, {
      method: "POST",
      headers: { authorization: `Bearer ${target.token}` },
      body: "garbage",
    });
    expect(untyped.status).toBe(415);

    const huge = await send({ body: { reason: "x".repeat(300 * 1024) } });
    expect(huge.status).toBe(413);

    expect(await stateOf(target)).toEqual(before);
  });

  it("runs with the documented body, or with none", async () => {
    const target = await prepare();
    const before = await stateOf(target);
    const response = await h.call("POST", target.action, { token: target.token, body: target.documented });
    expect(response.status).toBe(200);
    expect(response.json.version).toBeGreaterThan(before.version);
  });
});

describe("an empty body", () => {
  it("is no body at all, `{}`, or zero bytes with a JSON or any other content type", async () => {
    const empties: { body?: unknown; rawBody?: string; headers?: Record<string, string> }[] = [
      {},
      { body: {} },
      { rawBody: "" },
      { rawBody: "", headers: { "content-type": "text/plain" } },
      { rawBody: "", headers: { "content-length": "0" } },
    ];
    for (const init of empties) {
      const target = await draft();
      const response = await h.call("POST", target.action, { token: t.zealand, ...init });
      expect(response.status, JSON.stringify(init)).toBe(200);
      expect(response.json.status).toBe("pending");
    }
  });

  it("still needs the reason a rejection requires", async () => {
    const target = await pending("reject");
    const before = await stateOf(target);
    const response = await h.call("POST", target.action, { token: target.token });
    expect(response.status).toBe(400);
    expect(response.json.errors).toContainEqual({ path: "reason", message: expect.any(String) });
    expect(await stateOf(target)).toEqual(before);
  });

  it("takes an offer's default hold of 72 hours", async () => {
    const target = await pendingApplication("offer");
    const response = await h.call("POST", target.action, { token: target.token, rawBody: "" });
    expect(response.status).toBe(200);
    expect(Date.parse(response.json.offerExpiresAt) - h.clock.now().getTime()).toBe(72 * 3_600_000);
  });
});

describe("a documented field", () => {
  it("is validated like every body", async () => {
    const target = await pendingApplication("offer");
    const before = await stateOf(target);
    const response = await h.call("POST", target.action, { token: target.token, body: { expiresInHours: 500 } });
    expect(response.status).toBe(400);
    expect(response.json.errors).toEqual([{ path: "expiresInHours", message: expect.any(String) }]);
    expect(await stateOf(target)).toEqual(before);
  });
});
