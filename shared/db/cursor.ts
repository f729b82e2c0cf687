/**
 * Opaque, tamper-proof pagination cursors: the position in a query, bound to
 * that query's scope and signed with HMAC-SHA256. A cursor that was altered,
 * or that belongs to another query, is refused.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { ValidationFailed } from "#shared/errors";

export interface CursorCodec {
  encode(scope: string, position: unknown): string;
  /** Returns the position, or throws ValidationFailed on any doubt. */
  decode(scope: string, cursor: string): unknown;
}

const invalidCursor = () =>
  new ValidationFailed([{ path: "cursor", message: "The cursor is not valid for this query" }]);

export function createCursorCodec(secret: string): CursorCodec {
  if (secret.length < 32) throw new Error("The cursor secret must be at least 32 characters");
  const sign = (scope: string, payload: string) =>
    createHmac("sha256", secret).update(scope).update("\u0000").update(payload).digest();

  return {
    encode(scope, position) {
      const payload = Buffer.from(JSON.stringify(position)).toString("base64url");
      return `${payload}.${sign(scope, payload).toString("base64url")}`;
    },
    decode(scope, cursor) {
      const [payload, signature, extra] = cursor.split(".");
      if (!payload || !signature || extra !== undefined) throw invalidCursor();
      const expected = sign(scope, payload);
      const given = Buffer.from(signature, "base64url");
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalidCursor();
      try {
        return JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
      } catch {
        throw invalidCursor();
      }
    },
  };
}
