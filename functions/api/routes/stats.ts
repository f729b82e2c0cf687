import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { dateSchema } from "#domain/common/dates";
import { municipalityCodes } from "#domain/municipalities/index";
import { statsCsv, statsCsvFilename } from "#domain/stats/csv";
import { municipalityStatsSchema } from "#domain/stats/figures";
import type { StatsService } from "#domain/stats/service";
import type { Guards } from "../http/auth";
import type { AppEnv } from "../http/context";
import { bearer, problems } from "../http/openapi";

const statsQuerySchema = z.object({
  municipality: municipalityCodes
    .optional()
    .meta({ description: "Municipality code; repeat for several. Default: all you may see" }),
  from: dateSchema.optional().meta({ description: "First day of the period (default: 12 months before `to`)" }),
  to: dateSchema.optional().meta({ description: "Last day of the period (default: today)" }),
  format: z.enum(["json", "csv"]).default("json").meta({ description: "`csv`: one row per municipality" }),
});

const statsReportSchema = z
  .object({ from: z.string(), to: z.string(), items: z.array(municipalityStatsSchema) })
  .meta({ id: "StatsReport" });

export function statsRoutes(stats: StatsService, { allow }: Guards) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    createRoute({
      method: "get",
      path: "/stats",
      operationId: "getStats",
      tags: ["statistics"],
      summary: "Figures per municipality for a period",
      description:
        "Councils: their municipalities; admins: all, or those named. Counts of the period are by the day things happened (Europe/Copenhagen); listings by state, beds, open requests and free beds are as of today. `format=csv` answers one row per municipality: UTF-8 with a byte-order mark, semicolon-separated, decimal comma (what Excel expects in Danish settings).",
      security: bearer,
      middleware: [allow("council", "admin")],
      request: { query: statsQuerySchema },
      responses: {
        200: {
          description: "The figures",
          content: {
            "application/json": { schema: statsReportSchema },
            "text/csv": { schema: z.string().meta({ description: "One row per municipality, with a header row" }) },
          },
        },
        ...problems(400, 401, 403),
      },
    }),
    async (c) => {
      const { format, ...query } = c.req.valid("query");
      const report = await stats.report(c.get("principal"), query);
      if (format === "csv") {
        return c.body(statsCsv(report), 200, {
          "Content-Type": "text/csv; charset=utf-8",
          "Content-Disposition": `attachment; filename="${statsCsvFilename(report)}"`,
        });
      }
      return c.json(report, 200);
    },
  );

  return app;
}
