/**
 * A student's requests, applications and bookings through the student's own
 * indexes, every page of them (Query only), with their audit trails; and
 * their rewriting as anonymous records.
 *
 * A rewrite starts from the stored item, not from an item builder: whatever
 * else the item carries to place it in the table (its other indexes, its
 * expiry) stays as it is, and only the student's index goes.
 */
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { StudentRecord, StudentRecordKind, StudentRecords } from "#domain/accounts/repository";
import type { AuditEvent } from "#domain/audit";
import type { Application, Booking } from "#domain/bookings/model";
import type { HousingRequest } from "#domain/requests/model";
import { ConcurrentChange } from "#shared/errors";
import type { Database } from "./client";
import { type IndexQuery, type Item, type Key, queryPage, stripKeys } from "./query";
import { KEY_ATTRIBUTES, keys, studentIndexAttributes } from "./table";

const objectKey: Record<StudentRecordKind, (id: string) => { pk: string; sk: string }> = {
  housingRequest: keys.housingRequest,
  application: keys.application,
  booking: keys.booking,
};

/** Items per Query: a student has few records, so this is one call for almost everyone. */
const PAGE = 100;

export class DynamoStudentRecords implements StudentRecords {
  constructor(private readonly db: Database) {}

  requestsOf(studentId: string) {
    const pk = keys.requestsByStudentIndex(studentId, "", "").gsi1pk;
    return this.all<HousingRequest>({ index: "gsi1", pk });
  }

  applicationsOf(studentId: string) {
    const pk = keys.applicationsByStudentIndex(studentId, "", "").gsi3pk;
    return this.all<Application>({ index: "gsi3", pk });
  }

  bookingsOf(studentId: string) {
    const pk = keys.bookingsByStudentIndex(studentId, "", "").gsi2pk;
    return this.all<Booking>({ index: "gsi2", pk });
  }

  historyOf(kind: StudentRecordKind, id: string) {
    return this.all<AuditEvent>({
      pk: objectKey[kind](id).pk,
      sortKey: { expression: "begins_with(#sk, :event)", values: { ":event": "EVENT#" } },
    });
  }

  async current(kind: StudentRecordKind, id: string): Promise<StudentRecord | undefined> {
    const item = await this.storedItem(kind, id);
    return item ? ({ kind, record: stripKeys(item) } as StudentRecord) : undefined;
  }

  async replaceAnonymised(anonymised: StudentRecord, expectedVersion: number): Promise<void> {
    const stored = await this.storedItem(anonymised.kind, anonymised.record.id);
    // Gone (expired by its retention): nothing is left to anonymise.
    if (!stored) return;
    const placement = Object.fromEntries(
      Object.entries(stored).filter(([name]) => (KEY_ATTRIBUTES as readonly string[]).includes(name)),
    );
    for (const name of studentIndexAttributes[anonymised.kind]) delete placement[name];
    try {
      await this.db.client.send(
        new PutCommand({
          TableName: this.db.tableName,
          Item: { ...placement, ...anonymised.record },
          ConditionExpression: "#version = :expected",
          ExpressionAttributeNames: { "#version": "version" },
          ExpressionAttributeValues: { ":expected": expectedVersion },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new ConcurrentChange();
      throw error;
    }
  }

  async replaceEvent(kind: StudentRecordKind, event: AuditEvent): Promise<void> {
    const key = keys.auditEvent(objectKey[kind](event.objectId).pk, event.at, event.id);
    try {
      await this.db.client.send(
        new UpdateCommand({
          TableName: this.db.tableName,
          Key: key,
          UpdateExpression: `SET #actor = :actor${event.reason === undefined ? " REMOVE #reason" : ""}`,
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeNames: {
            "#actor": "actor",
            ...(event.reason === undefined ? { "#reason": "reason" } : {}),
          },
          ExpressionAttributeValues: { ":actor": event.actor },
        }),
      );
    } catch (error) {
      // Gone with its object's retention: nothing to rewrite.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  private async storedItem(kind: StudentRecordKind, id: string): Promise<Item | undefined> {
    const { Item } = await this.db.client.send(
      new GetCommand({ TableName: this.db.tableName, Key: objectKey[kind](id), ConsistentRead: true }),
    );
    return Item;
  }

  private async all<T>(query: IndexQuery): Promise<T[]> {
    const items: T[] = [];
    let startKey: Key | undefined;
    do {
      const page = await queryPage(this.db, query, { limit: PAGE, startKey });
      items.push(...page.items.map((item) => stripKeys<T>(item)));
      startKey = page.nextKey;
    } while (startKey);
    return items;
  }
}
