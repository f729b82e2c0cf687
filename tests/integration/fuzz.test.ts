/**
 * Fuzzing every route of the app (from its own route table) with arbitrary
 * and adversarial input: bodies of any shape, size and media type; query
 * strings with repeated, unknown, huge and array-valued parameters; path ids
 * that exist, do not, or are not ids at all; stale, garbled and oversized
 * headers; tokens of every role and forged ones. Whatever arrives, the
 * answer is never a 5xx, every refusal is problem+json, and a refused
 * request leaves the object it named exactly as it was.
 *
 * The seed is fixed so that a failure reproduces; FUZZ_SEED and FUZZ_RUNS
 * explore further.
 */
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { keys } from "#db/table";
import { silentLogger } from "../../functions/api/logging";
import { createLocalApp } from "../../functions/local/local-app";
import { createHarness, type Harness } from "../helpers/harness";
import { listingBody } from "../helpers/listings";
import { type ObjectsOfEveryKind, objectsOfEveryKind, routeTable } from "../helpers/objects";
import { requestBody } from "../helpers/requests";
import { createWorld, type World } from "../helpers/world";

const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);

/** The app's routes, read from a throwaway instance (building it touches no database). */
const routes = await (async () => {
  const { app } = await createLocalApp({ endpoint: "http://127.0.0.1:9", tableName: "unused", logger: silentLogger });
  return routeTable(app);
})();

let h: Harness;
let t: World["tokens"];
/** Ids of real objects, so that some fuzzed requests reach the code behind the visibility checks. */
let objects: ObjectsOfEveryKind;
/**
 * Students of DELETE /me's own: an erasure closes its caller's account, so
 * the world's students, whom every other route is fuzzed with, stay out of it.
 */
let erasers: string[];
/** A staff member whom the account routes may deactivate and reactivate (the world's staff stay active). */
const SPARE_STAFF = "fuzz-spare-staff";

beforeAll(async () => {
  h = await createHarness();
  const world = await createWorld(h);
  t = world.tokens;
  objects = await objectsOfEveryKind(h, t);
  erasers = await Promise.all([0, 1, 2].map((n) => h.tokenFor({ sub: `fuzz-eraser-${n}`, role: "student" })));
  await h.call("POST", "/housing-requests", { token: erasers[0], body: requestBody() });
  const spare = await h.tokenFor({ sub: SPARE_STAFF, role: "institution", orgId: world.orgs.zealand.id });
  await h.call("GET", "/me", { token: spare });
});

// ── what a fuzzed request is made of ───────────────────────────────────────

const printable = (maxLength: number) => fc.string({ unit: "grapheme-ascii", maxLength });
const anyText = (maxLength: number) => fc.string({ unit: "grapheme", maxLength });

const idArbitrary = () =>
  fc.oneof(
    { arbitrary: fc.constantFrom(...Object.values(objects), SPARE_STAFF), weight: 4 },
    fc.stringMatching(/^[0-9a-z]{1,64}$/),
    anyText(40).map(encodeURIComponent),
    fc.constantFrom("..", "%2e%2e", "%00", "%ZZ", "%2F", "a%20b", "x".repeat(5000), "-1", "null", "__proto__"),
  );

