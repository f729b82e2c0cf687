/**
 * What a benchmark part is, and the small helpers the parts share to turn
 * measurements into markdown.
 */

export interface BenchContext {
  /** The repository root; child processes run here. */
  root: string;
  /** A scratch folder for this run, removed when the run ends. */
  tmpDir: string;
  /** Progress for the person waiting: goes to stderr, never into the report. */
  log(message: string): void;
}

/**
 * One part of `npm run bench`. `run` measures and returns its markdown
 * sections, each starting with a `##` heading; the runner puts them in order
 * under the report's header.
 */
export interface BenchPart {
  name: string;
  run(context: BenchContext): Promise<string[]>;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** The nearest-rank percentile (fraction 0..1); with fewer than 100 values, p99 is the largest. */
export function percentile(values: readonly number[], fraction: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))] as number;
}

/** A GitHub markdown table; columns after the first are right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const line = (cells: readonly (string | number)[]) => `| ${cells.map(String).join(" | ")} |`;
  const align = header.map((_, index) => (index === 0 ? "---" : "---:"));
  return [line(header), line(align), ...rows.map(line)].join("\n");
}

/** 1234.5 → "1,235"; with digits, a fixed number of decimals. */
export function num(value: number, digits = 0): string {
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export const kb = (bytes: number, digits = 1) => num(bytes / 1024, digits);
export const ms = (value: number, digits = 1) => num(value, digits);
export const percent = (fraction: number, digits = 0) => `${num(fraction * 100, digits)} %`;
