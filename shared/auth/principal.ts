/**
 * Who is calling. Identity comes only from a verified token, never from a
 * path or a body. Staff (institution, council) always belong to one
 * organisation; students and admins to none.
 */
import { Forbidden, Unauthenticated } from "#shared/errors";

export const ROLES = ["student", "institution", "council", "admin"] as const;
export type Role = (typeof ROLES)[number];
export const STAFF_ROLES = ["institution", "council"] as const satisfies readonly Role[];

export interface Principal {
  sub: string;
  role: Role;
  /** The organisation of a staff user; absent for students and admins. */
  orgId?: string;
}

export interface TokenVerifier {
  /** Resolves the principal of a valid token; throws Unauthenticated otherwise. */
  verify(token: string): Promise<Principal>;
}

export const isRole = (value: unknown): value is Role => ROLES.includes(value as Role);

/** Builds a principal from already verified claims, refusing incomplete identities. */
export function principalFrom(sub: unknown, role: unknown, orgId: unknown): Principal {
  if (typeof sub !== "string" || sub.length === 0) throw new Unauthenticated("The token has no subject");
  if (!isRole(role)) throw new Unauthenticated("The token carries no known role");
  const isStaff = role === "institution" || role === "council";
  if (isStaff) {
    if (typeof orgId !== "string" || orgId.length === 0) {
      throw new Unauthenticated("A staff token must name an organisation");
    }
    return { sub, role, orgId };
  }
  return { sub, role };
}

/** Throws Forbidden unless the caller's role is one of `roles`. */
export function requireRole<R extends Role>(
  principal: Principal,
  ...roles: R[]
): asserts principal is Principal & { role: R } {
  if (!roles.includes(principal.role as R)) {
    throw new Forbidden(`This operation is not available to the role ${principal.role}`);
  }
}

/** The organisation of a staff caller (who always has one). */
export function staffOrgId(principal: Principal): string {
  if (!principal.orgId) throw new Forbidden("This operation needs an organisation");
  return principal.orgId;
}
