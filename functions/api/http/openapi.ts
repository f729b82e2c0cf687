/**
 * Shared pieces of route definitions for the OpenAPI document: problems,
 * the header contract (Idempotency-Key, If-Match, ETag, Location,
 * Idempotent-Replayed) and request bodies, declared once here so that every
 * route says the same thing the middleware does.
 */
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
    errors: z.array(z.object({ path: z.string(), message: z.string(), code: z.string().optional() })).optional(),
  })
  .meta({ id: "Problem", description: "An RFC 9457 problem; `errors` names each invalid field" });

const problemDescriptions = {
  400: "Invalid path, query, header or body",
  401: "No valid bearer token",
  403: "The caller's role may never use this route",
  404: "Absent, or not visible to the caller",
  409: "Conflicts with the current state, or a request with the same Idempotency-Key is still running",
  412: "If-Match names an old version",
  413: "Body larger than 256 KB",
  415: "Body is not JSON",
  422: "Idempotency-Key reused with another body",
  500: "Something went wrong; the problem carries the request id to quote",
} as const;

type ProblemStatus = keyof typeof problemDescriptions;
type ProblemResponse = {
  description: string;
  content: { "application/problem+json": { schema: typeof problemSchema } };
};

/** Problem answers of the given statuses, and the 500 that any route may give. */
export function problems<S extends ProblemStatus>(...statuses: S[]) {
  const answers = {} as Record<S | 500, ProblemResponse>;
  for (const status of [...statuses, 500 as const]) {
    answers[status] = {
      description: problemDescriptions[status],
      content: { "application/problem+json": { schema: problemSchema } },
    };
  }
  return answers;
}

/** What every state-changing POST may answer besides its own problems. */
export const changeProblems = [400, 401, 403, 409, 413, 415, 422] as const;

type HeaderDeclaration = {
  description: string;
  required: boolean;
  schema: { type: "string"; pattern?: string; enum?: string[] };
};

const responseHeaders = {
  ETag: {
    description: 'The version of the resource as a strong tag, e.g. `"3"`; send it back in `If-Match`',
    required: true,
    schema: { type: "string", pattern: '^"\\d+"$' },
  },
  Location: { description: "Path of the created resource", required: true, schema: { type: "string" } },
  "Idempotent-Replayed": {
    description: "`true` when this is the remembered answer to an earlier request with the same Idempotency-Key",
    required: false,
    schema: { type: "string", enum: ["true"] },
  },
} satisfies Record<string, HeaderDeclaration>;

type HeaderName = keyof typeof responseHeaders;
const headersOf = (...names: HeaderName[]): Record<string, HeaderDeclaration> =>
  Object.fromEntries(names.map((name) => [name, responseHeaders[name]]));

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

/** One resource, with its version in `ETag`. */
export const resource = <T extends z.ZodType>(schema: T, description: string) => ({
  ...json(schema, description),
  headers: headersOf("ETag"),
});

/** A resource changed by an idempotent POST. */
export const changed = <T extends z.ZodType>(schema: T, description: string) => ({
  ...json(schema, description),
  headers: headersOf("ETag", "Idempotent-Replayed"),
});

/** A resource created by an idempotent POST, with its path in `Location`. */
export const created = <T extends z.ZodType>(schema: T, description: string) => ({
  ...json(schema, description),
  headers: headersOf("Location", "ETag", "Idempotent-Replayed"),
});

/**
 * The schema a client sends. zod-to-openapi keeps fields with a default out
 * of `required`, but a named component is read by generators as a response
 * shape too, where a default means "always present"; inlined in the request
 * body it can only mean what it means here — optional on the way in.
 */
export function requestShape<T extends z.ZodType>(schema: T): T {
  const { id: _named, ...meta } = schema.meta() ?? {};
  return schema.meta(meta);
}

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { "application/json": { schema: requestShape(schema) } },
});

/**
 * Request headers that the middleware reads itself (idempotency, versions):
 * documented as plain parameters, so the validators do not read them twice.
 */
const idempotencyKeyParameter = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  description:
    "Makes a retry safe: a repeat with the same key and JSON body returns the first answer (kept 24 h) and changes nothing; another body answers 422, a repeat while the first runs 409.",
  schema: { type: "string", minLength: 1, maxLength: 255, pattern: "^[\\x21-\\x7e]+$" },
} as const;

const ifMatchParameter = {
  name: "If-Match",
  in: "header",
  required: false,
  description: 'The ETag the change is based on, e.g. `"3"`; a stale one answers 412.',
  schema: { type: "string" },
} as const;

export const headerParameters = {
  idempotent: [idempotencyKeyParameter],
  versioned: [ifMatchParameter],
  action: [idempotencyKeyParameter, ifMatchParameter],
};

export const bearer = [{ bearer: [] }];

export const idParam = z.object({
  id: idSchema.meta({ param: { name: "id", in: "path", description: "The resource's id" } }),
});

/** The document's own fields; the paths and components come from the routes. */
export const documentObject = {
  openapi: "3.1.0",
  info: {
    title: "Praktikbolig API",
    version: "1.0.0",
    description:
      "Housing for students on internships in rural Danish municipalities. JSON in and out; errors are application/problem+json (RFC 9457). Every state-changing POST accepts Idempotency-Key; every resource carries a version, sent as ETag and checked through If-Match. Lists answer `{ items, nextCursor }`; a cursor is bound to its caller and query.",
    contact: { name: "Praktikbolig", url: "https://praktikbolig.dk" },
    license: { name: "Proprietary", identifier: "LicenseRef-Proprietary" },
  },
  servers: [{ url: "/", description: "This API, on the host that serves the document" }],
  tags: [
    { name: "system", description: "Health and reference data; no token needed" },
    { name: "me", description: "The signed-in caller" },
    { name: "organizations", description: "Education institutions and business councils (admins manage them)" },
    { name: "listings", description: "Rooms offered by institutions and councils, and their approval by councils" },
    { name: "housing requests", description: "Students' requests for housing during an internship, and their matches" },
    { name: "applications", description: "Applications to listings, offers (holds on a bed) and their answers" },
    { name: "bookings", description: "Confirmed stays, and their cancellation" },
    { name: "statistics", description: "Figures per municipality for the data departments (councils and admins)" },
    { name: "local", description: "Local mode only: demo tokens" },
  ],
};
