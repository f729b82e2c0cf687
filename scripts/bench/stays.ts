/**
 * Part 4, stays: matching and accepting offers against a table seeded with
 * 10,000 approved listings and 20,000 bookings (as month occupancy items).
 * Every figure sits next to the raw DynamoDB calls it needs, sent directly
 * with the same document client in the same run:
 *
 * - matches for one housing request: latency and read units per call, against
 *   the GetItem, the index Queries and the month Queries the match needs;
 * - accepting offers with 32 concurrent clients, on distinct listings and on
 *   one hot listing: successes/s, conflicts and retries, against the same
 *   transactions replayed directly; and the capacity invariant afterwards.
 *
 * The services run in this process (createLocalApp, called directly, no
 * HTTP) against a DynamoDB Local of its own, stopped at the end, also on
 * failure.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from "@aws-sdk/lib-dynamodb";
import { silentLogger } from "#api/logging";
import type { Principal } from "#auth/principal";
import type { Database } from "#db/client";
import { HIGHEST, keys } from "#db/table";
import { isLive, type OccupancyEntry } from "#domain/bookings/occupancy";
import { addDays, addYears, todayIn } from "#domain/common/dates";
import { BACK_OFF_MS, MAX_ATTEMPTS } from "#domain/common/retry";
import type { Listing } from "#domain/listings/model";
import { type ListingSearch, MAX_WINDOW_YEARS, matchesSearch } from "#domain/listings/rules";
import { municipalitiesWithinReach, placeOf } from "#domain/matching/geo";
import type { NewRequest } from "#domain/requests/model";
import { Conflict } from "#shared/errors";
import { createIdGenerator } from "#shared/runtime";
import { ensureTable, type RunningDynamoDb, startDynamoDbLocal } from "../../functions/local/dynamodb-local";
import { createLocalApp, type LocalApp } from "../../functions/local/local-app";
import { type CapacityMeter, type CapacityTotals, meterCapacity, perRun } from "./dynamo-capacity";
import { type BenchPart, median, ms, num, percentile, table } from "./report";
import {
  BATCH_SIZE,
  between,
  CURRENT_WINDOWS,
  countGsi1,
  hasFreeBedAmong,
  listingItem,
  makeApprovedListing,
  occupancyItems,
  planStays,
  queryAll,
  type SeededStay,
  seededRandom,
  writeItems,
} from "./seed-data";

const TABLE_NAME = "praktikbolig-bench-stays";
const OWNER_ORG = "bench-housing-office";
const STAFF: Principal = { sub: "bench-staff", role: "institution", orgId: OWNER_ORG };

const LISTINGS = 10_000;
const BOOKINGS = 20_000;
/** Seeded bookings last 1..4 months. */
const BOOKING_NIGHTS = [30, 120] as const;
/** BatchWriteItem calls in flight while seeding. */
const SEED_PARALLEL = 16;

/** The request that is matched: an internship in Kalundborg, 40 km, a 3-month stay from day 60, rent ≤ 6,000. */
const FOCUS = "326";
const MAX_DISTANCE_KM = 40;
const MAX_RENT = 6_000;
const MOVE_IN_IN_DAYS = 60;
const STAY_NIGHTS = 90;
const PAGE = { limit: 20 };
/** Up to MATCH_RUNS timed pairs (a match, then its raw calls), stopping once MATCH_BUDGET_S is spent, but at least MIN_MATCH_RUNS. */
const MATCH_RUNS = 50;
const MIN_MATCH_RUNS = 5;
const MATCH_BUDGET_S = 75;
/** Read units are the same on every call (same data): metered once each. */
const METER_RUNS = 1;
/**
 * The service's own constants (shared/domain/requests/service.ts): matching
 * reads each partition until it has this many candidates there, and checks
 * free beds this many listings at a time.
 */
const MAX_CANDIDATES = 5000;
const OCCUPANCY_BATCH = 10;

const WORKERS = 32;
const DISTINCT_ACCEPTS = 320;
const WARMUP_ACCEPTS = 32;
/** The schema's most beds per listing. */
const HOT_CAPACITY = 50;
const HOT_ACCEPTS = 128;
const PREP_PARALLEL = 16;
/**
 * The raw replays retry as the services do (shared/domain/common/retry.ts):
 * up to MAX_ATTEMPTS in all, after a random pause of up to
 * BACK_OFF_MS × 2^min(attempt, 5) ms.
 */
const backOff = (attempt: number) =>
  new Promise((resume) => setTimeout(resume, Math.random() * BACK_OFF_MS * 2 ** Math.min(attempt, 5)));

/* ---------- Measuring ---------- */

/** What one call (an accept, a raw replay) did in transactions, attributed through AsyncLocalStorage. */
interface CallMeter {
  transactions: number;
  cancelled: number;
  lastCancelled: boolean;
  /** "<reason code> on <item kind>" → count. */
  reasons: Record<string, number>;
  /** Inputs of the transactions that succeeded, when recording. */
  record?: TransactWriteCommandInput[];
}

const callMeter = new AsyncLocalStorage<CallMeter>();
const newCallMeter = (record?: TransactWriteCommandInput[]): CallMeter => ({
  transactions: 0,
  cancelled: 0,
  lastCancelled: false,
  reasons: {},
  record,
});

type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

function itemKind(item: TransactItem | undefined): string {
  if (!item) return "?";
  if (item.Put) return String(item.Put.Item?.entity ?? "put");
  if (item.Update) return String(item.Update.Key?.sk ?? "").startsWith("MONTH#") ? "month" : "update";
  if (item.ConditionCheck) return "listing check";
  return "delete";
}

