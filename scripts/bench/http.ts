/**
 * Part 2, HTTP: the real local server, started as `npm start` starts it
 * (DynamoDB Local, table, demo data), under autocannon on two routes that do
 * not touch the database; and, in the same run and under the same load, a
 * bare Node HTTP server answering {"status":"ok"}, as the ceiling to compare
 * with. All traffic goes to 127.0.0.1.
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import autocannon, { type Result } from "autocannon";
import { freePort } from "../../functions/local/dynamodb-local";
import { type GroupProcess, spawnGroup } from "./processes";
import { type BenchPart, ms, num, percent, table } from "./report";

const LOAD = { connections: 10, duration: 10, timeout: 10 } as const;
const WARMUP = { connections: 10, duration: 2, timeout: 10 } as const;
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

interface Measured {
  label: string;
  result: Result;
}

async function measure(url: string, log: (message: string) => void): Promise<Result> {
  log(`http: warm-up ${url} (${WARMUP.duration} s)`);
  await autocannon({ url, ...WARMUP });
  log(`http: load ${url} (${LOAD.connections} connections, ${LOAD.duration} s)`);
  return autocannon({ url, ...LOAD });
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
  health: Result;
  municipalities: Result;
  bare: Result;
  stopMs: number;
  exitCode: number | string | null;
  leftover: boolean;
  logBytes: number;
}

/**
 * Both servers run side by side and the loads alternate (local /health, bare,
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
    const health = await measure(`${base}/health`, log);
    const bare = await measure(`http://127.0.0.1:${barePort}/health`, log);
    const municipalities = await measure(`${base}/municipalities`, log);

    bareServer.child.kill("SIGTERM");
    await bareServer.waitForExit(5_000);

    log("http: stopping the local server with SIGINT");
    const logBytes = statSync(server.logFile).size;
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
    return { readyMs, health, municipalities, bare, stopMs, exitCode, leftover, logBytes };
  } finally {
    bareServer?.dispose();
    server.dispose();
  }
}

/** autocannon's latency histogram resolves whole milliseconds. */
const latency = (value: number) => (value < 1 ? "< 1" : ms(value, 0));

function row({ label, result }: Measured): (string | number)[] {
  const bytesPerResponse = result.requests.total > 0 ? result.throughput.total / result.requests.total : 0;
  return [
    label,
    num(result.requests.average),
    latency(result.latency.p50),
    latency(result.latency.p99),
    num(result.requests.total),
    num(bytesPerResponse),
    num(result.non2xx),
    num(result.errors + result.timeouts),
  ];
}

export const httpPart: BenchPart = {
  name: "http",
  async run({ root, tmpDir, log }) {
    const local = await benchServers(root, tmpDir, log);
    const health = local.health.requests.average;
    const municipalities = local.municipalities.requests.average;
    const bareRps = local.bare.requests.average;

    const loadSection = [
      "## HTTP throughput",
      "",
      `autocannon (programmatic API, in the benchmark's own process) against 127.0.0.1: ${LOAD.connections} connections, ${LOAD.duration} s per route after a ${WARMUP.duration} s warm-up, no pipelining. The local server is \`npm start\` (\`node --import tsx functions/local/start.ts\`: the API on @hono/node-server, DynamoDB Local in memory, demo data); neither route reads the database. The baseline is a bare \`node:http\` server answering \`{"status":"ok"}\`, in its own process, running beside the local server; the three loads run one after another: local /health, baseline, local /municipalities.`,
      "",
      table(
        [
          "Target",
          "Requests/s (avg)",
          "p50 ms",
          "p99 ms",
          "Requests",
          "Bytes/response",
          "Non-2xx",
          "Errors + timeouts",
        ],
        [
          row({ label: "GET /health", result: local.health }),
          row({ label: "GET /municipalities", result: local.municipalities }),
          row({ label: "bare Node `http` server, GET /health", result: local.bare }),
        ],
      ),
      "",
      `**GET /health = ${percent(health / bareRps)} of a bare Node HTTP server's throughput**; GET /municipalities = ${percent(municipalities / bareRps)}.`,
      "",
      `The local server logs one JSON line per request (Powertools logger, level INFO); here its output went to a file, ${num(local.logBytes / 1024 ** 2, 1)} MB over the run. Latencies are autocannon's, in whole milliseconds.`,
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
