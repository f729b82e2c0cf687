/**
 * Web sessions: a signed-in browser holds only an opaque random id in a
 * cookie; who it is, and the token its forms must carry, live server-side, so
 * signing out (or an operator deleting the item) ends the session at once.
 * The store keeps the SHA-256 of the id, never the id: a copy of the table
 * does not hold live sessions.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Clock } from "#shared/runtime";
import type { Principal } from "./principal";

/** A working day: a session started in the morning lasts until evening. */
export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;

export interface Session {
  principal: Principal;
  /** Sent back in every state-changing form; compared in constant time. */
  csrfToken: string;
  createdAt: string;
  /** Epoch seconds; the store's TTL attribute, and checked on every read. */
  expiresAt: number;
}

export interface SessionStore {
  put(idHash: string, session: Session): Promise<void>;
  get(idHash: string): Promise<Session | undefined>;
  delete(idHash: string): Promise<void>;
  /** Every stored session of one user (expired ones the store has not removed yet included). */
  ofUser(sub: string): Promise<Session[]>;
  /** Ends every session of one user: a deactivated or erased account signs out everywhere. */
  deleteAllOf(sub: string): Promise<void>;
}

const randomToken = () => randomBytes(32).toString("base64url");
const hashOf = (id: string) => createHash("sha256").update(id).digest("hex");
/** What a cookie may hold: 32 random bytes, base64url. Anything else is not ours and is not looked up. */
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

export class SessionService {
  constructor(
    private readonly store: SessionStore,
    private readonly clock: Clock,
  ) {}

  /** Starts a session for a verified principal; returns the id for the cookie. */
  async start(principal: Principal): Promise<{ id: string; session: Session }> {
    const id = randomToken();
    const now = this.clock.now();
    const session: Session = {
      principal,
      csrfToken: randomToken(),
      createdAt: now.toISOString(),
      expiresAt: Math.floor((now.getTime() + SESSION_LIFETIME_MS) / 1000),
    };
    await this.store.put(hashOf(id), session);
    return { id, session };
  }

  /** The live session behind a cookie value, if there is one. */
  async resume(id: string | undefined): Promise<Session | undefined> {
    if (!id || !SESSION_ID.test(id)) return undefined;
    const session = await this.store.get(hashOf(id));
    // DynamoDB deletes expired items some time after they pass; until then they must not count.
    if (!session || session.expiresAt * 1000 <= this.clock.now().getTime()) return undefined;
    return session;
  }

  async end(id: string | undefined): Promise<void> {
    if (id && SESSION_ID.test(id)) await this.store.delete(hashOf(id));
  }

  /** When the user's live sessions began and end: all a data export tells of them. */
  async ofUser(sub: string): Promise<{ createdAt: string; expiresAt: string }[]> {
    const nowMs = this.clock.now().getTime();
    return (await this.store.ofUser(sub))
      .filter((session) => session.expiresAt * 1000 > nowMs)
      .map((session) => ({ createdAt: session.createdAt, expiresAt: new Date(session.expiresAt * 1000).toISOString() }))
      .sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
  }

  endAllOf(sub: string): Promise<void> {
    return this.store.deleteAllOf(sub);
  }
}

/** Whether a form's token is the session's, in constant time. */
export function csrfTokenMatches(session: Session, sent: unknown): boolean {
  if (typeof sent !== "string") return false;
  const expected = Buffer.from(session.csrfToken);
  const actual = Buffer.from(sent);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