/** Counts TransactWriteItems calls and their cancellations (with reasons) for the call in progress. */
function meterTransactions(client: DynamoDBDocumentClient) {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const meter = callMeter.getStore();
      if (!meter || context.commandName !== "TransactWriteItemsCommand") return next(args);
      const input = args.input as TransactWriteCommandInput;
      meter.transactions += 1;
      try {
        const result = await next(args);
        meter.lastCancelled = false;
        meter.record?.push(structuredClone(input));
        return result;
      } catch (error) {
        if (error instanceof TransactionCanceledException) {
          meter.cancelled += 1;
          meter.lastCancelled = true;
          for (const [index, reason] of (error.CancellationReasons ?? []).entries()) {
            if (!reason.Code || reason.Code === "None") continue;
            const what = `${reason.Code} on ${itemKind(input.TransactItems?.[index])}`;
            meter.reasons[what] = (meter.reasons[what] ?? 0) + 1;
          }
        }
        throw error;
      }
    },
    { step: "initialize", name: "benchTransactionMeter" },
  );
}

async function runConcurrent<T>(items: readonly T[], workers: number, work: (item: T, index: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(workers, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index] as T, index);
      }
    }),
  );
}

/* ---------- Matches ---------- */

interface MatchSetup {
  student: Principal;
  requestId: string;
  moveIn: string;
  moveOut: string;
  reach: string[];
  /** The sort-key range read in each partition: a window open for the stay opened in it. */
  from: string;
  upTo: string;
  /** Approved listings in reach whose window opens in that range (what the index queries return). */
  readable: number;
  /** Of those, the ones the search filter keeps (window, rent). */
  candidates: number;
  /** The most candidates in one partition: the service stops reading a partition at MAX_CANDIDATES. */
  mostInOnePartition: number;
}

interface MeteredCall {
  totals: CapacityTotals;
  indexQueries: number;
  monthQueries: number;
}

interface MatchFigures {
  setup: MatchSetup;
  returned: number;
  more: boolean;
  match: MeteredCall;
  raw: MeteredCall;
  matchMs: number[];
  rawMs: number[];
}

/**
 * The DynamoDB calls one match needs, sent directly: GetItem, each partition's
 * key range read once (pages of 1 MB, DynamoDB's most), then the month Queries.
 */
function rawMatch(db: Database, setup: MatchSetup, monthCalls: QueryCommandInput[]) {
  return async () => {
    await db.client.send(
      new GetCommand({ TableName: db.tableName, Key: keys.housingRequest(setup.requestId), ConsistentRead: true }),
    );
    await Promise.all(
      setup.reach.map((code) =>
        queryAll(db, {
          IndexName: "gsi1",
          KeyConditionExpression: "#pk = :pk AND #sk BETWEEN :from AND :upTo",
          ExpressionAttributeNames: { "#pk": "gsi1pk", "#sk": "gsi1sk" },
          ExpressionAttributeValues: {
            ":pk": keys.listingsByMunicipality(code, "approved").pk,
            ":from": setup.from,
            ":upTo": setup.upTo,
          },
        }),
      ),
    );
    for (let at = 0; at < monthCalls.length; at += OCCUPANCY_BATCH) {
      await Promise.all(
        monthCalls.slice(at, at + OCCUPANCY_BATCH).map((input) => db.client.send(new QueryCommand(input))),
      );
    }
  };
}

async function metered(meter: CapacityMeter, call: () => Promise<unknown>): Promise<MeteredCall> {
  meter.enabled = true;
  meter.reset();
  meter.startRecording();
  for (let run = 0; run < METER_RUNS; run++) await call();
  const recorded = meter.stopRecording();
  const totals = perRun(meter.totals(), METER_RUNS);
  meter.enabled = false;
  const indexQueries = recorded.filter((input) => input.IndexName).length / METER_RUNS;
  return { totals, indexQueries, monthQueries: recorded.length / METER_RUNS - indexQueries };
}

