/**
 * Decodes a stack trace from the Lambda bundle with the source map the build
 * wrote beside it. The Lambda runs without `--enable-source-maps` (it slows
 * every cold start), so its traces name positions in the minified
 * handler.mjs; this turns them back into project files and lines.
 *
 *   node --import tsx scripts/decode-stack.ts [path/to/handler.mjs.map] < trace.txt
 *
 * The map must come from the same build as the code that ran: the deployed
 * code asset holds both (cdk.out/asset.<hash>/handler.mjs.map, or the
 * function's code package, `aws lambda get-function`), and `npm run build`
 * makes the same pair from the same commit (dist/api/handler.mjs.map).
 */
import { readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { LAMBDA_BUNDLE } from "./build";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const POSITION = /(handler\.mjs):(\d+):(\d+)/g;

/** Each `handler.mjs:<line>:<column>` of the trace, followed by the original file, line and name. */
export function decodeStack(trace: string, map: SourceMap, mapFolder: string): string {
  return trace.replace(POSITION, (whole, _file, line: string, column: string) => {
    const entry = map.findEntry(Number(line) - 1, Number(column) - 1) as {
      originalSource?: string;
      originalLine?: number;
      originalColumn?: number;
      name?: string;
    };
    if (!entry.originalSource || entry.originalLine === undefined || entry.originalColumn === undefined) return whole;
    const source = relative(root, resolve(mapFolder, entry.originalSource.replace(/^file:\/\//, "")));
    const name = entry.name ? ` ${entry.name}` : "";
    return `${whole} → ${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}${name}`;
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const mapFile = resolve(process.argv[2] ?? `${LAMBDA_BUNDLE}.map`);
  const map = new SourceMap(JSON.parse(readFileSync(mapFile, "utf8")));
  process.stdout.write(decodeStack(readFileSync(0, "utf8"), map, dirname(mapFile)));
}
