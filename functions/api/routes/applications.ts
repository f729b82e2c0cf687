import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { z } from "zod";
import type { Role } from "#auth/principal";
import { auditEventSchema } from "#domain/audit";
import { APPLICATION_STATUSES, type ApplicationView, applicationViewSchema, offerSchema } from "#domain/bookings/model";
import type { StayService } from "#domain/bookings/service";
import { idSchema } from "#domain/common/ids";
import { pagedSchema, pageQuerySchema } from "#domain/common/paging";
import { optionalReasonSchema } from "#domain/listings/model";
import { type ActionInput, defineAction, noBody } from "../http/action";
import type { Guards } from "../http/auth";
import type { AppEnv } from "../http/context";
import { bearer, idParam, json, problems } from "../http/openapi";
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
      tags: ["applications"],
      summary: "Applications of one of your requests (requestId) or to one of your listings (listingId)",
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
      tags: ["applications"],
      summary: "One application",
      security: bearer,
      middleware: [readers],
      request: { params: idParam },
      responses: { 200: json(applicationViewSchema, "The application"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      const application = await stays.getApplication(c.get("principal"), c.req.valid("param").id);
      c.header("ETag", etagOf(application.version));
      return c.json(application, 200);
    },
  );

  const applicationAction = <B extends z.ZodType>(
    name: "offer" | "decline" | "accept" | "withdraw",
    roles: Role[],
    summary: string,
    body: B,
    run: (input: ActionInput<z.output<B>>) => Promise<ApplicationView>,
  ) =>
    defineAction(app, {
      path: `/applications/{id}/${name}`,
      operationId: `${name}Application`,
      tags: ["applications"],
      summary,
      middleware: [allow(...roles), idempotent],
      body,
      response: applicationViewSchema,
      responseDescription: "The application after the action",
      problems: [404, 412],
      run,
    });

  applicationAction(
    "offer",
    ["institution", "council"],
    "Offer a bed: a hold on one bed for the stay until it expires (1–168 h, default 72)",
    offerSchema,
    (input) => stays.offer(input.principal, input.id, input.body.expiresInHours, input.ifMatch),
  );
  applicationAction(
    "decline",
    ["institution", "council"],
    "Decline a pending application or an offer",
    noBody,
    (input) => stays.decline(input.principal, input.id, input.ifMatch),
  );
  applicationAction("accept", ["student"], "Accept a live offer: it becomes a booking", noBody, (input) =>
    stays.accept(input.principal, input.id, input.ifMatch),
  );
  // The reason is accepted as the contract documents it, but not recorded yet: the service takes none.
  applicationAction(
    "withdraw",
    ["student"],
    "Withdraw your pending application or offer",
    optionalReasonSchema,
    (input) => stays.withdraw(input.principal, input.id, input.ifMatch),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/applications/{id}/history",
      tags: ["applications"],
      summary: "The application's audit trail",
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