async function benchMatches(
  local: LocalApp,
  meter: CapacityMeter,
  listings: readonly Listing[],
  today: string,
  log: (message: string) => void,
): Promise<MatchFigures> {
  const student: Principal = { sub: "bench-match-student", role: "student" };
  const moveIn = addDays(today, MOVE_IN_IN_DAYS);
  const moveOut = addDays(moveIn, STAY_NIGHTS);
  const request = await local.services.requests.create(student, {
    internship: {
      company: "Kalundborg Forsyning",
      municipalityCode: FOCUS,
      startDate: moveIn,
      endDate: addDays(moveOut, -1),
    },
    moveIn,
    moveOut,
    maxRent: MAX_RENT,
    needs: { furnished: false, accessible: false, pets: false },
    preferredKinds: ["room", "shared_flat"],
    maxDistanceKm: MAX_DISTANCE_KM,
  });

  // What the service's candidate search will read, worked out from the seeded data.
  const reach = municipalitiesWithinReach(placeOf(undefined, FOCUS), MAX_DISTANCE_KM);
  const search: ListingSearch = { status: "approved", stayFrom: moveIn, stayTo: moveOut, maxRent: MAX_RENT };
  // As shared/db/listings.ts approvedForStay: from (latest of today and move-out) − MAX_WINDOW_YEARS up to move-in.
  const from = addYears(moveOut > today ? moveOut : today, -MAX_WINDOW_YEARS);
  const readable = listings.filter(
    (listing) =>
      reach.includes(listing.municipalityCode) && listing.availableFrom >= from && listing.availableFrom <= moveIn,
  );
  const candidates = readable.filter((listing) => matchesSearch(listing, search, today));
  const perPartition = reach.map((code) => candidates.filter((listing) => listing.municipalityCode === code).length);
  const setup: MatchSetup = {
    student,
    requestId: request.id,
    moveIn,
    moveOut,
    reach,
    from,
    upTo: `${moveIn}#${HIGHEST}`,
    readable: readable.length,
    candidates: candidates.length,
    mostInOnePartition: Math.max(0, ...perPartition),
  };

  const match = () => local.services.requests.matches(student, request.id, PAGE);
  // The month Queries one match sends (which listings it checks depends on the ranking): recorded, then replayed.
  meter.enabled = true;
  meter.startRecording();
  const page = await match();
  const monthCalls = (meter.stopRecording() as QueryCommandInput[]).filter((input) => !input.IndexName);
  meter.enabled = false;
  const raw = rawMatch(local.db, setup, monthCalls);

  log("stays: metering read units of a match and of its raw calls");
  let started = performance.now();
  const matchMeter = await metered(meter, match);
  log(`stays: ${METER_RUNS} metered matches in ${ms((performance.now() - started) / 1000, 1)} s`);
  started = performance.now();
  const rawMeter = await metered(meter, raw);
  log(`stays: ${METER_RUNS} metered raw sequences in ${ms((performance.now() - started) / 1000, 1)} s`);

  log(`stays: timing up to ${MATCH_RUNS} matches and raw sequences, alternating, for at most ${MATCH_BUDGET_S} s`);
  const matchMs: number[] = [];
  const rawMs: number[] = [];
  const deadline = performance.now() + MATCH_BUDGET_S * 1000;
  for (let run = 0; run < MATCH_RUNS && (run < MIN_MATCH_RUNS || performance.now() < deadline); run++) {
    let at = performance.now();
    await match();
    matchMs.push(performance.now() - at);
    at = performance.now();
    await raw();
    rawMs.push(performance.now() - at);
  }
  return {
    setup,
    returned: page.items.length,
    more: page.nextCursor !== null,
    match: matchMeter,
    raw: rawMeter,
    matchMs,
    rawMs,
  };
}

/* ---------- Offers to accept ---------- */

interface Offered {
  student: Principal;
  applicationId: string;
  listingId: string;
}

interface StayChoice {
  listing: Listing;
  moveIn: string;
  moveOut: string;
}

const requestFor = ({ listing, moveIn, moveOut }: StayChoice): NewRequest => ({
  internship: {
    company: "Praktik ApS",
    municipalityCode: listing.municipalityCode,
    startDate: moveIn,
    endDate: addDays(moveOut, -1),
  },
  moveIn,
  moveOut,
  needs: { furnished: false, accessible: false, pets: false },
  preferredKinds: [],
  maxDistanceKm: 50,
});

let studentCount = 0;

/** A student's request and application, through the services. */
async function applyFor(local: LocalApp, choice: StayChoice) {
  const student: Principal = { sub: `bench-student-${++studentCount}`, role: "student" };
  const request = await local.services.requests.create(student, requestFor(choice));
  const application = await local.services.stays.apply(student, request.id, {
    listingId: choice.listing.id,
    message: "Jeg starter i praktik og søger et værelse.",
  });
  return { student, applicationId: application.id, listingId: choice.listing.id };
}

/** One offer each on distinct listings with a free bed for the stay (per the seeded bookings). */
async function offersOnDistinctListings(
  local: LocalApp,
  listings: readonly Listing[],
  seeded: Map<string, SeededStay[]>,
  today: string,
  random: () => number,
  wanted: number,
): Promise<{ offers: Offered[]; refused: number }> {
  const choices: StayChoice[] = [];
  const firstDay = addDays(today, 1);
  for (const listing of listings) {
    if (choices.length === wanted + 20) break;
    const [, opens] = [listing.availableFrom, firstDay].sort() as [string, string];
    const moveIn = addDays(opens, between(random, 0, 20));
    const moveOut = addDays(moveIn, between(random, 30, 90));
    if (moveOut > listing.availableTo) continue;
    if (!hasFreeBedAmong(seeded.get(listing.id) ?? [], listing.capacity, moveIn, moveOut)) continue;
    choices.push({ listing, moveIn, moveOut });
  }
  const offers: Offered[] = [];
  let refused = 0;
  await runConcurrent(choices, PREP_PARALLEL, async (choice) => {
    if (offers.length >= wanted) return;
    const applied = await applyFor(local, choice);
    try {
      await local.services.stays.offer(STAFF, applied.applicationId, 72);
      offers.push(applied);
    } catch (error) {
      if (!(error instanceof Conflict)) throw error;
      refused += 1;
    }
  });
  if (offers.length < wanted) throw new Error(`Only ${offers.length} of ${wanted} offers on distinct listings`);
  return { offers: offers.slice(0, wanted), refused };
}

/** `count` offers on the hot listing: stays within its first half year, never more than its capacity on a night. */
async function offersOnHotListing(
  local: LocalApp,
  hot: Listing,
  today: string,
  random: () => number,
  count: number,
): Promise<Offered[]> {
  const taken = new Map<string, number>();
  const choices: StayChoice[] = [];
  while (choices.length < count) {
    const moveIn = addDays(today, between(random, 14, 150));
    const moveOut = addDays(moveIn, between(random, 28, 75));
    let free = true;
    for (let night = moveIn; night < moveOut && free; night = addDays(night, 1)) {
      free = (taken.get(night) ?? 0) < hot.capacity;
    }
    if (!free) continue;
    for (let night = moveIn; night < moveOut; night = addDays(night, 1)) taken.set(night, (taken.get(night) ?? 0) + 1);
    choices.push({ listing: hot, moveIn, moveOut });
  }
  const applied: Offered[] = [];
  await runConcurrent(choices, PREP_PARALLEL, async (choice) => {
    applied.push(await applyFor(local, choice));
  });
  // One at a time: concurrent offers on one listing race for its month items (not what is measured here).
  for (const offer of applied) await local.services.stays.offer(STAFF, offer.applicationId, 72);
  return applied;
}

