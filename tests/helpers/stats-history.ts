/**
 * A small history in Kalundborg (326) made through the API, whose figures
 * were worked out by hand (tests/integration/stats.test.ts checks them on
 * GET /stats): it starts on 2026-12-01 and leaves the clock on 2026-12-11.
 *
 * As of 2026-12-11 over the default period (2025-12-12 – 2026-12-11):
 * listings draft 1, pending 1, approved 2, rejected 1, withdrawn 1; 3 beds;
 * free beds 1.5 (next 30 days) and 1.2 (next 90); requests opened 5, open 1,
 * housed 2, expired 1, cancelled 1; days to housing median 5, 90th
 * percentile 10; median rent 3,500 DKK; all housed within 10 km; bed-nights
 * booked 7 of 24 offered (29.2 %); Kalundborg's interns live in Kalundborg
 * (2), the rooms in Kalundborg house interns of Kalundborg (2) and Slagelse
 * (1). The first of the 13 weeks ahead (from 2026-12-11) has 2 beds free a
 * night; in December 2026, 5 requests were opened and 2 housed; one waited
 * 0–7 days, one 8–14.
 */
import type { Harness } from "./harness";
import { approvedListing, createListing } from "./listings";
import { createRequest } from "./requests";
import { bookedStay, studentToken } from "./stays";
import type { World } from "./world";

const DAY_MS = 86_400_000;

export async function createStatsHistory(h: Harness, world: World, prefix = "stats") {
  const owner = world.tokens.zealand;
  const actors = { owner, reviewer: world.tokens.kalundborg };
  const l1 = await approvedListing(h, actors, {
    capacity: 2,
    rentDkk: 3000,
    availableFrom: "2026-12-01",
    availableTo: "2027-03-01",
  });
  const l2 = await approvedListing(h, actors, {
    capacity: 1,
    rentDkk: 4000,
    availableFrom: "2026-12-10",
    availableTo: "2027-06-01",
  });
  await createListing(h, owner, { rentDkk: 3500 });
  const pending = await createListing(h, owner);
  await h.call("POST", `/listings/${pending.id}/submit`, { token: owner });
  const rejected = await createListing(h, owner);
  await h.call("POST", `/listings/${rejected.id}/submit`, { token: owner });
  await h.call("POST", `/listings/${rejected.id}/reject`, {
    token: world.tokens.kalundborg,
    body: { reason: "No photos of the room" },
  });
  const withdrawn = await approvedListing(h, actors, { availableFrom: "2026-12-01", availableTo: "2027-02-01" });
  await h.call("POST", `/listings/${withdrawn.id}/withdraw`, { token: owner });

  const student = (name: string) => studentToken(h, `${prefix}-${name}`);
  const stay = (moveIn: string, moveOut: string, internship: Record<string, unknown> = {}) => ({
    moveIn,
    moveOut,
    internship: {
      company: "Novo Nordisk Kalundborg",
      municipalityCode: "326",
      location: { lat: 55.67, lon: 11.1 },
      startDate: moveIn,
      endDate: moveOut,
      ...internship,
    },
  });
  const a = await student("a");
  const b = await student("b");
  const c = await student("c");
  await bookedStay(h, { student: a, owner }, l1.id, stay("2026-12-05", "2027-01-05"));
  const r2 = await createRequest(h, b, stay("2026-12-20", "2027-02-20"));
  const r3 = await createRequest(
    h,
    c,
    stay("2027-01-10", "2027-03-10", { municipalityCode: "330", location: { lat: 55.4, lon: 11.35 } }),
  );
  await createRequest(h, await student("d"), stay("2027-01-15", "2027-02-15"));
  const e = await student("e");
  const r5 = await createRequest(h, e, stay("2027-01-15", "2027-02-15"));
  await h.call("POST", `/housing-requests/${r5.id}/cancel`, { token: e });
  await createRequest(h, await student("f"), stay("2026-12-03", "2027-01-03"));

  h.clock.advance(10 * DAY_MS);
  for (const [token, request, listing] of [
    [b, r2, l1],
    [c, r3, l2],
  ] as const) {
    const applied = await h.call("POST", `/housing-requests/${request.id}/applications`, {
      token,
      body: { listingId: listing.id },
    });
    await h.call("POST", `/applications/${applied.json.id}/offer`, { token: owner });
    const accepted = await h.call("POST", `/applications/${applied.json.id}/accept`, { token });
    if (accepted.status !== 200) throw new Error(`not accepted (${accepted.status}): ${accepted.text}`);
  }
}