const queryKey = fc.oneof(
  fc.constantFrom(
    "limit",
    "cursor",
    "municipality",
    "status",
    "from",
    "to",
    "maxRent",
    "kind",
    "furnished",
    "accessible",
    "pets",
    "mine",
    "listingId",
    "requestId",
    "format",
  ),
  printable(12),
);
const queryValue = fc.oneof(
  printable(30),
  fc.constantFrom("326", "999", "true", "1", "0", "-5", "101", "2027-03-01", "2027-13-45", "", "x".repeat(10_000)),
  fc.integer().map(String),
  anyText(20),
);
const queryString = fc
  .array(fc.tuple(queryKey, queryValue, fc.integer({ min: 1, max: 40 })), { maxLength: 6 })
  .map((entries) =>
    entries
      .flatMap(([key, value, times]) =>
        Array.from({ length: times }, () => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`),
      )
      .join("&"),
  );

const validBodies = () => [
  listingBody(),
  requestBody(),
  { kind: "council", name: "Fuzz Erhvervsråd", municipalities: ["326"] },
  { listingId: objects.listing, message: "Hello" },
  { reason: "Because" },
  { expiresInHours: 24 },
  { rentDkk: 3300 },
  { role: "student" },
];

/** A valid body with one field replaced by anything, or removed. */
const mutatedBody = fc
  .tuple(fc.nat(), fc.nat(), fc.oneof(fc.anything(), fc.constant(undefined)))
  .map(([which, field, value]) => {
    const bodies = validBodies();
    const body: Record<string, unknown> = { ...(bodies[which % bodies.length] as Record<string, unknown>) };
    const names = [...Object.keys(body), "extra", "__proto__", "constructor"];
    body[names[field % names.length] as string] = value;
    return JSON.stringify(body);
  });

const rawBody = fc.oneof(
  fc.constant(undefined),
  fc.constant(""),
  fc.json({ maxDepth: 4 }),
  fc.anything({ maxDepth: 3 }).map((value) => JSON.stringify(value) ?? "null"),
  mutatedBody,
  anyText(200),
  fc.constantFrom("{", "[1,2", '{"a":1}{"b":2}', "\u0000", "null", "true", "1e999", '"just a string"'),
  fc.constant(JSON.stringify({ padding: "x".repeat(300 * 1024) })),
  fc.constant(`[${"[".repeat(5000)}${"]".repeat(5000)}]`),
);

const contentType = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom(
    "application/json",
    "application/json; charset=utf-8",
    "application/problem+json",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=xyz",
    "application/json; charset=utf-16",
    "",
  ),
  printable(40),
);

const tokenArbitrary = (route: string) =>
  fc.oneof(
    // Mostly real callers: a fuzz that stops at the token check tests little else.
    {
      arbitrary: fc.constantFrom(...(route === "DELETE /me" ? [...erasers, t.zealand, t.admin] : Object.values(t))),
      weight: 6,
    },
    fc.constant(undefined),
    printable(60),
    fc.constantFrom(...Object.values(t)).map((token) => `${token.slice(0, -4)}AAAA`),
  );

const optionalHeader = (values: fc.Arbitrary<string>) => fc.option(values, { nil: undefined });

const requestArbitrary = (route: string) =>
  fc.record({
    id: idArbitrary(),
    query: queryString,
    body: rawBody,
    contentType,
    token: tokenArbitrary(route),
    ifMatch: optionalHeader(fc.oneof(fc.constantFrom('"1"', '"999"', "*", 'W/"1"', '"-1"', '"1", "2"'), printable(20))),
    idempotencyKey: optionalHeader(fc.oneof(printable(300), fc.uuid())),
  });

// ── checks ────────────────────────────────────────────────────────────────

const objectKeyOf: Record<string, (id: string) => { pk: string; sk: string }> = {
  listings: keys.listing,
  "housing-requests": keys.housingRequest,
  applications: keys.application,
  bookings: keys.booking,
  organizations: keys.organization,
};

/** The stored item a path names, as raw as DynamoDB holds it; undefined when none. */
async function storedItem(path: string) {
  const [, collection, id] = path.split("/");
  const keyOf = collection ? objectKeyOf[collection] : undefined;
  if (!keyOf || !id || !/^[0-9a-z]{1,64}$/.test(id)) return undefined;
  const { Item } = await h.db.client.send(
    new GetCommand({ TableName: h.db.tableName, Key: keyOf(id), ConsistentRead: true }),
  );
  return Item;
}

describe("fuzzing every route", () => {
  it("covers the whole route table of the app under test", () => {
    expect(routes).toEqual(routeTable(h.app));
  });

  it.each(routes)("%s: never a 5xx, every refusal problem+json, nothing changed by a refusal", async (route) => {
    const [method = "GET", template = "/"] = route.split(" ");
    const changes = method !== "GET";
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(requestArbitrary(route), async (input) => {
        const path = template.replace(/:[a-z]+/g, () => input.id);
        const url = input.query ? `${path}?${input.query}` : path;
        const headers: Record<string, string> = {};
        if (input.contentType !== undefined) headers["content-type"] = input.contentType;
        if (input.ifMatch !== undefined) headers["if-match"] = input.ifMatch;
        if (input.idempotencyKey !== undefined) headers["idempotency-key"] = input.idempotencyKey;
        const before = changes ? await storedItem(path) : undefined;

        const response = await h.call(method, url, {
          token: input.token,
          rawBody: method === "GET" ? undefined : input.body,
          headers,
        });

        statuses.add(response.status);
        const what = `${method} ${url.slice(0, 200)} → ${response.status}: ${response.text.slice(0, 300)}`;
        expect(response.status, what).toBeLessThan(500);
        if (response.status >= 400) {
          expect(response.headers.get("content-type"), what).toBe("application/problem+json");
          expect(JSON.parse(response.text).status, what).toBe(response.status);
          if (changes) expect(await storedItem(path), what).toEqual(before);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // The fuzz reached past the token check: some answer was not 401.
    expect([...statuses].some((status) => status !== 401)).toBe(true);
  });
});