/* ---------- Accepting ---------- */

interface Throughput {
  label: string;
  count: number;
  seconds: number;
  successes: number;
  /** 409 from the service; for the raw replays, transactions still cancelled after MAX_ATTEMPTS. */
  conflicts: number;
  otherErrors: string[];
  retries: number;
  /** The most transactions one call sent (its attempts). */
  mostAttempts: number;
  cancelled: number;
  reasons: Record<string, number>;
  latencies: number[];
}

function emptyThroughput(label: string, count: number): Throughput {
  return {
    label,
    count,
    seconds: 0,
    successes: 0,
    conflicts: 0,
    otherErrors: [],
    retries: 0,
    mostAttempts: 0,
    cancelled: 0,
    reasons: {},
    latencies: [],
  };
}

function addMeter(result: Throughput, meter: CallMeter, succeeded: boolean) {
  result.cancelled += meter.cancelled;
  result.mostAttempts = Math.max(result.mostAttempts, meter.transactions);
  // A cancellation that ended the call was not retried.
  result.retries += meter.cancelled - (!succeeded && meter.lastCancelled ? 1 : 0);
  for (const [reason, count] of Object.entries(meter.reasons)) {
    result.reasons[reason] = (result.reasons[reason] ?? 0) + count;
  }
}

/** WORKERS clients accept the offers, each one at a time; records the transactions that went through. */
async function acceptAll(
  local: LocalApp,
  label: string,
  offers: readonly Offered[],
  recorded?: TransactWriteCommandInput[],
) {
  const result = emptyThroughput(label, offers.length);
  const started = performance.now();
  await runConcurrent(offers, WORKERS, async (offer) => {
    const meter = newCallMeter(recorded);
    const at = performance.now();
    let succeeded = false;
    try {
      await callMeter.run(meter, () => local.services.stays.accept(offer.student, offer.applicationId));
      succeeded = true;
      result.successes += 1;
    } catch (error) {
      if (error instanceof Conflict) result.conflicts += 1;
      else result.otherErrors.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    }
    result.latencies.push(performance.now() - at);
    addMeter(result, meter, succeeded);
  });
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

/**
 * An accept's transaction made replayable: the application, booking and
 * request puts go to fresh keys (created, `attribute_not_exists`), audit
 * events get fresh ids; the month updates (the entry is still there, now a
 * booking) and the listing's version check are sent as they were, so they
 * touch the same month items with the same conditions.
 */
function replayable(input: TransactWriteCommandInput, newId: () => string): TransactWriteCommandInput {
  return {
    TransactItems: (input.TransactItems ?? []).map((item): TransactItem => {
      if (!item.Put?.Item) return item;
      const source = item.Put.Item;
      const fresh = newId();
      if (source.entity === "audit") {
        return {
          Put: { TableName: item.Put.TableName, Item: { ...source, id: fresh, sk: `EVENT#${source.at}#${fresh}` } },
        };
      }
      const prefix = String(source.pk).slice(0, String(source.pk).indexOf("#"));
      return {
        Put: {
          TableName: item.Put.TableName,
          Item: { ...source, id: fresh, pk: `${prefix}#${fresh}` },
          ConditionExpression: "attribute_not_exists(pk)",
        },
      };
    }),
  };
}

/** The items an accept reads first (application, request, listing), from its transaction. */
function readsOf(input: TransactWriteCommandInput): { pk: string; sk: string }[] {
  const items = input.TransactItems ?? [];
  const put = (entity: string) => items.find((item) => item.Put?.Item?.entity === entity)?.Put?.Item;
  const key = (item: Record<string, unknown> | undefined) => ({ pk: String(item?.pk), sk: String(item?.sk) });
  const check = items.find((item) => item.ConditionCheck)?.ConditionCheck?.Key;
  return [key(put("application")), key(put("housingRequest")), key(check)];
}

/** The recorded transactions sent directly, WORKERS in flight, each retried like the service retries. */
async function replayAll(
  db: Database,
  label: string,
  transactions: readonly TransactWriteCommandInput[],
  withReads: boolean,
): Promise<Throughput> {
  const newId = createIdGenerator();
  const prepared = transactions.map((input) => ({ write: replayable(input, newId), reads: readsOf(input) }));
  const result = emptyThroughput(label, prepared.length);
  const started = performance.now();
  await runConcurrent(prepared, WORKERS, async ({ write, reads }) => {
    const meter = newCallMeter();
    const at = performance.now();
    let succeeded = false;
    await callMeter.run(meter, async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          if (withReads) {
            for (const key of reads) {
              await db.client.send(new GetCommand({ TableName: db.tableName, Key: key, ConsistentRead: true }));
            }
          }
          await db.client.send(new TransactWriteCommand(write));
          succeeded = true;
          return;
        } catch (error) {
          if (!(error instanceof TransactionCanceledException)) {
            result.otherErrors.push(`${(error as Error).name}: ${(error as Error).message}`);
            return;
          }
          if (attempt === MAX_ATTEMPTS) {
            result.conflicts += 1;
            return;
          }
          await backOff(attempt);
        }
      }
    });
    if (succeeded) result.successes += 1;
    result.latencies.push(performance.now() - at);
    addMeter(result, meter, succeeded);
  });
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

/* ---------- The invariant ---------- */

interface Occupancy {
  listings: number;
  nights: number;
  /** Listing-nights with more beds booked or held than the capacity. */
  overbooked: number;
  /** The fullest night relative to capacity, as "beds / capacity". */
  peak: { taken: number; capacity: number };
  bookings: number;
  holds: number;
}

