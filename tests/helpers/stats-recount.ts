/**
 * The statistics recounted from the items themselves (a Scan: tests only):
 * Σ contributions of every listing, request and booking, by aggregate item,
 * against the aggregate items as stored, and GET /stats against the figures
 * of the recount.
 */
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { expect } from "vitest";
import { shardOf } from "#db/stats";
import { KEY_ATTRIBUTES, keys } from "#db/table";
import type { Booking } from "#domain/bookings/model";
import { dateOfInstant, todayIn } from "#domain/common/dates";
import type { Listing } from "#domain/listings/model";
import type { HousingRequest } from "#domain/requests/model";
import {
  bookingContributions,
  type Contribution,
  listingContributions,
  requestContributions,
} from "#domain/stats/contributions";
import { type Counters, municipalityFigures, type Period } from "#domain/stats/figures";
import type { Harness } from "./harness";

export type Item = Record<string, unknown>;
/** `pk|sk` of an aggregate item → its counters, zero ones left out. */
type Aggregates = Record<string, Record<string, number>>;

const META_ATTRIBUTES = new Set<string>([...KEY_ATTRIBUTES, "municipality", "bucket", "shard"]);

/** Every item of the table, read consistently (a Scan: tests only). */
export async function scanTable(h: Harness): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Item | undefined;
  do {
    const page = await h.db.client.send(
      new ScanCommand({ TableName: h.db.tableName, ConsistentRead: true, ExclusiveStartKey: startKey }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

function contributionsOf(item: Item): Contribution[] {
  if (item.entity === "listing") return listingContributions(item as unknown as Listing);
  if (item.entity === "housingRequest") return requestContributions(item as unknown as HousingRequest);
  if (item.entity === "booking") return bookingContributions(item as unknown as Booking);
  return [];
}

const withoutZeros = (aggregates: Aggregates): Aggregates =>
  Object.fromEntries(
    Object.entries(aggregates)
      .map(([key, counters]) => [key, Object.fromEntries(Object.entries(counters).filter(([, n]) => n !== 0))] as const)
      .filter(([, counters]) => Object.keys(counters).length > 0)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );

/** Σ contributions of every listing, request and booking, by aggregate item (its shard from the object's id). */
export function recount(items: Item[]): Aggregates {
  const sums: Aggregates = {};
  for (const item of items) {
    for (const contribution of contributionsOf(item)) {
      const { pk, sk } = keys.statsBucket(contribution.municipality, contribution.bucket, shardOf(item.id as string));
      const counters = sums[`${pk}|${sk}`] ?? {};
      sums[`${pk}|${sk}`] = counters;
      counters[contribution.counter] = (counters[contribution.counter] ?? 0) + contribution.n;
    }
  }
  return withoutZeros(sums);
}

/** The aggregate items as stored; each must also name its own municipality, bucket and shard. */
export function storedAggregates(items: Item[]): Aggregates {
  const stored: Aggregates = {};
  for (const item of items.filter((candidate) => candidate.entity === "stats")) {
    const key = keys.statsBucket(item.municipality as string, item.bucket as string, item.shard as number);
    expect(`${item.pk}|${item.sk}`, "an aggregate item's own municipality, bucket and shard").toBe(
      `${key.pk}|${key.sk}`,
    );
    stored[`${item.pk}|${item.sk}`] = Object.fromEntries(
      Object.entries(item).filter(([name, value]) => !META_ATTRIBUTES.has(name) && typeof value === "number"),
    ) as Record<string, number>;
  }
  return withoutZeros(stored);
}

/** The recount's counters of one municipality, summed over every bucket and shard. */
export function countersOf(aggregates: Aggregates, municipality: string): Counters {
  const counters: Counters = new Map();
  const prefix = `${keys.statsBucket(municipality, "NOW", 0).pk}|`;
  for (const [key, values] of Object.entries(aggregates)) {
    if (!key.startsWith(prefix)) continue;
    for (const [name, n] of Object.entries(values)) counters.set(name, (counters.get(name) ?? 0) + n);
  }
  return counters;
}

/** What the table holds, by kind and state: what a history reached. */
function kindsOf(items: Item[]): Record<string, number> {
  const kinds: Record<string, number> = {};
  for (const item of items) {
    let kind: string | undefined;
    if (item.entity === "listing") kind = `listing ${item.status}`;
    else if (item.entity === "housingRequest") kind = `request ${item.status}`;
    else if (item.entity === "booking") {
      const booking = item as unknown as Booking;
      kind =
        booking.status === "confirmed"
          ? "booking confirmed"
          : dateOfInstant(booking.cancelledAt as string) < booking.moveIn
            ? "booking cancelled before move-in"
            : "booking cancelled after move-in";
    }
    if (kind) kinds[kind] = (kinds[kind] ?? 0) + 1;
  }
  return kinds;
}

/**
 * The aggregates equal the recount, and GET /stats (admin, every
 * municipality) serves, for each period, the figures of the recount.
 * Answers what the table holds, by kind.
 */
export async function expectCountersEqualRecount(h: Harness, adminToken: string, periods: (Period | undefined)[]) {
  const items = await scanTable(h);
  const recounted = recount(items);
  expect(storedAggregates(items), "aggregate items against the recount of the items").toEqual(recounted);

  const today = todayIn(h.clock);
  for (const period of periods) {
    const query = period ? `?from=${period.from}&to=${period.to}` : "";
    const response = await h.call("GET", `/stats${query}`, { token: adminToken });
    expect(response.status, response.text).toBe(200);
    const served = response.json as { from: string; to: string; items: { municipalityCode: string }[] };
    const asked = { from: served.from, to: served.to };
    if (period) expect(asked).toEqual(period);
    for (const row of served.items) {
      const expected = municipalityFigures(
        row.municipalityCode,
        countersOf(recounted, row.municipalityCode),
        asked,
        today,
      );
      // Through JSON, as served: -0 is 0 there.
      expect(row, `GET /stats${query}, ${row.municipalityCode}, today ${today}`).toEqual(
        JSON.parse(JSON.stringify(expected)),
      );
    }
  }
  return kindsOf(items);
}
