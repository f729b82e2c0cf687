/**
 * Statistics for the municipalities' data departments: councils see their
 * own municipalities, admins any. A call reads each municipality's
 * aggregate buckets for the months it needs — a cost set by the period, not
 * by how many listings, requests and bookings there are.
 */
import { type Principal, requireRole } from "#auth/principal";
import { addDays, addYears, monthOf, nightsBetween, todayIn } from "#domain/common/dates";
import { MAX_WINDOW_YEARS } from "#domain/listings/rules";
import { allMunicipalityCodes } from "#domain/municipalities/index";
import type { OrganizationService } from "#domain/organizations/service";
import { Forbidden, ValidationFailed } from "#shared/errors";
import type { Clock } from "#shared/runtime";
import { type Counters, type MunicipalityStats, municipalityFigures, type Period } from "./figures";

/** The longest period one call may ask about: a bound on what a call reads. */
export const MAX_PERIOD_YEARS = 3;

export interface StatsReader {
  /** A municipality's counters from the buckets of `firstMonth` on, current states included. */
  counters(municipality: string, firstMonth: string): Promise<Counters>;
}

export interface StatsQuery {
  municipality?: string[];
  from?: string;
  to?: string;
}

export interface StatsReport extends Period {
  items: MunicipalityStats[];
}

export class StatsService {
  constructor(
    private readonly reader: StatsReader,
    private readonly organizations: OrganizationService,
    private readonly clock: Clock,
  ) {}

  async report(principal: Principal, query: StatsQuery): Promise<StatsReport> {
    requireRole(principal, "council", "admin");
    const allowed = await this.municipalitiesOf(principal);
    const today = todayIn(this.clock);
    const period = periodOf(query, today);
    const wanted = [...new Set(query.municipality ?? allowed)].filter((code) => allowed.includes(code)).sort();
    // Beds on a night come from changes on the days they started: a listing's beds start at most
    // the longest window before any night asked about (a stay's bed, at most a year).
    const firstMonth = monthOf(addYears([period.from, today].sort()[0] as string, -MAX_WINDOW_YEARS));
    const items = await Promise.all(
      wanted.map(async (code) =>
        municipalityFigures(code, await this.reader.counters(code, firstMonth), period, today),
      ),
    );
    return { ...period, items };
  }

  private async municipalitiesOf(principal: Principal): Promise<string[]> {
    if (principal.role === "admin") return allMunicipalityCodes;
    const organization = principal.orgId ? await this.organizations.find(principal.orgId) : undefined;
    if (!organization) throw new Forbidden("Your organisation does not exist");
    return organization.municipalities;
  }
}

/** The period asked for; by default the last 12 months up to and including today. */
export function periodOf(query: StatsQuery, today: string): Period {
  const to = query.to ?? (query.from && query.from > today ? addYears(query.from, 1) : today);
  const from = query.from ?? addDays(addYears(to, -1), 1);
  if (from > to)
    throw new ValidationFailed([{ path: "to", message: "Must not be before from", code: "ends_before_start" }]);
  if (nightsBetween(from, to) >= nightsBetween(from, addYears(from, MAX_PERIOD_YEARS))) {
    throw new ValidationFailed([
      { path: "to", message: `A period is at most ${MAX_PERIOD_YEARS} years`, code: "period_too_long" },
    ]);
  }
  return { from, to };
}
