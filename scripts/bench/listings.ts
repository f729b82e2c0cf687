/**
 * Part 3, listing search: `GET /listings` against a table seeded with
 * listings over all 18 municipalities. Each figure sits next to the raw
 * DynamoDB calls it needs, measured in the same run:
 *
 * - read units per search (ReturnConsumedCapacity), at 1,000 and 10,000
 *   listings: it must grow with the page size, not with the table;
 * - then 5,000 expired listings (still stored as approved) are added: the
 *   same search repeated until its cost settles, with the reads and the
 *   writes (TransactWriteItems moving listings to `expired`) of each search,
 *   and the read units once they have been moved;
 * - throughput and latency under autocannon, against the same Query sent
 *   directly with the document client at the same concurrency;
 * - latency of one request at a time, alternating with the raw DynamoDB
 *   calls the route needs, one at a time too.
 *
 * The app runs in this process (createLocalApp, @hono/node-server on
 * 127.0.0.1) against a DynamoDB Local of its own; both stop at the end, also
 * on failure.
 */
import type { Server } from "node:http";
import { QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { serve } from "@hono/node-server";
import autocannon, { type Result } from "autocannon";
import { silentLogger } from "#api/logging";
import type { Database } from "#db/client";
import { keys } from "#db/table";
import { addDays, addYears, todayIn } from "#domain/common/dates";
import type { Listing } from "#domain/listings/model";
import { MAX_WINDOW_YEARS, matchesSearch } from "#domain/listings/rules";
import { municipalities } from "#domain/municipalities/index";
import { createIdGenerator } from "#shared/runtime";
import { ensureTable, freePort, type RunningDynamoDb, startDynamoDbLocal } from "../../functions/local/dynamodb-local";
import { createLocalApp, type LocalApp } from "../../functions/local/local-app";
import { type CapacityMeter, type CapacityTotals, meterCapacity, perRun } from "./dynamo-capacity";
import { processCpuMs } from "./processes";
import { type BenchPart, median, ms, num, percentile, table } from "./report";
import {
  BATCH_SIZE,
  CURRENT_WINDOWS,
  countGsi1,
  EXPIRED_WINDOWS,
  listingItem,
  makeApprovedListing,
  seededRandom,
  writeItems,
} from "./seed-data";

const TABLE_NAME = "praktikbolig-bench-listings";
const FIRST_LISTINGS = 1_000;
const MORE_LISTINGS = 9_000;
const EXPIRED_LISTINGS = 5_000;
const FOCUS = "326"; // Kalundborg
const OWNER_ORG = "bench-institution";
const PARALLEL_BATCHES = 8;
/** Each metered search runs this many times; the figures are per search. */
const METER_REPEATS = 3;
/**
 * After the expired listings are added, a search is repeated until two
 * searches in a row write nothing and read the same units: at most this
 * many times, or for this long.
 */
const SETTLE = { searches: 30, seconds: 60 } as const;
/** The same for the search over all 18 municipalities, which has all the expired listings in its way. */
const SETTLE_ALL = { searches: 400, seconds: 240 } as const;
/** 10 connections for 10 s per target, in ROUNDS segments taking turns with the other targets. */
const LOAD = { connections: 10, timeout: 10 } as const;
const ROUNDS = 5;
const SEGMENT_SECONDS = 2;
const WARMUP_SECONDS = 2;
/** One request at a time: up to this many rounds (over HTTP, in process, raw calls), for at most this long. */
const SEQUENTIAL = { pairs: 300, seconds: 20, warmup: 10 } as const;
/** Targets of the budget, each against its baseline. */
const TARGETS = { readUnits: 1.1, sequentialP50: 1.2 } as const;
/** The filtered search: a stay 30..120 days from today, rent at most this. */
const MAX_RENT = 5_000;

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
  totals: CapacityTotals;
  returned: number;
  nextCursor: string | null;
}

