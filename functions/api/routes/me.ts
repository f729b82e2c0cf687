import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { ROLES } from "#auth/principal";
import type { Account } from "#domain/accounts/model";
import { profilePatchSchema } from "#domain/accounts/model";
import { type PrivacyService, personalDataExportSchema } from "#domain/accounts/privacy";
import type { AccountService } from "#domain/accounts/service";
import { todayIn } from "#domain/common/dates";
import { organizationSchema } from "#domain/organizations/model";
import type { OrganizationService } from "#domain/organizations/service";
import type { Clock } from "#shared/runtime";
import type { Guards } from "../http/auth";
import type { AppEnv } from "../http/context";
import { bearer, headerParameters, jsonBody, problems, resource } from "../http/openapi";
import { etagOf, ifMatchVersion } from "../http/versions";

const meSchema = z
  .object({
    sub: z.string(),
    role: z.enum(ROLES),
    orgId: z.string().nullable(),
    // A union, not .nullable(): that would make the shared Organization component nullable everywhere.
    organization: z.union([organizationSchema, z.null()]),
    name: z.string().nullable(),
    email: z.string().nullable(),
    version: z.number().int(),
  })
  .meta({ id: "Me" });

export interface MeServices {
  organizations: OrganizationService;
  accounts: AccountService;
  privacy: PrivacyService;
  clock: Clock;
}

export function meRoutes({ organizations, accounts, privacy, clock }: MeServices, { allow, allowErased }: Guards) {
  const app = new OpenAPIHono<AppEnv>();

  const meOf = async (account: Account) => ({
    sub: account.sub,
    role: account.role,
    orgId: account.orgId ?? null,
    organization: account.orgId ? ((await organizations.find(account.orgId)) ?? null) : null,
    name: account.name ?? null,
    email: account.email ?? null,
    version: account.version,
  });

  app.openapi(
    createRoute({
      method: "get",
      path: "/me",
      operationId: "getMe",
      tags: ["me"],
      summary: "Who you are signed in as",
      description:
        "The caller's id, role and organisation, as the verified token says, and the name and e-mail address stored on the account.",
      security: bearer,
      middleware: [allow()],
      responses: { 200: resource(meSchema, "The signed-in user"), ...problems(401) },
    }),
    async (c) => {
      // The guard admitted the account (open, as `allow` refuses erased ones): no second read.
      const account = c.get("account") as Account;
      c.header("ETag", etagOf(account.version));
      return c.json(await meOf(account), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/me",
      operationId: "editMe",
      tags: ["me"],
      summary: "Set or clear your name and e-mail address",
      description:
        "Changes the fields named; null clears one. These are the personal fields an erasure removes (DELETE /me).",
      security: bearer,
      middleware: [allow()],
      parameters: headerParameters.versioned,
      request: { body: jsonBody(profilePatchSchema) },
      responses: { 200: resource(meSchema, "The signed-in user"), ...problems(400, 401, 412, 413, 415) },
    }),
    async (c) => {
      const account = await accounts.updateProfile(c.get("principal"), c.req.valid("json"), ifMatchVersion(c));
      c.header("ETag", etagOf(account.version));
      return c.json(await meOf(account), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/me/export",
      operationId: "exportMe",
      tags: ["me"],
      summary: "Everything stored about you, as one JSON file",
      description:
        "Students: the profile, every request, application (with its message) and booking, their audit trails, notifications and web sessions (when each began and ends). Staff and admins: the profile only; listings are their organisation's data.",
      security: bearer,
      middleware: [allow()],
      responses: {
        200: {
          description: "The export, as a file to save",
          headers: {
            "Content-Disposition": {
              description: 'attachment; filename="praktikbolig-<today>.json"',
              required: true,
              schema: { type: "string" },
            },
          },
          content: { "application/json": { schema: personalDataExportSchema } },
        },
        ...problems(401),
      },
    }),
    async (c) => {
      const document = await privacy.export(c.get("principal"));
      c.header("Content-Disposition", `attachment; filename="praktikbolig-${todayIn(clock)}.json"`);
      return c.json(document, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/me",
      operationId: "eraseMe",
      tags: ["me"],
      summary: "Erase your personal data and close your account (students)",
      description:
        "Withdraws your active applications and live offers, cancels open requests and a booking that has not begun, and keeps your requests, applications and bookings only as anonymous records (no name, company, note, message or id of yours), so that the statistics stay right. A stay that has begun stays booked, anonymised. Ends your sessions and closes the account: your tokens are refused afterwards. Repeating it answers 204 again. Staff accounts are managed by admins (403).",
      security: bearer,
      middleware: [allowErased()],
      parameters: headerParameters.versioned,
      responses: {
        204: { description: "Erased (or erased before)" },
        ...problems(400, 401, 403, 412, 413),
      },
    }),
    async (c) => {
      await privacy.erase(c.get("principal"), ifMatchVersion(c));
      return c.body(null, 204);
    },
  );

  return app;
}
