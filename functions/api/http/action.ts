/**
 * Actions: `POST /<resource>/{id}/<name>` (submit, approve, offer, cancel, …),
 * declared and run the same way everywhere.
 *
 * Many clients send an action with no body, or with `Content-Type:
 * application/json` and zero bytes, so zod-openapi's body validator (which
 * insists on JSON whenever the content type says so, and skips bodies of any
 * other type) is not used. The body is read here, in full and before the
 * action runs (the app's body limit refuses an oversized one while it is
 * read): zero bytes count as `{}`; anything else must be JSON (415), parse
 * (400) and pass the action's strict schema (400).
 */
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import type { Principal } from "#auth/principal";
import { ValidationFailed } from "#shared/errors";
import type { AppEnv } from "./context";
import { bearer, changed, changeProblems, headerParameters, idParam, problems, requestShape } from "./openapi";
import { fieldIssues } from "./problems";
import { etagOf, ifMatchVersion } from "./versions";

/** The body of an action that takes none: nothing, or `{}`. */
export const noBody = z.strictObject({});

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

/** The action's body, validated; throws the problem to answer otherwise. */
async function readActionBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const text = await c.req.text();
  const result = schema.safeParse(text === "" ? {} : parseJson(c.req.header("content-type"), text));
  if (!result.success) throw new ValidationFailed(fieldIssues(result.error));
  return result.data;
}

function parseJson(contentType: string | undefined, text: string): unknown {
  if (!JSON_MEDIA_TYPE.test(contentType ?? "")) throw new HTTPException(415, { message: "Unsupported Media Type" });
  try {
    return JSON.parse(text);
  } catch {
    throw new HTTPException(400, { message: "Malformed JSON" });
  }
}

export interface ActionInput<B> {
  principal: Principal;
  /** The path parameter's value: the object's id (or an account's sub). */
  id: string;
  body: B;
  /** The version `If-Match` names, if any. */
  ifMatch: number | undefined;
}

/** The path parameter that names the action's object: `{id}` unless another is given. */
type ObjectParam = z.ZodObject<{ [name: string]: z.ZodType<string> }>;

export interface ActionSpec<B extends z.ZodType, R extends z.ZodType<{ version: number }>> {
  /** e.g. `/listings/{id}/submit`, or `/accounts/{sub}/deactivate` with `param` */
  path: `/${string}/{${string}}/${string}`;
  /** A one-field schema of the path parameter, when it is not a resource id. @default idParam */
  param?: ObjectParam;
  operationId: string;
  tags: string[];
  summary: string;
  description: string;
  /** The auth guard, then the idempotency middleware. */
  middleware: MiddlewareHandler<AppEnv>[];
  /** A strict object schema; `noBody` when the action takes none. */
  body: B;
  /** Whether a body must be sent (a rejection's reason); otherwise none counts as `{}`. */
  bodyRequired?: boolean;
  response: R;
  responseDescription: string;
  run: (input: ActionInput<z.output<B>>) => Promise<z.output<R>>;
}

/** Registers an action: its OpenAPI operation and its handler. */
export function defineAction<B extends z.ZodType, R extends z.ZodType<{ version: number }>>(
  app: OpenAPIHono<AppEnv>,
  spec: ActionSpec<B, R>,
) {
  const { body, bodyRequired, response, responseDescription, run, middleware } = spec;
  const param: ObjectParam = spec.param ?? idParam;
  const [paramName] = Object.keys(param.shape) as [string];
  const route = createRoute({
    method: "post",
    path: spec.path,
    operationId: spec.operationId,
    tags: spec.tags,
    summary: spec.summary,
    description: spec.description,
    security: bearer,
    parameters: headerParameters.action,
    request: { params: param },
    responses: { 200: changed(response, responseDescription), ...problems(...changeProblems, 404, 412) },
  });
  // The document shows the body; the handler reads it itself (see above).
  app.openAPIRegistry.registerPath({
    ...route,
    request: {
      ...route.request,
      body: { required: bodyRequired ?? false, content: { "application/json": { schema: requestShape(body) } } },
    },
  });
  app.openapi({ ...route, middleware, hide: true }, async (c) => {
    const input = await readActionBody(c, body);
    const result = await run({
      principal: c.get("principal"),
      id: (c.req.valid("param") as Record<string, string>)[paramName] as string,
      body: input,
      ifMatch: ifMatchVersion(c),
    });
    c.header("ETag", etagOf(result.version));
    return c.json(result, 200);
  });
}
