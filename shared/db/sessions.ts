import { DeleteCommand, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { Session, SessionStore } from "#auth/sessions";
import type { Database } from "./client";
import { stripKeys } from "./query";
import { keys } from "./table";

/** Sessions as items that DynamoDB's TTL removes once `expiresAt` has passed. */
export class DynamoSessionStore implements SessionStore {
  constructor(private readonly db: Database) {}

  async put(idHash: string, session: Session): Promise<void> {
    await this.db.client.send(
      new PutCommand({
        TableName: this.db.tableName,
        Item: { ...keys.webSession(idHash), entity: "session", ...session },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  }

  async get(idHash: string): Promise<Session | undefined> {
    const { Item } = await this.db.client.send(
      new GetCommand({ TableName: this.db.tableName, Key: keys.webSession(idHash) }),
    );
    // expiresAt is the table's TTL attribute, which stripKeys removes: keep it, it is the session's own.
    return Item ? { ...stripKeys<Session>(Item), expiresAt: Item.expiresAt as number } : undefined;
  }

  async delete(idHash: string): Promise<void> {
    await this.db.client.send(new DeleteCommand({ TableName: this.db.tableName, Key: keys.webSession(idHash) }));
  }
}
