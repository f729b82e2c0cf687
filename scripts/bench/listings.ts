/**
 * Part 3, listing search: `GET /listings` against a table seeded with
 * listings over all 18 municipalities. Two figures, each next to the raw
 * DynamoDB calls it needs, measured in the same run:
 *
 * - read units per search (ReturnConsumedCapacity), at 1,000 and 10,000
 *   listings, then with expired listings added: it must grow with the page
 *   size, not with the table;
 * - throughput and latency under autocannon, against the same Query sent
 *   directly with the document client at the same concurrency.
 *
 * The app runs in this process (createLocalApp, @hono/node-server on
 * 127.0.0.1) against a DynamoDB Local of its own; both stop at the end, also
 * on failure.
 */
import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import { BatchWriteCommand, QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { serve } from "@hono/node-server";
import autocannon, { type Result } from "autocannon";
import { silentLogger } from "#api/logging";
import type { Database } from "#db/client";
import { keys } from "#db/table";
import { addDays, todayIn } from "#domain/common/dates";
import { LISTING_KINDS, type Listing, newListingSchema } from "#domain/listings/model";
import { checkWindow, matchesSearch } from "#domain/listings/rules";
import { municipalities } from "#domain/municipalities/index";
import { createIdGenerator } from "#shared/runtime";
import { ensureTable, freePort, type RunningDynamoDb, startDynamoDbLocal } from "../../functions/local/dynamodb-local";
import { createLocalApp, type LocalApp } from "../../functions/local/local-app";
import { meterReads, type ReadMeter, type ReadTotals } from "./dynamo-capacity";
import { type BenchPart, median, ms, num, table } from "./report";

const TABLE_NAME = "praktikbolig-bench-listings";
const FIRST_LISTINGS = 1_000;
const MORE_LISTINGS = 9_000;
const EXPIRED_LISTINGS = 5_000;
const FOCUS = "326"; // Kalundborg
const OWNER_ORG = "bench-institution";
const BATCH_SIZE = 25;
const PARALLEL_BATCHES = 8;
/** Each metered search runs this many times; the figures are per search. */
const METER_REPEATS = 3;
/** 10 connections for 10 s per target, in ROUNDS segments taking turns with the other targets. */
const LOAD = { connections: 10, timeout: 10 } as const;
const ROUNDS = 5;
const SEGMENT_SECONDS = 2;
const WARMUP_SECONDS = 2;
/** The filtered search: a stay 30..120 days from today, rent at most this. */
const MAX_RENT = 5_000;

/* ---------- Seeding ---------- */

/** mulberry32: the same listings on every run. */
function seededRandom(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const WORDS =
  "lyst værelse med udsigt over fjorden tæt på station og indkøb cykelafstand til virksomheden stille kvarter have fælles køkken vaskemaskine nyistandsat bad altan god plads til praktikanter rolige naboer gratis parkering bus lige uden for døren".split(
    " ",
  );

interface Seeder {
  today: string;
  random: () => number;
  newId: () => string;
  count: number;
}

function pick<T>(random: () => number, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)] as T;
}

/**
 * One approved listing, round-robin over the municipalities. Current ones
 * open between 60 days ago and 240 days ahead and stay open 60..540 days;
 * expired ones closed before today.
 */
