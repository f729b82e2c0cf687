/**
 * Part 1, the Lambda bundle: its size, what it is made of, and how long a
 * cold Node process takes to import it (the part of a Lambda cold start that
 * the code controls).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import type { Metafile } from "esbuild";
import { buildLambda } from "../build";
import { timeChild } from "./processes";
import { type BenchPart, kb, median, ms, num, percent, table } from "./report";

/** Measured runs of each command; one more of each runs first, unmeasured, to warm the file cache. */
const IMPORT_RUNS = 11;
const TOP_PACKAGES = 8;

/** Dummy values for what handler.ts reads at import; nothing is called at import. */
export const LAMBDA_ENV = {
  TABLE_NAME: "praktikbolig-bench",
  COGNITO_USER_POOL_ID: "eu-north-1_AbC123",
  COGNITO_CLIENT_ID: "benchclient",
  CURSOR_SECRET: "bench-cursor-secret-of-at-least-32-characters",
  DYNAMODB_ENDPOINT: "http://127.0.0.1:9",
  AWS_REGION: "eu-north-1",
  AWS_ACCESS_KEY_ID: "bench",
  AWS_SECRET_ACCESS_KEY: "bench",
};

export const PROJECT_CODE = "(project code)";

/** The npm package an input of the metafile belongs to; the project's own files (and build plugins' virtual modules) are "(project code)". */
export function packageOf(inputPath: string): string {
  const marker = "node_modules/";
  const at = inputPath.lastIndexOf(marker);
  if (at === -1) return PROJECT_CODE;
  const parts = inputPath.slice(at + marker.length).split("/");
  const [first = "", second = ""] = parts;
  return first.startsWith("@") ? `${first}/${second}` : first;
}

export function bytesByPackage(
  metafile: Metafile,
  outfileSuffix: string,
): { bytes: number; byPackage: Map<string, number> } {
  const entry = Object.entries(metafile.outputs).find(([path]) => path.endsWith(outfileSuffix));
  if (!entry) throw new Error(`No output ending in ${outfileSuffix} in the metafile`);
  const [, output] = entry;
  const byPackage = new Map<string, number>();
  for (const [path, input] of Object.entries(output.inputs)) {
    const name = packageOf(path);
    byPackage.set(name, (byPackage.get(name) ?? 0) + input.bytesInOutput);
  }
  return { bytes: output.bytes, byPackage };
}

function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  // Plain `node`: nothing preloaded into the measured processes.
  delete env.NODE_OPTIONS;
  return env;
}

export const bundlePart: BenchPart = {
  name: "bundle",
  async run({ root, tmpDir, log }) {
    const outfile = join(tmpDir, "bundle", "handler.mjs");
    log("bundle: building the Lambda bundle");
    const buildStarted = performance.now();
    await buildLambda(outfile);
    const buildMs = performance.now() - buildStarted;

    const source = readFileSync(outfile);
    const gzipped = gzipSync(source, { level: 9 }).length;
    const metafile = JSON.parse(readFileSync(`${outfile}.meta.json`, "utf8")) as Metafile;
    const { byPackage } = bytesByPackage(metafile, "handler.mjs");
    const attributed = [...byPackage.values()].reduce((sum, bytes) => sum + bytes, 0);
    const ranked = [...byPackage.entries()].sort((a, b) => b[1] - a[1]);
    const top = ranked.slice(0, TOP_PACKAGES);
    const rest = ranked.slice(TOP_PACKAGES);
    const restBytes = rest.reduce((sum, [, bytes]) => sum + bytes, 0);

    log(`bundle: timing cold imports (${IMPORT_RUNS} runs each, interleaved with bare node)`);
    const bareArgs = ["-e", "0"];
    const importArgs = ["--input-type=module", "-e", `await import(${JSON.stringify(pathToFileURL(outfile).href)});`];
    // The same environment for both, so the difference is the import alone.
    const env = childEnv(LAMBDA_ENV);
    timeChild(process.execPath, bareArgs, env, root);
    timeChild(process.execPath, importArgs, env, root);
    const bare: number[] = [];
    const imported: number[] = [];
    for (let run = 0; run < IMPORT_RUNS; run++) {
      bare.push(timeChild(process.execPath, bareArgs, env, root));
      imported.push(timeChild(process.execPath, importArgs, env, root));
    }
    const bareMedian = median(bare);
    const importMedian = median(imported);

    const sizeSection = [
      "## Lambda bundle",
      "",
      `\`buildLambda()\` from scripts/build.ts (the settings of \`npm run build\` and of the deploy: ESM, minified, node20), built in ${ms(buildMs / 1000, 1)} s.`,
      "",
      table(
        ["Bundle", "Size"],
        [
          ["handler.mjs", `${kb(source.length)} KB`],
          ["handler.mjs, gzip -9 (zlib)", `${kb(gzipped)} KB`],
        ],
      ),
      "",
      `Largest contributors (esbuild metafile, \`bytesInOutput\` per package; ${num(byPackage.size)} packages, ${kb(attributed)} KB attributed, the rest is esbuild's module wrappers and the banner):`,
      "",
      table(
        ["Package", "KB in bundle", "Share of bundle"],
        [
          ...top.map(([name, bytes]) => [name, kb(bytes), percent(bytes / source.length, 1)]),
          ...(rest.length > 0
            ? [[`${num(rest.length)} other packages`, kb(restBytes), percent(restBytes / source.length, 1)]]
            : []),
        ],
      ),
    ].join("\n");

    const importSection = [
      "## Cold import of the bundle",
      "",
      `Wall time of a fresh \`node\` process, spawn to exit, median of ${IMPORT_RUNS} runs (after one unmeasured run of each; the two commands alternate). The import runs handler.ts's top level: config parsing, clients, the app and its routes, with dummy environment values and no network call.`,
      "",
      table(
        ["Command", "Median ms", "Min ms", "Max ms"],
        [
          ["`node -e 0` (bare)", ms(bareMedian), ms(Math.min(...bare)), ms(Math.max(...bare))],
          [
            "`node --input-type=module -e \"await import('handler.mjs')\"`",
            ms(importMedian),
            ms(Math.min(...imported)),
            ms(Math.max(...imported)),
          ],
        ],
      ),
      "",
      table(
        ["Import vs bare", "Value"],
        [
          ["Difference of medians", `${ms(importMedian - bareMedian)} ms`],
          ["Ratio of medians (import / bare)", `${num(importMedian / bareMedian, 2)}×`],
        ],
      ),
    ].join("\n");

    return [sizeSection, importSection];
  },
};
