import { describe, expect, it } from "vitest";
import type { Listing } from "#domain/listings/model";
import { greatCircleKm, municipalitiesWithinReach, type Point, placeOf } from "#domain/matching/geo";
import { evaluate, type Match, type MatchRequest, rankMatches } from "#domain/matching/score";
import { findMunicipality, municipalities } from "#domain/municipalities/index";

const KALUNDBORG: Point = { lat: 55.681, lon: 11.089 };
const KOBENHAVN: Point = { lat: 55.6761, lon: 12.5683 };
/** One degree of latitude on a sphere of 6371.0088 km. */
const KM_PER_DEGREE_LAT = (6371.0088 * Math.PI) / 180;
const TODAY = "2027-01-10";

/** A point `km` due north of `from`: distances the tests can reason about. */
const north = (from: Point, km: number): Point => ({ lat: from.lat + km / KM_PER_DEGREE_LAT, lon: from.lon });

/** A request from an internship in Kalundborg that a listing made by `listing()` meets in every respect. */
function request(overrides: Partial<MatchRequest> = {}): MatchRequest {
  return {
    internship: { municipalityCode: "326", location: KALUNDBORG },
    moveIn: "2027-02-01",
    moveOut: "2027-05-01",
    maxRent: 4000,
    needs: { furnished: true, accessible: true, pets: true },
    preferredKinds: ["room"],
    maxDistanceKm: 40,
    ...overrides,
  };
}

function listing(overrides: Partial<Listing> = {}): Listing {
  return {
    id: "L1",
    ownerOrgId: "org-1",
    createdBy: "user-1",
    status: "approved",
    version: 1,
    createdAt: "2026-12-01T10:00:00Z",
    updatedAt: "2026-12-01T10:00:00Z",
    title: "Room by the harbour",
    description: "A quiet room.",
    kind: "room",
    municipalityCode: "326",
    address: { street: "Havnegade 1", postalCode: "4400", city: "Kalundborg" },
    location: north(KALUNDBORG, 3.1),
    rentDkk: 2800,
    depositDkk: 2800,
    utilitiesIncluded: true,
    capacity: 1,
    availableFrom: "2027-01-01",
    availableTo: "2027-07-01",
    furnished: true,
    accessible: true,
    petsAllowed: true,
    smokingAllowed: false,
    internet: true,
    languages: ["da"],
    ...overrides,
  };
}

/** The match, failing the test with the exclusion if there is none. */
function matchOf(req: MatchRequest, candidate: Listing, hasFreeBed = true, today = TODAY): Match {
  const result = evaluate(req, candidate, hasFreeBed, today);
  if (!("match" in result)) throw new Error(`Expected a match, got excluded: ${result.excluded}`);
  return result.match;
}

const exclusionOf = (req: MatchRequest, candidate: Listing, hasFreeBed = true, today = TODAY) => {
  const result = evaluate(req, candidate, hasFreeBed, today);
  return "excluded" in result ? result.excluded : undefined;
};

describe("great-circle distance", () => {
  it("puts København and Kalundborg about 93 km apart by their centres", () => {
    // Independent value: Vincenty's formula on the WGS84 ellipsoid gives 93.06 km for these
    // centres; by hand, along the parallel, 1.4793° × 111.195 km × cos 55.68° ≈ 92.7 km.
    expect(Math.abs(greatCircleKm(KOBENHAVN, KALUNDBORG) - 93.06)).toBeLessThan(1);
  });

  it("measures one degree of latitude as 111.195 km on the mean Earth sphere", () => {
    expect(greatCircleKm({ lat: 55, lon: 11 }, { lat: 56, lon: 11 })).toBeCloseTo(111.195, 3);
  });

  it("is zero from a point to itself", () => {
    expect(greatCircleKm(KALUNDBORG, { ...KALUNDBORG })).toBe(0);
  });

  it("is the same in both directions", () => {
    const lolland = { lat: 54.776, lon: 11.5 };
    expect(greatCircleKm(KALUNDBORG, lolland)).toBe(greatCircleKm(lolland, KALUNDBORG));
    expect(greatCircleKm(KOBENHAVN, KALUNDBORG)).toBe(greatCircleKm(KALUNDBORG, KOBENHAVN));
  });
});