function makeListing(seeder: Seeder, expired: boolean): Listing {
  const { random, today } = seeder;
  const index = seeder.count++;
  const place = municipalities[index % municipalities.length] as (typeof municipalities)[number];
  const availableFrom = expired
    ? addDays(today, -700 + Math.floor(random() * 560))
    : addDays(today, -60 + Math.floor(random() * 300));
  const availableTo = expired
    ? addDays(availableFrom, 30 + Math.floor(random() * 100))
    : addDays(availableFrom, 60 + Math.floor(random() * 480));
  const rentDkk = 2_500 + 50 * Math.floor(random() * 131); // 2,500..9,000
  const descriptionWords = 30 + Math.floor(random() * 90);
  const content = newListingSchema.parse({
    title: `${pick(random, ["Værelse", "Lejlighed", "Kollegieværelse", "Sommerhus"])} i ${place.town} nr. ${index + 1}`,
    description: Array.from({ length: descriptionWords }, () => pick(random, WORDS)).join(" "),
    kind: pick(random, LISTING_KINDS),
    municipalityCode: place.code,
    address: { street: `Praktikvej ${1 + (index % 200)}`, postalCode: place.postalCode, city: place.town },
    location: {
      lat: Math.round((place.lat + (random() - 0.5) * 0.1) * 1e5) / 1e5,
      lon: Math.round((place.lon + (random() - 0.5) * 0.1) * 1e5) / 1e5,
    },
    rentDkk,
    depositDkk: rentDkk * (1 + Math.floor(random() * 3)),
    utilitiesIncluded: random() < 0.5,
    sizeSqm: 10 + Math.floor(random() * 80),
    capacity: random() < 0.8 ? 1 : 2 + Math.floor(random() * 3),
    availableFrom,
    availableTo,
    furnished: random() < 0.5,
    accessible: random() < 0.2,
    petsAllowed: random() < 0.25,
    smokingAllowed: random() < 0.1,
    internet: random() < 0.8,
    languages: random() < 0.3 ? ["da", "en"] : [],
    contactNote: `Ring til udlejer på 70 ${String(10 + (index % 90))} ${String(10 + ((index * 7) % 90))} 00`,
  });
  if (!expired) checkWindow(content, today);
  const createdAt = new Date(Date.parse(`${availableFrom}T09:00:00Z`) - 30 * 86_400_000).toISOString();
  const decidedAt = new Date(Date.parse(createdAt) + 86_400_000).toISOString();
  return {
    ...content,
    id: seeder.newId(),
    ownerOrgId: OWNER_ORG,
    createdBy: "bench-staff",
    status: "approved",
    version: 3,
    createdAt,
    updatedAt: decidedAt,
    submittedAt: createdAt,
    review: { decidedBy: "bench-council", decidedAt, decision: "approved" },
  };
}

/**
 * The item exactly as the repository stores an approved listing
 * (shared/db/listings.ts, listingItem), from the same key builders. Written
 * directly, not through POST /listings + submit + approve, for speed.
 */
const listingItem = (listing: Listing) => ({
  ...keys.listing(listing.id),
  ...keys.listingsByMunicipalityIndex(listing.municipalityCode, listing.status, listing.availableFrom, listing.id),
  ...keys.listingsByOwnerIndex(listing.ownerOrgId, listing.createdAt, listing.id),
  entity: "listing",
  ...listing,
});

const sleep = (milliseconds: number) => new Promise((wake) => setTimeout(wake, milliseconds));

async function writeBatch(db: Database, items: Record<string, unknown>[]) {
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

/** Writes the listings in batches of 25, several batches in flight; returns items per second. */
async function seed(db: Database, listings: Listing[]): Promise<number> {
  const batches: Record<string, unknown>[][] = [];
  for (let at = 0; at < listings.length; at += BATCH_SIZE) {
    batches.push(listings.slice(at, at + BATCH_SIZE).map(listingItem));
  }
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: PARALLEL_BATCHES }, async () => {
      while (next < batches.length) {
        const batch = batches[next++] as Record<string, unknown>[];
        await writeBatch(db, batch);
      }
    }),
  );
  return listings.length / ((performance.now() - started) / 1000);
}

/* ---------- Read units per search ---------- */

interface SearchCase {
  label: string;
  query: string;
}

function searchCases(today: string): SearchCase[] {
  const from = addDays(today, 30);
  const to = addDays(today, 120);
  return [
    { label: `municipality=${FOCUS}, limit=20`, query: `municipality=${FOCUS}&limit=20` },
    { label: `municipality=${FOCUS}, limit=100`, query: `municipality=${FOCUS}&limit=100` },
    {
      label: `municipality=${FOCUS}, from, to, maxRent=${MAX_RENT}, limit=20`,
      query: `municipality=${FOCUS}&from=${from}&to=${to}&maxRent=${MAX_RENT}&limit=20`,
    },
    { label: "no municipality (all 18), limit=20", query: "limit=20" },
  ];
}

