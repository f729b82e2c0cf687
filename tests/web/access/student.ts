/**
 * The student pages' probes. Students use their own objects (another
 * student gets the 404 page); listings and bookings are read by staff too,
 * as far as the services let them. No probe changes anything: forms are sent
 * with bad input (400) or into a state that refuses them (409).
 */
import { only, type PageProbe, probe, signedIn } from "./probes";

const students = (own: number, other: number = own) => only({ student: own, otherStudent: other });
const tooLong = "x".repeat(1001);

export const studentProbes: PageProbe[] = [
  probe("GET /app/housing", "my housing", () => ({ path: "/app/housing" }), students(200)),
  probe("GET /app/requests/new", "new request, step 1", () => ({ path: "/app/requests/new" }), students(200)),
  probe(
    "POST /app/requests/new",
    "step 1 with nothing filled in",
    () => ({ method: "POST", path: "/app/requests/new", form: { step: "1" } }),
    students(400),
  ),
  probe(
    "GET /app/requests/:id",
    "Freja's request",
    (f) => ({ path: `/app/requests/${f.request}` }),
    students(200, 404),
  ),
  probe(
    "POST /app/requests/:id/cancel",
    "cancel with a reason too long",
    (f) => ({ method: "POST", path: `/app/requests/${f.request}/cancel`, form: { reason: tooLong } }),
    students(400, 404),
  ),
  probe("GET /app/rooms", "search", () => ({ path: "/app/rooms?municipality=326" }), signedIn(200)),
  probe("GET /app/rooms", "search with a bad date", () => ({ path: "/app/rooms?from=tomorrow" }), signedIn(400)),
  probe("GET /app/rooms/:id", "an approved listing", (f) => ({ path: `/app/rooms/${f.listing}` }), signedIn(200)),
  probe(
    "GET /app/rooms/:id",
    "a pending listing",
    (f) => ({ path: `/app/rooms/${f.pendingListing}` }),
    signedIn(404, { owner: 200, council: 200, admin: 200 }),
  ),
  probe(
    "POST /app/rooms/:id/apply",
    "apply again from a request that has applied",
    (f) => ({ method: "POST", path: `/app/rooms/${f.listing}/apply`, form: { request: f.request, message: "Hej" } }),
    students(409, 404),
  ),
  probe(
    "POST /app/rooms/:id/apply",
    "apply without choosing a request",
    (f) => ({ method: "POST", path: `/app/rooms/${f.listing}/apply`, form: { message: "Hej" } }),
    students(400),
  ),
  probe(
    "GET /app/applications/:id",
    "Freja's application",
    (f) => ({ path: `/app/applications/${f.application}` }),
    students(200, 404),
  ),
  probe(
    "POST /app/applications/:id/accept",
    "accept an application that has no offer",
    (f) => ({ method: "POST", path: `/app/applications/${f.application}/accept` }),
    students(409, 404),
  ),
  probe(
    "POST /app/applications/:id/withdraw",
    "withdraw with a reason too long",
    (f) => ({ method: "POST", path: `/app/applications/${f.application}/withdraw`, form: { reason: tooLong } }),
    students(400, 404),
  ),
  probe(
    "GET /app/bookings/:id",
    "Freja's booking",
    (f) => ({ path: `/app/bookings/${f.booking}` }),
    signedIn(404, { student: 200, owner: 200, council: 200, admin: 200 }),
  ),
  probe(
    "POST /app/bookings/:id/cancel",
    "cancel without a reason",
    (f) => ({ method: "POST", path: `/app/bookings/${f.booking}/cancel`, form: { reason: "" } }),
    signedIn(404, { student: 400, owner: 400, council: 403, admin: 403 }),
  ),
];