describe("places", () => {
  it("use the given location when there is one", () => {
    expect(placeOf({ lat: 55.7, lon: 11.2 }, "326")).toEqual({ lat: 55.7, lon: 11.2 });
  });

  it("fall back to the municipality's centre without a location", () => {
    expect(placeOf(undefined, "326")).toEqual(KALUNDBORG);
    expect(placeOf(undefined, "360")).toEqual({ lat: 54.776, lon: 11.5 });
  });

  it("refuse an unknown municipality code", () => {
    expect(() => placeOf(undefined, "999")).toThrow(/999/);
  });
});

describe("municipalities within reach", () => {
  it("include the internship's own municipality even at 1 km", () => {
    for (const municipality of municipalities) {
      expect(municipalitiesWithinReach(municipality, 1)).toContain(municipality.code);
    }
  });

  it("leave out municipalities far beyond reach", () => {
    expect(municipalitiesWithinReach(KALUNDBORG, 1)).not.toContain("101");
  });

  it("include a municipality whose centre is beyond maxKm but whose edge may be within it", () => {
    // Slagelse's centre is about 35 km from Kalundborg's; its listings may lie much closer.
    const slagelse = findMunicipality("330");
    if (!slagelse) throw new Error("Slagelse missing from the data");
    expect(greatCircleKm(KALUNDBORG, slagelse)).toBeGreaterThan(20);
    expect(municipalitiesWithinReach(KALUNDBORG, 20)).toContain("330");
  });

  it("grow with the distance, each set containing the smaller ones", () => {
    let previous: string[] = [];
    for (const km of [1, 10, 25, 50, 100, 200]) {
      const reach = municipalitiesWithinReach(KALUNDBORG, km);
      expect(reach.length).toBeGreaterThanOrEqual(previous.length);
      for (const code of previous) expect(reach).toContain(code);
      previous = reach;
    }
    expect(municipalitiesWithinReach(KALUNDBORG, 1).length).toBeLessThan(previous.length);
  });

  it("cover all 18 municipalities at 200 km", () => {
    expect(municipalities).toHaveLength(18);
    for (const from of [KALUNDBORG, KOBENHAVN, { lat: 54.769, lon: 11.874 }]) {
      expect(new Set(municipalitiesWithinReach(from, 200))).toEqual(new Set(municipalities.map((m) => m.code)));
    }
  });

  it("list the nearest first", () => {
    const reach = municipalitiesWithinReach(KALUNDBORG, 50);
    expect(reach[0]).toBe("326");
    const km = reach.map((code) => greatCircleKm(KALUNDBORG, placeOf(undefined, code)));
    expect(km).toEqual([...km].sort((a, b) => a - b));
  });
});

describe("hard constraints", () => {
  it("match a listing that meets them all", () => {
    expect(evaluate(request(), listing(), true, TODAY)).toHaveProperty("match");
  });

  it("exclude a listing that is not approved", () => {
    for (const status of ["draft", "pending", "rejected", "withdrawn"] as const) {
      expect(exclusionOf(request(), listing({ status }))).toBe("not-approved");
    }
  });

  it("exclude an expired listing", () => {
    // Its last move-out day has passed; expiry counts as not approved.
    const stay = request({ moveIn: "2027-02-01", moveOut: "2027-05-01" });
    const lastDay = listing({ availableTo: "2027-05-01" });
    expect(exclusionOf(stay, lastDay, true, "2027-05-01")).toBeUndefined();
    expect(exclusionOf(stay, lastDay, true, "2027-05-02")).toBe("not-approved");
  });

  it("allow a window that starts on the move-in day", () => {
    expect(exclusionOf(request(), listing({ availableFrom: "2027-02-01" }))).toBeUndefined();
  });

  it("exclude a window that starts one day after move-in", () => {
    expect(exclusionOf(request(), listing({ availableFrom: "2027-02-02" }))).toBe("window");
  });

  it("allow a window whose last move-out day is the move-out day", () => {
    expect(exclusionOf(request(), listing({ availableTo: "2027-05-01" }))).toBeUndefined();
  });

  it("exclude a window that ends one day before move-out", () => {
    expect(exclusionOf(request(), listing({ availableTo: "2027-04-30" }))).toBe("window");
  });

  it("exclude a listing without a free bed on every night", () => {
    expect(exclusionOf(request(), listing(), false)).toBe("no-free-bed");
  });

  it("allow rent equal to maxRent and exclude rent one krone above it", () => {
    expect(exclusionOf(request(), listing({ rentDkk: 4000 }))).toBeUndefined();
    expect(exclusionOf(request(), listing({ rentDkk: 4001 }))).toBe("rent");
  });

  it("ignore rent without maxRent", () => {
    expect(exclusionOf(request({ maxRent: undefined }), listing({ rentDkk: 50_000 }))).toBeUndefined();
  });

  it("exclude an unfurnished listing when furnished is needed", () => {
    expect(exclusionOf(request(), listing({ furnished: false }))).toBe("furnished");
  });

  it("exclude a listing that is not step-free when accessible is needed", () => {
    expect(exclusionOf(request(), listing({ accessible: false }))).toBe("accessible");
  });

  it("exclude a listing without pets allowed when pets is needed", () => {
    expect(exclusionOf(request(), listing({ petsAllowed: false }))).toBe("pets");
  });

  it("ignore needs that are not asked for", () => {
    const noNeeds = request({ needs: { furnished: false, accessible: false, pets: false } });
    const bare = listing({ furnished: false, accessible: false, petsAllowed: false });
    expect(exclusionOf(noNeeds, bare)).toBeUndefined();
  });

  it("exclude a listing farther than maxDistanceKm", () => {
    const elevenKm = listing({ location: north(KALUNDBORG, 11) });
    expect(exclusionOf(request({ maxDistanceKm: 12 }), elevenKm)).toBeUndefined();
    expect(exclusionOf(request({ maxDistanceKm: 10 }), elevenKm)).toBe("distance");
  });

  it("measure from the municipality centres when neither side has a location", () => {
    // Kalundborg's centre to Slagelse's is 35.2 km (Vincenty on WGS84: 35.3 km).
    const req = request({ internship: { municipalityCode: "326" } });
    const inSlagelse = listing({ municipalityCode: "330", location: undefined });
    expect(exclusionOf({ ...req, maxDistanceKm: 30 }, inSlagelse)).toBe("distance");
    expect(matchOf({ ...req, maxDistanceKm: 40 }, inSlagelse).distanceKm).toBe(35.2);
  });
});

