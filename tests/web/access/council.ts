/**
 * The council pages' probes. `council` (Kalundborg) reviews the pending
 * listing in Kalundborg; `otherCouncil` (Slagelse) may not even see it. The
 * decisions are sent so that nothing changes: an approval of the listing that
 * is already approved (409), a rejection without a reason (400).
 */
import { only, type PageProbe, probe } from "./probes";

const councils = only({ council: 200, otherCouncil: 200 });
const councilsAndAdmins = only({ council: 200, otherCouncil: 200, admin: 200 });

export const councilProbes: PageProbe[] = [
  probe("GET /app/reviews", "review queue", () => ({ path: "/app/reviews" }), councils),
  probe("GET /app/reviews", "review queue after an approval", () => ({ path: "/app/reviews?done=approved" }), councils),
  probe(
    "GET /app/reviews/:id",
    "review of the pending listing",
    (f) => ({ path: `/app/reviews/${f.pendingListing}` }),
    only({ council: 200, otherCouncil: 404 }),
  ),
  probe(
    "GET /app/reviews/:id",
    "review page of an approved listing",
    (f) => ({ path: `/app/reviews/${f.listing}` }),
    only({ council: 200, otherCouncil: 404 }),
  ),
  probe(
    "GET /app/reviews/:id",
    "review of a listing that does not exist",
    () => ({ path: "/app/reviews/no-such-listing" }),
    only({ council: 404, otherCouncil: 404 }),
  ),
  probe(
    "POST /app/reviews/:id/approve",
    "approving the listing that is already approved",
    (f) => ({ method: "POST", path: `/app/reviews/${f.listing}/approve` }),
    only({ council: 409, otherCouncil: 404 }),
  ),
  probe(
    "POST /app/reviews/:id/reject",
    "rejecting the pending listing without a reason",
    (f) => ({ method: "POST", path: `/app/reviews/${f.pendingListing}/reject`, form: { reason: "" } }),
    only({ council: 400, otherCouncil: 404 }),
  ),
  probe(
    "POST /app/reviews/:id/reject",
    "rejecting the listing that is already approved",
    (f) => ({ method: "POST", path: `/app/reviews/${f.listing}/reject`, form: { reason: "Not for students" } }),
    only({ council: 409, otherCouncil: 404 }),
  ),
  probe("GET /app/demand", "demand", () => ({ path: "/app/demand" }), councils),
  probe("GET /app/statistik", "statistics", () => ({ path: "/app/statistik" }), councilsAndAdmins),
  probe(
    "GET /app/statistik",
    "statistics for a chosen period",
    () => ({ path: "/app/statistik?from=2026-01-01&to=2026-12-31" }),
    councilsAndAdmins,
  ),
  probe(
    "GET /app/statistik",
    "statistics for a reversed period",
    () => ({ path: "/app/statistik?from=2026-12-10&to=2026-12-01" }),
    only({ council: 400, otherCouncil: 400, admin: 400 }),
  ),
  probe("GET /app/statistik.csv", "statistics as CSV", () => ({ path: "/app/statistik.csv" }), councilsAndAdmins),
  probe(
    "GET /app/statistik.csv",
    "statistics as CSV for a reversed period",
    () => ({ path: "/app/statistik.csv?from=2026-12-10&to=2026-12-01" }),
    only({ council: 303, otherCouncil: 303, admin: 303 }),
  ),
];
