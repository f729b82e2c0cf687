/**
 * One listing as its owner manages it: state and facts, the council's
 * decision, the actions its state allows, and its applications, bookings,
 * occupancy calendar and history. A plain function of data and words.
 */
import type { AuditEvent } from "#domain/audit";
import type { ApplicationView, Booking } from "#domain/bookings/model";
import { nightsBetween } from "#domain/common/dates";
import type { Paged } from "#domain/common/paging";
import type { ListingView } from "#domain/listings/model";
import type { ListingOccupancy } from "#domain/listings/service";
import { findMunicipality } from "#domain/municipalities/index";
import { ActionForm, ErrorSummary } from "../../components/form";
import { OccupancyCalendar } from "../../components/occupancy-calendar";
import { Alert, CursorPagination, Facts, Table } from "../../components/page-parts";
import { StaffNumberField, StaffReasonField } from "../../components/staff-fields";
import { type FieldErrors, inputId } from "../../forms";
import type { Speech } from "../../i18n";
import type { StaffMessages } from "../../i18n/staff";
import { paths } from "../../paths";

export type Done = keyof StaffMessages["listing"]["done"];
export const isDone = (value: string | undefined): value is Done =>
  value !== undefined &&
  ["created", "saved", "backToReview", "submitted", "withdrawn", "offered", "declined", "cancelled"].includes(value);

/** The page's own lists' cursors, kept in its query. */
export interface Cursors {
  applications?: string;
  bookings?: string;
  history?: string;
}

export interface ListingPageData {
  listing: ListingView;
  applications: Paged<ApplicationView>;
  bookings: Paged<Booking>;
  history: Paged<AuditEvent>;
  occupancy: ListingOccupancy;
  today: string;
  cursors: Cursors;
}

export interface ListingPageProps extends ListingPageData {
  speech: Speech;
  csrf: string;
  done?: Done;
  /** An action that was refused (409). */
  refusal?: string;
  /** Messages of a form on the page sent with errors: `offer.<id>`, `cancel.<id>`, `reason`. */
  errors?: FieldErrors;
  /** What the user typed into that form. */
  typed?: Record<string, string>;
}

export const municipalityName = (code: string) => findMunicipality(code)?.name ?? code;

const ACTIONS_BY_STATE = {
  draft: { edit: true, submit: true, withdraw: true },
  pending: { edit: true, submit: false, withdraw: true },
  approved: { edit: true, submit: false, withdraw: true },
  rejected: { edit: true, submit: true, withdraw: true },
  withdrawn: { edit: false, submit: false, withdraw: false },
  expired: { edit: false, submit: false, withdraw: false },
} as const;

/** The page's URL with one of its lists moved to `cursor` (or back to its first page). */
function pageHref(listingId: string, cursors: Cursors, list: keyof Cursors, cursor?: string) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...cursors, [list]: cursor })) {
    if (value) query.set(name, value);
  }
  const search = query.toString();
  return `${paths.listing(listingId)}${search ? `?${search}` : ""}#${list}`;
}

function StateHelp({ listing, speech }: { listing: ListingView; speech: Speech }) {
  const { t, fmt } = speech;
  const l = t.staff.listing;
  const review = listing.review;
  if (listing.status === "rejected" && review) {
    return (
      <Alert kind="warning" heading={l.reviewRejected(fmt.dateTime(review.decidedAt), review.decidedBy)}>
        <p>
          <strong>{l.rejectionReason}:</strong> {review.reason ?? t.notGiven}
        </p>
        <p>{l.rejectedHelp}</p>
      </Alert>
    );
  }
  if (listing.status === "approved" && review) {
    return <Alert kind="success" heading={l.reviewApproved(fmt.dateTime(review.decidedAt), review.decidedBy)} />;
  }
  const help = {
    draft: l.draftHelp,
    pending: l.pendingHelp,
    withdrawn: l.withdrawnHelp,
    expired: l.expiredHelp,
  } as Record<string, string>;
  const text = help[listing.status];
  return text ? (
    <Alert kind="info">
      <p>{text}</p>
    </Alert>
  ) : null;
}

