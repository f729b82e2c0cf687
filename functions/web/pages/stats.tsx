/**
 * Statistics for councils (their municipalities) and admins (all, or one
 * they choose): the page, and the same figures as CSV for the same period
 * and municipalities. The period is checked as the API checks it: its dates
 * by the API's date schema, its rules (in order, at most three years) by the
 * statistics service, whose issue codes name the messages.
 */
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { Principal } from "#auth/principal";
import { dateSchema } from "#domain/common/dates";
import { allMunicipalityCodes } from "#domain/municipalities/index";
import { statsCsv, statsCsvFilename } from "#domain/stats/csv";
import type { StatsReport } from "#domain/stats/service";
import type { Option } from "../components/form";
import type { WebEnv } from "../context";
import { attempt, type FieldErrors, type FormFields, field, fieldValues, zodFieldErrors } from "../forms";
import { allowRoles } from "../middleware";
import type { PageDeps } from "../page-deps";
import { paths } from "../paths";
import { municipalityName, type StatsPageData, StatsView } from "./stats/report";

type PageContext = Context<WebEnv>;

const periodSchema = z.object({ from: dateSchema.optional(), to: dateSchema.optional() });

interface Asked {
  form: StatsPageData["form"];
  /** The municipalities asked for; none means all the caller may see. */
  chosen: string[];
  allowed: string[];
  errors: FieldErrors;
  report?: StatsReport;
}

export function statsPages({ services }: PageDeps) {
  const app = new Hono<WebEnv>();
  const { organizations, stats } = services;
  const councilsAndAdmins = allowRoles("council", "admin");

  const municipalitiesOf = async (principal: Principal): Promise<string[]> => {
    if (principal.role === "admin") return allMunicipalityCodes;
    return principal.orgId ? (await organizations.get(principal, principal.orgId)).municipalities : [];
  };

  /** The query read and checked, and the report when it is valid. */
  async function ask(c: PageContext): Promise<Asked> {
    const principal = c.get("principal");
    const { t } = c.get("speech");
    const query: FormFields = c.req.queries() ?? {};
    const form = { from: field(query, "from"), to: field(query, "to"), municipality: field(query, "municipality") };
    const chosen = [...new Set(fieldValues(query, "municipality"))];
    const allowed = await municipalitiesOf(principal);
    const parsed = periodSchema.safeParse({ from: form.from || undefined, to: form.to || undefined });
    const errors: FieldErrors = parsed.success
      ? {}
      : zodFieldErrors(t, parsed.error, { from: t.errors.date, to: t.errors.date });
    if (chosen.some((code) => !allowed.includes(code))) errors.municipality = t.errors.choose;
    if (!parsed.success || Object.keys(errors).length > 0) return { form, chosen, allowed, errors };
    const answer = await attempt(t, () =>
      stats.report(principal, { ...parsed.data, municipality: chosen.length > 0 ? chosen : undefined }),
    );
    if (!answer.ok) return { form, chosen, allowed, errors: answer.errors };
    return { form, chosen, allowed, errors: {}, report: answer.value };
  }

  /** The same period and municipalities, for the CSV link. */
  const csvHref = (report: StatsReport, chosen: string[]) => {
    const params = new URLSearchParams({ from: report.from, to: report.to });
    for (const code of chosen) params.append("municipality", code);
    return `${paths.statsCsv}?${params}`;
  };

  app.get("/statistik", councilsAndAdmins, async (c) => {
    const speech = c.get("speech");
    const { t } = speech;
    const asked = await ask(c);
    const report = asked.report;
    const admin = c.get("principal").role === "admin";
    const options: Option[] = asked.allowed
      .map((code) => ({ value: code, label: municipalityName(code) }))
      .sort((a, b) => a.label.localeCompare(b.label, "da"));
    const data: StatsPageData = {
      form: {
        from: asked.form.from || (report?.from ?? ""),
        to: asked.form.to || (report?.to ?? ""),
        municipality: asked.form.municipality,
      },
      choices:
        admin || options.length > 1
          ? { options, all: admin ? t.stats.form.allMunicipalities : t.stats.form.allOwnMunicipalities }
          : undefined,
      errors: asked.errors,
      report,
      csvHref: report ? csvHref(report, asked.chosen) : undefined,
    };
    return c.render(<StatsView speech={speech} data={data} />, {
      title: t.stats.title,
      status: report ? undefined : 400,
    });
  });

  app.get("/statistik.csv", councilsAndAdmins, async (c) => {
    const asked = await ask(c);
    // A query the page would refuse: the page says why.
    if (!asked.report) return c.redirect(`${paths.stats}${new URL(c.req.url).search}`, 303);
    return c.body(statsCsv(asked.report), 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${statsCsvFilename(asked.report)}"`,
    });
  });

  return app;
}
