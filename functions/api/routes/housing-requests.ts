import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { z } from "zod";
import { auditEventSchema } from "#domain/audit";
import { applicationViewSchema, newApplicationSchema } from "#domain/bookings/model";
import type { StayService } from "#domain/bookings/service";
import { pagedSchema, pageQuerySchema } from "#domain/common/paging";
import { listingViewSchema, optionalReasonSchema } from "#domain/listings/model";
import { municipalityCodes } from "#domain/municipalities/index";
import { newRequestSchema, REQUEST_STATUSES, requestViewSchema } from "#domain/requests/model";
import type { RequestService } from "#domain/requests/service";
import { defineAction } from "../http/action";
import type { Guards } from "../http/auth";
import type { AppEnv } from "../http/context";
import {
  bearer,
  changeProblems,
  created,
  headerParameters,
  idParam,
  json,
  jsonBody,
  problems,
  resource,
} from "../http/openapi";
import type { Paging } from "../http/paging";
import { etagOf } from "../http/versions";

const matchSchema = z
  .object({ listing: listingViewSchema, score: z.number(), distanceKm: z.number(), reasons: z.array(z.string()) })
  .meta({ id: "Match" });

const listQuerySchema = pageQuerySchema.extend({
  status: z.enum(REQUEST_STATUSES).optional(),
  municipality: municipalityCodes
    .optional()
    .meta({ description: "Councils and admins: municipality of the internship; repeat for several" }),
});

export function housingRequestRoutes(
  requests: RequestService,
  stays: StayService,
  { allow }: Guards,
  idempotent: MiddlewareHandler<AppEnv>,
  { page }: Paging,
) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    createRoute({
      method: "post",
      path: "/housing-requests",
      operationId: "createHousingRequest",
      tags: ["housing requests"],
      summary: "Ask for housing for an internship",
      description:
        "A student describes the internship (place, dates) and the stay; fields left out take their defaults (no needs, no preferred kinds, 50 km).",
      security: bearer,
      middleware: [allow("student"), idempotent],
      parameters: headerParameters.idempotent,
      request: { body: jsonBody(newRequestSchema) },
      responses: { 201: created(requestViewSchema, "Created, open"), ...problems(...changeProblems) },
    }),
    async (c) => {
      const request = await requests.create(c.get("principal"), c.req.valid("json"));
      c.header("Location", `/housing-requests/${request.id}`);
      c.header("ETag", etagOf(request.version));
      return c.json(request, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/housing-requests",
      operationId: "listHousingRequests",
      tags: ["housing requests"],
      summary: "Your requests (students), or the requests of your municipalities (councils, admins)",
      description:
        "Students see their own; councils those of their municipalities; admins all, optionally by municipality.",
      security: bearer,
      middleware: [allow("student", "council", "admin")],
      request: { query: listQuerySchema },
      responses: { 200: json(pagedSchema(requestViewSchema), "A page of requests"), ...problems(400, 401, 403) },
    }),
    async (c) => {
      const listed = await page(c, c.req.valid("query"), ({ limit, cursor, ...query }) =>
        requests.list(c.get("principal"), query, { limit, cursor }),
      );
      return c.json(listed, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/housing-requests/{id}",
      operationId: "getHousingRequest",
      tags: ["housing requests"],
      summary: "One request",
      description: "The student's own, or one in a council's municipalities; otherwise 404.",
      security: bearer,
      middleware: [allow("student", "council", "admin")],
      request: { params: idParam },
      responses: { 200: resource(requestViewSchema, "The request"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      const request = await requests.get(c.get("principal"), c.req.valid("param").id);
      c.header("ETag", etagOf(request.version));
      return c.json(request, 200);
    },
  );

  defineAction(app, {
    path: "/housing-requests/{id}/cancel",
    operationId: "cancelHousingRequest",
    tags: ["housing requests"],
    summary: "Cancel an open request; its active applications are withdrawn",
    description: "Only the request's student; the holds of its live offers are released.",
    middleware: [allow("student"), idempotent],
    body: optionalReasonSchema,
    response: requestViewSchema,
    responseDescription: "The cancelled request",
    run: (input) => stays.cancelRequest(input.principal, input.id, input.body.reason, input.ifMatch),
  });

  app.openapi(
    createRoute({
      method: "get",
      path: "/housing-requests/{id}/matches",
      operationId: "housingRequestMatches",
      tags: ["housing requests"],
      summary: "Approved listings that fit the request, best first, with reasons",
      description:
        "Hard constraints: the window contains the stay, a bed is free on every night (bookings and live holds), rent within maxRent, the needs, distance within maxDistanceKm. Order: score descending, rent ascending, id.",
      security: bearer,
      middleware: [allow("student")],
      request: { params: idParam, query: pageQuerySchema },
      responses: { 200: json(pagedSchema(matchSchema), "A page of matches"), ...problems(400, 401, 403, 404) },
    }),
    async (c) =>
      c.json(
        await page(c, c.req.valid("query"), (query) =>
          requests.matches(c.get("principal"), c.req.valid("param").id, query),
        ),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/housing-requests/{id}/applications",
      operationId: "applyToListing",
      tags: ["applications"],
      summary: "Apply to an approved listing from an open request",
      description:
        "At most 5 active applications per request and one per listing; the listing's window must contain the stay (409 otherwise).",
      security: bearer,
      middleware: [allow("student"), idempotent],
      parameters: headerParameters.idempotent,
      request: { params: idParam, body: jsonBody(newApplicationSchema) },
      responses: { 201: created(applicationViewSchema, "Applied"), ...problems(...changeProblems, 404) },
    }),
    async (c) => {
      const application = await stays.apply(c.get("principal"), c.req.valid("param").id, c.req.valid("json"));
      c.header("Location", `/applications/${application.id}`);
      c.header("ETag", etagOf(application.version));
      return c.json(application, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/housing-requests/{id}/history",
      operationId: "housingRequestHistory",
      tags: ["housing requests"],
      summary: "The request's audit trail",
      description: "For the request's student, councils of its municipality and admins.",
      security: bearer,
      middleware: [allow("student", "council", "admin")],
      request: { params: idParam, query: pageQuerySchema },
      responses: { 200: json(pagedSchema(auditEventSchema), "Oldest first"), ...problems(400, 401, 403, 404) },
    }),
    async (c) =>
      c.json(
        await page(c, c.req.valid("query"), (query) =>
          requests.history(c.get("principal"), c.req.valid("param").id, query),
        ),
        200,
      ),
  );

  return app;
}
