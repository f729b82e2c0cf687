/**
 * The Idempotency-Key middleware and its DynamoDB store, on a small test app
 * (so no product route is needed) against DynamoDB Local.
 */
import { randomUUID } from "node:crypto";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DynamoIdempotencyStore } from "#db/idempotency";
import { canonicalJson } from "#domain/common/canonical-json";
import { Conflict } from "#shared/errors";
import { createManualClock } from "#shared/runtime";
import { createGuards } from "../../functions/api/http/auth";
import type { AppEnv, AppLogger } from "../../functions/api/http/context";
import { createIdempotency, requestBodyHash } from "../../functions/api/http/idempotency";
import { bearer, jsonBody } from "../../functions/api/http/openapi";
import { handleError, validationHook } from "../../functions/api/http/problems";
import { createHarness, type Harness } from "../helpers/harness";

const HOUR = 60 * 60 * 1000;

let h: Harness;
let alice: string;
let bob: string;
const clock = createManualClock("2026-12-01T09:00:00Z");
const logLines: { level: string; message: string }[] = [];
const logger: AppLogger = {
  info: () => {},
  warn: (message) => logLines.push({ level: "warn", message }),
  error: (message) => logLines.push({ level: "error", message }),
};

/** What the test route did: one entry per execution of its handler. */
let runs: { thingId: string; name: string; createdId: string }[];
/** Makes the next execution throw (a 500). */
let failNext: boolean;
/** When set, executions wait for it (a slow or hung first attempt). */
let gate: Promise<void> | undefined;
/** Milliseconds each execution takes. */
let workMs: number;

