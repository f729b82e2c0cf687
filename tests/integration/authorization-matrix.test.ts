/**
 * The authorization matrix: every route of the app × every kind of caller ×
 * their own object or another's → the status the SPEC promises. The routes
 * come from the app's own route table, so a route added without
 * expectations here fails the first test.
 *
 * Callers that may act are sent a request that proves they got past every
 * check of who they are without changing anything: a stale `If-Match` (412,
 * which comes after 404), an empty body on a create (400), or an action that
 * the object's state refuses (409). Everyone else must get 401, 403 or 404.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../helpers/harness";
import { type ObjectsOfEveryKind, objectsOfEveryKind, routeTable } from "../helpers/objects";
import { createWorld } from "../helpers/world";

const ACTORS = [
  "anonymous",
  "student",
  "otherStudent",
  "owner",
  "otherInstitution",
  "council",
  "otherCouncil",
  "admin",
] as const;
type Actor = (typeof ACTORS)[number];
type Expected = Record<Actor, number>;

interface Fixture extends ObjectsOfEveryKind {
  ownerOrg: string;
  /** The owner's user id: their account's path. */
  ownerSub: string;
  /** A static asset the docs page links to. */
  asset: string;
}

interface Probe {
  label: string;
  request(f: Fixture): { method?: string; path: string; body?: unknown; headers?: Record<string, string> };
  expected: Expected;
}

/** Every caller gets `status`. */
const everyone = (status: number): Expected => Object.fromEntries(ACTORS.map((actor) => [actor, status])) as Expected;
/** Signed-in callers get `others` unless named; no token is always 401. */
const signedIn = (others: number, named: Partial<Expected> = {}): Expected => ({
  ...everyone(others),
  anonymous: 401,
  ...named,
});
/** Only the named callers get past the role check; every other signed-in caller gets 403. */
const only = (named: Partial<Expected>) => signedIn(403, named);

const stale = { "if-match": '"999"' };
const probe = (label: string, request: Probe["request"], expected: Expected): Probe => ({ label, request, expected });

