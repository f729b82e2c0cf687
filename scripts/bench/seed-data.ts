/**
 * Seeding for the benchmarks that need a realistic table fast: approved
 * listings, booked occupancy, housing requests and bookings, written directly
 * with BatchWriteItem as the repositories store them (same key builders from
 * shared/db/table.ts), not through the services. Deterministic: a seeded
 * generator gives the same data on every run.
 */
import {
  BatchWriteCommand,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
} from "@aws-sdk/lib-dynamodb";
import type { Database } from "#db/client";
import { keys } from "#db/table";
import { monthsOf } from "#domain/bookings/occupancy";
import { addDays, nightsBetween } from "#domain/common/dates";
import { LISTING_KINDS, type Listing, type ListingContent, newListingSchema } from "#domain/listings/model";
import { checkWindow } from "#domain/listings/rules";
import { municipalities } from "#domain/municipalities/index";

/** mulberry32: a small seeded generator, uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function pick<T>(random: () => number, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)] as T;
}

/** An integer in [low, high]. */
export const between = (random: () => number, low: number, high: number) =>
  low + Math.floor(random() * (high - low + 1));

const WORDS =
  "lyst værelse med udsigt over fjorden tæt på station og indkøb cykelafstand til virksomheden stille kvarter have fælles køkken vaskemaskine nyistandsat bad altan god plads til praktikanter rolige naboer gratis parkering bus lige uden for døren".split(
    " ",
  );

export interface ListingSeed {
  /** Position in the seeding order: picks the municipality (round-robin) and numbers the title. */
  index: number;
  today: string;
  random: () => number;
  newId: () => string;
  ownerOrgId: string;
  /** Fields to set instead of the random ones (validated like the rest). */
  overrides?: Partial<ListingContent>;
  /** A window that has passed (still stored as approved, as a listing is until a search or match expires it). */
  expired?: boolean;
}

/** Where seeded windows open (days from today) and how long they stay open (days). */
export const CURRENT_WINDOWS = { opens: [-60, 240], lasts: [60, 540] } as const;
export const EXPIRED_WINDOWS = { opens: [-700, -141], lasts: [30, 130] } as const;

/**
 * One approved listing, round-robin over the 18 municipalities. Its window
 * opens and lasts as CURRENT_WINDOWS says, or EXPIRED_WINDOWS for an expired
 * one (closed 11 to 670 days ago); capacity 1..4 beds (40 / 30 / 20 / 10 %).
 */
export function makeApprovedListing(seed: ListingSeed): Listing {
  const { random, today, index } = seed;
  const place = municipalities[index % municipalities.length] as (typeof municipalities)[number];
  const windows = seed.expired ? EXPIRED_WINDOWS : CURRENT_WINDOWS;
  const availableFrom = addDays(today, between(random, windows.opens[0], windows.opens[1]));
  const availableTo = addDays(availableFrom, between(random, windows.lasts[0], windows.lasts[1]));
  const rentDkk = 2_500 + 50 * between(random, 0, 130); // 2,500..9,000
  const roll = random();
  const content = newListingSchema.parse({
    title: `${pick(random, ["Værelse", "Lejlighed", "Kollegieværelse", "Sommerhus"])} i ${place.town} nr. ${index + 1}`,
    description: Array.from({ length: between(random, 30, 120) }, () => pick(random, WORDS)).join(" "),
    kind: pick(random, LISTING_KINDS),
    municipalityCode: place.code,
    address: { street: `Praktikvej ${1 + (index % 200)}`, postalCode: place.postalCode, city: place.town },
    location: {
      lat: Math.round((place.lat + (random() - 0.5) * 0.1) * 1e5) / 1e5,
      lon: Math.round((place.lon + (random() - 0.5) * 0.1) * 1e5) / 1e5,
    },
    rentDkk,
    depositDkk: rentDkk * between(random, 1, 3),
    utilitiesIncluded: random() < 0.5,
    sizeSqm: between(random, 10, 89),
    capacity: roll < 0.4 ? 1 : roll < 0.7 ? 2 : roll < 0.9 ? 3 : 4,
    availableFrom,
    availableTo,
    furnished: random() < 0.5,
    accessible: random() < 0.2,
    petsAllowed: random() < 0.25,
    smokingAllowed: random() < 0.1,
    internet: random() < 0.8,
    languages: random() < 0.3 ? ["da", "en"] : [],
    contactNote: `Ring til udlejer på 70 ${String(10 + (index % 90))} ${String(10 + ((index * 7) % 90))} 00`,
    ...seed.overrides,
  });
  if (seed.expired) {
    if (content.availableTo >= today) throw new Error(`Listing ${index} was meant to be expired`);
  } else {
    checkWindow(content, today);
  }
  const createdAt = new Date(Date.parse(`${content.availableFrom}T09:00:00Z`) - 30 * 86_400_000).toISOString();
  const decidedAt = new Date(Date.parse(createdAt) + 86_400_000).toISOString();
  return {
    ...content,
    id: seed.newId(),
    ownerOrgId: seed.ownerOrgId,
    createdBy: "bench-staff",
    status: "approved",
    version: 3,
    createdAt,
    updatedAt: decidedAt,
    submittedAt: createdAt,
    review: { decidedBy: "bench-council", decidedAt, decision: "approved" },
  };
}

/** The items exactly as the repositories store them. */
export { listingItem } from "#db/listings";
export { bookingItem, requestItem } from "#db/stays";

/** A booked stay as occupancy sees it: one bed, nights [from, to). */
export interface SeededStay {
  /** Stands for the application id the entry would be keyed by. */
  id: string;
  listingId: string;
  from: string;
  to: string;
}

export interface StayPlan {
  stays: SeededStay[];
  byListing: Map<string, SeededStay[]>;
  /** Random draws tried, including those refused for lack of a bed or window. */
  attempts: number;
}

