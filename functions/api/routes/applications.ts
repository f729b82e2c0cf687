import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { z } from "zod";
import { auditEventSchema } from "#domain/audit";
import { APPLICATION_STATUSES, applicationViewSchema, offerSchema } from "#domain/bookings/model";
import type { StayService } from "#domain/bookings/service";
import { idSchema } from "#domain/common/ids";
import { pagedSchema, pageQuerySchema } from "#domain/common/paging";
import { optionalReasonSchema } from "#domain/listings/model";
import { type ActionSpec, defineAction, noBody } from "../http/action";
import type { Guards } from "../http/auth";
import type { AppEnv } from "../http/context";
import { bearer, idParam, json, problems, resource } from "../http/openapi";
import type { Paging } from "../http/paging";
import { etagOf } from "../http/versions";

const listQuerySchema = pageQuerySchema.extend({
  requestId: idSchema.optional(),
  listingId: idSchema.optional(),
  status: z.enum(APPLICATION_STATUSES).optional(),
});

export function applicationRoutes(
  stays: StayService,
  { allow }: Guards,
  idempotent: MiddlewareHandler<AppEnv>,
  { page }: Paging,
) {
  const app = new OpenAPIHono<AppEnv>();
  const readers = allow("student", "institution", "council", "admin");

  app.openapi(
    createRoute({
      method: "get",
      path: "/applications",
      operationId: "listApplications",
      tags: ["applications"],
      summary: "Applications of one of your requests (requestId) or to one of your listings (listingId)",
      description: "Students see the applications of their own requests; the owner organisation those to its listings.",
      security: bearer,
      middleware: [readers],
      request: { query: listQuerySchema },
      responses: {
        200: json(pagedSchema(applicationViewSchema), "A page of applications"),
        ...problems(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const listed = await page(c, c.req.valid("query"), ({ limit, cursor, ...query }) =>
        stays.listApplications(c.get("principal"), query, { limit, cursor }),
      );
      return c.json(listed, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/applications/{id}",
      operationId: "getApplication",
      tags: ["applications"],
      summary: "One application",
      description: "The application's student or the listing's owner organisation; otherwise 404.",
      security: bearer,
      middleware: [readers],
      request: { params: idParam },
      responses: { 200: resource(applicationViewSchema, "The application"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      const application = await stays.getApplication(c.get("principal"), c.req.valid("param").id);
      c.header("ETag", etagOf(application.version));
      return c.json(application, 200);
    },
  );

  const applicationAction = {
    tags: ["applications"],
    response: applicationViewSchema,
    responseDescription: "The application after the action",
  } satisfies Partial<ActionSpec<typeof noBody, typeof applicationViewSchema>>;
  const owners = allow("institution", "council");
  const student = allow("student");

  defineAction(app, {
    ...applicationAction,
    path: "/applications/{id}/offer",
    operationId: "offerApplication",
    summary: "Offer a bed: a hold on one bed for the stay until it expires (1–168 h, default 72)",
    description:
      "Only the listing's owner organisation, for a pending application; refused (409) when some night of the stay has no free bed.",
    middleware: [owners, idempotent],
    body: offerSchema,
    run: (input) => stays.offer(input.principal, input.id, input.body.expiresInHours, input.ifMatch),
  });
  defineAction(app, {
    ...applicationAction,
    path: "/applications/{id}/decline",
    operationId: "declineApplication",
    summary: "Decline a pending application or an offer",
    description: "Only the listing's owner organisation; a declined offer's hold is released.",
    middleware: [owners, idempotent],
    body: noBody,
    run: (input) => stays.decline(input.principal, input.id, input.ifMatch),
  });
  defineAction(app, {
    ...applicationAction,
    path: "/applications/{id}/accept",
    operationId: "acceptApplication",
    summary: "Accept a live offer: it becomes a booking",
    description:
      "Only the application's student. The hold becomes a booking, the request is housed and its other active applications are withdrawn, all at once; an expired offer answers 409.",
    middleware: [student, idempotent],
    body: noBody,
    run: (input) => stays.accept(input.principal, input.id, input.ifMatch),
  });
  defineAction(app, {
    ...applicationAction,
    path: "/applications/{id}/withdraw",
    operationId: "withdrawApplication",
    summary: "Withdraw your pending application or offer",
    description: "Only the application's student; an offer's hold is released.",
    middleware: [student, idempotent],
    body: optionalReasonSchema,
    run: (input) => stays.withdraw(input.principal, input.id, input.body.reason, input.ifMatch),
  });

  app.openapi(
    createRoute({
      method: "get",
      path: "/applications/{id}/history",
      operationId: "applicationHistory",
      tags: ["applications"],
      summary: "The application's audit trail",
      description: "For the application's student, the owner organisation and admins.",
      security: bearer,
      middleware: [readers],
      request: { params: idParam, query: pageQuerySchema },
      responses: { 200: json(pagedSchema(auditEventSchema), "Oldest first"), ...problems(400, 401, 403, 404) },
    }),
    async (c) =>
      c.json(
        await page(c, c.req.valid("query"), (query) =>
          stays.applicationHistory(c.get("principal"), c.req.valid("param").id, query),
        ),
        200,
      ),
  );

  return app;
}
