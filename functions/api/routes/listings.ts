import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { z } from "zod";
import { auditEventSchema } from "#domain/audit";
import { dateSchema } from "#domain/common/dates";
import { pagedSchema, pageQuerySchema } from "#domain/common/paging";
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
import { type ActionSpec, defineAction, noBody } from "../http/action";
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
      operationId: "createListing",
      tags: ["listings"],
      summary: "Create a listing (a draft of your organisation)",
      description:
        "Institution and council staff create rooms for their own organisation; a new listing is a draft until it is submitted and approved.",
      security: bearer,
      middleware: [staff, idempotent],
      parameters: headerParameters.idempotent,
      request: { body: jsonBody(newListingSchema) },
      responses: { 201: created(listingViewSchema, "Created, as a draft"), ...problems(...changeProblems) },
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
      operationId: "searchListings",
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
      operationId: "getListing",
      tags: ["listings"],
      summary: "One listing",
      description:
        "Students and other organisations see approved listings only, without the contact note unless they hold an offer or booking for it; anything else answers 404.",
      security: bearer,
      middleware: [allow()],
      request: { params: idParam },
      responses: { 200: resource(listingViewSchema, "The listing"), ...problems(400, 401, 404) },
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
      operationId: "editListing",
      tags: ["listings"],
      summary: "Edit a listing of your organisation",
      description:
        "Changes the fields named; null clears an optional field. Changing rent, dates, address, municipality, location, capacity or kind of an approved listing sends it back for approval.",
      security: bearer,
      middleware: [staff],
      parameters: headerParameters.versioned,
      request: { params: idParam, body: jsonBody(listingPatchSchema) },
      responses: {
        200: resource(listingViewSchema, "The edited listing"),
        ...problems(400, 401, 403, 404, 409, 412, 413, 415),
      },
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

  const listingAction = {
    tags: ["listings"],
    response: listingViewSchema,
    responseDescription: "The listing after the action",
  } satisfies Partial<ActionSpec<typeof noBody, typeof listingViewSchema>>;
  const council = allow("council");

  defineAction(app, {
    ...listingAction,
    path: "/listings/{id}/submit",
    operationId: "submitListing",
    summary: "Submit a draft or rejected listing for approval",
    description:
      "Only the owner organisation; the listing waits in the review queue of the council of its municipality.",
    middleware: [staff, idempotent],
    body: noBody,
    run: (input) => listings.submit(input.principal, input.id, input.ifMatch),
  });
  defineAction(app, {
    ...listingAction,
    path: "/listings/{id}/withdraw",
    operationId: "withdrawListing",
    summary: "Withdraw a listing (any state but expired)",
    description:
      "Only the owner organisation. Live offers on it are withdrawn and their holds released, pending applications declined; bookings stay.",
    middleware: [staff, idempotent],
    body: optionalReasonSchema,
    run: (input) => listings.withdraw(input.principal, input.id, input.body.reason, input.ifMatch),
  });
  defineAction(app, {
    ...listingAction,
    path: "/listings/{id}/approve",
    operationId: "approveListing",
    summary: "Approve a pending listing in your municipalities",
    description:
      "A council covering the listing's municipality approves; never the person who created the listing (403). Others get 404.",
    middleware: [council, idempotent],
    body: noBody,
    run: (input) => listings.approve(input.principal, input.id, input.ifMatch),
  });
  defineAction(app, {
    ...listingAction,
    path: "/listings/{id}/reject",
    operationId: "rejectListing",
    summary: "Reject a pending listing in your municipalities, with a reason",
    description:
      "A council covering the listing's municipality rejects, with a reason the owner sees; the owner may edit and submit again.",
    middleware: [council, idempotent],
    body: reasonSchema,
    bodyRequired: true,
    run: (input) => listings.reject(input.principal, input.id, input.body.reason, input.ifMatch),
  });

  app.openapi(
    createRoute({
      method: "get",
      path: "/listings/{id}/history",
      operationId: "listingHistory",
      tags: ["listings"],
      summary: "The listing's audit trail: every state change, by whom and when",
      description: "For the owner organisation, the reviewing council and admins; students may not read it (403).",
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
      operationId: "reviewQueue",
      tags: ["listings"],
      summary: "Pending listings in your council's municipalities, oldest submission first",
      description: "The council's review queue, ordered by the time each listing last became pending.",
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
