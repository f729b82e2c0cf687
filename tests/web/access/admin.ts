/** The admin pages' probes: the organisations list, and its form sent empty (400, nothing created). */
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
];
