/**
 * The staff pages' probes. Institutions and councils may open the listing
 * pages; a listing's own pages answer only its owner organisation (404 for
 * every other staff member, the reviewing council included: its pages are the
 * review pages). Every POST is sent so that it changes nothing: bad input
 * (400), a state the action refuses (409) or a stale version (409).
 */
import { only, type PageProbe, probe } from "./probes";

/** Institution and council staff get `outcome`; everyone else the 403 page. */
const allStaff = (outcome: number) =>
  only({ owner: outcome, otherInstitution: outcome, council: outcome, otherCouncil: outcome });

/** The owner gets `outcome`; other staff the 404 page; everyone else the 403 page. */
const ownerOnly = (outcome: number) => only({ owner: outcome, otherInstitution: 404, council: 404, otherCouncil: 404 });

export const staffProbes: PageProbe[] = [
  probe("GET /app/listings", "the organisation's listings", () => ({ path: "/app/listings" }), allStaff(200)),
  probe(
    "GET /app/listings",
    "the organisation's approved listings, with an unknown tab",
    () => ({ path: "/app/listings?status=approved" }),
    allStaff(200),
  ),
  probe("GET /app/listings/new", "the new-listing form", () => ({ path: "/app/listings/new" }), allStaff(200)),
  probe(
    "POST /app/listings/new",
    "a new listing with a 2-digit postal code",
    () => ({ method: "POST", path: "/app/listings/new", form: { title: "Værelse", "address.postalCode": "44" } }),
    allStaff(400),
  ),
  probe("GET /app/listings/:id", "the listing's page", (f) => ({ path: `/app/listings/${f.listing}` }), ownerOnly(200)),
  probe(
    "GET /app/listings/:id",
    "a pending listing's page",
    (f) => ({ path: `/app/listings/${f.pendingListing}` }),
    ownerOnly(200),
  ),
  probe(
    "GET /app/listings/:id/edit",
    "the edit form",
    (f) => ({ path: `/app/listings/${f.listing}/edit` }),
    ownerOnly(200),
  ),
  probe(
    "POST /app/listings/:id/edit",
    "an edit with an empty title",
    (f) => ({ method: "POST", path: `/app/listings/${f.listing}/edit`, form: { title: "", version: "1" } }),
    ownerOnly(400),
  ),
  probe(
    "POST /app/listings/:id/submit",
    "submitting an approved listing",
    (f) => ({ method: "POST", path: `/app/listings/${f.listing}/submit` }),
    ownerOnly(409),
  ),
  probe(
    "POST /app/listings/:id/withdraw",
    "withdrawing with a stale version",
    (f) => ({ method: "POST", path: `/app/listings/${f.listing}/withdraw`, form: { version: "0" } }),
    ownerOnly(409),
  ),
  probe(
    "POST /app/listings/:lid/applications/:aid/offer",
    "an offer valid for 999 hours",
    (f) => ({
      method: "POST",
      path: `/app/listings/${f.listing}/applications/${f.application}/offer`,
      form: { expiresInHours: "999" },
    }),
    ownerOnly(400),
  ),
  probe(
    "POST /app/listings/:lid/applications/:aid/decline",
    "declining with a stale version",
    (f) => ({
      method: "POST",
      path: `/app/listings/${f.listing}/applications/${f.application}/decline`,
      form: { version: "0" },
    }),
    ownerOnly(409),
  ),
  probe(
    "POST /app/listings/:lid/bookings/:bid/cancel",
    "cancelling a booking without a reason",
    (f) => ({ method: "POST", path: `/app/listings/${f.listing}/bookings/${f.booking}/cancel`, form: { reason: "" } }),
    ownerOnly(400),
  ),
];
