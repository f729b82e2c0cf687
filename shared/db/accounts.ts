/**
 * Accounts in the table, keyed by the SHA-256 of the sub, so that an erased
 * account's tombstone holds no sub at all. Staff accounts are also in their
 * organisation's member index; a tombstone is in no index.
 */
import { createHash } from "node:crypto";
import { ConditionalCheckFailedException, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { GetCommand, PutCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { Account, AccountEvent, StoredAccount } from "#domain/accounts/model";
import type { AccountRepository } from "#domain/accounts/repository";
import type { PageQuery } from "#domain/common/paging";
import { ConcurrentChange } from "#shared/errors";
import type { Database } from "./client";
import type { CursorCodec } from "./cursor";
import { type Key, queryPage, stripKeys } from "./query";
import { keys } from "./table";

export const subHashOf = (sub: string) => createHash("sha256").update(sub).digest("hex");

function accountItem(subHash: string, account: StoredAccount) {
  const member = account.status !== "erased" && account.orgId !== undefined;
  return {
    ...keys.account(subHash),
    ...(member ? keys.membersIndex(account.orgId as string, account.createdAt, subHash) : {}),
    entity: "account",
    ...account,
  };
}

export class DynamoAccountRepository implements AccountRepository {
  constructor(
    private readonly db: Database,
    private readonly cursors: CursorCodec,
  ) {}

  async get(sub: string): Promise<StoredAccount | undefined> {
    const { Item } = await this.db.client.send(
      new GetCommand({ TableName: this.db.tableName, Key: keys.account(subHashOf(sub)), ConsistentRead: true }),
    );
    return Item ? stripKeys<StoredAccount>(Item) : undefined;
  }

  async save(sub: string, account: StoredAccount, expectedVersion: number | null, event?: AccountEvent) {
    const subHash = subHashOf(sub);
    const put = {
      TableName: this.db.tableName,
      // A put replaces the whole item: a tombstone keeps nothing of what the account held.
      Item: accountItem(subHash, account),
      ...(expectedVersion === null
        ? { ConditionExpression: "attribute_not_exists(pk)" }
        : {
            ConditionExpression: "#version = :expected",
            ExpressionAttributeNames: { "#version": "version" },
            ExpressionAttributeValues: { ":expected": expectedVersion },
          }),
    };
    try {
      if (!event) {
        await this.db.client.send(new PutCommand(put));
        return;
      }
      const eventItem = {
        ...keys.auditEvent(keys.account(subHash).pk, event.at, event.id),
        entity: "audit",
        ...event,
      };
      await this.db.client.send(
        new TransactWriteCommand({
          TransactItems: [{ Put: put }, { Put: { TableName: this.db.tableName, Item: eventItem } }],
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException || error instanceof TransactionCanceledException) {
        throw new ConcurrentChange();
      }
      throw error;
    }
  }

  async members(orgId: string, page: PageQuery) {
    const scope = `members:${orgId}`;
    const startKey = page.cursor ? (this.cursors.decode(scope, page.cursor) as Key) : undefined;
    const result = await queryPage(this.db, keys.membersOf(orgId), { limit: page.limit, startKey });
    return {
      items: result.items.map((item) => stripKeys<Account>(item)),
      nextCursor: result.nextKey ? this.cursors.encode(scope, result.nextKey) : null,
    };
  }
}
