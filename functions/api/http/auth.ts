/**
 * Route guards. `allow(...roles)` runs before validation, so the order of
 * checks is always 401 (no valid token, or a closed account), then 403
 * (role), then 400.
 *
 * A verified token is not enough: its account must be open. The account is
 * read on every request (consistently, no cache), so a deactivation or an
 * erasure refuses the user's tokens at once.
 */
import type { MiddlewareHandler } from "hono";
import { type Role, requireRole, type TokenVerifier } from "#auth/principal";
import type { AccountAdmission } from "#domain/accounts/service";
import { Unauthenticated } from "#shared/errors";
import type { AppEnv } from "./context";

const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]{1,8192})$/;

export function createGuards(verifier: TokenVerifier, accounts: AccountAdmission) {
  const authenticate =
    (erasedToo: boolean): MiddlewareHandler<AppEnv> =>
    async (c, next) => {
      const match = BEARER.exec(c.req.header("authorization") ?? "");
      if (!match?.[1]) throw new Unauthenticated("Send a bearer token in the Authorization header");
      const principal = await verifier.verify(match[1]);
      c.set("account", await accounts.admit(principal, { erasedToo }));
      c.set("principal", principal);
      await next();
    };

  const guard = (roles: Role[], erasedToo: boolean): MiddlewareHandler<AppEnv> => {
    const signedIn = authenticate(erasedToo);
    return async (c, next) => {
      await signedIn(c, async () => {
        if (roles.length > 0) requireRole(c.get("principal"), ...roles);
        await next();
      });
    };
  };

  /** Signed-in callers of the given roles only (any role when none are named). */
  const allow = (...roles: Role[]) => guard(roles, false);

  /** As `allow`, and an erased account too: only for repeating the erasure itself, which is harmless. */
  const allowErased = (...roles: Role[]) => guard(roles, true);

  return { allow, allowErased };
}

export type Guards = ReturnType<typeof createGuards>;
