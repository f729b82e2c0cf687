/** Distances for matching: great-circle km between points, and which municipalities a search must read. */
import { findMunicipality, municipalities } from "#domain/municipalities/index";

export interface Point {
  lat: number;
  lon: number;
}

/** The mean Earth radius (IUGG); on Zealand's scale the sphere is within about 0.5 % of the ellipsoid. */
const EARTH_RADIUS_KM = 6371.0088;
const RADIANS = Math.PI / 180;

/** Haversine distance in km: well-conditioned for the short distances matching deals with. */
export function greatCircleKm(a: Point, b: Point): number {
  const dLat = (b.lat - a.lat) * RADIANS;
  const dLon = (b.lon - a.lon) * RADIANS;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RADIANS) * Math.cos(b.lat * RADIANS) * Math.sin(dLon / 2) ** 2;
  // Rounding can push h a hair above 1 for antipodal points; asin would then be NaN.
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(Math.min(1, h)));
}

/** Where something is for matching: its own location, or else its municipality's centre. */
export function placeOf(location: Point | undefined, municipalityCode: string): Point {
  if (location) return location;
  const municipality = findMunicipality(municipalityCode);
  // Codes are validated on the way in, so an unknown one here is a bug, not bad input.
  if (!municipality) throw new Error(`Unknown municipality code ${municipalityCode}`);
  return { lat: municipality.lat, lon: municipality.lon };
}

/**
 * How far a listing may lie from its municipality's centre. The largest reach
 * in the data is Vordingborg: from the town to Møns Klint is about 41 km;
 * Lolland (Maribo to Albuen beyond Nakskov) about 33 km; the rest stay under
 * 30 km. 45 km bounds them all with room to spare. It assumes a listing's
 * location lies in its own municipality; one without a location sits on the
 * centre anyway.
 */
export const MUNICIPALITY_REACH_KM = 45;

/**
 * Municipalities whose listings may lie within `maxKm` of `from`: those whose
 * centre is within `maxKm` plus the reach margin, so no listing in range is
 * missed (a few out of range are read and then excluded by distance).
 * Nearest first, ties by code, so the reads happen in a stable order.
 */
export function municipalitiesWithinReach(from: Point, maxKm: number): string[] {
  const limit = maxKm + MUNICIPALITY_REACH_KM;
  return municipalities
    .map((municipality) => ({ code: municipality.code, km: greatCircleKm(from, municipality) }))
    .filter((candidate) => candidate.km <= limit)
    .sort((a, b) => a.km - b.km || compareText(a.code, b.code))
    .map((candidate) => candidate.code);
}

/** Code-unit order, independent of locale, so results never vary by machine. */
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
