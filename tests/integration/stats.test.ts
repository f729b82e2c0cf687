/**
 * GET /stats on a small history whose every figure was worked out by hand
 * (tests/helpers/stats-history.ts, and the comments below): the counters
 * kept in the transactions, read back for a day, give exactly those
 * figures, as JSON and as CSV.
 */
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../helpers/harness";
import { approvedListing } from "../helpers/listings";
import { createStatsHistory } from "../helpers/stats-history";
import { createWorld, type World } from "../helpers/world";

let h: Harness;
let world: World;

beforeAll(async () => {
  // Today is 2026-12-01 (Copenhagen) until the history moves the clock on to 2026-12-11.
  h = await createHarness();
  world = await createWorld(h);
  await createStatsHistory(h, world);
});

describe("GET /stats on a hand-computed history", () => {
  it("gives Kalundborg's figures exactly, over the default period (the last 12 months)", async () => {
    const response = await h.call("GET", "/stats", { token: world.tokens.kalundborg });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ from: "2025-12-12", to: "2026-12-11" });
    expect(response.json.items).toHaveLength(1);
    const kalundborg = response.json.items[0];
    expect(kalundborg).toMatchObject({
      municipalityCode: "326",
      listings: { draft: 1, pending: 1, approved: 2, rejected: 1, withdrawn: 1, expired: 0 },
      beds: 3,
      // Next 30 nights (12-11..01-09): 3 beds offered a night = 90; R1 takes 25 nights, R2 21: 44 free / 30.
      // Next 90 nights (12-11..03-10): L1 2 beds × 80 nights + L2 90 = 250; R1 25, R2 62, R3 59: 104 / 90.
      bedsFree: { next30Days: 1.5, next90Days: 1.2 },
      requests: { opened: 5, open: 1, housed: 2, expired: 1, cancelled: 1 },
      daysToHouse: { median: 5, p90: 10 },
      medianRentDkk: 3500,
      housedWithinKm: { "10": 1, "25": 1, "50": 1 },
      // Offered in the period: L1 2 beds × 11 nights (12-01..12-11) + L2 1 × 2 (12-10, 12-11) = 24;
      // booked: R1's nights 12-05..12-11 = 7; 7 / 24 = 0.2917.
      bedNights: { booked: 7, offered: 24, utilisation: 0.292 },
      internships: { livesIn: { "326": 2 }, internsFrom: { "326": 2, "330": 1 } },
    });
    expect(kalundborg.series.weeks[0]).toEqual({ weekStart: "2026-12-11", bedsFree: 2 });
    expect(kalundborg.series.months.at(-1)).toEqual({ month: "2026-12", opened: 5, housed: 2 });
    expect(kalundborg.series.daysToHouse.slice(0, 2)).toEqual([
      { upToDays: 7, requests: 1 },
      { upToDays: 14, requests: 1 },
    ]);
  });

  it("counts a request where its internship is: Slagelse's intern lives in Kalundborg", async () => {
    const response = await h.call("GET", "/stats?municipality=330&municipality=326", { token: world.tokens.admin });
    expect(response.json.items.map((item: { municipalityCode: string }) => item.municipalityCode)).toEqual([
      "326",
      "330",
    ]);
    expect(response.json.items[1]).toMatchObject({
      municipalityCode: "330",
      requests: { opened: 1, open: 0, housed: 1, expired: 0, cancelled: 0 },
      daysToHouse: { median: 10, p90: 10 },
      housedWithinKm: { "10": 0, "25": 0, "50": 1 },
      internships: { livesIn: { "326": 1 }, internsFrom: {} },
      beds: 0,
      bedNights: { booked: 0, offered: 0, utilisation: null },
    });
  });

  it("counts only what happened in a period asked for", async () => {
    const response = await h.call("GET", "/stats?from=2026-12-02&to=2026-12-31", { token: world.tokens.kalundborg });
    expect(response.json.items[0]).toMatchObject({
      requests: { opened: 0, open: 1, housed: 1, expired: 1, cancelled: 0 },
      daysToHouse: { median: 10, p90: 10 },
    });
  });

  it("writes the same figures as CSV that a Danish Excel reads: BOM, semicolons, decimal commas", async () => {
    const response = await h.call("GET", "/stats?format=csv", { token: world.tokens.kalundborg });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="praktikbolig-statistik-/);
    // Response.text() drops a byte-order mark, so look at the bytes themselves.
    const raw = await h.fetch(
      new Request("http://localhost/stats?format=csv", {
        headers: { authorization: `Bearer ${world.tokens.kalundborg}` },
      }),
    );
    expect([...new Uint8Array(await raw.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(response.text, { bom: true, delimiter: ";", columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      municipalityCode: "326",
      municipality: "Kalundborg",
      "listings.approved": "2",
      "bedsFree.next30Days": "1,5",
      "bedNights.utilisation": "0,292",
      "daysToHouse.median": "5",
      "internships.internsFrom": "326: 2, 330: 1",
    });
    expect(response.text).toContain("\r\n");
  });

  it("refuses students and institutions, a reversed or too long period, and unknown municipalities", async () => {
    expect((await h.call("GET", "/stats", { token: world.tokens.student })).status).toBe(403);
    expect((await h.call("GET", "/stats", { token: world.tokens.zealand })).status).toBe(403);
    expect((await h.call("GET", "/stats")).status).toBe(401);
    const reversed = await h.call("GET", "/stats?from=2026-12-10&to=2026-12-01", { token: world.tokens.admin });
    expect(reversed.status).toBe(400);
    expect(reversed.json.errors[0].path).toBe("to");
    expect((await h.call("GET", "/stats?from=2020-01-01&to=2026-12-01", { token: world.tokens.admin })).status).toBe(
      400,
    );
    expect((await h.call("GET", "/stats?municipality=999", { token: world.tokens.admin })).status).toBe(400);
    expect((await h.call("GET", "/stats?format=xml", { token: world.tokens.admin })).status).toBe(400);
  });

  it("shows a council only its own municipalities", async () => {
    const response = await h.call("GET", "/stats?municipality=330", { token: world.tokens.kalundborg });
    expect(response.status).toBe(200);
    expect(response.json.items).toEqual([]);
    const both = await h.call("GET", "/stats", { token: world.tokens.lollandFalster });
    expect(both.json.items.map((item: { municipalityCode: string }) => item.municipalityCode)).toEqual(["360", "376"]);
  });
});

describe("offered bed-nights across a change of terms", () => {
  let h2: Harness;
  let w2: World;

  beforeAll(async () => {
    // A listing of 2 beds approved on 2026-12-01, its rent changed (back to review) on 12-11, approved again
    // on 12-11 with 3 beds, withdrawn on 12-21.
    h2 = await createHarness();
    w2 = await createWorld(h2);
    const owner = w2.tokens.zealand;
    const listing = await approvedListing(
      h2,
      { owner, reviewer: w2.tokens.kalundborg },
      { capacity: 2, availableFrom: "2026-12-01", availableTo: "2027-03-01" },
    );
    h2.clock.advance(10 * 86_400_000);
    const edited = await h2.call("PATCH", `/listings/${listing.id}`, {
      token: owner,
      body: { rentDkk: 3400, capacity: 3 },
    });
    expect(edited.json.status).toBe("pending");
    expect(edited.json).not.toHaveProperty("offeredBefore");
    await h2.call("POST", `/listings/${listing.id}/approve`, { token: w2.tokens.kalundborg });
    h2.clock.advance(10 * 86_400_000);
    await h2.call("POST", `/listings/${listing.id}/withdraw`, { token: owner });
  });

  it("keeps the nights offered before each change, with the beds of then", async () => {
    const response = await h2.call("GET", "/stats?from=2026-12-01&to=2026-12-31", { token: w2.tokens.kalundborg });
    // 2 beds × 10 nights (12-01..12-10), then 3 beds × 10 nights (12-11..12-20), then nothing.
    expect(response.json.items[0].bedNights).toEqual({ booked: 0, offered: 50, utilisation: 0 });
    expect(response.json.items[0].listings).toMatchObject({ approved: 0, withdrawn: 1 });
  });
});
