/**
 * Fuzzing every page of the web app (from its own route table) the way a
 * browser, a careless user or an attacker can reach it: forms of any fields
 * and values (the session's token included, so the handlers run), query
 * strings of any shape, path ids that exist, do not, or are no ids at all,
 * as every kind of signed-in user. Whatever arrives, the answer is a page
 * (HTML), a redirect, or for a download its file, never a 5xx, and the
 * objects it named are as they were unless the form was a valid change.
 *
 * The seed is fixed so that a failure reproduces; FUZZ_SEED and FUZZ_RUNS
 * explore further.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "#auth/principal";
import { createHarness, type Harness } from "../helpers/harness";
import { type ObjectsOfEveryKind, objectsOfEveryKind, routeTable } from "../helpers/objects";
import { page, sessionFor, type WebSession } from "../helpers/web";
import { createWorld } from "../helpers/world";

const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const RUNS = Number(process.env.FUZZ_RUNS ?? 15);

let h: Harness;
let objects: ObjectsOfEveryKind;
let sessions: WebSession[];
let routes: string[];

beforeAll(async () => {
  h = await createHarness();
  const world = await createWorld(h);
  objects = await objectsOfEveryKind(h, world.tokens);
  const people: Principal[] = [
    { sub: "student-freja", role: "student" },
    { sub: "zealand-ida", role: "institution", orgId: world.orgs.zealand.id },
    { sub: "kalundborg-anna", role: "council", orgId: world.orgs.kalundborg.id },
    h.admin,
  ];
  sessions = await Promise.all(people.map((principal) => sessionFor(h, principal)));
  // Signing out ends the fuzzer's own sessions; it is plain enough to need no fuzzing.
  routes = routeTable(h.web).filter((route) => route !== "POST /app/sign-out");
});

/** Routes that answer a file to save rather than a page: their type, sent as an attachment. */
const DOWNLOADS: Record<string, RegExp> = {
  "GET /app/statistik.csv": /^text\/csv/,
  "GET /app/my-data/export": /^application\/json/,
};

const anyText = (maxLength: number) => fc.string({ unit: "grapheme", maxLength });

/** Field names the pages read, and others. */
const fieldName = fc.oneof(
  fc.constantFrom(
    "title",
    "description",
    "kind",
    "municipalityCode",
    "address.street",
    "address.postalCode",
    "address.city",
    "location.lat",
    "location.lon",
    "rentDkk",
    "depositDkk",
    "sizeSqm",
    "capacity",
    "availableFrom",
    "availableTo",
    "languages",
    "contactNote",
    "furnished",
    "company",
    "internship.company",
    "internship.municipalityCode",
    "internship.startDate",
    "internship.endDate",
    "moveIn",
    "moveOut",
    "maxRent",
    "preferredKinds",
    "maxDistanceKm",
    "note",
    "message",
    "reason",
    "expiresInHours",
    "requestId",
    "listingId",
    "version",
    "step",
    "user",
    "name",
    "municipalities",
    "municipality",
    "from",
    "to",
    "status",
    "cursor",
  ),
  fc.stringMatching(/^[a-zA-Z._[\]]{1,20}$/),
);

const fieldValue = fc.oneof(
  fc.constantFrom("", "0", "-1", "3.200", "1e9", "NaN", "true", "on", "2027-02-01", "2026-11-30", "2027-13-45", "326"),
  fc.constantFrom("room", "council", "da", "<script>alert(1)</script>", "x".repeat(3000), "\u0000", "../..", "%00"),
  anyText(60),
);

const formArbitrary = fc.dictionary(fieldName, fc.oneof(fieldValue, fc.array(fieldValue, { maxLength: 4 })), {
  maxKeys: 12,
});

function idFor(segment: string | undefined): fc.Arbitrary<string> {
  const known: Record<string, string> = {
    rooms: objects.listing,
    listings: objects.listing,
    reviews: objects.pendingListing,
    requests: objects.request,
    applications: objects.application,
    bookings: objects.booking,
  };
  return fc.oneof(
    { arbitrary: fc.constant(segment && known[segment] ? known[segment] : objects.listing), weight: 3 },
    fc.constantFrom(...Object.values(objects)),
    fc.stringMatching(/^[0-9a-z]{1,30}$/),
    fc.constantFrom("%00", "..", "x".repeat(2000), "__proto__"),
  );
}

/** The route's path with each parameter filled by an id for what the segment before it names. */
function pathArbitrary(pattern: string): fc.Arbitrary<string> {
  const segments = pattern.split("/");
  const parts = segments.map((segment, index) =>
    segment.startsWith(":") ? idFor(segments[index - 1]).map(encodeURIComponent) : fc.constant(segment),
  );
  return fc.tuple(...parts).map((filled) => filled.join("/"));
}

const queryArbitrary = fc
  .array(fc.tuple(fieldName, fieldValue), { maxLength: 6 })
  .map((pairs) => (pairs.length === 0 ? "" : `?${new URLSearchParams(pairs).toString()}`));

describe("fuzzing every page", () => {
  it("has pages to fuzz", () => {
    expect(routes.length).toBeGreaterThan(10);
  });

  it("never answers a 5xx, and always with a page, a redirect or a download's file", { timeout: 600_000 }, async () => {
    const failures: string[] = [];
    for (const route of routes) {
      const [method, pattern] = route.split(" ") as ["GET" | "POST", string];
      await fc.assert(
        fc.asyncProperty(
          pathArbitrary(pattern),
          queryArbitrary,
          formArbitrary,
          fc.nat(sessions.length - 1),
          async (path, query, form, who) => {
            const response = await page(h, method, `${path}${query}`, { session: sessions[who], form });
            const type = response.headers.get("content-type") ?? "";
            const download = DOWNLOADS[route];
            const file =
              download !== undefined &&
              response.status === 200 &&
              download.test(type) &&
              /^attachment;/.test(response.headers.get("content-disposition") ?? "");
            const fine =
              response.status < 500 &&
              (response.status === 303 || response.status === 302 || /^text\/html/.test(type) || file);
            if (!fine) failures.push(`${route} ${method} ${path}${query} → ${response.status} ${type}`);
            return fine;
          },
        ),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
    }
    expect(failures).toEqual([]);
  });
});
