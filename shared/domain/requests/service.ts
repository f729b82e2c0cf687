/**
 * Housing requests: a student's internship and stay, what councils see of
 * them for planning, and the ranked matches for one request.
 */
import { type Principal, requireRole } from "#auth/principal";
import { hasFreeBed } from "#domain/bookings/occupancy";
import type { StayRepository, Write } from "#domain/bookings/repository";
import { todayIn } from "#domain/common/dates";
import type { Paged, PageQuery } from "#domain/common/paging";
import { decideAgainOnRace } from "#domain/common/retry";
import type { ListingView } from "#domain/listings/model";
import { toView } from "#domain/listings/rules";
import type { ListingService } from "#domain/listings/service";
import { municipalitiesWithinReach, placeOf } from "#domain/matching/geo";
import { type Match, rankMatches } from "#domain/matching/score";
import { allMunicipalityCodes } from "#domain/municipalities/index";
import type { OrganizationService } from "#domain/organizations/service";
import { NotFound } from "#shared/errors";
import type { Clock, IdGenerator } from "#shared/runtime";
import type { HousingRequest, NewRequest, RequestView, StoredRequestStatus } from "./model";
import { checkStay, toRequestView } from "./rules";

/** Most approved listings one match call ranks: a bound on cost, far above a rural municipality's stock. */
const MAX_CANDIDATES = 5000;
const OCCUPANCY_BATCH = 10;

export interface MatchView extends Omit<Match, "listing"> {
  listing: ListingView;
}

/** What matching needs from the match-cursor codec: an offset, signed and bound to the request. */
export interface OffsetCursors {
  encode(scope: string, offset: number): string;
  decode(scope: string, cursor: string): number;
}

export class RequestService {
  constructor(
    private readonly repository: StayRepository,
    private readonly listings: ListingService,
    private readonly organizations: OrganizationService,
    private readonly offsets: OffsetCursors,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
  ) {}

  async create(principal: Principal, input: NewRequest): Promise<RequestView> {
    requireRole(principal, "student");
    const today = todayIn(this.clock);
    checkStay(input, today);
    const now = this.clock.now().toISOString();
    const request: HousingRequest = {
      ...input,
      id: this.newId(),
      studentId: principal.sub,
      status: "open",
      version: 1,
      createdAt: now,
      updatedAt: now,
      active: {},
    };
    // The request is new, so a lost race can only be on a statistics item: the same write again is right.
    const audit = this.audit(principal, request.id, "create", null, "open", now);
    await decideAgainOnRace(undefined, () =>
      this.repository.commit([{ kind: "request", request, previous: null }, audit]),
    );
    return toRequestView(request, today);
  }

  async get(principal: Principal, id: string): Promise<RequestView> {
    return toRequestView(await this.visible(principal, id), todayIn(this.clock));
  }

  async list(
    principal: Principal,
    query: { status?: StoredRequestStatus | "expired"; municipality?: string[] },
    page: PageQuery,
  ): Promise<Paged<RequestView>> {
    requireRole(principal, "student", "council", "admin");
    const today = todayIn(this.clock);
    const stored = query.status === "expired" ? "open" : query.status;
    let result: Paged<HousingRequest>;
    if (principal.role === "student") {
      result = await this.repository.requestsOfStudent(principal.sub, stored, page);
    } else {
      const allowed = await this.municipalitiesOf(principal);
      const wanted = (query.municipality ?? allowed).filter((code) => allowed.includes(code));
      result = await this.repository.requestsOfMunicipalities(wanted, stored, page);
    }
    const items = result.items
      .map((request) => toRequestView(request, today))
      .filter((request) => !query.status || request.status === query.status);
    return { items, nextCursor: result.nextCursor };
  }

  /**
   * Ranked matches. Reads the approved listings of the municipalities within
   * reach (one index query each), ranks them by the pure scoring, and checks
   * free beds (bookings and live holds) only down the ranking as far as the
   * page needs.
   */
  async matches(principal: Principal, id: string, page: PageQuery): Promise<Paged<MatchView>> {
    requireRole(principal, "student");
    const request = await this.repository.getRequest(id);
    if (!request || request.studentId !== principal.sub) throw new NotFound("Housing request");
    const today = todayIn(this.clock);
    const now = this.clock.now().toISOString();
    const scope = `matches:${request.id}`;
    const offset = page.cursor ? this.offsets.decode(scope, page.cursor) : 0;

    const reach = municipalitiesWithinReach(
      placeOf(request.internship.location, request.internship.municipalityCode),
      request.maxDistanceKm,
    );
    const candidates = await this.candidates(request, reach);
    const ranked = rankMatches(
      request,
      candidates.map((listing) => ({ listing, hasFreeBed: true })),
      today,
    );

    const withFreeBed: Match[] = [];
    for (let start = 0; start < ranked.length && withFreeBed.length <= offset + page.limit; start += OCCUPANCY_BATCH) {
      const batch = ranked.slice(start, start + OCCUPANCY_BATCH);
      const free = await Promise.all(
        batch.map(async (match) => {
          const months = await this.repository.months(match.listing.id, request.moveIn, request.moveOut);
          return hasFreeBed(months, match.listing.capacity, request.moveIn, request.moveOut, now);
        }),
      );
      withFreeBed.push(...batch.filter((_, index) => free[index]));
    }
    const viewer = { principal };
    const items = withFreeBed
      .slice(offset, offset + page.limit)
      .map((match) => ({ ...match, listing: toView(match.listing, viewer, today) }));
    const more = withFreeBed.length > offset + page.limit;
    return { items, nextCursor: more ? this.offsets.encode(scope, offset + page.limit) : null };
  }

  async history(principal: Principal, id: string, page: PageQuery) {
    await this.visible(principal, id);
    return this.repository.history("housingRequest", id, page);
  }

  private candidates(request: HousingRequest, reach: string[]) {
    return this.listings.approvedForStay(
      {
        municipalities: reach,
        stayFrom: request.moveIn,
        stayTo: request.moveOut,
        maxRent: request.maxRent,
        // A need that is false means "don't care": no filter.
        furnished: request.needs.furnished || undefined,
        accessible: request.needs.accessible || undefined,
        pets: request.needs.pets || undefined,
      },
      MAX_CANDIDATES,
    );
  }

  private async visible(principal: Principal, id: string): Promise<HousingRequest> {
    requireRole(principal, "student", "council", "admin");
    const request = await this.repository.getRequest(id);
    const visible =
      request &&
      (principal.role === "admin" ||
        (principal.role === "student" && request.studentId === principal.sub) ||
        (principal.role === "council" &&
          (await this.municipalitiesOf(principal)).includes(request.internship.municipalityCode)));
    if (!request || !visible) throw new NotFound("Housing request");
    return request;
  }

  private async municipalitiesOf(principal: Principal): Promise<string[]> {
    if (principal.role === "admin") return allMunicipalityCodes;
    const organization = principal.orgId ? await this.organizations.find(principal.orgId) : undefined;
    return organization?.municipalities ?? [];
  }

  private audit(principal: Principal, id: string, action: string, from: string | null, to: string, at: string): Write {
    return {
      kind: "audit",
      event: {
        id: this.newId(),
        objectType: "housingRequest",
        objectId: id,
        action,
        from,
        to,
        actor: principal.sub,
        actorRole: principal.role,
        at,
      },
    };
  }
}
