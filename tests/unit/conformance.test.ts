/** The contract net itself: it refuses answers the document does not declare. */
import { beforeAll, describe, expect, it } from "vitest";
import { apiDocument } from "../contract/document";
import { type Conformance, createConformance } from "../helpers/conformance";

let check: Conformance;

beforeAll(async () => {
  check = createConformance(await apiDocument());
});

const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  status,
  headers: new Headers({ "content-type": "application/json", ...headers }),
  text: typeof body === "string" ? body : JSON.stringify(body),
});

const problem = {
  type: "https://praktikbolig.dk/problems/not-found",
  title: "Not found",
  status: 404,
  detail: "Listing not found",
  instance: "/listings/abc",
  requestId: "r-1",
};

describe("contract conformance", () => {
  it("passes an answer the document declares", () => {
    expect(() =>
      check("GET", "/listings/abc", answer(404, problem, { "content-type": "application/problem+json" })),
    ).not.toThrow();
    expect(() => check("GET", "/health", answer(200, { status: "ok" }))).not.toThrow();
  });

  it("names the route, the status and the schema error of a body that does not fit", () => {
    expect(() => check("GET", "/health", answer(200, { status: "fine" }))).toThrow(
      /GET \/health \(health\) answered 200: body\/status must be equal to one of the allowed values/,
    );
    expect(() => check("GET", "/listings/abc", answer(200, { id: "abc" }, { etag: '"1"' }))).toThrow(
      /GET \/listings\/\{id\} \(getListing\) answered 200: .*must have required property/,
    );
  });

  it("refuses a status, a content type or a missing header the document does not declare", () => {
    expect(() => check("GET", "/health", answer(418, { status: "ok" }))).toThrow(/status not declared/);
    expect(() => check("GET", "/listings/abc", answer(404, problem, { "content-type": "text/html" }))).toThrow(
      /content type "text\/html" not declared/,
    );
    expect(() => check("GET", "/organizations/abc", answer(200, {}))).toThrow(/required header ETag missing/);
  });

  it("leaves alone what the document does not describe", () => {
    expect(() => check("GET", "/no-such-route", answer(404, "nothing"))).not.toThrow();
    expect(() => check("OPTIONS", "/me", answer(204, ""))).not.toThrow();
  });
});