describe("scores", () => {
  it("rate a closer listing higher", () => {
    const near = matchOf(request(), listing({ location: north(KALUNDBORG, 2) }));
    const far = matchOf(request(), listing({ location: north(KALUNDBORG, 20) }));
    expect(near.score).toBeGreaterThan(far.score);
  });

  it("rate a cheaper listing higher", () => {
    expect(matchOf(request(), listing({ rentDkk: 2000 })).score).toBeGreaterThan(
      matchOf(request(), listing({ rentDkk: 3500 })).score,
    );
  });

  it("give a preferred kind 20 points more than another kind", () => {
    const room = matchOf(request(), listing({ kind: "room" }));
    const apartment = matchOf(request(), listing({ kind: "apartment" }));
    expect(room.score - apartment.score).toBeCloseTo(20, 5);
  });

  it("compare rent with 10,000 kr without maxRent", () => {
    // Distance 0 gives 50, 3,200 of 10,000 kr leaves 30 × 0.68 = 20.4, a preferred kind 20.
    const atInternship = listing({ location: KALUNDBORG, rentDkk: 3200 });
    expect(matchOf(request({ maxRent: undefined }), atInternship).score).toBe(90.4);
    expect(matchOf(request({ maxRent: 10_000 }), atInternship).score).toBe(90.4);
  });

  it("give no kind an advantage without preferences", () => {
    const noPreference = request({ preferredKinds: [] });
    const scores = (["room", "apartment", "host_family", "summer_house"] as const).map(
      (kind) => matchOf(noPreference, listing({ kind })).score,
    );
    expect(new Set(scores).size).toBe(1);
    expect(scores[0]).toBe(matchOf(request(), listing({ kind: "room" })).score);
  });

  it("add up the parts and round to one decimal", () => {
    // 3.1 km of 40: 50 × (1 − 3.1/40) = 46.125; 1,200 of 4,000 kr left: 9; a room: 20; 75.125 → 75.1.
    const match = matchOf(request(), listing());
    expect(match.score).toBe(75.1);
    expect(match.distanceKm).toBe(3.1);
  });

  it("stay within 0 to 100", () => {
    const best = matchOf(request(), listing({ location: KALUNDBORG, rentDkk: 0 }));
    expect(best.score).toBe(100);
    const worst = matchOf(
      request({ maxDistanceKm: 12 }),
      listing({ location: north(KALUNDBORG, 11.99), rentDkk: 4000, kind: "apartment" }),
    );
    expect(worst.score).toBeGreaterThanOrEqual(0);
    expect(worst.score).toBeLessThan(1);
    for (const candidate of variedListings()) {
      const result = evaluate(request({ maxRent: undefined }), candidate, true, TODAY);
      if ("match" in result) {
        expect(result.match.score).toBeGreaterThanOrEqual(0);
        expect(result.match.score).toBeLessThanOrEqual(100);
      }
    }
  });
});