function buildApp() {
  const store = new DynamoIdempotencyStore(h.db, clock);
  const { idempotent } = createIdempotency(store, clock);
  const { allow } = createGuards(h.tokens.verifier, h.services.accounts);
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use("*", async (c, next) => {
    c.set("requestId", randomUUID());
    c.set("logger", logger);
    await next();
  });
  app.openapi(
    createRoute({
      method: "post",
      path: "/things/{id}/act",
      security: bearer,
      middleware: [allow(), idempotent],
      request: {
        params: z.object({ id: z.string() }),
        body: jsonBody(
          z.strictObject({ name: z.string().min(2), details: z.record(z.string(), z.unknown()).optional() }),
        ),
      },
      responses: { 201: { description: "Created" } },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const { name } = c.req.valid("json");
      const createdId = randomUUID();
      runs.push({ thingId: id, name, createdId });
      if (workMs > 0) await new Promise((resolve) => setTimeout(resolve, workMs));
      if (gate) await gate;
      if (failNext) {
        failNext = false;
        throw new Error("boom");
      }
      if (name === "conflicting") throw new Conflict("The thing is already in that state");
      c.header("Location", `/things/${id}/results/${createdId}`);
      c.header("ETag", '"1"');
      c.header("X-Not-Kept", "per-execution");
      return c.json({ id: createdId, thingId: id, name, execution: runs.length }, 201);
    },
  );
  app.onError(handleError);
  return app;
}

let app: ReturnType<typeof buildApp>;

async function post(
  path: string,
  init: { token?: string; key?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { "content-type": "application/json", ...init.headers };
  headers.authorization = `Bearer ${init.token ?? alice}`;
  if (init.key !== undefined) headers["idempotency-key"] = init.key;
  const body = init.rawBody ?? JSON.stringify(init.body ?? { name: "first" });
  const response = await app.request(path, { method: "POST", headers, body });
  const text = await response.text();
  const json = /json/.test(response.headers.get("content-type") ?? "") && text ? JSON.parse(text) : undefined;
  return { status: response.status, headers: response.headers, text, json };
}

const newKey = () => `key-${randomUUID()}`;

async function idempotencyItems() {
  const { Items = [] } = await h.db.client.send(
    new ScanCommand({
      TableName: h.db.tableName,
      FilterExpression: "begins_with(pk, :prefix)",
      ExpressionAttributeValues: { ":prefix": "IDEMPOTENCY#" },
      ConsistentRead: true,
    }),
  );
  return Items;
}

beforeAll(async () => {
  h = await createHarness();
  alice = await h.tokenFor({ sub: "alice", role: "student" });
  bob = await h.tokenFor({ sub: "bob", role: "student" });
  app = buildApp();
});

beforeEach(() => {
  runs = [];
  failNext = false;
  gate = undefined;
  workMs = 0;
  logLines.length = 0;
  clock.set("2026-12-01T09:00:00Z");
});

describe("repeating a request with the same key", () => {
  it("replays the first answer exactly (status, body, Location, ETag, Content-Type) and runs once", async () => {
    const key = newKey();
    const first = await post("/things/a/act", { key, body: { name: "first", details: { x: 1 } } });
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const again = await post("/things/a/act", { key, body: { name: "first", details: { x: 1 } } });
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
    expect(again.headers.get("location")).toBe(first.headers.get("location"));
    expect(again.headers.get("etag")).toBe('"1"');
    expect(again.headers.get("content-type")).toBe(first.headers.get("content-type"));
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.headers.get("x-not-kept")).toBeNull();
    expect(runs).toHaveLength(1);
  });

  it("treats a body with another key order or whitespace as the same body", async () => {
    const key = newKey();
    const first = await post("/things/a/act", {
      key,
      rawBody: JSON.stringify({ name: "ordered", details: { a: 1, b: [1, { c: 2, d: 3 }] } }),
    });
    const reordered = await post("/things/a/act", {
      key,
      rawBody: '{ "details": { "b": [1, { "d": 3, "c": 2 }], "a": 1 },\n  "name": "ordered" }',
    });
    expect(reordered.status).toBe(201);
    expect(reordered.json).toEqual(first.json);
    expect(reordered.headers.get("idempotent-replayed")).toBe("true");
    expect(runs).toHaveLength(1);
  });

  it("answers 422 when the key is reused with another body, and runs nothing", async () => {
    const key = newKey();
    await post("/things/a/act", { key, body: { name: "first" } });
    const other = await post("/things/a/act", { key, body: { name: "second" } });
    expect(other.status).toBe(422);
    expect(other.headers.get("content-type")).toBe("application/problem+json");
    expect(other.json).toMatchObject({ status: 422, type: expect.stringContaining("idempotency-key-reused") });
    const reordered = await post("/things/a/act", { key, body: { details: { a: [2, 1] }, name: "first" } });
    expect(reordered.status).toBe(422);
    expect(runs).toHaveLength(1);
  });

  it("remembers a 4xx answer the handler gave (a state conflict) and replays it", async () => {
    const key = newKey();
    const first = await post("/things/a/act", { key, body: { name: "conflicting" } });
    expect(first.status).toBe(409);
    const again = await post("/things/a/act", { key, body: { name: "conflicting" } });
    expect(again.status).toBe(409);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.json).toEqual(first.json);
    expect(runs).toHaveLength(1);
  });
});

