/**
 * The invariant under concurrency: for every listing and night, confirmed
 * bookings plus live holds never exceed capacity. Checked on the stored
 * occupancy, night by night, after each run.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { DynamoStayRepository } from "#db/stays";
import { type OccupancyMonth, occupiedPerNight } from "#domain/bookings/occupancy";
import { addDays } from "#domain/common/dates";
import { createHarness, type Harness } from "../helpers/harness";
import { approvedListing } from "../helpers/listings";
import { createRequest } from "../helpers/requests";
import { createWorld, type World } from "../helpers/world";

let h: Harness;
let t: World["tokens"];
let repository: DynamoStayRepository;

beforeAll(async () => {
  h = await createHarness();
  t = (await createWorld(h)).tokens;
  repository = new DynamoStayRepository(h.db, { encode: () => "", decode: () => ({}) });
});

const stay = { moveIn: "2027-03-01", moveOut: "2027-06-01" };

async function studentsApplying(listingId: string, count: number, prefix: string) {
  return Promise.all(
    Array.from({ length: count }, async (_, n) => {
      const token = await h.tokenFor({ sub: `${prefix}-${n}`, role: "student" });
      const request = await createRequest(h, token, stay);
      const applied = await h.call("POST", `/housing-requests/${request.id}/applications`, {
        token,
        body: { listingId },
      });
      if (applied.status !== 201) throw new Error(applied.text);
      return { token, requestId: request.id, applicationId: applied.json.id as string };
    }),
  );
}

/** The most beds taken on any night, from the stored month items and the clock now. */
async function peakStored(listingId: string, from: string, to: string) {
  const months: OccupancyMonth[] = await repository.months(listingId, from, to);
  const counts = occupiedPerNight(months, from, to, h.clock.now().toISOString());
  return Math.max(...counts.values());
}

/** Confirmed bookings per night, counted from the booking items themselves. */
async function peakConfirmedBookings(listingId: string) {
  const bookings = (await h.call("GET", `/bookings?listingId=${listingId}&limit=100`, { token: t.zealand })).json
    .items as {
    status: string;
    moveIn: string;
    moveOut: string;
  }[];
  let peak = 0;
  for (let night = stay.moveIn; night < stay.moveOut; night = addDays(night, 1)) {
    const count = bookings.filter((b) => b.status === "confirmed" && b.moveIn <= night && night < b.moveOut).length;
    peak = Math.max(peak, count);
  }
  return peak;
}

describe("offers under concurrency", () => {
  it("lets exactly 2 of 20 concurrent offers on a listing with 2 beds succeed", async () => {
    const listing = await approvedListing(h, { owner: t.zealand, reviewer: t.kalundborg }, { capacity: 2 });
    const students = await studentsApplying(listing.id, 20, "offer-race");
    const answers = await Promise.all(
      students.map((student) =>
        h.call("POST", `/applications/${student.applicationId}/offer`, {
          token: t.zealand,
          body: { expiresInHours: 24 },
        }),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(2);
    expect(statuses.filter((status) => status === 409)).toHaveLength(18);
    expect(await peakStored(listing.id, stay.moveIn, stay.moveOut)).toBe(2);
  }, 120_000);
});

describe("accept, cancel and re-offer loops on one listing", () => {
  it("never put more beds in use than the listing has, on any night", async () => {
    const capacity = 2;
    const listing = await approvedListing(h, { owner: t.zealand, reviewer: t.kalundborg }, { capacity });
    const students = await studentsApplying(listing.id, 6, "loop");
    let accepted = 0;

    const loop = async (student: (typeof students)[number]) => {
      let applicationId = student.applicationId;
      for (let round = 0; round < 3; round++) {
        const offer = await h.call("POST", `/applications/${applicationId}/offer`, { token: t.zealand, body: {} });
        if (offer.status !== 200) {
          expect(offer.status).toBe(409);
          continue;
        }
        const accept = await h.call("POST", `/applications/${applicationId}/accept`, { token: student.token });
        expect([200, 409]).toContain(accept.status);
        if (accept.status !== 200) continue;
        accepted++;
        expect(await peakStored(listing.id, stay.moveIn, stay.moveOut)).toBeLessThanOrEqual(capacity);
        const cancel = await h.call("POST", `/bookings/${accept.json.bookingId}/cancel`, { token: student.token });
        expect(cancel.status).toBe(200);
        const again = await h.call("POST", `/housing-requests/${student.requestId}/applications`, {
          token: student.token,
          body: { listingId: listing.id },
        });
        expect(again.status).toBe(201);
        applicationId = again.json.id;
      }
    };
    await Promise.all(students.map(loop));

    expect(accepted).toBeGreaterThanOrEqual(capacity);
    expect(await peakStored(listing.id, stay.moveIn, stay.moveOut)).toBeLessThanOrEqual(capacity);
    expect(await peakConfirmedBookings(listing.id)).toBeLessThanOrEqual(capacity);
  }, 180_000);
});

describe("retried accepts", () => {
  it("make one booking, whether the retries run at once or one after another", async () => {
    const listing = await approvedListing(h, { owner: t.zealand, reviewer: t.kalundborg }, { capacity: 3 });
    const [student] = await studentsApplying(listing.id, 1, "retry");
    if (!student) throw new Error("no student");
    await h.call("POST", `/applications/${student.applicationId}/offer`, { token: t.zealand });
    const headers = { "idempotency-key": "accept-once" };
    const burst = await Promise.all(
      Array.from({ length: 5 }, () =>
        h.call("POST", `/applications/${student.applicationId}/accept`, { token: student.token, headers }),
      ),
    );
    const ok = burst.filter((answer) => answer.status === 200);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(burst.every((answer) => [200, 409].includes(answer.status))).toBe(true);
    const later = await h.call("POST", `/applications/${student.applicationId}/accept`, {
      token: student.token,
      headers,
    });
    expect(later.status).toBe(200);
    expect(later.json.bookingId).toBe(ok[0]?.json.bookingId);
    const bookings = await h.call("GET", `/bookings?listingId=${listing.id}`, { token: t.zealand });
    expect(bookings.json.items).toHaveLength(1);
    expect(await peakStored(listing.id, stay.moveIn, stay.moveOut)).toBe(1);
  });
});