describe("reasons", () => {
  it("explain a typical match in a fixed order", () => {
    const req = request({ needs: { furnished: true, accessible: false, pets: true } });
    expect(matchOf(req, listing()).reasons).toEqual([
      "3 km from your internship",
      "1,200 kr under your budget",
      "a room, as you preferred",
      "furnished",
      "pets allowed",
    ]);
  });

  it("say the rent itself without maxRent, and 'at your budget' when rent equals it", () => {
    const noNeeds = { furnished: false, accessible: false, pets: false };
    const unbudgeted = request({ maxRent: undefined, needs: noNeeds, preferredKinds: [] });
    expect(matchOf(unbudgeted, listing({ rentDkk: 3200, location: KALUNDBORG })).reasons).toEqual([
      "under 1 km from your internship",
      "3,200 kr a month",
    ]);
    expect(matchOf(request({ needs: noNeeds }), listing({ rentDkk: 4000, kind: "apartment" })).reasons).toEqual([
      "3 km from your internship",
      "at your budget",
    ]);
  });

  it("name each kind in words and step-free for accessible", () => {
    const req = request({ preferredKinds: ["apartment"], needs: { furnished: false, accessible: true, pets: false } });
    expect(matchOf(req, listing({ kind: "apartment" })).reasons.slice(2)).toEqual([
      "an apartment, as you preferred",
      "step-free",
    ]);
  });
});

describe("ranking", () => {
  it("orders by score, then rent, then id", () => {
    // 3,000 and 3,001 kr score the same once rounded to one decimal (77.5), so rent decides.
    const at = (id: string, rentDkk: number, km = 0) => ({
      listing: listing({ id, rentDkk, location: north(KALUNDBORG, km) }),
      hasFreeBed: true,
    });
    const candidates = [at("d", 3001), at("c", 3000), at("b", 3000), at("a", 3500, 10), at("e", 1000, 0)];
    const ranked = rankMatches(request({ maxDistanceKm: 40 }), candidates, TODAY);
    expect(ranked.map((match) => match.listing.id)).toEqual(["e", "b", "c", "d", "a"]);
    expect(ranked[1]?.score).toBe(77.5);
    expect(ranked[3]?.score).toBe(77.5);
  });

  it("leaves out excluded candidates", () => {
    const ranked = rankMatches(
      request(),
      [
        { listing: listing({ id: "free" }), hasFreeBed: true },
        { listing: listing({ id: "full" }), hasFreeBed: false },
        { listing: listing({ id: "pending", status: "pending" }), hasFreeBed: true },
      ],
      TODAY,
    );
    expect(ranked.map((match) => match.listing.id)).toEqual(["free"]);
  });

  it("gives the same ranking however the candidates are shuffled", () => {
    const req = request({ maxRent: undefined, needs: { furnished: false, accessible: false, pets: false } });
    const candidates = variedListings().map((candidate, index) => ({
      listing: candidate,
      hasFreeBed: index % 7 !== 0,
    }));
    const expected = rankMatches(req, candidates, TODAY);
    expect(expected.length).toBeGreaterThan(10);
    const random = seededRandom(42);
    for (let round = 0; round < 20; round++) {
      expect(rankMatches(req, shuffle(candidates, random), TODAY)).toEqual(expected);
    }
  });
});

/** Listings that vary in kind, rent, place and amenities, including ties on score and rent. */
function variedListings(): Listing[] {
  const kinds = ["room", "shared_flat", "apartment", "dorm_room", "host_family", "summer_house"] as const;
  return Array.from({ length: 40 }, (_, index) =>
    listing({
      id: `L${String(index).padStart(2, "0")}`,
      kind: kinds[index % kinds.length],
      rentDkk: 2000 + (index % 5) * 500,
      location: index % 4 === 0 ? undefined : north(KALUNDBORG, (index % 9) * 4),
      furnished: index % 2 === 0,
      accessible: index % 3 === 0,
      petsAllowed: index % 5 === 0,
    }),
  );
}

/** A small deterministic generator (mulberry32), so a failing shuffle can be replayed. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}
