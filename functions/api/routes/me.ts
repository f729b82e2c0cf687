import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { ROLES } from "#auth/principal";
import { organizationSchema } from "#domain/organizations/model";
import type { OrganizationService } from "#domain/organizations/service";
import type { Guards } from "../http/auth";
import type { AppEnv } from "../http/context";
import { bearer, json, problems } from "../http/openapi";

const meSchema = z
  .object({
    sub: z.string(),
    role: z.enum(ROLES),
    orgId: z.string().nullable(),
    // A union, not .nullable(): that would make the shared Organization component nullable everywhere.
    organization: z.union([organizationSchema, z.null()]),
  })
  .meta({ id: "Me" });

export function meRoutes(organizations: OrganizationService, { allow }: Guards) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    createRoute({
      method: "get",
      path: "/me",
      operationId: "getMe",
      tags: ["me"],
      summary: "Who you are signed in as",
      description: "The caller's id, role and organisation, as the verified token says.",
      security: bearer,
      middleware: [allow()],
      responses: { 200: json(meSchema, "The signed-in user"), ...problems(401) },
    }),
    async (c) => {
      const { sub, role, orgId } = c.get("principal");
      const organization = orgId ? ((await organizations.find(orgId)) ?? null) : null;
      return c.json({ sub, role, orgId: orgId ?? null, organization }, 200);
    },
  );

  return app;
}
