/**
 * Accounts: one per user, made the first time a verified principal calls.
 * It holds the little the platform keeps about a person beyond the token
 * (a name and an e-mail address, both optional) and whether the person may
 * still sign in: staff are deactivated by admins, students erase themselves.
 */
import { z } from "zod";
import { ROLES, type Role } from "#auth/principal";

export const ACCOUNT_STATUSES = ["active", "deactivated", "erased"] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export interface Account {
  sub: string;
  role: Role;
  /** Staff only. */
  orgId?: string;
  name?: string;
  email?: string;
  status: "active" | "deactivated";
  version: number;
  createdAt: string;
  updatedAt: string;
  deactivatedAt?: string;
  /** The admin's sub, never a name. */
  deactivatedBy?: string;
}

/**
 * What an erasure leaves of an account: that it existed and is closed. No
 * sub, name, e-mail or organisation. While the erasure is still under way
 * it also holds the anonymous id that replaces the sub in the student's
 * records, so that a repeat finishes with the same one; the finished
 * tombstone forgets it.
 */
export interface ErasedAccount {
  status: "erased";
  role: Role;
  version: number;
  erasedAt: string;
  /** Set until every record is anonymised and the identity deleted. */
  unfinished?: { anonymousId: string };
}

export type StoredAccount = Account | ErasedAccount;

const nameSchema = z.string().trim().min(1).max(120);
const emailSchema = z.email().max(254);

/** PATCH /me: the fields named change; null clears one. */
export const profilePatchSchema = z
  .strictObject({
    name: nameSchema.nullable().optional(),
    email: emailSchema.nullable().optional(),
  })
  .meta({ id: "ProfilePatch" });

export type ProfilePatch = z.infer<typeof profilePatchSchema>;

/** An account as admins see it in an organisation's member list, and as the deactivation routes answer. */
export const accountViewSchema = z
  .object({
    sub: z.string(),
    role: z.enum(ROLES),
    orgId: z.string().nullable(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    status: z.enum(["active", "deactivated"]),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    deactivatedAt: z.string().nullable(),
    deactivatedBy: z.string().nullable(),
  })
  .meta({ id: "Account" });

export type AccountView = z.infer<typeof accountViewSchema>;

export function toAccountView(account: Account): AccountView {
  return {
    sub: account.sub,
    role: account.role,
    orgId: account.orgId ?? null,
    name: account.name ?? null,
    email: account.email ?? null,
    status: account.status,
    version: account.version,
    createdAt: account.createdAt,
    updatedAt: account.updatedAt,
    deactivatedAt: account.deactivatedAt ?? null,
    deactivatedBy: account.deactivatedBy ?? null,
  };
}

/** A change of an account's state, recorded by ids only (the admin's sub, the account's sub). */
export interface AccountEvent {
  id: string;
  objectType: "account";
  objectId: string;
  action: "deactivate" | "reactivate";
  from: AccountStatus;
  to: AccountStatus;
  actor: string;
  actorRole: Role;
  at: string;
}
