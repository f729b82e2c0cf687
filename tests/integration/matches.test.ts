/** Matches through HTTP: hard constraints that need the database, ranking and paging. */
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../helpers/harness";
import { approvedListing } from "../helpers/listings";
import { createRequest } from "../helpers/requests";
import { createWorld, type World } from "../helpers/world";

let h: Harness;
let t: World["tokens"];
const ids: Record<string, string> = {};
let requestId: string;

const slagelse = { municipalityCode: "330", address: { street: "Nytorv 2", postalCode: "4200", city: "Slagelse" } };

beforeAll(async () => {
  h = await createHarness();
  t = (await createWorld(h)).tokens;
  const owner = { owner: t.zealand, reviewer: t.kalundborg };
  ids.near = (await approvedListing(h, owner, { rentDkk: 3000, location: { lat: 55.675, lon: 11.1 } })).id;
  ids.farther = (await approvedListing(h, owner, { rentDkk: 3000, location: { lat: 55.6, lon: 11.2 } })).id;
  ids.cheaper = (await approvedListing(h, owner, { rentDkk: 2000, location: { lat: 55.6, lon: 11.2 } })).id;
  ids.apartment = (await approvedListing(h, owner, { kind: "apartment", location: { lat: 55.675, lon: 11.1 } })).id;
  ids.full = (await approvedListing(h, owner, { capacity: 1, location: { lat: 55.675, lon: 11.1 } })).id;
  ids.tooFar = (
    await approvedListing(
      h,
      { owner: t.zealand, reviewer: t.lollandFalster },
      {
        municipalityCode: "376",
        address: { street: "Torvet 1", postalCode: "4800", city: "Nykøbing F" },
        location: { lat: 54.77, lon: 11.87 },
      },
    )
  ).id;
  ids.slagelse = (
    await approvedListing(h, { owner: t.zealand, reviewer: t.slagelse }, { ...slagelse, location: undefined })
  ).id;
  ids.tooExpensive = (await approvedListing(h, owner, { rentDkk: 4001 })).id;
  ids.unfurnished = (await approvedListing(h, owner, { furnished: false })).id;
  ids.shortWindow = (await approvedListing(h, owner, { availableTo: "2027-05-31" })).id;

  // Another student holds the only bed of "full" for the whole stay.
  const other = await h.tokenFor({ sub: "other-student", role: "student" });
  const otherRequest = await createRequest(h, other);
  const applied = await h.call("POST", `/housing-requests/${otherRequest.id}/applications`, {
    token: other,
    body: { listingId: ids.full },
  });
  await h.call("POST", `/applications/${applied.json.id}/offer`, { token: t.zealand });
  requestId = (await createRequest(h, t.student)).id;
});

const matchIds = async (query = "") => {
  const response = await h.call("GET", `/housing-requests/${requestId}/matches${query}`, { token: t.student });
  expect(response.status).toBe(200);
  return response.json as {
    items: { listing: { id: string }; score: number; reasons: string[] }[];
    nextCursor: string | null;
  };
};

describe("matches", () => {
  it("leave out every listing that breaks a hard constraint, including one whose only bed is held", async () => {
    const found = (await matchIds()).items.map((match) => match.listing.id);
    expect(found).toEqual(expect.arrayContaining([ids.near, ids.farther, ids.cheaper, ids.apartment, ids.slagelse]));
    for (const excluded of [ids.full, ids.tooFar, ids.tooExpensive, ids.unfurnished, ids.shortWindow]) {
      expect(found).not.toContain(excluded);
    }
  });

  it("rank closer, cheaper and preferred-kind listings higher, by score then rent then id", async () => {
    const { items } = await matchIds();
    const position = (id: string | undefined) => items.findIndex((match) => match.listing.id === id);
    expect(position(ids.near)).toBeLessThan(position(ids.farther));
    expect(position(ids.cheaper)).toBeLessThan(position(ids.farther));
    expect(position(ids.near)).toBeLessThan(position(ids.apartment));
    const scores = items.map((match) => match.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(items[0]?.reasons[0]).toMatch(/km from your internship/);
  });

  it("page with a cursor and give the same order every time", async () => {
    const all = (await matchIds()).items.map((match) => match.listing.id);
    const first = await matchIds("?limit=2");
    const second = await matchIds(`?limit=2&cursor=${encodeURIComponent(first.nextCursor ?? "")}`);
    expect([...first.items, ...second.items].map((match) => match.listing.id)).toEqual(all.slice(0, 4));
    expect((await matchIds()).items.map((match) => match.listing.id)).toEqual(all);
  });

  it("are only for the request's student", async () => {
    const other = await h.tokenFor({ sub: "someone-else", role: "student" });
    expect((await h.call("GET", `/housing-requests/${requestId}/matches`, { token: other })).status).toBe(404);
    expect((await h.call("GET", `/housing-requests/${requestId}/matches`, { token: t.kalundborg })).status).toBe(403);
  });
});
