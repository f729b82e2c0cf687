import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { pagedSchema, pageQuerySchema } from "#domain/common/paging";
import { newOrganizationSchema, organizationSchema } from "#domain/organizations/model";
import type { OrganizationService } from "#domain/organizations/service";
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
      operationId: "createOrganization",
      tags: ["organizations"],
      summary: "Create an organisation (admin)",
      description: "An education institution or a business council, with the municipalities it covers. Admins only.",
      security: bearer,
      middleware: [allow("admin"), idempotent],
      parameters: headerParameters.idempotent,
      request: { body: jsonBody(newOrganizationSchema) },
      responses: { 201: created(organizationSchema, "Created"), ...problems(...changeProblems) },
    }),
    async (c) => {
      const organization = await organizations.create(c.get("principal"), c.req.valid("json"));
      c.header("Location", `/organizations/${organization.id}`);
      c.header("ETag", etagOf(organization.version));
      return c.json(organization, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/organizations",
      operationId: "listOrganizations",
      tags: ["organizations"],
      summary: "All organisations (admin) or your own (staff)",
      description: "Admins page through every organisation; staff see only their own.",
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
      operationId: "getOrganization",
      tags: ["organizations"],
      summary: "One organisation (admin: any; staff: their own)",
      description: "Another organisation than the caller's answers 404 to staff.",
      security: bearer,
      middleware: [allow("admin", "institution", "council")],
      request: { params: idParam },
      responses: { 200: resource(organizationSchema, "The organisation"), ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      const organization = await organizations.get(c.get("principal"), c.req.valid("param").id);
      c.header("ETag", etagOf(organization.version));
      return c.json(organization, 200);
    },
  );

  return app;
}
