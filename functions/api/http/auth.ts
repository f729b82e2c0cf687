/**
 * Route guards. `allow(...roles)` runs before validation, so the order of
 * checks is always 401 (no valid token), then 403 (role), then 400.
 */
import type { MiddlewareHandler } from "hono";
import { type Role, requireRole, type TokenVerifier } from "#auth/principal";
import { Unauthenticated } from "#shared/errors";
import type { AppEnv } from "./context";

const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]{1,8192})$/;

export function createGuards(verifier: TokenVerifier) {
  const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
    const match = BEARER.exec(c.req.header("authorization") ?? "");
    if (!match?.[1]) throw new Unauthenticated("Send a bearer token in the Authorization header");
    c.set("principal", await verifier.verify(match[1]));
    await next();
  };

  /** Signed-in callers of the given roles only (any role when none are named). */
  const allow =
    (...roles: Role[]): MiddlewareHandler<AppEnv> =>
    async (c, next) => {
      await authenticate(c, async () => {
        if (roles.length > 0) requireRole(c.get("principal"), ...roles);
        await next();
      });
    };

  return { allow };
}

export type Guards = ReturnType<typeof createGuards>;
