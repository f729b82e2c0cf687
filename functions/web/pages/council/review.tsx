/** One listing under review: its details, its history, and the two decisions (approve, reject with a reason). */
import type { AuditEvent } from "#domain/audit";
import type { ListingView } from "#domain/listings/model";
import { StackedTable as Table } from "../../components/council-table";
import { ActionForm, ErrorSummary, TextArea } from "../../components/form";
import { Alert, Facts } from "../../components/page-parts";
import type { FieldErrors } from "../../forms";
import type { Speech } from "../../i18n";
import { paths } from "../../paths";
import { municipalityName, waited } from "./queue";

/** What happened to a decision just sent, shown above the page. */
export type ReviewNotice = "fourEyes" | "conflict";

export interface ReviewData {
  listing: ListingView;
  history: AuditEvent[];
  ownerName?: string;
  /** The signed-in council member created the listing: they may not decide on it. */
  mine: boolean;
  now: Date;
  csrf: string;
  notice?: ReviewNotice;
  errors?: FieldErrors;
  /** The reason as typed, when the form comes back with errors. */
  reason?: string;
}

const FEATURES = ["furnished", "accessible", "petsAllowed", "smokingAllowed", "internet"] as const;

function ListingFacts({ speech, data }: { speech: Speech; data: ReviewData }) {
  const { t, fmt } = speech;
  const f = t.council.review.facts;
  const listing = data.listing;
  const features = FEATURES.filter((name) => listing[name]).map((name) => t.features[name]);
  const items: [string, string][] = [
    [f.status, t.listingStatuses[listing.status]],
    [f.kind, t.kinds[listing.kind]],
    [f.municipality, municipalityName(listing.municipalityCode)],
    [f.address, `${listing.address.street}, ${listing.address.postalCode} ${listing.address.city}`],
    [f.rent, t.perMonth(fmt.dkk(listing.rentDkk))],
    [f.deposit, fmt.dkk(listing.depositDkk)],
    [f.utilities, listing.utilitiesIncluded ? t.yes : t.no],
    [f.size, listing.sizeSqm === undefined ? t.notGiven : t.council.review.sqm(fmt.number(listing.sizeSqm))],
    [f.capacity, t.beds(listing.capacity)],
    [f.available, t.dateRange(fmt.date(listing.availableFrom), fmt.date(listing.availableTo))],
    [f.features, features.length > 0 ? features.join(", ") : t.none],
    [
      f.languages,
      listing.languages.length > 0 ? listing.languages.map((code) => code.toUpperCase()).join(", ") : t.none,
    ],
    [f.contact, listing.contactNote ?? t.notGiven],
    [f.owner, data.ownerName ?? t.notGiven],
  ];
  if (listing.status === "pending" && listing.submittedAt) {
    items.push([f.submitted, fmt.dateTime(listing.submittedAt)]);
    items.push([f.waiting, t.council.waiting(waited(listing.submittedAt, data.now))]);
  }
  return <Facts items={items} />;
}

function History({ speech, events }: { speech: Speech; events: AuditEvent[] }) {
  const { t, fmt } = speech;
  const r = t.council.review;
  const rows = events.map((event) => [
    fmt.dateTime(event.at),
    r.actions[event.action] ?? event.action,
    event.actorRole === "system" ? r.system : r.actor(event.actor, t.roles[event.actorRole]),
    event.reason ?? "",
  ]);
  return (
    <Table
      caption={r.historyCaption}
      captionHidden
      head={[r.historyHead.at, r.historyHead.action, r.historyHead.actor, r.historyHead.reason]}
      rows={rows}
    />
  );
}

function Decisions({ speech, data }: { speech: Speech; data: ReviewData }) {
  const { t } = speech;
  const r = t.council.review;
  const version = String(data.listing.version);
  return (
    <>
      <h2>{r.decideTitle}</h2>
      <h3>{r.approveTitle}</h3>
      <p>{r.approveText}</p>
      <ActionForm action={paths.approve(data.listing.id)} csrf={data.csrf} confirm={r.approveConfirm}>
        <input type="hidden" name="version" value={version} />
        <button type="submit" class="button button-primary">
          {r.approve}
        </button>
      </ActionForm>
      <h3>{r.rejectTitle}</h3>
      <p>{r.rejectText}</p>
      <ActionForm action={paths.reject(data.listing.id)} csrf={data.csrf}>
        <input type="hidden" name="version" value={version} />
        <TextArea
          name="reason"
          label={r.reasonLabel}
          hint={r.reasonHint}
          value={data.reason}
          errors={data.errors}
          required
          rows={4}
          maxlength={1000}
          t={t}
        />
        <button type="submit" class="button button-secondary">
          {r.reject}
        </button>
      </ActionForm>
    </>
  );
}

export function ReviewView({ speech, data }: { speech: Speech; data: ReviewData }) {
  const { t } = speech;
  const r = t.council.review;
  const pending = data.listing.status === "pending";
  return (
    <>
      <p class="font-lead mb-0">{r.caption}</p>
      <h1 class="mt-0">{data.listing.title}</h1>
      <ErrorSummary errors={data.errors} order={["reason"]} t={t} />
      {data.notice === "fourEyes" ? (
        <Alert kind="error" heading={r.fourEyesTitle} live>
          {r.ownListing}
        </Alert>
      ) : null}
      {data.notice === "conflict" ? (
        <Alert kind="error" heading={r.conflictTitle} live>
          {r.conflict}
        </Alert>
      ) : null}
      {!pending ? <Alert kind="info" heading={r.notPending(t.listingStatuses[data.listing.status])} /> : null}
      {pending && data.mine && data.notice !== "fourEyes" ? (
        <Alert kind="warning" heading={r.ownListingTitle}>
          {r.ownListing}
        </Alert>
      ) : null}
      <h2>{r.detailsTitle}</h2>
      <ListingFacts speech={speech} data={data} />
      <h3>{r.descriptionTitle}</h3>
      <p>{data.listing.description}</p>
      {pending && !data.mine ? <Decisions speech={speech} data={data} /> : null}
      <h2>{r.historyTitle}</h2>
      <History speech={speech} events={data.history} />
      <p>
        <a href={paths.reviews} class="back-link">
          {r.backToQueue}
        </a>
      </p>
    </>
  );
}