/**
 * Up to `count` stays of minNights..maxNights on random listings, each inside
 * its listing's window and never more than `capacity` beds on any night.
 */
export function planStays(
  listings: readonly Listing[],
  count: number,
  options: { random: () => number; newId: () => string; minNights: number; maxNights: number; maxAttempts?: number },
): StayPlan {
  const { random } = options;
  // Beds taken per night, per listing, indexed from its availableFrom.
  const nights = new Map<string, Uint8Array>();
  const byListing = new Map<string, SeededStay[]>();
  const stays: SeededStay[] = [];
  const maxAttempts = options.maxAttempts ?? count * 10;
  let attempts = 0;
  while (stays.length < count && attempts < maxAttempts) {
    attempts++;
    const listing = pick(random, listings);
    const window = nightsBetween(listing.availableFrom, listing.availableTo);
    const length = Math.min(window, between(random, options.minNights, options.maxNights));
    const start = between(random, 0, window - length);
    let taken = nights.get(listing.id);
    if (!taken) {
      taken = new Uint8Array(window);
      nights.set(listing.id, taken);
    }
    let free = true;
    for (let night = start; night < start + length; night++) {
      if ((taken[night] ?? 0) >= listing.capacity) {
        free = false;
        break;
      }
    }
    if (!free) continue;
    for (let night = start; night < start + length; night++) taken[night] = (taken[night] ?? 0) + 1;
    const stay: SeededStay = {
      id: options.newId(),
      listingId: listing.id,
      from: addDays(listing.availableFrom, start),
      to: addDays(listing.availableFrom, start + length),
    };
    stays.push(stay);
    const own = byListing.get(listing.id) ?? [];
    own.push(stay);
    byListing.set(listing.id, own);
  }
  return { stays, byListing, attempts };
}

/** Whether a bed is free on every night of [from, to) given the stays already there. */
export function hasFreeBedAmong(stays: readonly SeededStay[], capacity: number, from: string, to: string): boolean {
  for (let night = from; night < to; night = addDays(night, 1)) {
    let taken = 0;
    for (const stay of stays) if (stay.from <= night && night < stay.to) taken++;
    if (taken >= capacity) return false;
  }
  return true;
}

/**
 * The month items (`LISTING#<id>` / `MONTH#<yyyy-mm>`) of the stays as
 * bookings, shaped as shared/db/stays.ts writes them: every entry recorded in
 * each month it touches; version = the number of entries (one bump per add).
 */
export function occupancyItems(stays: readonly SeededStay[]): Record<string, unknown>[] {
  const months = new Map<string, { listingId: string; month: string; entries: Record<string, unknown> }>();
  for (const stay of stays) {
    for (const month of monthsOf(stay.from, stay.to)) {
      const key = `${stay.listingId}|${month}`;
      let item = months.get(key);
      if (!item) {
        item = { listingId: stay.listingId, month, entries: {} };
        months.set(key, item);
      }
      item.entries[stay.id] = { kind: "booking", from: stay.from, to: stay.to };
    }
  }
  return [...months.values()].map(({ listingId, month, entries }) => ({
    ...keys.listingMonth(listingId, month),
    entity: "occupancy",
    listingId,
    month,
    entries,
    version: Object.keys(entries).length,
  }));
}

/** Puts per BatchWriteItem (DynamoDB's most). */
export const BATCH_SIZE = 25;

const sleep = (milliseconds: number) => new Promise((wake) => setTimeout(wake, milliseconds));

/** One BatchWriteItem of up to BATCH_SIZE puts, retrying what comes back unprocessed. */
export async function writeBatch(db: Database, items: Record<string, unknown>[]): Promise<void> {
  let requests = items.map((Item) => ({ PutRequest: { Item } }));
  for (let attempt = 0; requests.length > 0; attempt++) {
    if (attempt === 10) throw new Error(`BatchWriteItem: ${requests.length} items still unprocessed after 10 attempts`);
    if (attempt > 0) await sleep(10 * 2 ** attempt);
    const { UnprocessedItems } = await db.client.send(
      new BatchWriteCommand({ RequestItems: { [db.tableName]: requests } }),
    );
    requests = (UnprocessedItems?.[db.tableName] ?? []) as typeof requests;
  }
}

/** Writes the items in batches of BATCH_SIZE, `parallel` batches in flight; returns items per second. */
export async function writeItems(db: Database, items: Record<string, unknown>[], parallel = 8): Promise<number> {
  const batches: Record<string, unknown>[][] = [];
  for (let at = 0; at < items.length; at += BATCH_SIZE) batches.push(items.slice(at, at + BATCH_SIZE));
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < batches.length) await writeBatch(db, batches[next++] as Record<string, unknown>[]);
    }),
  );
  return items.length / ((performance.now() - started) / 1000);
}

/** Sends the Query and its next pages (following LastEvaluatedKey) one after another, handing each page on. */
export async function queryAll(
  db: Database,
  input: Omit<QueryCommandInput, "TableName" | "ExclusiveStartKey">,
  onPage: (page: QueryCommandOutput) => void = () => {},
): Promise<void> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.client.send(
      new QueryCommand({ ...input, TableName: db.tableName, ExclusiveStartKey: startKey }),
    );
    onPage(page);
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}

/** How many items one gsi1 partition holds (COUNT Queries). */
export async function countGsi1(db: Database, partition: string): Promise<number> {
  let count = 0;
  await queryAll(
    db,
    {
      IndexName: "gsi1",
      KeyConditionExpression: "gsi1pk = :pk",
      ExpressionAttributeValues: { ":pk": partition },
      Select: "COUNT",
    },
    (page) => {
      count += page.Count ?? 0;
    },
  );
  return count;
}