/** Expectations per route, keyed as the app's route table names them. */
const matrix: Record<string, Probe[]> = {
  "GET /health": [probe("liveness", () => ({ path: "/health" }), everyone(200))],
  "GET /openapi.json": [probe("document", () => ({ path: "/openapi.json" }), everyone(200))],
  "GET /docs": [probe("docs page", () => ({ path: "/docs" }), everyone(200))],
  "GET /assets/:file": [
    probe("an asset", (f) => ({ path: f.asset }), everyone(200)),
    probe("an unknown asset", () => ({ path: "/assets/nothing.0000000000.css" }), everyone(404)),
  ],
  "GET /municipalities": [probe("reference data", () => ({ path: "/municipalities" }), everyone(200))],
  "POST /dev/token": [probe("empty body", () => ({ method: "POST", path: "/dev/token", body: {} }), everyone(400))],
  "GET /me": [probe("who am I", () => ({ path: "/me" }), signedIn(200))],
  "GET /stats": [
    probe("figures", () => ({ path: "/stats" }), only({ council: 200, otherCouncil: 200, admin: 200 })),
    probe("as CSV", () => ({ path: "/stats?format=csv" }), only({ council: 200, otherCouncil: 200, admin: 200 })),
    probe(
      "a reversed period",
      () => ({ path: "/stats?from=2027-01-02&to=2027-01-01" }),
      only({ council: 400, otherCouncil: 400, admin: 400 }),
    ),
  ],
  "PATCH /me": [
    probe("stale edit", () => ({ method: "PATCH", path: "/me", body: { name: "Ny" }, headers: stale }), signedIn(412)),
  ],
  "GET /me/export": [probe("my data", () => ({ path: "/me/export" }), signedIn(200))],
  "DELETE /me": [
    probe(
      "stale erasure",
      () => ({ method: "DELETE", path: "/me", headers: stale }),
      only({ student: 412, otherStudent: 412 }),
    ),
  ],

  "POST /organizations": [
    probe("empty body", () => ({ method: "POST", path: "/organizations", body: {} }), only({ admin: 400 })),
  ],
  "GET /organizations": [
    probe(
      "list",
      () => ({ path: "/organizations" }),
      only({ owner: 200, otherInstitution: 200, council: 200, otherCouncil: 200, admin: 200 }),
    ),
  ],
  "GET /organizations/:id/members": [
    probe("the owner's members", (f) => ({ path: `/organizations/${f.ownerOrg}/members` }), only({ admin: 200 })),
  ],
  "POST /accounts/:sub/deactivate": [accountAction("deactivate")],
  "POST /accounts/:sub/reactivate": [accountAction("reactivate")],
  "GET /organizations/:id": [
    probe(
      "the owner's organisation",
      (f) => ({ path: `/organizations/${f.ownerOrg}` }),
      only({ owner: 200, otherInstitution: 404, council: 404, otherCouncil: 404, admin: 200 }),
    ),
  ],

  "POST /listings": [
    probe(
      "empty body",
      () => ({ method: "POST", path: "/listings", body: {} }),
      only({ owner: 400, otherInstitution: 400, council: 400, otherCouncil: 400 }),
    ),
  ],
  "GET /listings": [probe("search", () => ({ path: "/listings" }), signedIn(200))],
  "GET /listings/:id": [
    probe("approved listing", (f) => ({ path: `/listings/${f.listing}` }), signedIn(200)),
    probe(
      "pending listing",
      (f) => ({ path: `/listings/${f.pendingListing}` }),
      signedIn(404, { owner: 200, council: 200, admin: 200 }),
    ),
  ],
  "PATCH /listings/:id": [
    probe(
      "stale edit",
      (f) => ({ method: "PATCH", path: `/listings/${f.listing}`, body: { rentDkk: 100 }, headers: stale }),
      only({ owner: 412, otherInstitution: 404, council: 404, otherCouncil: 404 }),
    ),
  ],
  "POST /listings/:id/submit": [ownerAction("submit")],
  "POST /listings/:id/withdraw": [ownerAction("withdraw")],
  "POST /listings/:id/approve": [reviewAction("approve")],
  "POST /listings/:id/reject": [reviewAction("reject", { reason: "Not safe" })],
  "GET /listings/:id/history": [
    probe(
      "audit trail",
      (f) => ({ path: `/listings/${f.listing}/history` }),
      only({ owner: 200, otherInstitution: 404, council: 200, otherCouncil: 404, admin: 200 }),
    ),
  ],
  "GET /reviews": [probe("review queue", () => ({ path: "/reviews" }), only({ council: 200, otherCouncil: 200 }))],

  "POST /housing-requests": [
    probe(
      "empty body",
      () => ({ method: "POST", path: "/housing-requests", body: {} }),
      only({ student: 400, otherStudent: 400 }),
    ),
  ],
  "GET /housing-requests": [
    probe(
      "list",
      () => ({ path: "/housing-requests" }),
      only({ student: 200, otherStudent: 200, council: 200, otherCouncil: 200, admin: 200 }),
    ),
  ],
  "GET /housing-requests/:id": [requestReader("")],
  "GET /housing-requests/:id/history": [requestReader("/history")],
  "GET /housing-requests/:id/matches": [
    probe(
      "matches",
      (f) => ({ path: `/housing-requests/${f.request}/matches` }),
      only({ student: 200, otherStudent: 404 }),
    ),
  ],
  "POST /housing-requests/:id/applications": [
    probe(
      "apply to a pending listing",
      (f) => ({
        method: "POST",
        path: `/housing-requests/${f.request}/applications`,
        body: { listingId: f.pendingListing },
      }),
      only({ student: 409, otherStudent: 404 }),
    ),
  ],
  "POST /housing-requests/:id/cancel": [
    probe(
      "stale cancel",
      (f) => ({ method: "POST", path: `/housing-requests/${f.request}/cancel`, headers: stale }),
      only({ student: 412, otherStudent: 404 }),
    ),
  ],

  "GET /applications": [
    probe(
      "of a request",
      (f) => ({ path: `/applications?requestId=${f.request}` }),
      only({
        student: 200,
        otherStudent: 404,
        owner: 404,
        otherInstitution: 404,
        council: 404,
        otherCouncil: 404,
        admin: 200,
      }),
    ),
    probe(
      "to a listing",
      (f) => ({ path: `/applications?listingId=${f.listing}` }),
      only({
        student: 404,
        otherStudent: 404,
        owner: 200,
        otherInstitution: 404,
        council: 404,
        otherCouncil: 404,
        admin: 200,
      }),
    ),
  ],
  "GET /applications/:id": [applicationReader("")],
  "GET /applications/:id/history": [applicationReader("/history")],
  "POST /applications/:id/offer": [applicationOwnerAction("offer")],
  "POST /applications/:id/decline": [applicationOwnerAction("decline")],
  "POST /applications/:id/accept": [applicationStudentAction("accept")],
  "POST /applications/:id/withdraw": [applicationStudentAction("withdraw")],

  "GET /bookings": [
    probe(
      "mine or my municipalities'",
      () => ({ path: "/bookings" }),
      only({
        student: 200,
        otherStudent: 200,
        owner: 400,
        otherInstitution: 400,
        council: 200,
        otherCouncil: 200,
        admin: 200,
      }),
    ),
    probe(
      "of a listing",
      (f) => ({ path: `/bookings?listingId=${f.listing}` }),
      only({
        student: 404,
        otherStudent: 404,
        owner: 200,
        otherInstitution: 404,
        council: 200,
        otherCouncil: 404,
        admin: 200,
      }),
    ),
  ],
  "GET /bookings/:id": [bookingReader("")],
  "GET /bookings/:id/history": [bookingReader("/history")],
  "POST /bookings/:id/cancel": [
    probe(
      "stale cancel",
      (f) => ({ method: "POST", path: `/bookings/${f.booking}/cancel`, headers: stale }),
      only({
        student: 412,
        otherStudent: 404,
        owner: 412,
        otherInstitution: 404,
        council: 404,
        otherCouncil: 404,
        admin: 412,
      }),
    ),
  ],
};

