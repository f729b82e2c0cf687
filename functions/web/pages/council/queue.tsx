/** The review queue: pending listings of the council's municipalities, oldest first, with how long each has waited. */
import type { ListingView } from "#domain/listings/model";
import { findMunicipality } from "#domain/municipalities/index";
import { StackedTable as Table } from "../../components/council-table";
import { Alert, CursorPagination } from "../../components/page-parts";
import type { Speech } from "../../i18n";
import type { Waited } from "../../i18n/council";
import { paths } from "../../paths";

const HOUR_MS = 3_600_000;

/** How long since `since` (an instant) at `now`: whole days, and whole hours for the first day. */
export function waited(since: string | undefined, now: Date): Waited {
  const ms = since ? Math.max(0, now.getTime() - Date.parse(since)) : 0;
  return { days: Math.floor(ms / (24 * HOUR_MS)), hours: Math.floor(ms / HOUR_MS) };
}

export const municipalityName = (code: string) => findMunicipality(code)?.name ?? code;

export interface QueueData {
  items: ListingView[];
  /** Owner organisations' names by id, where known. */
  owners: Map<string, string>;
  nextCursor: string | null;
  onFirstPage: boolean;
  now: Date;
  done?: "approved" | "rejected";
}

export function QueueView({ speech, data }: { speech: Speech; data: QueueData }) {
  const { t, fmt } = speech;
  const q = t.council.queue;
  const rows = data.items.map((listing) => [
    <a href={paths.review(listing.id)}>{listing.title}</a>,
    municipalityName(listing.municipalityCode),
    data.owners.get(listing.ownerOrgId) ?? t.notGiven,
    listing.submittedAt ? fmt.dateTime(listing.submittedAt) : t.notGiven,
    t.council.waiting(waited(listing.submittedAt, data.now)),
  ]);
  const pageHref = (cursor?: string) =>
    cursor ? `${paths.reviews}?cursor=${encodeURIComponent(cursor)}` : paths.reviews;
  return (
    <>
      <h1>{q.title}</h1>
      {data.done ? <Alert kind="success" heading={q[data.done]} live /> : null}
      <p class="font-lead">{q.lead}</p>
      {rows.length === 0 ? (
        <p>{q.empty}</p>
      ) : (
        <Table
          caption={q.caption}
          captionHidden
          head={[q.head.title, q.head.municipality, q.head.owner, q.head.submitted, q.head.waiting]}
          rows={rows}
        />
      )}
      <CursorPagination t={t} nextCursor={data.nextCursor} onFirstPage={data.onFirstPage} href={pageHref} />
    </>
  );
}
