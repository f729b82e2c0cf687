import { swaggerUI } from "@hono/swagger-ui";
import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import type { CursorCodec } from "#db/cursor";
import { pagedSchema, pageQuerySchema } from "#domain/common/paging";
import { municipalities, municipalitySchema } from "#domain/municipalities/index";
import type { AppEnv } from "../http/context";
import { json, problems } from "../http/openapi";

const healthRoute = createRoute({
  method: "get",
  path: "/health",
  tags: ["system"],
  summary: "Liveness",
  responses: { 200: json(z.object({ status: z.literal("ok") }), "The service answers") },
});

const municipalitiesRoute = createRoute({
  method: "get",
  path: "/municipalities",
  tags: ["system"],
  summary: "Municipalities of Region Zealand and København, with codes and centres",
  request: { query: pageQuerySchema },
  responses: { 200: json(pagedSchema(municipalitySchema), "All known municipalities"), ...problems(400) },
});

export function systemRoutes(cursors: CursorCodec) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(healthRoute, (c) => c.json({ status: "ok" as const }, 200));

  app.openapi(municipalitiesRoute, (c) => {
    // Reference data: the default page holds all of it; smaller pages page by offset.
    const { limit, cursor } = c.req.valid("query");
    const offset = cursor ? Number(cursors.decode("municipalities", cursor)) : 0;
    const items = municipalities.slice(offset, offset + limit);
    const next = offset + limit < municipalities.length ? cursors.encode("municipalities", offset + limit) : null;
    c.header("Cache-Control", "public, max-age=3600");
    return c.json({ items, nextCursor: next }, 200);
  });

  app.get("/docs", swaggerUI({ url: "/openapi.json", title: "Praktikbolig API" }));

  return app;
}
