import { DeleteCommand, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { Session, SessionStore } from "#auth/sessions";
import type { Database } from "./client";
import { type Item, type Key, queryPage, stripKeys } from "./query";
import { keys } from "./table";

/**
 * Sessions as items that DynamoDB's TTL removes once `expiresAt` has passed,
 * each also in its user's sparse index, so that all of a user's sessions can
 * be found and ended at once.
 */
export class DynamoSessionStore implements SessionStore {
  constructor(private readonly db: Database) {}

  async put(idHash: string, session: Session): Promise<void> {
    await this.db.client.send(
      new PutCommand({
        TableName: this.db.tableName,
        Item: {
          ...keys.webSession(idHash),
          ...keys.sessionsByUserIndex(session.principal.sub, session.createdAt, idHash),
          entity: "session",
          ...session,
        },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  }

  async get(idHash: string): Promise<Session | undefined> {
    const { Item } = await this.db.client.send(
      new GetCommand({ TableName: this.db.tableName, Key: keys.webSession(idHash) }),
    );
    return Item ? sessionOf(Item) : undefined;
  }

  async delete(idHash: string): Promise<void> {
    await this.db.client.send(new DeleteCommand({ TableName: this.db.tableName, Key: keys.webSession(idHash) }));
  }

  async ofUser(sub: string): Promise<Session[]> {
    return (await this.itemsOf(sub)).map(sessionOf);
  }

  async deleteAllOf(sub: string): Promise<void> {
    for (const item of await this.itemsOf(sub)) {
      await this.db.client.send(
        new DeleteCommand({ TableName: this.db.tableName, Key: { pk: String(item.pk), sk: String(item.sk) } }),
      );
    }
  }

  private async itemsOf(sub: string): Promise<Item[]> {
    const items: Item[] = [];
    let startKey: Key | undefined;
    do {
      const page = await queryPage(this.db, keys.sessionsOfUser(sub), { limit: 100, startKey });
      items.push(...page.items);
      startKey = page.nextKey;
    } while (startKey);
    return items;
  }
}

/** expiresAt is the table's TTL attribute, which stripKeys removes: keep it, it is the session's own. */
const sessionOf = (item: Item): Session => ({ ...stripKeys<Session>(item), expiresAt: item.expiresAt as number });
