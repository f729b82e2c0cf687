/** ETag and If-Match: a resource's version as the strong tag `"<version>"`. */
import type { Context } from "hono";
import { ValidationFailed } from "#shared/errors";

export const etagOf = (version: number) => `"${version}"`;

/** The version an `If-Match` header names; undefined when absent or `*`. */
export function ifMatchVersion(c: Context): number | undefined {
  const header = c.req.header("if-match")?.trim();
  if (header === undefined || header === "*") return undefined;
  const match = /^"(\d{1,9})"$/.exec(header);
  if (!match) throw new ValidationFailed([{ path: "If-Match", message: 'Use the ETag of the resource, e.g. "3"' }]);
  return Number(match[1]);
}