function accountAction(name: string): Probe {
  return probe(
    `stale ${name}`,
    (f) => ({ method: "POST", path: `/accounts/${f.ownerSub}/${name}`, headers: stale }),
    only({ admin: 412 }),
  );
}

function ownerAction(name: string): Probe {
  return probe(
    `stale ${name}`,
    (f) => ({ method: "POST", path: `/listings/${f.listing}/${name}`, headers: stale }),
    only({ owner: 412, otherInstitution: 404, council: 404, otherCouncil: 404 }),
  );
}

function reviewAction(name: string, body?: unknown): Probe {
  return probe(
    `stale ${name}`,
    (f) => ({ method: "POST", path: `/listings/${f.pendingListing}/${name}`, body, headers: stale }),
    only({ council: 412, otherCouncil: 404 }),
  );
}

function requestReader(suffix: string): Probe {
  return probe(
    `request${suffix}`,
    (f) => ({ path: `/housing-requests/${f.request}${suffix}` }),
    only({ student: 200, otherStudent: 404, council: 200, otherCouncil: 404, admin: 200 }),
  );
}

function applicationReader(suffix: string): Probe {
  return probe(
    `application${suffix}`,
    (f) => ({ path: `/applications/${f.application}${suffix}` }),
    only({
      student: 200,
      otherStudent: 404,
      owner: 200,
      otherInstitution: 404,
      council: 404,
      otherCouncil: 404,
      admin: 200,
    }),
  );
}

