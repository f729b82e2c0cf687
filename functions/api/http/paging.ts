/**
 * Cursors of every list route, bound to the caller and to the whole query.
 *
 * A service's cursor is bound only to what the service knows (its partition);
 * filters applied while reading, the limit and the caller are not part of it.
 * So each list route hands its validated query to `page`, which wraps the
 * service's cursor in an outer one whose scope is the caller, the route with
 * its path parameters and every query parameter but `cursor` itself. A
 * cursor used with any other filter, limit, object or caller fails to open
 * (400), and a new list route binds all its parameters without naming them.
 */
import type { Context } from "hono";
import type { Principal } from "#auth/principal";
import type { CursorCodec } from "#db/cursor";
import { canonicalJson } from "#domain/common/canonical-json";
import type { Paged } from "#domain/common/paging";
import { ValidationFailed } from "#shared/errors";
import type { AppEnv } from "./context";

export type Paging = ReturnType<typeof createPaging>;

export function createPaging(cursors: CursorCodec) {
  return {
    /** Runs `list` with the service's own cursor, and answers with the bound one. */
    async page<Q extends { cursor?: string | undefined }, T>(
      c: Context<AppEnv>,
      query: Q,
      list: (query: Q) => Promise<Paged<T>>,
    ): Promise<Paged<T>> {
      const scope = scopeOf(c, query);
      const inner = query.cursor === undefined ? undefined : innerCursor(cursors.decode(scope, query.cursor));
      const result = await list({ ...query, cursor: inner });
      return { ...result, nextCursor: result.nextCursor === null ? null : cursors.encode(scope, result.nextCursor) };
    },
  };
}

function scopeOf(c: Context<AppEnv>, query: { cursor?: string | undefined }): string {
  const principal = c.get("principal") as Principal | undefined;
  const caller = principal ? [principal.sub, principal.role, principal.orgId ?? null] : null;
  const { cursor: _position, ...parameters } = query;
  return canonicalJson([caller, c.req.routePath, c.req.param(), parameters]);
}

function innerCursor(value: unknown): string {
  if (typeof value !== "string") {
    throw new ValidationFailed([{ path: "cursor", message: "The cursor is not valid for this query" }]);
  }
  return value;
}
