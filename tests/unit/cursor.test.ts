import { describe, expect, it } from "vitest";
import { createCursorCodec } from "#db/cursor";
import { ValidationFailed } from "#shared/errors";

const codec = createCursorCodec("a-test-secret-that-is-long-enough-000");

describe("pagination cursors", () => {
  it("give back the position they were made from", () => {
    const position = { pk: "ORG#1", sk: "ORG", gsi1pk: "ORGS", gsi1sk: "ORG#1" };
    expect(codec.decode("organizations", codec.encode("organizations", position))).toEqual(position);
  });

  it("are refused when any character was changed", () => {
    const cursor = codec.encode("organizations", { pk: "ORG#1" });
    for (const index of [0, 5, cursor.indexOf(".") + 3, cursor.length - 1]) {
      const changed = cursor.slice(0, index) + (cursor[index] === "A" ? "B" : "A") + cursor.slice(index + 1);
      expect(() => codec.decode("organizations", changed)).toThrow(ValidationFailed);
    }
  });

  it("are refused by another query", () => {
    const cursor = codec.encode("listings:326", { pk: "x" });
    expect(() => codec.decode("listings:330", cursor)).toThrow(ValidationFailed);
  });

  it("are refused when made with another secret", () => {
    const other = createCursorCodec("another-secret-that-is-long-enough-11");
    expect(() => codec.decode("s", other.encode("s", 1))).toThrow(ValidationFailed);
  });

  it("refuse garbage without throwing anything but a validation error", () => {
    for (const garbage of ["", ".", "abc", "a.b.c", "%%%.%%%", "eyJ9.AAAA"]) {
      expect(() => codec.decode("s", garbage)).toThrow(ValidationFailed);
    }
  });
});
