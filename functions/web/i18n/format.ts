/**
 * Dates and amounts as each language writes them: `1. februar 2027` and
 * `3.200 kr.` in Danish, `1 February 2027` and `DKK 3,200` in English. Times
 * are Copenhagen's, whatever the server's zone. The formatters are built once
 * per language: Intl objects are costly to make and cheap to use.
 */
import type { Lang } from "./languages";

const ZONE = "Europe/Copenhagen";
const LOCALES: Record<Lang, string> = { da: "da-DK", en: "en-GB" };

export interface Formatters {
  /** A calendar date (`YYYY-MM-DD`) in full: `1. februar 2027`. */
  date(isoDate: string): string;
  /** A calendar date, short: `01.02.2027`. */
  dateShort(isoDate: string): string;
  /** A moment, as Copenhagen's date and time: `10. januar 2027 kl. 12.00`. */
  dateTime(isoInstant: string): string;
  /** Whole Danish kroner: `3.200 kr.` */
  dkk(amount: number): string;
  /** A plain number with the language's separators. */
  number(value: number, maximumFractionDigits?: number): string;
  /** A share (0–1) as a percentage: `75 %` in Danish, `75%` in English. */
  percent(share: number): string;
  /** A calendar month (`YYYY-MM`): `december 2026`, or short `dec. 2026`. */
  month(isoMonth: string, style?: "long" | "short"): string;
  /** A calendar date without its year, short: `11. dec.` */
  dayMonth(isoDate: string): string;
}

function build(lang: Lang): Formatters {
  const locale = LOCALES[lang];
  // Calendar dates are zone-free: format them as UTC midnight, so no zone can move them a day.
  const longDate = new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  const shortDate = new Intl.DateTimeFormat(locale, {
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    timeZone: "UTC",
  });
  const moment = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeStyle: "short", timeZone: ZONE });
  const kroner = new Intl.NumberFormat(locale, { style: "currency", currency: "DKK", maximumFractionDigits: 0 });
  const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  const monthLong = new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" });
  const monthShort = new Intl.DateTimeFormat(locale, { month: "short", year: "numeric", timeZone: "UTC" });
  const dayMonth = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", timeZone: "UTC" });
  const numbers = new Map<number, Intl.NumberFormat>();
  const calendarDate = (isoDate: string) => new Date(`${isoDate}T00:00:00Z`);
  return {
    date: (isoDate) => longDate.format(calendarDate(isoDate)),
    // en-GB writes 01/02/2027; the Danish way with dots reads as well in both.
    dateShort: (isoDate) => shortDate.format(calendarDate(isoDate)).replaceAll("/", "."),
    dateTime: (isoInstant) => moment.format(new Date(isoInstant)),
    dkk: (amount) => kroner.format(amount),
    number: (value, maximumFractionDigits = 1) => {
      let format = numbers.get(maximumFractionDigits);
      if (!format) {
        format = new Intl.NumberFormat(locale, { maximumFractionDigits });
        numbers.set(maximumFractionDigits, format);
      }
      return format.format(value);
    },
    percent: (share) => percent.format(share),
    month: (isoMonth, style = "long") =>
      (style === "long" ? monthLong : monthShort).format(calendarDate(`${isoMonth}-01`)),
    dayMonth: (isoDate) => dayMonth.format(calendarDate(isoDate)),
  };
}

const byLang: Partial<Record<Lang, Formatters>> = {};

export function formattersFor(lang: Lang): Formatters {
  byLang[lang] ??= build(lang);
  return byLang[lang];
}
