/**
 * Paged queries on the table's indexes. A page holds at most `limit` items;
 * when a filter drops items, further DynamoDB pages are read, up to a bound,
 * and the cursor resumes right after the last item returned, so no item is
 * skipped or repeated across pages.
 */
import { QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import type { Database } from "./client";
import { type IndexName, KEY_ATTRIBUTES, tableDefinition } from "./table";

export type Item = Record<string, unknown>;
export type Key = Record<string, string>;

export interface PageRequest {
  limit: number;
  /** Where the previous page stopped (from a decoded cursor). */
  startKey?: Key;
}

export interface Page<T> {
  items: T[];
  /** Where the next page starts; undefined when there is none. */
  nextKey?: Key;
}

export interface IndexQuery {
  index?: IndexName;
  pk: string;
  /** Condition on the sort key, e.g. begins_with or between, as raw expression parts. */
  sortKey?: { expression: string; values: Record<string, string> };
  /** Newest/highest first when false. */
  ascending?: boolean;
  /** Applied to each item after it is read (for filters no index serves). */
  filter?: (item: Item) => boolean;
  /** Most DynamoDB calls per page when a filter drops items. */
  maxCalls?: number;
}

/** Top-ups read at least this many items: tiny reads cost a round trip each for little. */
const MIN_TOP_UP = 10;

/**
 * Items to ask DynamoDB for in call number `call` of a page: the page and one
 * more first (all it costs when no filter drops an item; the one more tells
 * whether a next page exists, so no client is sent to an empty last page),
 * then, only when a filter dropped some, twice what is still missing, so a
 * page fills in few calls.
 */
export function readSize(limit: number, kept: number, call: number): number {
  if (call === 0) return limit + 1;
  return Math.min(Math.max(2 * (limit - kept), MIN_TOP_UP), 100);
}

/** Whether anything follows `index` in a Query's result: a later item that passes, or more to read. */
export function moreAfter(
  result: { Items?: Item[]; LastEvaluatedKey?: unknown },
  index: number,
  filter?: (item: Item) => boolean,
): boolean {
  if (result.LastEvaluatedKey !== undefined) return true;
  const rest = (result.Items ?? []).slice(index + 1);
  return filter ? rest.some(filter) : rest.length > 0;
}

function keyNames(index?: IndexName): string[] {
  const names: string[] = [tableDefinition.partitionKey, tableDefinition.sortKey];
  const definition = tableDefinition.indexes.find((candidate) => candidate.name === index);
  if (definition) names.push(definition.partitionKey, definition.sortKey);
  return names;
}

const keyOf = (item: Item, names: string[]): Key => Object.fromEntries(names.map((name) => [name, String(item[name])]));

export async function queryPage(db: Database, query: IndexQuery, page: PageRequest): Promise<Page<Item>> {
  const definition = tableDefinition.indexes.find((candidate) => candidate.name === query.index);
  const pkName = definition?.partitionKey ?? tableDefinition.partitionKey;
  const skName = definition?.sortKey ?? tableDefinition.sortKey;
  const names = keyNames(query.index);
  const maxCalls = query.maxCalls ?? 5;
  const items: Item[] = [];
  let startKey: Key | undefined = page.startKey;

  for (let call = 0; call < maxCalls; call++) {
    const input: QueryCommandInput = {
      TableName: db.tableName,
      IndexName: query.index,
      KeyConditionExpression: `#pk = :pk${query.sortKey ? ` AND ${query.sortKey.expression}` : ""}`,
      ExpressionAttributeNames: { "#pk": pkName, ...(query.sortKey ? { "#sk": skName } : {}) },
      ExpressionAttributeValues: { ":pk": query.pk, ...query.sortKey?.values },
      ScanIndexForward: query.ascending ?? true,
      Limit: readSize(page.limit, items.length, call),
      ExclusiveStartKey: startKey,
    };
    const result = await db.client.send(new QueryCommand(input));
    for (const [index, item] of (result.Items ?? []).entries()) {
      if (query.filter && !query.filter(item)) continue;
      items.push(item);
      if (items.length === page.limit) {
        return { items, nextKey: moreAfter(result, index, query.filter) ? keyOf(item, names) : undefined };
      }
    }
    startKey = result.LastEvaluatedKey as Key | undefined;
    if (!startKey) return { items };
  }
  return { items, nextKey: startKey };
}

/** The entity's own fields, without the attributes that place it in the table. */
export function stripKeys<T>(item: Item): T {
  const copy: Item = { ...item };
  for (const name of KEY_ATTRIBUTES) delete copy[name];
  return copy as T;
}
