/**
 * What each stored listing, request and booking adds to its municipality's
 * statistics: a pure function of the item alone. The aggregate items hold
 * the sum of these contributions over all items; every change writes the
 * difference between the item's contribution after and before, in the same
 * transaction as the change itself. So the counters are exact by
 * construction, a retried change counts once (its transaction commits once),
 * and anyone may recount them from the items (tests/integration/stats-recount).
 *
 * Figures that move with time alone (a listing expires when its window
 * passes, a request when its move-in passes, a bed is free on a night) are
 * not stored as such: the contributions are keyed by the dates they depend
 * on, and the figures are derived at read time for the day asked about.
 */

import type { Booking } from "#domain/bookings/model";
import { dateOfInstant, monthOf, nightsBetween } from "#domain/common/dates";
import type { Listing } from "#domain/listings/model";
import type { HousingRequest } from "#domain/requests/model";

/** The bucket of figures that do not belong to a day: current states. */
export const CURRENT_BUCKET = "NOW";

/** One counter of one municipality's bucket, changed by `n`. */
export interface Contribution {
  municipality: string;
  /** `NOW`, or the month `YYYY-MM` of the date the counter is keyed by (of its span's first day, for a span's end). */
  bucket: string;
  /** Attribute name, e.g. `opened/2027-02-05` or `approvedRent/2027-07-01/3200`. */
  counter: string;
  n: number;
}

/** Distance bands of a housed request's room from its internship, in km; beyond the last: "far". */
export const DISTANCE_BANDS_KM = [10, 25, 50] as const;
/** Days from request to booking are counted up to this; longer waits count as this many. */
export const MAX_DAYS_COUNTED = 400;

/**
 * The histogram's step for a wait: each day up to a month, then weeks up to
 * three months, then 30-day steps; a wait counts as the first day of its
 * step. About 50 values, so a month's histogram has at most 31 days × 50
 * attributes however many requests it counts, and a median or percentile of
 * up to 30 days is exact.
 */
export function waitStep(days: number): number {
  const waited = Math.min(Math.max(0, days), MAX_DAYS_COUNTED);
  if (waited <= 30) return waited;
  if (waited < 93) return 30 + 7 * Math.floor((waited - 30) / 7);
  return 93 + 30 * Math.floor((waited - 93) / 30);
}

export const distanceBand = (km: number): string => String(DISTANCE_BANDS_KM.find((limit) => km <= limit) ?? "far");

const current = (municipality: string, counter: string, n = 1): Contribution => ({
  municipality,
  bucket: CURRENT_BUCKET,
  counter,
  n,
});

/** A counter keyed by a date, in that date's month bucket. */
const onDay = (municipality: string, name: string, date: string, n = 1, value?: string | number): Contribution => ({
  municipality,
  bucket: monthOf(date),
  counter: value === undefined ? `${name}/${date}` : `${name}/${date}/${value}`,
  n,
});

/**
 * Beds from `from` up to `to`, as a change of +n on the first day and -n on
 * the last, both in the first day's bucket: a reader that reads the buckets
 * from some month on reads both changes of a pair or neither. (The -n in its
 * own month would be read without its +n whenever the pair began before the
 * first month read, and every night after it would lack n beds.)
 */
const changes = (municipality: string, name: string, from: string, to: string, n: number): Contribution[] => [
  onDay(municipality, name, from, n),
  { ...onDay(municipality, name, to, -n), bucket: monthOf(from) },
];

const later = (a: string, b: string) => (a >= b ? a : b);
const earlier = (a: string, b: string) => (a <= b ? a : b);

/**
 * A listing counts in its state; an approved one by the last day of its
 * window (it is expired after it), with its beds and rent. Its offered beds
 * are the nights from approval (or the window's start) to the window's end,
 * or to its withdrawal, kept as a change of +beds and -beds on those two days
 * (both in the first one's bucket).
 */
export function listingContributions(listing: Listing): Contribution[] {
  const code = listing.municipalityCode;
  const out: Contribution[] = [];
  if (listing.status === "approved") {
    out.push(
      current(code, `approved/${listing.availableTo}`),
      current(code, `approvedBeds/${listing.availableTo}`, listing.capacity),
      current(code, `approvedRent/${listing.availableTo}/${listing.rentDkk}`),
    );
  } else {
    out.push(current(code, `listings/${listing.status}`));
  }
  for (const offer of offeredSpans(listing)) {
    out.push(...changes(code, "offeredChange", offer.from, offer.to, offer.beds));
  }
  return out;
}

