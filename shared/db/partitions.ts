/**
 * One ordered page across several index partitions (e.g. one per
 * municipality). Each partition is read from the same sort-key position, in
 * parallel, and the results are merged by sort key. The next page starts
 * after the last sort key returned, so a cursor is one string however many
 * partitions there are. Sort keys must be unique (they end in an id).
 */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { Database } from "./client";
import { type Item, type Key, moreAfter, readSize } from "./query";
import { type IndexName, tableDefinition } from "./table";

export interface PartitionsQuery {
  index: IndexName;
  partitions: string[];
  /** Exclusive lower bound: where the previous page stopped. */
  after?: string;
  /** Inclusive bounds on the sort key. */
  from?: string;
  upTo?: string;
  /** The table key of the item whose index sort key is `after` (to resume a partition there). */
  tableKeyOf: (sortKey: string) => Key;
  filter?: (item: Item) => boolean;
  limit: number;
  /** Most DynamoDB calls per partition when a filter drops items. */
  maxCallsPerPartition?: number;
}

interface PartitionResult {
  items: Item[];
  /** Highest sort key this partition is known to be complete up to; undefined when exhausted. */
  reached?: string;
}

export async function queryPartitions(
  db: Database,
  query: PartitionsQuery,
): Promise<{ items: Item[]; after?: string }> {
  const index = tableDefinition.indexes.find((candidate) => candidate.name === query.index);
  if (!index) throw new Error(`Unknown index ${query.index}`);
  // Each partition once, however often a caller named it: duplicates would cost reads and repeat items.
  const partitions = [...new Set(query.partitions)];
  const results = await Promise.all(partitions.map((partition) => readPartition(db, query, index, partition)));

  // Items past a partition that stopped early cannot be returned yet: that partition may hold earlier ones.
  const bound = results.reduce<string | undefined>(
    (lowest, result) =>
      result.reached !== undefined && (lowest === undefined || result.reached < lowest) ? result.reached : lowest,
    undefined,
  );
  const sortKey = (item: Item) => String(item[index.sortKey]);
  const merged = results
    .flatMap((result) => result.items)
    .filter((item) => bound === undefined || sortKey(item) <= bound)
    .sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));
  const items = merged.slice(0, query.limit);
  const last = items.at(-1);
  if (items.length === query.limit && last && (merged.length > query.limit || bound !== undefined)) {
    return { items, after: sortKey(last) };
  }
  return { items, after: bound };
}

async function readPartition(
  db: Database,
  query: PartitionsQuery,
  index: { partitionKey: string; sortKey: string },
  partition: string,
): Promise<PartitionResult> {
  const items: Item[] = [];
  let startKey: Key | undefined = query.after
    ? { ...query.tableKeyOf(query.after), [index.partitionKey]: partition, [index.sortKey]: query.after }
    : undefined;
  const maxCalls = query.maxCallsPerPartition ?? 4;
  for (let call = 0; call < maxCalls; call++) {
    const result = await db.client.send(
      new QueryCommand({
        TableName: db.tableName,
        IndexName: query.index,
        ...sortKeyCondition(index, partition, query.from, query.upTo),
        Limit: readSize(query.limit, items.length, call),
        ExclusiveStartKey: startKey,
      }),
    );
    for (const [position, item] of (result.Items ?? []).entries()) {
      if (query.filter && !query.filter(item)) continue;
      items.push(item);
      if (items.length === query.limit) {
        // Complete up to this item; exhausted when nothing that passes follows it.
        return moreAfter(result, position, query.filter) ? { items, reached: String(item[index.sortKey]) } : { items };
      }
    }
    startKey = result.LastEvaluatedKey as Key | undefined;
    if (!startKey) return { items };
  }
  return { items, reached: String(startKey?.[index.sortKey]) };
}

function sortKeyCondition(
  index: { partitionKey: string; sortKey: string },
  partition: string,
  from?: string,
  upTo?: string,
) {
  const names = { "#pk": index.partitionKey, "#sk": index.sortKey };
  if (from !== undefined && upTo !== undefined) {
    return {
      KeyConditionExpression: "#pk = :pk AND #sk BETWEEN :from AND :upTo",
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ":pk": partition, ":from": from, ":upTo": upTo },
    };
  }
  if (from !== undefined || upTo !== undefined) {
    return {
      KeyConditionExpression: `#pk = :pk AND #sk ${from !== undefined ? ">= :bound" : "<= :bound"}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ":pk": partition, ":bound": from ?? upTo },
    };
  }
  return {
    KeyConditionExpression: "#pk = :pk",
    ExpressionAttributeNames: { "#pk": index.partitionKey },
    ExpressionAttributeValues: { ":pk": partition },
  };
}
