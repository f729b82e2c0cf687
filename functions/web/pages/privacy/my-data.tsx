/**
 * "Mine data": the profile (name and e-mail, validated by PATCH /me's own
 * schema), what is stored about a student and for how long, the export as a
 * file, and the way to the erasure. Staff and admins see the same page
 * without the erasure: their accounts are managed by admins.
 */
import type { z } from "zod";
import { SESSION_LIFETIME_MS } from "#auth/sessions";
import { RETENTION_YEARS_AFTER_STAY } from "#domain/bookings/retention";
import { dateOfInstant } from "#domain/common/dates";
import { StackedTable } from "../../components/council-table";
import { CsrfField, ErrorSummary, TextField } from "../../components/form";
import { Alert, Facts } from "../../components/page-parts";
import { type FieldErrors, type FormFields, field, zodFieldErrors } from "../../forms";
import type { Messages } from "../../i18n";
import { csrfOf } from "../../middleware";
import type { PageDeps } from "../../page-deps";
import { paths } from "../../paths";
import { ConflictAlert, type PageContext } from "../student/shared";

const FIELD_ORDER = ["name", "email"];
const SESSION_HOURS = SESSION_LIFETIME_MS / 3_600_000;

export interface ProfileState {
  /** What the user typed, shown again with the errors. */
  form?: { name: string; email: string };
  errors?: FieldErrors;
  /** The profile changed elsewhere since the form was opened. */
  changed?: boolean;
  status?: 400 | 409;
}

/** The posted profile as PATCH /me takes it: a blank field clears it. */
export function profileFrom(form: FormFields) {
  return { name: field(form, "name") || null, email: field(form, "email") || null };
}

/** The account version the form was opened on, if it sent a sensible one. */
export function versionFrom(form: FormFields): number | undefined {
  const version = Number(field(form, "version"));
  return Number.isSafeInteger(version) && version > 0 ? version : undefined;
}

export function profileErrors(t: Messages, error: z.ZodError): FieldErrors {
  return zodFieldErrors(t, error, { email: t.privacy.myData.emailFormat });
}

/** What the student's records hold and how long each is kept. */
function storedRows(t: Messages): string[][] {
  const m = t.privacy.myData;
  const afterStay = m.afterStay(RETENTION_YEARS_AFTER_STAY * 12);
  return [
    ...Object.values(m.stored).map((kind) => [kind.what, kind.holds, afterStay]),
    [m.account.what, m.account.holds, m.account.kept],
    [m.sessions.what, m.sessions.holds, m.sessionHours(SESSION_HOURS)],
    [m.answers.what, m.answers.holds, m.answers.kept],
  ];
}

export async function myDataPage(c: PageContext, { services }: PageDeps, state: ProfileState = {}) {
  const { t, fmt } = c.get("speech");
  const m = t.privacy.myData;
  const principal = c.get("principal");
  const account = await services.accounts.own(principal);
  const organization = account.orgId ? await services.organizations.find(account.orgId) : undefined;
  const student = principal.role === "student";
  const form = state.form ?? { name: account.name ?? "", email: account.email ?? "" };
  return c.render(
    <>
      <h1>{m.title}</h1>
      <ErrorSummary errors={state.errors} order={FIELD_ORDER} t={t} />
      {c.req.query("done") === "saved" && !state.status ? <Alert kind="success" heading={m.saved} live /> : null}
      <ConflictAlert heading={m.changedElsewhere} text={state.changed ? m.changedElsewhereText : undefined} />
      <p class="font-lead">{student ? m.lead : m.leadStaff}</p>

      <h2>{m.profileTitle}</h2>
      <Facts
        items={[
          [m.role, t.roles[account.role]],
          ...(organization ? [[m.organization, organization.name] as [string, string]] : []),
          [m.since, fmt.date(dateOfInstant(account.createdAt))],
        ]}
      />
      <p>{student ? m.usedFor : m.usedForStaff}</p>
      <form method="post" action={paths.myData} novalidate>
        <CsrfField token={csrfOf(c)} />
        <input type="hidden" name="version" value={String(account.version)} />
        <TextField
          name="name"
          label={m.name}
          value={form.name}
          errors={state.errors}
          required={false}
          autocomplete="name"
          width="l"
          t={t}
        />
        <TextField
          name="email"
          type="email"
          label={m.email}
          hint={m.emailHint}
          value={form.email}
          errors={state.errors}
          required={false}
          autocomplete="email"
          width="l"
          t={t}
        />
        <div class="button-row">
          <button type="submit" class="button button-primary">
            {m.save}
          </button>
        </div>
      </form>

      <h2>{m.storedTitle}</h2>
      {student ? (
        <>
          <StackedTable
            caption={m.storedCaption}
            captionHidden
            head={[m.head.what, m.head.holds, m.head.kept]}
            rows={storedRows(t)}
          />
          <p>{m.stayEnds}</p>
          <p>{m.noCpr}</p>
        </>
      ) : (
        <p>{m.staffStored(SESSION_HOURS)}</p>
      )}

      <h2>{m.exportTitle}</h2>
      <p>{m.exportText}</p>
      <p>
        <a class="button button-secondary" href={paths.myDataExport} download>
          {m.exportButton}
        </a>
      </p>

      {student ? (
        <>
          <h2>{m.eraseTitle}</h2>
          <p>{m.eraseText}</p>
          <p>
            <a class="button button-secondary" href={paths.eraseMyData}>
              {m.eraseLink}
            </a>
          </p>
        </>
      ) : (
        <>
          <h2>{m.closeTitle}</h2>
          <p>{principal.role === "admin" ? m.adminAccount : m.staffAccount}</p>
        </>
      )}
    </>,
    { title: m.title, status: state.status },
  );
}
