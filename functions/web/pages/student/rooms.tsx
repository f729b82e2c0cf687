/** Searching the approved listings, one listing's page, and applying to it from an open housing request. */
import { z } from "zod";
import { newApplicationSchema } from "#domain/bookings/model";
import { dateSchema } from "#domain/common/dates";
import { LISTING_KINDS, type ListingView } from "#domain/listings/model";
import { municipalityCode } from "#domain/municipalities/index";
import type { RequestView } from "#domain/requests/model";
import { Conflict } from "#shared/errors";
import { ActionForm, Checkbox, Choices, ErrorSummary, Select, TextArea, TextField } from "../../components/form";
import { CursorPagination, Facts } from "../../components/page-parts";
import {
  type FieldErrors,
  type FormFields,
  field,
  optionalText,
  readForm,
  ticked,
  wholeNumber,
  zodFieldErrors,
} from "../../forms";
import type { Formatters, Messages } from "../../i18n";
import type { PageDeps } from "../../page-deps";
import { paths } from "../../paths";
import { ConflictAlert, csrfOf, DoneAlert, municipalityName, type PageContext, zealandMunicipalities } from "./shared";

const RESULTS_PER_PAGE = 10;
const SEARCH_FIELDS = ["municipality", "from", "to", "maxRent", "kind", "furnished", "accessible", "pets"] as const;

const searchSchema = z.object({
  municipality: municipalityCode.optional(),
  from: dateSchema.optional(),
  to: dateSchema.optional(),
  maxRent: z.number().int().min(0).max(100_000).optional(),
  kind: z.enum(LISTING_KINDS).optional(),
});

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export async function roomsPage(c: PageContext, { services }: PageDeps) {
  const { t, fmt } = c.get("speech");
  const s = t.student.rooms;
  const query: FormFields = c.req.queries() ?? {};
  const parsed = searchSchema.safeParse({
    municipality: optionalText(query, "municipality"),
    from: optionalText(query, "from"),
    to: optionalText(query, "to"),
    maxRent: wholeNumber(query, "maxRent"),
    kind: optionalText(query, "kind"),
  });
  let errors: FieldErrors = parsed.success
    ? {}
    : zodFieldErrors(t, parsed.error, { from: t.errors.date, to: t.errors.date, municipality: t.errors.choose });
  if (parsed.success && parsed.data.from && parsed.data.to && parsed.data.from >= parsed.data.to) {
    errors = { to: t.errors.rules.not_after_start };
  }
  const cursor = optionalText(query, "cursor");
  const found =
    parsed.success && Object.keys(errors).length === 0
      ? await services.listings.search(
          c.get("principal"),
          {
            municipalities: parsed.data.municipality ? [parsed.data.municipality] : undefined,
            stayFrom: parsed.data.from,
            stayTo: parsed.data.to,
            maxRent: parsed.data.maxRent,
            kind: parsed.data.kind,
            furnished: ticked(query, "furnished") || undefined,
            accessible: ticked(query, "accessible") || undefined,
            pets: ticked(query, "pets") || undefined,
          },
          { limit: RESULTS_PER_PAGE, cursor },
        )
      : undefined;
  const kept = new URLSearchParams();
  for (const name of SEARCH_FIELDS) {
    const value = field(query, name);
    if (value) kept.set(name, value);
  }
  const href = (next?: string) => {
    const params = new URLSearchParams(kept);
    if (next) params.set("cursor", next);
    const text = params.toString();
    return text ? `${paths.rooms}?${text}` : paths.rooms;
  };
  const value = (name: string) => field(query, name);
  return c.render(
    <>
      <h1>{s.title}</h1>
      <p class="font-lead">{s.lead}</p>
      <ErrorSummary errors={errors} order={[...SEARCH_FIELDS]} t={t} />
      <form method="get" action={paths.rooms}>
        <Select
          name="municipality"
          label={s.municipality}
          options={zealandMunicipalities}
          placeholder={s.anyMunicipality}
          value={value("municipality")}
          errors={errors}
          t={t}
        />
        <TextField name="from" label={s.from} hint={s.dateHint} value={value("from")} errors={errors} width="m" t={t} />
        <TextField name="to" label={s.to} hint={s.dateHint} value={value("to")} errors={errors} width="m" t={t} />
        <TextField
          name="maxRent"
          label={s.maxRent}
          value={value("maxRent")}
          errors={errors}
          inputmode="numeric"
          width="s"
          t={t}
        />
        <Select
          name="kind"
          label={s.kind}
          options={LISTING_KINDS.map((kind) => ({ value: kind, label: capitalise(t.kinds[kind]) }))}
          placeholder={s.anyKind}
          value={value("kind")}
          errors={errors}
          t={t}
        />
        <fieldset class="form-group">
          <legend class="form-label">{s.needs}</legend>
          <Checkbox name="furnished" label={capitalise(t.features.furnished)} checked={ticked(query, "furnished")} />
          <Checkbox name="accessible" label={capitalise(t.features.accessible)} checked={ticked(query, "accessible")} />
          <Checkbox name="pets" label={capitalise(t.features.petsAllowed)} checked={ticked(query, "pets")} />
        </fieldset>
        <button type="submit" class="button button-primary">
          {s.search}
        </button>
      </form>
      {found ? (
        <>
          <h2>{s.resultsTitle}</h2>
          {found.items.length === 0 ? (
            <p>{s.none}</p>
          ) : (
            <ul class="cards">
              {found.items.map((listing) => (
                <ListingCard t={t} fmt={fmt} listing={listing} />
              ))}
            </ul>
          )}
          <CursorPagination t={t} nextCursor={found.nextCursor} onFirstPage={!cursor} href={href} />
        </>
      ) : null}
    </>,
    { title: s.title, status: found ? undefined : 400 },
  );
}

