/**
 * Part 2, HTTP: the real local server, started as `npm start` starts it
 * (DynamoDB Local, table, demo data), under autocannon on two routes that do
 * not touch the database; and, in the same run, a bare Node HTTP server
 * answering {"status":"ok"}, as the ceiling to compare with. The targets take
 * turns in short segments, so each shares whatever else the machine does,
 * and each server's CPU time per request is read from /proc. All traffic
 * goes to 127.0.0.1.
 */
import { closeSync, openSync, readFileSync, statSync, writeSync } from "node:fs";
import { join } from "node:path";
import { Logger } from "@aws-lambda-powertools/logger";
import autocannon from "autocannon";
import { JsonLineLogger } from "../../functions/api/logging";
import { freePort } from "../../functions/local/dynamodb-local";
import { type GroupProcess, processCpuMs, spawnGroup } from "./processes";
import { type BenchPart, median, ms, num, percent, table } from "./report";

const LOAD = { connections: 10, timeout: 10 } as const;
/** Each target: a warm-up, then ROUNDS segments of SEGMENT_SECONDS, taking turns with the other targets. */
const WARMUP_SECONDS = 2;
const ROUNDS = 5;
const SEGMENT_SECONDS = 2;
const READY_LINE = "Praktikbolig is running";
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

/** The baseline: the least a Node HTTP server can do for GET /health. */
const BARE_SERVER = `
const http = require("node:http");
const body = JSON.stringify({ status: "ok" });
http
  .createServer((request, response) => {
    response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    response.end(body);
  })
  .listen(Number(process.env.PORT), () => console.log("bare server listening"));
`;

/** A target's segments added up. */
interface Measured {
  requests: number;
  seconds: number;
  /** Median of the segments' p50 and the largest p99 (autocannon's whole-ms histogram per segment). */
  p50: number;
  p99: number;
  bytes: number;
  non2xx: number;
  errors: number;
  /** CPU time of the server process per request, in µs; undefined without /proc. */
  cpuMicros?: number;
}

interface Target {
  label: string;
  url: string;
  serverPid: number;
}

async function segment(target: Target, seconds: number) {
  const cpuBefore = processCpuMs(target.serverPid);
  const result = await autocannon({ url: target.url, ...LOAD, duration: seconds });
  const cpuAfter = processCpuMs(target.serverPid);
  const cpuMs = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
  return { result, cpuMs };
}

/** Warms each target up, then runs ROUNDS rounds in which each target has one segment, in turn. */
async function measureInTurns(targets: readonly Target[], log: (message: string) => void): Promise<Measured[]> {
  for (const target of targets) {
    log(`http: warm-up ${target.url} (${WARMUP_SECONDS} s)`);
    await autocannon({ url: target.url, ...LOAD, duration: WARMUP_SECONDS });
  }
  const segments = targets.map((): Awaited<ReturnType<typeof segment>>[] => []);
  for (let round = 1; round <= ROUNDS; round++) {
    log(`http: round ${round} of ${ROUNDS} (${targets.length} × ${SEGMENT_SECONDS} s)`);
    for (const [index, target] of targets.entries()) segments[index]?.push(await segment(target, SEGMENT_SECONDS));
  }
  return segments.map((runs) => {
    const results = runs.map((run) => run.result);
    const requests = results.reduce((sum, result) => sum + result.requests.total, 0);
    const cpu = runs.every((run) => run.cpuMs !== undefined)
      ? runs.reduce((sum, run) => sum + (run.cpuMs ?? 0), 0)
      : undefined;
    return {
      requests,
      seconds: ROUNDS * SEGMENT_SECONDS,
      p50: median(results.map((result) => result.latency.p50)),
      p99: Math.max(...results.map((result) => result.latency.p99)),
      bytes: results.reduce((sum, result) => sum + result.throughput.total, 0),
      non2xx: results.reduce((sum, result) => sum + result.non2xx, 0),
      errors: results.reduce((sum, result) => sum + result.errors + result.timeouts, 0),
      cpuMicros: cpu === undefined || requests === 0 ? undefined : (cpu * 1000) / requests,
    };
  });
}

function serverEnv(port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port) };
  // As a newcomer runs it: data in memory, DynamoDB Local on a free port, plain node.
  delete env.DATA_DIR;
  delete env.DYNAMODB_PORT;
  delete env.NODE_OPTIONS;
  return env;
}

interface HttpRun {
  readyMs: number;
  health: Measured;
  municipalities: Measured;
  bare: Measured;
  stopMs: number;
  exitCode: number | string | null;
  leftover: boolean;
  logBytes: number;
  /** Request log lines in the server's output. */
  logLines: number;
}

