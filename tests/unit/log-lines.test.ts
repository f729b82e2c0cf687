/** The request log line: Powertools' JSON, one line, on the stream Powertools' console would use. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { createLogger, JsonLineLogger } from "../../functions/api/logging";

afterEach(() => vi.restoreAllMocks());

function captured(stream: NodeJS.WriteStream): string[] {
  const lines: string[] = [];
  vi.spyOn(stream, "write").mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  return lines;
}

describe("log lines", () => {
  it("writes info as one JSON line to stdout, with Powertools' attributes and the ones given", () => {
    const stdout = captured(process.stdout);
    const logger = createLogger(new JsonLineLogger({ serviceName: "praktikbolig", logLevel: "INFO" }));
    logger.info("request", { requestId: "r-1", status: 200, role: undefined });
    expect(stdout).toHaveLength(1);
    const [line = ""] = stdout;
    expect(line.endsWith("\n")).toBe(true);
    expect(line.slice(0, -1)).not.toContain("\n");
    const parsed = JSON.parse(line);
    expect(parsed).toMatchObject({ level: "INFO", message: "request", service: "praktikbolig", requestId: "r-1" });
    expect(parsed.status).toBe(200);
    expect(parsed).not.toHaveProperty("role");
    expect(Number.isNaN(Date.parse(parsed.timestamp))).toBe(false);
  });

  it("writes warnings and errors to stderr, errors serialised as Powertools does", () => {
    const stderr = captured(process.stderr);
    const logger = createLogger(new JsonLineLogger({ serviceName: "praktikbolig", logLevel: "INFO" }));
    logger.warn("lease lost", { requestId: "r-2" });
    logger.error("Unhandled error", { error: new Error("boom") });
    expect(stderr.map((line) => JSON.parse(line).level)).toEqual(["WARN", "ERROR"]);
    const error = JSON.parse(stderr[1] ?? "{}").error;
    expect(error).toMatchObject({ name: "Error", message: "boom" });
    expect(typeof error.stack).toBe("string");
  });
});
