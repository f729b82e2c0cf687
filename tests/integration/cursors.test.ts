/**
 * Cursors of every list route: they page, they reveal nothing, and they are
 * bound to the caller and to every parameter of the query (path, filters,
 * limit); any other use answers 400.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../helpers/harness";
import { approvedListing, createListing } from "../helpers/listings";
import { createRequest } from "../helpers/requests";
import { applied, bookedStay } from "../helpers/stays";
import { createWorld, type World } from "../helpers/world";

let h: Harness;
let w: World;

interface ListCase {
  /** The first page, with `limit` set so that there is a second. */
  url: string;
  token?: string;
  /** The same list with one parameter changed. */
  changed: string[];
  /** Another caller who may use the route. */
  otherCaller?: string;
}

const CASES = [
  "GET /listings",
  "GET /listings?mine=true",
  "GET /listings/{id}/history",
  "GET /reviews",
  "GET /housing-requests",
  "GET /housing-requests (council)",
  "GET /housing-requests/{id}/matches",
  "GET /housing-requests/{id}/history",
  "GET /applications",
  "GET /applications?listingId",
  "GET /applications/{id}/history",
  "GET /bookings",
  "GET /bookings/{id}/history",
  "GET /organizations",
  "GET /organizations/{id}/members",
  "GET /municipalities",
] as const;
type CaseName = (typeof CASES)[number];
const cases = {} as Record<CaseName, ListCase>;
/** Ids and names that a cursor must not reveal. */
const secrets = ["gsi1pk", "gsi2sk", "LISTING", "STUDENT", "REQUEST", "ORG#", "student-freja", "MONTH"];

beforeAll(async () => {
  h = await createHarness();
  w = await createWorld(h);
  const t = w.tokens;
  const actors = { owner: t.zealand, reviewer: t.kalundborg };
  const [booked1, booked2, free1, free2] = [
    await approvedListing(h, actors),
    await approvedListing(h, actors),
    await approvedListing(h, actors, { rentDkk: 2500 }),
    await approvedListing(h, actors, { rentDkk: 2600 }),
  ];
  for (let i = 0; i < 2; i++) {
    const pending = await createListing(h, t.zealand);
    await h.call("POST", `/listings/${pending.id}/submit`, { token: t.zealand });
  }
  const stay1 = await bookedStay(h, { student: t.student, owner: t.zealand }, booked1.id);
  const stay2 = await bookedStay(h, { student: t.student, owner: t.zealand }, booked2.id);
  await h.call("POST", `/bookings/${stay1.bookingId}/cancel`, { token: t.student, body: { reason: "Plans changed" } });
  const request = await createRequest(h, t.student);
  await applied(h, t.student, request.id, free1.id);
  await applied(h, t.student, request.id, free2.id);
  const otherRequest = await createRequest(h, t.otherStudent);
  await applied(h, t.otherStudent, otherRequest.id, free1.id);
  const otherAdmin = await h.tokenFor({ sub: "admin-2", role: "admin" });
  // Zealand's second member signs in too: an account is made on first sight.
  await h.call("GET", "/me", { token: t.zealandColleague });
  secrets.push(booked1.id, free1.id, request.id, stay1.bookingId, stay1.applicationId, w.orgs.zealand.id);

  Object.assign(cases, {
    "GET /listings": {
      url: "/listings?municipality=326&limit=1",
      token: t.student,
      changed: [
        "/listings?municipality=326&limit=2",
        "/listings?municipality=326&limit=1&maxRent=2550",
        "/listings?municipality=326&municipality=330&limit=1",
        "/listings?municipality=326&limit=1&from=2027-03-01&to=2027-04-01",
        "/listings?municipality=326&limit=1&furnished=true",
      ],
      otherCaller: t.otherStudent,
    },
    "GET /listings?mine=true": {
      url: "/listings?mine=true&limit=1",
      token: t.zealand,
      changed: ["/listings?mine=true&limit=1&status=approved", "/listings?limit=1"],
      otherCaller: t.zealandColleague,
    },
    "GET /listings/{id}/history": {
      url: `/listings/${booked1.id}/history?limit=1`,
      token: t.zealand,
      changed: [`/listings/${booked2.id}/history?limit=1`],
      otherCaller: t.kalundborg,
    },
    "GET /reviews": {
      url: "/reviews?limit=1",
      token: t.kalundborg,
      changed: ["/reviews?limit=3"],
      otherCaller: t.kalundborgColleague,
    },
    "GET /housing-requests": {
      url: "/housing-requests?limit=1",
      token: t.student,
      changed: ["/housing-requests?limit=1&status=open"],
      otherCaller: t.otherStudent,
    },
    "GET /housing-requests (council)": {
      url: "/housing-requests?limit=1&status=open",
      token: t.kalundborg,
      changed: ["/housing-requests?limit=1&status=expired", "/housing-requests?limit=1&status=open&municipality=326"],
      otherCaller: t.admin,
    },
    "GET /housing-requests/{id}/matches": {
      url: `/housing-requests/${request.id}/matches?limit=1`,
      token: t.student,
      changed: [
        `/housing-requests/${request.id}/matches?limit=2`,
        `/housing-requests/${stay2.requestId}/matches?limit=1`,
      ],
      otherCaller: t.otherStudent,
    },
    "GET /housing-requests/{id}/history": {
      url: `/housing-requests/${stay1.requestId}/history?limit=1`,
      token: t.student,
      changed: [`/housing-requests/${stay2.requestId}/history?limit=1`],
      otherCaller: t.admin,
    },
    "GET /applications": {
      url: `/applications?requestId=${request.id}&limit=1`,
      token: t.student,
      changed: [
        `/applications?requestId=${request.id}&limit=1&status=pending`,
        `/applications?requestId=${request.id}&limit=1&status=expired`,
        `/applications?requestId=${stay1.requestId}&limit=1`,
      ],
      otherCaller: t.zealand,
    },
    "GET /applications?listingId": {
      url: `/applications?listingId=${free1.id}&status=pending&limit=1`,
      token: t.zealand,
      changed: [`/applications?listingId=${free1.id}&status=offered&limit=1`],
      otherCaller: t.zealandColleague,
    },
    "GET /applications/{id}/history": {
      url: `/applications/${stay1.applicationId}/history?limit=1`,
      token: t.student,
      changed: [`/applications/${stay2.applicationId}/history?limit=1`],
      otherCaller: t.zealand,
    },
    "GET /bookings": {
      url: "/bookings?limit=1",
      token: t.student,
      changed: [
        "/bookings?limit=1&status=confirmed",
        `/bookings?limit=1&requestId=${stay1.requestId}`,
        `/bookings?limit=1&listingId=${booked1.id}`,
      ],
      otherCaller: t.otherStudent,
    },
    "GET /bookings/{id}/history": {
      url: `/bookings/${stay1.bookingId}/history?limit=1`,
      token: t.student,
      changed: [`/bookings/${stay2.bookingId}/history?limit=1`],
      otherCaller: t.zealand,
    },
    "GET /organizations": {
      url: "/organizations?limit=1",
      token: t.admin,
      changed: ["/organizations?limit=2"],
      otherCaller: otherAdmin,
    },
    "GET /organizations/{id}/members": {
      url: `/organizations/${w.orgs.zealand.id}/members?limit=1`,
      token: t.admin,
      changed: [
        `/organizations/${w.orgs.absalon.id}/members?limit=1`,
        `/organizations/${w.orgs.zealand.id}/members?limit=2`,
      ],
      otherCaller: otherAdmin,
    },
    "GET /municipalities": {
      url: "/municipalities?limit=5",
      changed: ["/municipalities?limit=6"],
    },
  } satisfies Record<CaseName, ListCase>);
});

