/**
 * POST /dev/token: ready-made tokens for running locally. Mounted only by the
 * local runner; the Lambda build never passes a token issuer, so the route
 * does not exist there.
 */
import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import type { LocalTokens } from "#auth/local-tokens";
import { type Principal, ROLES } from "#auth/principal";
import type { OrganizationService } from "#domain/organizations/service";
import { ValidationFailed } from "#shared/errors";
import type { IdGenerator } from "#shared/runtime";
import type { AppEnv } from "../http/context";
import { json, jsonBody, problems } from "../http/openapi";

const tokenRequestSchema = z
  .strictObject({
    role: z.enum(ROLES),
    sub: z
      .string()
      .regex(/^[\w.@-]{1,128}$/, "Letters, digits and . _ @ - only")
      .optional(),
    orgId: z.string().min(1).max(64).optional(),
  })
  .meta({ id: "DevTokenRequest" });

export function devTokenRoutes(tokens: LocalTokens, organizations: OrganizationService, newId: IdGenerator) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    createRoute({
      method: "post",
      path: "/dev/token",
      operationId: "issueDevToken",
      tags: ["local"],
      summary: "Issue a token for a local demo user (local mode only)",
      description:
        "Institution and council tokens need the id of an existing organisation of that kind. The route exists only when the API runs locally.",
      request: { body: jsonBody(tokenRequestSchema) },
      responses: { 200: json(z.object({ token: z.string() }), "A signed bearer token"), ...problems(400, 413, 415) },
    }),
    async (c) => {
      const { role, sub = `${role}-${newId()}`, orgId } = c.req.valid("json");
      let principal: Principal = { sub, role };
      if (role === "institution" || role === "council") {
        const organization = orgId ? await organizations.find(orgId) : undefined;
        if (organization?.kind !== role) {
          throw new ValidationFailed([{ path: "orgId", message: `Must name an existing ${role} organisation` }]);
        }
        principal = { sub, role, orgId: organization.id };
      } else if (orgId !== undefined) {
        throw new ValidationFailed([{ path: "orgId", message: `A ${role} belongs to no organisation` }]);
      }
      return c.json({ token: await tokens.issue(principal) }, 200);
    },
  );

  return app;
}
