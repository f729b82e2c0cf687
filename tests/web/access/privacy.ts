/**
 * The probes of "Mine data": everyone signed in sees their own profile and
 * downloads their own export; only students reach the erasure, sent here
 * without the tick (400, nothing erased); the confirmation after an erasure
 * is public, and sends anyone still signed in to their own data.
 */
import { everyone, only, type PageProbe, probe, signedIn } from "./probes";

const students = (outcome: number) => only({ student: outcome, otherStudent: outcome });

export const privacyProbes: PageProbe[] = [
  probe("GET /app/my-data", "my data", () => ({ path: "/app/my-data" }), signedIn(200)),
  probe("GET /app/my-data", "my data after saving", () => ({ path: "/app/my-data?done=saved" }), signedIn(200)),
  probe(
    "POST /app/my-data",
    "the profile with an e-mail that is none",
    () => ({ method: "POST", path: "/app/my-data", form: { name: "", email: "not an address" } }),
    signedIn(400),
  ),
  probe("GET /app/my-data/export", "the export", () => ({ path: "/app/my-data/export" }), signedIn(200)),
  probe("GET /app/my-data/erase", "the erasure's page", () => ({ path: "/app/my-data/erase" }), students(200)),
  probe(
    "POST /app/my-data/erase",
    "the erasure without the tick",
    () => ({ method: "POST", path: "/app/my-data/erase", form: {} }),
    students(400),
  ),
  probe("GET /app/my-data/erased", "the confirmation of an erasure", () => ({ path: "/app/my-data/erased" }), {
    ...everyone(303),
    anonymous: 200,
  }),
];