const withCursor = (url: string, cursor: string) => `${url}&cursor=${encodeURIComponent(cursor)}`;

async function firstPage(list: ListCase) {
  const first = await h.call("GET", list.url, { token: list.token });
  expect(first.status, first.text).toBe(200);
  expect(first.json.nextCursor, `${list.url} has no second page`).toEqual(expect.any(String));
  return first;
}

const expectCursorRefused = (response: { status: number; json: { errors?: unknown } }) => {
  expect(response.status).toBe(400);
  expect(response.json.errors).toEqual([{ path: "cursor", message: expect.any(String) }]);
};

describe("every list route", () => {
  it("is covered here", async () => {
    type Schema = { properties?: Record<string, unknown> };
    type Operation = { responses: Record<string, { content?: Record<string, { schema?: Schema }> }> };
    const document = (await h.call("GET", "/openapi.json")).json as {
      paths: Record<string, { get?: Operation }>;
    };
    const lists = Object.entries(document.paths)
      .filter(([, item]) => item.get?.responses["200"]?.content?.["application/json"]?.schema?.properties?.nextCursor)
      .map(([path]) => `GET ${path}`);
    expect(lists.length).toBeGreaterThanOrEqual(12);
    expect(CASES).toEqual(expect.arrayContaining(lists));
  });
});

describe.each(CASES)("%s", (name) => {
  it("pages to the end with its cursors", async () => {
    const list = cases[name];
    const first = await firstPage(list);
    const second = await h.call("GET", withCursor(list.url, first.json.nextCursor), { token: list.token });
    expect(second.status, second.text).toBe(200);
    expect(second.json.items.length).toBeGreaterThan(0);
    expect(JSON.stringify(second.json.items[0])).not.toBe(JSON.stringify(first.json.items[0]));
  });

  it("refuses its cursor with any other parameter, another caller, or altered", async () => {
    const list = cases[name];
    const cursor = (await firstPage(list)).json.nextCursor as string;
    for (const url of list.changed) {
      expectCursorRefused(await h.call("GET", withCursor(url, cursor), { token: list.token }));
    }
    if (list.otherCaller) {
      expectCursorRefused(await h.call("GET", withCursor(list.url, cursor), { token: list.otherCaller }));
    }
    const middle = Math.floor(cursor.length / 2);
    const altered = cursor.slice(0, middle) + (cursor[middle] === "A" ? "B" : "A") + cursor.slice(middle + 1);
    expectCursorRefused(await h.call("GET", withCursor(list.url, altered), { token: list.token }));
  });

  it("gives cursors that reveal no key, name or id", async () => {
    const list = cases[name];
    const cursor = (await firstPage(list)).json.nextCursor as string;
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    const decoded = Buffer.from(cursor, "base64url").toString("latin1");
    for (const secret of secrets) {
      expect(decoded).not.toContain(secret);
      expect(cursor).not.toContain(secret);
    }
  });
});
