/**
 * A municipality's figures for a period, computed from its aggregate
 * counters (the sums of contributions.ts) for the day asked about. Pure: the
 * hand-computed example in the tests checks it exactly.
 */
import { z } from "zod";
import { addDays, monthsThrough } from "#domain/common/dates";
import { LISTING_STATUSES, type ListingStatus } from "#domain/listings/model";
import { DISTANCE_BANDS_KM } from "./contributions";

/** Counter name → value, summed over a municipality's buckets (shards included). */
export type Counters = Map<string, number>;

/** How far ahead the free-bed figures look, and the weeks the chart shows. */
export const FREE_BED_HORIZONS = [30, 90] as const;
export const WEEKS_AHEAD = 13;
/** The chart's bands of days from request to booking (upper bounds; the last is open). */
export const WAIT_BANDS_DAYS = [7, 14, 30, 60, 90] as const;

const share = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 1000);
const oneDecimal = (value: number) => Math.round(value * 10) / 10;

export const municipalityStatsSchema = z
  .object({
    municipalityCode: z.string(),
    listings: z.record(z.enum(LISTING_STATUSES), z.number().int()),
    beds: z.number().int().meta({ description: "Beds of the approved listings whose window has not passed" }),
    bedsFree: z
      .object({ next30Days: z.number(), next90Days: z.number() })
      .meta({ description: "Average beds free per night (offered minus booked; offers on hold not subtracted)" }),
    requests: z.object({
      opened: z.number().int(),
      open: z.number().int().meta({ description: "Open now (move-in today or later), whenever opened" }),
      housed: z.number().int(),
      expired: z.number().int(),
      cancelled: z.number().int(),
    }),
    daysToHouse: z
      .object({ median: z.number().nullable(), p90: z.number().nullable() })
      .meta({ description: "Days from request to booking, of the requests housed in the period" }),
    medianRentDkk: z.number().nullable(),
    housedWithinKm: z
      .object({ "10": z.number().nullable(), "25": z.number().nullable(), "50": z.number().nullable() })
      .meta({ description: "Share (0–1) of the requests housed in the period whose room lies within the distance" }),
    bedNights: z.object({
      booked: z.number().int(),
      offered: z.number().int(),
      utilisation: z.number().nullable(),
    }),
    internships: z
      .object({
        livesIn: z.record(z.string(), z.number().int()),
        internsFrom: z.record(z.string(), z.number().int()),
      })
      .meta({
        description:
          "livesIn: where the students with an internship here, housed in the period, live during the stay. internsFrom: where the students housed here in the period have their internship.",
      }),
    series: z.object({
      weeks: z.array(z.object({ weekStart: z.string(), bedsFree: z.number() })),
      months: z.array(z.object({ month: z.string(), opened: z.number().int(), housed: z.number().int() })),
      daysToHouse: z.array(z.object({ upToDays: z.number().int().nullable(), requests: z.number().int() })),
    }),
  })
  .meta({ id: "MunicipalityStats" });

export type MunicipalityStats = z.infer<typeof municipalityStatsSchema>;

export interface Period {
  from: string;
  to: string;
}

/** Counters `name/date[/value]` as [date, value, n]. */
function entries(counters: Counters, name: string): { date: string; value: string; n: number }[] {
  const prefix = `${name}/`;
  const found: { date: string; value: string; n: number }[] = [];
  for (const [counter, n] of counters) {
    if (!counter.startsWith(prefix) || n === 0) continue;
    const [date = "", value = ""] = counter.slice(prefix.length).split("/");
    found.push({ date, value, n });
  }
  return found;
}

const sum = (list: { n: number }[]) => list.reduce((total, entry) => total + entry.n, 0);
const within = (date: string, period: Period) => date >= period.from && date <= period.to;

/** Median (mean of the middle two for an even count) and 90th percentile (nearest rank) of counted values. */
export function medianAndP90(histogram: Map<number, number>): { median: number | null; p90: number | null } {
  const values = [...histogram].filter(([, n]) => n > 0).sort(([a], [b]) => a - b);
  const count = values.reduce((total, [, n]) => total + n, 0);
  if (count === 0) return { median: null, p90: null };
  const atRank = (rank: number) => {
    let seen = 0;
    for (const [value, n] of values) {
      seen += n;
      if (seen >= rank) return value;
    }
    return values.at(-1)?.[0] as number;
  };
  const median = count % 2 === 1 ? atRank((count + 1) / 2) : (atRank(count / 2) + atRank(count / 2 + 1)) / 2;
  return { median, p90: atRank(Math.ceil(0.9 * count)) };
}

function histogramOf(list: { value: string; n: number }[]): Map<number, number> {
  const histogram = new Map<number, number>();
  for (const { value, n } of list) histogram.set(Number(value), (histogram.get(Number(value)) ?? 0) + n);
  return histogram;
}

/**
 * Beds on each night from `first` for `nights` nights, from the +/- changes
 * on the days beds start and stop. Changes are read from far enough back
 * (see stats service) that every pair still open on `first` is included.
 */
