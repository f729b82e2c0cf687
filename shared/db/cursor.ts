/**
 * Opaque, tamper-proof pagination cursors: the position in a query, bound to
 * that query's scope. Positions are table keys (which name partitions,
 * students' ids, organisations), so they are encrypted, not just signed:
 * AES-256-GCM with a key derived from the cursor secret, a random 12-byte IV
 * and the scope as additional authenticated data. A cursor that was altered,
 * made with another secret, or that belongs to another scope fails
 * authentication and is refused.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { ValidationFailed } from "#shared/errors";

export interface CursorCodec {
  encode(scope: string, position: unknown): string;
  /** Returns the position, or throws ValidationFailed on any doubt. */
  decode(scope: string, cursor: string): unknown;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Versions the derived key, so a change of scheme can never decrypt old cursors as new ones. */
const KEY_INFO = "praktikbolig pagination cursor v1";

const invalidCursor = () =>
  new ValidationFailed([{ path: "cursor", message: "The cursor is not valid for this query" }]);

export function createCursorCodec(secret: string): CursorCodec {
  if (secret.length < 32) throw new Error("The cursor secret must be at least 32 characters");
  const key = Buffer.from(hkdfSync("sha256", secret, Buffer.alloc(0), KEY_INFO, 32));

  return {
    encode(scope, position) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", key, iv).setAAD(Buffer.from(scope));
      const sealed = Buffer.concat([cipher.update(JSON.stringify(position), "utf8"), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString("base64url");
    },
    decode(scope, cursor) {
      const bytes = Buffer.from(cursor, "base64url");
      // base64url decoding skips stray characters and spare bits: only the canonical text is this cursor.
      if (bytes.length <= IV_BYTES + TAG_BYTES || bytes.toString("base64url") !== cursor) throw invalidCursor();
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, IV_BYTES))
          .setAAD(Buffer.from(scope))
          .setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        const plain = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
        return JSON.parse(plain.toString("utf8"));
      } catch {
        throw invalidCursor();
      }
    },
  };
}
