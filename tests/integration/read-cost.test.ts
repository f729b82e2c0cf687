/**
 * What a page of a search reads: the page itself when no filter drops an
 * item, and top-ups only when one does; the pages stay complete and in order.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../helpers/harness";
import { approvedListing } from "../helpers/listings";
import { collect } from "../helpers/stays";
import { createWorld, type World } from "../helpers/world";

let h: Harness;
let t: World["tokens"];
/** Items DynamoDB read (ScannedCount) and the Limit of each Query since the last reset. */
let itemsRead = 0;
let limits: number[] = [];

beforeAll(async () => {
  h = await createHarness();
  t = (await createWorld(h)).tokens;
  h.db.client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === "QueryCommand") {
        limits.push((args.input as { Limit?: number }).Limit ?? Number.POSITIVE_INFINITY);
        itemsRead += (result.output as { ScannedCount?: number }).ScannedCount ?? 0;
      }
      return result;
    },
    { step: "initialize", name: "countReads" },
  );
  const actors = { owner: t.zealand, reviewer: t.kalundborg };
  // 24 rooms and 6 apartments, interleaved by window start.
  for (let day = 1; day <= 30; day++) {
    const kind = day % 5 === 0 ? "apartment" : "room";
    await approvedListing(h, actors, { kind, availableFrom: `2027-01-${String(day).padStart(2, "0")}` });
  }
});

const search = async (query: string) => {
  itemsRead = 0;
  limits = [];
  const response = await h.call("GET", `/listings?municipality=326&${query}`, { token: t.student });
  expect(response.status).toBe(200);
  return response.json as { items: { id: string; kind: string }[]; nextCursor: string | null };
};

describe("a search page", () => {
  it("reads the page and one more (to know whether a next page exists) when no filter drops an item", async () => {
    const page = await search("limit=10");
    expect(page.items).toHaveLength(10);
    expect(page.nextCursor).not.toBeNull();
    expect(limits).toEqual([11]);
    expect(itemsRead).toBe(11);
  });

  it("gives no cursor to an empty last page", async () => {
    const page = await search("limit=30");
    expect(page.items).toHaveLength(30);
    expect(page.nextCursor).toBeNull();
    const apartments = await search("limit=6&kind=apartment");
    expect(apartments.items).toHaveLength(6);
    expect(apartments.nextCursor).toBeNull();
  });

  it("tops up when a filter drops items, and still returns a full page", async () => {
    const page = await search("limit=3&kind=apartment");
    expect(page.items.map((item) => item.kind)).toEqual(["apartment", "apartment", "apartment"]);
    expect(limits[0]).toBe(4);
    expect(limits.length).toBeGreaterThan(1);
  });

  it("pages through every match once, in order, with top-ups", async () => {
    const apartments = await collect<{ id: string; availableFrom: string }>(
      h,
      "/listings?municipality=326&kind=apartment",
      t.student,
      2,
    );
    expect(apartments).toHaveLength(6);
    expect(new Set(apartments.map((item) => item.id)).size).toBe(6);
    const starts = apartments.map((item) => item.availableFrom);
    expect(starts).toEqual([...starts].sort());
  });
});