function featuresOf(t: Messages, listing: ListingView): string[] {
  const names = ["furnished", "accessible", "petsAllowed", "smokingAllowed", "internet"] as const;
  return names.filter((name) => listing[name]).map((name) => t.features[name]);
}

function ListingCard({ t, fmt, listing }: { t: Messages; fmt: Formatters; listing: ListingView }) {
  const r = t.student.room;
  const features = featuresOf(t, listing);
  return (
    <li>
      <h3>
        <a href={paths.room(listing.id)}>{listing.title}</a>
      </h3>
      <Facts
        items={[
          [r.kind, t.kinds[listing.kind]],
          [r.municipality, municipalityName(listing.municipalityCode)],
          [r.rent, t.perMonth(fmt.dkk(listing.rentDkk))],
          [r.window, t.dateRange(fmt.date(listing.availableFrom), fmt.date(listing.availableTo))],
          [r.features, features.length > 0 ? features.join(", ") : t.none],
        ]}
      />
    </li>
  );
}

interface RoomPageState {
  errors?: FieldErrors;
  form?: FormFields;
  conflict?: string;
  status?: 400 | 409;
}

export async function roomPage(c: PageContext, { services }: PageDeps, state: RoomPageState = {}) {
  const { t, fmt } = c.get("speech");
  const principal = c.get("principal");
  const id = c.req.param("id") ?? "";
  const listing = await services.listings.get(principal, id);
  const r = t.student.room;
  const features = featuresOf(t, listing);
  const openRequests =
    principal.role === "student" && listing.status === "approved"
      ? (await services.requests.list(principal, { status: "open" }, { limit: 50 })).items
      : undefined;
  const chosen = state.form ? field(state.form, "request") : (c.req.query("request") ?? "");
  return c.render(
    <>
      <h1>{listing.title}</h1>
      <ErrorSummary errors={state.errors} order={["request", "message"]} t={t} />
      <DoneAlert c={c} />
      <ConflictAlert heading={r.conflicts.heading} text={state.conflict} />
      <h2>{r.facts}</h2>
      <Facts
        items={[
          ...(listing.status !== "approved" ? [[r.status, t.listingStatuses[listing.status]] as [string, string]] : []),
          [r.kind, t.kinds[listing.kind]],
          [r.address, `${listing.address.street}, ${listing.address.postalCode} ${listing.address.city}`],
          [r.municipality, municipalityName(listing.municipalityCode)],
          [r.rent, t.perMonth(fmt.dkk(listing.rentDkk))],
          [r.deposit, fmt.dkk(listing.depositDkk)],
          [r.utilities, listing.utilitiesIncluded ? r.utilitiesIncluded : r.utilitiesExtra],
          [r.size, listing.sizeSqm === undefined ? t.notGiven : r.sizeValue(fmt.number(listing.sizeSqm))],
          [r.capacity, t.beds(listing.capacity)],
          [r.window, t.dateRange(fmt.date(listing.availableFrom), fmt.date(listing.availableTo))],
          [r.features, features.length > 0 ? features.join(", ") : t.none],
          [
            r.languages,
            listing.languages.length > 0
              ? listing.languages.map((code) => r.languageNames[code] ?? code).join(", ")
              : t.notGiven,
          ],
        ]}
      />
      <h2>{r.description}</h2>
      {listing.description.split(/\n+/).map((paragraph) => (
        <p>{paragraph}</p>
      ))}
      {listing.contactNote ? (
        <>
          <h2>{r.contact}</h2>
          <p>{listing.contactNote}</p>
          <p class="form-hint">{r.contactHint}</p>
        </>
      ) : null}
      {openRequests ? (
        <ApplyForm c={c} listing={listing} requests={openRequests} chosen={chosen} state={state} />
      ) : null}
    </>,
    { title: listing.title, status: state.status },
  );
}

