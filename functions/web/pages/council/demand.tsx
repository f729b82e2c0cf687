/** Demand: how many open housing requests each of the council's municipalities has, and their dates. */
import type { RequestView } from "#domain/requests/model";
import { StackedTable as Table } from "../../components/council-table";
import { CursorPagination } from "../../components/page-parts";
import type { Speech } from "../../i18n";
import { paths } from "../../paths";
import { municipalityName } from "./queue";

export interface MunicipalityCount {
  code: string;
  count: number;
  /** Counting stopped before the end: the count is a lower bound. */
  more: boolean;
}

export interface DemandData {
  counts: MunicipalityCount[];
  /** The most requests counted per municipality. */
  countLimit: number;
  requests: RequestView[];
  nextCursor: string | null;
  onFirstPage: boolean;
}

export function DemandView({ speech, data }: { speech: Speech; data: DemandData }) {
  const { t, fmt } = speech;
  const d = t.council.demand;
  const anyLowerBound = data.counts.some((entry) => entry.more);
  const countRows = data.counts.map((entry) => [
    municipalityName(entry.code),
    entry.more ? d.atLeast(fmt.number(entry.count)) : fmt.number(entry.count),
  ]);
  const requestRows = data.requests.map((request) => [
    request.internship.company,
    municipalityName(request.internship.municipalityCode),
    t.dateRange(fmt.dateShort(request.internship.startDate), fmt.dateShort(request.internship.endDate)),
    t.dateRange(fmt.dateShort(request.moveIn), fmt.dateShort(request.moveOut)),
  ]);
  const pageHref = (cursor?: string) =>
    cursor ? `${paths.demand}?cursor=${encodeURIComponent(cursor)}` : paths.demand;
  return (
    <>
      <h1>{d.title}</h1>
      <p class="font-lead">{d.lead}</p>
      {data.counts.length === 0 ? (
        <p>{d.noMunicipalities}</p>
      ) : (
        <>
          <h2>{d.countsTitle}</h2>
          <Table
            caption={d.countsCaption}
            captionHidden
            head={[d.countsHead.municipality, d.countsHead.open]}
            rows={countRows}
          />
          {anyLowerBound ? <p class="form-hint">{d.lowerBound(fmt.number(data.countLimit))}</p> : null}
          <h2>{d.listTitle}</h2>
          {requestRows.length === 0 ? (
            <p>{d.empty}</p>
          ) : (
            <Table
              caption={d.listCaption}
              captionHidden
              head={[d.listHead.company, d.listHead.municipality, d.listHead.internship, d.listHead.stay]}
              rows={requestRows}
            />
          )}
          <CursorPagination t={t} nextCursor={data.nextCursor} onFirstPage={data.onFirstPage} href={pageHref} />
        </>
      )}
    </>
  );
}
