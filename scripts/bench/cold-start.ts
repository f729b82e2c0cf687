/**
 * Part "cold start": what a Lambda cold start costs in the code's own hands,
 * set against the least this stack can cost. Two bundles, built with the same
 * esbuild settings (scripts/build.ts's lambdaBuildOptions, banner and plugins
 * included):
 *
 * - the Lambda bundle (functions/api/handler.ts);
 * - the floor (floor-handler.ts): a one-route Hono app on hono/aws-lambda
 *   with the DynamoDB document client created at import.
 *
 * Each run is a fresh `node` that imports a bundle and invokes its handler
 * once with an API Gateway HTTP API (payload 2.0) event for GET /health; the
 * child times itself from just before the import to the answer, so Node's own
 * start is left out. The variants alternate run by run, so they share
 * whatever else the machine is doing; the figure is the ratio of medians.
 * The bundle also runs once per round with `--enable-source-maps`, the
 * option the Lambda no longer sets, to show what it costs.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { buildLambda, lambdaBuildOptions } from "../build";
import { LAMBDA_ENV } from "./bundle";
import { type BenchPart, kb, median, ms, num, percent, table } from "./report";

const RUNS = 15;

/** GET /health as API Gateway's HTTP API sends it (payload format 2.0). */
const HEALTH_EVENT = {
  version: "2.0",
  routeKey: "$default",
  rawPath: "/health",
  rawQueryString: "",
  headers: { host: "abc123.execute-api.eu-north-1.amazonaws.com", "user-agent": "bench", accept: "*/*" },
  requestContext: {
    accountId: "123456789012",
    apiId: "abc123",
    domainName: "abc123.execute-api.eu-north-1.amazonaws.com",
    domainPrefix: "abc123",
    http: { method: "GET", path: "/health", protocol: "HTTP/1.1", sourceIp: "192.0.2.1", userAgent: "bench" },
    requestId: "bench-request-1",
    routeKey: "$default",
    stage: "$default",
    time: "27/Nov/2026:10:00:00 +0000",
    timeEpoch: 1795773600000,
  },
  isBase64Encoded: false,
};

const LAMBDA_CONTEXT = {
  functionName: "praktikbolig-api",
  functionVersion: "$LATEST",
  invokedFunctionArn: "arn:aws:lambda:eu-north-1:123456789012:function:praktikbolig-api",
  memoryLimitInMB: "1024",
  awsRequestId: "11111111-2222-3333-4444-555555555555",
  logGroupName: "/aws/lambda/praktikbolig-api",
  logStreamName: "stream",
};

/**
 * The child: imports the bundle, invokes it once, prints its timings as JSON.
 * performance.now() counts from the process's start, so `started` is Node's
 * own start-up.
 */
const CHILD_PROGRAM = `
const started = performance.now();
const cpuAtStart = process.cpuUsage();
const { handler } = await import(process.env.BENCH_BUNDLE_URL);
const imported = performance.now();
const context = { ...${JSON.stringify(LAMBDA_CONTEXT)}, getRemainingTimeInMillis: () => 10000 };
const answer = await handler(${JSON.stringify(HEALTH_EVENT)}, context);
const answered = performance.now();
const cpu = process.cpuUsage(cpuAtStart);
if (answer.statusCode !== 200) throw new Error("GET /health answered " + answer.statusCode);
process.stdout.write(JSON.stringify({ started, imported, answered, cpuMs: (cpu.user + cpu.system) / 1000 }));
`;

export interface ColdRun {
  /** Node's start-up, before the script runs. */
  nodeStartMs: number;
  importMs: number;
  firstCallMs: number;
  /** Import plus first call: the figure compared. */
  coldMs: number;
  /** CPU time (user + system, all threads) of import plus first call: less swayed by other work on the machine. */
  cpuMs: number;
}

export interface Variant {
  label: string;
  bundle: string;
  nodeOptions?: string;
}

function coldRun(variant: Variant, root: string): ColdRun {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...LAMBDA_ENV,
    BENCH_BUNDLE_URL: pathToFileURL(variant.bundle).href,
  };
  // As on Lambda: nothing preloaded, and no log line to a terminal.
  delete env.NODE_OPTIONS;
  env.POWERTOOLS_LOG_LEVEL = "SILENT";
  const args = [...(variant.nodeOptions ? [variant.nodeOptions] : []), "--no-warnings", "--input-type=module"];
  const result = spawnSync(process.execPath, [...args, "-e", CHILD_PROGRAM], {
    cwd: root,
    env,
    encoding: "utf8",
    timeout: 60_000,
  });
  if (result.status !== 0) {
    throw new Error(`${variant.label}: exited with ${result.status ?? result.signal}:\n${result.stderr.slice(-2000)}`);
  }
  const { started, imported, answered, cpuMs } = JSON.parse(result.stdout) as Record<string, number>;
  return {
    nodeStartMs: started as number,
    importMs: (imported as number) - (started as number),
    firstCallMs: (answered as number) - (imported as number),
    coldMs: (answered as number) - (started as number),
    cpuMs: cpuMs as number,
  };
}

