/**
 * Housing requests, applications, bookings and occupancy months in the table,
 * and the one transaction that commits a change to several of them.
 */
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { GetCommand, QueryCommand, TransactWriteCommand, type TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import type { AuditEvent } from "#domain/audit";
import type { Application, Booking, StoredApplicationStatus } from "#domain/bookings/model";
import { monthsOf, type OccupancyMonth } from "#domain/bookings/occupancy";
import type { StayRepository, Write } from "#domain/bookings/repository";
import { deleteAfterStay } from "#domain/bookings/retention";
import type { Paged, PageQuery } from "#domain/common/paging";
import type { HousingRequest, StoredRequestStatus } from "#domain/requests/model";
import { bookingContributions, contributionChange, requestContributions } from "#domain/stats/contributions";
import { ConcurrentChange } from "#shared/errors";
import { auditItem, readHistory } from "./audit";
import type { Database } from "./client";
import type { CursorCodec } from "./cursor";
import { queryPartitions } from "./partitions";
import { type Item, type Key, queryPage, stripKeys } from "./query";
import { type ObjectContributions, statsUpdates } from "./stats";
import { keys, tableDefinition } from "./table";

type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

const objectKeys: Record<AuditEvent["objectType"], (id: string) => { pk: string; sk: string }> = {
  listing: keys.listing,
  housingRequest: keys.housingRequest,
  application: keys.application,
  booking: keys.booking,
};

/** The stored item: the object, the keys that place it in each index, and its retention. */
export function requestItem(request: HousingRequest) {
  return {
    ...keys.housingRequest(request.id),
    ...keys.requestsByStudentIndex(request.studentId, request.createdAt, request.id),
    ...keys.requestsByMunicipalityIndex(request.internship.municipalityCode, request.moveIn, request.id),
    entity: "housingRequest",
    ...request,
    [tableDefinition.ttlAttribute]: deleteAfterStay(request.moveOut),
  };
}

export function applicationItem(application: Application) {
  return {
    ...keys.application(application.id),
    ...keys.applicationsByRequestIndex(application.requestId, application.createdAt, application.id),
    ...keys.applicationsByListingIndex(application.listingId, application.createdAt, application.id),
    ...keys.applicationsByStudentIndex(application.studentId, application.listingId, application.id),
    entity: "application",
    ...application,
    [tableDefinition.ttlAttribute]: deleteAfterStay(application.moveOut),
  };
}

export function bookingItem(booking: Booking) {
  return {
    ...keys.booking(booking.id),
    ...keys.bookingsByListingIndex(booking.listingId, booking.moveIn, booking.id),
    ...keys.bookingsByStudentIndex(booking.studentId, booking.moveIn, booking.id),
    ...keys.bookingsByMunicipalityIndex(booking.municipalityCode, booking.moveIn, booking.id),
    entity: "booking",
    ...booking,
    [tableDefinition.ttlAttribute]: deleteAfterStay(booking.moveOut),
  };
}

const idOf = (sortKey: string) => sortKey.slice(sortKey.lastIndexOf("#") + 1);

/**
 * When the records a transaction writes may be deleted, by object id: an
 * audit entry goes with its object, which every change of a stay writes in
 * the same transaction as the entry.
 */
function retentionOf(writes: Write[]): Map<string, number> {
  const retention = new Map<string, number>();
  for (const write of writes) {
    const object =
      write.kind === "request"
        ? write.request
        : write.kind === "application"
          ? write.application
          : write.kind === "booking"
            ? write.booking
            : undefined;
    if (object) retention.set(object.id, deleteAfterStay(object.moveOut));
  }
  return retention;
}

/** What the requests and bookings a transaction writes change in the statistics. */
function statsChanges(writes: Write[]): ObjectContributions[] {
  const changes: ObjectContributions[] = [];
  for (const write of writes) {
    if (write.kind === "request") {
      const before = write.previous ? requestContributions(write.previous) : [];
      changes.push({
        objectId: write.request.id,
        contributions: contributionChange(before, requestContributions(write.request)),
      });
    } else if (write.kind === "booking") {
      const before = write.previous ? bookingContributions(write.previous) : [];
      changes.push({
        objectId: write.booking.id,
        contributions: contributionChange(before, bookingContributions(write.booking)),
      });
    }
  }
  return changes;
}

export class DynamoStayRepository implements StayRepository {
  constructor(
    private readonly db: Database,
    private readonly cursors: CursorCodec,
  ) {}

  async commit(writes: Write[]): Promise<void> {
    const retention = retentionOf(writes);
    const items = [
      ...writes.map((write) => this.toTransactItem(write, retention)),
      ...statsUpdates(this.db.tableName, statsChanges(writes)),
    ];
    try {
      await this.db.client.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      const conditionFailed =
        error instanceof TransactionCanceledException &&
        (error.CancellationReasons ?? []).some(
          (reason) => reason.Code === "ConditionalCheckFailed" || reason.Code === "TransactionConflict",
        );
      if (conditionFailed) throw new ConcurrentChange();
      throw error;
    }
  }

  private versioned(item: Record<string, unknown>, expectedVersion: number | null): TransactItem {
    return {
      Put: {
        TableName: this.db.tableName,
        Item: item,
        ...(expectedVersion === null
          ? { ConditionExpression: "attribute_not_exists(pk)" }
          : {
              ConditionExpression: "#version = :expected",
              ExpressionAttributeNames: { "#version": "version" },
              ExpressionAttributeValues: { ":expected": expectedVersion },
            }),
      },
    };
  }

  private toTransactItem(write: Write, retention: Map<string, number>): TransactItem {
    const table = this.db.tableName;
    switch (write.kind) {
      case "application":
        return this.versioned(applicationItem(write.application), write.expectedVersion);
      case "request":
        return this.versioned(requestItem(write.request), write.previous?.version ?? null);
      case "booking":
        return this.versioned(bookingItem(write.booking), write.previous?.version ?? null);
      case "month": {
        const { listingId, month, entries, version } = write.month;
        return this.versioned(
          {
            ...keys.listingMonth(listingId, month),
            entity: "occupancy",
            listingId,
            month,
            entries,
            version: (version ?? 0) + 1,
          },
          version ?? null,
        );
      }
      case "updateEntry":
        return {
          Update: {
            TableName: table,
            Key: keys.listingMonth(write.listingId, write.month),
            UpdateExpression: "SET entries.#entry = :entry, #version = #version + :one",
            ConditionExpression: "attribute_exists(entries.#entry)",
            ExpressionAttributeNames: { "#entry": write.entryId, "#version": "version" },
            ExpressionAttributeValues: { ":entry": write.entry, ":one": 1 },
          },
        };
      case "removeEntry":
        return {
          Update: {
            TableName: table,
            Key: keys.listingMonth(write.listingId, write.month),
            UpdateExpression: "REMOVE entries.#entry SET #version = #version + :one",
            ConditionExpression: "attribute_exists(pk)",
            ExpressionAttributeNames: { "#entry": write.entryId, "#version": "version" },
            ExpressionAttributeValues: { ":one": 1 },
          },
        };
      case "listingUnchanged":
        return {
          ConditionCheck: {
            TableName: table,
            Key: keys.listing(write.listingId),
            ConditionExpression: "#version = :expected",
            ExpressionAttributeNames: { "#version": "version" },
            ExpressionAttributeValues: { ":expected": write.version },
          },
        };
      case "audit": {
        const item = auditItem(objectKeys[write.event.objectType](write.event.objectId).pk, write.event);
        const deleteAfter = retention.get(write.event.objectId);
        return {
          Put: {
            TableName: table,
            Item: deleteAfter === undefined ? item : { ...item, [tableDefinition.ttlAttribute]: deleteAfter },
          },
        };
      }
    }
  }

  private async getItem<T>(key: { pk: string; sk: string }): Promise<T | undefined> {
    const { Item } = await this.db.client.send(
      new GetCommand({ TableName: this.db.tableName, Key: key, ConsistentRead: true }),
    );
    return Item ? stripKeys<T>(Item) : undefined;
  }

  getRequest = (id: string) => this.getItem<HousingRequest>(keys.housingRequest(id));
  getApplication = (id: string) => this.getItem<Application>(keys.application(id));
  getBooking = (id: string) => this.getItem<Booking>(keys.booking(id));

  async months(listingId: string, from: string, to: string): Promise<OccupancyMonth[]> {
    const wanted = monthsOf(from, to);
    const { pk } = keys.listingMonth(listingId, "");
    const result = await this.db.client.send(
      new QueryCommand({
        TableName: this.db.tableName,
        KeyConditionExpression: "pk = :pk AND sk BETWEEN :first AND :last",
        ExpressionAttributeValues: {
          ":pk": pk,
          ":first": keys.listingMonth(listingId, wanted[0] as string).sk,
          ":last": keys.listingMonth(listingId, wanted.at(-1) as string).sk,
        },
        ConsistentRead: true,
      }),
    );
    const stored = new Map((result.Items ?? []).map((item) => [item.month as string, item]));
    // Months never written are empty, at no version: the first write must create them.
    return wanted.map((month) => {
      const item = stored.get(month);
      return item
        ? { listingId, month, entries: item.entries ?? {}, version: item.version as number }
        : { listingId, month, entries: {} };
    });
  }

  private async indexPage<T>(
    scope: string,
    index: "gsi1" | "gsi2" | "gsi3",
    pk: string,
    page: PageQuery,
    options: { ascending?: boolean; filter?: (item: Item) => boolean; beginsWith?: string } = {},
  ): Promise<Paged<T>> {
    const startKey = page.cursor ? (this.cursors.decode(scope, page.cursor) as Key) : undefined;
    const result = await queryPage(
      this.db,
      {
        index,
        pk,
        ascending: options.ascending ?? true,
        filter: options.filter,
        sortKey: options.beginsWith
          ? { expression: "begins_with(#sk, :prefix)", values: { ":prefix": options.beginsWith } }
          : undefined,
      },
      { limit: page.limit, startKey },
    );
    return {
      items: result.items.map((item) => stripKeys<T>(item)),
      nextCursor: result.nextKey ? this.cursors.encode(scope, result.nextKey) : null,
    };
  }

  private byStatus = (status: string | undefined) => (status ? (item: Item) => item.status === status : undefined);

  requestsOfStudent(studentId: string, status: StoredRequestStatus | undefined, page: PageQuery) {
    const pk = keys.requestsByStudentIndex(studentId, "", "").gsi1pk;
    return this.indexPage<HousingRequest>(`requests:${studentId}:${status}`, "gsi1", pk, page, {
      ascending: false,
      filter: this.byStatus(status),
    });
  }

  async requestsOfMunicipalities(municipalities: string[], status: StoredRequestStatus | undefined, page: PageQuery) {
    const scope = `requests:${[...municipalities].sort().join(",")}:${status}`;
    const after = page.cursor ? String(this.cursors.decode(scope, page.cursor)) : undefined;
    const result = await queryPartitions(this.db, {
      index: "gsi2",
      partitions: municipalities.map((code) => keys.requestsByMunicipalityIndex(code, "", "").gsi2pk),
      after,
      tableKeyOf: (sortKey) => keys.housingRequest(idOf(sortKey)),
      filter: this.byStatus(status),
      limit: page.limit,
    });
    return {
      items: result.items.map((item) => stripKeys<HousingRequest>(item)),
      nextCursor: result.after ? this.cursors.encode(scope, result.after) : null,
    };
  }

  applicationsOfRequest(requestId: string, status: StoredApplicationStatus | undefined, page: PageQuery) {
    const pk = keys.applicationsByRequestIndex(requestId, "", "").gsi1pk;
    return this.indexPage<Application>(`applications:request:${requestId}:${status}`, "gsi1", pk, page, {
      filter: this.byStatus(status),
    });
  }

  applicationsOfListing(listingId: string, status: StoredApplicationStatus | undefined, page: PageQuery) {
    const pk = keys.applicationsByListingIndex(listingId, "", "").gsi2pk;
    return this.indexPage<Application>(`applications:listing:${listingId}:${status}`, "gsi2", pk, page, {
      filter: this.byStatus(status),
    });
  }

  async applicationsOfStudentForListing(studentId: string, listingId: string) {
    const pk = keys.applicationsByStudentIndex(studentId, "", "").gsi3pk;
    const page = await this.indexPage<Application>(
      `own:${studentId}:${listingId}`,
      "gsi3",
      pk,
      { limit: 100 },
      {
        beginsWith: `${listingId}#`,
      },
    );
    return page.items;
  }

  bookingsOfListing(listingId: string, page: PageQuery) {
    const pk = keys.bookingsByListingIndex(listingId, "", "").gsi1pk;
    return this.indexPage<Booking>(`bookings:listing:${listingId}`, "gsi1", pk, page);
  }

  bookingsOfStudent(studentId: string, page: PageQuery) {
    const pk = keys.bookingsByStudentIndex(studentId, "", "").gsi2pk;
    return this.indexPage<Booking>(`bookings:student:${studentId}`, "gsi2", pk, page);
  }

  async bookingsOfMunicipalities(municipalities: string[], page: PageQuery) {
    const scope = `bookings:${[...municipalities].sort().join(",")}`;
    const after = page.cursor ? String(this.cursors.decode(scope, page.cursor)) : undefined;
    const result = await queryPartitions(this.db, {
      index: "gsi3",
      partitions: municipalities.map((code) => keys.bookingsByMunicipalityIndex(code, "", "").gsi3pk),
      after,
      tableKeyOf: (sortKey) => keys.booking(idOf(sortKey)),
      limit: page.limit,
    });
    return {
      items: result.items.map((item) => stripKeys<Booking>(item)),
      nextCursor: result.after ? this.cursors.encode(scope, result.after) : null,
    };
  }

  history(objectType: AuditEvent["objectType"], id: string, page: PageQuery) {
    return readHistory(this.db, this.cursors, objectKeys[objectType](id).pk, page);
  }
}
