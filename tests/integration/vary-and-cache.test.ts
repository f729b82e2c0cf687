/**
 * What shared caches see: every answer varies by Origin (CORS answers differ
 * from others), answers are not stored unless their route says so, and the
 * headers set before a route runs give way to the route's own.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../helpers/harness";

const ORIGIN = "https://app.praktikbolig.dk";
let h: Harness;

beforeAll(async () => {
  h = await createHarness({ corsOrigins: [ORIGIN] });
});

const varyNames = (response: { headers: Headers }) =>
  (response.headers.get("vary") ?? "").split(",").map((name) => name.trim().toLowerCase());

describe("Vary and Cache-Control", () => {
  it("vary by Origin and are not stored, with or without an Origin header", async () => {
    const origins: Record<string, string>[] = [{}, { origin: ORIGIN }, { origin: "https://elsewhere.example" }];
    for (const headers of origins) {
      for (const path of ["/health", "/no-such-thing"]) {
        const response = await h.call("GET", path, { headers });
        expect(varyNames(response), `${path} ${JSON.stringify(headers)}`).toEqual(["origin"]);
        expect(response.headers.get("cache-control")).toBe("no-store");
      }
    }
  });

  it("give CORS headers to allowed origins only, on simple requests as on preflights", async () => {
    const allowed = await h.call("GET", "/health", { headers: { origin: ORIGIN } });
    expect(allowed.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(allowed.headers.get("access-control-expose-headers")).toContain("X-Request-Id");
    const plain = await h.call("GET", "/health");
    expect(plain.headers.get("access-control-allow-origin")).toBeNull();
    const preflight = await h.call("OPTIONS", "/listings", {
      headers: { origin: ORIGIN, "access-control-request-method": "POST" },
    });
    expect(preflight.status).toBe(204);
    expect(varyNames(preflight)).toContain("origin");
    expect(preflight.headers.get("x-request-id")).toBeTruthy();
    expect(preflight.headers.get("x-frame-options")).toBe("DENY");
  });

  it("keep a route's own Cache-Control and Vary, and add Origin to its Vary", async () => {
    const municipalities = await h.call("GET", "/municipalities");
    expect(municipalities.headers.get("cache-control")).toBe("public, max-age=3600");
    expect(varyNames(municipalities)).toEqual(["origin"]);

    const page = await h.app.request("/docs");
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(await page.text())?.[1] ?? "";
    const asset = await h.app.request(script, { headers: { "accept-encoding": "gzip" } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(varyNames(asset)).toEqual(["accept-encoding", "origin"]);
  });

  it("carry the security headers on answers a route built itself, and on refusals", async () => {
    const refused = await h.call("POST", "/listings", { rawBody: "x".repeat(300 * 1024) });
    expect(refused.status).toBe(413);
    for (const response of [refused, await h.call("GET", "/municipalities")]) {
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    }
  });
});