/**
 * Runs every variant once unmeasured (file cache), then RUNS rounds, each
 * variant once per round; the order turns by one each round, so no variant
 * always runs right after the same other one.
 */
export function alternate(variants: readonly Variant[], root: string, rounds = RUNS): ColdRun[][] {
  for (const variant of variants) coldRun(variant, root);
  const runs = variants.map((): ColdRun[] => []);
  for (let round = 0; round < rounds; round++) {
    for (let turn = 0; turn < variants.length; turn++) {
      const index = (round + turn) % variants.length;
      runs[index]?.push(coldRun(variants[index] as Variant, root));
    }
  }
  return runs;
}

const medianOf = (runs: readonly ColdRun[], field: keyof ColdRun) => median(runs.map((run) => run[field]));

export const coldStartPart: BenchPart = {
  name: "cold start",
  async run({ root, tmpDir, log }) {
    log("cold start: building the Lambda bundle and the floor with the same settings");
    const bundle = join(tmpDir, "cold", "handler.mjs");
    const floor = join(tmpDir, "floor", "handler.mjs");
    await buildLambda(bundle, { metafile: false });
    await build(lambdaBuildOptions(resolve(root, "scripts/bench/floor-handler.ts"), floor));
    const sizes = { bundle: readFileSync(bundle).length, floor: readFileSync(floor).length };

    const variants: Variant[] = [
      { label: "floor: Hono on hono/aws-lambda + DynamoDB document client", bundle: floor },
      { label: "the Lambda bundle", bundle },
      { label: "the Lambda bundle, `--enable-source-maps`", bundle, nodeOptions: "--enable-source-maps" },
    ];
    log(`cold start: ${RUNS} rounds of ${variants.length} fresh processes (import + GET /health)`);
    const [floorRuns, bundleRuns, sourceMapRuns] = alternate(variants, root) as [ColdRun[], ColdRun[], ColdRun[]];

    const row = (variant: Variant, runs: ColdRun[], size: number) => [
      variant.label,
      kb(size),
      ms(medianOf(runs, "importMs")),
      ms(medianOf(runs, "firstCallMs")),
      ms(medianOf(runs, "coldMs")),
      `${ms(Math.min(...runs.map((run) => run.coldMs)))}–${ms(Math.max(...runs.map((run) => run.coldMs)))}`,
      ms(medianOf(runs, "cpuMs")),
      ms(medianOf(runs, "nodeStartMs")),
    ];
    const floorCold = medianOf(floorRuns, "coldMs");
    const bundleCold = medianOf(bundleRuns, "coldMs");
    const sourceMapCold = medianOf(sourceMapRuns, "coldMs");
    const ratios = bundleRuns.map((run, index) => run.coldMs / (floorRuns[index] as ColdRun).coldMs);
    const cpuRatio = medianOf(bundleRuns, "cpuMs") / medianOf(floorRuns, "cpuMs");

    return [
      [
        "## Cold start against its floor",
        "",
        `Each run is a fresh \`node\` (the Lambda's dummy environment, no network call) that imports a bundle and invokes its handler once with an API Gateway HTTP API payload 2.0 event for \`GET /health\`; the child times itself with \`performance.now()\` from just before the import to the answer, which leaves out Node's own start (last column); CPU is the child's user + system time over the same span, all threads. The floor is a one-route Hono app on \`hono/aws-lambda\` with the DynamoDB document client created at import (scripts/bench/floor-handler.ts), bundled by \`lambdaBuildOptions\` like the Lambda bundle (same esbuild settings, banner and plugins). ${num(RUNS)} rounds after one unmeasured run of each; in every round each variant runs once (the order turning by one each round), so all share the machine's load. Medians, in ms.`,
        "",
        table(
          ["Variant", "KB", "Import", "First call", "Import + first call", "Range", "CPU", "Node start"],
          [
            row(variants[0] as Variant, floorRuns, sizes.floor),
            row(variants[1] as Variant, bundleRuns, sizes.bundle),
            row(variants[2] as Variant, sourceMapRuns, sizes.bundle),
          ],
        ),
        "",
        `**Import + first call = ${num(bundleCold / floorCold, 2)}× the floor** (${ms(bundleCold)} ms vs ${ms(floorCold)} ms; the ratio within a round has median ${num(median(ratios), 2)}×; by CPU time, ${num(cpuRatio, 2)}×; target ≤ 1.2×). The Lambda no longer sets \`NODE_OPTIONS=--enable-source-maps\`: with it, the same bundle takes ${ms(sourceMapCold)} ms (${percent(sourceMapCold / bundleCold - 1)} more).`,
      ].join("\n"),
    ];
  },
};
