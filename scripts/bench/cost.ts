/**
 * Part "cost": what the API costs on AWS, on paper. One complete booking
 * journey runs through the in-process app (createLocalApp on DynamoDB Local,
 * `app.request`, as API Gateway hands requests to the Lambda): a listing is
 * created, submitted and approved; a student asks for housing, gets matches,
 * applies, is offered the room and accepts; both sides read what they would
 * read along the way. Each call is measured: its duration (what Lambda
 * bills), the DynamoDB read and write units it consumed
 * (ReturnConsumedCapacity, scripts/bench/dynamo-capacity.ts) and the bytes
 * of the log lines it wrote. Those, priced with the list prices below, give
 * the cost per completed booking and per million calls of this mix.
 */
import { randomUUID } from "node:crypto";
import type { Principal } from "#auth/principal";
import { addDays, todayIn } from "#domain/common/dates";
import { createIdGenerator } from "#shared/runtime";
import { createLogger, JsonLineLogger } from "../../functions/api/logging";
import { ensureTable, type RunningDynamoDb, startDynamoDbLocal } from "../../functions/local/dynamodb-local";
import { createLocalApp, type LocalApp } from "../../functions/local/local-app";
import { DEFAULT_MEMORY_MB } from "../../infra/api-function";
import type { ACCESS_LOG_FIELDS } from "../../infra/api-stack";
import { listingBody } from "../../tests/helpers/listings";
import { requestBody } from "../../tests/helpers/requests";
import { type CapacityTotals, meterCapacity } from "./dynamo-capacity";
import { type BenchPart, median, ms, num, table } from "./report";

/**
 * AWS list prices in US dollars, us-east-1, as commonly published in 2025.
 * List prices change and differ by region: check the current price pages
 * (aws.amazon.com/lambda/pricing, /api-gateway/pricing, /dynamodb/pricing,
 * /cloudwatch/pricing) before budgeting with them.
 */
export const PRICE_LIST = {
  region: "us-east-1",
  published: "2025",
  lambdaArm64PerMillionRequests: 0.2,
  lambdaArm64PerGbSecond: 0.0000133334,
  httpApiPerMillionRequests: 1.0,
  dynamoOnDemandPerMillionWriteUnits: 0.625,
  dynamoOnDemandPerMillionReadUnits: 0.125,
  logsIngestionPerGb: 0.5,
} as const;

const TABLE_NAME = "praktikbolig-bench-cost";
/** The journey is run this many times (fresh listing, request and students each time); figures are medians per call. */
const JOURNEYS = 5;
const OWNER_ORG = "bench-institution";
const COUNCIL_ORG = "bench-council-326";

/**
 * What Lambda adds to each invocation's log stream, besides the app's lines:
 * its START, END and REPORT lines (typical shapes; the REPORT of a cold
 * start also carries Init Duration).
 */
const PLATFORM_LINES = [
  "START RequestId: 8f5e6a3c-1b2d-4e5f-9a8b-7c6d5e4f3a2b Version: $LATEST",
  "END RequestId: 8f5e6a3c-1b2d-4e5f-9a8b-7c6d5e4f3a2b",
  "REPORT RequestId: 8f5e6a3c-1b2d-4e5f-9a8b-7c6d5e4f3a2b\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 1024 MB\tMax Memory Used: 112 MB\t",
];

/** The context Powertools' middleware adds on Lambda, so the measured log lines carry what they carry there. */
const LAMBDA_CONTEXT = {
  functionName: "Praktikbolig-prod-Api-ApiFunction1A2B3C4D-AbCdEfGhIjKl",
  functionVersion: "$LATEST",
  invokedFunctionArn:
    "arn:aws:lambda:us-east-1:123456789012:function:Praktikbolig-prod-Api-ApiFunction1A2B3C4D-AbCdEfGhIjKl",
  memoryLimitInMB: String(DEFAULT_MEMORY_MB),
  awsRequestId: "8f5e6a3c-1b2d-4e5f-9a8b-7c6d5e4f3a2b",
  logGroupName: "/aws/lambda/Praktikbolig-prod-Api",
  logStreamName: "2026/12/02/[$LATEST]0123456789abcdef0123456789abcdef",
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 10_000,
  done: () => {},
  fail: () => {},
  succeed: () => {},
};