function applicationOwnerAction(name: string): Probe {
  return probe(
    `stale ${name}`,
    (f) => ({ method: "POST", path: `/applications/${f.application}/${name}`, headers: stale }),
    only({ owner: 412, otherInstitution: 404, council: 404, otherCouncil: 404 }),
  );
}

function applicationStudentAction(name: string): Probe {
  return probe(
    `stale ${name}`,
    (f) => ({ method: "POST", path: `/applications/${f.application}/${name}`, headers: stale }),
    only({ student: 412, otherStudent: 404 }),
  );
}

function bookingReader(suffix: string): Probe {
  return probe(
    `booking${suffix}`,
    (f) => ({ path: `/bookings/${f.booking}${suffix}` }),
    only({
      student: 200,
      otherStudent: 404,
      owner: 200,
      otherInstitution: 404,
      council: 200,
      otherCouncil: 404,
      admin: 200,
    }),
  );
}

let h: Harness;
let tokens: Record<Actor, string | undefined>;
let fixture: Fixture;

beforeAll(async () => {
  h = await createHarness();
  const world = await createWorld(h);
  const t = world.tokens;
  tokens = {
    anonymous: undefined,
    student: t.student,
    otherStudent: t.otherStudent,
    owner: t.zealand,
    otherInstitution: t.absalon,
    council: t.kalundborg,
    otherCouncil: t.slagelse,
    admin: t.admin,
  };
  const objects = await objectsOfEveryKind(h, t);
  const docs = await h.call("GET", "/docs");
  const asset = /(?:href|src)="(\/assets\/[^"]+)"/.exec(docs.text)?.[1];
  if (!asset) throw new Error("The docs page links to no asset");
  fixture = {
    ...objects,
    ownerOrg: world.orgs.zealand.id,
    ownerSub: "zealand-ida",
    asset,
  };
});

describe("the authorization matrix", () => {
  it("has expectations for every route of the app, and for no route the app lacks", () => {
    expect(routeTable(h.app)).toEqual(Object.keys(matrix).sort());
  });

  it.each(Object.keys(matrix).sort())("%s answers each caller as expected", async (route) => {
    const probes = matrix[route] ?? [];
    const mismatches: string[] = [];
    await Promise.all(
      probes.flatMap((entry) =>
        ACTORS.map(async (actor) => {
          const { method = "GET", path, body, headers } = entry.request(fixture);
          const response = await h.call(method, path, { token: tokens[actor], body, headers });
          if (response.status !== entry.expected[actor]) {
            mismatches.push(`${entry.label} as ${actor}: ${response.status}, expected ${entry.expected[actor]}`);
          }
        }),
      ),
    );
    expect(mismatches.sort()).toEqual([]);
  });

  it("left every object as it was (no probe changed anything)", async () => {
    const admin = tokens.admin;
    const read = async (path: string) => (await h.call("GET", path, { token: admin })).json;
    expect(await read(`/listings/${fixture.listing}`)).toMatchObject({ status: "approved", version: 3 });
    expect(await read(`/listings/${fixture.pendingListing}`)).toMatchObject({ status: "pending", version: 2 });
    expect(await read(`/housing-requests/${fixture.request}`)).toMatchObject({ status: "open", version: 2 });
    expect(await read(`/applications/${fixture.application}`)).toMatchObject({ status: "pending", version: 1 });
    expect(await read(`/bookings/${fixture.booking}`)).toMatchObject({ status: "confirmed", version: 1 });
    const members = (await read(`/organizations/${fixture.ownerOrg}/members`)).items;
    expect(members).toContainEqual(expect.objectContaining({ sub: fixture.ownerSub, status: "active", version: 1 }));
    for (const actor of ["student", "otherStudent", "owner", "admin"] as const) {
      expect(await h.call("GET", "/me", { token: tokens[actor] })).toMatchObject({ status: 200, json: { version: 1 } });
    }
  });
});
