/**
 * Logs never hold personal data. The whole life of a student's data — a name
 * and an e-mail address, a request with its company and note, an application
 * with its message, an offer, a booking, a refusal, a failure, a page, the
 * export and the erasure — runs with the app's real JSON logger, and every
 * line it writes is read back.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { IdentityDirectory } from "#domain/accounts/identity";
import { createLogger, JsonLineLogger } from "../../functions/api/logging";
import { createHarness, type Harness } from "../helpers/harness";
import { approvedListing } from "../helpers/listings";
import { createRequest, requestBody } from "../helpers/requests";
import { offered, studentToken } from "../helpers/stays";
import { page, sessionFor } from "../helpers/web";
import { createWorld } from "../helpers/world";

const personal = {
  name: "Ingeborg Logfri",
  email: "ingeborg.logfri@example.dk",
  company: "Hemmelig Virksomhed ApS",
  note: "note-i-use-a-wheelchair",
  message: "message-please-call-my-mobile",
  reason: "reason-a-family-matter",
};
const SUB = "student-ingeborg-logfri";

const lines: string[] = [];
let failIdentity = true;
const identity: IdentityDirectory = {
  deleteUser: async () => {
    if (failIdentity) {
      failIdentity = false;
      throw new Error("The identity provider is unavailable");
    }
  },
  disableUser: async () => {},
  enableUser: async () => {},
};

let h: Harness;

beforeAll(async () => {
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, "write").mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
  }
  const logger = createLogger(new JsonLineLogger({ serviceName: "praktikbolig", logLevel: "DEBUG" }));
  h = await createHarness({ logger, identity });
});

afterAll(() => vi.restoreAllMocks());

describe("the logs of a student's whole journey", () => {
  it("hold request lines, and none of the student's name, e-mail, company, note, message or reason", async () => {
    const t = (await createWorld(h)).tokens;
    const student = await studentToken(h, SUB);
    const listing = await approvedListing(h, { owner: t.zealand, reviewer: t.kalundborg });
    const other = await approvedListing(h, { owner: t.zealand, reviewer: t.kalundborg });

    expect(
      (await h.call("PATCH", "/me", { token: student, body: { name: personal.name, email: personal.email } })).status,
    ).toBe(200);
    // Refused bodies carry the same data: their problems must not reach the log either.
    await h.call("PATCH", "/me", { token: student, body: { name: personal.name, email: personal.company } });
    const request = await createRequest(h, student, {
      internship: { ...requestBody().internship, company: personal.company },
      note: personal.note,
    });
    const applying = await h.call("POST", `/housing-requests/${request.id}/applications`, {
      token: student,
      body: { listingId: listing.id, message: personal.message },
      headers: { "idempotency-key": "log-hygiene-apply" },
    });
    expect(applying.status).toBe(201);
    await offered(h, t.zealand, applying.json.id);
    const accepted = await h.call("POST", `/applications/${applying.json.id}/accept`, { token: student });
    expect(accepted.status).toBe(200);
    const second = await createRequest(h, student, { note: personal.note });
    await h.call("POST", `/housing-requests/${second.id}/applications`, {
      token: student,
      body: { listingId: other.id, message: personal.message },
    });
    await h.call("POST", `/housing-requests/${second.id}/cancel`, {
      token: student,
      body: { reason: personal.reason },
    });

    const session = await sessionFor(h, { sub: SUB, role: "student" });
    expect((await page(h, "GET", "/app/housing", { session })).status).toBe(200);
    expect((await h.call("GET", "/me/export", { token: student })).text).toContain(personal.message);

    // The first erasure fails at the identity provider (a 500, logged as an error); the repeat finishes it.
    expect((await h.call("DELETE", "/me", { token: student })).status).toBe(500);
    expect((await h.call("DELETE", "/me", { token: student })).status).toBe(204);
    expect((await h.call("GET", "/me", { token: student })).status).toBe(401);
    expect((await page(h, "GET", "/app/housing", { session })).status).toBe(303);

    const written = lines.join("");
    expect(lines.some((line) => line.includes('"message":"request"'))).toBe(true);
    expect(lines.some((line) => line.includes('"message":"page"'))).toBe(true);
    expect(lines.some((line) => line.includes('"level":"ERROR"'))).toBe(true);
    for (const [field, value] of Object.entries(personal)) {
      expect(written.includes(value), `the ${field} is in the log`).toBe(false);
    }
  });
});
