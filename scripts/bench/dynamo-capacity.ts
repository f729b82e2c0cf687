/**
 * Capacity metering for the benchmarks: an SDK middleware on a DynamoDB
 * (document) client that asks for `ReturnConsumedCapacity: "TOTAL"` on every
 * Query and GetItem and on every single-item or transactional write, and adds
 * up what comes back, plus the size of the items read, so a benchmark can say
 * how many read and write units one API request costs. It can also record the
 * Query inputs it sees, to replay exactly the calls a request made.
 * BatchWriteItem (the benchmarks' own seeding) is not metered.
 */
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

const READS = new Set(["QueryCommand", "GetItemCommand"]);
const WRITES = new Set(["TransactWriteItemsCommand", "PutItemCommand", "UpdateItemCommand", "DeleteItemCommand"]);

export interface CapacityTotals {
  /** Query and GetItem calls. */
  calls: number;
  /** Read capacity units as DynamoDB (Local) reported them. */
  units: number;
  /** Read units computed from the items' sizes: per call, 0.5 per started 4 KB (eventually consistent), 1 if consistent. */
  unitsFromSize: number;
  /** Items DynamoDB read (ScannedCount for queries). */
  itemsRead: number;
  /** Bytes of the items read, by DynamoDB's item size rules. */
  bytesRead: number;
  /** TransactWriteItems, PutItem, UpdateItem and DeleteItem calls sent, cancelled or failed ones included. */
  writeCalls: number;
  /** Of those, TransactWriteItems calls. */
  transactions: number;
  /** Items written by the calls that succeeded (a transaction's puts, updates and deletes; not its condition checks). */
  itemsWritten: number;
  /** Write capacity units DynamoDB (Local) reported for the calls that succeeded (index writes included). */
  writeUnits: number;
}

export interface CapacityMeter {
  /** Off: calls pass through untouched (no ReturnConsumedCapacity). */
  enabled: boolean;
  reset(): void;
  totals(): CapacityTotals;
  /** Records the input of each Query until `stopRecording`, which returns them. */
  startRecording(): void;
  stopRecording(): Record<string, unknown>[];
}

const zero = (): CapacityTotals => ({
  calls: 0,
  units: 0,
  unitsFromSize: 0,
  itemsRead: 0,
  bytesRead: 0,
  writeCalls: 0,
  transactions: 0,
  itemsWritten: 0,
  writeUnits: 0,
});

/** Totals over `runs` identical runs, per run. */
export function perRun(totals: CapacityTotals, runs: number): CapacityTotals {
  const each = zero();
  for (const name of Object.keys(each) as (keyof CapacityTotals)[]) each[name] = totals[name] / runs;
  return each;
}

/** DynamoDB's size of a value (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html). */
export function dynamoSize(value: unknown): number {
  if (value === null || value === undefined || typeof value === "boolean") return 1;
  if (typeof value === "string") return Buffer.byteLength(value);
  if (typeof value === "number") {
    const digits = String(Math.abs(value)).replace(/e.*$/, "").replace(".", "").replace(/^0+/, "").replace(/0+$/, "");
    return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
  }
  if (value instanceof Uint8Array) return value.byteLength;
  if (Array.isArray(value)) return 3 + value.reduce<number>((sum, element) => sum + dynamoSize(element) + 1, 0);
  if (value instanceof Set) return [...value].reduce<number>((sum, element) => sum + dynamoSize(element), 0);
  if (typeof value === "object") {
    return (
      3 +
      Object.entries(value).reduce<number>(
        (sum, [name, element]) => sum + Buffer.byteLength(name) + dynamoSize(element) + 1,
        0,
      )
    );
  }
  return 0;
}

/** An item's size: its attribute names and values (no map overhead at the top level). */
export const itemSize = (item: Record<string, unknown>) =>
  Object.entries(item).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + dynamoSize(value), 0);

interface ReadOutput {
  ConsumedCapacity?: { CapacityUnits?: number };
  Items?: Record<string, unknown>[];
  Item?: Record<string, unknown>;
  ScannedCount?: number;
}

/** ConsumedCapacity is one object for single-item calls, one per table for transactions. */
type Consumed = { CapacityUnits?: number } | { CapacityUnits?: number }[] | undefined;

const unitsOf = (consumed: Consumed) =>
  (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []).reduce(
    (sum, entry) => sum + (entry.CapacityUnits ?? 0),
    0,
  );

/** Items a write call writes: a transaction's puts, updates and deletes, else one. */
function itemsWrittenBy(commandName: string, input: Record<string, unknown>): number {
  if (commandName !== "TransactWriteItemsCommand") return 1;
  const items = (input.TransactItems ?? []) as Record<string, unknown>[];
  return items.filter((item) => item.Put || item.Update || item.Delete).length;
}

/** Adds the meter to the client's stack (shared with the base client it was made from). */
export function meterCapacity(client: DynamoDBDocumentClient): CapacityMeter {
  let totals = zero();
  let recorded: Record<string, unknown>[] | undefined;
  const meter: CapacityMeter = {
    enabled: true,
    reset() {
      totals = zero();
    },
    totals: () => ({ ...totals }),
    startRecording() {
      recorded = [];
    },
    stopRecording() {
      const inputs = recorded ?? [];
      recorded = undefined;
      return inputs;
    },
  };

  client.middlewareStack.add(
    (next, context) => async (args) => {
      const commandName = context.commandName ?? "";
      const isRead = READS.has(commandName);
      if (!meter.enabled || !(isRead || WRITES.has(commandName))) return next(args);
      const input = args.input as Record<string, unknown>;
      if (recorded && commandName === "QueryCommand") recorded.push(structuredClone(input));
      const metered = { ...args, input: { ...input, ReturnConsumedCapacity: "TOTAL" } as typeof args.input };
      if (!isRead) {
        totals.writeCalls += 1;
        if (commandName === "TransactWriteItemsCommand") totals.transactions += 1;
        const result = await next(metered);
        totals.itemsWritten += itemsWrittenBy(commandName, input);
        totals.writeUnits += unitsOf((result.output as { ConsumedCapacity?: Consumed }).ConsumedCapacity);
        return result;
      }
      const result = await next(metered);
      const output = result.output as ReadOutput;
      const items = output.Items ?? (output.Item ? [output.Item] : []);
      const bytes = items.reduce((sum, item) => sum + itemSize(item), 0);
      const blocks = Math.ceil(bytes / 4096);
      totals.calls += 1;
      totals.units += output.ConsumedCapacity?.CapacityUnits ?? 0;
      totals.unitsFromSize += input.ConsistentRead === true ? blocks : blocks / 2;
      totals.itemsRead += output.ScannedCount ?? items.length;
      totals.bytesRead += bytes;
      return result;
    },
    { step: "initialize", name: "benchCapacityMeter" },
  );
  return meter;
}