/** Reads every month item of the listings and counts, per night, the live entries (each only in its own month). */
async function checkOccupancy(db: Database, listings: readonly Listing[], now: string): Promise<Occupancy> {
  const total: Occupancy = {
    listings: listings.length,
    nights: 0,
    overbooked: 0,
    peak: { taken: 0, capacity: 1 },
    bookings: 0,
    holds: 0,
  };
  await runConcurrent(listings, PREP_PARALLEL, async (listing) => {
    const counts = new Map<string, number>();
    const bookings = new Set<string>();
    const holds = new Set<string>();
    await queryAll(
      db,
      {
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :month)",
        ExpressionAttributeValues: { ":pk": keys.listing(listing.id).pk, ":month": "MONTH#" },
        ConsistentRead: true,
      },
      (page) => {
        for (const item of page.Items ?? []) {
          const month = String(item.month);
          for (const [id, entry] of Object.entries((item.entries ?? {}) as Record<string, OccupancyEntry>)) {
            if (!isLive(entry, now)) continue;
            (entry.kind === "booking" ? bookings : holds).add(id);
            for (let night = entry.from; night < entry.to; night = addDays(night, 1)) {
              if (night.startsWith(month)) counts.set(night, (counts.get(night) ?? 0) + 1);
            }
          }
        }
      },
    );
    total.nights += counts.size;
    total.bookings += bookings.size;
    total.holds += holds.size;
    for (const taken of counts.values()) {
      if (taken > listing.capacity) total.overbooked += 1;
      if (taken / listing.capacity > total.peak.taken / total.peak.capacity) {
        total.peak = { taken, capacity: listing.capacity };
      }
    }
  });
  return total;
}

/* ---------- Running it ---------- */

interface Seeding {
  listingsPerSecond: number;
  monthsPerSecond: number;
  monthItems: number;
  bookings: number;
  attempts: number;
  seconds: number;
}

interface AcceptFigures {
  distinct: { service: Throughput; raw: Throughput; rawWithReads: Throughput; refused: number; occupancy: Occupancy };
  hot: {
    service: Throughput;
    raw: Throughput;
    rawWithReads: Throughput;
    occupancy: Occupancy;
    bookingItems: number;
  };
  prepSeconds: number;
  warmup: Throughput;
}

