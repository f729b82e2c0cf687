/**
 * The statistics' aggregate items: the transaction parts that add a change's
 * contributions (see #domain/stats/contributions), and the reads that sum a
 * municipality's buckets. Reads cost what the time range costs — months and
 * shards — however many listings, requests and bookings there are.
 */
import { QueryCommand, type TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import type { Contribution } from "#domain/stats/contributions";
import type { Counters } from "#domain/stats/figures";
import type { Database } from "./client";
import { KEY_ATTRIBUTES, keys } from "./table";

type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

/**
 * Shards per bucket: a burst of changes in one municipality seldom meets in
 * one item (two transactions on one item conflict, and one decides again),
 * while a reader, who reads every shard, pays for each shard's copy of the
 * counters' names. Four keeps both small at a rural municipality's pace.
 */
export const STATS_SHARDS = 4;

/** A stable shard for an object (FNV-1a of its id). */
export function shardOf(objectId: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < objectId.length; index++) {
    hash ^= objectId.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % STATS_SHARDS;
}

/** The changes of one object, which all go to that object's shard. */
export interface ObjectContributions {
  objectId: string;
  contributions: Contribution[];
}

/** One Update per aggregate item touched (a transaction may name an item once), adding every change. */
export function statsUpdates(tableName: string, changes: ObjectContributions[]): TransactItem[] {
  const byItem = new Map<
    string,
    { key: { pk: string; sk: string }; meta: Record<string, unknown>; adds: Map<string, number> }
  >();
  for (const { objectId, contributions } of changes) {
    const shard = shardOf(objectId);
    for (const contribution of contributions) {
      const key = keys.statsBucket(contribution.municipality, contribution.bucket, shard);
      const id = `${key.pk}|${key.sk}`;
      let item = byItem.get(id);
      if (!item) {
        item = {
          key,
          meta: { municipality: contribution.municipality, bucket: contribution.bucket, shard },
          adds: new Map(),
        };
        byItem.set(id, item);
      }
      item.adds.set(contribution.counter, (item.adds.get(contribution.counter) ?? 0) + contribution.n);
    }
  }
  return [...byItem.values()]
    .map(({ key, meta, adds }) => {
      const counters = [...adds].filter(([, n]) => n !== 0);
      if (counters.length === 0) return undefined;
      const names: Record<string, string> = {
        "#entity": "entity",
        "#municipality": "municipality",
        "#bucket": "bucket",
        "#shard": "shard",
      };
      const values: Record<string, unknown> = {
        ":entity": "stats",
        ":municipality": meta.municipality,
        ":bucket": meta.bucket,
        ":shard": meta.shard,
      };
      const additions = counters.map(([counter, n], index) => {
        names[`#c${index}`] = counter;
        values[`:c${index}`] = n;
        return `#c${index} :c${index}`;
      });
      return {
        Update: {
          TableName: tableName,
          Key: key,
          UpdateExpression: `SET #entity = :entity, #municipality = :municipality, #bucket = :bucket, #shard = :shard ADD ${additions.join(", ")}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      } satisfies TransactItem;
    })
    .filter((item) => item !== undefined);
}

const META_ATTRIBUTES = new Set<string>([...KEY_ATTRIBUTES, "municipality", "bucket", "shard"]);

/** A municipality's counters, summed over its shards, from `firstMonth` on (the current bucket included). */
export async function readCounters(db: Database, municipality: string, firstMonth: string): Promise<Counters> {
  const counters: Counters = new Map();
  const { pk, sk } = keys.statsFromMonth(municipality, firstMonth);
  let startKey: Record<string, unknown> | undefined;
  do {
    const result = await db.client.send(
      new QueryCommand({
        TableName: db.tableName,
        KeyConditionExpression: "pk = :pk AND sk >= :from",
        ExpressionAttributeValues: { ":pk": pk, ":from": sk },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of result.Items ?? []) {
      for (const [name, value] of Object.entries(item)) {
        if (META_ATTRIBUTES.has(name) || typeof value !== "number") continue;
        counters.set(name, (counters.get(name) ?? 0) + value);
      }
    }
    startKey = result.LastEvaluatedKey;
  } while (startKey);
  return counters;
}
