/**
 * One organisation for admins: its kind and municipalities, and its staff
 * (everyone who has signed in), each with a button to deactivate or
 * reactivate the account. A deactivation signs the member out at once: the
 * pages read the account on every request.
 */
import type { Context } from "hono";
import type { AccountView } from "#domain/accounts/model";
import { dateOfInstant } from "#domain/common/dates";
import { findMunicipality } from "#domain/municipalities/index";
import { Conflict, NotFound } from "#shared/errors";
import { StackedTable as Table } from "../../components/council-table";
import { ActionForm } from "../../components/form";
import { Alert, CursorPagination, Facts } from "../../components/page-parts";
import type { WebEnv } from "../../context";
import type { Messages } from "../../i18n";
import { csrfOf } from "../../middleware";
import type { PageDeps } from "../../page-deps";
import { paths } from "../../paths";
import { ConflictAlert } from "../student/shared";

const PAGE_SIZE = 20;

type MemberChange = "deactivate" | "reactivate";

const whoOf = (member: AccountView) => member.name ?? member.sub;

/** The organisation's member with this sub, if it has one (an organisation has few staff). */
async function findMember(deps: PageDeps, c: Context<WebEnv>, orgId: string, sub: string) {
  let cursor: string | undefined;
  do {
    const page = await deps.services.accounts.members(c.get("principal"), orgId, { limit: 100, cursor });
    const member = page.items.find((item) => item.sub === sub);
    if (member) return member;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return undefined;
}

/** The note after a change, naming the member only if they are one of this organisation's. */
async function doneAlert(deps: PageDeps, c: Context<WebEnv>, orgId: string, t: Messages) {
  const done = c.req.query("done");
  if (done !== "deactivated" && done !== "reactivated") return null;
  const sub = c.req.query("member");
  const member = sub ? await findMember(deps, c, orgId, sub) : undefined;
  const who = member ? whoOf(member) : t.admin.members.someone;
  const m = t.admin.members;
  return done === "deactivated" ? (
    <Alert kind="success" heading={m.deactivated(who)} live>
      <p>{m.deactivatedText}</p>
    </Alert>
  ) : (
    <Alert kind="success" heading={m.reactivated(who)} live>
      <p>{m.reactivatedText}</p>
    </Alert>
  );
}

function MemberAction({ t, orgId, member, csrf }: { t: Messages; orgId: string; member: AccountView; csrf: string }) {
  const m = t.admin.members;
  const who = whoOf(member);
  if (member.status === "active") {
    return (
      <ActionForm action={paths.deactivateMember(orgId, member.sub)} csrf={csrf} confirm={m.deactivateConfirm(who)}>
        <button type="submit" class="button button-secondary">
          {m.deactivate}
          <span class="sr-only"> {who}</span>
        </button>
      </ActionForm>
    );
  }
  return (
    <ActionForm action={paths.reactivateMember(orgId, member.sub)} csrf={csrf}>
      <button type="submit" class="button button-secondary">
        {m.reactivate}
        <span class="sr-only"> {who}</span>
      </button>
    </ActionForm>
  );
}

export async function organizationPage(
  c: Context<WebEnv>,
  deps: PageDeps,
  state: { conflict?: string; status?: 409 } = {},
) {
  const { t, fmt } = c.get("speech");
  const m = t.admin.members;
  const principal = c.get("principal");
  const orgId = c.req.param("id") ?? "";
  const organization = await deps.services.organizations.get(principal, orgId);
  const cursor = state.status ? undefined : c.req.query("cursor") || undefined;
  const page = await deps.services.accounts.members(principal, orgId, { limit: PAGE_SIZE, cursor });
  const csrf = csrfOf(c);
  const rows = page.items.map((member) => [
    whoOf(member),
    member.email ?? m.noEmail,
    t.roles[member.role],
    m.statuses[member.status],
    fmt.date(dateOfInstant(member.createdAt)),
    <MemberAction t={t} orgId={orgId} member={member} csrf={csrf} />,
  ]);
  const pageHref = (next?: string) =>
    next ? `${paths.organization(orgId)}?cursor=${encodeURIComponent(next)}` : paths.organization(orgId);
  const municipalities = organization.municipalities.map((code) => findMunicipality(code)?.name ?? code);
  return c.render(
    <>
      <p>
        <a href={paths.organizations}>{m.back}</a>
      </p>
      <h1>{organization.name}</h1>
      {state.status ? null : await doneAlert(deps, c, orgId, t)}
      <ConflictAlert heading={m.conflictHeading} text={state.conflict} />
      <Facts
        items={[
          [m.kind, t.admin.organizations.kinds[organization.kind]],
          [
            m.municipalities,
            municipalities.length > 0 ? municipalities.join(", ") : t.admin.organizations.noMunicipalities,
          ],
        ]}
      />
      <h2>{m.title}</h2>
      <p>{m.lead}</p>
      {rows.length === 0 ? (
        <p>{m.empty}</p>
      ) : (
        <Table
          caption={m.caption}
          captionHidden
          head={[m.head.name, m.head.email, m.head.role, m.head.status, m.head.since, m.head.action]}
          rows={rows}
        />
      )}
      <CursorPagination t={t} nextCursor={page.nextCursor} onFirstPage={!cursor} href={pageHref} />
    </>,
    { title: organization.name, status: state.status },
  );
}

/** Deactivates or reactivates one of the organisation's staff; another organisation's member is the 404 page. */
export async function postMemberChange(c: Context<WebEnv>, deps: PageDeps, change: MemberChange) {
  const { t } = c.get("speech");
  const principal = c.get("principal");
  const orgId = c.req.param("id") ?? "";
  const sub = c.req.param("sub") ?? "";
  await deps.services.organizations.get(principal, orgId);
  if (!(await findMember(deps, c, orgId, sub))) throw new NotFound("Account");
  try {
    await deps.services.accounts[change](principal, sub);
  } catch (error) {
    if (!(error instanceof Conflict)) throw error;
    const m = t.admin.members;
    return organizationPage(c, deps, {
      conflict: change === "deactivate" ? m.alreadyDeactivated : m.alreadyActive,
      status: 409,
    });
  }
  const done = change === "deactivate" ? "deactivated" : "reactivated";
  return c.redirect(`${paths.organization(orgId)}?done=${done}&member=${encodeURIComponent(sub)}`, 303);
}
