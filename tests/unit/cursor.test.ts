import { describe, expect, it } from "vitest";
import { createCursorCodec } from "#db/cursor";
import { ValidationFailed } from "#shared/errors";

const codec = createCursorCodec("a-test-secret-that-is-long-enough-000");
const position = { pk: "ORG#1", sk: "ORG", gsi1pk: "STUDENT#student-freja#REQUESTS", gsi1sk: "2026-12-01#01abc" };

describe("pagination cursors", () => {
  it("give back the position they were made from", () => {
    expect(codec.decode("organizations", codec.encode("organizations", position))).toEqual(position);
  });

  it("reveal nothing of the position: no key names, no ids, not even in base64url", () => {
    const cursor = codec.encode("organizations", position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    const bytes = Buffer.from(cursor, "base64url").toString("latin1");
    // Key names as they appear in JSON, and the values: long enough that random ciphertext never holds them by chance.
    for (const secret of ['"pk"', '"gsi1pk"', "STUDENT", "student-freja", "ORG#1", "01abc", "2026-12-01"]) {
      expect(bytes).not.toContain(secret);
      expect(cursor).not.toContain(secret);
    }
  });

  it("differ each time, even for the same position", () => {
    expect(codec.encode("s", position)).not.toBe(codec.encode("s", position));
  });

  it("are refused when any character was changed", () => {
    const cursor = codec.encode("organizations", { pk: "ORG#1" });
    for (let index = 0; index < cursor.length; index++) {
      const changed = cursor.slice(0, index) + (cursor[index] === "A" ? "B" : "A") + cursor.slice(index + 1);
      expect(() => codec.decode("organizations", changed)).toThrow(ValidationFailed);
    }
  });

  it("are refused when cut short or lengthened", () => {
    const cursor = codec.encode("organizations", { pk: "ORG#1" });
    expect(() => codec.decode("organizations", cursor.slice(0, -1))).toThrow(ValidationFailed);
    expect(() => codec.decode("organizations", cursor.slice(0, 20))).toThrow(ValidationFailed);
    expect(() => codec.decode("organizations", `${cursor}A`)).toThrow(ValidationFailed);
    expect(() => codec.decode("organizations", `${cursor}=`)).toThrow(ValidationFailed);
  });

  it("are refused by another scope", () => {
    const cursor = codec.encode("listings:326", { pk: "x" });
    expect(() => codec.decode("listings:330", cursor)).toThrow(ValidationFailed);
  });

  it("are refused when made with another secret", () => {
    const other = createCursorCodec("another-secret-that-is-long-enough-11");
    expect(() => codec.decode("s", other.encode("s", 1))).toThrow(ValidationFailed);
  });

  it("refuse garbage without throwing anything but a validation error", () => {
    for (const garbage of ["", ".", "abc", "a.b.c", "%%%.%%%", "eyJ9.AAAA", "A".repeat(64), "eyJwayI6Ik9SRyMxIn0"]) {
      expect(() => codec.decode("s", garbage)).toThrow(ValidationFailed);
    }
  });
});
