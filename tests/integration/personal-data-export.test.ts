/**
 * GET /me/export: a student's requests, applications with their messages,
 * bookings, the audit trails of all of them and their web sessions, in one
 * file to save; staff and admins get their profile only.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../helpers/harness";
import { approvedListing } from "../helpers/listings";
import { createRequest } from "../helpers/requests";
import { applied, offered, studentToken } from "../helpers/stays";
import { sessionFor } from "../helpers/web";
import { createWorld, type World } from "../helpers/world";

const SUB = "student-export-sofie";

let h: Harness;
let t: World["tokens"];
let sofie: string;
const made = {
  requests: [] as string[],
  applications: [] as string[],
  bookings: [] as string[],
};

beforeAll(async () => {
  h = await createHarness();
  t = (await createWorld(h)).tokens;
  sofie = await studentToken(h, SUB);
  const actors = { owner: t.zealand, reviewer: t.kalundborg };
  const [first, second, third] = [
    await approvedListing(h, actors),
    await approvedListing(h, actors),
    await approvedListing(h, actors),
  ];
  await h.call("PATCH", "/me", { token: sofie, body: { name: "Sofie Export", email: "sofie@example.dk" } });

  // Applied with a message, offered, accepted: a booking; then cancelled with a reason.
  const booked = await createRequest(h, sofie, { note: "Near the station, please" });
  const application = await h.call("POST", `/housing-requests/${booked.id}/applications`, {
    token: sofie,
    body: { listingId: first.id, message: "I start at the plant in March" },
  });
  await offered(h, t.zealand, application.json.id);
  const accepted = await h.call("POST", `/applications/${application.json.id}/accept`, { token: sofie });
  await h.call("POST", `/bookings/${accepted.json.bookingId}/cancel`, {
    token: sofie,
    body: { reason: "Plans changed" },
  });

  // A second request with a pending application, and a third cancelled by the student.
  const pending = await createRequest(h, sofie);
  const waiting = await applied(h, sofie, pending.id, second.id);
  const cancelled = await createRequest(h, sofie);
  await h.call("POST", `/housing-requests/${cancelled.id}/cancel`, { token: sofie });

  made.requests.push(booked.id, pending.id, cancelled.id);
  made.applications.push(application.json.id, waiting.id);
  made.bookings.push(accepted.json.bookingId);

  // Someone else's data must not appear.
  const other = await createRequest(h, t.otherStudent);
  await applied(h, t.otherStudent, other.id, third.id);
  await sessionFor(h, { sub: SUB, role: "student" });
});

const exported = async (token: string) => {
  const answer = await h.call("GET", "/me/export", { token });
  expect(answer.status).toBe(200);
  return answer;
};

describe("GET /me/export", () => {
  it("answers a JSON file to save, named by today's date", async () => {
    const answer = await exported(sofie);
    expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
    expect(answer.headers.get("content-disposition")).toBe('attachment; filename="praktikbolig-2026-12-01.json"');
  });

  it("holds the profile, every request, application with its message, and booking of the student, and no one else's", async () => {
    const { json } = await exported(sofie);
    expect(json.profile).toMatchObject({ sub: SUB, role: "student", name: "Sofie Export", email: "sofie@example.dk" });
    expect(json.requests.map((request: { id: string }) => request.id).sort()).toEqual([...made.requests].sort());
    expect(json.requests.map((request: { status: string }) => request.status).sort()).toEqual([
      "cancelled",
      "open",
      "open",
    ]);
    expect(json.requests).toContainEqual(expect.objectContaining({ note: "Near the station, please" }));
    expect(json.applications.map((application: { id: string }) => application.id).sort()).toEqual(
      [...made.applications].sort(),
    );
    expect(json.applications).toContainEqual(
      expect.objectContaining({ message: "I start at the plant in March", status: "accepted" }),
    );
    expect(json.bookings).toEqual([
      expect.objectContaining({ id: made.bookings[0], status: "cancelled", cancelReason: "Plans changed" }),
    ]);
    expect(JSON.stringify(json)).not.toContain("student-ahmad");
  });

  it("holds the audit trail of each of those objects, the owner's actions among them, oldest first", async () => {
    const { json } = await exported(sofie);
    const trail = json.auditTrail as { objectType: string; objectId: string; action: string; at: string }[];
    const objects = new Set(trail.map((event) => event.objectId));
    for (const id of [...made.requests, ...made.applications, ...made.bookings]) expect(objects).toContain(id);
    const actions = (objectId: string) => trail.filter((event) => event.objectId === objectId).map((e) => e.action);
    expect(actions(made.applications[0] as string)).toEqual(["apply", "offer", "accept"]);
    expect(actions(made.bookings[0] as string)).toEqual(["book", "cancel"]);
    expect(actions(made.requests[2] as string)).toEqual(["create", "cancel"]);
    expect(trail.find((event) => event.action === "offer")).toMatchObject({ actor: "zealand-ida" });
    expect(trail.find((event) => event.objectType === "booking" && event.action === "cancel")).toMatchObject({
      reason: "Plans changed",
    });
    const times = trail.map((event) => event.at);
    expect(times).toEqual([...times].sort());
  });

  it("holds no notifications yet, and the web sessions as when they began and end only", async () => {
    const { json } = await exported(sofie);
    expect(json.notifications).toEqual([]);
    expect(json.sessions).toEqual([{ createdAt: "2026-12-01T09:00:00.000Z", expiresAt: "2026-12-01T21:00:00.000Z" }]);
  });

  it("gives staff and admins their profile only", async () => {
    for (const [token, sub] of [
      [t.zealand, "zealand-ida"],
      [t.admin, "admin-1"],
    ] as const) {
      const { json } = await exported(token);
      expect(Object.keys(json).sort()).toEqual(["exportedAt", "profile"]);
      expect(json.profile).toMatchObject({ sub, status: "active" });
    }
  });

  it("needs a token", async () => {
    expect((await h.call("GET", "/me/export")).status).toBe(401);
  });
});
