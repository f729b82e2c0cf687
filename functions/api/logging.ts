/** The app's logger: Powertools' structured JSON logger behind a small interface. */
import { Logger } from "@aws-lambda-powertools/logger";
import type { AppLogger } from "./http/context";

export function createLogger(logger = new Logger({ serviceName: "praktikbolig" })): AppLogger & { powertools: Logger } {
  return {
    powertools: logger,
    info: (message, attributes = {}) => logger.info(message, attributes),
    warn: (message, attributes = {}) => logger.warn(message, attributes),
    error: (message, attributes = {}) => logger.error(message, attributes),
  };
}

export const silentLogger: AppLogger = { info: () => {}, warn: () => {}, error: () => {} };
