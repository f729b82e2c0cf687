/**
 * Remembered answers of idempotent requests: one item per scope (caller,
 * route, key; the caller passes only a hash of it), holding the hash of the
 * first request's body and, once that request finished, its answer.
 *
 * A request first claims the scope with one conditional write, so of any
 * number of concurrent first attempts exactly one runs. The claim is a lease:
 * an attempt that crashed does not block the key beyond `leaseSeconds`.
 */
import { randomUUID } from "node:crypto";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Clock } from "#shared/runtime";
import type { Database } from "./client";
import { type Key, queryPage } from "./query";
import { keys, tableDefinition } from "./table";

/** The parts of a finished answer that a replay repeats. */
export interface StoredResponse {
  status: number;
  /** Lower-case header names (a subset: Content-Type, Location, ETag). */
  headers: Record<string, string>;
  body: string;
}

/** Proof that this attempt holds the scope; needed to complete or release it. */
export interface IdempotencyLease {
  scopeHash: string;
  leaseId: string;
  /** After this instant another attempt may take the scope over. */
  lockedUntil: Date;
}

export type IdempotencyClaim =
  | { outcome: "acquired"; lease: IdempotencyLease }
  | { outcome: "in-progress"; requestHash: string }
  | { outcome: "completed"; requestHash: string; response: StoredResponse };

export interface IdempotencyStore {
  /**
   * Atomically claims the scope for this attempt, or says what holds it: an
   * attempt still running, or a finished one with its answer. A record whose
   * retention passed counts as absent; one whose lease passed is taken over.
   * The record is filed under its caller (`sub`), whose data its answer holds.
   */
  claim(scopeHash: string, requestHash: string, caller: string): Promise<IdempotencyClaim>;
  /** Stores the answer. False when the lease was lost to a takeover (nothing stored). */
  complete(lease: IdempotencyLease, response: StoredResponse): Promise<boolean>;
  /** Forgets the attempt so that a retry runs again (no-op if the lease was lost). */
  release(lease: IdempotencyLease): Promise<void>;
  /** Forgets every record of one caller, finished or not (their answers hold the caller's data). */
  forgetCaller(caller: string): Promise<void>;
}

export interface IdempotencyStoreOptions {
  /** How long a record is kept, from its last write; at least 24 hours. */
  retentionSeconds?: number;
  /** How long a running attempt holds the scope; must exceed the longest request (Lambda timeout). */
  leaseSeconds?: number;
}

const DAY_SECONDS = 24 * 60 * 60;
const IN_PROGRESS = "in-progress";
const COMPLETED = "completed";
/** Claims retried when the record vanished or expired between the write and the read. */
const CLAIM_ATTEMPTS = 3;

/** Item attributes (`state` is a reserved word, so every name goes through #names). */
const NAMES = {
  "#pk": tableDefinition.partitionKey,
  "#expiresAt": tableDefinition.ttlAttribute,
  "#state": "state",
  "#lockedUntil": "lockedUntil",
  "#leaseId": "leaseId",
  "#response": "response",
  "#completedAt": "completedAt",
} as const;

/** The ExpressionAttributeNames an expression uses (DynamoDB refuses unused ones). */
const namesFor = (...placeholders: (keyof typeof NAMES)[]) =>
  Object.fromEntries(placeholders.map((placeholder) => [placeholder, NAMES[placeholder]]));