/** One HTTP API access log line (infra/api-stack.ts's format) as API Gateway would fill it in. */
function accessLogLine(method: string, path: string, status: number, bytes: number): string {
  const values: Record<keyof typeof ACCESS_LOG_FIELDS, string> = {
    requestId: "AbCdEfGhIjKlMnO=",
    ip: "192.0.2.10",
    requestTime: "02/Dec/2026:09:00:00 +0000",
    httpMethod: method,
    routeKey: "$default",
    path,
    protocol: "HTTP/1.1",
    status: String(status),
    responseLength: String(bytes),
    latency: "25",
    integrationLatency: "23",
    integrationError: "-",
  };
  return JSON.stringify(values);
}

interface CallFigures {
  label: string;
  who: string;
  status: number;
  durationMs: number;
  readUnits: number;
  writeUnits: number;
  transactions: number;
  logBytes: number;
}

/* ---------- The journey ---------- */

interface Actors {
  owner: string;
  council: string;
  student: string;
}

/** The tests' fixtures (tests/helpers), with windows and a stay that lie ahead of today. */
function listingFor(today: string) {
  return listingBody({ availableFrom: addDays(today, 30), availableTo: addDays(today, 240) });
}

function requestFor(today: string) {
  const moveIn = addDays(today, 60);
  const moveOut = addDays(today, 150);
  const { internship } = requestBody();
  return requestBody({
    moveIn,
    moveOut,
    internship: { ...internship, startDate: moveIn, endDate: addDays(moveOut, -1) },
  });
}

/** Calls the app as API Gateway would, one request at a time, measuring each. */
function journeyRunner(local: LocalApp, meter: ReturnType<typeof meterCapacity>, logBytes: () => number) {
  const figures: CallFigures[] = [];
  async function call(label: string, who: string, method: string, path: string, token: string, body?: unknown) {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    // A careful client sends an Idempotency-Key with every change, so a retry cannot run it twice; it costs writes.
    if (method === "POST") headers["idempotency-key"] = randomUUID();
    if (body !== undefined) headers["content-type"] = "application/json";
    meter.reset();
    const bytesBefore = logBytes();
    const started = performance.now();
    const response = await local.app.request(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const durationMs = performance.now() - started;
    if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    const totals: CapacityTotals = meter.totals();
    figures.push({
      label,
      who,
      status: response.status,
      durationMs,
      readUnits: totals.units,
      writeUnits: totals.writeUnits,
      transactions: totals.transactions,
      logBytes:
        logBytes() -
        bytesBefore +
        PLATFORM_LINES.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0) +
        Buffer.byteLength(accessLogLine(method, path, response.status, Buffer.byteLength(text))) +
        1,
    });
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  }
  return { call, figures };
}