function nightly(counters: Counters, name: string, first: string, nights: number): number[] {
  const changes = entries(counters, name).sort((a, b) => (a.date < b.date ? -1 : 1));
  const values: number[] = [];
  let level = 0;
  let next = 0;
  for (let index = 0; index < nights; index++) {
    const night = addDays(first, index);
    while (next < changes.length && (changes[next]?.date as string) <= night) level += changes[next++]?.n as number;
    values.push(level);
  }
  return values;
}

function freeBeds(counters: Counters, first: string, nights: number): number[] {
  const offered = nightly(counters, "offeredChange", first, nights);
  const booked = nightly(counters, "bookedChange", first, nights);
  // A withdrawn listing keeps its bookings but offers nothing: a night is never less than fully booked.
  return offered.map((beds, index) => Math.max(0, beds - (booked[index] ?? 0)));
}

const average = (values: number[]) => (values.length === 0 ? 0 : sum(values.map((n) => ({ n }))) / values.length);

export function municipalityFigures(
  municipalityCode: string,
  counters: Counters,
  period: Period,
  today: string,
): MunicipalityStats {
  const listings = Object.fromEntries(LISTING_STATUSES.map((status) => [status, 0])) as Record<ListingStatus, number>;
  for (const { date, n } of entries(counters, "listings")) listings[date as ListingStatus] += n;
  const approved = entries(counters, "approved");
  listings.approved = sum(approved.filter((entry) => entry.date >= today));
  listings.expired += sum(approved.filter((entry) => entry.date < today));

  const open = entries(counters, "open");
  const inPeriod = (name: string) => entries(counters, name).filter((entry) => within(entry.date, period));
  const housed = inPeriod("housed");
  const distances = inPeriod("distance");
  const housedCount = sum(housed);
  const nearCount = (limit: number) =>
    sum(distances.filter((entry) => entry.value !== "far" && Number(entry.value) <= limit));

  const periodNights = Math.max(0, Math.round((Date.parse(period.to) - Date.parse(period.from)) / 86_400_000) + 1);
  const offeredNights = sum(nightly(counters, "offeredChange", period.from, periodNights).map((n) => ({ n })));
  const bookedNights = sum(nightly(counters, "bookedChange", period.from, periodNights).map((n) => ({ n })));
  const ahead = freeBeds(counters, today, WEEKS_AHEAD * 7);
  const waits = histogramOf(inPeriod("daysToHouse"));

  return {
    municipalityCode,
    listings,
    beds: sum(entries(counters, "approvedBeds").filter((entry) => entry.date >= today)),
    bedsFree: {
      next30Days: oneDecimal(average(freeBeds(counters, today, FREE_BED_HORIZONS[0]))),
      next90Days: oneDecimal(average(freeBeds(counters, today, FREE_BED_HORIZONS[1]))),
    },
    requests: {
      opened: sum(inPeriod("opened")),
      open: sum(open.filter((entry) => entry.date >= today)),
      housed: housedCount,
      expired: sum(open.filter((entry) => entry.date < today && within(entry.date, period))),
      cancelled: sum(inPeriod("cancelled")),
    },
    daysToHouse: medianAndP90(waits),
    medianRentDkk: medianAndP90(histogramOf(entries(counters, "approvedRent").filter((entry) => entry.date >= today)))
      .median,
    housedWithinKm: {
      "10": share(nearCount(DISTANCE_BANDS_KM[0]), housedCount),
      "25": share(nearCount(DISTANCE_BANDS_KM[1]), housedCount),
      "50": share(nearCount(DISTANCE_BANDS_KM[2]), housedCount),
    },
    bedNights: { booked: bookedNights, offered: offeredNights, utilisation: share(bookedNights, offeredNights) },
    internships: { livesIn: byValue(inPeriod("livesIn")), internsFrom: byValue(inPeriod("internsFrom")) },
    series: {
      weeks: Array.from({ length: WEEKS_AHEAD }, (_, week) => ({
        weekStart: addDays(today, week * 7),
        bedsFree: oneDecimal(average(ahead.slice(week * 7, week * 7 + 7))),
      })),
      months: monthsThrough(period.from, period.to).map((month) => ({
        month,
        opened: sum(inPeriod("opened").filter((entry) => entry.date.startsWith(month))),
        housed: sum(housed.filter((entry) => entry.date.startsWith(month))),
      })),
      daysToHouse: waitBands(waits),
    },
  };
}

function byValue(list: { value: string; n: number }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { value, n } of list) counts[value] = (counts[value] ?? 0) + n;
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n !== 0));
}

function waitBands(waits: Map<number, number>) {
  const bands: { upToDays: number | null; requests: number }[] = [
    ...WAIT_BANDS_DAYS.map((upToDays) => ({ upToDays, requests: 0 })),
    { upToDays: null, requests: 0 },
  ];
  for (const [days, n] of waits) {
    const band = bands.find((candidate) => candidate.upToDays === null || days <= candidate.upToDays);
    if (band) band.requests += n;
  }
  return bands;
}
