import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { z } from "zod";
import { auditEventSchema } from "#domain/audit";
import { dateSchema } from "#domain/common/dates";
import { pagedSchema, pageQuerySchema } from "#domain/common/paging";
import type { ListingView } from "#domain/listings/model";
import {
  LISTING_KINDS,
  LISTING_STATUSES,
  listingPatchSchema,
  listingViewSchema,
  newListingSchema,
  optionalReasonSchema,
  reasonSchema,
} from "#domain/listings/model";
import type { ListingService } from "#domain/listings/service";
import { municipalityCodes } from "#domain/municipalities/index";
import { type ActionInput, defineAction, noBody } from "../http/action";
import type { Guards } from "../http/auth";
import type { AppEnv } from "../http/context";
import { bearer, idParam, json, jsonBody, problems } from "../http/openapi";
import type { Paging } from "../http/paging";
import { etagOf, ifMatchVersion } from "../http/versions";

const flag = z.enum(["true", "false"]).transform((value) => value === "true");

const searchQuerySchema = pageQuerySchema.extend({
  municipality: municipalityCodes.optional().meta({ description: "Municipality code; repeat for several" }),
  from: dateSchema.optional().meta({ description: "Move-in day the window must contain" }),
  to: dateSchema.optional().meta({ description: "Move-out day the window must contain" }),
  maxRent: z.coerce.number().int().min(0).max(100_000).optional(),
  kind: z.enum(LISTING_KINDS).optional(),
  furnished: flag.optional(),
  accessible: flag.optional(),
  pets: flag.optional(),
  mine: flag.optional().meta({ description: "Staff: your organisation's listings in every state, newest first" }),
  status: z.enum(LISTING_STATUSES).optional(),
});

const headers = { ifMatch: z.object({ "if-match": z.string().optional() }) };

export function listingRoutes(
  listings: ListingService,
  { allow }: Guards,
  idempotent: MiddlewareHandler<AppEnv>,
  { page }: Paging,
) {
  const app = new OpenAPIHono<AppEnv>();
  const staff = allow("institution", "council");

  app.openapi(
    createRoute({
      method: "post",
      path: "/listings",
      tags: ["listings"],
      summary: "Create a listing (a draft of your organisation)",
      security: bearer,
      middleware: [staff, idempotent],
      request: { body: jsonBody(newListingSchema) },
      responses: {
        201: json(listingViewSchema, "Created, as a draft"),
        ...problems(400, 401, 403, 409, 413, 415, 422),
      },
    }),
    async (c) => {
      const listing = await listings.create(c.get("principal"), c.req.valid("json"));
      c.header("Location", `/listings/${listing.id}`);
      c.header("ETag", etagOf(listing.version));
      return c.json(listing, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/listings",
      tags: ["listings"],
      summary: "Search approved listings, or your organisation's own (mine=true)",
      description:
        "Default order: availableFrom, then id. With mine=true: newest first, every state, `status` filters. Filters that are absent match everything.",
      security: bearer,
      middleware: [allow()],
      request: { query: searchQuerySchema },
      responses: { 200: json(pagedSchema(listingViewSchema), "A page of listings"), ...problems(400, 401) },
    }),
    async (c) => {
      const found = await page(c, c.req.valid("query"), ({ limit, cursor, municipality, from, to, ...filters }) =>
        listings.search(
          c.get("principal"),
          { ...filters, municipalities: municipality, stayFrom: from, stayTo: to },
          { limit, cursor },
        ),
      );
      return c.json(found, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/listings/{id}",
      tags: ["listings"],
      summary: "One listing",
      security: bearer,
      middleware: [allow()],
      request: { params: idParam },
      responses: { 200: json(listingViewSchema, "The listing"), ...problems(400, 401, 404) },
    }),
    async (c) => {
      const listing = await listings.get(c.get("principal"), c.req.valid("param").id);
      c.header("ETag", etagOf(listing.version));
      return c.json(listing, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/listings/{id}",
      tags: ["listings"],
      summary: "Edit a listing of your organisation",
      description:
        "Changes the fields named; null clears an optional field. Changing rent, dates, address, municipality, location, capacity or kind of an approved listing sends it back for approval.",
      security: bearer,
      middleware: [staff],
      request: { params: idParam, headers: headers.ifMatch, body: jsonBody(listingPatchSchema) },
      responses: { 200: json(listingViewSchema, "The edited listing"), ...problems(400, 401, 403, 404, 409, 412) },
    }),
    async (c) => {
      const listing = await listings.edit(
        c.get("principal"),
        c.req.valid("param").id,
        c.req.valid("json"),
        ifMatchVersion(c),
      );
      c.header("ETag", etagOf(listing.version));
      return c.json(listing, 200);
    },
  );

  const listingAction = (
    name: "submit" | "withdraw" | "approve" | "reject",
    operationId: string,
    summary: string,
    body: z.ZodType<{ reason?: string }>,
    run: (input: ActionInput<{ reason?: string }>) => Promise<ListingView>,
  ) =>
    defineAction(app, {
      path: `/listings/{id}/${name}`,
      operationId,
      tags: ["listings"],
      summary,
      middleware: [name === "approve" || name === "reject" ? allow("council") : staff, idempotent],
      body,
      bodyRequired: name === "reject",
      response: listingViewSchema,
      responseDescription: "The listing after the action",
      problems: [404, 412],
      run,
    });

  listingAction("submit", "submitListing", "Submit a draft or rejected listing for approval", noBody, (input) =>
    listings.submit(input.principal, input.id, input.ifMatch),
  );
  listingAction(
    "withdraw",
    "withdrawListing",
    "Withdraw a listing (any state but expired)",
    optionalReasonSchema,
    (input) => listings.withdraw(input.principal, input.id, input.body.reason, input.ifMatch),
  );
  listingAction("approve", "approveListing", "Approve a pending listing in your municipalities", noBody, (input) =>
    listings.approve(input.principal, input.id, input.ifMatch),
  );
  listingAction(
    "reject",
    "rejectListing",
    "Reject a pending listing in your municipalities, with a reason",
    reasonSchema,
    (input) => listings.reject(input.principal, input.id, input.body.reason ?? "", input.ifMatch),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/listings/{id}/history",
      tags: ["listings"],
      summary: "The listing's audit trail: every state change, by whom and when",
      security: bearer,
      middleware: [allow("institution", "council", "admin")],
      request: { params: idParam, query: pageQuerySchema },
      responses: { 200: json(pagedSchema(auditEventSchema), "Oldest first"), ...problems(400, 401, 403, 404) },
    }),
    async (c) =>
      c.json(
        await page(c, c.req.valid("query"), (query) =>
          listings.history(c.get("principal"), c.req.valid("param").id, query),
        ),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/reviews",
      tags: ["listings"],
      summary: "Pending listings in your council's municipalities, oldest submission first",
      security: bearer,
      middleware: [allow("council")],
      request: { query: pageQuerySchema },
      responses: { 200: json(pagedSchema(listingViewSchema), "The review queue"), ...problems(400, 401, 403) },
    }),
    async (c) =>
      c.json(await page(c, c.req.valid("query"), (query) => listings.reviewQueue(c.get("principal"), query)), 200),
  );

  return app;
}