async function bookingJourney(run: ReturnType<typeof journeyRunner>, actors: Actors, today: string) {
  const { call } = run;
  const { owner, council, student } = actors;
  await call("sign in: GET /me", "owner", "GET", "/me", owner);
  const listing = await call("create a listing", "owner", "POST", "/listings", owner, listingFor(today));
  const id = String(listing.id);
  await call("submit it", "owner", "POST", `/listings/${id}/submit`, owner);
  await call("sign in: GET /me", "council", "GET", "/me", council);
  await call("review queue", "council", "GET", "/reviews?municipality=326", council);
  await call("read the listing", "council", "GET", `/listings/${id}`, council);
  await call("approve it", "council", "POST", `/listings/${id}/approve`, council);

  await call("sign in: GET /me", "student", "GET", "/me", student);
  await call("search", "student", "GET", "/listings?municipality=326&limit=20", student);
  await call("read the listing", "student", "GET", `/listings/${id}`, student);
  const request = await call("ask for housing", "student", "POST", "/housing-requests", student, requestFor(today));
  const requestId = String(request.id);
  await call("matches", "student", "GET", `/housing-requests/${requestId}/matches`, student);
  const application = await call("apply", "student", "POST", `/housing-requests/${requestId}/applications`, student, {
    listingId: id,
    message: "Jeg starter i praktik og søger et værelse.",
  });
  const applicationId = String(application.id);

  await call("own listings", "owner", "GET", "/listings?mine=true", owner);
  await call("applications to the listing", "owner", "GET", `/applications?listingId=${id}`, owner);
  await call("offer", "owner", "POST", `/applications/${applicationId}/offer`, owner, { expiresInHours: 72 });

  await call("own applications", "student", "GET", `/applications?requestId=${requestId}`, student);
  const accepted = await call("accept", "student", "POST", `/applications/${applicationId}/accept`, student);
  await call("the booking", "student", "GET", `/bookings/${String(accepted.bookingId)}`, student);
  await call("the request, housed", "student", "GET", `/housing-requests/${requestId}`, student);
}

/* ---------- Pricing ---------- */

interface Priced {
  lambdaRequests: number;
  lambdaCompute: number;
  httpApi: number;
  dynamoReads: number;
  dynamoWrites: number;
  logs: number;
}

const totalOf = (priced: Priced) => Object.values(priced).reduce((sum, value) => sum + value, 0);

/** The cost of these calls in US dollars: Lambda bills each invocation's duration rounded up to the millisecond. */
function price(calls: readonly CallFigures[]): Priced {
  const gbSeconds = calls.reduce(
    (sum, call) => sum + (Math.ceil(call.durationMs) / 1000) * (DEFAULT_MEMORY_MB / 1024),
    0,
  );
  const readUnits = calls.reduce((sum, call) => sum + call.readUnits, 0);
  const writeUnits = calls.reduce((sum, call) => sum + call.writeUnits, 0);
  const logBytes = calls.reduce((sum, call) => sum + call.logBytes, 0);
  return {
    lambdaRequests: (calls.length / 1e6) * PRICE_LIST.lambdaArm64PerMillionRequests,
    lambdaCompute: gbSeconds * PRICE_LIST.lambdaArm64PerGbSecond,
    httpApi: (calls.length / 1e6) * PRICE_LIST.httpApiPerMillionRequests,
    dynamoReads: (readUnits / 1e6) * PRICE_LIST.dynamoOnDemandPerMillionReadUnits,
    dynamoWrites: (writeUnits / 1e6) * PRICE_LIST.dynamoOnDemandPerMillionWriteUnits,
    logs: (logBytes / 1024 ** 3) * PRICE_LIST.logsIngestionPerGb,
  };
}

/** The median journey, call by call: each call's median over the journeys run. */
function medianJourney(journeys: readonly CallFigures[][]): CallFigures[] {
  const [first = []] = journeys;
  return first.map((call, index) => {
    const same = journeys.map((journey) => journey[index] as CallFigures);
    const middle = (field: "durationMs" | "readUnits" | "writeUnits" | "transactions" | "logBytes") =>
      median(same.map((figures) => figures[field]));
    return {
      ...call,
      durationMs: middle("durationMs"),
      readUnits: middle("readUnits"),
      writeUnits: middle("writeUnits"),
      transactions: middle("transactions"),
      logBytes: middle("logBytes"),
    };
  });
}

const dollars = (value: number, digits = 2) => `$${num(value, digits)}`;
const microDollars = (value: number) => num(value * 1e6, 2);

/* ---------- The part ---------- */

