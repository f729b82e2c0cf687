/**
 * The admin pages' probes: the organisations list, and its form sent empty
 * (400, nothing created); statistics for a municipality of the admin's
 * choosing, which Slagelse's council may see and Kalundborg's may not choose.
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
];
