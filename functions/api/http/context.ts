/** What each request carries through the middleware chain. */
import type { Principal } from "#auth/principal";

export interface AppLogger {
  info(message: string, attributes?: Record<string, unknown>): void;
  warn(message: string, attributes?: Record<string, unknown>): void;
  error(message: string, attributes?: Record<string, unknown>): void;
}

export type AppEnv = {
  Variables: {
    requestId: string;
    logger: AppLogger;
    principal: Principal;
  };
};
