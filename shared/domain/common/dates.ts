/** Calendar dates as `YYYY-MM-DD` strings, and "today" as Copenhagen sees it. */
import { z } from "zod";
import type { Clock } from "#shared/runtime";

const DAY_MS = 86_400_000;
const copenhagenDate = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/Copenhagen",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** The calendar date in Europe/Copenhagen at this instant. */
export const todayIn = (clock: Clock): string => copenhagenDate.format(clock.now());

const toEpochDay = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const fromEpochDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

export const addDays = (date: string, days: number): string => fromEpochDay(toEpochDay(date) + days);

/** Nights from `from` up to, not including, `to`. */
export const nightsBetween = (from: string, to: string): number => toEpochDay(to) - toEpochDay(from);

export const addYears = (date: string, years: number): string => {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const shifted = new Date(Date.UTC(year + years, month - 1, day));
  // 29 February plus a year is 28 February, not 1 March.
  if (shifted.getUTCMonth() !== month - 1) shifted.setUTCDate(0);
  return shifted.toISOString().slice(0, 10);
};

const isCalendarDate = (value: string) => {
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
};

/** A real calendar date written `YYYY-MM-DD`, between 2000 and 2100. */
export const dateSchema = z
  .string()
  .regex(/^20\d\d-\d\d-\d\d$/, "Use the form YYYY-MM-DD")
  .refine(isCalendarDate, "Not a calendar date")
  .meta({ format: "date", example: "2027-02-01" });

/** The Copenhagen calendar date of an instant (ISO 8601 with zone). */
export const dateOfInstant = (instant: string): string => copenhagenDate.format(new Date(instant));

/** The month `YYYY-MM` of a date. */
export const monthOf = (date: string): string => date.slice(0, 7);

/** Months `YYYY-MM` from the month of `from` through the month of `to`, both included. */
export function monthsThrough(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.split("-").map(Number) as [number, number];
  const last = monthOf(to);
  for (;;) {
    const current = `${year}-${String(month).padStart(2, "0")}`;
    if (current > last) return months;
    months.push(current);
    month += 1;
    if (month === 13) [year, month] = [year + 1, 1];
  }
}
