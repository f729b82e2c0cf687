/** Audit events, stored beside the object they describe. */
import type { AuditEvent } from "#domain/audit";
import type { Paged, PageQuery } from "#domain/common/paging";
import type { Database } from "./client";
import type { CursorCodec } from "./cursor";
import { type Key, queryPage, stripKeys } from "./query";
import { keys } from "./table";

export function auditItem(objectPk: string, event: AuditEvent) {
  return { ...keys.auditEvent(objectPk, event.at, event.id), entity: "audit", ...event };
}

export async function readHistory(
  db: Database,
  cursors: CursorCodec,
  objectPk: string,
  page: PageQuery,
): Promise<Paged<AuditEvent>> {
  const scope = `history:${objectPk}`;
  const startKey = page.cursor ? (cursors.decode(scope, page.cursor) as Key) : undefined;
  const result = await queryPage(
    db,
    { pk: objectPk, sortKey: { expression: "begins_with(#sk, :event)", values: { ":event": "EVENT#" } } },
    { limit: page.limit, startKey },
  );
  return {
    items: result.items.map((item) => stripKeys<AuditEvent>(item)),
    nextCursor: result.nextKey ? cursors.encode(scope, result.nextKey) : null,
  };
}