function ListingFacts({ listing, speech }: { listing: ListingView; speech: Speech }) {
  const { t, fmt } = speech;
  const labels = t.staff.listing.factLabels;
  const features = (
    ["furnished", "accessible", "petsAllowed", "smokingAllowed", "internet", "utilitiesIncluded"] as const
  ).filter((name) => listing[name]);
  return (
    <Facts
      items={[
        [t.staff.listing.status, t.listingStatuses[listing.status]],
        [labels.kind, t.kinds[listing.kind]],
        [labels.address, `${listing.address.street}, ${listing.address.postalCode} ${listing.address.city}`],
        [labels.municipality, municipalityName(listing.municipalityCode)],
        [
          labels.location,
          listing.location
            ? t.staff.listing.locationValue(fmt.number(listing.location.lat, 5), fmt.number(listing.location.lon, 5))
            : t.notGiven,
        ],
        [labels.rent, t.perMonth(fmt.dkk(listing.rentDkk))],
        [labels.deposit, fmt.dkk(listing.depositDkk)],
        [labels.size, listing.sizeSqm === undefined ? t.notGiven : t.staff.listing.sqm(fmt.number(listing.sizeSqm))],
        [labels.capacity, t.beds(listing.capacity)],
        [labels.period, t.dateRange(fmt.date(listing.availableFrom), fmt.date(listing.availableTo))],
        [labels.features, features.length ? features.map((name) => t.features[name]).join(", ") : t.none],
        [
          labels.languages,
          listing.languages.length
            ? listing.languages
                .map((code) => (t.staff.form.languageNames as Record<string, string>)[code] ?? code)
                .join(", ")
            : t.notGiven,
        ],
        [labels.contactNote, listing.contactNote || t.notGiven],
        [labels.description, listing.description],
        [labels.created, fmt.dateTime(listing.createdAt)],
        [labels.updated, fmt.dateTime(listing.updatedAt)],
      ]}
    />
  );
}

function Actions(props: ListingPageProps) {
  const { listing, speech, csrf, errors, typed } = props;
  const { t } = speech;
  const l = t.staff.listing;
  const allowed = ACTIONS_BY_STATE[listing.status];
  if (!allowed.edit && !allowed.submit && !allowed.withdraw) return null;
  return (
    <section aria-labelledby="actions-heading">
      <h2 id="actions-heading">{l.actions}</h2>
      <div class="button-row">
        {allowed.edit ? (
          <a class="button button-secondary" href={paths.editListing(listing.id)}>
            {l.edit}
          </a>
        ) : null}
        {allowed.submit ? (
          <ActionForm action={paths.submitListing(listing.id)} csrf={csrf}>
            <input type="hidden" name="version" value={String(listing.version)} />
            <button type="submit" class="button button-primary">
              {l.submit}
            </button>
          </ActionForm>
        ) : null}
      </div>
      {allowed.withdraw ? (
        <ActionForm action={paths.withdrawListing(listing.id)} csrf={csrf} confirm={l.withdrawConfirm}>
          <input type="hidden" name="version" value={String(listing.version)} />
          <StaffReasonField
            id={inputId("reason")}
            name="reason"
            label={`${l.withdrawReason} ${t.optional}`}
            hint={l.withdrawHint}
            value={typed?.reason}
            error={errors?.reason}
            t={t}
          />
          <button type="submit" class="button button-secondary">
            {l.withdraw}
          </button>
        </ActionForm>
      ) : null}
    </section>
  );
}

