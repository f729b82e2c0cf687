/**
 * The one module that knows HTTP status codes: domain errors and framework
 * exceptions become RFC 9457 problem+json answers here. A 5xx never says more
 * than that something went wrong, and the request id to quote.
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ZodError } from "zod";
import { DomainError, type FieldIssue, ValidationFailed, VersionMismatch } from "#shared/errors";
import type { AppEnv } from "./context";
import { etagOf } from "./versions";

const PROBLEM_BASE = "https://praktikbolig.dk/problems/";

interface ProblemKind {
  status: ContentfulStatusCode;
  slug: string;
  title: string;
}

const byDomainKind: Record<string, ProblemKind> = {
  unauthenticated: { status: 401, slug: "unauthenticated", title: "Not signed in" },
  forbidden: { status: 403, slug: "forbidden", title: "Not allowed for your role" },
  "not-found": { status: 404, slug: "not-found", title: "Not found" },
  validation: { status: 400, slug: "validation", title: "Invalid request" },
  conflict: { status: 409, slug: "conflict", title: "Conflict with the current state" },
  "version-mismatch": { status: 412, slug: "version-mismatch", title: "Version no longer current" },
  "idempotency-key-reused": { status: 422, slug: "idempotency-key-reused", title: "Idempotency key reused" },
  "idempotency-in-progress": { status: 409, slug: "idempotency-in-progress", title: "Request still in progress" },
};

const byHttpStatus: Record<number, ProblemKind> = {
  400: { status: 400, slug: "malformed-request", title: "Malformed request" },
  404: { status: 404, slug: "not-found", title: "Not found" },
  413: { status: 413, slug: "payload-too-large", title: "Request body too large" },
  415: { status: 415, slug: "unsupported-media-type", title: "Unsupported media type" },
};

const internal: ProblemKind = { status: 500, slug: "internal", title: "Internal error" };

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  requestId: string;
  errors?: FieldIssue[];
}

/**
 * RFC 6750's challenge: a client that sent no token is told a bearer token is
 * wanted; one whose bearer token was refused is told so with `invalid_token`.
 */
function bearerChallenge(c: Context<AppEnv>): string {
  const sentBearer = /^bearer\s/i.test(c.req.header("authorization") ?? "");
  return sentBearer ? 'Bearer error="invalid_token"' : "Bearer";
}

export function problemResponse(c: Context<AppEnv>, kind: ProblemKind, detail: string, errors?: FieldIssue[]) {
  const body: Problem = {
    type: `${PROBLEM_BASE}${kind.slug}`,
    title: kind.title,
    status: kind.status,
    detail,
    instance: c.req.path,
    requestId: c.get("requestId"),
    ...(errors ? { errors } : {}),
  };
  const headers: Record<string, string> = { "Content-Type": "application/problem+json" };
  if (kind.status === 401) headers["WWW-Authenticate"] = bearerChallenge(c);
  return c.body(JSON.stringify(body), kind.status, headers);
}

/** Hono's onError: every thrown error ends here. */
export function handleError(error: Error, c: Context<AppEnv>) {
  if (error instanceof DomainError) {
    const kind = byDomainKind[error.kind] ?? internal;
    if (error instanceof VersionMismatch && error.currentVersion !== undefined)
      c.header("ETag", etagOf(error.currentVersion));
    const issues = error instanceof ValidationFailed ? error.issues : undefined;
    return problemResponse(c, kind, error.message, issues);
  }
  if (error instanceof HTTPException && byHttpStatus[error.status]) {
    const kind = byHttpStatus[error.status] as ProblemKind;
    return problemResponse(c, kind, kind.status === 400 ? "The request body is not valid JSON" : kind.title);
  }
  c.get("logger").error("Unhandled error", {
    requestId: c.get("requestId"),
    errorName: error.name,
    stack: error.stack,
  });
  return problemResponse(c, internal, "Something went wrong. Quote the request id if you contact support.");
}

export const notFoundProblem = (c: Context<AppEnv>) =>
  problemResponse(c, byHttpStatus[404] as ProblemKind, `No route ${c.req.method} ${c.req.path}`);

/** Zod issues as `{ path, message }` with dot-joined paths; unknown keys get one issue each. */
export function fieldIssues(error: ZodError): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ path: [...path, key].join("."), message: "Unknown field" }));
    }
    return [{ path: path.join("."), message: issue.message }];
  });
}

/** zod-openapi's hook: a failed validation becomes a 400 problem with field issues. */
export function validationHook(result: { success: boolean; error?: ZodError }) {
  if (!result.success && result.error) throw new ValidationFailed(fieldIssues(result.error));
}

/** The body is larger than the API accepts. */
export class PayloadTooLarge extends HTTPException {
  constructor() {
    super(413, { message: "Request body too large" });
  }
}