/** Nights [from, to) on which a listing offered `beds` beds to students. */
export interface OfferedSpan {
  from: string;
  to: string;
  beds: number;
}

/** Every span the listing has offered: those that ended when it left `approved`, and the current one. */
export function offeredSpans(listing: Listing): OfferedSpan[] {
  const offer = currentOffer(listing);
  return [...(listing.offeredBefore ?? []), ...(offer ? [offer] : [])];
}

/**
 * The span the listing offers while approved (and keeps once expired, its
 * window having passed): from its approval, or its window's start, to its
 * window's end.
 */
export function currentOffer(listing: Listing): OfferedSpan | undefined {
  if (listing.status !== "approved" && listing.status !== "expired") return undefined;
  if (listing.review?.decision !== "approved") return undefined;
  const from = later(listing.availableFrom, dateOfInstant(listing.review.decidedAt));
  return from < listing.availableTo ? { from, to: listing.availableTo, beds: listing.capacity } : undefined;
}

/**
 * The spans to keep on a listing that leaves `approved` today (withdrawn, or
 * back to review after a material edit): its current offer ends tonight, so
 * the nights it did offer stay counted however its terms change next.
 */
export function offersKeptOnLeaving(listing: Listing, today: string): OfferedSpan[] {
  const before = listing.offeredBefore ?? [];
  const offer = currentOffer(listing);
  if (!offer) return before;
  const to = earlier(offer.to, later(offer.from, today));
  return to > offer.from ? [...before, { ...offer, to }] : before;
}

/**
 * A request counts where its internship is: opened on its creation day; open
 * by its move-in day (it is expired after); cancelled on its cancellation
 * day; housed on its housing day, with the days it took, the distance band
 * of the room and the municipality it lies in — which also counts in that
 * municipality, by the internship's municipality.
 */
export function requestContributions(request: HousingRequest): Contribution[] {
  const code = request.internship.municipalityCode;
  const out: Contribution[] = [onDay(code, "opened", dateOfInstant(request.createdAt))];
  if (request.status === "open") out.push(current(code, `open/${request.moveIn}`));
  if (request.status === "cancelled") {
    out.push(onDay(code, "cancelled", dateOfInstant(request.cancelledAt ?? request.updatedAt)));
  }
  if (request.status === "housed" && request.housedAt) {
    const day = dateOfInstant(request.housedAt);
    const waited = waitStep(nightsBetween(dateOfInstant(request.createdAt), day));
    out.push(onDay(code, "housed", day), onDay(code, "daysToHouse", day, 1, waited));
    if (request.housedDistanceKm !== undefined) {
      out.push(onDay(code, "distance", day, 1, distanceBand(request.housedDistanceKm)));
    }
    if (request.housedIn) {
      out.push(onDay(code, "livesIn", day, 1, request.housedIn), onDay(request.housedIn, "internsFrom", day, 1, code));
    }
  }
  return out;
}

/**
 * A booking occupies one bed on the nights it keeps: all of them while
 * confirmed; up to the cancellation when cancelled on or after move-in (its
 * move-out is then the day after); none when cancelled before move-in.
 */
export function bookingContributions(booking: Booking): Contribution[] {
  const keepsNights =
    booking.status === "confirmed" ||
    (booking.cancelledAt !== undefined && dateOfInstant(booking.cancelledAt) >= booking.moveIn);
  if (!keepsNights || booking.moveOut <= booking.moveIn) return [];
  const code = booking.municipalityCode;
  return changes(code, "bookedChange", booking.moveIn, booking.moveOut, 1);
}

/** Contributions after minus before, merged by counter; zero changes dropped. */
export function contributionChange(before: Contribution[], after: Contribution[]): Contribution[] {
  const merged = new Map<string, Contribution>();
  const add = (contribution: Contribution, sign: 1 | -1) => {
    const key = `${contribution.municipality}|${contribution.bucket}|${contribution.counter}`;
    const existing = merged.get(key);
    if (existing) existing.n += sign * contribution.n;
    else merged.set(key, { ...contribution, n: sign * contribution.n });
  };
  for (const contribution of before) add(contribution, -1);
  for (const contribution of after) add(contribution, 1);
  return [...merged.values()].filter((contribution) => contribution.n !== 0);
}