function ApplyForm(props: {
  c: PageContext;
  listing: ListingView;
  requests: RequestView[];
  chosen: string;
  state: RoomPageState;
}) {
  const { t, fmt } = props.c.get("speech");
  const r = t.student.room;
  const { errors, form } = props.state;
  if (props.requests.length === 0) {
    return (
      <>
        <h2>{r.applyTitle}</h2>
        <p>
          {r.noOpenRequest} <a href={paths.newRequest}>{t.student.housing.newRequest}</a>
        </p>
      </>
    );
  }
  const only = props.requests.length === 1 ? props.requests[0]?.id : undefined;
  return (
    <>
      <h2>{r.applyTitle}</h2>
      <p>{r.applyLead}</p>
      <ActionForm action={paths.applyToRoom(props.listing.id)} csrf={csrfOf(props.c)}>
        <Choices
          kind="radio"
          name="request"
          label={r.applyRequest}
          options={props.requests.map((request) => ({
            value: request.id,
            label: r.requestOption(request.internship.company, fmt.date(request.moveIn), fmt.date(request.moveOut)),
          }))}
          values={[props.chosen || only || ""]}
          errors={errors}
          t={t}
        />
        <TextArea
          name="message"
          label={r.message}
          hint={r.messageHint}
          value={form ? field(form, "message") : ""}
          errors={errors}
          rows={4}
          maxlength={2000}
          required={false}
          t={t}
        />
        <button type="submit" class="button button-primary">
          {r.applySubmit}
        </button>
      </ActionForm>
    </>
  );
}

export async function postApply(c: PageContext, deps: PageDeps) {
  const { t } = c.get("speech");
  const principal = c.get("principal");
  const { services } = deps;
  const listingId = c.req.param("id") ?? "";
  const form = await readForm(c);
  const requestId = field(form, "request");
  const parsed = newApplicationSchema.safeParse({ listingId, message: field(form, "message") });
  const errors: FieldErrors = parsed.success ? {} : zodFieldErrors(t, parsed.error);
  if (!requestId) errors.request = t.errors.choose;
  if (!parsed.success || Object.keys(errors).length > 0) {
    await services.listings.get(principal, listingId);
    return roomPage(c, deps, { errors, form, status: 400 });
  }
  try {
    const application = await services.stays.apply(principal, requestId, parsed.data);
    return c.redirect(`${paths.application(application.id)}?done=applied`, 303);
  } catch (error) {
    if (!(error instanceof Conflict)) throw error;
    const conflict = await whyNot(deps, c, requestId, listingId);
    return roomPage(c, deps, { form, conflict, status: 409 });
  }
}

/** Says in the page's words why the domain refused an application. */
async function whyNot(deps: PageDeps, c: PageContext, requestId: string, listingId: string): Promise<string> {
  const { t } = c.get("speech");
  const r = t.student.room.conflicts;
  const principal = c.get("principal");
  const request = await deps.services.requests.get(principal, requestId);
  if (request.status !== "open") return r.requestNotOpen;
  const listing = await deps.services.listings.find(listingId);
  if (listing?.status !== "approved") return r.listingClosed;
  if (listing.availableFrom > request.moveIn || listing.availableTo < request.moveOut) return r.window;
  const active = (await deps.services.stays.listApplications(principal, { requestId }, { limit: 100 })).items.filter(
    (application) => application.status === "pending" || application.status === "offered",
  );
  if (active.some((application) => application.listingId === listingId)) return r.alreadyApplied;
  if (active.length >= 5) return r.tooMany;
  return t.pages.conflict.text;
}
