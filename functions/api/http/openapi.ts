/** Shared pieces of route definitions for the OpenAPI document. */
import { z } from "zod";
import { idSchema } from "#domain/common/ids";

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string(),
    requestId: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: "Problem" });

const problemDescriptions = {
  400: "Invalid path, query or body",
  401: "No valid bearer token",
  403: "The caller's role may never use this route",
  404: "Absent, or not visible to the caller",
  409: "Conflicts with the current state",
  412: "If-Match names an old version",
  413: "Body larger than 256 KB",
  415: "Body is not JSON",
  422: "Idempotency-Key reused with another body",
} as const;

type ProblemStatus = keyof typeof problemDescriptions;

export function problems(...statuses: ProblemStatus[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: problemDescriptions[status], content: { "application/problem+json": { schema: problemSchema } } },
    ]),
  ) as Record<
    ProblemStatus,
    { description: string; content: { "application/problem+json": { schema: typeof problemSchema } } }
  >;
}

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});

export const bearer = [{ bearer: [] }];

export const idParam = z.object({
  id: idSchema.meta({ param: { name: "id", in: "path" } }),
});