export const staysPart: BenchPart = {
  name: "stays",
  async run({ log }) {
    let dynamo: RunningDynamoDb | undefined;
    let local: LocalApp | undefined;
    // DynamoDB Local is our child but not in a group of its own: make sure it dies with us.
    const killDynamo = () => {
      if (dynamo && dynamo.pid > 0) {
        try {
          process.kill(dynamo.pid, "SIGKILL");
        } catch {
          // Already gone.
        }
      }
    };
    process.once("exit", killDynamo);
    try {
      log("stays: starting DynamoDB Local");
      dynamo = await startDynamoDbLocal();
      await ensureTable(dynamo.endpoint, TABLE_NAME);
      local = await createLocalApp({ endpoint: dynamo.endpoint, tableName: TABLE_NAME, logger: silentLogger });
      const db = local.db;
      const meter = meterCapacity(db.client);
      meter.enabled = false;
      meterTransactions(db.client);
      const today = todayIn(local.clock);
      const at = local.clock.now().toISOString();
      await local.services.organizations.restore({
        id: OWNER_ORG,
        kind: "institution",
        name: "Bench Boligkontor",
        municipalities: [],
        version: 1,
        createdAt: at,
        updatedAt: at,
      });

      // ---- Seeding ----
      const seedStarted = performance.now();
      const random = seededRandom(4_326);
      const newId = createIdGenerator();
      const listings = Array.from({ length: LISTINGS - 1 }, (_, index) =>
        makeApprovedListing({ index, today, random, newId, ownerOrgId: OWNER_ORG }),
      );
      const hot = makeApprovedListing({
        index: LISTINGS - 1,
        today,
        random,
        newId,
        ownerOrgId: OWNER_ORG,
        overrides: {
          title: "Praktikantkollegiet Kalundborg",
          municipalityCode: FOCUS,
          address: { street: "Kollegievej 1", postalCode: "4400", city: "Kalundborg" },
          capacity: HOT_CAPACITY,
          availableFrom: today,
          availableTo: addDays(today, 364),
          rentDkk: 4_500,
        },
      });
      const plan = planStays(listings, BOOKINGS, {
        random,
        newId,
        minNights: BOOKING_NIGHTS[0],
        maxNights: BOOKING_NIGHTS[1],
      });
      const months = occupancyItems(plan.stays);
      log(
        `stays: seeding ${num(LISTINGS)} listings and ${num(plan.stays.length)} bookings (${num(months.length)} month items)`,
      );
      const listingsPerSecond = await writeItems(db, [...listings, hot].map(listingItem), SEED_PARALLEL);
      const monthsPerSecond = await writeItems(db, months, SEED_PARALLEL);
      const seeding: Seeding = {
        listingsPerSecond,
        monthsPerSecond,
        monthItems: months.length,
        bookings: plan.stays.length,
        attempts: plan.attempts,
        seconds: (performance.now() - seedStarted) / 1000,
      };
      if (plan.stays.length < BOOKINGS) throw new Error(`Only ${plan.stays.length} of ${BOOKINGS} bookings fit`);

      // ---- Matches ----
      log(`stays: seeded in ${ms(seeding.seconds, 1)} s`);
      const matches = await benchMatches(local, meter, [...listings, hot], today, log);

      // ---- Accepts ----
      log(
        `stays: preparing ${DISTINCT_ACCEPTS + WARMUP_ACCEPTS} offers on distinct listings and ${HOT_ACCEPTS} on one`,
      );
      const prepStarted = performance.now();
      const shuffled = [...listings];
      for (let index = shuffled.length - 1; index > 0; index--) {
        const other = Math.floor(random() * (index + 1));
        [shuffled[index], shuffled[other]] = [shuffled[other] as Listing, shuffled[index] as Listing];
      }
      const distinctPrep = await offersOnDistinctListings(
        local,
        shuffled,
        plan.byListing,
        today,
        random,
        DISTINCT_ACCEPTS + WARMUP_ACCEPTS,
      );
      const hotOffers = await offersOnHotListing(local, hot, today, random, HOT_ACCEPTS);
      const prepSeconds = (performance.now() - prepStarted) / 1000;
      log(`stays: offers prepared in ${ms(prepSeconds, 1)} s`);

      const warmupOffers = distinctPrep.offers.slice(0, WARMUP_ACCEPTS);
      const distinctOffers = distinctPrep.offers.slice(WARMUP_ACCEPTS);
      log(
        `stays: accepting: warm-up (${WARMUP_ACCEPTS}), ${DISTINCT_ACCEPTS} distinct listings, ${HOT_ACCEPTS} on one`,
      );
      const warmup = await acceptAll(local, "warm-up", warmupOffers);
      const distinctRecorded: TransactWriteCommandInput[] = [];
      const distinctService = await acceptAll(local, "accept (service)", distinctOffers, distinctRecorded);
      const hotRecorded: TransactWriteCommandInput[] = [];
      const hotService = await acceptAll(local, "accept (service)", hotOffers, hotRecorded);
      for (const [name, result] of [
        ["warm-up", warmup],
        ["distinct", distinctService],
        ["hot", hotService],
      ] as const) {
        log(`stays: ${name}: ${result.successes} of ${result.count} accepted in ${ms(result.seconds, 1)} s`);
      }

      log("stays: checking occupancy against capacity");
      const now = local.clock.now().toISOString();
      const byId = new Map(listings.map((listing) => [listing.id, listing]));
      const touched = [...new Set(distinctPrep.offers.map((offer) => offer.listingId))].map(
        (id) => byId.get(id) as Listing,
      );
      const distinctOccupancy = await checkOccupancy(db, touched, now);
      const hotOccupancy = await checkOccupancy(db, [hot], now);
      const bookingItems = await countGsi1(db, keys.bookingsByListingIndex(hot.id, "", "").gsi1pk);

      log("stays: replaying the accept transactions directly");
      const distinctRaw = await replayAll(db, "raw TransactWriteItems", distinctRecorded, false);
      const hotRaw = await replayAll(db, "raw TransactWriteItems", hotRecorded, false);
      const distinctRawReads = await replayAll(db, "raw 3 GetItem + TransactWriteItems", distinctRecorded, true);
      const hotRawReads = await replayAll(db, "raw 3 GetItem + TransactWriteItems", hotRecorded, true);

      const accepts: AcceptFigures = {
        distinct: {
          service: distinctService,
          raw: distinctRaw,
          rawWithReads: distinctRawReads,
          refused: distinctPrep.refused,
          occupancy: distinctOccupancy,
        },
        hot: {
          service: hotService,
          raw: hotRaw,
          rawWithReads: hotRawReads,
          occupancy: hotOccupancy,
          bookingItems,
        },
        prepSeconds,
        warmup,
      };
      return [matchSection(seeding, matches), acceptSection(accepts, distinctRecorded, hotRecorded)];
    } finally {
      log("stays: stopping DynamoDB Local");
      try {
        local?.db.client.destroy();
        await dynamo?.stop();
      } finally {
        killDynamo();
        process.removeListener("exit", killDynamo);
      }
    }
  },
};

/* ---------- Report ---------- */

const ratio = (value: number) => `${num(value, 2)}×`;
const units = (value: number) => num(value, 1);

