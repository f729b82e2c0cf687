/**
 * Repeated query parameters: a municipality named many times counts once, so
 * the cost of a call is bounded by the known municipalities; unknown codes
 * are refused.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../helpers/harness";
import { approvedListing } from "../helpers/listings";
import { createRequest } from "../helpers/requests";
import { createWorld, type World } from "../helpers/world";

let h: Harness;
let t: World["tokens"];
/** DynamoDB Query calls made since the last reset. */
let queries = 0;

beforeAll(async () => {
  h = await createHarness();
  t = (await createWorld(h)).tokens;
  h.db.client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === "QueryCommand") queries += 1;
      return next(args);
    },
    { step: "initialize", name: "countQueries" },
  );
  await Promise.all(
    [0, 1, 2, 3, 4].map((i) =>
      approvedListing(h, { owner: t.zealand, reviewer: t.kalundborg }, { title: `Harbour room ${i}` }),
    ),
  );
  const student = await h.tokenFor({ sub: "student-repeats", role: "student" });
  await createRequest(h, student);
  await createRequest(h, student, { moveIn: "2027-04-01", moveOut: "2027-05-01" });
});

const repeated = (name: string, value: string, times: number) =>
  Array.from({ length: times }, () => `${name}=${value}`).join("&");

async function queriesFor(path: string, token: string) {
  queries = 0;
  const response = await h.call("GET", path, { token });
  return { response, queries };
}

describe("a municipality repeated in the query", () => {
  it("counts once in a listing search: the same items, no duplicates, no more reads", async () => {
    const once = await queriesFor("/listings?municipality=326&limit=100", t.student);
    const many = await queriesFor(`/listings?${repeated("municipality", "326", 900)}&limit=100`, t.student);
    expect(many.response.status).toBe(200);
    const ids = many.response.json.items.map((item: { id: string }) => item.id);
    expect(ids).toHaveLength(5);
    expect(new Set(ids).size).toBe(5);
    expect(ids).toEqual(once.response.json.items.map((item: { id: string }) => item.id));
    expect(once.queries).toBeGreaterThan(0);
    expect(many.queries).toBe(once.queries);
  });

  it("counts once in a council's list of housing requests, and an admin's", async () => {
    for (const token of [t.kalundborg, t.admin]) {
      const once = await queriesFor("/housing-requests?municipality=326", token);
      const many = await queriesFor(`/housing-requests?${repeated("municipality", "326", 500)}`, token);
      expect(many.response.status).toBe(200);
      const ids = many.response.json.items.map((item: { id: string }) => item.id);
      expect(ids).toHaveLength(2);
      expect(new Set(ids).size).toBe(2);
      expect(once.queries).toBeGreaterThan(0);
      expect(many.queries).toBe(once.queries);
    }
  });

  it("is refused when a code is unknown, naming the parameter", async () => {
    const response = await h.call("GET", "/listings?municipality=326&municipality=999", { token: t.student });
    expect(response.status).toBe(400);
    expect(response.json.errors[0].path).toMatch(/^municipality/);
  });

  it("reads each known municipality at most once however the codes are mixed", async () => {
    const mixed = ["326", "330", "326", "330", "340"].map((code) => `municipality=${code}`).join("&");
    const distinct = await queriesFor("/listings?municipality=326&municipality=330&municipality=340", t.student);
    const repeatedMix = await queriesFor(`/listings?${mixed}&${mixed}&${mixed}`, t.student);
    expect(repeatedMix.response.status).toBe(200);
    expect(distinct.queries).toBeGreaterThan(0);
    expect(repeatedMix.queries).toBe(distinct.queries);
  });
});
