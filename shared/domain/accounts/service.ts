/**
 * Accounts: admitted on every request (made on first sight, refused once
 * closed), the signed-in user's own name and e-mail, and the admins' side:
 * an organisation's members, deactivating and reactivating staff.
 */
import { type Principal, type Role, requireRole, STAFF_ROLES } from "#auth/principal";
import type { Paged, PageQuery } from "#domain/common/paging";
import { decideAgainOnRace } from "#domain/common/retry";
import { Conflict, NotFound, Unauthenticated, VersionMismatch } from "#shared/errors";
import type { Clock, IdGenerator } from "#shared/runtime";
import { anonymousIdFrom } from "./anonymise";
import type { IdentityDirectory } from "./identity";
import {
  type Account,
  type AccountEvent,
  type AccountView,
  type ErasedAccount,
  type ProfilePatch,
  type StoredAccount,
  toAccountView,
} from "./model";
import type { AccountRepository } from "./repository";

/** How the account service ends a user's web sessions. */
export interface SessionEnder {
  endAllOf(sub: string): Promise<void>;
}

/** What the guards need: admit a verified principal, or refuse a closed account. */
export interface AccountAdmission {
  admit(principal: Principal, options?: { erasedToo?: boolean }): Promise<StoredAccount>;
}

const isStaff = (role: Role) => (STAFF_ROLES as readonly Role[]).includes(role);
const closed = () => new Unauthenticated("The account is closed");

export class AccountService implements AccountAdmission {
  constructor(
    private readonly repository: AccountRepository,
    private readonly sessions: SessionEnder,
    private readonly identity: IdentityDirectory,
    private readonly organizations: { find(id: string): Promise<unknown> },
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
  ) {}

  /**
   * The caller's account, made the first time a verified principal calls and
   * kept in step with the token (an identity moved to another organisation).
   * A deactivated or erased account is refused (Unauthenticated); with
   * `erasedToo` an erased one is let through, for a harmless repeat of the
   * erasure. Read consistently and never cached: a deactivation counts at once.
   */
  admit(principal: Principal, options: { erasedToo?: boolean } = {}): Promise<StoredAccount> {
    return decideAgainOnRace(undefined, async () => {
      const stored = await this.repository.get(principal.sub);
      if (!stored) return this.open(principal);
      if (stored.status === "erased") {
        if (options.erasedToo) return stored;
        throw closed();
      }
      if (stored.status === "deactivated") throw closed();
      if (stored.role === principal.role && stored.orgId === principal.orgId) return stored;
      return this.followToken(stored, principal);
    });
  }

  /** The signed-in user's own account (admitted, so it exists and is open). */
  async own(principal: Principal): Promise<Account> {
    const account = await this.admit(principal);
    if (account.status === "erased") throw closed();
    return account;
  }

  updateProfile(principal: Principal, patch: ProfilePatch, ifMatch?: number): Promise<Account> {
    return decideAgainOnRace(ifMatch, async () => {
      const account = await this.own(principal);
      if (ifMatch !== undefined && account.version !== ifMatch) throw new VersionMismatch(account.version);
      const next: Account = { ...account, version: account.version + 1, updatedAt: this.now() };
      // null clears a field; absent leaves it.
      if (patch.name !== undefined) next.name = patch.name ?? undefined;
      if (patch.email !== undefined) next.email = patch.email ?? undefined;
      await this.repository.save(principal.sub, next, account.version);
      return next;
    });
  }

  async members(principal: Principal, orgId: string, page: PageQuery): Promise<Paged<AccountView>> {
    requireRole(principal, "admin");
    if (!(await this.organizations.find(orgId))) throw new NotFound("Organization");
    const result = await this.repository.members(orgId, page);
    return { items: result.items.map(toAccountView), nextCursor: result.nextCursor };
  }

  /** Refuses the staff member's tokens and web sessions at once, and their sign-in at the identity provider. */
  deactivate(principal: Principal, sub: string, ifMatch?: number): Promise<AccountView> {
    requireRole(principal, "admin");
    return decideAgainOnRace(ifMatch, async () => {
      const account = await this.staffAccount(sub, ifMatch);
      if (account.status === "deactivated") throw new Conflict("The account is already deactivated");
      // The identity first: if the write below fails, a retry finds the account active and does both again.
      await this.identity.disableUser(sub);
      const now = this.now();
      const next: Account = {
        ...account,
        status: "deactivated",
        deactivatedAt: now,
        deactivatedBy: principal.sub,
        version: account.version + 1,
        updatedAt: now,
      };
      await this.repository.save(sub, next, account.version, this.event(principal, sub, "deactivate", now));
      await this.sessions.endAllOf(sub);
      return toAccountView(next);
    });
  }