function ApplicationItem({ application, props }: { application: ApplicationView; props: ListingPageProps }) {
  const { speech, csrf, listing, errors, typed } = props;
  const { t, fmt } = speech;
  const a = t.staff.applications;
  const offerPath = `offer.${application.id}`;
  const facts: [string, string][] = [
    [a.status, t.applicationStatuses[application.status]],
    [a.stay, t.dateRange(fmt.date(application.moveIn), fmt.date(application.moveOut))],
    [a.nights, t.nights(nightsBetween(application.moveIn, application.moveOut))],
    [a.received, fmt.dateTime(application.createdAt)],
    [a.student, application.studentId],
    [a.message, application.message || a.noMessage],
  ];
  if (application.status === "offered" && application.offerExpiresAt) {
    facts.push([a.offerExpires, fmt.dateTime(application.offerExpiresAt)]);
  }
  const mayOffer = application.status === "pending" && listing.status === "approved";
  const mayDecline = application.status === "pending" || application.status === "offered";
  return (
    <li>
      <h3>{a.heading(fmt.date(application.moveIn), fmt.date(application.moveOut))}</h3>
      <Facts items={facts} />
      {application.status === "accepted" && application.bookingId ? (
        <p>
          <a href={`#booking-${application.bookingId}`}>{a.booking}</a>
        </p>
      ) : null}
      {mayOffer ? (
        <ActionForm action={paths.offer(listing.id, application.id)} csrf={csrf}>
          <input type="hidden" name="version" value={String(application.version)} />
          <StaffNumberField
            id={inputId(offerPath)}
            name="expiresInHours"
            label={a.expiresInHours}
            hint={a.expiresInHoursHint}
            value={typed?.[offerPath] ?? "72"}
            error={errors?.[offerPath]}
            t={t}
          />
          <button type="submit" class="button button-primary">
            {a.offer}
          </button>
        </ActionForm>
      ) : null}
      {mayDecline ? (
        <ActionForm
          action={paths.declineApplication(listing.id, application.id)}
          csrf={csrf}
          confirm={application.status === "offered" ? a.declineOfferConfirm : a.declineConfirm}
          class="mt-5"
        >
          <input type="hidden" name="version" value={String(application.version)} />
          <button type="submit" class="button button-secondary">
            {application.status === "offered" ? a.declineOffer : a.decline}
          </button>
        </ActionForm>
      ) : null}
    </li>
  );
}

function BookingItem({ booking, props }: { booking: Booking; props: ListingPageProps }) {
  const { speech, csrf, listing, errors, typed, today } = props;
  const { t, fmt } = speech;
  const b = t.staff.bookings;
  const cancelPath = `cancel.${booking.id}`;
  const facts: [string, string][] = [
    [b.status, t.bookingStatuses[booking.status]],
    [b.moveIn, fmt.date(booking.moveIn)],
    [b.moveOut, fmt.date(booking.moveOut)],
    [b.student, booking.studentId],
  ];
  if (booking.cancelledAt) facts.push([b.cancelledAt, fmt.dateTime(booking.cancelledAt)]);
  if (booking.cancelReason) facts.push([b.cancelReason, booking.cancelReason]);
  const mayCancel = booking.status === "confirmed" && today < booking.moveOut;
  return (
    <li id={`booking-${booking.id}`}>
      <h3>{b.heading(fmt.date(booking.moveIn), fmt.date(booking.moveOut))}</h3>
      <Facts items={facts} />
      {mayCancel ? (
        <ActionForm action={cancelBookingPath(listing.id, booking.id)} csrf={csrf} confirm={b.cancelConfirm}>
          <input type="hidden" name="version" value={String(booking.version)} />
          <StaffReasonField
            id={inputId(cancelPath)}
            name="reason"
            label={b.reason}
            hint={b.reasonHint}
            value={typed?.[cancelPath]}
            error={errors?.[cancelPath]}
            t={t}
          />
          <button type="submit" class="button button-secondary">
            {b.cancel}
          </button>
        </ActionForm>
      ) : null}
    </li>
  );
}

/** The owner's cancel form posts here (the student's booking page is another area's). */
export const cancelBookingPath = (listingId: string, bookingId: string) =>
  `${paths.listing(listingId)}/bookings/${encodeURIComponent(bookingId)}/cancel`;

function HistoryTable({ history, speech }: { history: AuditEvent[]; speech: Speech }) {
  const { t, fmt } = speech;
  const h = t.staff.history;
  const status = (value: string | null) =>
    value ? ((t.listingStatuses as Record<string, string>)[value] ?? value) : "–";
  const role = (value: string) =>
    value === "system" ? h.system : ((t.roles as Record<string, string>)[value] ?? value);
  return (
    <Table
      id="history-table"
      caption={h.caption}
      captionHidden
      head={[h.head.at, h.head.action, h.head.from, h.head.to, h.head.actor, h.head.reason]}
      rows={history.map((event) => [
        fmt.dateTime(event.at),
        h.actions[event.action] ?? event.action,
        status(event.from),
        status(event.to),
        event.actorRole === "system" ? h.system : h.actor(event.actor, role(event.actorRole)),
        event.reason ?? "",
      ])}
    />
  );
}

