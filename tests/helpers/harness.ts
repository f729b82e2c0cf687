/**
 * A fresh table and app per test file, on the run's DynamoDB Local, with
 * helpers to sign in as any role and call the API as a client would.
 */
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import type { Principal } from "#auth/principal";
import type { IdentityDirectory } from "#domain/accounts/identity";
import { createManualClock, type ManualClock } from "#shared/runtime";
import type { AppLogger } from "../../functions/api/http/context";
import { silentLogger } from "../../functions/api/logging";
import { ensureTable } from "../../functions/local/dynamodb-local";
import { createLocalApp } from "../../functions/local/local-app";
import { type Answer, type Conformance, createConformance } from "./conformance";

export interface HarnessOptions {
  clock?: ManualClock;
  logger?: AppLogger;
  corsOrigins?: string[];
  identity?: IdentityDirectory;
}

/** Built once per test file, from the app's own document. */
let conformance: Promise<Conformance> | undefined;

async function documentConformance(app: { request(path: string): Response | Promise<Response> }) {
  return createConformance(await (await app.request("/openapi.json")).text());
}

export async function createHarness(options: HarnessOptions = {}) {
  const endpoint = inject("dynamoEndpoint");
  const tableName = `test-${randomBytes(6).toString("hex")}`;
  await ensureTable(endpoint, tableName);
  const clock = options.clock ?? createManualClock("2026-12-01T09:00:00Z");
  const local = await createLocalApp({
    endpoint,
    tableName,
    clock,
    logger: options.logger ?? silentLogger,
    corsOrigins: options.corsOrigins,
    identity: options.identity,
  });

  const tokenFor = (principal: Principal) => local.tokens.issue(principal);

  /** Every answer a test receives must be one the OpenAPI document declares. */
  async function conform(method: string, url: string, answer: Answer) {
    conformance ??= documentConformance(local.app);
    (await conformance)(method, url, answer);
  }

  async function call(
    method: string,
    path: string,
    init: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ) {
    const headers: Record<string, string> = { ...init.headers };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    let body: string | undefined = init.rawBody;
    if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers["content-type"] ??= "application/json";
    } else if (body !== undefined) {
      headers["content-type"] ??= "application/json";
    }
    const response = await local.app.request(path, { method, headers, body });
    const text = await response.text();
    await conform(method, path, { status: response.status, headers: response.headers, text });
    const json = text && /json/.test(response.headers.get("content-type") ?? "") ? JSON.parse(text) : undefined;
    return { status: response.status, headers: response.headers, json, text };
  }

  /** The app as `fetch`, for clients generated from the OpenAPI document. */
  const fetch = async (request: Request) => {
    const method = request.method;
    const response = await local.app.request(request);
    await conform(method, request.url, {
      status: response.status,
      headers: response.headers,
      text: await response.clone().text(),
    });
    return response;
  };

  const admin: Principal = { sub: "admin-1", role: "admin" };

  /** Creates an organisation through the API, as an admin would. */
  async function createOrganization(input: {
    kind: "institution" | "council";
    name: string;
    municipalities: string[];
  }) {
    const response = await call("POST", "/organizations", { token: await tokenFor(admin), body: input });
    if (response.status !== 201) throw new Error(`organization not created: ${response.text}`);
    return response.json as { id: string; kind: string; name: string; municipalities: string[]; version: number };
  }

  /** Pages and API as one server sends them (the pages are not in the OpenAPI document). */
  const fetchSite = (request: Request, env?: unknown) => local.fetch(request, env);

  return { ...local, clock, tableName, endpoint, call, fetch, fetchSite, tokenFor, admin, createOrganization };
}

export type Harness = Awaited<ReturnType<typeof createHarness>>;