export const costPart: BenchPart = {
  name: "cost",
  async run({ log }) {
    let dynamo: RunningDynamoDb | undefined;
    let local: LocalApp | undefined;
    try {
      log("cost: starting DynamoDB Local");
      dynamo = await startDynamoDbLocal();
      await ensureTable(dynamo.endpoint, TABLE_NAME);

      // The app's own logger, its lines counted instead of written, with the fields Lambda's context adds.
      let logBytes = 0;
      const powertools = new JsonLineLogger({ serviceName: "praktikbolig", logLevel: "INFO" });
      powertools.addContext(LAMBDA_CONTEXT);
      const write = (chunk: string | Uint8Array) => {
        logBytes += typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.byteLength;
        return true;
      };
      local = await createLocalApp({
        endpoint: dynamo.endpoint,
        tableName: TABLE_NAME,
        logger: createLogger(powertools),
      });
      const meter = meterCapacity(local.db.client);
      await restoreOrganizations(local);
      const today = todayIn(local.clock);

      const journeys: CallFigures[][] = [];
      const newId = createIdGenerator();
      for (let journey = 0; journey <= JOURNEYS; journey++) {
        const actors: Actors = {
          owner: await local.tokens.issue({ sub: `owner-${newId()}`, role: "institution", orgId: OWNER_ORG }),
          council: await local.tokens.issue({ sub: `council-${newId()}`, role: "council", orgId: COUNCIL_ORG }),
          student: await local.tokens.issue({ sub: `student-${newId()}`, role: "student" } satisfies Principal),
        };
        const run = journeyRunner(local, meter, () => logBytes);
        const out = process.stdout.write;
        const err = process.stderr.write;
        process.stdout.write = write as typeof process.stdout.write;
        process.stderr.write = write as typeof process.stderr.write;
        try {
          await bookingJourney(run, actors, today);
        } finally {
          process.stdout.write = out;
          process.stderr.write = err;
        }
        // The first journey warms the process up (compiling, first connections) and is not counted.
        if (journey > 0) journeys.push(run.figures);
        log(`cost: journey ${journey} of ${JOURNEYS}${journey === 0 ? " (warm-up)" : ""} done`);
      }
      return [costSection(medianJourney(journeys))];
    } finally {
      local?.db.client.destroy();
      await dynamo?.stop();
    }
  },
};

async function restoreOrganizations(local: LocalApp) {
  const at = local.clock.now().toISOString();
  const organization = { version: 1, createdAt: at, updatedAt: at };
  await local.services.organizations.restore({
    id: OWNER_ORG,
    kind: "institution",
    name: "Bench Erhvervsakademi",
    municipalities: ["326"],
    ...organization,
  });
  await local.services.organizations.restore({
    id: COUNCIL_ORG,
    kind: "council",
    name: "Bench Erhvervsråd",
    municipalities: ["326"],
    ...organization,
  });
}