interface Metered {
  totals: ReadTotals;
  returned: number;
  nextCursor: string | null;
}

const perSearch = (totals: ReadTotals, runs: number): ReadTotals => ({
  calls: totals.calls / runs,
  units: totals.units / runs,
  unitsFromSize: totals.unitsFromSize / runs,
  itemsRead: totals.itemsRead / runs,
  bytesRead: totals.bytesRead / runs,
});

async function getListings(base: string, token: string, query: string) {
  const response = await fetch(`${base}/listings?${query}`, { headers: { authorization: `Bearer ${token}` } });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET /listings?${query} answered ${response.status}: ${text}`);
  return JSON.parse(text) as { items: unknown[]; nextCursor: string | null };
}

async function meterSearch(meter: ReadMeter, base: string, token: string, query: string): Promise<Metered> {
  meter.enabled = true;
  meter.reset();
  let page = { items: [] as unknown[], nextCursor: null as string | null };
  for (let run = 0; run < METER_REPEATS; run++) page = await getListings(base, token, query);
  return { totals: perSearch(meter.totals(), METER_REPEATS), returned: page.items.length, nextCursor: page.nextCursor };
}

/** The least a page of 20 of one municipality needs: one Query of 20 items on its gsi1 partition. */
function rawQuery(db: Database, limit = 20): QueryCommandInput {
  return {
    TableName: db.tableName,
    IndexName: "gsi1",
    KeyConditionExpression: "#pk = :pk",
    ExpressionAttributeNames: { "#pk": "gsi1pk" },
    ExpressionAttributeValues: { ":pk": keys.listingsByMunicipality(FOCUS, "approved").pk },
    Limit: limit,
  };
}

async function meterRaw(meter: ReadMeter, db: Database): Promise<Metered> {
  meter.enabled = true;
  meter.reset();
  let returned = 0;
  for (let run = 0; run < METER_REPEATS; run++) {
    returned = (await db.client.send(new QueryCommand(rawQuery(db)))).Items?.length ?? 0;
  }
  return { totals: perSearch(meter.totals(), METER_REPEATS), returned, nextCursor: null };
}

interface StateReads {
  state: string;
  listings: number;
  raw: Metered;
  searches: Metered[];
}

async function measureReads(
  meter: ReadMeter,
  db: Database,
  base: string,
  token: string,
  cases: SearchCase[],
  state: string,
  listings: number,
): Promise<StateReads> {
  const raw = await meterRaw(meter, db);
  const searches: Metered[] = [];
  for (const search of cases) searches.push(await meterSearch(meter, base, token, search.query));
  return { state, listings, raw, searches };
}

/** Follows nextCursor until `wanted` items came back (at most 20 pages). */
async function pagesUntil(meter: ReadMeter, base: string, token: string, query: string, wanted: number) {
  meter.enabled = true;
  meter.reset();
  let items = 0;
  let pages = 0;
  let cursor: string | null = null;
  do {
    const page = await getListings(base, token, cursor ? `${query}&cursor=${encodeURIComponent(cursor)}` : query);
    pages += 1;
    items += page.items.length;
    cursor = page.nextCursor;
  } while (items < wanted && cursor && pages < 20);
  return { pages, items, totals: meter.totals() };
}

/* ---------- Throughput ---------- */

/** One measured segment of one target. */
interface Sample {
  /** ms of each successful request or call. */
  latencies: number[];
  seconds: number;
  errors: number;
}

interface Target {
  label: string;
  run(seconds: number): Promise<Sample>;
}

interface Load {
  perSecond: number;
  p50: number;
  p99: number;
  total: number;
  errors: number;
  /** CPU time per request or call: this Node process, and DynamoDB Local's java (undefined without /proc). */
  nodeCpuMs: number;
  javaCpuMs?: number;
}

/** CPU time (user + system) of a process so far, from /proc (Linux; clock ticks of 10 ms). */
function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after "(comm)": state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

const nodeCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))] as number;
}

/** `connections` loops, each with one operation in flight, for `seconds`. */
const directTarget = (label: string, operation: () => Promise<unknown>): Target => ({
  label,
  async run(seconds) {
    const latencies: number[] = [];
    let errors = 0;
    const started = performance.now();
    const end = started + seconds * 1000;
    await Promise.all(
      Array.from({ length: LOAD.connections }, async () => {
        while (performance.now() < end) {
          const at = performance.now();
          try {
            await operation();
            latencies.push(performance.now() - at);
          } catch {
            errors += 1;
          }
        }
      }),
    );
    return { latencies, seconds: (performance.now() - started) / 1000, errors };
  },
});

/** autocannon returns a thenable EventEmitter; its "response" event carries each response time (hrtime, ms). */
type Tracker = Promise<Result> & {
  on(event: "response", listener: (client: unknown, status: number, bytes: number, time: number) => void): void;
};

const apiTarget = (label: string, url: string, token: string): Target => ({
  label,
  async run(seconds) {
    const latencies: number[] = [];
    const tracker = autocannon({
      url,
      headers: { authorization: `Bearer ${token}` },
      connections: LOAD.connections,
      duration: seconds,
      timeout: LOAD.timeout,
    }) as Tracker;
    tracker.on("response", (_client, status, _bytes, time) => {
      if (status >= 200 && status < 300) latencies.push(time);
    });
    const result = await tracker;
    return { latencies, seconds: result.duration, errors: result.non2xx + result.errors + result.timeouts };
  },
});

/**
 * Each target gets a warm-up segment, then the targets take turns, ROUNDS
 * segments each, so that they share whatever else the machine is doing.
 */
async function interleave(targets: Target[], javaPid: number, log: (message: string) => void): Promise<Load[]> {
  for (const target of targets) {
    log(`listings: warm-up ${target.label} (${WARMUP_SECONDS} s)`);
    await target.run(WARMUP_SECONDS);
  }
  const samples: Sample[][] = targets.map(() => []);
  const cpu = targets.map(() => ({ node: 0, java: 0 as number | undefined }));
  for (let round = 0; round < ROUNDS; round++) {
    log(`listings: round ${round + 1} of ${ROUNDS}: ${targets.length} targets × ${SEGMENT_SECONDS} s`);
    for (const [index, target] of targets.entries()) {
      const [node, java] = [nodeCpuMs(), processCpuMs(javaPid)];
      samples[index]?.push(await target.run(SEGMENT_SECONDS));
      const [nodeAfter, javaAfter] = [nodeCpuMs(), processCpuMs(javaPid)];
      const spent = cpu[index] as { node: number; java: number | undefined };
      spent.node += nodeAfter - node;
      spent.java =
        spent.java === undefined || java === undefined || javaAfter === undefined
          ? undefined
          : spent.java + javaAfter - java;
    }
  }
  return samples.map((segments, index) => {
    const latencies = segments.flatMap((segment) => segment.latencies).sort((a, b) => a - b);
    const seconds = segments.reduce((sum, segment) => sum + segment.seconds, 0);
    return {
      perSecond: latencies.length / seconds,
      p50: median(latencies),
      p99: percentile(latencies, 0.99),
      total: latencies.length,
      errors: segments.reduce((sum, segment) => sum + segment.errors, 0),
      nodeCpuMs: (cpu[index]?.node ?? Number.NaN) / latencies.length,
      javaCpuMs: cpu[index]?.java === undefined ? undefined : cpu[index].java / latencies.length,
    };
  });
}

/** The Query calls one search sends, recorded by the meter, to replay them one after another as the search does. */
async function recordCalls(meter: ReadMeter, base: string, token: string, query: string) {
  meter.enabled = true;
  meter.startRecording();
  try {
    await getListings(base, token, query);
  } finally {
    meter.enabled = false;
  }
  return meter.stopRecording() as QueryCommandInput[];
}

const replay = (db: Database, calls: QueryCommandInput[]) => async () => {
  for (const input of calls) await db.client.send(new QueryCommand(input));
};

/* ---------- Running it ---------- */

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

const units = (value: number) => num(value, 1);
const ratio = (value: number) => `${num(value, 2)}×`;

export const listingsPart: BenchPart = {
  name: "listings",
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
      log("listings: starting DynamoDB Local");
      running.dynamo = await startDynamoDbLocal();
      await ensureTable(running.dynamo.endpoint, TABLE_NAME);
      const local = await createLocalApp({
        endpoint: running.dynamo.endpoint,
        tableName: TABLE_NAME,
        logger: silentLogger,
      });
      running.local = local;
      const db = local.db;
      const meter = meterReads(db.client);
      meter.enabled = false;

      const port = await freePort();
      const server = serve({ fetch: local.app.fetch, port, hostname: "127.0.0.1" }) as Server;
      running.server = server;
      await new Promise<void>((ready, fail) => {
        server.once("listening", ready);
        server.once("error", fail);
      });
      const base = `http://127.0.0.1:${port}`;
      const token = await local.tokens.issue({ sub: "bench-student", role: "student" });
      const today = todayIn(local.clock);
      const cases = searchCases(today);

      const at = local.clock.now().toISOString();
      await local.services.organizations.restore({
        id: OWNER_ORG,
        kind: "institution",
        name: "Bench Erhvervsakademi",
        municipalities: [],
        version: 1,
        createdAt: at,
        updatedAt: at,
      });

      const seeder: Seeder = { today, random: seededRandom(326), newId: createIdGenerator(), count: 0 };
      const current: Listing[] = [];
      const makeCurrent = (count: number) => {
        const made = Array.from({ length: count }, () => makeListing(seeder, false));
        current.push(...made);
        return made;
      };

      log(`listings: seeding ${num(FIRST_LISTINGS)} listings`);
      const firstRate = await seed(db, makeCurrent(FIRST_LISTINGS));
      const reads1k = await measureReads(meter, db, base, token, cases, "1,000", FIRST_LISTINGS);

      log(`listings: seeding ${num(MORE_LISTINGS)} more`);
      const moreRate = await seed(db, makeCurrent(MORE_LISTINGS));
      const reads10k = await measureReads(meter, db, base, token, cases, "10,000", current.length);

      // Selectivity of the filtered search over the focus municipality's listings.
      const focus = current.filter((listing) => listing.municipalityCode === FOCUS);
      const stay = { stayFrom: addDays(today, 30), stayTo: addDays(today, 120) };
      const filteredMatches = focus.filter((listing) =>
        matchesSearch(listing, { status: "approved", ...stay, maxRent: MAX_RENT }, today),
      ).length;
      const windowMatches = focus.filter((listing) =>
        matchesSearch(listing, { status: "approved", ...stay }, today),
      ).length;

      // Throughput, on the 10,000-listing table.
      meter.enabled = false;
      const [plain, filtered] = [cases[0], cases[2]] as [SearchCase, SearchCase];
      const plainCalls = await recordCalls(meter, base, token, plain.query);
      const filteredCalls = await recordCalls(meter, base, token, filtered.query);
      const [apiPlain, rawPlain, replayPlain] = (await interleave(
        [
          apiTarget(`GET /listings?${plain.query}`, `${base}/listings?${plain.query}`, token),
          directTarget("raw Query, Limit 20", () => db.client.send(new QueryCommand(rawQuery(db)))),
          directTarget("replay of the search's calls", replay(db, plainCalls)),
        ],
        running.dynamo.pid,
        log,
      )) as [Load, Load, Load];
      const [apiFiltered, replayFiltered] = (await interleave(
        [
          apiTarget(`GET /listings?${filtered.query}`, `${base}/listings?${filtered.query}`, token),
          directTarget("replay of the filtered search's calls", replay(db, filteredCalls)),
        ],
        running.dynamo.pid,
        log,
      )) as [Load, Load];

      log(`listings: seeding ${num(EXPIRED_LISTINGS)} expired listings`);
      const expired = Array.from({ length: EXPIRED_LISTINGS }, () => makeListing(seeder, true));
      const expiredRate = await seed(db, expired);
      const readsExpired = await measureReads(
        meter,
        db,
        base,
        token,
        cases,
        "10,000 + 5,000 expired",
        current.length + expired.length,
      );
      const firstTwenty = await pagesUntil(meter, base, token, plain.query, 20);
      meter.enabled = false;

      return [
        readsSection({
          cases,
          states: [reads1k, reads10k, readsExpired],
          seedRates: [firstRate, moreRate, expiredRate],
          focusCount: focus.length,
          filteredMatches,
          windowMatches,
          firstTwenty,
          expiredInFocus: expired.filter((listing) => listing.municipalityCode === FOCUS).length,
        }),
        throughputSection({
          plain,
          filtered,
          apiPlain,
          rawPlain,
          replayPlain,
          apiFiltered,
          replayFiltered,
          plainCalls,
          filteredCalls,
        }),
      ];
    } finally {
      log("listings: stopping the server and DynamoDB Local");
      try {
        await stopAll(running);
      } finally {
        killDynamo();
        process.removeListener("exit", killDynamo);
      }
    }
  },
};

