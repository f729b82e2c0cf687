/** Cross-cutting HTTP behaviour that every route shares. */
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../helpers/harness";

let h: Harness;
let adminToken: string;
const logLines: Record<string, unknown>[] = [];
const capture = (message: string, attributes: Record<string, unknown> = {}) =>
  logLines.push({ message, ...attributes });

beforeAll(async () => {
  h = await createHarness({
    corsOrigins: ["https://app.praktikbolig.dk"],
    logger: { info: capture, warn: capture, error: capture },
  });
  adminToken = await h.tokenFor(h.admin);
});

const validOrganization = { kind: "council", name: "Kalundborg Erhvervsråd", municipalities: ["326"] };

describe("problem+json errors", () => {
  it("answers an unknown route with a 404 problem", async () => {
    const response = await h.call("GET", "/no-such-thing");
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(response.json).toMatchObject({
      status: 404,
      title: "Not found",
      type: expect.stringContaining("not-found"),
    });
  });

  it("answers invalid JSON with 400", async () => {
    const response = await h.call("POST", "/organizations", { token: adminToken, rawBody: '{"kind": "council",' });
    expect(response.status).toBe(400);
    expect(response.json.detail).toMatch(/not valid JSON/);
  });

  it("rejects unknown body fields, naming each one", async () => {
    const response = await h.call("POST", "/organizations", {
      token: adminToken,
      body: { ...validOrganization, isAdmin: true, extra: 1 },
    });
    expect(response.status).toBe(400);
    expect(response.json.errors).toEqual(
      expect.arrayContaining([
        { path: "isAdmin", message: "Unknown field" },
        { path: "extra", message: "Unknown field" },
      ]),
    );
  });

  it("names nested fields with dot-joined paths", async () => {
    const response = await h.call("POST", "/organizations", {
      token: adminToken,
      body: { ...validOrganization, municipalities: ["326", "999"] },
    });
    expect(response.status).toBe(400);
    expect(response.json.errors).toEqual([{ path: "municipalities.1", message: "Unknown municipality code" }]);
  });

  it("refuses bodies over 256 KB with 413", async () => {
    const response = await h.call("POST", "/organizations", {
      token: adminToken,
      body: { ...validOrganization, name: "x".repeat(300 * 1024) },
    });
    expect(response.status).toBe(413);
    expect(response.json.status).toBe(413);
  });

  it("refuses a body that is not JSON with 415", async () => {
    const response = await h.call("POST", "/organizations", {
      token: adminToken,
      rawBody: "kind=council",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(response.status).toBe(415);
  });

  it("never shows an internal error's message or stack", async () => {
    // A table that does not exist makes DynamoDB fail inside the request.
    const broken = await createHarness();
    const token = await broken.tokenFor(broken.admin);
    const { DeleteTableCommand } = await import("@aws-sdk/client-dynamodb");
    await broken.db.client.send(new DeleteTableCommand({ TableName: broken.tableName }));
    const response = await broken.call("GET", "/organizations", { token });
    expect(response.status).toBe(500);
    expect(response.json).toMatchObject({ status: 500, title: "Internal error" });
    expect(response.text).not.toMatch(/ResourceNotFound|table|stack|at .*\.ts/i);
    expect(response.json.requestId).toBe(response.headers.get("x-request-id"));
  });
});

describe("authentication and the order of checks", () => {
  it("answers 401 without a token, and with a bad one", async () => {
    expect((await h.call("GET", "/me")).status).toBe(401);
    expect((await h.call("GET", "/me", { token: "not-a-jwt" })).status).toBe(401);
    const tampered = `${adminToken.slice(0, -4)}AAAA`;
    expect((await h.call("GET", "/me", { token: tampered })).status).toBe(401);
  });

  it("checks the token before the role, and the role before the body", async () => {
    const student = await h.tokenFor({ sub: "s1", role: "student" });
    const badBody = { kind: "nonsense" };
    expect((await h.call("POST", "/organizations", { body: badBody })).status).toBe(401);
    expect((await h.call("POST", "/organizations", { token: student, body: badBody })).status).toBe(403);
    expect((await h.call("POST", "/organizations", { token: adminToken, body: badBody })).status).toBe(400);
  });
});

describe("headers on every response", () => {
  it("carry a request id, security headers and no x-powered-by", async () => {
    const response = await h.call("GET", "/health");
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("strict-transport-security")).toContain("max-age=");
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(response.headers.get("x-powered-by")).toBeNull();
  });

  it("never take the request id from the client", async () => {
    const response = await h.call("GET", "/health", { headers: { "x-request-id": "chosen-by-client" } });
    expect(response.headers.get("x-request-id")).not.toBe("chosen-by-client");
  });

  it("allow CORS for configured origins only", async () => {
    const allowed = await h.call("OPTIONS", "/me", {
      headers: { origin: "https://app.praktikbolig.dk", "access-control-request-method": "GET" },
    });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://app.praktikbolig.dk");
    const other = await h.call("OPTIONS", "/me", {
      headers: { origin: "https://evil.example", "access-control-request-method": "GET" },
    });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("logs", () => {
  it("hold ids and outcomes, never bodies or tokens", async () => {
    logLines.length = 0;
    const secretName = "Hemmelig Institution Navn";
    await h.call("POST", "/organizations", {
      token: adminToken,
      body: { kind: "institution", name: secretName, municipalities: [] },
    });
    await h.call("POST", "/organizations", { token: adminToken, body: { name: secretName, bogus: 1 } });
    const logged = JSON.stringify(logLines);
    expect(logLines.length).toBeGreaterThanOrEqual(2);
    expect(logLines[0]).toMatchObject({ message: "request", method: "POST", route: "/organizations", status: 201 });
    expect(logged).not.toContain(secretName);
    expect(logged).not.toContain(adminToken);
  });
});

describe("public routes", () => {
  it("serve health, the municipalities, the OpenAPI document of every route and the docs page without a token", async () => {
    expect((await h.call("GET", "/health")).json).toEqual({ status: "ok" });
    const municipalities = await h.call("GET", "/municipalities");
    expect(municipalities.json.items).toHaveLength(18);
    expect(municipalities.json.nextCursor).toBeNull();
    expect(municipalities.json.items).toContainEqual(
      expect.objectContaining({ code: "326", name: "Kalundborg", lat: expect.any(Number), lon: expect.any(Number) }),
    );
    const openapi = await h.call("GET", "/openapi.json");
    expect(openapi.json.openapi).toBe("3.1.0");
    expect(Object.keys(openapi.json.paths)).toEqual(
      expect.arrayContaining([
        "/health",
        "/municipalities",
        "/organizations",
        "/organizations/{id}",
        "/me",
        "/listings",
        "/listings/{id}",
        "/listings/{id}/submit",
        "/listings/{id}/withdraw",
        "/listings/{id}/approve",
        "/listings/{id}/reject",
        "/listings/{id}/history",
        "/reviews",
        "/housing-requests",
        "/housing-requests/{id}",
        "/housing-requests/{id}/cancel",
        "/housing-requests/{id}/matches",
        "/housing-requests/{id}/applications",
        "/housing-requests/{id}/history",
        "/applications",
        "/applications/{id}",
        "/applications/{id}/offer",
        "/applications/{id}/decline",
        "/applications/{id}/accept",
        "/applications/{id}/withdraw",
        "/applications/{id}/history",
        "/bookings",
        "/bookings/{id}",
        "/bookings/{id}/cancel",
        "/bookings/{id}/history",
      ]),
    );
    const newOrganization = openapi.json.paths["/organizations"].post.requestBody.content["application/json"].schema;
    expect(newOrganization.additionalProperties).toBe(false);
    const docs = await h.call("GET", "/docs");
    expect(docs.status).toBe(200);
    expect(docs.text).toContain("/openapi.json");
  });

  it("page the municipalities with a limit, and refuse limits outside 1–100", async () => {
    const first = await h.call("GET", "/municipalities?limit=10");
    expect(first.json.items).toHaveLength(10);
    const second = await h.call("GET", `/municipalities?limit=10&cursor=${first.json.nextCursor}`);
    expect(second.json.items).toHaveLength(8);
    expect(second.json.nextCursor).toBeNull();
    expect((await h.call("GET", "/municipalities?limit=0")).status).toBe(400);
    expect((await h.call("GET", "/municipalities?limit=101")).status).toBe(400);
    expect((await h.call("GET", "/municipalities?limit=ten")).status).toBe(400);
  });
});
