/**
 * Occupancy of a listing: which beds are booked or held on which nights.
 *
 * Stored as one item per listing and calendar month. Each holds the entries
 * (holds and bookings, keyed by application id) that cover a night of that
 * month, and a version. Every write that adds an entry is conditional on the
 * version of each month it read, after counting that every night still has a
 * free bed; so for any one night, additions are serialized through that
 * night's month item and each was checked against the count at its turn.
 * Removals and shortenings can only free beds and need no check.
 *
 * A hold counts until `expiresAt` and not a moment longer, whether or not any
 * job has cleaned it up: counting compares with the clock. For that to be
 * safe, every full rewrite of a month drops the holds that have expired by
 * then, so an expired hold can never be turned into a booking after another
 * request has counted its bed as free (the conversion requires the entry).
 */
import { addDays } from "#domain/common/dates";

export interface OccupancyEntry {
  kind: "hold" | "booking";
  /** First night, and the day after the last night (move-out). */
  from: string;
  to: string;
  /** Holds only: when the offer lapses (ISO instant). */
  expiresAt?: string;
}

export interface OccupancyMonth {
  listingId: string;
  /** `YYYY-MM` */
  month: string;
  entries: Record<string, OccupancyEntry>;
  /** Undefined for a month never written. */
  version?: number;
}

/** The calendar months (`YYYY-MM`) that contain a night of the stay [from, to). */
export function monthsOf(from: string, to: string): string[] {
  const months: string[] = [];
  const lastNight = addDays(to, -1);
  let [year, month] = from.slice(0, 7).split("-").map(Number) as [number, number];
  const last = lastNight.slice(0, 7);
  for (;;) {
    const current = `${year}-${String(month).padStart(2, "0")}`;
    months.push(current);
    if (current >= last) return months;
    month++;
    if (month === 13) {
      month = 1;
      year++;
    }
  }
}

export const isLive = (entry: OccupancyEntry, now: string) =>
  entry.kind === "booking" || (entry.expiresAt !== undefined && entry.expiresAt > now);

/** Live entries only: what a rewrite keeps. */
export function withoutExpiredHolds(entries: Record<string, OccupancyEntry>, now: string) {
  return Object.fromEntries(Object.entries(entries).filter(([, entry]) => isLive(entry, now)));
}

/** Beds booked or held on each night of [from, to), counting only live entries. */
export function occupiedPerNight(months: OccupancyMonth[], from: string, to: string, now: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (let night = from; night < to; night = addDays(night, 1)) counts.set(night, 0);
  for (const month of months) {
    for (const entry of Object.values(month.entries)) {
      if (!isLive(entry, now)) continue;
      // An entry is recorded in every month it touches; count it only for that month's nights.
      const start = entry.from > from ? entry.from : from;
      const end = entry.to < to ? entry.to : to;
      for (let night = start; night < end; night = addDays(night, 1)) {
        if (night.startsWith(month.month)) counts.set(night, (counts.get(night) ?? 0) + 1);
      }
    }
  }
  return counts;
}

/** Whether one more bed is free on every night of [from, to). */
export function hasFreeBed(months: OccupancyMonth[], capacity: number, from: string, to: string, now: string): boolean {
  for (const count of occupiedPerNight(months, from, to, now).values()) if (count >= capacity) return false;
  return true;
}

/** The most beds taken on any night of [from, to). */
export function peakOccupancy(months: OccupancyMonth[], from: string, to: string, now: string): number {
  let peak = 0;
  for (const count of occupiedPerNight(months, from, to, now).values()) peak = Math.max(peak, count);
  return peak;
}