export class DynamoIdempotencyStore implements IdempotencyStore {
  private readonly retentionSeconds: number;
  private readonly leaseMs: number;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    options: IdempotencyStoreOptions = {},
  ) {
    this.retentionSeconds = Math.max(options.retentionSeconds ?? DAY_SECONDS, DAY_SECONDS);
    this.leaseMs = (options.leaseSeconds ?? 60) * 1000;
  }

  async claim(scopeHash: string, requestHash: string, caller: string): Promise<IdempotencyClaim> {
    for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
      const lease = await this.tryAcquire(scopeHash, requestHash, caller);
      if (lease) return { outcome: "acquired", lease };
      const existing = await this.readLive(scopeHash);
      if (existing) return existing;
      // Deleted, expired or abandoned since the write was refused: claim again.
    }
    // Others keep winning the scope: it is busy.
    return { outcome: "in-progress", requestHash };
  }

  async complete(lease: IdempotencyLease, response: StoredResponse): Promise<boolean> {
    const now = this.clock.now();
    try {
      await this.db.client.send(
        new UpdateCommand({
          TableName: this.db.tableName,
          Key: keys.idempotencyRecord(lease.scopeHash),
          UpdateExpression:
            "SET #state = :completed, #response = :response, #completedAt = :completedAt, #expiresAt = :expiresAt REMOVE #lockedUntil, #leaseId",
          ConditionExpression: "#state = :inProgress AND #leaseId = :leaseId",
          ExpressionAttributeNames: namesFor(
            "#state",
            "#response",
            "#completedAt",
            "#expiresAt",
            "#lockedUntil",
            "#leaseId",
          ),
          ExpressionAttributeValues: {
            ":completed": COMPLETED,
            ":inProgress": IN_PROGRESS,
            ":leaseId": lease.leaseId,
            ":response": { status: response.status, headers: response.headers, body: response.body },
            ":completedAt": now.toISOString(),
            ":expiresAt": this.expiresAt(now),
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async release(lease: IdempotencyLease): Promise<void> {
    try {
      await this.db.client.send(
        new DeleteCommand({
          TableName: this.db.tableName,
          Key: keys.idempotencyRecord(lease.scopeHash),
          ConditionExpression: "#state = :inProgress AND #leaseId = :leaseId",
          ExpressionAttributeNames: namesFor("#state", "#leaseId"),
          ExpressionAttributeValues: { ":inProgress": IN_PROGRESS, ":leaseId": lease.leaseId },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async forgetCaller(caller: string): Promise<void> {
    let startKey: Key | undefined;
    do {
      const page = await queryPage(this.db, keys.idempotencyOfCaller(caller), { limit: 100, startKey });
      for (const item of page.items) {
        await this.db.client.send(
          new DeleteCommand({ TableName: this.db.tableName, Key: { pk: String(item.pk), sk: String(item.sk) } }),
        );
      }
      startKey = page.nextKey;
    } while (startKey);
  }

  /** Writes an in-progress record unless a live one (unexpired, and not an abandoned attempt) exists. */
  private async tryAcquire(
    scopeHash: string,
    requestHash: string,
    caller: string,
  ): Promise<IdempotencyLease | undefined> {
    const now = this.clock.now();
    const lease: IdempotencyLease = {
      scopeHash,
      leaseId: randomUUID(),
      lockedUntil: new Date(now.getTime() + this.leaseMs),
    };
    try {
      await this.db.client.send(
        new PutCommand({
          TableName: this.db.tableName,
          Item: {
            ...keys.idempotencyRecord(scopeHash),
            ...keys.idempotencyByCallerIndex(caller, scopeHash),
            entity: "idempotency",
            state: IN_PROGRESS,
            requestHash,
            leaseId: lease.leaseId,
            lockedUntil: lease.lockedUntil.getTime(),
            createdAt: now.toISOString(),
            [tableDefinition.ttlAttribute]: this.expiresAt(now),
          },
          ConditionExpression:
            "attribute_not_exists(#pk) OR #expiresAt < :nowSeconds OR (#state = :inProgress AND #lockedUntil < :nowMs)",
          ExpressionAttributeNames: namesFor("#pk", "#expiresAt", "#state", "#lockedUntil"),
          ExpressionAttributeValues: {
            ":nowSeconds": epochSeconds(now),
            ":nowMs": now.getTime(),
            ":inProgress": IN_PROGRESS,
          },
        }),
      );
      return lease;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  /** The record as it stands, unless it is gone, expired or an abandoned attempt. */
  private async readLive(scopeHash: string): Promise<Exclude<IdempotencyClaim, { outcome: "acquired" }> | undefined> {
    const { Item } = await this.db.client.send(
      new GetCommand({ TableName: this.db.tableName, Key: keys.idempotencyRecord(scopeHash), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const now = this.clock.now();
    if (Number(Item[tableDefinition.ttlAttribute]) < epochSeconds(now)) return undefined;
    const requestHash = String(Item.requestHash);
    if (Item.state === COMPLETED) {
      const response = Item.response as StoredResponse;
      return {
        outcome: "completed",
        requestHash,
        response: { status: Number(response.status), headers: { ...response.headers }, body: String(response.body) },
      };
    }
    if (Number(Item.lockedUntil) < now.getTime()) return undefined;
    return { outcome: "in-progress", requestHash };
  }

  private expiresAt(now: Date): number {
    return epochSeconds(now) + this.retentionSeconds;
  }
}

function epochSeconds(at: Date): number {
  return Math.floor(at.getTime() / 1000);
}