describe("scope of a key", () => {
  it("runs separately for another caller with the same key and body", async () => {
    const key = newKey();
    const mine = await post("/things/a/act", { key, token: alice });
    const theirs = await post("/things/a/act", { key, token: bob });
    expect(theirs.status).toBe(201);
    expect(theirs.headers.get("idempotent-replayed")).toBeNull();
    expect(theirs.json.id).not.toBe(mine.json.id);
    expect(runs).toHaveLength(2);
  });

  it("runs separately on another path (the same action on another object)", async () => {
    const key = newKey();
    const onA = await post("/things/a/act", { key });
    const onB = await post("/things/b/act", { key });
    expect(onB.status).toBe(201);
    expect(onB.headers.get("idempotent-replayed")).toBeNull();
    expect(onB.json.thingId).toBe("b");
    expect(onB.json.id).not.toBe(onA.json.id);
    expect(runs.map((run) => run.thingId)).toEqual(["a", "b"]);
  });

  it("keys records by a hash, with no caller id or key in them, kept 24 hours", async () => {
    const key = "visible-key-42";
    await post("/things/a/act", { key });
    const items = await idempotencyItems();
    const item = items.find(
      (candidate) => candidate.state === "completed" && candidate.response?.body?.includes('"a"'),
    );
    expect(item).toBeDefined();
    for (const candidate of items) {
      expect(candidate.pk).toMatch(/^IDEMPOTENCY#[0-9a-f]{64}$/);
      expect(JSON.stringify([candidate.pk, candidate.sk])).not.toMatch(/alice|visible-key-42/);
    }
    expect(item?.expiresAt).toBe(Math.floor(clock.now().getTime() / 1000) + 24 * 60 * 60);
  });
});

describe("requests that are not remembered", () => {
  it("runs every time without an Idempotency-Key", async () => {
    const first = await post("/things/a/act");
    const second = await post("/things/a/act");
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.json.id).not.toBe(first.json.id);
    expect(second.headers.get("idempotent-replayed")).toBeNull();
    expect(runs).toHaveLength(2);
  });

  it.each([
    ["an empty key", ""],
    ["a key of 256 characters", "k".repeat(256)],
    ["a key with a space", "two words"],
    ["a key with a tab", "tab\there"],
    ["a key with a non-ASCII letter", "nøgle"],
  ])("refuses %s with a 400 naming the header", async (_, key) => {
    const response = await post("/things/a/act", { key });
    expect(response.status).toBe(400);
    expect(response.json.errors).toEqual([{ path: "Idempotency-Key", message: expect.any(String) }]);
    expect(runs).toHaveLength(0);
  });

  it("accepts a key of 255 visible characters", async () => {
    const key = `${"~".repeat(200)}!"#$%&'()*+,-./0123456789:;<=>?@[\\]^_\`{|}abcdefghijklmnopq`.slice(0, 255);
    expect(key).toHaveLength(255);
    expect((await post("/things/a/act", { key })).status).toBe(201);
    expect((await post("/things/a/act", { key })).headers.get("idempotent-replayed")).toBe("true");
    expect(runs).toHaveLength(1);
  });

  it("leaves the key free after a handler that threw (500), so a retry runs", async () => {
    const key = newKey();
    failNext = true;
    const failed = await post("/things/a/act", { key });
    expect(failed.status).toBe(500);
    const retried = await post("/things/a/act", { key });
    expect(retried.status).toBe(201);
    expect(retried.headers.get("idempotent-replayed")).toBeNull();
    const replayed = await post("/things/a/act", { key });
    expect(replayed.json).toEqual(retried.json);
    expect(replayed.headers.get("idempotent-replayed")).toBe("true");
    expect(runs).toHaveLength(2);
  });

  it("does not remember a request refused as invalid (400): the corrected body runs under the same key", async () => {
    const key = newKey();
    const invalid = await post("/things/a/act", { key, body: { name: "x", unknown: true } });
    expect(invalid.status).toBe(400);
    const malformed = await post("/things/a/act", { key, rawBody: '{"name":' });
    expect(malformed.status).toBe(400);
    const corrected = await post("/things/a/act", { key, body: { name: "corrected" } });
    expect(corrected.status).toBe(201);
    expect(corrected.headers.get("idempotent-replayed")).toBeNull();
    expect(runs).toHaveLength(1);
  });
});