/**
 * Both servers run side by side and the loads take turns (local /health, bare,
 * local /municipalities) so that the ratio compares neighbouring measurements,
 * and the baseline shares the local server's background (idle DynamoDB Local).
 */
async function benchServers(root: string, tmpDir: string, log: (message: string) => void): Promise<HttpRun> {
  const port = await freePort();
  log(`http: starting the local server (npm start) on port ${port}`);
  const started = performance.now();
  const server = spawnGroup(process.execPath, ["--import", "tsx", "functions/local/start.ts"], {
    cwd: root,
    env: serverEnv(port),
    logFile: join(tmpDir, "local-server.log"),
  });
  let bareServer: GroupProcess | undefined;
  try {
    await server.waitFor(READY_LINE, READY_TIMEOUT_MS);
    const readyMs = performance.now() - started;

    const barePort = await freePort();
    log(`http: starting the bare Node HTTP server on port ${barePort}`);
    bareServer = spawnGroup(process.execPath, ["-e", BARE_SERVER], {
      cwd: root,
      env: serverEnv(barePort),
      logFile: join(tmpDir, "bare-server.log"),
    });
    await bareServer.waitFor("bare server listening", 10_000);

    const base = `http://127.0.0.1:${port}`;
    const [health, bare, municipalities] = (await measureInTurns(
      [
        { label: "GET /health", url: `${base}/health`, serverPid: server.pid },
        { label: "bare", url: `http://127.0.0.1:${barePort}/health`, serverPid: bareServer.pid },
        { label: "GET /municipalities", url: `${base}/municipalities`, serverPid: server.pid },
      ],
      log,
    )) as [Measured, Measured, Measured];

    bareServer.child.kill("SIGTERM");
    await bareServer.waitForExit(5_000);

    log("http: stopping the local server with SIGINT");
    const logBytes = statSync(server.logFile).size;
    const logLines = readFileSync(server.logFile, "utf8").split('"message":"request"').length - 1;
    const stopping = performance.now();
    server.child.kill("SIGINT");
    if (!(await server.waitForExit(STOP_TIMEOUT_MS))) {
      throw new Error(`The local server did not exit within ${STOP_TIMEOUT_MS / 1000} s of SIGINT`);
    }
    const stopMs = performance.now() - stopping;
    const exitCode = server.child.exitCode ?? server.child.signalCode;
    // Whatever it started (DynamoDB Local's java) is in its process group.
    const leftover = !(await server.waitForEmptyGroup(2_000));
    if (leftover) log("http: a process of the server's group outlived it; killing the group");
    return { readyMs, health, municipalities, bare, stopMs, exitCode, leftover, logBytes, logLines };
  } finally {
    bareServer?.dispose();
    server.dispose();
  }
}

/* ---------- The request log line, alone ---------- */

const LOG_LINES = 20_000;

/** The attributes of one request line, as app.ts logs them. */
const requestAttributes = (index: number) => ({
  requestId: "3f2c9a1e-7b4d-4c8e-9f1a-2b3c4d5e6f70",
  method: "GET",
  route: "/health",
  status: 200,
  role: undefined,
  durationMs: index % 3,
});

/**
 * µs per request line written to a file (as the benchmark's server writes
 * its output), three ways: Powertools' Logger as it comes (its Console), the
 * app's JsonLineLogger, and a bare JSON.stringify + write as the floor.
 */
function logLineCost(tmpDir: string): { powertools: number; app: number; bare: number } {
  const fd = openSync(join(tmpDir, "log-lines.log"), "w");
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string) => writeSync(fd, chunk) > 0) as typeof process.stdout.write;
  const time = (line: (index: number) => void) => {
    for (let index = 0; index < 2_000; index++) line(index);
    const started = performance.now();
    for (let index = 0; index < LOG_LINES; index++) line(index);
    return ((performance.now() - started) * 1000) / LOG_LINES;
  };
  try {
    const powertools = new Logger({ serviceName: "praktikbolig", logLevel: "INFO" });
    const app = new JsonLineLogger({ serviceName: "praktikbolig", logLevel: "INFO" });
    const bareLine = (index: number) => {
      const line = {
        level: "INFO",
        message: "request",
        timestamp: new Date().toISOString(),
        ...requestAttributes(index),
      };
      process.stdout.write(`${JSON.stringify(line)}\n`);
    };
    return {
      // Powertools' Console holds process.stdout as it was when the logger was made: the file as well.
      powertools: time((index) => powertools.info("request", requestAttributes(index))),
      app: time((index) => app.info("request", requestAttributes(index))),
      bare: time(bareLine),
    };
  } finally {
    process.stdout.write = write;
    closeSync(fd);
  }
}

