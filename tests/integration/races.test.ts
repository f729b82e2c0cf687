/**
 * Races between changes that touch several items: applying while the owner
 * withdraws, accepting while the owner edits or withdraws, offering while
 * the owner lowers the capacity. Whatever order the database picks, each run
 * ends in states that agree item by item, and for every night bookings plus
 * live holds stay within the listing's capacity.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { DynamoStayRepository } from "#db/stays";
import { occupiedPerNight } from "#domain/bookings/occupancy";
import { createHarness, type Harness } from "../helpers/harness";
import { approvedListing } from "../helpers/listings";
import { createRequest } from "../helpers/requests";
import { type ApplicationJson, applied, collect, offeredStay, studentToken } from "../helpers/stays";
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
const actors = () => ({ owner: t.zealand, reviewer: t.kalundborg });
const post = (path: string, token: string, body?: unknown) => h.call("POST", path, { token, body });

/** The most beds in use on any night of the stay, from the stored occupancy months. */
async function peakInUse(listingId: string) {
  const months = await repository.months(listingId, stay.moveIn, stay.moveOut);
  return Math.max(0, ...occupiedPerNight(months, stay.moveIn, stay.moveOut, h.clock.now().toISOString()).values());
}

/** Applications of the listing, as its owner sees them. */
const applicationsOf = (listingId: string) =>
  collect<ApplicationJson>(h, `/applications?listingId=${listingId}`, t.zealand);

/** The request as stored: its map of active applications is what the limit of five counts. */
async function storedRequest(requestId: string) {
  const request = await repository.getRequest(requestId);
  if (!request) throw new Error(`request ${requestId} is gone`);
  return request;
}

async function studentsWithRequests(count: number, prefix: string) {
  return Promise.all(
    Array.from({ length: count }, async (_, n) => {
      const token = await studentToken(h, `${prefix}-${n}`);
      const request = await createRequest(h, token, stay);
      return { token, requestId: request.id };
    }),
  );
}

describe("applying while the owner withdraws the listing", () => {
  it("leaves no application pending on the withdrawn listing, and none counting against a request", async () => {
    const listing = await approvedListing(h, actors(), { capacity: 10 });
    const students = await studentsWithRequests(20, "racer");

    const [withdrawal, ...applies] = await Promise.all([
      post(`/listings/${listing.id}/withdraw`, t.zealand),
      ...students.map(({ token, requestId }) =>
        post(`/housing-requests/${requestId}/applications`, token, { listingId: listing.id }),
      ),
    ]);
    expect(withdrawal.status).toBe(200);
    for (const response of applies) expect([201, 409]).toContain(response.status);

    const applications = await applicationsOf(listing.id);
    expect(applications.filter((application) => application.status === "pending")).toEqual([]);
    expect(applications).toHaveLength(applies.filter((response) => response.status === 201).length);
    for (const { requestId } of students) {
      expect((await storedRequest(requestId)).active ?? {}).toEqual({});
    }
  });
});

describe("accepting while the owner changes the listing", () => {
  async function acceptWhile(change: (listingId: string) => Promise<{ status: number }>, prefix: string) {
    const runs = await Promise.all(
      Array.from({ length: 6 }, async (_, n) => {
        const listing = await approvedListing(h, actors(), { capacity: 1 });
        const student = await studentToken(h, `${prefix}-${n}`);
        const offer = await offeredStay(h, { student, owner: t.zealand }, listing.id, stay);
        const [accepted, changed] = await Promise.all([
          post(`/applications/${offer.applicationId}/accept`, student),
          change(listing.id),
        ]);
        return { listing, student, offer, accepted, changed };
      }),
    );
    for (const { listing, student, offer, accepted } of runs) {
      expect([200, 409]).toContain(accepted.status);
      const application = (await h.call("GET", `/applications/${offer.applicationId}`, { token: student })).json;
      const request = await storedRequest(offer.requestId);
      const bookings = (await h.call("GET", `/bookings?listingId=${listing.id}`, { token: t.zealand })).json.items;
      if (accepted.status === 200) {
        expect(application.status).toBe("accepted");
        expect(request.status).toBe("housed");
        expect(bookings).toEqual([expect.objectContaining({ id: application.bookingId, status: "confirmed" })]);
        expect(await peakInUse(listing.id)).toBe(1);
      } else {
        // Refused: the offer is still there (an edit) or was withdrawn with the listing.
        expect(["offered", "withdrawn"]).toContain(application.status);
        expect(application.bookingId).toBeNull();
        expect(request.status).toBe("open");
        expect(bookings).toEqual([]);
      }
      expect(await peakInUse(listing.id)).toBeLessThanOrEqual(1);
    }
    return runs;
  }

  it("books only on the terms offered when the rent is edited at the same moment", async () => {
    const runs = await acceptWhile(
      (id) => h.call("PATCH", `/listings/${id}`, { token: t.zealand, body: { rentDkk: 3999 } }),
      "edit-racer",
    );
    for (const { changed } of runs) expect(changed.status).toBe(200);
  });

  it("books or refuses cleanly when the listing is withdrawn at the same moment", async () => {
    const runs = await acceptWhile((id) => post(`/listings/${id}/withdraw`, t.zealand), "withdraw-racer");
    for (const { listing, accepted, changed } of runs) {
      expect(changed.status).toBe(200);
      // Withdrawing keeps a booking made first; otherwise the offer was withdrawn with its hold.
      if (accepted.status === 409) expect(await peakInUse(listing.id)).toBe(0);
    }
  });

  it("refuses every accept once the council has rejected the edited listing", async () => {
    const runs = await acceptWhile(async (id) => {
      await h.call("PATCH", `/listings/${id}`, { token: t.zealand, body: { capacity: 2 } });
      return post(`/listings/${id}/reject`, t.kalundborg, { reason: "The second bed is not approved" });
    }, "reject-racer");
    for (const { listing, changed } of runs) {
      expect(changed.status).toBe(200);
      expect((await h.call("GET", `/listings/${listing.id}`, { token: t.zealand })).json.status).toBe("rejected");
      // A later accept, even a retried one, is refused: the listing is no longer approved.
    }
    for (const { offer, student, accepted } of runs) {
      if (accepted.status !== 409) continue;
      expect((await post(`/applications/${offer.applicationId}/accept`, student)).status).toBe(409);
    }
  });
});

describe("offering while the owner lowers the capacity", () => {
  it("never leaves more beds in use than the capacity that stands", async () => {
    const listing = await approvedListing(h, actors(), { capacity: 3 });
    const students = await studentsWithRequests(3, "capacity-racer");
    const applications = await Promise.all(
      students.map(({ token, requestId }) => applied(h, token, requestId, listing.id)),
    );
    const [lowered, ...offers] = await Promise.all([
      h.call("PATCH", `/listings/${listing.id}`, { token: t.zealand, body: { capacity: 1 } }),
      ...applications.map((application) => post(`/applications/${application.id}/offer`, t.zealand)),
    ]);
    expect([200, 409]).toContain(lowered.status);
    for (const response of offers) expect([200, 409]).toContain(response.status);

    const stored = (await h.call("GET", `/listings/${listing.id}`, { token: t.zealand })).json;
    const held = (await applicationsOf(listing.id)).filter((application) => application.status === "offered");
    expect(held).toHaveLength(offers.filter((response) => response.status === 200).length);
    expect(await peakInUse(listing.id)).toBe(held.length);
    expect(held.length).toBeLessThanOrEqual(stored.capacity);
    expect(stored.capacity).toBe(lowered.status === 200 ? 1 : 3);
  });
});
