/**
 * The admin pages: the organisations (education institutions and business
 * councils), listed with cursor paging, and the form that creates one,
 * validated by the API's own schema; each organisation's page lists its
 * staff, to deactivate or reactivate (admin/members.tsx).
 */
import { type Context, Hono } from "hono";
import { municipalities } from "#domain/municipalities/index";
import { newOrganizationSchema, ORGANIZATION_KINDS, type Organization } from "#domain/organizations/model";
import { StackedTable as Table } from "../components/council-table";
import { Choices, CsrfField, ErrorSummary, TextField } from "../components/form";
import { Alert, CursorPagination } from "../components/page-parts";
import type { WebEnv } from "../context";
import { type FieldErrors, fieldValues, optionalText, readForm, zodFieldErrors } from "../forms";
import type { Speech } from "../i18n";
import { allowRoles, csrfOf } from "../middleware";
import type { PageDeps } from "../page-deps";
import { paths } from "../paths";
import { organizationPage, postMemberChange } from "./admin/members";

const PAGE_SIZE = 20;
const FIELD_ORDER = ["kind", "name", "municipalities"];

/** The municipalities an organisation may cover: Region Zealand's. */
const zealand = municipalities.filter((municipality) => municipality.region === "Sjælland");
const nameOf = new Map(municipalities.map((municipality) => [municipality.code, municipality.name]));

interface OrganizationForm {
  kind?: string;
  name?: string;
  municipalities: string[];
}

interface OrganizationsData {
  items: Organization[];
  nextCursor: string | null;
  onFirstPage: boolean;
  created: boolean;
  form: OrganizationForm;
  errors?: FieldErrors;
  csrf: string;
}

function OrganizationsView({ speech, data }: { speech: Speech; data: OrganizationsData }) {
  const { t } = speech;
  const o = t.admin.organizations;
  const rows = data.items.map((org) => [
    <a href={paths.organization(org.id)}>{org.name}</a>,
    o.kinds[org.kind],
    org.municipalities.length > 0
      ? org.municipalities.map((code) => nameOf.get(code) ?? code).join(", ")
      : o.noMunicipalities,
  ]);
  const pageHref = (cursor?: string) =>
    cursor ? `${paths.organizations}?cursor=${encodeURIComponent(cursor)}` : paths.organizations;
  return (
    <>
      <h1>{o.title}</h1>
      <ErrorSummary errors={data.errors} order={FIELD_ORDER} t={t} />
      {data.created ? <Alert kind="success" heading={o.created} live /> : null}
      <p class="font-lead">{o.lead}</p>
      {rows.length === 0 ? (
        <p>{o.empty}</p>
      ) : (
        <Table caption={o.caption} captionHidden head={[o.head.name, o.head.kind, o.head.municipalities]} rows={rows} />
      )}
      <CursorPagination t={t} nextCursor={data.nextCursor} onFirstPage={data.onFirstPage} href={pageHref} />
      <h2 id="create">{o.createTitle}</h2>
      <form method="post" action={paths.organizations}>
        <CsrfField token={data.csrf} />
        <Choices
          kind="radio"
          name="kind"
          label={o.kindLabel}
          options={ORGANIZATION_KINDS.map((kind) => ({ value: kind, label: o.kinds[kind] }))}
          values={data.form.kind ? [data.form.kind] : []}
          errors={data.errors}
          t={t}
        />
        <TextField
          name="name"
          label={o.nameLabel}
          hint={o.nameHint}
          value={data.form.name}
          errors={data.errors}
          required
          width="l"
          autocomplete="organization"
          t={t}
        />
        <Choices
          kind="checkbox"
          name="municipalities"
          label={o.municipalitiesLabel}
          hint={o.municipalitiesHint}
          options={zealand.map((municipality) => ({ value: municipality.code, label: municipality.name }))}
          values={data.form.municipalities}
          errors={data.errors}
          t={t}
        />
        <button type="submit" class="button button-primary">
          {o.submit}
        </button>
      </form>
    </>
  );
}

/** One message per form field: an issue inside the list of municipalities belongs to the list. */
function fieldErrors(speech: Speech, error: Parameters<typeof zodFieldErrors>[1]): FieldErrors {
  const o = speech.t.admin.organizations;
  const byPath = zodFieldErrors(speech.t, error, { municipalities: o.councilNeedsMunicipality });
  const errors: FieldErrors = {};
  for (const [path, message] of Object.entries(byPath)) errors[path.split(".")[0] ?? path] ??= message;
  // The messages name what is missing, not only "fill in the field".
  if (errors.kind) errors.kind = o.kindRequired;
  if (errors.name === speech.t.errors.required) errors.name = o.nameRequired;
  return errors;
}

export function adminPages(deps: PageDeps) {
  const app = new Hono<WebEnv>();
  const { organizations } = deps.services;
  const admin = allowRoles("admin");

  async function render(
    c: Context<WebEnv>,
    extra: { form?: OrganizationForm; errors?: FieldErrors; created?: boolean },
    status?: 400,
  ) {
    const cursor = status ? undefined : c.req.query("cursor") || undefined;
    const page = await organizations.list(c.get("principal"), { limit: PAGE_SIZE, cursor });
    const speech = c.get("speech");
    const data: OrganizationsData = {
      items: page.items,
      nextCursor: page.nextCursor,
      onFirstPage: !cursor,
      created: extra.created ?? false,
      form: extra.form ?? { municipalities: [] },
      errors: extra.errors,
      csrf: csrfOf(c),
    };
    return c.render(<OrganizationsView speech={speech} data={data} />, {
      title: speech.t.admin.organizations.title,
      status,
    });
  }

  app.get("/organizations", admin, (c) => render(c, { created: c.req.query("done") === "created" }));

  app.post("/organizations", admin, async (c) => {
    const posted = await readForm(c);
    const form: OrganizationForm = {
      kind: optionalText(posted, "kind"),
      name: posted.name?.[0],
      municipalities: fieldValues(posted, "municipalities"),
    };
    const parsed = newOrganizationSchema.safeParse({
      kind: form.kind,
      name: optionalText(posted, "name"),
      municipalities: form.municipalities,
    });
    if (!parsed.success) return render(c, { form, errors: fieldErrors(c.get("speech"), parsed.error) }, 400);
    await organizations.create(c.get("principal"), parsed.data);
    return c.redirect(`${paths.organizations}?done=created`, 303);
  });

  app.get("/organizations/:id", admin, (c) => organizationPage(c, deps));
  app.post("/organizations/:id/members/:sub/deactivate", admin, (c) => postMemberChange(c, deps, "deactivate"));
  app.post("/organizations/:id/members/:sub/reactivate", admin, (c) => postMemberChange(c, deps, "reactivate"));

  return app;
}