function matchSection(seeding: Seeding, figures: MatchFigures): string {
  const { setup, match, raw } = figures;
  const matchP50 = median(figures.matchMs);
  const rawP50 = median(figures.rawMs);
  const row = (label: string, timings: number[], call: MeteredCall) => [
    label,
    ms(median(timings)),
    ms(percentile(timings, 0.99)),
    num(call.totals.calls - call.indexQueries - call.monthQueries),
    num(call.indexQueries),
    num(call.monthQueries),
    num(call.totals.itemsRead),
    num(call.totals.bytesRead / 1024),
    units(call.totals.units),
    units(call.totals.unitsFromSize),
  ];
  const reread = match.totals.itemsRead / raw.totals.itemsRead;
  return [
    "## Stays: matches for one housing request",
    "",
    `The table: ${num(LISTINGS)} approved listings round-robin over the 18 municipalities (windows opening between ${-CURRENT_WINDOWS.opens[0]} days ago and ${CURRENT_WINDOWS.opens[1]} days ahead, open ${CURRENT_WINDOWS.lasts[0]} to ${CURRENT_WINDOWS.lasts[1]} days; capacity 1 to 4 beds), and ${num(seeding.bookings)} bookings of ${BOOKING_NIGHTS[0]} to ${BOOKING_NIGHTS[1]} nights on random listings inside their windows, never more than the capacity on a night (${num(seeding.attempts)} draws). The bookings exist as what matching and accepting read and write, the month occupancy items (\`LISTING#<id>\` / \`MONTH#<yyyy-mm>\`, an \`entries\` map and a \`version\`): ${num(seeding.monthItems)} of them. The booking items themselves (\`BOOKING#<id>\`) are not seeded: nothing measured here reads them. Written directly with BatchWriteItem (${BATCH_SIZE} per batch, ${SEED_PARALLEL} in flight) from the key builders of shared/db/table.ts, as the repositories shape them (scripts/bench/seed-data.ts): ${num(seeding.listingsPerSecond)} listings/s, ${num(seeding.monthsPerSecond)} month items/s; ${ms(seeding.seconds, 0)} s for all.`,
    "",
    `The request: an internship in ${FOCUS} Kalundborg (its centre), \`maxDistanceKm\` ${MAX_DISTANCE_KM}, a stay of ${STAY_NIGHTS} nights from today + ${MOVE_IN_IN_DAYS} days, \`maxRent\` ${num(MAX_RENT)}, preferred kinds room and shared flat, no needs. Within reach (centre within ${MAX_DISTANCE_KM} + 45 km): ${setup.reach.length} municipalities (${setup.reach.join(", ")}). Matching reads each of their gsi1 partitions (\`LISTINGS#<code>#approved\`) once, over the sort-key range of windows that can hold the stay: opened from move-out − ${MAX_WINDOW_YEARS} years (${setup.from}; a window lasts at most ${MAX_WINDOW_YEARS} years) up to move-in (${setup.moveIn}). That range holds ${num(setup.readable)} approved listings, ${num(setup.candidates)} of which pass the search filter (window contains the stay, rent); the service would stop reading a partition once it holds ${num(MAX_CANDIDATES)} candidates, and the most in one partition here is ${num(setup.mostInOnePartition)}${setup.mostInOnePartition >= MAX_CANDIDATES ? ": **the cap is reached**, the raw baseline reads on to the end of the range" : ", so every candidate is read"}. \`services.requests.matches(student, id, { limit: 20 })\` is called directly (no HTTP) and returned ${figures.returned} matches${figures.more ? " and a next cursor" : ""}.`,
    "",
    `The raw baseline is the DynamoDB calls that match needs, sent directly with the same client: the GetItem of the request (consistent); one gsi1 Query per municipality within reach over the same key range (no Limit, so pages of up to 1 MB, following LastEvaluatedKey), reading each listing in the range once; then the month Queries (consistent) for the listings the match checked for a free bed, recorded from a match and replayed ${OCCUPANCY_BATCH} at a time as the service sends them. Timed: ${figures.matchMs.length} of each, alternating (up to ${MATCH_RUNS}, stopping after ${MATCH_BUDGET_S} s, at least ${MIN_MATCH_RUNS}), after the unmeasured recording and metering calls; p99 is the nearest rank, so with fewer than 100 runs it is the slowest run. Read units are DynamoDB Local's \`ConsumedCapacity\` (\`ReturnConsumedCapacity: "TOTAL"\` added by the middleware of scripts/bench/dynamo-capacity.ts) of one call each (the same data gives the same reads), with the figure computed from the items' sizes as a check.`,
    "",
    table(
      [
        "Call",
        "p50 ms",
        "p99 ms",
        "GetItem",
        "Index Queries",
        "Month Queries",
        "Items read",
        "KB read",
        "RCU",
        "RCU by size",
      ],
      [row("`matches` (service)", figures.matchMs, match), row("raw calls it needs", figures.rawMs, raw)],
    ),
    "",
    `**A match takes ${ms(matchP50)} ms at p50 (p99 ${ms(percentile(figures.matchMs, 0.99))} ms) and ${units(match.totals.units)} read units: ${ratio(matchP50 / rawP50)} the p50 and ${ratio(match.totals.units / raw.totals.units)} the read units of the raw calls it needs (${ms(rawP50)} ms, ${units(raw.totals.units)} RCU).** ${match.totals.itemsRead === raw.totals.itemsRead ? `It reads the same ${num(match.totals.itemsRead)} items as the raw calls` : `It reads ${num(match.totals.itemsRead)} items where ${num(raw.totals.itemsRead)} suffice (${ratio(reread)})`}, with ${num(match.indexQueries)} index Queries for the ${setup.reach.length} partitions (raw: ${num(raw.indexQueries)}) and ${num(match.monthQueries)} month Queries to find ${figures.returned} listings with a free bed; ${match.totals.writeCalls === 0 ? "it writes nothing (no listing in reach had expired, so there was none to move)" : `it also sent ${num(match.totals.writeCalls)} writes (${num(match.totals.itemsWritten)} items, moving expired listings it met)`}.`,
  ].join("\n");
}