/** autocannon's latency histogram resolves whole milliseconds. */
const latency = (value: number) => (value < 1 ? "< 1" : ms(value, 0));
const perSecond = (measured: Measured) => measured.requests / measured.seconds;

function row(label: string, measured: Measured): (string | number)[] {
  return [
    label,
    num(perSecond(measured)),
    latency(measured.p50),
    latency(measured.p99),
    num(measured.requests),
    num(measured.requests > 0 ? measured.bytes / measured.requests : 0),
    measured.cpuMicros === undefined ? "n/a" : num(measured.cpuMicros),
    num(measured.non2xx),
    num(measured.errors),
  ];
}

export const httpPart: BenchPart = {
  name: "http",
  async run({ root, tmpDir, log }) {
    const local = await benchServers(root, tmpDir, log);
    log(`http: ${num(LOG_LINES)} request log lines, three ways`);
    const logLine = logLineCost(tmpDir);
    const health = perSecond(local.health);
    const municipalities = perSecond(local.municipalities);
    const bareRps = perSecond(local.bare);
    const cpuShare = (measured: Measured) =>
      measured.cpuMicros === undefined || local.bare.cpuMicros === undefined
        ? undefined
        : local.bare.cpuMicros / measured.cpuMicros;
    const healthCpuShare = cpuShare(local.health);

    const loadSection = [
      "## HTTP throughput",
      "",
      `autocannon (programmatic API, in the benchmark's own process) against 127.0.0.1: ${LOAD.connections} connections, no pipelining. The local server is \`npm start\` (\`node --import tsx functions/local/start.ts\`: the API on @hono/node-server, DynamoDB Local in memory, demo data); neither route reads the database. The baseline is a bare \`node:http\` server answering \`{"status":"ok"}\`, in its own process, running beside the local server. After a ${WARMUP_SECONDS} s warm-up each, the three targets take turns (local /health, baseline, local /municipalities) in ${ROUNDS} rounds of ${SEGMENT_SECONDS} s, ${ROUNDS * SEGMENT_SECONDS} s each in all, so that all share whatever else the machine does. p50 is the median of the segments' p50, p99 the worst segment's. Server CPU is the serving process's user + system time during its segments (from /proc, 10 ms ticks) per request: a figure less swayed by the load generator and other work on the same cores than requests/s.`,
      "",
      table(
        [
          "Target",
          "Requests/s",
          "p50 ms",
          "p99 ms",
          "Requests",
          "Bytes/response",
          "Server CPU µs/request",
          "Non-2xx",
          "Errors + timeouts",
        ],
        [
          row("GET /health", local.health),
          row("GET /municipalities", local.municipalities),
          row("bare Node `http` server, GET /health", local.bare),
        ],
      ),
      "",
      `**GET /health = ${percent(health / bareRps)} of a bare Node HTTP server's throughput**${healthCpuShare === undefined ? "" : ` (by server CPU per request: ${percent(healthCpuShare)})`}; GET /municipalities = ${percent(municipalities / bareRps)}.`,
      "",
      `The local server logs one JSON line per request (Powertools logger, level INFO); here its output went to a file, ${num(local.logBytes / 1024 ** 2, 1)} MB over the run (${num(local.logLines)} request lines, about ${num(local.logBytes / Math.max(1, local.logLines))} bytes each). Latencies are autocannon's, in whole milliseconds.`,
      "",
      `The request log line alone, ${num(LOG_LINES)} lines written to a file in this process: ${ms(logLine.powertools, 1)} µs each through Powertools' Logger as it comes (its own \`Console\`), ${ms(logLine.app, 1)} µs through the app's logger (functions/api/logging.ts: Powertools' line, written straight to the stream), ${ms(logLine.bare, 1)} µs for a bare \`JSON.stringify\` and write of the same fields. Against the ${local.health.cpuMicros === undefined ? "measured" : `${num(local.health.cpuMicros)} µs of server CPU per`} GET /health, the app's line is ${local.health.cpuMicros === undefined ? "a share that needs /proc to say" : percent(logLine.app / local.health.cpuMicros)} of a request (the file write included).`,
    ].join("\n");

    const lifecycleSection = [
      "## `npm start` lifecycle",
      "",
      table(
        ["Step", "Value"],
        [
          [`Spawn to "${READY_LINE}"`, `${ms(local.readyMs / 1000, 1)} s`],
          ["SIGINT to exit", `${ms(local.stopMs / 1000, 2)} s`],
          ["Exit code", String(local.exitCode)],
          [
            "Processes left in its group (DynamoDB Local's java)",
            local.leftover ? "**some: killed by the benchmark**" : "none",
          ],
        ],
      ),
    ].join("\n");

    return [loadSection, lifecycleSection];
  },
};