async function getListings(base: string, token: string, query: string) {
  const response = await fetch(`${base}/listings?${query}`, { headers: { authorization: `Bearer ${token}` } });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET /listings?${query} answered ${response.status}: ${text}`);
  return JSON.parse(text) as { items: unknown[]; nextCursor: string | null };
}

async function meterSearch(meter: CapacityMeter, base: string, token: string, query: string): Promise<Metered> {
  meter.enabled = true;
  meter.reset();
  let page = { items: [] as unknown[], nextCursor: null as string | null };
  for (let run = 0; run < METER_REPEATS; run++) page = await getListings(base, token, query);
  return { totals: perRun(meter.totals(), METER_REPEATS), returned: page.items.length, nextCursor: page.nextCursor };
}

/**
 * The least a page of 20 of one municipality needs: one Query of 20 items on
 * its gsi1 partition, from the same lower bound as the search (a window
 * still open opened at most MAX_WINDOW_YEARS ago).
 */
function rawQuery(db: Database, today: string, limit = 20): QueryCommandInput {
  return {
    TableName: db.tableName,
    IndexName: "gsi1",
    KeyConditionExpression: "#pk = :pk AND #sk >= :from",
    ExpressionAttributeNames: { "#pk": "gsi1pk", "#sk": "gsi1sk" },
    ExpressionAttributeValues: {
      ":pk": keys.listingsByMunicipality(FOCUS, "approved").pk,
      ":from": addYears(today, -MAX_WINDOW_YEARS),
    },
    Limit: limit,
  };
}

async function meterRaw(meter: CapacityMeter, db: Database, today: string): Promise<Metered> {
  meter.enabled = true;
  meter.reset();
  let returned = 0;
  for (let run = 0; run < METER_REPEATS; run++) {
    returned = (await db.client.send(new QueryCommand(rawQuery(db, today)))).Items?.length ?? 0;
  }
  return { totals: perRun(meter.totals(), METER_REPEATS), returned, nextCursor: null };
}

interface StateReads {
  state: string;
  raw: Metered;
  searches: Metered[];
}

async function measureReads(
  meter: CapacityMeter,
  db: Database,
  today: string,
  connection: { base: string; token: string },
  cases: SearchCase[],
  state: string,
): Promise<StateReads> {
  const raw = await meterRaw(meter, db, today);
  const searches: Metered[] = [];
  for (const search of cases) searches.push(await meterSearch(meter, connection.base, connection.token, search.query));
  meter.enabled = false;
  return { state, raw, searches };
}

/* ---------- Expired listings: searching until the cost settles ---------- */

interface Settling {
  /** Each search in order: what it read and wrote, what it returned. */
  steps: Metered[];
  /** 1-based number of the first search of the two equal ones; undefined if the budget ran out first. */
  settledAt?: number;
  seconds: number;
}

/** Two searches in a row that write nothing and read the same: nothing is left to move on their way. */
const isSettled = (previous: Metered, last: Metered) =>
  previous.totals.writeCalls === 0 &&
  last.totals.writeCalls === 0 &&
  previous.totals.units === last.totals.units &&
  previous.returned === last.returned;

/** Repeats one search, metering each, until it settles or the budget runs out. */
async function searchUntilSettled(
  meter: CapacityMeter,
  connection: { base: string; token: string },
  query: string,
  budget: { searches: number; seconds: number },
): Promise<Settling> {
  const steps: Metered[] = [];
  const started = performance.now();
  const deadline = started + budget.seconds * 1000;
  let settledAt: number | undefined;
  while (steps.length < budget.searches && performance.now() < deadline) {
    meter.enabled = true;
    meter.reset();
    const page = await getListings(connection.base, connection.token, query);
    steps.push({ totals: meter.totals(), returned: page.items.length, nextCursor: page.nextCursor });
    const [previous, last] = steps.slice(-2);
    if (steps.length >= 2 && previous && last && isSettled(previous, last)) {
      settledAt = steps.length - 1;
      break;
    }
  }
  meter.enabled = false;
  return { steps, settledAt, seconds: (performance.now() - started) / 1000 };
}

/** Listings stored as expired in the municipalities' partitions (unmetered: call with the meter off). */
async function countExpired(db: Database, codes: readonly string[]): Promise<number> {
  let count = 0;
  for (const code of codes) count += await countGsi1(db, keys.listingsByMunicipality(code, "expired").pk);
  return count;
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

const nodeCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

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
async function recordCalls(meter: CapacityMeter, base: string, token: string, query: string) {
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

/* ---------- One request at a time ---------- */

interface Sequential {
  /** Over HTTP to the local server, as a client of `npm start` sees it. */
  httpMs: number[];
  /** `app.request` in this process: the app alone, as API Gateway hands a request to the Lambda. */
  inProcessMs: number[];
  /** The raw DynamoDB calls the request needs. */
  rawMs: number[];
}

/** A search, its whole answer read; over HTTP, or in process when `base` is undefined. */
const searchRequest = (local: LocalApp, base: string | undefined, path: string, token: string) => async () => {
  const init = { headers: { authorization: `Bearer ${token}` } };
  const response = base === undefined ? await local.app.request(path, init) : await fetch(`${base}${path}`, init);
  await response.text();
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
};

/**
 * The request over HTTP, the same request in process, then its raw calls,
 * then the next round: each timed alone, so the three series share the same
 * moments of the machine's load.
 */
async function alternateOneAtATime(
  http: () => Promise<void>,
  inProcess: () => Promise<void>,
  raw: () => Promise<unknown>,
): Promise<Sequential> {
  const operations = [http, inProcess, raw];
  for (let run = 0; run < SEQUENTIAL.warmup; run++) for (const operation of operations) await operation();
  const series: number[][] = [[], [], []];
  const deadline = performance.now() + SEQUENTIAL.seconds * 1000;
  for (let round = 0; round < SEQUENTIAL.pairs && performance.now() < deadline; round++) {
    for (const [index, operation] of operations.entries()) {
      const at = performance.now();
      await operation();
      series[index]?.push(performance.now() - at);
    }
  }
  const [httpMs = [], inProcessMs = [], rawMs = []] = series;
  return { httpMs, inProcessMs, rawMs };
}

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
      const meter = meterCapacity(db.client);
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

      const random = seededRandom(326);
      const newId = createIdGenerator();
      let made = 0;
      const makeListings = (count: number, expired: boolean) =>
        Array.from({ length: count }, () =>
          makeApprovedListing({ index: made++, today, random, newId, ownerOrgId: OWNER_ORG, expired }),
        );
      const seed = (listings: Listing[]) => writeItems(db, listings.map(listingItem), PARALLEL_BATCHES);
      const connection = { base, token };

      log(`listings: seeding ${num(FIRST_LISTINGS)} listings`);
      const current = makeListings(FIRST_LISTINGS, false);
      const firstRate = await seed(current);
      const reads1k = await measureReads(meter, db, today, connection, cases, "1,000");

      log(`listings: seeding ${num(MORE_LISTINGS)} more`);
      const more = makeListings(MORE_LISTINGS, false);
      current.push(...more);
      const moreRate = await seed(more);
      const reads10k = await measureReads(meter, db, today, connection, cases, "10,000");

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
      const [plain, , filtered, everywhere] = cases as [SearchCase, SearchCase, SearchCase, SearchCase];
      const plainCalls = await recordCalls(meter, base, token, plain.query);
      const filteredCalls = await recordCalls(meter, base, token, filtered.query);
      const [apiPlain, rawPlain, replayPlain] = (await interleave(
        [
          apiTarget(`GET /listings?${plain.query}`, `${base}/listings?${plain.query}`, token),
          directTarget("raw Query, Limit 20", () => db.client.send(new QueryCommand(rawQuery(db, today)))),
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

      log("listings: one request at a time, alternating with the raw calls it needs");
      const plainPath = `/listings?${plain.query}`;
      const filteredPath = `/listings?${filtered.query}`;
      const sequentialPlain = await alternateOneAtATime(
        searchRequest(local, base, plainPath, token),
        searchRequest(local, undefined, plainPath, token),
        () => db.client.send(new QueryCommand(rawQuery(db, today))),
      );
      const sequentialFiltered = await alternateOneAtATime(
        searchRequest(local, base, filteredPath, token),
        searchRequest(local, undefined, filteredPath, token),
        replay(db, filteredCalls),
      );

      log(`listings: seeding ${num(EXPIRED_LISTINGS)} expired listings`);
      const expired = makeListings(EXPIRED_LISTINGS, true);
      const expiredRate = await seed(expired);
      log(`listings: repeating ${plain.query} until its cost settles`);
      const focusSettling = await searchUntilSettled(meter, connection, plain.query, SETTLE);
      const movedInFocus = await countExpired(db, [FOCUS]);
      log(`listings: repeating ${everywhere.query} (all municipalities) until its cost settles`);
      const allSettling = await searchUntilSettled(meter, connection, everywhere.query, SETTLE_ALL);
      const movedEverywhere = await countExpired(
        db,
        municipalities.map((municipality) => municipality.code),
      );
      const readsExpired = await measureReads(
        meter,
        db,
        today,
        connection,
        cases,
        `10,000 + ${num(EXPIRED_LISTINGS)} expired, moved`,
      );

      return [
        readsSection({
          cases,
          states: [reads1k, reads10k, readsExpired],
          seedRates: [firstRate, moreRate],
          focusCount: focus.length,
          filteredMatches,
          windowMatches,
        }),
        expiredSection({
          today,
          plain,
          everywhere,
          withoutExpired: reads10k,
          moved: readsExpired,
          seedRate: expiredRate,
          expiredInFocus: expired.filter((listing) => listing.municipalityCode === FOCUS).length,
          focusSettling,
          allSettling,
          movedInFocus,
          movedEverywhere,
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
        sequentialSection({ plain, filtered, sequentialPlain, sequentialFiltered, plainCalls, filteredCalls }),
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
    `raw Query (gsi1, \`LISTINGS#${FOCUS}#approved\`, sort key ≥ today − ${MAX_WINDOW_YEARS} years, Limit 20)`,
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
  const filteredAt = (state: StateReads) => state.searches[2] as Metered;
  const allAt = (state: StateReads) => state.searches[3] as Metered;
  const plainRatio = plainAt(large).totals.units / large.raw.totals.units;
  const sameWithExpired = cases.every(
    (_, index) =>
      (withExpired.searches[index] as Metered).totals.units === (large.searches[index] as Metered).totals.units,
  );

  return [
    "## Listing search: DynamoDB read units",
    "",
    `\`GET /listings\` as a student, over real HTTP to the app served in the benchmark's own process (createLocalApp + @hono/node-server on 127.0.0.1, DynamoDB Local in memory). The table holds approved listings spread evenly over all ${municipalities.length} municipalities (${num(input.focusCount)} of the 10,000 in ${FOCUS} Kalundborg), with windows opening between ${-CURRENT_WINDOWS.opens[0]} days ago and ${CURRENT_WINDOWS.opens[1]} days ahead and open ${CURRENT_WINDOWS.lasts[0]} to ${CURRENT_WINDOWS.lasts[1]} days. Read units are what DynamoDB Local returns with \`ReturnConsumedCapacity: "TOTAL"\` on every Query and GetItem, added up by an SDK middleware on the app's client (scripts/bench/dynamo-capacity.ts), per search (the mean of ${METER_REPEATS} identical searches). A student's search reads nothing but the listing partitions, each from today − ${MAX_WINDOW_YEARS} years on (a window lasts at most ${MAX_WINDOW_YEARS} years); the raw Query has the same lower bound. Seeding writes the items directly with BatchWriteItem (${BATCH_SIZE} per batch, ${PARALLEL_BATCHES} batches in flight), built by scripts/bench/seed-data.ts from the same key builders as the repository (shared/db/table.ts), not through the API, for speed: ${num(seedRates[0] ?? 0)} items/s for the first 1,000, ${num(seedRates[1] ?? 0)} items/s for the next 9,000. The last column is the same table with ${num(EXPIRED_LISTINGS)} expired listings added, measured after the searches of the next section had moved them out of the approved partitions.`,
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
        `RCU at 10,000 + ${num(EXPIRED_LISTINGS)} expired, moved`,
      ],
      growth,
    ),
    "",
    `**From 1,000 to 10,000 listings, a page of 20 from one municipality costs ${units(plainAt(small).totals.units)} → ${units(plainAt(large).totals.units)} read units (${ratio(plainAt(large).totals.units / large.raw.totals.units)} the ${units(large.raw.totals.units)} of the bare Query of 20 items), and a page of 100 ${ratio(hundredAt(large).totals.units / plainAt(large).totals.units)} a page of 20: the cost follows the page, not the table.** ${sameWithExpired ? `With ${num(EXPIRED_LISTINGS)} expired listings added, once they have been moved to \`expired\`, every search costs exactly what it cost without them` : `With ${num(EXPIRED_LISTINGS)} expired listings added, once they have been moved to \`expired\`, the searches cost ${cases.map((_, index) => units((withExpired.searches[index] as Metered).totals.units)).join(", ")} read units against ${cases.map((_, index) => units((large.searches[index] as Metered).totals.units)).join(", ")} without them`} (last column; how they got moved, and what that cost, is the next section). Where 10k ÷ 1k is above 1, the page was not full at 1,000 listings (fewer items returned). Each partition first reads exactly \`limit\` items, all a page costs when no filter drops one, and tops up (twice what is still missing) only when a filter dropped some: the plain search read ${num(plainAt(large).totals.itemsRead)} items in ${num(plainAt(large).totals.calls)} Query call(s) for ${num(plainAt(large).returned)} returned, and the filtered one ${num(filteredAt(large).totals.itemsRead)} items in ${num(filteredAt(large).totals.calls)} calls for ${num(filteredAt(large).returned)}. One cost does not follow the page: a search without a municipality cannot know which partition holds the first items, so it reads \`limit\` items from each of the ${municipalities.length} partitions to return one page (${num(allAt(large).totals.itemsRead)} items for 20, ${units(allAt(large).totals.units)} read units).`,
    "",
    `**Read units per search, page of 20 from one municipality, 10,000 listings: ${ratio(plainRatio)} the bare Query of 20 (target ≤ ${ratio(TARGETS.readUnits)}: ${plainRatio <= TARGETS.readUnits ? "met" : "missed"}).**`,
    "",
    "Per search, in detail (RCU by size: 0.5 per started 4 KB per call, computed from the items read with DynamoDB's item size rules, as a check on DynamoDB Local's figure):",
    "",
    table(
      ["Table", "Search", "Queries", "Items read", "Items returned", "Next page", "KB read", "RCU", "RCU by size"],
      detail,
    ),
  ].join("\n");
}

