import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { z } from "zod";
import type { Principal, Role } from "#auth/principal";
import { auditEventSchema } from "#domain/audit";
import { APPLICATION_STATUSES, type ApplicationView, applicationViewSchema, offerSchema } from "#domain/bookings/model";
import type { StayService } from "#domain/bookings/service";
import { idSchema } from "#domain/common/ids";
import { pagedSchema, pageQuerySchema } from "#domain/common/paging";
import type { Guards } from "../http/auth";
import type { AppEnv } from "../http/context";
import { bearer, idParam, json, problems } from "../http/openapi";
import { etagOf, ifMatchVersion } from "../http/versions";

const listQuerySchema = pageQuerySchema.extend({
  requestId: idSchema.optional(),
  listingId: idSchema.optional(),
  status: z.enum(APPLICATION_STATUSES).optional(),
});

export function applicationRoutes(stays: StayService, { allow }: Guards, idempotent: MiddlewareHandler<AppEnv>) {
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
      const { limit, cursor, ...query } = c.req.valid("query");
      return c.json(await stays.listApplications(c.get("principal"), query, { limit, cursor }), 200);
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

  const action = (
    name: "offer" | "decline" | "accept" | "withdraw",
    roles: Role[],
    summary: string,
    run: (
      principal: Principal,
      id: string,
      body: { expiresInHours?: number },
      ifMatch?: number,
    ) => Promise<ApplicationView>,
  ) =>
    app.openapi(
      createRoute({
        method: "post",
        path: `/applications/{id}/${name}`,
        tags: ["applications"],
        summary,
        security: bearer,
        middleware: [allow(...roles), idempotent],
        request: {
          params: idParam,
          ...(name === "offer"
            ? { body: { required: false, content: { "application/json": { schema: offerSchema } } } }
            : {}),
        },
        responses: {
          200: json(applicationViewSchema, "The application after the action"),
          ...problems(400, 401, 403, 404, 409, 412, 422),
        },
      }),
      async (c) => {
        const body = (name === "offer" ? (c.req.valid("json" as never) ?? {}) : {}) as { expiresInHours?: number };
        const application = await run(c.get("principal"), c.req.valid("param").id, body, ifMatchVersion(c));
        c.header("ETag", etagOf(application.version));
        return c.json(application, 200);
      },
    );

  action(
    "offer",
    ["institution", "council"],
    "Offer a bed: a hold on one bed for the stay until it expires (1–168 h, default 72)",
    (principal, id, body, ifMatch) => stays.offer(principal, id, body.expiresInHours ?? 72, ifMatch),
  );
  action(
    "decline",
    ["institution", "council"],
    "Decline a pending application or an offer",
    (principal, id, _, ifMatch) => stays.decline(principal, id, ifMatch),
  );
  action("accept", ["student"], "Accept a live offer: it becomes a booking", (principal, id, _, ifMatch) =>
    stays.accept(principal, id, ifMatch),
  );
  action("withdraw", ["student"], "Withdraw your pending application or offer", (principal, id, _, ifMatch) =>
    stays.withdraw(principal, id, ifMatch),
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
      c.json(await stays.applicationHistory(c.get("principal"), c.req.valid("param").id, c.req.valid("query")), 200),
  );

  return app;
}
