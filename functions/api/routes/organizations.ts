import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { pagedSchema, pageQuerySchema } from "#domain/common/paging";
import { newOrganizationSchema, organizationSchema } from "#domain/organizations/model";
import type { OrganizationService } from "#domain/organizations/service";
import type { Guards } from "../http/auth";
import type { AppEnv } from "../http/context";
import { bearer, idParam, json, jsonBody, problems } from "../http/openapi";
import type { Paging } from "../http/paging";

export function organizationRoutes(
  organizations: OrganizationService,
  { allow }: Guards,
  idempotent: MiddlewareHandler<AppEnv>,
  { page }: Paging,
) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    createRoute({
      method: "post",
      path: "/organizations",
      tags: ["organizations"],
      summary: "Create an organisation (admin)",
      security: bearer,
      middleware: [allow("admin"), idempotent],
      request: { body: jsonBody(newOrganizationSchema) },
      responses: { 201: json(organizationSchema, "Created"), ...problems(400, 401, 403, 413, 415) },
    }),
    async (c) => {
      const organization = await organizations.create(c.get("principal"), c.req.valid("json"));
      c.header("Location", `/organizations/${organization.id}`);
      c.header("ETag", `"${organization.version}"`);
      return c.json(organization, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/organizations",
      tags: ["organizations"],
      summary: "All organisations (admin) or your own (staff)",
      security: bearer,
      middleware: [allow("admin", "institution", "council")],
      request: { query: pageQuerySchema },
      responses: { 200: json(pagedSchema(organizationSchema), "A page of organisations"), ...problems(400, 401, 403) },
    }),
    async (c) =>
      c.json(await page(c, c.req.valid("query"), (query) => organizations.list(c.get("principal"), query)), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/organizations/{id}",
      tags: ["organizations"],
      summary: "One organisation (admin: any; staff: their own)",
      security: bearer,
      middleware: [allow("admin", "institution", "council")],
      request: { params: idParam },
      responses: { 200: json(organizationSchema, "The organisation"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      const organization = await organizations.get(c.get("principal"), c.req.valid("param").id);
      c.header("ETag", `"${organization.version}"`);
      return c.json(organization, 200);
    },
  );

  return app;
}
