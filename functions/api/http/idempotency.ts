/**
 * `Idempotency-Key` on state-changing routes. Mount after the auth guard (the
 * key is scoped to the caller) and before the validators:
 *
 *   middleware: [allow("institution", "council"), idempotent]
 *
 * A repeat with the same key and the same JSON body returns the first answer
 * (status, body, Content-Type, Location, ETag) with `Idempotent-Replayed:
 * true` and runs nothing; another body answers 422; a repeat while the first
 * is still running answers 409. Answers of 5xx, and requests refused before
 * they ran (400 invalid input, 413, 415), are not remembered: a retry runs.
 */
import { createHash } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode, StatusCode } from "hono/utils/http-status";
import type { Principal } from "#auth/principal";
import type { IdempotencyLease, IdempotencyStore, StoredResponse } from "#db/idempotency";
import { canonicalJson } from "#domain/common/canonical-json";
import { IdempotencyInProgress, IdempotencyKeyReused, ValidationFailed } from "#shared/errors";
import type { Clock } from "#shared/runtime";
import type { AppEnv } from "./context";

export type { IdempotencyClaim, IdempotencyLease, IdempotencyStore, StoredResponse } from "#db/idempotency";

export const IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
export const REPLAYED_HEADER = "Idempotent-Replayed";

/** 1–255 visible ASCII characters. */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
/** Headers of the first answer that a replay repeats. */
const KEPT_HEADERS = ["content-type", "location", "etag"] as const;
/** Statuses whose responses must not carry a body. */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

export function createIdempotency(store: IdempotencyStore, clock: Clock) {
  const idempotent: MiddlewareHandler<AppEnv> = async (c, next) => {
    const key = c.req.header(IDEMPOTENCY_KEY_HEADER);
    if (key === undefined) return next();
    if (!KEY_PATTERN.test(key)) {
      throw new ValidationFailed([
        { path: IDEMPOTENCY_KEY_HEADER, message: "Must be 1 to 255 visible ASCII characters" },
      ]);
    }
    const principal = c.var.principal as Principal | undefined;
    if (!principal) throw new Error("The idempotent middleware must run after an auth guard");

    const scopeHash = sha256(JSON.stringify([principal.sub, c.req.method, c.req.path, key]));
    const requestHash = requestBodyHash(await c.req.text());
    const claim = await store.claim(scopeHash, requestHash, principal.sub);
    if (claim.outcome !== "acquired") {
      if (claim.requestHash !== requestHash) throw new IdempotencyKeyReused();
      if (claim.outcome === "in-progress") throw new IdempotencyInProgress();
      return replay(claim.response);
    }

    const { lease } = claim;
    const logger = c.get("logger");
    const logContext = { requestId: c.get("requestId"), route: c.req.routePath };
    try {
      await next();
    } catch (error) {
      // Only when no onError handled it further in: the attempt did not finish.
      await release(lease);
      throw error;
    }
    if (clock.now() > lease.lockedUntil) {
      logger.warn("Idempotent request outlived its lease; a retry may have run it again", logContext);
    }
    const response = c.res;
    if (response.status >= 500 || refusedBeforeRunning(c.error)) {
      await release(lease);
      return;
    }
    try {
      const stored = await store.complete(lease, await snapshot(response));
      if (!stored) logger.warn("Idempotency lease was taken over; the answer was not stored", logContext);
    } catch (error) {
      // The work is done: answer it rather than turn it into a 5xx the client would retry.
      logger.error("Could not store an idempotent answer", {
        ...logContext,
        errorName: error instanceof Error ? error.name : typeof error,
      });
    }

    async function release(held: IdempotencyLease) {
      try {
        await store.release(held);
      } catch (error) {
        // The lease expires on its own; until then a retry answers 409.
        logger.error("Could not release an idempotency key", {
          ...logContext,
          errorName: error instanceof Error ? error.name : typeof error,
        });
      }
    }

    function replay(stored: StoredResponse) {
      const headers = { ...stored.headers, [REPLAYED_HEADER]: "true" };
      if (NULL_BODY_STATUSES.has(stored.status)) return c.body(null, stored.status as StatusCode, headers);
      return c.body(stored.body, stored.status as ContentfulStatusCode, headers);
    }
  };

  return { idempotent };
}

/** Input refused before any work: invalid fields, malformed JSON, wrong media type. */
function refusedBeforeRunning(error: Error | undefined): boolean {
  return error instanceof ValidationFailed || (error instanceof HTTPException && error.status < 500);
}

async function snapshot(response: Response): Promise<StoredResponse> {
  const headers: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = response.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  const body = NULL_BODY_STATUSES.has(response.status) ? "" : await response.clone().text();
  return { status: response.status, headers, body };
}

/** Same JSON value, same hash (object key order and whitespace do not matter); other bodies hash as text. */
export function requestBodyHash(raw: string): string {
  if (raw === "") return sha256("empty");
  try {
    return sha256(`json\n${canonicalJson(JSON.parse(raw))}`);
  } catch {
    return sha256(`text\n${raw}`);
  }
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