  reactivate(principal: Principal, sub: string, ifMatch?: number): Promise<AccountView> {
    requireRole(principal, "admin");
    return decideAgainOnRace(ifMatch, async () => {
      const account = await this.staffAccount(sub, ifMatch);
      if (account.status === "active") throw new Conflict("The account is already active");
      await this.identity.enableUser(sub);
      const now = this.now();
      const { deactivatedAt: _at, deactivatedBy: _by, ...rest } = account;
      const next: Account = { ...rest, status: "active", version: account.version + 1, updatedAt: now };
      await this.repository.save(sub, next, account.version, this.event(principal, sub, "reactivate", now));
      return toAccountView(next);
    });
  }

  /**
   * Closes a student's account for erasure: from this write on every token
   * and session of theirs is refused, so nothing new is added while the
   * records are anonymised. The tombstone keeps the anonymous id until the
   * erasure is finished; an account already erased is returned as it is.
   */
  closeForErasure(principal: Principal, ifMatch?: number): Promise<ErasedAccount> {
    return decideAgainOnRace(ifMatch, async () => {
      const stored = await this.repository.get(principal.sub);
      if (stored?.status === "erased") return stored;
      if (stored?.status === "deactivated") throw closed();
      if (ifMatch !== undefined && stored && stored.version !== ifMatch) throw new VersionMismatch(stored.version);
      const tombstone: ErasedAccount = {
        status: "erased",
        role: principal.role,
        version: (stored?.version ?? 0) + 1,
        erasedAt: this.now(),
        unfinished: { anonymousId: anonymousIdFrom(this.newId()) },
      };
      await this.repository.save(principal.sub, tombstone, stored?.version ?? null);
      return tombstone;
    });
  }

  /** The tombstone as it stays: status, role and when; the anonymous id is forgotten. */
  finishErasure(sub: string): Promise<void> {
    return decideAgainOnRace(undefined, async () => {
      const stored = await this.repository.get(sub);
      if (stored?.status !== "erased" || !stored.unfinished) return;
      const { unfinished: _done, ...tombstone } = stored;
      await this.repository.save(
        sub,
        { ...tombstone, version: stored.version + 1, erasedAt: this.now() },
        stored.version,
      );
    });
  }

  private async open(principal: Principal): Promise<Account> {
    const now = this.now();
    const account: Account = {
      sub: principal.sub,
      role: principal.role,
      ...(principal.orgId ? { orgId: principal.orgId } : {}),
      status: "active",
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    // A concurrent first call wins the race: the retry then reads the account it made.
    await this.repository.save(principal.sub, account, null);
    return account;
  }

  private async followToken(account: Account, principal: Principal): Promise<Account> {
    const { orgId: _old, ...rest } = account;
    const next: Account = {
      ...rest,
      role: principal.role,
      ...(principal.orgId ? { orgId: principal.orgId } : {}),
      version: account.version + 1,
      updatedAt: this.now(),
    };
    await this.repository.save(principal.sub, next, account.version);
    return next;
  }

  /** A staff member's account for an admin's change: 404 unknown, 412 stale, 409 not staff. */
  private async staffAccount(sub: string, ifMatch: number | undefined): Promise<Account> {
    const stored = await this.repository.get(sub);
    // An erased account is no one's any more: as unknown as one never made.
    if (!stored || stored.status === "erased") throw new NotFound("Account");
    if (ifMatch !== undefined && stored.version !== ifMatch) throw new VersionMismatch(stored.version);
    if (!isStaff(stored.role)) {
      throw new Conflict(
        "Only staff accounts are deactivated here: students erase their own, admins are managed in the identity provider",
      );
    }
    return stored;
  }

  private event(principal: Principal, sub: string, action: AccountEvent["action"], at: string): AccountEvent {
    const [from, to] =
      action === "deactivate" ? (["active", "deactivated"] as const) : (["deactivated", "active"] as const);
    return {
      id: this.newId(),
      objectType: "account",
      objectId: sub,
      action,
      from,
      to,
      actor: principal.sub,
      actorRole: principal.role,
      at,
    };
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}
