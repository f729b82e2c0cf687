/** Bad input on every listing field: a 400 naming the field, never a 5xx, nothing written. */
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../helpers/harness";
import { createListing, listingBody } from "../helpers/listings";
import { createWorld, type World } from "../helpers/world";

let h: Harness;
let t: World["tokens"];

beforeAll(async () => {
  h = await createHarness();
  t = (await createWorld(h)).tokens;
});

const invalid: [string, Record<string, unknown>, string][] = [
  ["a missing title", { title: undefined }, "title"],
  ["a two-letter title", { title: "ab" }, "title"],
  ["a title of 121 characters", { title: "x".repeat(121) }, "title"],
  ["a title that is a number", { title: 42 }, "title"],
  ["an empty description", { description: "   " }, "description"],
  ["a description over 5000 characters", { description: "x".repeat(5001) }, "description"],
  ["an unknown kind", { kind: "castle" }, "kind"],
  ["an unknown municipality", { municipalityCode: "999" }, "municipalityCode"],
  ["a municipality code as a number", { municipalityCode: 326 }, "municipalityCode"],
  [
    "a postal code of 3 digits",
    { address: { street: "Havnegade 1", postalCode: "440", city: "Kalundborg" } },
    "address.postalCode",
  ],
  [
    "a postal code with letters",
    { address: { street: "Havnegade 1", postalCode: "44OO", city: "Kalundborg" } },
    "address.postalCode",
  ],
  ["an address without a street", { address: { postalCode: "4400", city: "Kalundborg" } }, "address.street"],
  [
    "an unknown address field",
    { address: { street: "A 1", postalCode: "4400", city: "K", floor: 2 } },
    "address.floor",
  ],
  ["a location in Sweden", { location: { lat: 59.33, lon: 18.06 } }, "location.lat"],
  ["a location in Germany", { location: { lat: 54.1, lon: 10.0 } }, "location.lat"],
  ["a location without longitude", { location: { lat: 55.6 } }, "location.lon"],
  ["a negative rent", { rentDkk: -1 }, "rentDkk"],
  ["a rent with øre", { rentDkk: 3200.5 }, "rentDkk"],
  ["a rent of a million", { rentDkk: 1_000_000 }, "rentDkk"],
  ["a rent as text", { rentDkk: "3200" }, "rentDkk"],
  ["a negative deposit", { depositDkk: -100 }, "depositDkk"],
  ["a size of 0", { sizeSqm: 0 }, "sizeSqm"],
  ["a capacity of 0", { capacity: 0 }, "capacity"],
  ["a capacity of 51", { capacity: 51 }, "capacity"],
  ["a date that does not exist", { availableFrom: "2027-02-30" }, "availableFrom"],
  ["a date in another format", { availableTo: "01-07-2027" }, "availableTo"],
  ["a window that ends before it starts", { availableFrom: "2027-07-01", availableTo: "2027-02-01" }, "availableTo"],
  [
    "a window of one day that ends as it starts",
    { availableFrom: "2027-02-01", availableTo: "2027-02-01" },
    "availableTo",
  ],
  ["a window over 2 years", { availableFrom: "2027-01-01", availableTo: "2029-01-02" }, "availableTo"],
  ["a window wholly in the past", { availableFrom: "2025-01-01", availableTo: "2025-06-01" }, "availableTo"],
  ["furnished as a string", { furnished: "yes" }, "furnished"],
  ["a language that is not a code", { languages: ["dansk"] }, "languages.0"],
  ["a repeated language", { languages: ["da", "da"] }, "languages"],
  ["a contact note over 1000 characters", { contactNote: "x".repeat(1001) }, "contactNote"],
  ["a field the server sets", { status: "approved" }, "status"],
  ["an owner chosen by the client", { ownerOrgId: "someone-else" }, "ownerOrgId"],
];

describe("creating a listing with bad input", () => {
  it.each(invalid)("refuses %s with 400 naming the field", async (_, change, path) => {
    const body: Record<string, unknown> = { ...listingBody(), ...change };
    for (const [field, value] of Object.entries(change)) if (value === undefined) delete body[field];
    const response = await h.call("POST", "/listings", { token: t.zealand, body });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(response.json.errors.map((issue: { path: string }) => issue.path)).toContain(path);
  });

  it("wrote none of the refused listings", async () => {
    const mine = await h.call("GET", "/listings?mine=true&limit=100", { token: t.zealand });
    expect(mine.json.items).toEqual([]);
  });

  it("refuses a body that is not an object", async () => {
    for (const rawBody of ["[]", "null", '"a listing"', "42"]) {
      expect((await h.call("POST", "/listings", { token: t.zealand, rawBody })).status).toBe(400);
    }
  });
});

describe("editing a listing with bad input", () => {
  it.each([
    ["an empty patch", {}, ""],
    ["a negative rent", { rentDkk: -5 }, "rentDkk"],
    ["a new end before the start", { availableTo: "2027-01-15" }, "availableTo"],
    ["clearing a required field", { kind: null }, "kind"],
    ["an unknown field", { colour: "blue" }, "colour"],
    ["an id of its own", { id: "other" }, "id"],
  ])("refuses %s with 400", async (_, body, path) => {
    const listing = await createListing(h, t.zealand);
    const response = await h.call("PATCH", `/listings/${listing.id}`, { token: t.zealand, body });
    expect(response.status).toBe(400);
    expect(response.json.errors.map((issue: { path: string }) => issue.path)).toContain(path);
    expect((await h.call("GET", `/listings/${listing.id}`, { token: t.zealand })).json.version).toBe(1);
  });

  it("refuses a listing id that cannot be one, before looking it up", async () => {
    expect((await h.call("GET", "/listings/..%2F..%2Fetc", { token: t.zealand })).status).toBe(400);
    expect((await h.call("GET", `/listings/${"a".repeat(65)}`, { token: t.zealand })).status).toBe(400);
  });
});
