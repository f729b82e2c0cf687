/** One housing request: its facts, its ranked matches (worded from their own numbers), and cancelling it. */
import { optionalReasonSchema } from "#domain/listings/model";
import type { RequestView } from "#domain/requests/model";
import type { MatchView } from "#domain/requests/service";
import { Conflict } from "#shared/errors";
import { ActionForm, ErrorSummary, TextArea } from "../../components/form";
import { CursorPagination, Facts } from "../../components/page-parts";
import { type FieldErrors, field, readForm, zodFieldErrors } from "../../forms";
import type { Formatters, Messages } from "../../i18n";
import type { PageDeps } from "../../page-deps";
import { paths } from "../../paths";
import { ConflictAlert, csrfOf, DoneAlert, municipalityName, type PageContext, stayText } from "./shared";

const MATCHES_PER_PAGE = 10;

interface RequestPageState {
  errors?: FieldErrors;
  reason?: string;
  conflict?: string;
  status?: 400 | 409;
}

export async function requestPage(c: PageContext, deps: PageDeps, state: RequestPageState = {}) {
  const { t, fmt } = c.get("speech");
  const principal = c.get("principal");
  const { services } = deps;
  const id = c.req.param("id") ?? "";
  const request = await services.requests.get(principal, id);
  const cursor = c.req.query("cursor") || undefined;
  const matches =
    request.status === "open"
      ? await services.requests.matches(principal, id, { limit: MATCHES_PER_PAGE, cursor })
      : undefined;
  const s = t.student.request;
  const title = s.title(request.internship.company);
  return c.render(
    <>
      <h1>{title}</h1>
      <ErrorSummary errors={state.errors} order={["reason"]} t={t} />
      <DoneAlert c={c} />
      <ConflictAlert heading={t.pages.conflict.title} text={state.conflict} />
      <h2>{s.factsTitle}</h2>
      <RequestFacts t={t} fmt={fmt} request={request} />
      <h2>{s.matchesTitle}</h2>
      {!matches ? (
        <p>{s.notOpen}</p>
      ) : matches.items.length === 0 && !cursor ? (
        <p>
          {s.matchesEmpty} <a href={paths.rooms}>{t.student.housing.searchRooms}</a>
        </p>
      ) : (
        <>
          <p>{s.matchesLead}</p>
          <ol class="cards">
            {matches.items.map((match) => (
              <MatchCard t={t} fmt={fmt} request={request} match={match} />
            ))}
          </ol>
          <CursorPagination
            t={t}
            nextCursor={matches.nextCursor}
            onFirstPage={!cursor}
            href={(next) => (next ? `${paths.request(id)}?cursor=${encodeURIComponent(next)}` : paths.request(id))}
          />
        </>
      )}
      {request.status === "open" ? (
        <>
          <h2>{s.cancelTitle}</h2>
          <p>{s.cancelLead}</p>
          <ActionForm action={paths.cancelRequest(id)} csrf={csrfOf(c)} confirm={s.cancelConfirm}>
            <TextArea
              name="reason"
              label={s.cancelReason}
              value={state.reason}
              errors={state.errors}
              rows={3}
              maxlength={1000}
              required={false}
              t={t}
            />
            <button type="submit" class="button button-secondary">
              {s.cancelSubmit}
            </button>
          </ActionForm>
        </>
      ) : null}
    </>,
    { title, status: state.status },
  );
}

function RequestFacts({ t, fmt, request }: { t: Messages; fmt: Formatters; request: RequestView }) {
  const s = t.student.request;
  const n = t.student.newRequest;
  const needs = [
    request.needs.furnished && t.features.furnished,
    request.needs.accessible && t.features.accessible,
    request.needs.pets && t.features.petsAllowed,
  ].filter((item): item is string => Boolean(item));
  return (
    <Facts
      items={[
        [s.status, t.requestStatuses[request.status]],
        [
          s.internship,
          `${request.internship.company}, ${municipalityName(request.internship.municipalityCode)}, ${stayText(
            t,
            fmt,
            request.internship.startDate,
            request.internship.endDate,
          )}`,
        ],
        [s.stay, stayText(t, fmt, request.moveIn, request.moveOut)],
        [s.maxRent, request.maxRent === undefined ? n.noRentLimit : fmt.dkk(request.maxRent)],
        [s.needs, needs.length > 0 ? needs.join(", ") : n.noNeeds],
        [
          s.kinds,
          request.preferredKinds.length > 0
            ? request.preferredKinds.map((kind) => t.kinds[kind]).join(", ")
            : n.anyKind,
        ],
        [s.maxDistance, t.km(fmt.number(request.maxDistanceKm))],
        [s.note, request.note || t.none],
      ]}
    />
  );
}

/** The match's reasons in the page's words, from its own numbers (the domain's are English). */
export function matchReasons(t: Messages, fmt: Formatters, request: RequestView, match: MatchView): string[] {
  const r = t.student.reasons;
  const rent = match.listing.rentDkk;
  const reasons = [match.distanceKm < 1 ? r.underOneKm : r.kmAway(fmt.number(Math.round(match.distanceKm), 0))];
  if (request.maxRent === undefined) reasons.push(r.rentPerMonth(fmt.dkk(rent)));
  else reasons.push(rent < request.maxRent ? r.underBudget(fmt.dkk(request.maxRent - rent)) : r.atBudget);
  if (request.preferredKinds.includes(match.listing.kind)) reasons.push(r.preferredKind(t.kinds[match.listing.kind]));
  if (request.needs.furnished) reasons.push(t.features.furnished);
  if (request.needs.accessible) reasons.push(t.features.accessible);
  if (request.needs.pets) reasons.push(t.features.petsAllowed);
  return reasons;
}

function MatchCard(props: { t: Messages; fmt: Formatters; request: RequestView; match: MatchView }) {
  const { t, fmt, request, match } = props;
  const s = t.student.request;
  const listing = match.listing;
  return (
    <li>
      <h3>
        <a href={`${paths.room(listing.id)}?request=${encodeURIComponent(request.id)}`}>{listing.title}</a>
      </h3>
      <Facts
        items={[
          [t.student.room.kind, t.kinds[listing.kind]],
          [s.score, s.scoreValue(fmt.number(match.score))],
          [s.distance, t.km(fmt.number(match.distanceKm))],
          [s.rent, t.perMonth(fmt.dkk(listing.rentDkk))],
          [t.student.room.municipality, municipalityName(listing.municipalityCode)],
          [
            s.why,
            <ul class="match-reasons">
              {matchReasons(t, fmt, request, match).map((reason) => (
                <li>{reason}</li>
              ))}
            </ul>,
          ],
        ]}
      />
    </li>
  );
}

export async function postCancelRequest(c: PageContext, deps: PageDeps) {
  const { t } = c.get("speech");
  const principal = c.get("principal");
  const id = c.req.param("id") ?? "";
  // Whose it is comes first: another student's request is the 404 page, whatever was sent.
  await deps.services.requests.get(principal, id);
  const reason = field(await readForm(c), "reason");
  const parsed = optionalReasonSchema.safeParse({ reason: reason || undefined });
  if (!parsed.success) {
    return requestPage(c, deps, { errors: zodFieldErrors(t, parsed.error), reason, status: 400 });
  }
  try {
    await deps.services.stays.cancelRequest(principal, id, parsed.data.reason);
  } catch (error) {
    if (error instanceof Conflict) {
      return requestPage(c, deps, { conflict: t.student.request.cantCancel, reason, status: 409 });
    }
    throw error;
  }
  return c.redirect(`${paths.request(id)}?done=requestCancelled`, 303);
}
