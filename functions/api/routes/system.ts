import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { pagedSchema, pageQuerySchema } from "#domain/common/paging";
import { municipalities, municipalitySchema } from "#domain/municipalities/index";
import type { AppEnv } from "../http/context";
import { json, problems } from "../http/openapi";
import type { Paging } from "../http/paging";

const healthRoute = createRoute({
  method: "get",
  path: "/health",
  operationId: "health",
  tags: ["system"],
  summary: "Liveness",
  description: "Answers 200 while the service runs; needs no token.",
  responses: { 200: json(z.object({ status: z.literal("ok") }), "The service answers") },
});

const municipalitiesRoute = createRoute({
  method: "get",
  path: "/municipalities",
  operationId: "listMunicipalities",
  tags: ["system"],
  summary: "Municipalities of Region Zealand and København, with codes and centres",
  description:
    "Reference data, the same for everyone and cacheable for an hour; the default page holds every municipality. Needs no token.",
  request: { query: pageQuerySchema },
  responses: { 200: json(pagedSchema(municipalitySchema), "All known municipalities"), ...problems(400) },
});

export function systemRoutes({ page }: Paging) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(healthRoute, (c) => c.json({ status: "ok" as const }, 200));

  app.openapi(municipalitiesRoute, async (c) => {
    // Reference data: the default page holds all of it; smaller pages page by offset.
    const listed = await page(c, c.req.valid("query"), async ({ limit, cursor }) => {
      const offset = cursor ? Number(cursor) : 0;
      const end = offset + limit;
      return { items: municipalities.slice(offset, end), nextCursor: end < municipalities.length ? String(end) : null };
    });
    c.header("Cache-Control", "public, max-age=3600");
    return c.json(listed, 200);
  });

  return app;
}