const ordinal = (n: number) =>
  `${n}${n % 100 >= 11 && n % 100 <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th")}`;

const sum = (steps: readonly Metered[], field: keyof CapacityTotals) =>
  steps.reduce((total, step) => total + step.totals[field], 0);

function expiredSection(input: {
  today: string;
  plain: SearchCase;
  everywhere: SearchCase;
  withoutExpired: StateReads;
  moved: StateReads;
  seedRate: number;
  expiredInFocus: number;
  focusSettling: Settling;
  allSettling: Settling;
  movedInFocus: number;
  movedEverywhere: number;
}): string {
  const { focusSettling: focusRun, allSettling: allRun, withoutExpired } = input;
  const allSteps = [...focusRun.steps, ...allRun.steps];
  const transactions = sum(allSteps, "transactions");
  const maxMoved = Math.max(...allSteps.map((step) => step.totals.transactions));
  const itemsPerTransaction = transactions > 0 ? sum(allSteps, "itemsWritten") / transactions : 0;
  const wcuPerTransaction = transactions > 0 ? sum(allSteps, "writeUnits") / transactions : 0;
  const writeUnitsReported = transactions === 0 || sum(allSteps, "writeUnits") > 0;
  const row = (step: Metered, index: number) => [
    ordinal(index + 1),
    num(step.totals.calls),
    num(step.totals.itemsRead),
    num(step.returned),
    step.nextCursor ? "yes" : "no",
    units(step.totals.units),
    num(step.totals.transactions),
    num(step.totals.itemsWritten),
    writeUnitsReported ? num(step.totals.writeUnits) : "n/a",
  ];
  const before = (search: number) => (withoutExpired.searches[search] as Metered).totals.units;
  const comparedTo = (settled: number, without: number) =>
    settled === without
      ? `the same as the ${units(without)} it cost before the expired listings were added`
      : `against ${units(without)} before the expired listings were added`;

  /** One sentence on a search's run: how it started, what moving cost, where it settled. */
  const story = (run: Settling, search: number, what: string) => {
    const first = run.steps[0] as Metered;
    const writing = run.steps.filter((step) => step.totals.writeCalls > 0).length;
    const opening = `The first ${what} after the expired listings were added read ${units(first.totals.units)} RCU (${num(first.totals.itemsRead)} items in ${num(first.totals.calls)} Queries), returned ${num(first.returned)} items${first.nextCursor ? " and a next cursor" : ""}, and moved ${num(first.totals.transactions)} listings (${num(first.totals.itemsWritten)} items written${writeUnitsReported ? `, ${num(first.totals.writeUnits)} WCU` : ""})`;
    if (run.settledAt === undefined) {
      return `${opening}; after ${num(run.steps.length)} searches (${ms(run.seconds, 1)} s, the budget) it had not settled: the last read ${units((run.steps.at(-1) as Metered).totals.units)} RCU.`;
    }
    const settled = run.steps[run.settledAt - 1] as Metered;
    const paying = run.steps.slice(0, run.settledAt - 1);
    const empty = paying.filter((step) => step.returned === 0).length;
    const short = paying.filter((step) => step.returned > 0 && step.returned < settled.returned).length;
    const worst = Math.max(...paying.map((step) => step.totals.units));
    const pages =
      empty + short > 0
        ? ` (${[empty > 0 ? `${num(empty)} returned an empty page` : "", short > 0 ? `${num(short)} a short one` : ""].filter(Boolean).join(" and ")}, with a next cursor)`
        : "";
    return `${opening}. Of the ${num(paying.length)} searches before it settled${pages}, ${num(writing)} moved listings; the costliest read ${units(worst)} RCU (${ratio(worst / settled.totals.units)} the settled cost), and together they read ${units(sum(paying, "units"))} RCU and wrote ${num(sum(paying, "itemsWritten"))} items${writeUnitsReported ? ` (${num(sum(paying, "writeUnits"))} WCU)` : ""}. From the ${ordinal(run.settledAt)} search on (${ms(run.seconds, 1)} s for the ${num(run.steps.length)} searches), it costs ${units(settled.totals.units)} RCU and writes nothing, ${comparedTo(settled.totals.units, before(search))}.`;
  };

  /** The RCU / listings moved of at most ~16 searches of a long run, evenly spread, the last two included. */
  const sampled = (run: Settling) => {
    const step = Math.max(1, Math.ceil(run.steps.length / 14));
    const picks = new Set<number>();
    for (let index = 0; index < run.steps.length; index += step) picks.add(index);
    picks.add(run.steps.length - 2);
    picks.add(run.steps.length - 1);
    return [...picks]
      .filter((index) => index >= 0)
      .sort((a, b) => a - b)
      .map((index) => {
        const metered = run.steps[index] as Metered;
        return `${ordinal(index + 1)}: ${units(metered.totals.units)} RCU, ${num(metered.totals.transactions)} moved`;
      })
      .join("; ");
  };

  const focusSettled = focusRun.settledAt !== undefined;
  const focusFinal = focusRun.steps.at(focusSettled ? (focusRun.settledAt as number) - 1 : -1) as Metered;
  const shown = focusRun.steps.slice(0, focusSettled ? (focusRun.settledAt as number) + 1 : focusRun.steps.length);
  return [
    "## Listing search: expired listings",
    "",
    `Then ${num(EXPIRED_LISTINGS)} expired listings are added to the 10,000-listing table (after the throughput runs of the next section): windows that opened ${-EXPIRED_WINDOWS.opens[1]} to ${-EXPIRED_WINDOWS.opens[0]} days ago and closed ${-(EXPIRED_WINDOWS.opens[1] + EXPIRED_WINDOWS.lasts[1])} to ${-(EXPIRED_WINDOWS.opens[0] + EXPIRED_WINDOWS.lasts[0])} days ago, ${num(input.expiredInFocus)} of them in ${FOCUS}, stored as approved, as a listing is when its window passes (seeded with BatchWriteItem like the rest, ${num(input.seedRate)} items/s). They open after today − ${MAX_WINDOW_YEARS} years (${addYears(input.today, -MAX_WINDOW_YEARS)}), so they lie inside the key range every search reads, ahead of the current listings (the sort key starts with availableFrom). A search (or a match) that reads an approved listing whose window has passed moves it to the stored state \`expired\`, another gsi1 partition (\`LISTINGS#<code>#expired\`), with a TransactWriteItems of the listing and its audit event (${num(itemsPerTransaction, 1)} items per transaction here), up to a cap per request (shared/domain/listings/service.ts): no search here moved more than ${num(maxMoved)}. ${writeUnitsReported ? `Write units are DynamoDB Local's \`ConsumedCapacity\` of those transactions (the meter asks for it on every write; ${num(wcuPerTransaction, 1)} WCU per transaction here: transactional writes count twice, and the listing's index entries are rewritten too)` : "DynamoDB Local reported no consumed capacity for the transactions, so items written are counted instead"}; reads as in the previous section, but per single search, not a mean.`,
    "",
    `The page of 20 from ${FOCUS} (\`${input.plain.query}\`), searched again and again until two searches in a row write nothing and read the same (at most ${SETTLE.searches} searches or ${SETTLE.seconds} s):`,
    "",
    table(
      [
        "Search",
        "Queries",
        "Items read",
        "Items returned",
        "Next page",
        "RCU",
        "TransactWriteItems",
        "Items written",
        "WCU",
      ],
      shown.map(row),
    ),
    "",
    `**${story(focusRun, 0, "search")} ${num(input.movedInFocus)} of ${FOCUS}'s ${num(input.expiredInFocus)} expired listings are then stored as expired. ${focusSettled && focusFinal.totals.units === before(0) ? "Once expired listings have been moved, the cost follows the page, not the table: the expired listings are paid for once, by the searches that move them, not by every search after them." : "The settled cost differs from the cost without expired listings (see the figures)."}**`,
    "",
    `The search over all ${municipalities.length} municipalities (\`${input.everywhere.query}\`) has the other municipalities' expired listings ahead of it too, and moves at most the same number per request, so it takes many more searches (at most ${SETTLE_ALL.searches} or ${SETTLE_ALL.seconds} s allowed). ${story(allRun, 3, "such search")} Along the way (${ordinal(1)} to ${ordinal(allRun.steps.length)}): ${sampled(allRun)}. Stored as expired afterwards: ${num(input.movedEverywhere)} of the ${num(EXPIRED_LISTINGS)}.`,
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
    `On the 10,000-listing table (before the expired ones were added), ${LOAD.connections} connections or calls in flight, ${ROUNDS * SEGMENT_SECONDS} s per target: after a ${WARMUP_SECONDS} s warm-up each, the targets of a group take turns in ${ROUNDS} rounds of ${SEGMENT_SECONDS} s, so that they share whatever else the machine does. The API is loaded by autocannon with a student's bearer token. The baselines send the DynamoDB calls directly with the app's document client: the bare Query a page of 20 needs (gsi1, \`LISTINGS#${FOCUS}#approved\`, sort key ≥ today − ${MAX_WINDOW_YEARS} years, Limit 20), and a replay of the exact Query calls the search sent (recorded once from the API: Limit ${limits(input.plainCalls)} for the plain search; ${input.filteredCalls.length} call(s), Limit ${limits(input.filteredCalls)}, one after another, for the filtered one). Latencies are per request or call, in ms (autocannon's per-response times, not its whole-ms histogram). Load generator, API server and SDK client share this process's one event loop, and DynamoDB Local's java runs beside it on the same cores; the CPU columns split the CPU time spent during each target's segments by its requests: this Node process (autocannon's client side included for the API) and DynamoDB Local's java (from /proc). Errors: non-2xx, errors and timeouts.`,
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

function sequentialSection(input: {
  plain: SearchCase;
  filtered: SearchCase;
  sequentialPlain: Sequential;
  sequentialFiltered: Sequential;
  plainCalls: QueryCommandInput[];
  filteredCalls: QueryCommandInput[];
}): string {
  const { sequentialPlain, sequentialFiltered } = input;
  const row = (label: string, latencies: number[], raw: number[]) => [
    label,
    num(latencies.length),
    ms(median(latencies), 2),
    ms(percentile(latencies, 0.9), 2),
    ms(percentile(latencies, 0.99), 2),
    latencies === raw ? "1.00×" : `${num(median(latencies) / median(raw), 2)}×`,
  ];
  const rows = (search: SearchCase, figures: Sequential, rawLabel: string) => [
    row(`GET /listings?${search.query}, over HTTP`, figures.httpMs, figures.rawMs),
    row("the same, in process (`app.request`)", figures.inProcessMs, figures.rawMs),
    row(rawLabel, figures.rawMs, figures.rawMs),
  ];
  const ratioOf = (figures: Sequential, series: "httpMs" | "inProcessMs") =>
    median(figures[series]) / median(figures.rawMs);
  const verdict = (value: number) => (value <= TARGETS.sequentialP50 ? "met" : "missed");
  const [overHttp, inProcess] = [ratioOf(sequentialPlain, "httpMs"), ratioOf(sequentialPlain, "inProcessMs")];
  return [
    "## Listing search: one request at a time",
    "",
    `The same 10,000-listing table, nothing else in flight. Each round sends the search over HTTP to the app's server in this process (\`fetch\`, the whole answer read), then the same search in process (\`app.request\`: the app alone, as API Gateway hands a request to the Lambda, whose HTTP is API Gateway's), then the raw DynamoDB calls the search needs, sent with the app's document client; up to ${num(SEQUENTIAL.pairs)} rounds or ${SEQUENTIAL.seconds} s after ${SEQUENTIAL.warmup} unmeasured ones. The plain search needs the bare Query of 20 (it sent ${input.plainCalls.length} call(s), Limit ${input.plainCalls.map((call) => call.Limit).join(", ")}); the filtered one the calls it was recorded sending (${input.filteredCalls.length}, one after another). Latencies in ms; the last column is the p50 against the raw calls' p50.`,
    "",
    table(
      ["Target", "Runs", "p50", "p90", "p99", "p50 ÷ raw"],
      [
        ...rows(input.plain, sequentialPlain, "raw Query, Limit 20"),
        ...rows(input.filtered, sequentialFiltered, `its ${input.filteredCalls.length} raw call(s)`),
      ],
    ),
    "",
    `**p50 of one search at a time against the raw Query it needs: ${num(inProcess, 2)}× in process, ${num(overHttp, 2)}× over HTTP (target ≤ ${num(TARGETS.sequentialP50, 1)}×: ${verdict(inProcess)} in process, ${verdict(overHttp)} over HTTP).** At the median the app adds ${ms(median(sequentialPlain.inProcessMs) - median(sequentialPlain.rawMs), 2)} ms to the Query (the token check, validation, the view, the encrypted cursor, JSON), and HTTP on both ends another ${ms(median(sequentialPlain.httpMs) - median(sequentialPlain.inProcessMs), 2)} ms.`,
  ].join("\n");
}
