/**
 * Part 6, statistics: `GET /stats` against a table of 1,000, then 10,000,
 * then 100,000 bookings (with their housing requests and listings, spread
 * over the last two years and the 18 municipalities). A call reads each
 * municipality's aggregate items for the months it needs — months × shards —
 * so its cost should follow the period, not the table. Measured at each size:
 *
 * - read units per call (ReturnConsumedCapacity), for one municipality and
 *   for all 18, against what reading the items themselves would cost;
 * - latency of one call at a time over HTTP and in process, alternating with
 *   the raw DynamoDB Queries the call sends (recorded, then replayed).
 *
 * Seeding 100,000 bookings through the API would take hours, so the items
 * are written directly with BatchWriteItem as the repositories shape them
 * (scripts/bench/seed-data.ts), and so are the aggregate items: the sums of
 * the seeded items' contributions, computed with the same pure functions
 * the transactions add (shared/domain/stats/contributions.ts), by
 * municipality, bucket and shard. Before anything is measured, the figures
 * the API serves are checked against the figures computed from those sums.
 *
 * The app runs in this process (createLocalApp, @hono/node-server on
 * 127.0.0.1) against a DynamoDB Local of its own; both stop at the end, also
 * on failure.
 */
import type { Server } from "node:http";
import { QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { serve } from "@hono/node-server";
import { silentLogger } from "#api/logging";
import { STATS_SHARDS, shardOf } from "#db/stats";
import { keys } from "#db/table";
import type { Booking } from "#domain/bookings/model";
import { addDays, addYears, dateOfInstant, monthOf, nightsBetween, todayIn } from "#domain/common/dates";
import type { Listing } from "#domain/listings/model";
import { MAX_WINDOW_YEARS } from "#domain/listings/rules";
import { greatCircleKm, placeOf } from "#domain/matching/geo";
import { findMunicipality, municipalities } from "#domain/municipalities/index";
import type { HousingRequest } from "#domain/requests/model";
import {
  bookingContributions,
  type Contribution,
  listingContributions,
  requestContributions,
} from "#domain/stats/contributions";
import { type Counters, municipalityFigures } from "#domain/stats/figures";
import { periodOf } from "#domain/stats/service";
import { createIdGenerator, createManualClock } from "#shared/runtime";
import { ensureTable, freePort, type RunningDynamoDb, startDynamoDbLocal } from "../../functions/local/dynamodb-local";
import { createLocalApp, type LocalApp } from "../../functions/local/local-app";
import {
  type CapacityMeter,
  type CapacityTotals,
  dynamoSize,
  itemSize,
  meterCapacity,
  perRun,
} from "./dynamo-capacity";
import { type BenchPart, kb, median, ms, num, percentile, table } from "./report";
import {
  BATCH_SIZE,
  between,
  bookingItem,
  listingItem,
  makeApprovedListing,
  planStays,
  requestItem,
  seededRandom,
  writeItems,
} from "./seed-data";

const TABLE_NAME = "praktikbolig-bench-stats";
const OWNER_ORG = "bench-institution";
/** The table grows to each of these numbers of bookings in turn; the figures are measured at each. */
const SIZES = [1_000, 10_000, 100_000] as const;
/** Listings per booking, and housing requests without a booking (open, expired, cancelled) per booking. */
const LISTINGS_PER_BOOKING = 0.25;
const UNBOOKED_REQUESTS_PER_BOOKING = 0.15;
/** Stays of 2 weeks to 4 months. */
const STAY_NIGHTS = [14, 120] as const;
/**
 * Each listing is made as seed-data's makeApprovedListing makes one on a day this many days ago: its
 * window opens 60 days before to 240 days after that day (so between 790 days ago and today) and lasts
 * 60 to 540 days.
 */
const MADE_DAYS_AGO = [240, 730] as const;
/** Shares of the bookings cancelled before move-in (the request reopens) and after it (the stay is cut short). */
const CANCELLED_BEFORE = 0.06;
const CANCELLED_AFTER = 0.03;
const FOCUS = "326"; // Kalundborg
const SEED_PARALLEL = 16;
/** Each metered call runs this many times; the read figures are per call. */
const METER_REPEATS = 3;
/**
 * One call at a time: up to this many rounds (HTTP, in process, raw Queries), for at most this long but
 * at least `minimum` rounds, after a warm-up.
 */
const SEQUENTIAL = { rounds: 200, seconds: 40, minimum: 5, warmup: 3 } as const;

/* ---------- The seeded history ---------- */

interface Seeded {
  listings: Listing[];
  requests: HousingRequest[];
  bookings: Booking[];
}

/** An instant on `day`, between `fromHour` and `toHour` UTC (the same date in Copenhagen). */
const instantOn = (random: () => number, day: string, fromHour: number, toHour: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + between(random, fromHour * 60, toHour * 60 - 1) * 60_000).toISOString();

/** A point near a municipality's centre. */
function near(random: () => number, code: string) {
  const municipality = findMunicipality(code);
  if (!municipality) throw new Error(`Unknown municipality ${code}`);
  return {
    lat: Math.round((municipality.lat + (random() - 0.5) * 0.1) * 1e5) / 1e5,
    lon: Math.round((municipality.lon + (random() - 0.5) * 0.1) * 1e5) / 1e5,
  };
}

/**
 * `bookings` bookings on `bookings × LISTINGS_PER_BOOKING` new listings (round-robin over the 18
 * municipalities, windows opening up to two years ago), each with the housing request it housed,
 * plus requests that found no room. Everything happened on or before today, as the services
 * would have written it.
 */
function seedHistory(
  count: number,
  context: { today: string; random: () => number; newId: () => string; listingIndex: number },
): Seeded & { attempts: number } {
  const { today, random, newId } = context;
  const listings: Listing[] = [];
  const listingCount = Math.max(1, Math.round(count * LISTINGS_PER_BOOKING));
  for (let made = 0; made < listingCount; made++) {
    // makeApprovedListing opens a window 60 days before to 240 days after the day it is given.
    const opensAround = addDays(today, -between(random, MADE_DAYS_AGO[0], MADE_DAYS_AGO[1]));
    const listing = makeApprovedListing({
      index: context.listingIndex++,
      today: opensAround,
      random,
      newId,
      ownerOrgId: OWNER_ORG,
    });
    // Windows that have passed were met by a search since and moved to expired, most of them.
    if (listing.availableTo < today && random() < 0.8) {
      listings.push({ ...listing, status: "expired", version: listing.version + 1 });
    } else {
      listings.push(listing);
    }
  }
  const plan = planStays(listings, count, {
    random,
    newId,
    minNights: STAY_NIGHTS[0],
    maxNights: STAY_NIGHTS[1],
    maxAttempts: count * 20,
  });
  const byId = new Map(listings.map((listing) => [listing.id, listing]));
  const requests: HousingRequest[] = [];
  const bookings: Booking[] = [];

  const requestFor = (code: string, moveIn: string, moveOut: string, createdAt: string): HousingRequest => ({
    id: newId(),
    studentId: `bench-student-${requests.length}`,
    internship: {
      company: "Praktikvirksomhed A/S",
      municipalityCode: code,
      location: near(random, code),
      startDate: moveIn,
      endDate: addDays(moveOut, -1),
    },
    moveIn,
    moveOut,
    maxRent: 6_000,
    needs: { furnished: false, accessible: false, pets: false },
    preferredKinds: [],
    maxDistanceKm: 50,
    status: "open",
    version: 1,
    createdAt,
    updatedAt: createdAt,
    active: {},
  });

  for (const stay of plan.stays) {
    const listing = byId.get(stay.listingId) as Listing;
    const approved = dateOfInstant(listing.review?.decidedAt as string);
    // Booked on or before today and move-in, after the approval; asked for 0 to 90 days before (most soon).
    const last = [stay.from, today].sort()[0] as string;
    const housedDay = addDays(last, -between(random, 0, Math.min(60, Math.max(0, nightsBetween(approved, last)))));
    const housedAt = instantOn(random, housedDay, 12, 20);
    const createdAt = instantOn(random, addDays(housedDay, -Math.floor(random() ** 2 * 90)), 6, 12);
    const code =
      random() < 0.8
        ? listing.municipalityCode
        : (municipalities[between(random, 0, municipalities.length - 1)]?.code as string);
    const request = requestFor(code, stay.from, stay.to, createdAt);
    const booking: Booking = {
      id: newId(),
      listingId: listing.id,
      requestId: request.id,
      applicationId: stay.id,
      studentId: request.studentId,
      ownerOrgId: listing.ownerOrgId,
      municipalityCode: listing.municipalityCode,
      moveIn: stay.from,
      moveOut: stay.to,
      status: "confirmed",
      version: 1,
      createdAt: housedAt,
      updatedAt: housedAt,
    };
    const housed: HousingRequest = {
      ...request,
      status: "housed",
      version: 4,
      updatedAt: housedAt,
      bookingId: booking.id,
      housedAt,
      housedIn: listing.municipalityCode,
      housedDistanceKm:
        Math.round(
          greatCircleKm(
            placeOf(request.internship.location, code),
            placeOf(listing.location, listing.municipalityCode),
          ) * 10,
        ) / 10,
    };
    const roll = random();
    const lastBefore = [addDays(stay.from, -1), today].sort()[0] as string;
    const lastDuring = [addDays(stay.to, -1), today].sort()[0] as string;
    if (roll < CANCELLED_BEFORE && lastBefore > housedDay) {
      // Cancelled before move-in: every night is free and the request is open again.
      const cancelledAt = instantOn(
        random,
        addDays(housedDay, between(random, 1, nightsBetween(housedDay, lastBefore))),
        8,
        20,
      );
      bookings.push({ ...booking, status: "cancelled", cancelledAt, version: 2, updatedAt: cancelledAt });
      requests.push({ ...request, version: 6, updatedAt: cancelledAt });
    } else if (roll < CANCELLED_BEFORE + CANCELLED_AFTER && lastDuring >= stay.from) {
      // Cancelled on or after move-in: the student leaves the next day.
      const day = addDays(stay.from, between(random, 0, nightsBetween(stay.from, lastDuring)));
      const cancelledAt = instantOn(random, day, 8, 20);
      const moveOut = addDays(day, 1);
      bookings.push({ ...booking, status: "cancelled", moveOut, cancelledAt, version: 2, updatedAt: cancelledAt });
      requests.push(housed);
    } else {
      bookings.push(booking);
      requests.push(housed);
    }
  }

  // Requests that found no room: open, expired (move-in passed), cancelled.
  for (let made = 0; made < Math.round(count * UNBOOKED_REQUESTS_PER_BOOKING); made++) {
    const code = municipalities[made % municipalities.length]?.code as string;
    const createdDay = addDays(today, -between(random, 0, 700));
    const moveIn = addDays(createdDay, between(random, 0, 120));
    const request = requestFor(
      code,
      moveIn,
      addDays(moveIn, between(random, ...STAY_NIGHTS)),
      instantOn(random, createdDay, 6, 20),
    );
    const lastOpen = [moveIn, today].sort()[0] as string;
    if (random() < 0.3 && lastOpen > createdDay) {
      const cancelledAt = instantOn(
        random,
        addDays(createdDay, between(random, 1, nightsBetween(createdDay, lastOpen))),
        6,
        20,
      );
      requests.push({ ...request, status: "cancelled", cancelledAt, version: 2, updatedAt: cancelledAt });
    } else {
      requests.push(request);
    }
  }
  return { listings, requests, bookings, attempts: plan.attempts };
}

/* ---------- The aggregate items ---------- */

interface AggregateItem {
  municipality: string;
  bucket: string;
  shard: number;
  counters: Map<string, number>;
}

/** Σ contributions by aggregate item, as the transactions would have added them (each object in its shard). */
class Aggregates {
  readonly items = new Map<string, AggregateItem>();

  add(objectId: string, contributions: Contribution[]) {
    const shard = shardOf(objectId);
    for (const { municipality, bucket, counter, n } of contributions) {
      const key = `${municipality}|${bucket}|${shard}`;
      let item = this.items.get(key);
      if (!item) {
        item = { municipality, bucket, shard, counters: new Map() };
        this.items.set(key, item);
      }
      item.counters.set(counter, (item.counters.get(counter) ?? 0) + n);
    }
  }

  addHistory(history: Seeded) {
    for (const listing of history.listings) this.add(listing.id, listingContributions(listing));
    for (const request of history.requests) this.add(request.id, requestContributions(request));
    for (const booking of history.bookings) this.add(booking.id, bookingContributions(booking));
  }

  /** The stored items: what statsUpdates' SET and ADD leave behind (without the zeros a history leaves). */
  toItems(): Record<string, unknown>[] {
    return [...this.items.values()].map(({ municipality, bucket, shard, counters }) => ({
      ...Object.fromEntries([...counters].filter(([, n]) => n !== 0)),
      ...keys.statsBucket(municipality, bucket, shard),
      entity: "stats",
      municipality,
      bucket,
      shard,
    }));
  }

  /** A municipality's counters over every bucket and shard. */
  countersOf(municipality: string): Counters {
    const counters: Counters = new Map();
    for (const item of this.items.values()) {
      if (item.municipality !== municipality) continue;
      for (const [name, n] of item.counters) counters.set(name, (counters.get(name) ?? 0) + n);
    }
    return counters;
  }
}

/** The first month bucket a call reads (as shared/domain/stats/service.ts computes it). */
const firstMonthRead = (period: { from: string }, today: string) =>
  monthOf(addYears([period.from, today].sort()[0] as string, -MAX_WINDOW_YEARS));

/** Attributes and bytes of the municipality's aggregate items that a call reads, by counter family. */
function familiesRead(aggregates: Aggregates, municipality: string, firstMonth: string) {
  const families = new Map<string, { attributes: number; bytes: number }>();
  for (const item of aggregates.items.values()) {
    if (item.municipality !== municipality || (item.bucket !== "NOW" && item.bucket < firstMonth)) continue;
    for (const [name, n] of item.counters) {
      if (n === 0) continue;
      const family = name.slice(0, name.indexOf("/"));
      const entry = families.get(family) ?? { attributes: 0, bytes: 0 };
      entry.attributes += 1;
      entry.bytes += Buffer.byteLength(name) + dynamoSize(n);
      families.set(family, entry);
    }
  }
  return families;
}

/** Bytes of the municipality's aggregate items a call reads, as stored and with each bucket's shards merged. */
function shardsMerged(aggregates: Aggregates, municipality: string, firstMonth: string) {
  const read = aggregates
    .toItems()
    .filter(
      (item) => item.municipality === municipality && (item.bucket === "NOW" || String(item.bucket) >= firstMonth),
    );
  const merged = new Map<string, Record<string, unknown>>();
  for (const item of read) {
    const bucket = String(item.bucket);
    let into = merged.get(bucket);
    if (!into) {
      into = { ...keys.statsBucket(municipality, bucket, 0), entity: "stats", municipality, bucket, shard: 0 };
      merged.set(bucket, into);
    }
    // Counter names all have a "/", the item's own attributes none.
    for (const [name, value] of Object.entries(item)) {
      if (name.includes("/")) into[name] = Number(into[name] ?? 0) + Number(value);
    }
  }
  const withoutZeros = [...merged.values()].map((item) =>
    Object.fromEntries(Object.entries(item).filter(([name, value]) => !name.includes("/") || value !== 0)),
  );
  const bytes = (items: Record<string, unknown>[]) => items.reduce((sum, item) => sum + itemSize(item), 0);
  return { focusAggregateBytes: bytes(read), focusMergedBytes: bytes(withoutZeros) };
}

/* ---------- Calls ---------- */

interface Scope {
  label: string;
  query: string;
  municipalities: string[];
}

const SCOPES: Scope[] = [
  { label: `one municipality (${FOCUS})`, query: `municipality=${FOCUS}`, municipalities: [FOCUS] },
  {
    label: `all ${municipalities.length}`,
    query: "",
    municipalities: municipalities.map((municipality) => municipality.code),
  },
];

interface Connection {
  local: LocalApp;
  base: string;
  token: string;
}

/** GET /stats, its whole answer read; over HTTP, or in process (`app.request`). */
async function getStats(connection: Connection, query: string, overHttp: boolean) {
  const path = `/stats${query ? `?${query}` : ""}`;
  const init = { headers: { authorization: `Bearer ${connection.token}` } };
  const response = overHttp
    ? await fetch(`${connection.base}${path}`, init)
    : await connection.local.app.request(path, init);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return text;
}

/** The figures served must be those computed from the seeded sums, for every municipality. */
async function checkServed(connection: Connection, aggregates: Aggregates, today: string) {
  const served = JSON.parse(await getStats(connection, "", false)) as {
    from: string;
    to: string;
    items: { municipalityCode: string }[];
  };
  if (served.items.length !== municipalities.length) throw new Error(`GET /stats: ${served.items.length} items`);
  const period = periodOf({}, today);
  for (const row of served.items) {
    const expected = JSON.stringify(
      municipalityFigures(row.municipalityCode, aggregates.countersOf(row.municipalityCode), period, today),
    );
    if (JSON.stringify(row) !== expected) {
      throw new Error(
        `GET /stats for ${row.municipalityCode} differs from the seeded counters:\n${JSON.stringify(row)}\n${expected}`,
      );
    }
  }
}

interface Reads {
  totals: CapacityTotals;
  /** The same for the recorded Queries sent directly. */
  rawTotals: CapacityTotals;
  /** The Query inputs one call sent, in order. */
  calls: QueryCommandInput[];
  answerBytes: number;
}

async function meterCall(meter: CapacityMeter, connection: Connection, scope: Scope): Promise<Reads> {
  meter.enabled = true;
  meter.startRecording();
  const recorded = await getStats(connection, scope.query, false);
  const calls = meter.stopRecording() as QueryCommandInput[];
  meter.reset();
  for (let run = 0; run < METER_REPEATS; run++) await getStats(connection, scope.query, false);
  const totals = perRun(meter.totals(), METER_REPEATS);
  meter.reset();
  const raw = replay(connection, calls);
  for (let run = 0; run < METER_REPEATS; run++) await raw();
  const rawTotals = perRun(meter.totals(), METER_REPEATS);
  meter.enabled = false;
  return { totals, rawTotals, calls, answerBytes: Buffer.byteLength(recorded) };
}

/** The recorded Queries again: each municipality's pages one after another, the municipalities at once, as the service reads. */
function replay(connection: Connection, calls: QueryCommandInput[]) {
  const byPartition = new Map<string, QueryCommandInput[]>();
  for (const call of calls) {
    const pk = String(call.ExpressionAttributeValues?.[":pk"]);
    byPartition.set(pk, [...(byPartition.get(pk) ?? []), call]);
  }
  const groups = [...byPartition.values()];
  const { db } = connection.local;
  return async () => {
    await Promise.all(
      groups.map(async (group) => {
        for (const input of group) await db.client.send(new QueryCommand(input));
      }),
    );
  };
}

interface Latencies {
  httpMs: number[];
  inProcessMs: number[];
  rawMs: number[];
}

/** HTTP, in process, raw Queries, then the next round: each timed alone, so the series share the machine's moments. */
async function alternate(operations: [() => Promise<unknown>, () => Promise<unknown>, () => Promise<unknown>]) {
  for (let run = 0; run < SEQUENTIAL.warmup; run++) for (const operation of operations) await operation();
  const series: number[][] = [[], [], []];
  const deadline = performance.now() + SEQUENTIAL.seconds * 1000;
  for (
    let round = 0;
    round < SEQUENTIAL.rounds && (round < SEQUENTIAL.minimum || performance.now() < deadline);
    round++
  ) {
    for (const [index, operation] of operations.entries()) {
      const at = performance.now();
      await operation();
      series[index]?.push(performance.now() - at);
    }
  }
  const [httpMs = [], inProcessMs = [], rawMs = []] = series;
  return { httpMs, inProcessMs, rawMs } satisfies Latencies;
}

/* ---------- Running it ---------- */

interface AtSize {
  bookings: number;
  listings: number;
  requests: number;
  aggregateItems: number;
  largestAggregate: number;
  tableItems: number;
  /** Size of the focus municipality's listing, request and booking items, and of all of them (bytes). */
  focusItemBytes: number;
  allItemBytes: number;
  focusObjects: number;
  /** What the focus municipality's aggregate items read hold, by counter family (the name before the first "/"). */
  families: Map<string, { attributes: number; bytes: number }>;
  /** The same items' bytes as stored, and were each month's shards one item (what a rollup of a month could keep). */
  focusAggregateBytes: number;
  focusMergedBytes: number;
  seedSeconds: number;
  seedRate: number;
  reads: Reads[];
  latencies: Latencies[];
}

interface Running {
  dynamo?: RunningDynamoDb;
  local?: LocalApp;
  server?: Server;
}

async function stopAll(running: Running) {
  if (running.server) {
    const server = running.server;
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
  }
  running.local?.db.client.destroy();
  await running.dynamo?.stop();
}

export const statsPart: BenchPart = {
  name: "stats",
  async run({ log }) {
    const running: Running = {};
    // DynamoDB Local is our child but not in a group of its own: make sure it dies with us.
    const killDynamo = () => {
      if (running.dynamo && running.dynamo.pid > 0) {
        try {
          process.kill(running.dynamo.pid, "SIGKILL");
        } catch {
          // Already gone.
        }
      }
    };
    process.once("exit", killDynamo);
    try {
      log("stats: starting DynamoDB Local");
      running.dynamo = await startDynamoDbLocal();
      await ensureTable(running.dynamo.endpoint, TABLE_NAME);
      // One fixed instant for the whole run: every call asks about the same day.
      const clock = createManualClock(new Date());
      const local = await createLocalApp({
        endpoint: running.dynamo.endpoint,
        tableName: TABLE_NAME,
        logger: silentLogger,
        clock,
      });
      running.local = local;
      const meter = meterCapacity(local.db.client);
      meter.enabled = false;
      const port = await freePort();
      const server = serve({ fetch: local.app.fetch, port, hostname: "127.0.0.1" }) as Server;
      running.server = server;
      await new Promise<void>((ready, fail) => {
        server.once("listening", ready);
        server.once("error", fail);
      });
      const connection: Connection = {
        local,
        base: `http://127.0.0.1:${port}`,
        token: await local.tokens.issue({ sub: "bench-admin", role: "admin" }),
      };
      const today = todayIn(clock);
      const period = periodOf({}, today);
      const readFrom = firstMonthRead(period, today);

      const random = seededRandom(2_027);
      const newId = createIdGenerator();
      const aggregates = new Aggregates();
      const context = { today, random, newId, listingIndex: 0 };
      const seeded: Seeded = { listings: [], requests: [], bookings: [] };
      const results: AtSize[] = [];
      let planAttempts = 0;

      for (const size of SIZES) {
        const adding = size - seeded.bookings.length;
        log(`stats: seeding ${num(adding)} more bookings (${num(size)} in all), their requests and listings`);
        const started = performance.now();
        const history = seedHistory(adding, context);
        planAttempts += history.attempts;
        if (history.bookings.length !== adding) {
          throw new Error(`Only ${history.bookings.length} of ${adding} stays found a free bed`);
        }
        seeded.listings.push(...history.listings);
        seeded.requests.push(...history.requests);
        seeded.bookings.push(...history.bookings);
        aggregates.addHistory(history);
        const objectItems = [
          ...history.listings.map(listingItem),
          ...history.requests.map(requestItem),
          ...history.bookings.map(bookingItem),
        ];
        const aggregateItems = aggregates.toItems();
        const largestAggregate = Math.max(...aggregateItems.map(itemSize));
        if (largestAggregate > 400 * 1024) throw new Error(`An aggregate item of ${largestAggregate} bytes`);
        // The aggregate items are written whole, with the totals so far: what the transactions would have added.
        const written = [...objectItems, ...aggregateItems];
        await writeItems(local.db, written, SEED_PARALLEL);
        const seedSeconds = (performance.now() - started) / 1000;
        log(`stats: ${num(written.length)} items written in ${ms(seedSeconds, 1)} s; checking the served figures`);
        await checkServed(connection, aggregates, today);

        const isFocus = (code: string) => code === FOCUS;
        const itemsOf = (focus: boolean) => [
          ...seeded.listings.filter((listing) => !focus || isFocus(listing.municipalityCode)).map(listingItem),
          ...seeded.requests
            .filter((request) => !focus || isFocus(request.internship.municipalityCode))
            .map(requestItem),
          ...seeded.bookings.filter((booking) => !focus || isFocus(booking.municipalityCode)).map(bookingItem),
        ];
        const focusItems = itemsOf(true);
        const bytes = (items: Record<string, unknown>[]) => items.reduce((sum, item) => sum + itemSize(item), 0);

        const reads: Reads[] = [];
        const latencies: Latencies[] = [];
        for (const scope of SCOPES) {
          log(`stats: ${num(size)} bookings, ${scope.label}: read units, then one call at a time`);
          const metered = await meterCall(meter, connection, scope);
          reads.push(metered);
          latencies.push(
            await alternate([
              () => getStats(connection, scope.query, true),
              () => getStats(connection, scope.query, false),
              replay(connection, metered.calls),
            ]),
          );
        }
        results.push({
          bookings: size,
          listings: seeded.listings.length,
          requests: seeded.requests.length,
          aggregateItems: aggregateItems.length,
          largestAggregate,
          tableItems: seeded.listings.length + seeded.requests.length + seeded.bookings.length + aggregateItems.length,
          focusItemBytes: bytes(focusItems),
          allItemBytes: bytes(itemsOf(false)),
          focusObjects: focusItems.length,
          families: familiesRead(aggregates, FOCUS, readFrom),
          ...shardsMerged(aggregates, FOCUS, readFrom),
          seedSeconds,
          seedRate: written.length / seedSeconds,
          reads,
          latencies,
        });
      }
      const span = spanOf(seeded);
      return [report({ results, today, period, span, planAttempts, seeded })];
    } finally {
      log("stats: stopping the server and DynamoDB Local");
      try {
        await stopAll(running);
      } finally {
        killDynamo();
        process.removeListener("exit", killDynamo);
      }
    }
  },
};

/** The first and last month any seeded counter is keyed by. */
function spanOf(seeded: Seeded) {
  const months = [
    ...seeded.requests.map((request) => monthOf(dateOfInstant(request.createdAt))),
    ...seeded.bookings.flatMap((booking) => [monthOf(booking.moveIn), monthOf(booking.moveOut)]),
    ...seeded.listings.flatMap((listing) => [monthOf(listing.availableFrom), monthOf(listing.availableTo)]),
  ].sort();
  return { first: months[0] as string, last: months.at(-1) as string };
}

/* ---------- Report ---------- */

/** What each counter family counts (contributions.ts). */
const FAMILIES: Record<string, string> = {
  opened: "requests opened, by day",
  open: "open requests, by move-in (`NOW`)",
  cancelled: "requests cancelled, by day",
  housed: "requests housed, by day",
  daysToHouse: "requests housed, by day and days waited",
  distance: "requests housed, by day and distance band",
  livesIn: "requests housed, by day and the room's municipality",
  internsFrom: "students housed here, by day and the internship's municipality",
  bookedChange: "beds booked from a day, and until a day",
  offeredChange: "beds offered from a day, and until a day",
  listings: "listings by state (`NOW`)",
  approved: "approved listings, by last day (`NOW`)",
  approvedBeds: "their beds, by last day (`NOW`)",
  approvedRent: "their rent, by last day and rent (`NOW`)",
};

function familiesTable(results: AtSize[]): { table: string; top: [string, number][] } {
  const last = results.at(-1) as AtSize;
  const totalBytes = [...last.families.values()].reduce((sum, entry) => sum + entry.bytes, 0);
  const names = [...new Set(results.flatMap((result) => [...result.families.keys()]))].sort(
    (a, b) => (last.families.get(b)?.bytes ?? 0) - (last.families.get(a)?.bytes ?? 0),
  );
  const rows = names.map((name) => [
    `\`${name}\``,
    FAMILIES[name] ?? "",
    ...results.map((result) => num(result.families.get(name)?.attributes ?? 0)),
    kb(last.families.get(name)?.bytes ?? 0),
    `${num((100 * (last.families.get(name)?.bytes ?? 0)) / totalBytes)} %`,
  ]);
  return {
    table: table(
      [
        "Counter",
        "Counts",
        ...results.map((result) => `Attributes at ${num(result.bookings)}`),
        `KB at ${num(last.bookings)}`,
        "Share",
      ],
      rows,
    ),
    top: names.slice(0, 3).map((name) => [name, (last.families.get(name)?.bytes ?? 0) / totalBytes]),
  };
}

const units = (value: number) => num(value, 1);
const ratio = (value: number) => `${num(value, 2)}×`;
/** Read units of reading `bytes` of items with eventually consistent Queries: 0.5 per 4 KB. */
const unitsOfReading = (bytes: number) => Math.ceil(bytes / 4096) / 2;

function report(input: {
  results: AtSize[];
  today: string;
  period: { from: string; to: string };
  span: { first: string; last: string };
  planAttempts: number;
  seeded: Seeded;
}): string {
  const { results, today, period, span, seeded } = input;
  const first = results[0] as AtSize;
  const last = results.at(-1) as AtSize;
  const firstMonth = firstMonthRead(period, today);
  const cancelledBefore = seeded.bookings.filter(
    (booking) => booking.status === "cancelled" && dateOfInstant(booking.cancelledAt as string) < booking.moveIn,
  ).length;
  const cancelledAfter = seeded.bookings.filter((booking) => booking.status === "cancelled").length - cancelledBefore;
  const unbooked = seeded.requests.length - seeded.bookings.length;

  const readRows = results.flatMap((result) =>
    SCOPES.map((scope, index) => {
      const { totals, calls, answerBytes } = result.reads[index] as Reads;
      const itemBytes = index === 0 ? result.focusItemBytes : result.allItemBytes;
      return [
        num(result.bookings),
        scope.label,
        num(calls.length),
        num(totals.itemsRead),
        kb(totals.bytesRead),
        units(totals.units),
        units(totals.unitsFromSize),
        kb(answerBytes),
        units(unitsOfReading(itemBytes)),
        ratio(totals.units / unitsOfReading(itemBytes)),
      ];
    }),
  );
  const latencyRows = results.flatMap((result) =>
    SCOPES.map((scope, index) => {
      const { httpMs, inProcessMs, rawMs } = result.latencies[index] as Latencies;
      return [
        num(result.bookings),
        scope.label,
        num(rawMs.length),
        `${ms(median(httpMs), 2)} / ${ms(percentile(httpMs, 0.99), 2)}`,
        `${ms(median(inProcessMs), 2)} / ${ms(percentile(inProcessMs, 0.99), 2)}`,
        `${ms(median(rawMs), 2)} / ${ms(percentile(rawMs, 0.99), 2)}`,
        ratio(median(inProcessMs) / median(rawMs)),
        ratio(median(httpMs) / median(rawMs)),
      ];
    }),
  );
  const sizeRows = results.map((result) => [
    num(result.bookings),
    num(result.listings),
    num(result.requests),
    num(result.tableItems),
    num(result.aggregateItems),
    kb(result.largestAggregate),
    num(result.focusObjects),
    `${ms(result.seedSeconds, 1)} s (${num(result.seedRate)} items/s)`,
  ]);

  const readsAt = (result: AtSize, scope: number) => (result.reads[scope] as Reads).totals;
  const latencyAt = (result: AtSize, scope: number) => result.latencies[scope] as Latencies;
  const growth = (scope: number) => readsAt(last, scope).units / readsAt(first, scope).units;
  const itemsGrowth = last.focusItemBytes / first.focusItemBytes;
  const oneMonths = monthsFromTo(firstMonth, span.last) + 1;
  const families = familiesTable(results);
  const mostItems = (scope: number) => (SCOPES[scope]?.municipalities.length ?? 0) * (oneMonths + 1) * STATS_SHARDS;
  return [
    "## Statistics: GET /stats as the table grows",
    "",
    `\`GET /stats\` as an admin with no period (the last 12 months: ${period.from} to ${period.to}), for one municipality (\`?municipality=${FOCUS}\`) and for all ${municipalities.length}, on a table that grows from ${num(first.bookings)} to ${num(last.bookings)} bookings. Each booking comes with the housing request it housed, and there are ${num(LISTINGS_PER_BOOKING * 100)} listings and ${num(UNBOOKED_REQUESTS_PER_BOOKING * 100)} requests without a booking (open, expired or cancelled) per 100 bookings; listings round-robin over the ${municipalities.length} municipalities, their windows opening between ${num(MADE_DAYS_AGO[1] + 60)} days ago and today and lasting 60 to 540 days (capacity 1 to 4 beds; those past their window mostly stored as expired); stays of ${STAY_NIGHTS[0]} to ${STAY_NIGHTS[1]} nights inside the windows, never more than the capacity on a night (${num(input.planAttempts)} draws for ${num(last.bookings)} stays), booked 0 to 60 days before move-in and asked for 0 to 90 days before that; 80 % of the internships in the room's municipality, the rest in any of the ${municipalities.length}. In the end ${num(seeded.bookings.length - cancelledBefore - cancelledAfter)} bookings are confirmed, ${num(cancelledBefore)} were cancelled before move-in (their requests open again) and ${num(cancelledAfter)} after it (cut short), and ${num(unbooked)} requests have no booking. The counters they give are keyed by days from ${span.first} to ${span.last}.`,
    "",
    `Seeding writes the listing, request and booking items directly with BatchWriteItem (${BATCH_SIZE} per batch, ${SEED_PARALLEL} in flight), shaped as the repositories store them (scripts/bench/seed-data.ts), not through the API: that would take hours. The aggregate items (\`STATS#<code>\` / \`MONTH#<yyyy-mm>#<shard>\` or \`NOW#<shard>\`) are written the same way, holding the sums of the seeded items' contributions, computed with the functions the transactions use (shared/domain/stats/contributions.ts) and put in each object's shard (shared/db/stats.ts \`shardOf\`): what the transactions would have added, without the zero counters a real history leaves behind. At each size, before anything is measured, the figures \`GET /stats\` serves for every municipality are checked equal to those computed from the seeded sums (\`municipalityFigures\`). Read units are DynamoDB Local's \`ConsumedCapacity\` of the call's Queries (\`ReturnConsumedCapacity: "TOTAL"\`, added by the middleware of scripts/bench/dynamo-capacity.ts), per call (the mean of ${METER_REPEATS}), with the figure computed from the items' sizes as a check. For comparison, the last columns give what reading the counted items themselves would cost (their listings, requests and bookings at 0.5 read units per 4 KB, as a Query or Scan reads them), which is what counting without aggregates would need at least.`,
    "",
    table(
      [
        "Bookings",
        "Listings",
        "Requests",
        "Table items",
        "Aggregate items",
        "Largest aggregate KB",
        `Items counted in ${FOCUS}`,
        "Seeding",
      ],
      sizeRows,
    ),
    "",
    table(
      [
        "Bookings",
        "Scope",
        "Queries",
        "Aggregate items read",
        "KB read",
        "RCU",
        "RCU by size",
        "Answer KB",
        "RCU to read the items counted",
        "RCU ÷ that",
      ],
      readRows,
    ),
    "",
    `**From ${num(first.bookings)} to ${num(last.bookings)} bookings (${ratio(itemsGrowth)} the bytes of ${FOCUS}'s items), one municipality's statistics cost ${units(readsAt(first, 0).units)} → ${units(readsAt(last, 0).units)} read units (${ratio(growth(0))}), and all ${municipalities.length} municipalities' ${units(readsAt(first, 1).units)} → ${units(readsAt(last, 1).units)} (${ratio(growth(1))}).** A call reads, per municipality, the aggregate items from ${firstMonth} on (two years before the period's start, as a listing's beds may start that long before a night asked about): at most ${num(oneMonths)} months (to ${span.last}, the last with counters here) × ${STATS_SHARDS} shards + ${STATS_SHARDS} \`NOW\` items = ${num(mostItems(0))} items, however many objects they count; it read ${num(readsAt(last, 0).itemsRead)} for ${FOCUS} at ${num(last.bookings)} bookings (${num(readsAt(last, 1).itemsRead)} for all, of at most ${num(mostItems(1))}). The number of items read stops growing once every month and shard has a counter; what still grows is their size: an item holds one attribute per distinct day (and value: days waited, distance band, municipality, rent) counted in it, so it fills up towards a bound set by the days of its month and those values, not by the number of objects. Reading the items counted instead would cost ${units(unitsOfReading(last.focusItemBytes))} read units for ${FOCUS} at ${num(last.bookings)} bookings, ${ratio(unitsOfReading(last.focusItemBytes) / readsAt(last, 0).units)} the call.`,
    "",
    `What ${FOCUS}'s aggregate items read hold, by counter (attribute names \`<counter>/<day>[/<value>]\`, each a number), at each size; zero counters left out:`,
    "",
    families.table,
    "",
    `At ${num(last.bookings)} bookings ${families.top.map(([name, share]) => `\`${name}\` has ${num(100 * share)} %`).join(", ")} of the bytes. Every attribute is one day (with a value, for some counters) in one month and shard, and at these numbers an item read counts few objects (${FOCUS}: ${num(last.focusObjects)} listings, requests and bookings over ${num(readsAt(last, 0).itemsRead)} items read, ${num(last.focusObjects / readsAt(last, 0).itemsRead, 0)} each), few of which share a day: the items still grow nearly with the objects they count. An item stops growing only once every day and value its month can hold has occurred in it, and ${STATS_SHARDS} shards put that ${STATS_SHARDS} times further away. Were each month's ${STATS_SHARDS} shards one item (as a rollup of the months no longer written to could make them), ${FOCUS}'s counters read at ${num(last.bookings)} bookings would take ${kb(last.focusMergedBytes)} KB instead of ${kb(last.focusAggregateBytes)} KB (${ratio(last.focusMergedBytes / last.focusAggregateBytes)}; at ${num(first.bookings)} bookings ${kb(first.focusMergedBytes)} instead of ${kb(first.focusAggregateBytes)} KB).`,
    "",
    `One call at a time, nothing else in flight: each round sends the call over HTTP to the app's server in this process (\`fetch\`, the whole answer read), then in process (\`app.request\`: the app alone, as API Gateway hands a request to the Lambda), then the raw DynamoDB Queries it sends (recorded once from the call and replayed with the app's document client: each municipality's pages one after another, the municipalities at once, as the service reads them); up to ${num(SEQUENTIAL.rounds)} rounds or ${SEQUENTIAL.seconds} s (but at least ${SEQUENTIAL.minimum}) after ${SEQUENTIAL.warmup} unmeasured ones. Latencies in ms, p50 / p99 (nearest rank).`,
    "",
    table(
      [
        "Bookings",
        "Scope",
        "Rounds",
        "HTTP p50 / p99",
        "In process p50 / p99",
        "Raw Queries p50 / p99",
        "In process ÷ raw (p50)",
        "HTTP ÷ raw (p50)",
      ],
      latencyRows,
    ),
    "",
    `**At ${num(last.bookings)} bookings, one municipality's statistics take ${ms(median(latencyAt(last, 0).inProcessMs), 2)} ms at p50 in process (${ms(median(latencyAt(last, 0).httpMs), 2)} ms over HTTP) against ${ms(median(latencyAt(last, 0).rawMs), 2)} ms for the ${num((last.reads[0] as Reads).calls.length)} raw Queries it sends: ${ratio(median(latencyAt(last, 0).inProcessMs) / median(latencyAt(last, 0).rawMs))} in process, at ${ratio(readsAt(last, 0).units / (last.reads[0] as Reads).rawTotals.units)} their read units; all ${municipalities.length} take ${ms(median(latencyAt(last, 1).inProcessMs), 2)} ms against ${ms(median(latencyAt(last, 1).rawMs), 2)} ms (${ratio(median(latencyAt(last, 1).inProcessMs) / median(latencyAt(last, 1).rawMs))}).** What the app adds to the Queries is the token check, summing the counters and computing the figures (the nightly beds over the period and 13 weeks ahead) and JSON.`,
  ].join("\n");
}

/** Months from `from` to `to` (YYYY-MM), not counting `from`. */
function monthsFromTo(from: string, to: string): number {
  const [fromYear, fromMonth] = from.split("-").map(Number) as [number, number];
  const [toYear, toMonth] = to.split("-").map(Number) as [number, number];
  return (toYear - fromYear) * 12 + (toMonth - fromMonth);
}
