/**
 * Admins' side of accounts: an organisation's members, and deactivating and
 * reactivating staff. A deactivation refuses the member's tokens and web
 * sessions at once and disables their sign-in at the identity provider.
 */
import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { z } from "zod";
import { accountViewSchema } from "#domain/accounts/model";
import type { AccountService } from "#domain/accounts/service";
import { pagedSchema, pageQuerySchema } from "#domain/common/paging";
import { defineAction, noBody } from "../http/action";
import type { Guards } from "../http/auth";
import type { AppEnv } from "../http/context";
import { bearer, idParam, json, problems } from "../http/openapi";
import type { Paging } from "../http/paging";

/** A user's id as the identity provider made it (a UUID on Cognito). */
const subParam = z.object({
  sub: z
    .string()
    .regex(/^[\w.@-]{1,128}$/, "Not a valid user id")
    .meta({ param: { name: "sub", in: "path", description: "The user's id (the token's `sub`)" } }),
});

export function accountRoutes(
  accounts: AccountService,
  { allow }: Guards,
  idempotent: MiddlewareHandler<AppEnv>,
  { page }: Paging,
) {
  const app = new OpenAPIHono<AppEnv>();
  const admin = allow("admin");

  app.openapi(
    createRoute({
      method: "get",
      path: "/organizations/{id}/members",
      operationId: "listMembers",
      tags: ["organizations"],
      summary: "An organisation's staff accounts (admin)",
      description:
        "Every staff member who has signed in at least once, active or deactivated, in the order they first signed in.",
      security: bearer,
      middleware: [admin],
      request: { params: idParam, query: pageQuerySchema },
      responses: { 200: json(pagedSchema(accountViewSchema), "A page of members"), ...problems(400, 401, 403, 404) },
    }),
    async (c) =>
      c.json(
        await page(c, c.req.valid("query"), (query) =>
          accounts.members(c.get("principal"), c.req.valid("param").id, query),
        ),
        200,
      ),
  );

  const accountAction = {
    tags: ["organizations"],
    param: subParam,
    middleware: [admin, idempotent],
    body: noBody,
    response: accountViewSchema,
    responseDescription: "The account after the change",
  };

  defineAction(app, {
    ...accountAction,
    path: "/accounts/{sub}/deactivate",
    operationId: "deactivateAccount",
    summary: "Deactivate a staff member's account (admin)",
    description:
      "Refuses the member's tokens (401) and ends their web sessions at once, and disables their sign-in. Student and admin accounts cannot be deactivated (409); an unknown account answers 404, one already deactivated 409.",
    run: (input) => accounts.deactivate(input.principal, input.id, input.ifMatch),
  });

  defineAction(app, {
    ...accountAction,
    path: "/accounts/{sub}/reactivate",
    operationId: "reactivateAccount",
    summary: "Reactivate a deactivated staff member's account (admin)",
    description: "The member may sign in and use their tokens again. An account that is active answers 409.",
    run: (input) => accounts.reactivate(input.principal, input.id, input.ifMatch),
  });

  return app;
}
