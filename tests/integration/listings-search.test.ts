/**
 * Search and the review queue across several pages: the union of all pages is
 * exactly what the filters select, in order, each listing once.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../helpers/harness";
import { approvedListing, createListing } from "../helpers/listings";
import { createWorld, type World } from "../helpers/world";

let h: Harness;
let w: World;
let t: World["tokens"];

interface Spec {
  municipalityCode: string;
  kind: string;
  rentDkk: number;
  availableFrom: string;
  availableTo: string;
  furnished: boolean;
  accessible: boolean;
  petsAllowed: boolean;
}
const approved: (Spec & { id: string })[] = [];

const addresses: Record<string, { street: string; postalCode: string; city: string }> = {
  "326": { street: "Kordilgade 1", postalCode: "4400", city: "Kalundborg" },
  "330": { street: "Nytorv 2", postalCode: "4200", city: "Slagelse" },
  "360": { street: "Torvet 3", postalCode: "4930", city: "Maribo" },
};
const reviewerOf: Record<string, keyof World["tokens"]> = {
  "326": "kalundborg",
  "330": "slagelse",
  "360": "lollandFalster",
};
const kinds = ["room", "apartment", "dorm_room", "host_family"];

beforeAll(async () => {
  h = await createHarness();
  w = await createWorld(h);
  t = w.tokens;
  // 24 approved listings over three municipalities with varied windows, rents and features.
  for (let n = 0; n < 24; n++) {
    const municipalityCode = ["326", "330", "360"][n % 3] as string;
    const spec: Spec = {
      municipalityCode,
      kind: kinds[n % 4] as string,
      rentDkk: 2000 + ((n * 370) % 4000),
      availableFrom: `2027-0${1 + (n % 5)}-${String(1 + ((n * 7) % 27)).padStart(2, "0")}`,
      availableTo: `2027-${String(7 + (n % 6)).padStart(2, "0")}-15`,
      furnished: n % 2 === 0,
      accessible: n % 3 === 0,
      petsAllowed: n % 4 === 0,
    };
    const listing = await approvedListing(
      h,
      { owner: n % 2 ? t.zealand : t.absalon, reviewer: t[reviewerOf[municipalityCode] as keyof World["tokens"]] },
      { ...spec, address: addresses[municipalityCode] },
    );
    approved.push({ ...spec, id: listing.id });
  }
  // Listings in other states never show up in a search.
  const pending = await createListing(h, t.zealand);
  await h.call("POST", `/listings/${pending.id}/submit`, { token: t.zealand });
  await createListing(h, t.zealand);
});

async function allPages(query: string, token: string, limit: number) {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const separator = query ? "&" : "";
    const url: string = `/listings?${query}${separator}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const page = await h.call("GET", url, { token });
    expect(page.status).toBe(200);
    expect(page.json.items.length).toBeLessThanOrEqual(limit);
    ids.push(...page.json.items.map((item: { id: string }) => item.id));
    cursor = page.json.nextCursor;
    pages++;
  } while (cursor && pages < 50);
  return { ids, pages };
}

const byWindowThenId = (a: Spec & { id: string }, b: Spec & { id: string }) =>
  a.availableFrom === b.availableFrom ? (a.id < b.id ? -1 : 1) : a.availableFrom < b.availableFrom ? -1 : 1;

const expected = (predicate: (spec: Spec) => boolean) =>
  approved
    .filter(predicate)
    .sort(byWindowThenId)
    .map((spec) => spec.id);

describe("searching approved listings", () => {
  it.each([
    ["one municipality", "municipality=326", (s: Spec) => s.municipalityCode === "326"],
    [
      "two municipalities",
      "municipality=326&municipality=360",
      (s: Spec) => s.municipalityCode === "326" || s.municipalityCode === "360",
    ],
    ["every municipality", "", () => true],
    [
      "a stay the window must contain",
      "from=2027-03-10&to=2027-09-01",
      (s: Spec) => s.availableFrom <= "2027-03-10" && s.availableTo >= "2027-09-01",
    ],
    ["a maximum rent", "maxRent=3500", (s: Spec) => s.rentDkk <= 3500],
    ["a kind", "kind=apartment", (s: Spec) => s.kind === "apartment"],
    ["furnished and accessible", "furnished=true&accessible=true", (s: Spec) => s.furnished && s.accessible],
    ["pets", "pets=true", (s: Spec) => s.petsAllowed],
    ["unfurnished", "furnished=false", (s: Spec) => !s.furnished],
    [
      "everything at once",
      "municipality=330&municipality=326&from=2027-05-01&to=2027-08-01&maxRent=5000&furnished=true",
      (s: Spec) =>
        ["326", "330"].includes(s.municipalityCode) &&
        s.availableFrom <= "2027-05-01" &&
        s.availableTo >= "2027-08-01" &&
        s.rentDkk <= 5000 &&
        s.furnished,
    ],
  ])("by %s gives exactly the matching listings, in order, across pages", async (_, query, predicate) => {
    const want = expected(predicate);
    expect(want.length).toBeGreaterThan(0);
    for (const limit of [3, 100]) {
      const { ids, pages } = await allPages(query, t.student, limit);
      expect(ids).toEqual(want);
      if (limit === 3) expect(pages).toBeGreaterThanOrEqual(Math.ceil(want.length / 3));
    }
  });

  it("finds nothing when no listing matches, with no next page", async () => {
    const none = await h.call("GET", "/listings?maxRent=100", { token: t.student });
    expect(none.json).toEqual({ items: [], nextCursor: null });
  });

  it("finds nothing, not an error, for a stay that began more than a window's length ago", async () => {
    const old = await h.call("GET", "/listings?from=2023-01-01&to=2023-01-05", { token: t.student });
    expect(old.status).toBe(200);
    expect(old.json).toEqual({ items: [], nextCursor: null });
  });

  it("shows the same to staff of other organisations and to admins", async () => {
    const { ids } = await allPages("municipality=330", t.kalundborg, 100);
    expect(ids).toEqual(expected((s) => s.municipalityCode === "330"));
    expect((await allPages("municipality=330", t.admin, 100)).ids).toEqual(ids);
  });

  it("refuses bad parameters with 400 and ignores unknown ones", async () => {
    for (const query of [
      "municipality=999",
      "from=2027-02-30",
      "from=2027-05-01&to=2027-04-01",
      "maxRent=-1",
      "kind=castle",
      "furnished=yes",
      "limit=0",
      "limit=101",
      "status=pending",
    ]) {
      const response = await h.call("GET", `/listings?${query}`, { token: t.student });
      expect(response.status, query).toBe(400);
    }
    expect((await h.call("GET", "/listings?colour=blue&limit=1", { token: t.student })).status).toBe(200);
  });

  it("refuses a tampered cursor and a cursor of another query with 400", async () => {
    const page = await h.call("GET", "/listings?municipality=326&limit=2", { token: t.student });
    const cursor: string = page.json.nextCursor;
    const tampered = `${cursor.slice(0, 3)}${cursor[3] === "A" ? "B" : "A"}${cursor.slice(4)}`;
    expect(
      (await h.call("GET", `/listings?municipality=326&cursor=${encodeURIComponent(tampered)}`, { token: t.student }))
        .status,
    ).toBe(400);
    expect(
      (await h.call("GET", `/listings?municipality=330&cursor=${encodeURIComponent(cursor)}`, { token: t.student }))
        .status,
    ).toBe(400);
  });
});

describe("an organisation's own listings (mine=true)", () => {
  it("lists every state, newest first, filtered by status when asked", async () => {
    const { ids } = await allPages("mine=true", t.zealand, 4);
    const zealandApproved = approved.filter((_, n) => n % 2 === 1).map((spec) => spec.id);
    expect(ids).toHaveLength(zealandApproved.length + 2);
    expect([...ids].sort().reverse()).toEqual(ids);
    const pending = await h.call("GET", "/listings?mine=true&status=pending", { token: t.zealand });
    expect(pending.json.items.map((l: { status: string }) => l.status)).toEqual(["pending"]);
    const drafts = await h.call("GET", "/listings?mine=true&status=draft", { token: t.zealand });
    expect(drafts.json.items).toHaveLength(1);
    expect(drafts.json.items[0].contactNote).toBeDefined();
  });

  it("is for staff only", async () => {
    expect((await h.call("GET", "/listings?mine=true", { token: t.student })).status).toBe(400);
  });
});

describe("the review queue", () => {
  it("holds the pending listings of the council's municipalities, oldest submission first, page by page", async () => {
    const local = await createHarness();
    const world = await createWorld(local);
    const submitted: string[] = [];
    for (let n = 0; n < 5; n++) {
      const listing = await createListing(local, world.tokens.zealand, { title: `Pending room ${n}` });
      submitted.push(listing.id);
    }
    // Submitted in reverse order of creation: the queue follows submission time.
    submitted.reverse();
    for (const id of submitted) {
      await local.call("POST", `/listings/${id}/submit`, { token: world.tokens.zealand });
      local.clock.advance(60_000);
    }
    const elsewhere = await createListing(local, world.tokens.zealand, {
      municipalityCode: "330",
      address: { street: "Nytorv 2", postalCode: "4200", city: "Slagelse" },
    });
    await local.call("POST", `/listings/${elsewhere.id}/submit`, { token: world.tokens.zealand });

    const first = await local.call("GET", "/reviews?limit=2", { token: world.tokens.kalundborg });
    const second = await local.call("GET", `/reviews?limit=2&cursor=${encodeURIComponent(first.json.nextCursor)}`, {
      token: world.tokens.kalundborg,
    });
    const third = await local.call("GET", `/reviews?limit=2&cursor=${encodeURIComponent(second.json.nextCursor)}`, {
      token: world.tokens.kalundborg,
    });
    const ids = [first, second, third].flatMap((page) => page.json.items.map((l: { id: string }) => l.id));
    expect(ids).toEqual(submitted);
    expect(third.json.nextCursor).toBeNull();
    const slagelse = await local.call("GET", "/reviews", { token: world.tokens.slagelse });
    expect(slagelse.json.items.map((l: { id: string }) => l.id)).toEqual([elsewhere.id]);

    await local.call("POST", `/listings/${submitted[0]}/approve`, { token: world.tokens.kalundborg });
    const after = await local.call("GET", "/reviews", { token: world.tokens.kalundborg });
    expect(after.json.items.map((l: { id: string }) => l.id)).toEqual(submitted.slice(1));
  });
});
