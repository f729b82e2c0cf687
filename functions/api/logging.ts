/** The app's logger: Powertools' structured JSON logger behind a small interface. */
import { Logger, type LogItem, LogLevelThreshold } from "@aws-lambda-powertools/logger";
import type { AppLogger } from "./http/context";

/**
 * Powertools' logger, writing each JSON line straight to stdout or stderr
 * instead of through a `Console`, which formats the finished string again and
 * costs about a third of a request log line (measured in scripts/bench, HTTP
 * part). The line itself is Powertools' own: same attributes, same JSON
 * replacer (errors, bigints, cycles), same stream per level.
 */
export class JsonLineLogger extends Logger {
  protected override printLog(logLevel: number, log: LogItem): void {
    log.prepareForPrint();
    const line = `${JSON.stringify(log.getAttributes(), this.getJsonReplacer())}\n`;
    // As Powertools' console does: console.warn and console.error write to stderr, the others to stdout.
    (logLevel >= LogLevelThreshold.WARN ? process.stderr : process.stdout).write(line);
  }
}

export function createLogger(
  logger: Logger = new JsonLineLogger({ serviceName: "praktikbolig" }),
): AppLogger & { powertools: Logger } {
  return {
    powertools: logger,
    info: (message, attributes = {}) => logger.info(message, attributes),
    warn: (message, attributes = {}) => logger.warn(message, attributes),
    error: (message, attributes = {}) => logger.error(message, attributes),
  };
}

export const silentLogger: AppLogger = { info: () => {}, warn: () => {}, error: () => {} };
