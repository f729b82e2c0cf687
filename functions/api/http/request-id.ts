import { randomUUID } from "node:crypto";

/** The platform's request id when there is one (API Gateway), else a fresh one; never the client's. */
export function requestIdOf(env: unknown): string {
  const context = (env as { requestContext?: { requestId?: unknown } } | undefined)?.requestContext;
  return typeof context?.requestId === "string" ? context.requestId : randomUUID();
}
