/** Headers that clients and browsers act on: framing and the 401 challenge. */
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../helpers/harness";

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});

describe("framing", () => {
  it("forbids framing the API and the docs page in both the old header and the CSP", async () => {
    for (const path of ["/health", "/no-such-thing", "/docs"]) {
      const response = await h.call("GET", path);
      expect(response.headers.get("x-frame-options"), path).toBe("DENY");
      expect(response.headers.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
    }
  });
});

describe("401 answers", () => {
  it("challenge for a bearer token when none was sent (RFC 6750, no error code)", async () => {
    for (const [method, path] of [
      ["GET", "/me"],
      ["GET", "/organizations"],
      ["POST", "/listings"],
    ] as const) {
      const response = await h.call(method, path, method === "POST" ? { body: {} } : {});
      expect(response.status, `${method} ${path}`).toBe(401);
      expect(response.headers.get("www-authenticate"), `${method} ${path}`).toBe("Bearer");
    }
  });

  it('say error="invalid_token" when the bearer token sent is not valid', async () => {
    const valid = await h.tokenFor({ sub: "student-freja", role: "student" });
    const tampered = `${valid.slice(0, -4)}AAAA`;
    for (const token of ["not-a-jwt", tampered]) {
      const response = await h.call("GET", "/me", { token });
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe('Bearer error="invalid_token"');
    }
  });

  it("carry no challenge on answers that are not 401", async () => {
    const response = await h.call("GET", "/me", { token: await h.tokenFor(h.admin) });
    expect(response.status).toBe(200);
    expect(response.headers.get("www-authenticate")).toBeNull();
  });
});