export function ListingPage(props: ListingPageProps) {
  const { listing, speech, applications, bookings, history, occupancy, cursors } = props;
  const { t } = speech;
  const l = t.staff.listing;
  const errorOrder = [
    "reason",
    ...applications.items.map((application) => `offer.${application.id}`),
    ...bookings.items.map((booking) => `cancel.${booking.id}`),
  ];
  const sections = [
    ["facts", l.facts],
    ["applications", t.staff.applications.title],
    ["bookings", t.staff.bookings.title],
    ["occupancy", t.staff.occupancy.title],
    ["history", t.staff.history.title],
  ] as const;
  return (
    <>
      <p>
        <a href={paths.listings} class="back-link">
          {l.backToList}
        </a>
      </p>
      <h1>{listing.title}</h1>
      <p class="font-lead">{l.lead(t.kinds[listing.kind], municipalityName(listing.municipalityCode))}</p>
      <ErrorSummary errors={props.errors} order={errorOrder} t={t} />
      {props.done ? (
        <Alert kind="success" live>
          <p>{l.done[props.done]}</p>
        </Alert>
      ) : null}
      {props.refusal ? (
        <Alert kind="error" heading={l.conflictHeading} live>
          <p>{props.refusal}</p>
        </Alert>
      ) : null}
      <p>
        <strong>{l.statusTag(t.listingStatuses[listing.status])}</strong>
      </p>
      <StateHelp listing={listing} speech={speech} />
      <nav aria-labelledby="on-this-page">
        <h2 id="on-this-page" class="h5">
          {l.onThisPage}
        </h2>
        <ul class="nobullet-list">
          {sections.map(([id, label]) => (
            <li>
              <a href={`#${id}`}>{label}</a>
            </li>
          ))}
        </ul>
      </nav>
      <Actions {...props} />

      <section aria-labelledby="facts">
        <h2 id="facts">{l.facts}</h2>
        <ListingFacts listing={listing} speech={speech} />
      </section>

      <section aria-labelledby="applications">
        <h2 id="applications">{t.staff.applications.title}</h2>
        {applications.items.length === 0 ? (
          <p>{t.staff.applications.none}</p>
        ) : (
          <ul class="cards">
            {applications.items.map((application) => (
              <ApplicationItem application={application} props={props} />
            ))}
          </ul>
        )}
        <CursorPagination
          t={t}
          nextCursor={applications.nextCursor}
          onFirstPage={!cursors.applications}
          href={(cursor) => pageHref(listing.id, cursors, "applications", cursor)}
        />
      </section>

      <section aria-labelledby="bookings">
        <h2 id="bookings">{t.staff.bookings.title}</h2>
        {bookings.items.length === 0 ? (
          <p>{t.staff.bookings.none}</p>
        ) : (
          <ul class="cards">
            {bookings.items.map((booking) => (
              <BookingItem booking={booking} props={props} />
            ))}
          </ul>
        )}
        <CursorPagination
          t={t}
          nextCursor={bookings.nextCursor}
          onFirstPage={!cursors.bookings}
          href={(cursor) => pageHref(listing.id, cursors, "bookings", cursor)}
        />
      </section>

      <section aria-labelledby="occupancy">
        <h2 id="occupancy">{t.staff.occupancy.title}</h2>
        <p>{t.staff.occupancy.lead(t.beds(occupancy.capacity))}</p>
        <OccupancyCalendar occupancy={occupancy} speech={speech} />
      </section>

      <section aria-labelledby="history">
        <h2 id="history">{t.staff.history.title}</h2>
        {history.items.length === 0 ? (
          <p>{t.staff.history.none}</p>
        ) : (
          <HistoryTable history={history.items} speech={speech} />
        )}
        <CursorPagination
          t={t}
          nextCursor={history.nextCursor}
          onFirstPage={!cursors.history}
          href={(cursor) => pageHref(listing.id, cursors, "history", cursor)}
        />
      </section>
    </>
  );
}
