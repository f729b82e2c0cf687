/** Listings in the table: the item, its index keys, and its audit trail. */
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { GetCommand, QueryCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { AuditEvent } from "#domain/audit";
import type { OccupancyMonth } from "#domain/bookings/occupancy";
import { addYears } from "#domain/common/dates";
import type { Paged, PageQuery } from "#domain/common/paging";
import type { Listing } from "#domain/listings/model";
import { type ListingSearch, MAX_WINDOW_YEARS, matchesSearch, needsExpiring } from "#domain/listings/rules";
import type { ListingRepository } from "#domain/listings/service";
import { contributionChange, listingContributions } from "#domain/stats/contributions";
import { ConcurrentChange } from "#shared/errors";
import { auditItem, readHistory } from "./audit";
import type { Database } from "./client";
import type { CursorCodec } from "./cursor";
import { queryPartitions } from "./partitions";
import { type Item, type Key, queryPage, stripKeys } from "./query";
import { statsUpdates } from "./stats";
import { HIGHEST, keys } from "./table";

/** The stored item: the listing plus the keys that place it in each index. */
export function listingItem(listing: Listing) {
  return {
    ...keys.listing(listing.id),
    // The partition follows the stored state: an approved listing past its window moves once it is expired lazily.
    ...keys.listingsByMunicipalityIndex(listing.municipalityCode, listing.status, listing.availableFrom, listing.id),
    ...keys.listingsByOwnerIndex(listing.ownerOrgId, listing.createdAt, listing.id),
    ...(listing.status === "pending" && listing.submittedAt
      ? keys.reviewQueueIndex(listing.municipalityCode, listing.submittedAt, listing.id)
      : {}),
    entity: "listing",
    ...listing,
  };
}

const latest = (a: string, b: string | undefined) => (b !== undefined && b > a ? b : a);

/** The id at the end of an index sort key `<something>#<id>`. */
const idOf = (sortKey: string) => sortKey.slice(sortKey.lastIndexOf("#") + 1);

const isConditionFailure = (error: unknown) =>
  error instanceof TransactionCanceledException &&
  (error.CancellationReasons ?? []).some(
    (reason) => reason.Code === "ConditionalCheckFailed" || reason.Code === "TransactionConflict",
  );

export class DynamoListingRepository implements ListingRepository {
  constructor(
    private readonly db: Database,
    private readonly cursors: CursorCodec,
  ) {}

  async create(listing: Listing, event: AuditEvent): Promise<void> {
    await this.write(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.db.tableName,
              Item: listingItem(listing),
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
          { Put: { TableName: this.db.tableName, Item: auditItem(keys.listing(listing.id).pk, event) } },
          ...statsUpdates(this.db.tableName, [{ objectId: listing.id, contributions: listingContributions(listing) }]),
        ],
      }),
    );
  }

  /** A transaction whose condition failed, or that met another on an aggregate item, is a lost race. */
  private async write(command: TransactWriteCommand): Promise<void> {
    try {
      await this.db.client.send(command);
    } catch (error) {
      if (isConditionFailure(error)) throw new ConcurrentChange();
      throw error;
    }
  }

  async get(id: string): Promise<Listing | undefined> {
    const { Item } = await this.db.client.send(
      new GetCommand({ TableName: this.db.tableName, Key: keys.listing(id), ConsistentRead: true }),
    );
    return Item ? stripKeys<Listing>(Item) : undefined;
  }

  async replace(
    previous: Listing,
    next: Listing,
    event: AuditEvent,
    options: { notCreatedBy?: string; occupancyUnchanged?: OccupancyMonth[] } = {},
  ) {
    // The whole decision rests on what was read: same version, state and owner, or nothing is written.
    const conditions = ["#version = :version", "#status = :status", "ownerOrgId = :owner"];
    const values: Record<string, unknown> = {
      ":version": previous.version,
      ":status": previous.status,
      ":owner": previous.ownerOrgId,
    };
    if (options.notCreatedBy) {
      conditions.push("createdBy <> :actor");
      values[":actor"] = options.notCreatedBy;
    }
    try {
      await this.db.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.db.tableName,
                Item: listingItem(next),
                ConditionExpression: conditions.join(" AND "),
                ExpressionAttributeNames: { "#version": "version", "#status": "status" },
                ExpressionAttributeValues: values,
              },
            },
            { Put: { TableName: this.db.tableName, Item: auditItem(keys.listing(next.id).pk, event) } },
            ...statsUpdates(this.db.tableName, [
              {
                objectId: next.id,
                contributions: contributionChange(listingContributions(previous), listingContributions(next)),
              },
            ]),
            ...(options.occupancyUnchanged ?? []).map((month) => ({
              ConditionCheck: {
                TableName: this.db.tableName,
                Key: keys.listingMonth(month.listingId, month.month),
                ...(month.version === undefined
                  ? { ConditionExpression: "attribute_not_exists(pk)" }
                  : {
                      ConditionExpression: "#version = :version",
                      ExpressionAttributeNames: { "#version": "version" },
                      ExpressionAttributeValues: { ":version": month.version },
                    }),
              },
            })),
          ],
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new ConcurrentChange();
      throw error;
    }
  }

  async search(search: ListingSearch & { municipalities: string[] }, today: string, page: PageQuery) {
    const scope = `listings:${JSON.stringify({ ...search, municipalities: [...search.municipalities].sort() })}`;
    const after = page.cursor ? String(this.cursors.decode(scope, page.cursor)) : undefined;
    // Expired listings are stored approved until a search meets them: look in both partitions.
    const states = search.status === "expired" ? ["approved", "expired"] : [search.status ?? "approved"];
    const expired: Listing[] = [];
    // The sort key starts with availableFrom. The window must open on or before move-in; and as a
    // window lasts at most two years, one still open (or open at move-out) opened at most two years before.
    const from = search.status === "expired" ? undefined : addYears(latest(today, search.stayTo), -MAX_WINDOW_YEARS);
    const upTo = search.stayFrom ? `${search.stayFrom}#${HIGHEST}` : undefined;
    // A stay that began more than a window's length before today: no open window can contain it.
    if (from !== undefined && upTo !== undefined && from > upTo) return { items: [], nextCursor: null, expired };
    const result = await queryPartitions(this.db, {
      index: "gsi1",
      partitions: search.municipalities.flatMap((code) =>
        states.map((status) => keys.listingsByMunicipality(code, status).pk),
      ),
      after,
      from,
      upTo,
      tableKeyOf: (sortKey) => keys.listing(idOf(sortKey)),
      filter: (item) => {
        const listing = item as unknown as Listing;
        if (search.status !== "expired" && needsExpiring(listing, today)) expired.push(stripKeys<Listing>(item));
        return matchesSearch(listing, search, today);
      },
      limit: page.limit,
    });
    return { ...this.page(result.items, result.after, scope), expired };
  }

  async approvedForStay(
    search: Omit<ListingSearch, "status"> & { municipalities: string[]; stayFrom: string; stayTo: string },
    today: string,
    max: number,
  ): Promise<{ listings: Listing[]; expired: Listing[] }> {
    const criteria: ListingSearch = { ...search, status: "approved" };
    const expired: Listing[] = [];
    const from = addYears(latest(today, search.stayTo), -MAX_WINDOW_YEARS);
    // A stay that began more than a window's length before today: no open window can contain it.
    if (from > search.stayFrom) return { listings: [], expired };
    const perPartition = await Promise.all(
      search.municipalities.map(async (code) => {
        const found: Listing[] = [];
        let startKey: Record<string, unknown> | undefined;
        do {
          const result = await this.db.client.send(
            new QueryCommand({
              TableName: this.db.tableName,
              IndexName: "gsi1",
              KeyConditionExpression: "gsi1pk = :pk AND gsi1sk BETWEEN :from AND :upTo",
              ExpressionAttributeValues: {
                ":pk": keys.listingsByMunicipality(code, "approved").pk,
                ":from": from,
                ":upTo": `${search.stayFrom}#${HIGHEST}`,
              },
              ExclusiveStartKey: startKey,
            }),
          );
          for (const item of result.Items ?? []) {
            const listing = item as unknown as Listing;
            if (matchesSearch(listing, criteria, today)) found.push(stripKeys<Listing>(item));
            else if (needsExpiring(listing, today)) expired.push(stripKeys<Listing>(item));
          }
          startKey = result.LastEvaluatedKey;
        } while (startKey && found.length < max);
        return found;
      }),
    );
    return { listings: perPartition.flat().slice(0, max), expired };
  }

  async listByOwner(orgId: string, search: ListingSearch, today: string, page: PageQuery) {
    const scope = `own-listings:${orgId}:${JSON.stringify(search)}`;
    const startKey = page.cursor ? (this.cursors.decode(scope, page.cursor) as Key) : undefined;
    const { index, pk } = keys.listingsByOwner(orgId);
    const result = await queryPage(
      this.db,
      { index, pk, ascending: false, filter: (item) => matchesSearch(item as unknown as Listing, search, today) },
      { limit: page.limit, startKey },
    );
    return {
      items: result.items.map((item) => stripKeys<Listing>(item)),
      nextCursor: result.nextKey ? this.cursors.encode(scope, result.nextKey) : null,
    };
  }

  async reviewQueue(municipalities: string[], page: PageQuery) {
    const scope = `reviews:${[...municipalities].sort().join(",")}`;
    const after = page.cursor ? String(this.cursors.decode(scope, page.cursor)) : undefined;
    const result = await queryPartitions(this.db, {
      index: "gsi3",
      partitions: municipalities.map((code) => keys.reviewQueue(code).pk),
      after,
      tableKeyOf: (sortKey) => keys.listing(idOf(sortKey)),
      limit: page.limit,
    });
    return this.page(result.items, result.after, scope);
  }

  history(id: string, page: PageQuery) {
    return readHistory(this.db, this.cursors, keys.listing(id).pk, page);
  }

  private page(items: Item[], after: string | undefined, scope: string): Paged<Listing> {
    return {
      items: items.map((item) => stripKeys<Listing>(item)),
      nextCursor: after ? this.cursors.encode(scope, after) : null,
    };
  }
}