/* ---------- Report ---------- */

function readsSection(input: {
  cases: SearchCase[];
  states: StateReads[];
  seedRates: number[];
  focusCount: number;
  filteredMatches: number;
  windowMatches: number;
  firstTwenty: { pages: number; items: number; totals: ReadTotals };
  expiredInFocus: number;
}): string {
  const { cases, states, seedRates } = input;
  const [small, large, withExpired] = states as [StateReads, StateReads, StateReads];
  const growth = cases.map((search, index) => {
    const at = (state: StateReads) => state.searches[index] as Metered;
    return [
      search.label,
      `${num(at(small).returned)} / ${num(at(large).returned)} / ${num(at(withExpired).returned)}`,
      units(at(small).totals.units),
      units(at(large).totals.units),
      ratio(at(large).totals.units / at(small).totals.units),
      ratio(at(large).totals.units / large.raw.totals.units),
      units(at(withExpired).totals.units),
    ];
  });
  growth.push([
    `raw Query (gsi1, \`LISTINGS#${FOCUS}#approved\`, Limit 20)`,
    `${num(small.raw.returned)} / ${num(large.raw.returned)} / ${num(withExpired.raw.returned)}`,
    units(small.raw.totals.units),
    units(large.raw.totals.units),
    ratio(large.raw.totals.units / small.raw.totals.units),
    ratio(1),
    units(withExpired.raw.totals.units),
  ]);

  const detail: (string | number)[][] = [];
  for (const state of states) {
    const rows: [string, Metered][] = [
      [`raw Query, Limit 20`, state.raw],
      ...cases.map((search, index): [string, Metered] => [search.label, state.searches[index] as Metered]),
    ];
    for (const [label, metered] of rows) {
      const { totals } = metered;
      detail.push([
        state.state,
        label,
        num(totals.calls, 0),
        num(totals.itemsRead),
        num(metered.returned),
        metered.nextCursor ? "yes" : "no",
        num(totals.bytesRead / 1024, 1),
        units(totals.units),
        units(totals.unitsFromSize),
      ]);
    }
  }
  const plainAt = (state: StateReads) => state.searches[0] as Metered;
  const hundredAt = (state: StateReads) => state.searches[1] as Metered;
  const allAt = (state: StateReads) => state.searches[3] as Metered;
  const { firstTwenty, expiredInFocus } = input;

  return [
    "## Listing search: DynamoDB read units",
    "",
    `\`GET /listings\` as a student, over real HTTP to the app served in the benchmark's own process (createLocalApp + @hono/node-server on 127.0.0.1, DynamoDB Local in memory). The table holds approved listings spread evenly over all ${municipalities.length} municipalities (${num(input.focusCount)} of the 10,000 in ${FOCUS} Kalundborg), current ones with windows opening between 60 days ago and 240 days ahead. Read units are what DynamoDB Local returns with \`ReturnConsumedCapacity: "TOTAL"\` on every Query and GetItem, added up by an SDK middleware on the app's client (scripts/bench/dynamo-capacity.ts), per search (the mean of ${METER_REPEATS} identical searches). A student's search reads nothing but the listing partitions. Seeding writes the items directly with BatchWriteItem (25 per batch, ${PARALLEL_BATCHES} batches in flight), built from the same key builders as the repository (shared/db/table.ts), not through the API, for speed: ${num(seedRates[0] ?? 0)} items/s for the first 1,000, ${num(seedRates[1] ?? 0)} items/s for the next 9,000, ${num(seedRates[2] ?? 0)} items/s for the ${num(EXPIRED_LISTINGS)} expired ones added last (approved, windows closed 12 to 670 days ago).`,
    "",
    `The filtered search asks for a stay from today + 30 to today + 120 days and rent ≤ ${num(MAX_RENT)} DKK: ${num(input.windowMatches)} of ${FOCUS}'s ${num(input.focusCount)} listings contain the stay (${num((100 * input.windowMatches) / input.focusCount)} %), ${num(input.filteredMatches)} (${num((100 * input.filteredMatches) / input.focusCount)} %) also meet the rent.`,
    "",
    table(
      [
        "Search",
        "Items returned (1k / 10k / +expired)",
        "RCU at 1,000",
        "RCU at 10,000",
        "10k ÷ 1k",
        "10k ÷ raw Query",
        "RCU at 10,000 + 5,000 expired",
      ],
      growth,
    ),
    "",
    `**From 1,000 to 10,000 listings, a page of 20 from one municipality costs ${units(plainAt(small).totals.units)} → ${units(plainAt(large).totals.units)} read units (${ratio(plainAt(large).totals.units / large.raw.totals.units)} the ${units(large.raw.totals.units)} of the bare Query of 20 items), and a page of 100 ${ratio(hundredAt(large).totals.units / plainAt(large).totals.units)} a page of 20: with current listings only, the cost follows the page, not the table.** Where 10k ÷ 1k is above 1, the page was not full at 1,000 listings (fewer items returned). The search reads twice the page per Query (\`readSize\` = 2 × limit, because it filters after reading): 2× the bare Query. Two costs do not follow the page. A search without a municipality reads 2 × limit items from each of the 18 partitions to return one page (${num(allAt(large).totals.itemsRead)} items for 20). And expired listings stay in the approved partition (expiry is derived from availableTo, not stored) and sort first (by availableFrom), so every search reads and drops them: with ${num(EXPIRED_LISTINGS)} expired listings added (${num(expiredInFocus)} in ${FOCUS}), the page of 20 from ${FOCUS} reads ${num(plainAt(withExpired).totals.itemsRead)} items in ${num(plainAt(withExpired).totals.calls)} Queries (the most the repository makes per partition) and comes back **empty, with a nextCursor**; following the cursor, the first 20 listings took ${num(firstTwenty.pages)} requests and ${units(firstTwenty.totals.units)} read units (${ratio(firstTwenty.totals.units / plainAt(large).totals.units)} the same page without the expired listings). That cost grows with the number of expired listings, i.e. with the table's age.`,
    "",
    "Per search, in detail (RCU by size: 0.5 per started 4 KB per call, computed from the items read with DynamoDB's item size rules, as a check on DynamoDB Local's figure):",
    "",
    table(
      ["Table", "Search", "Queries", "Items read", "Items returned", "Next page", "KB read", "RCU", "RCU by size"],
      detail,
    ),
  ].join("\n");
}

