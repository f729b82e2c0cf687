import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { z } from "zod";
import { auditEventSchema } from "#domain/audit";
import { BOOKING_STATUSES, bookingSchema } from "#domain/bookings/model";
import type { StayService } from "#domain/bookings/service";
import { idSchema } from "#domain/common/ids";
import { pagedSchema, pageQuerySchema } from "#domain/common/paging";
import { optionalReasonSchema } from "#domain/listings/model";
import { defineAction } from "../http/action";
import type { Guards } from "../http/auth";
import type { AppEnv } from "../http/context";
import { bearer, idParam, json, problems, resource } from "../http/openapi";
import type { Paging } from "../http/paging";
import { etagOf } from "../http/versions";

const listQuerySchema = pageQuerySchema.extend({
  listingId: idSchema.optional(),
  requestId: idSchema.optional(),
  status: z.enum(BOOKING_STATUSES).optional(),
});

export function bookingRoutes(
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
      path: "/bookings",
      operationId: "listBookings",
      tags: ["bookings"],
      summary: "Your bookings (students), of one of your listings (listingId), or of your municipalities (councils)",
      description: "Filter by listing, request or status; admins see all.",
      security: bearer,
      middleware: [readers],
      request: { query: listQuerySchema },
      responses: { 200: json(pagedSchema(bookingSchema), "A page of bookings"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      const listed = await page(c, c.req.valid("query"), ({ limit, cursor, ...query }) =>
        stays.listBookings(c.get("principal"), query, { limit, cursor }),
      );
      return c.json(listed, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/bookings/{id}",
      operationId: "getBooking",
      tags: ["bookings"],
      summary: "One booking",
      description: "The booking's student, the owner organisation, the council of its municipality and admins.",
      security: bearer,
      middleware: [readers],
      request: { params: idParam },
      responses: { 200: resource(bookingSchema, "The booking"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      const booking = await stays.getBooking(c.get("principal"), c.req.valid("param").id);
      c.header("ETag", etagOf(booking.version));
      return c.json(booking, 200);
    },
  );

  defineAction(app, {
    path: "/bookings/{id}/cancel",
    operationId: "cancelBooking",
    tags: ["bookings"],
    summary: "Cancel a booking before move-out (its student or the owner organisation)",
    description:
      "Before move-in every night is freed and the request is open again; on or after move-in the stay ends tomorrow and the later nights are freed.",
    middleware: [readers, idempotent],
    body: optionalReasonSchema,
    response: bookingSchema,
    responseDescription: "The cancelled booking",
    run: (input) => stays.cancelBooking(input.principal, input.id, input.body.reason, input.ifMatch),
  });

  app.openapi(
    createRoute({
      method: "get",
      path: "/bookings/{id}/history",
      operationId: "bookingHistory",
      tags: ["bookings"],
      summary: "The booking's audit trail",
      description: "For those who may read the booking.",
      security: bearer,
      middleware: [readers],
      request: { params: idParam, query: pageQuerySchema },
      responses: { 200: json(pagedSchema(auditEventSchema), "Oldest first"), ...problems(400, 401, 403, 404) },
    }),
    async (c) =>
      c.json(
        await page(c, c.req.valid("query"), (query) =>
          stays.bookingHistory(c.get("principal"), c.req.valid("param").id, query),
        ),
        200,
      ),
  );

  return app;
}