function acceptSection(
  figures: AcceptFigures,
  distinctTx: TransactWriteCommandInput[],
  hotTx: TransactWriteCommandInput[],
) {
  const reasons = (result: Throughput) =>
    Object.entries(result.reasons)
      .sort((a, b) => b[1] - a[1])
      .map(([reason, count]) => `${num(count)} ${reason}`)
      .join("; ") || "none";
  const row = (scenario: string, result: Throughput) => [
    scenario,
    result.label,
    num(result.count),
    ms(result.seconds, 2),
    num(result.successes / result.seconds, 1),
    ms(median(result.latencies)),
    ms(percentile(result.latencies, 0.99)),
    num(result.conflicts),
    num(result.retries),
    num(result.mostAttempts),
    num(result.otherErrors.length),
  ];
  const rate = (result: Throughput) => result.successes / result.seconds;
  const { distinct, hot } = figures;
  const shape = (transactions: TransactWriteCommandInput[]) => {
    const sizes = transactions.map((input) => input.TransactItems?.length ?? 0);
    const monthItems = transactions.map(
      (input) => (input.TransactItems ?? []).filter((item) => itemKind(item) === "month").length,
    );
    return `${num(Math.min(...sizes))}–${num(Math.max(...sizes))} items (${num(Math.min(...monthItems))}–${num(Math.max(...monthItems))} month updates)`;
  };
  const errors = [
    ...distinct.service.otherErrors,
    ...hot.service.otherErrors,
    ...distinct.raw.otherErrors,
    ...hot.raw.otherErrors,
  ];
  const invariant = (occupancy: Occupancy) =>
    `${num(occupancy.listings)} listing(s), ${num(occupancy.nights)} occupied nights, ${occupancy.overbooked === 0 ? "**no night over capacity**" : `**${num(occupancy.overbooked)} nights over capacity**`} (fullest night ${occupancy.peak.taken} of ${occupancy.peak.capacity} beds); ${num(occupancy.bookings)} booking entries, ${num(occupancy.holds)} live holds`;
  return [
    "## Stays: accepting offers, 32 concurrent clients",
    "",
    `On the same table, after the matches. Offers prepared through the services (a request per student, \`apply\`, then \`offer\` by the owner's staff with a 72-hour hold) in ${ms(figures.prepSeconds, 1)} s: ${num(DISTINCT_ACCEPTS + WARMUP_ACCEPTS)} on distinct listings chosen to have a free bed for the stay (1 to 3 months from the window's opening; ${num(distinct.refused)} offers refused by the service for lack of a bed), and ${num(HOT_ACCEPTS)} from distinct students on one hot listing in ${FOCUS} with ${HOT_CAPACITY} beds (the schema's maximum), stays of 28 to 75 nights within its next 7 months, at most ${HOT_CAPACITY} on a night (offered one at a time). Then ${WORKERS} workers, each with one accept in flight, call \`services.stays.accept(student, id)\` directly until the offers run out (${num(WARMUP_ACCEPTS)} distinct ones first as a warm-up, not counted: ${num(figures.warmup.successes)} succeeded). Retries: the service retries a step whose transaction was cancelled (ConditionalCheckFailed or TransactionConflict → ConcurrentChange) on fresh data, up to ${MAX_ATTEMPTS} attempts in all, pausing a random 0 to ${BACK_OFF_MS} × 2^min(attempt, 5) ms (so at most ${num(BACK_OFF_MS * 2)} ms after the first lost race, ${num(BACK_OFF_MS * 32)} ms from the fifth on) before each retry, then answers 409; an SDK middleware counts the cancelled TransactWriteItems per accept (AsyncLocalStorage) and their reasons.`,
    "",
    `The raw baseline replays the transactions the accepts committed (recorded by the middleware), with ${WORKERS} in flight: the same items and conditions (application, booking and request puts, one \`SET entries.<id>\` update per month of the stay, the listing's version check, three audit events), on the same month items; the three puts go to fresh keys (\`attribute_not_exists\` instead of the version condition) so they can be sent again. Distinct: ${shape(distinctTx)}; hot: ${shape(hotTx)}. A second baseline adds the three consistent GetItems an accept reads first (application, request, listing) before each transaction. Cancelled replays are retried up to ${MAX_ATTEMPTS} attempts with the same random back-off, like the service. "Most attempts" is the most transactions one call sent.`,
    "",
    table(
      [
        "Listings",
        "Target",
        "Calls",
        "Wall s",
        "Successes/s",
        "p50 ms",
        "p99 ms",
        "409 / gave up",
        "Retries",
        "Most attempts",
        "Other errors",
      ],
      [
        row("distinct", distinct.service),
        row("distinct", distinct.raw),
        row("distinct", distinct.rawWithReads),
        row("one hot listing", hot.service),
        row("one hot listing", hot.raw),
        row("one hot listing", hot.rawWithReads),
      ],
    ),
    "",
    `**Distinct listings: ${num(rate(distinct.service), 1)} accepts/s = ${ratio(rate(distinct.service) / rate(distinct.raw))} the raw transaction rate (${num(rate(distinct.raw), 1)}/s; ${ratio(rate(distinct.service) / rate(distinct.rawWithReads))} of reads + transaction), ${num(distinct.service.conflicts)} conflicts, ${num(distinct.service.retries)} retries. One hot listing: ${num(rate(hot.service), 1)} accepts/s = ${ratio(rate(hot.service) / rate(hot.raw))} the raw rate (${num(rate(hot.raw), 1)}/s; ${ratio(rate(hot.service) / rate(hot.rawWithReads))} of reads + transaction), ${num(hot.service.conflicts)} conflicts (409), ${num(hot.service.retries)} retries, at most ${num(hot.service.mostAttempts)} of the ${MAX_ATTEMPTS} attempts for one accept.**`,
    "",
    `${hot.service.cancelled + distinct.service.cancelled === 0 ? "No transaction of the service was cancelled, not even among the concurrent accepts on the hot listing, so neither the retries nor their back-off were exercised here: DynamoDB Local did not cancel concurrent transactions on the same month items. " : ""}Cancellation reasons, service, distinct: ${reasons(distinct.service)}; hot: ${reasons(hot.service)}. Raw replays, distinct: ${reasons(distinct.raw)} / with reads: ${reasons(distinct.rawWithReads)}; hot: ${reasons(hot.raw)} / with reads: ${reasons(hot.rawWithReads)}.${errors.length > 0 ? ` Other errors (first): ${errors[0]}.` : ""}`,
    "",
    `The invariant afterwards (every month item read consistently; live entries counted per night, each in its own month): hot listing: ${invariant(hot.occupancy)}; ${num(hot.bookingItems)} booking items on its gsi1 index for ${num(hot.service.successes)} successful accepts. Distinct listings (seeded bookings included): ${invariant(distinct.occupancy)}. Checked before the raw replays, which only rewrite existing entries.`,
  ].join("\n");
}
