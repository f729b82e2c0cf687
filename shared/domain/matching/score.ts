/**
 * Matching, free of I/O: which listings fit a housing request, how well, and
 * in what order. The caller reads the candidates (listings in the
 * municipalities within reach) and works out which have a free bed.
 */
import type { Listing, ListingKind } from "#domain/listings/model";
import { effectiveStatus } from "#domain/listings/rules";
import { greatCircleKm, type Point, placeOf } from "./geo";

export interface MatchNeeds {
  furnished: boolean;
  accessible: boolean;
  pets: boolean;
}

export interface MatchRequest {
  internship: { municipalityCode: string; location?: Point };
  /** YYYY-MM-DD; the stay is the nights moveIn..moveOut-1. */
  moveIn: string;
  moveOut: string;
  maxRent?: number;
  needs: MatchNeeds;
  preferredKinds: string[];
  maxDistanceKm: number;
}

export interface Match {
  listing: Listing;
  score: number;
  distanceKm: number;
  reasons: string[];
}

export type Exclusion =
  | "not-approved"
  | "window"
  | "no-free-bed"
  | "rent"
  | "furnished"
  | "accessible"
  | "pets"
  | "distance";

/** The budget the price part compares rent with when the student names none. */
export const DEFAULT_BUDGET_DKK = 10_000;
const DISTANCE_POINTS = 50;
const PRICE_POINTS = 30;
const KIND_POINTS = 20;

/** The needs in the order they are checked and explained, with what meets each and how to say so. */
const NEEDS = [
  { need: "furnished", has: (listing: Listing) => listing.furnished, reason: "furnished" },
  { need: "accessible", has: (listing: Listing) => listing.accessible, reason: "step-free" },
  { need: "pets", has: (listing: Listing) => listing.petsAllowed, reason: "pets allowed" },
] as const;

const KIND_WORDS: Record<ListingKind, string> = {
  room: "a room",
  shared_flat: "a shared flat",
  apartment: "an apartment",
  dorm_room: "a dorm room",
  host_family: "a host family",
  summer_house: "a summer house",
};

/**
 * Evaluates one listing: the first hard constraint it fails, or its match.
 * `hasFreeBed` says whether a bed is free on every night of the stay
 * (computed by the caller from bookings and live holds).
 */
export function evaluate(
  request: MatchRequest,
  listing: Listing,
  hasFreeBed: boolean,
  today: string,
): { excluded: Exclusion } | { match: Match } {
  const excluded = firstExclusion(request, listing, hasFreeBed, today);
  if (excluded) return { excluded };
  const distanceKm = distanceOf(request, listing);
  if (distanceKm > request.maxDistanceKm) return { excluded: "distance" };
  return {
    match: {
      listing,
      score: scoreOf(request, listing, distanceKm),
      distanceKm: round1(distanceKm),
      reasons: reasonsFor(request, listing, distanceKm),
    },
  };
}

/** All matches among the candidates, ranked: score descending, then rent ascending, then id ascending. */
export function rankMatches(
  request: MatchRequest,
  candidates: { listing: Listing; hasFreeBed: boolean }[],
  today: string,
): Match[] {
  const matches: Match[] = [];
  for (const { listing, hasFreeBed } of candidates) {
    const result = evaluate(request, listing, hasFreeBed, today);
    if ("match" in result) matches.push(result.match);
  }
  return matches.sort(byRank);
}

/** The hard constraints other than distance, cheapest first; distance is checked last as it needs the geometry. */
function firstExclusion(
  request: MatchRequest,
  listing: Listing,
  hasFreeBed: boolean,
  today: string,
): Exclusion | undefined {
  // Expired counts as not approved: its window has passed.
  if (effectiveStatus(listing, today) !== "approved") return "not-approved";
  if (listing.availableFrom > request.moveIn || listing.availableTo < request.moveOut) return "window";
  if (!hasFreeBed) return "no-free-bed";
  if (request.maxRent !== undefined && listing.rentDkk > request.maxRent) return "rent";
  return NEEDS.find(({ need, has }) => request.needs[need] && !has(listing))?.need;
}

function distanceOf(request: MatchRequest, listing: Listing): number {
  const from = placeOf(request.internship.location, request.internship.municipalityCode);
  return greatCircleKm(from, placeOf(listing.location, listing.municipalityCode));
}

/** Distance up to 50, price up to 30, kind up to 20; rounded to one decimal. Needs are hard, so they add nothing. */
function scoreOf(request: MatchRequest, listing: Listing, distanceKm: number): number {
  const distance = DISTANCE_POINTS * clamp01(1 - distanceKm / request.maxDistanceKm);
  const price = PRICE_POINTS * priceFraction(listing.rentDkk, request.maxRent ?? DEFAULT_BUDGET_DKK);
  return round1(distance + price + KIND_POINTS * kindFraction(request, listing));
}

/** The share of the budget left over. A zero budget admits only free housing, which is as cheap as it gets. */
const priceFraction = (rent: number, budget: number): number => (budget > 0 ? clamp01((budget - rent) / budget) : 1);

/** With no preference every kind gets full points, so the preference part shifts no one. */
const kindFraction = (request: MatchRequest, listing: Listing): number =>
  request.preferredKinds.length === 0 || request.preferredKinds.includes(listing.kind) ? 1 : 0;

/** Short reasons in a fixed order: distance, price, preferred kind, then each need asked for. */
function reasonsFor(request: MatchRequest, listing: Listing, distanceKm: number): string[] {
  const reasons = [distanceReason(distanceKm), priceReason(listing.rentDkk, request.maxRent)];
  if (request.preferredKinds.includes(listing.kind)) reasons.push(`${KIND_WORDS[listing.kind]}, as you preferred`);
  for (const { need, reason } of NEEDS) if (request.needs[need]) reasons.push(reason);
  return reasons;
}

const distanceReason = (km: number): string =>
  km < 1 ? "under 1 km from your internship" : `${Math.round(km)} km from your internship`;

function priceReason(rent: number, maxRent: number | undefined): string {
  if (maxRent === undefined) return `${kroner(rent)} kr a month`;
  return rent < maxRent ? `${kroner(maxRent - rent)} kr under your budget` : "at your budget";
}

/** Whole kroner with "," between thousands, by hand so the text never depends on the runtime's locale data. */
const kroner = (amount: number): string => String(Math.round(amount)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

const clamp01 = (value: number): number => Math.min(1, Math.max(0, value));
const round1 = (value: number): number => Math.round(value * 10) / 10;

function byRank(a: Match, b: Match): number {
  if (a.score !== b.score) return b.score - a.score;
  if (a.listing.rentDkk !== b.listing.rentDkk) return a.listing.rentDkk - b.listing.rentDkk;
  // Code-unit order rather than localeCompare, so the order never varies by machine.
  return a.listing.id < b.listing.id ? -1 : a.listing.id > b.listing.id ? 1 : 0;
}
