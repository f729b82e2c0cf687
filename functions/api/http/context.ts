/** What each request carries through the middleware chain. */

import type { Principal } from "#auth/principal";
import type { StoredAccount } from "#domain/accounts/model";

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
    /** The caller's account as the guard admitted it (read once per request). */
    account: StoredAccount;
  };
};