function throughputSection(input: {
  plain: SearchCase;
  filtered: SearchCase;
  apiPlain: Load;
  rawPlain: Load;
  replayPlain: Load;
  apiFiltered: Load;
  replayFiltered: Load;
  plainCalls: QueryCommandInput[];
  filteredCalls: QueryCommandInput[];
}): string {
  const row = (label: string, load: Load) => [
    label,
    num(load.perSecond, 1),
    ms(load.p50, 1),
    ms(load.p99, 1),
    num(load.total),
    num(load.errors),
    ms(load.nodeCpuMs, 2),
    load.javaCpuMs === undefined ? "n/a" : ms(load.javaCpuMs, 2),
  ];
  const limits = (calls: QueryCommandInput[]) => calls.map((call) => call.Limit).join(", ");
  const share = (api: Load, raw: Load) => `${num((100 * api.perSecond) / raw.perSecond)} %`;
  const { apiPlain, rawPlain, replayPlain, apiFiltered, replayFiltered } = input;
  return [
    "## Listing search: throughput",
    "",
    `On the 10,000-listing table (before the expired ones were added), ${LOAD.connections} connections or calls in flight, ${ROUNDS * SEGMENT_SECONDS} s per target: after a ${WARMUP_SECONDS} s warm-up each, the targets of a group take turns in ${ROUNDS} rounds of ${SEGMENT_SECONDS} s, so that they share whatever else the machine does. The API is loaded by autocannon with a student's bearer token. The baselines send the DynamoDB calls directly with the app's document client: the bare Query a page of 20 needs (gsi1, \`LISTINGS#${FOCUS}#approved\`, Limit 20), and a replay of the exact Query calls the search sent (recorded once from the API: Limit ${limits(input.plainCalls)} for the plain search; ${input.filteredCalls.length} call(s), Limit ${limits(input.filteredCalls)}, one after another, for the filtered one). Latencies are per request or call, in ms (autocannon's per-response times, not its whole-ms histogram). Load generator, API server and SDK client share this process's one event loop, and DynamoDB Local's java runs beside it on the same cores; the CPU columns split the CPU time spent during each target's segments by its requests: this Node process (autocannon's client side included for the API) and DynamoDB Local's java (from /proc). Errors: non-2xx, errors and timeouts.`,
    "",
    table(
      [
        "Target",
        "Requests/s",
        "p50 ms",
        "p99 ms",
        "Requests",
        "Errors",
        "Node CPU ms/request",
        "DynamoDB Local CPU ms/request",
      ],
      [
        row(`GET /listings?${input.plain.query}`, apiPlain),
        row("raw Query, Limit 20", rawPlain),
        row(`replay of that search's calls (${input.plainCalls.length})`, replayPlain),
        row(`GET /listings?${input.filtered.query}`, apiFiltered),
        row(`replay of that search's calls (${input.filteredCalls.length})`, replayFiltered),
      ],
    ),
    "",
    `**GET /listings?municipality=${FOCUS}&limit=20 = ${share(apiPlain, rawPlain)} of the raw Query's rate (${num(apiPlain.perSecond, 1)} vs ${num(rawPlain.perSecond, 1)}/s), p50 ${ms(apiPlain.p50, 1)} ms vs ${ms(rawPlain.p50, 1)} ms**; against a replay of its own call, ${share(apiPlain, replayPlain)} (p50 ${ms(replayPlain.p50, 1)} ms). The filtered search = ${share(apiFiltered, replayFiltered)} of a replay of its calls, p50 ${ms(apiFiltered.p50, 1)} ms vs ${ms(replayFiltered.p50, 1)} ms. Per request this Node process spends ${ms(apiPlain.nodeCpuMs, 2)} ms of CPU on the plain search against ${ms(replayPlain.nodeCpuMs, 2)} ms on its Query alone: HTTP, token check, validation, the view and JSON (and autocannon's side of the connection) add ${ms(apiPlain.nodeCpuMs - replayPlain.nodeCpuMs, 2)} ms.`,
  ].join("\n");
}
