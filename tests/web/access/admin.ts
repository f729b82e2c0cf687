/**
 * The admin pages' probes: the organisations list, and its form sent empty
 * (400, nothing created); statistics for a municipality of the admin's
 * choosing, which Slagelse's council may see and Kalundborg's may not choose;
 * an organisation's page with its staff, and the staff buttons sent where
 * they change nothing: deactivating someone who is not the organisation's
 * (404), reactivating a member who is active (409).
 */
import { only, type PageProbe, probe } from "./probes";

export const adminProbes: PageProbe[] = [
  probe("GET /app/organizations", "organisations", () => ({ path: "/app/organizations" }), only({ admin: 200 })),
  probe(
    "GET /app/organizations",
    "organisations after creating one",
    () => ({ path: "/app/organizations?done=created" }),
    only({ admin: 200 }),
  ),
  probe(
    "POST /app/organizations",
    "an organisation without kind or name",
    () => ({ method: "POST", path: "/app/organizations", form: { name: "" } }),
    only({ admin: 400 }),
  ),
  probe(
    "GET /app/statistik",
    "statistics for Slagelse",
    () => ({ path: "/app/statistik?municipality=330" }),
    only({ admin: 200, otherCouncil: 200, council: 400 }),
  ),
  probe(
    "GET /app/statistik.csv",
    "statistics for Slagelse as CSV",
    () => ({ path: "/app/statistik.csv?municipality=330" }),
    only({ admin: 200, otherCouncil: 200, council: 303 }),
  ),
  probe(
    "GET /app/organizations/:id",
    "the owner's organisation and its staff",
    (f) => ({ path: `/app/organizations/${f.ownerOrg}` }),
    only({ admin: 200 }),
  ),
  probe(
    "GET /app/organizations/:id",
    "the organisation after a deactivation",
    (f) => ({ path: `/app/organizations/${f.ownerOrg}?done=deactivated&member=zealand-ida` }),
    only({ admin: 200 }),
  ),
  probe(
    "GET /app/organizations/:id",
    "an organisation that does not exist",
    () => ({ path: "/app/organizations/no-such-organisation" }),
    only({ admin: 404 }),
  ),
  probe(
    "POST /app/organizations/:id/members/:sub/deactivate",
    "deactivate a student, who is no member",
    (f) => ({ method: "POST", path: `/app/organizations/${f.ownerOrg}/members/student-freja/deactivate` }),
    only({ admin: 404 }),
  ),
  probe(
    "POST /app/organizations/:id/members/:sub/deactivate",
    "deactivate another organisation's member",
    (f) => ({ method: "POST", path: `/app/organizations/${f.ownerOrg}/members/absalon-mia/deactivate` }),
    only({ admin: 404 }),
  ),
  probe(
    "POST /app/organizations/:id/members/:sub/reactivate",
    "reactivate a member who is active",
    (f) => ({ method: "POST", path: `/app/organizations/${f.ownerOrg}/members/zealand-ida/reactivate` }),
    only({ admin: 409 }),
  ),
];