function costSection(calls: CallFigures[]): string {
  const journey = price(calls);
  const perBooking = totalOf(journey);
  const perMillion = (value: number) => (value / calls.length) * 1e6;
  const sum = (field: "durationMs" | "readUnits" | "writeUnits" | "transactions" | "logBytes") =>
    calls.reduce((total, call) => total + call[field], 0);
  const rows = calls.map((call) => [
    `${call.who}: ${call.label}`,
    ms(call.durationMs, 1),
    num(call.readUnits, 1),
    num(call.writeUnits, 1),
    num(call.transactions),
    num(call.logBytes),
    microDollars(totalOf(price([call]))),
  ]);
  rows.push([
    `**the journey (${calls.length} calls)**`,
    ms(sum("durationMs"), 1),
    num(sum("readUnits"), 1),
    num(sum("writeUnits"), 1),
    num(sum("transactions")),
    num(sum("logBytes")),
    microDollars(perBooking),
  ]);
  const components: [string, keyof Priced][] = [
    ["Lambda requests", "lambdaRequests"],
    [`Lambda compute (arm64, ${num(DEFAULT_MEMORY_MB)} MB, billed ms)`, "lambdaCompute"],
    ["HTTP API requests", "httpApi"],
    ["DynamoDB read request units (on demand)", "dynamoReads"],
    ["DynamoDB write request units (on demand)", "dynamoWrites"],
    ["CloudWatch Logs ingestion", "logs"],
  ];
  const priceRows: [string, string][] = [
    ["Lambda arm64, per million requests", dollars(PRICE_LIST.lambdaArm64PerMillionRequests)],
    ["Lambda arm64, per GB-second", dollars(PRICE_LIST.lambdaArm64PerGbSecond, 10)],
    ["HTTP API, per million requests", dollars(PRICE_LIST.httpApiPerMillionRequests)],
    ["DynamoDB on demand, per million write request units", dollars(PRICE_LIST.dynamoOnDemandPerMillionWriteUnits, 3)],
    ["DynamoDB on demand, per million read request units", dollars(PRICE_LIST.dynamoOnDemandPerMillionReadUnits, 3)],
    ["CloudWatch Logs ingestion, per GB", dollars(PRICE_LIST.logsIngestionPerGb)],
  ];
  return [
    "## Cost on paper",
    "",
    `**These are AWS list prices for ${PRICE_LIST.region} as commonly published in ${PRICE_LIST.published}** (the constant table \`PRICE_LIST\` in scripts/bench/cost.ts); prices change and differ by region, so check them against the current price pages before budgeting. Free tiers, data transfer, Cognito, Secrets Manager, X-Ray, alarms, log storage and point-in-time recovery are left out.`,
    "",
    table(["Price", "US dollars"], priceRows),
    "",
    `One complete booking journey through the in-process app (\`createLocalApp\` on DynamoDB Local, \`app.request\` one call at a time, a bearer token per actor and an \`Idempotency-Key\` on every POST, as a careful client sends), run ${JOURNEYS} times after one unmeasured run; each row is the median of a call over the runs. Duration is the call's wall time in the app (what Lambda would bill, rounded up to the millisecond, at the function's ${num(DEFAULT_MEMORY_MB)} MB from infra/api-function.ts): measured against DynamoDB Local, whose calls take a few ms each as DynamoDB's do, on a shared machine, so take it as an order of magnitude. Read and write units are DynamoDB Local's \`ConsumedCapacity\` (ReturnConsumedCapacity TOTAL on every call, scripts/bench/dynamo-capacity.ts); DynamoDB Local counts a transactional write twice, on the table and on each index it touches, and an eventually consistent read of up to 4 KB as half a unit, as on-demand billing does. Log bytes: the app's own lines (Powertools, with the fields Lambda's context adds), Lambda's START/END/REPORT lines and one HTTP API access log line (infra/api-stack.ts's format).`,
    "",
    table(["Call", "Duration ms", "Read units", "Write units", "Transactions", "Log bytes", "Cost, µ$"], rows),
    "",
    table(
      ["Cost component", "Per completed booking, µ$", "Per million calls of this mix"],
      [
        ...components.map(([label, key]) => [label, microDollars(journey[key]), dollars(perMillion(journey[key]))]),
        ["**total**", microDollars(perBooking), dollars(perMillion(perBooking))],
      ],
    ),
    "",
    `**One completed booking, with the reads a student and an owner make along the way (${calls.length} calls), costs about ${microDollars(perBooking)} µ$ (${dollars(perBooking * 1000, 2)} per thousand bookings) at these list prices; calls of this mix cost ${dollars(perMillion(perBooking))} per million.** The largest share is ${largestShare(journey)}. Cold starts are left out (Lambda bills their init phase too: about the cold-start figure above, once per new instance).`,
  ].join("\n");
}

function largestShare(journey: Priced): string {
  const names: Record<keyof Priced, string> = {
    lambdaRequests: "Lambda's per-request charge",
    lambdaCompute: "Lambda compute",
    httpApi: "the HTTP API's per-request charge",
    dynamoReads: "DynamoDB reads",
    dynamoWrites: "DynamoDB writes",
    logs: "log ingestion",
  };
  const total = totalOf(journey);
  const [key, value] = (Object.entries(journey) as [keyof Priced, number][]).sort((a, b) => b[1] - a[1])[0] as [
    keyof Priced,
    number,
  ];
  return `${names[key]} (${num((100 * value) / total)} %)`;
}