describe("concurrency and expiry", () => {
  it("runs the handler exactly once for 10 parallel requests with the same key and body", async () => {
    const key = newKey();
    workMs = 150;
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => post("/things/a/act", { key, body: { name: "parallel" } })),
    );
    expect(runs).toHaveLength(1);
    const executed = responses.filter((r) => r.status === 201 && r.headers.get("idempotent-replayed") === null);
    expect(executed).toHaveLength(1);
    for (const response of responses) {
      expect([201, 409]).toContain(response.status);
      if (response.status === 201) expect(response.text).toBe(executed[0]?.text);
      if (response.status === 409) {
        expect(response.json.type).toContain("idempotency-in-progress");
      }
    }
    expect(responses.filter((r) => r.status === 409).length).toBeGreaterThan(0);
    const after = await post("/things/a/act", { key, body: { name: "parallel" } });
    expect(after.text).toBe(executed[0]?.text);
    expect(runs).toHaveLength(1);
  });

  it("runs once for parallel requests without a delay in the handler too", async () => {
    const key = newKey();
    const responses = await Promise.all(Array.from({ length: 10 }, () => post("/things/a/act", { key })));
    expect(runs).toHaveLength(1);
    expect(responses.every((r) => r.status === 201 || r.status === 409)).toBe(true);
  });

  it("answers 409 to a repeat while the first is still running, and 422 to another body meanwhile", async () => {
    const key = newKey();
    let finish = () => {};
    gate = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const first = post("/things/a/act", { key });
    await waitFor(() => runs.length === 1);
    const repeat = await post("/things/a/act", { key });
    expect(repeat.status).toBe(409);
    expect(repeat.json.type).toContain("idempotency-in-progress");
    expect((await post("/things/a/act", { key, body: { name: "another" } })).status).toBe(422);
    finish();
    expect((await first).status).toBe(201);
    expect((await post("/things/a/act", { key })).headers.get("idempotent-replayed")).toBe("true");
    expect(runs).toHaveLength(1);
  });

  it("treats a record whose retention passed (25 hours later) as absent", async () => {
    const key = newKey();
    const first = await post("/things/a/act", { key });
    clock.advance(23 * HOUR);
    expect((await post("/things/a/act", { key })).headers.get("idempotent-replayed")).toBe("true");
    clock.advance(2 * HOUR);
    const later = await post("/things/a/act", { key });
    expect(later.status).toBe(201);
    expect(later.headers.get("idempotent-replayed")).toBeNull();
    expect(later.json.id).not.toBe(first.json.id);
    expect(runs).toHaveLength(2);
    // ...and a new body under the expired key is no reuse either.
    clock.advance(25 * HOUR);
    expect((await post("/things/a/act", { key, body: { name: "new body" } })).status).toBe(201);
  });

  it("lets a retry take over an attempt whose lease passed (it hung or crashed)", async () => {
    const key = newKey();
    let finishHung = () => {};
    gate = new Promise<void>((resolve) => {
      finishHung = resolve;
    });
    const hung = post("/things/a/act", { key });
    await waitFor(() => runs.length === 1);
    gate = undefined;

    clock.advance(30_000);
    expect((await post("/things/a/act", { key })).status).toBe(409);

    clock.advance(31_000);
    const takeover = await post("/things/a/act", { key });
    expect(takeover.status).toBe(201);
    expect(takeover.headers.get("idempotent-replayed")).toBeNull();
    expect(runs).toHaveLength(2);

    // The hung attempt finishes late: it still answers, but the record keeps the takeover's answer.
    finishHung();
    const late = await hung;
    expect(late.status).toBe(201);
    expect(logLines.map((line) => line.message)).toContainEqual(expect.stringMatching(/lease/));
    const replay = await post("/things/a/act", { key });
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.text).toBe(takeover.text);
    expect(runs).toHaveLength(2);
  });
});

describe("the same body", () => {
  it("hashes the same JSON value the same, whatever the key order or spacing", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { f: 1, e: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"e":2,"f":1}]},"b":1}',
    );
    expect(requestBodyHash('{"a":1,"b":[1,2]}')).toBe(requestBodyHash(' { "b" : [1, 2], "a" : 1.0 } '));
  });

  it("tells apart array order, empty bodies, empty objects and non-JSON text", () => {
    const hashes = [
      requestBodyHash('{"a":[1,2]}'),
      requestBodyHash('{"a":[2,1]}'),
      requestBodyHash(""),
      requestBodyHash("{}"),
      requestBodyHash("null"),
      requestBodyHash("not json"),
      requestBodyHash('"not json"'),
    ];
    expect(new Set(hashes).size).toBe(hashes.length);
    expect(requestBodyHash("not json")).toBe(requestBodyHash("not json"));
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000) {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
