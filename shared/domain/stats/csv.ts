/**
 * The statistics as CSV for spreadsheets: one row per municipality under a
 * header row, RFC 4180 quoting and CRLF line ends, UTF-8 with a byte-order
 * mark (without it Excel reads the file as Windows-1252 and garbles æ, ø, å).
 * Danish Excel reads a comma as the decimal mark and a semicolon as the list
 * separator, so fields are separated by semicolons and decimals written with
 * a comma; numbers carry no thousands separator, dates are ISO 8601.
 */
import { stringify } from "csv-stringify/sync";
import { findMunicipality } from "#domain/municipalities/index";
import type { MunicipalityStats } from "./figures";
import type { StatsReport } from "./service";

type Cell = string | number | null;

const COLUMNS: [header: string, cell: (row: MunicipalityStats, report: StatsReport) => Cell][] = [
  ["municipalityCode", (row) => row.municipalityCode],
  ["municipality", (row) => findMunicipality(row.municipalityCode)?.name ?? ""],
  ["from", (_, report) => report.from],
  ["to", (_, report) => report.to],
  ["listings.draft", (row) => row.listings.draft],
  ["listings.pending", (row) => row.listings.pending],
  ["listings.approved", (row) => row.listings.approved],
  ["listings.rejected", (row) => row.listings.rejected],
  ["listings.withdrawn", (row) => row.listings.withdrawn],
  ["listings.expired", (row) => row.listings.expired],
  ["beds", (row) => row.beds],
  ["bedsFree.next30Days", (row) => row.bedsFree.next30Days],
  ["bedsFree.next90Days", (row) => row.bedsFree.next90Days],
  ["requests.opened", (row) => row.requests.opened],
  ["requests.open", (row) => row.requests.open],
  ["requests.housed", (row) => row.requests.housed],
  ["requests.expired", (row) => row.requests.expired],
  ["requests.cancelled", (row) => row.requests.cancelled],
  ["daysToHouse.median", (row) => row.daysToHouse.median],
  ["daysToHouse.p90", (row) => row.daysToHouse.p90],
  ["medianRentDkk", (row) => row.medianRentDkk],
  ["housedWithinKm.10", (row) => row.housedWithinKm["10"]],
  ["housedWithinKm.25", (row) => row.housedWithinKm["25"]],
  ["housedWithinKm.50", (row) => row.housedWithinKm["50"]],
  ["bedNights.booked", (row) => row.bedNights.booked],
  ["bedNights.offered", (row) => row.bedNights.offered],
  ["bedNights.utilisation", (row) => row.bedNights.utilisation],
  ["internships.livesIn", (row) => flows(row.internships.livesIn)],
  ["internships.internsFrom", (row) => flows(row.internships.internsFrom)],
];

/** `330: 3, 340: 1`, largest first: one cell for a municipality's counts by other municipalities. */
const flows = (counts: Record<string, number>) =>
  Object.entries(counts)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
    .map(([code, n]) => `${code}: ${n}`)
    .join(", ");

/** A number as Danish Excel reads it: decimal comma; an absent figure is an empty cell. */
const danish = (cell: Cell): string =>
  cell === null ? "" : typeof cell === "number" ? String(cell).replace(".", ",") : cell;

export function statsCsv(report: StatsReport): string {
  return stringify(
    report.items.map((row) => COLUMNS.map(([, cell]) => danish(cell(row, report)))),
    {
      bom: true,
      delimiter: ";",
      record_delimiter: "windows",
      columns: COLUMNS.map(([header]) => header),
      header: true,
    },
  );
}

/** The file name a download of the report is offered under. */
export const statsCsvFilename = (report: Pick<StatsReport, "from" | "to">) =>
  `praktikbolig-statistik-${report.from}-${report.to}.csv`;
