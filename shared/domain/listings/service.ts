/**
 * Listings and their approval: institutions and councils post rooms, the
 * council of the listing's municipality approves them, students find them.
 */
import { type Principal, requireRole } from "#auth/principal";
import type { AuditEvent } from "#domain/audit";
import { isLive, type OccupancyMonth, peakOccupancy } from "#domain/bookings/occupancy";
import { addDays, todayIn } from "#domain/common/dates";
import type { Paged, PageQuery } from "#domain/common/paging";
import { decideAgainOnRace } from "#domain/common/retry";
import { allMunicipalityCodes } from "#domain/municipalities/index";
import type { OrganizationService } from "#domain/organizations/service";
import { offersKeptOnLeaving } from "#domain/stats/contributions";
import { ConcurrentChange, Conflict, Forbidden, NotFound, ValidationFailed, VersionMismatch } from "#shared/errors";
import type { Clock, IdGenerator } from "#shared/runtime";
import type { Listing, ListingContent, ListingPatch, ListingStatus, ListingView } from "./model";
import {
  canReadHistory,
  canSee,
  canTransition,
  changesMaterially,
  checkWindow,
  effectiveStatus,
  isReviewingCouncil,
  type ListingAction,
  type ListingSearch,
  nextStatus,
  toView,
  type Viewer,
} from "./rules";

export interface ListingRepository {
  create(listing: Listing, event: AuditEvent): Promise<void>;
  get(id: string): Promise<Listing | undefined>;
  /**
   * Replaces `previous` with `next` and records `event`, in one transaction,
   * only if the stored listing is still `previous` (same version, state and
   * owner) and, when given, was not created by `notCreatedBy`. Throws
   * ConcurrentChange otherwise.
   */
  replace(
    previous: Listing,
    next: Listing,
    event: AuditEvent,
    options?: { notCreatedBy?: string; occupancyUnchanged?: OccupancyMonth[] },
  ): Promise<void>;
  /**
   * Listings of the given municipalities in one state, by availableFrom then
   * id; also the approved ones it read whose window has passed (to expire).
   */
  search(
    search: ListingSearch & { municipalities: string[] },
    today: string,
    page: PageQuery,
  ): Promise<Paged<Listing> & { expired: Listing[] }>;
  /** An organisation's listings, newest first. */
  listByOwner(orgId: string, search: ListingSearch, today: string, page: PageQuery): Promise<Paged<Listing>>;
  /**
   * Every approved listing of the given municipalities whose window contains
   * the stay and that meets the search, each partition read once, at most `max`.
   */
  approvedForStay(
    search: Omit<ListingSearch, "status"> & { municipalities: string[]; stayFrom: string; stayTo: string },
    today: string,
    max: number,
  ): Promise<{ listings: Listing[]; expired: Listing[] }>;
  /** Pending listings of the given municipalities, oldest submission first. */
  reviewQueue(municipalities: string[], page: PageQuery): Promise<Paged<Listing>>;
  history(id: string, page: PageQuery): Promise<Paged<AuditEvent>>;
}

/** What listings need from the booking side; connected after both services exist. */
export interface ListingStays {
  studentHasOfferOrBooking(studentId: string, listingId: string): Promise<boolean>;
  /** Declines the listing's pending applications and withdraws its live offers. */
  listingWithdrawn(listingId: string): Promise<void>;
  months(listingId: string, from: string, to: string): Promise<OccupancyMonth[]>;
}

/** One night of a listing's window: beds booked, held by live offers, and free. */
export interface OccupancyNight {
  /** The night of this date (`YYYY-MM-DD`), up to the next morning. */
  date: string;
  booked: number;
  held: number;
  free: number;
}

export interface ListingOccupancy {
  listingId: string;
  capacity: number;
  /** The window's nights: from availableFrom up to, not including, availableTo. */
  from: string;
  to: string;
  nights: OccupancyNight[];
}

export interface SearchQuery extends Omit<ListingSearch, "status"> {
  status?: ListingStatus;
  mine?: boolean;
}

/** Most listings one request moves to `expired`: a bounded write cost, repaid by cheaper searches after. */
const MAX_EXPIRED_PER_REQUEST = 25;
const PAST_TENSE: Record<ListingAction, string> = {
  submit: "submitted",
  approve: "approved",
  reject: "rejected",
  withdraw: "withdrawn",
  edit: "edited",
};

export class ListingService {
  private stays?: ListingStays;

  constructor(
    private readonly repository: ListingRepository,
    private readonly organizations: OrganizationService,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
  ) {}

  connectStays(stays: ListingStays) {
    this.stays = stays;
  }

  /** The stored listing, for other services; no visibility rules applied. */
  find(id: string): Promise<Listing | undefined> {
    return this.repository.get(id);
  }

  async create(principal: Principal, content: ListingContent): Promise<ListingView> {
    requireRole(principal, "institution", "council");
    const viewer = await this.viewerOf(principal);
    const today = todayIn(this.clock);
    checkWindow(content, today);
    const now = this.clock.now().toISOString();
    const listing: Listing = {
      ...content,
      id: this.newId(),
      ownerOrgId: principal.orgId as string,
      createdBy: principal.sub,
      status: "draft",
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    // The listing is new, so a lost race can only be on a statistics item: the same write again is right.
    await decideAgainOnRace(undefined, () =>
      this.repository.create(listing, this.event(principal, listing, "create", null, now)),
    );
    return toView(listing, viewer, today);
  }

  async get(principal: Principal, id: string): Promise<ListingView> {
    const viewer = await this.viewerOf(principal);
    if (principal.role === "student" && this.stays) {
      viewer.hasOfferOrBooking = await this.stays.studentHasOfferOrBooking(principal.sub, id);
    }
    return toView(await this.visible(viewer, id), viewer, todayIn(this.clock));
  }

  async edit(principal: Principal, id: string, patch: ListingPatch, ifMatch?: number): Promise<ListingView> {
    requireRole(principal, "institution", "council");
    return this.change(
      principal,
      id,
      ifMatch,
      (listing, viewer) => this.requireOwner(viewer, listing),
      (listing, _viewer, today, now) => {
        this.requireState("edit", listing, today);
        const patched = applyPatch(listing, patch);
        if (patch.availableFrom !== undefined || patch.availableTo !== undefined) checkWindow(patched, today);
        const backToReview = listing.status === "approved" && changesMaterially(listing, patched);
        const next: Listing = {
          ...patched,
          ...(backToReview
            ? {
                status: "pending" as const,
                submittedAt: now,
                review: undefined,
                offeredBefore: offersKeptOnLeaving(listing, today),
              }
            : {}),
        };
        const changed = Object.keys(patch).sort();
        return { next, event: { ...this.event(principal, next, "edit", listing.status, now), changed } };
      },
      (listing, next) => this.occupancyGuard(listing, next),
    );
  }

  /**
   * Lowering capacity below the beds already booked or held on some night,
   * narrowing the window so that a booking or hold falls outside it, or
   * moving a listing with bookings or holds to another municipality (whose
   * council would then not see them) is refused; the months read are checked
   * unchanged in the same write, so a concurrent offer cannot slip in between.
   */
  private async occupancyGuard(listing: Listing, next: Listing): Promise<OccupancyMonth[] | undefined> {
    const narrower = next.availableFrom > listing.availableFrom || next.availableTo < listing.availableTo;
    const moved = next.municipalityCode !== listing.municipalityCode;
    if ((next.capacity >= listing.capacity && !narrower && !moved) || !this.stays) return undefined;
    // Both windows: a booking outside the new one still occupies its nights.
    const from = earlier(listing.availableFrom, next.availableFrom);
    const to = later(listing.availableTo, next.availableTo);
    const months = await this.stays.months(listing.id, from, to);
    const now = this.clock.now().toISOString();
    const peak = peakOccupancy(months, from, to, now);
    if (moved && peak > 0) {
      throw new Conflict("A listing with bookings or offers on hold cannot move to another municipality");
    }
    if (peak > next.capacity) {
      throw new Conflict("More beds are booked or held on some night than the new capacity");
    }
    const outside =
      (from < next.availableFrom && peakOccupancy(months, from, next.availableFrom, now) > 0) ||
      (next.availableTo < to && peakOccupancy(months, next.availableTo, to, now) > 0);
    if (outside) throw new Conflict("Beds are booked or held on nights outside the new window");
    return months;
  }

  submit(principal: Principal, id: string, ifMatch?: number) {
    requireRole(principal, "institution", "council");
    return this.transition(principal, id, "submit", ifMatch);
  }

  withdraw(principal: Principal, id: string, reason: string | undefined, ifMatch?: number) {
    requireRole(principal, "institution", "council");
    return this.transition(principal, id, "withdraw", ifMatch, reason);
  }

  approve(principal: Principal, id: string, ifMatch?: number) {
    requireRole(principal, "council");
    return this.transition(principal, id, "approve", ifMatch);
  }

  reject(principal: Principal, id: string, reason: string, ifMatch?: number) {
    requireRole(principal, "council");
    return this.transition(principal, id, "reject", ifMatch, reason);
  }

  async search(principal: Principal, query: SearchQuery, page: PageQuery): Promise<Paged<ListingView>> {
    const viewer = await this.viewerOf(principal);
    const today = todayIn(this.clock);
    const { mine, ...criteria } = query;
    if (criteria.stayFrom && criteria.stayTo && criteria.stayFrom >= criteria.stayTo) {
      throw new ValidationFailed([{ path: "to", message: "Must be after from" }]);
    }
    let result: Paged<Listing>;
    if (mine) {
      if (!principal.orgId)
        throw new ValidationFailed([{ path: "mine", message: "Only staff have listings of their own" }]);
      result = await this.repository.listByOwner(principal.orgId, criteria, today, page);
    } else {
      const status = criteria.status ?? "approved";
      const allowed = this.searchableMunicipalities(viewer, status);
      const wanted = criteria.municipalities ?? allMunicipalityCodes;
      const found = await this.repository.search(
        { ...criteria, status, municipalities: wanted.filter((code) => allowed.includes(code)) },
        today,
        page,
      );
      await this.expireLazily(found.expired);
      result = found;
    }
    return { items: result.items.map((listing) => toView(listing, viewer, today)), nextCursor: result.nextCursor };
  }

  /** Approved listings of the municipalities whose window contains the stay (for matching). */
  async approvedForStay(
    search: Omit<ListingSearch, "status"> & { municipalities: string[]; stayFrom: string; stayTo: string },
    max: number,
  ): Promise<Listing[]> {
    const found = await this.repository.approvedForStay(search, todayIn(this.clock), max);
    await this.expireLazily(found.expired);
    return found.listings;
  }

  /**
   * Moves approved listings whose window has passed to the stored state
   * `expired` (their index partition changes with it), so that searches stop
   * reading them. Each is its own conditional write; one that lost a race is
   * simply left for the next search.
   */
  private async expireLazily(listings: Listing[]) {
    const now = this.clock.now().toISOString();
    const system = { sub: "system", role: "system" } as const;
    await Promise.all(
      listings.slice(0, MAX_EXPIRED_PER_REQUEST).map(async (listing) => {
        const expired: Listing = { ...listing, status: "expired", version: listing.version + 1, updatedAt: now };
        try {
          await this.repository.replace(listing, expired, this.event(system, expired, "expire", "approved", now));
        } catch (error) {
          if (!(error instanceof ConcurrentChange)) throw error;
        }
      }),
    );
  }

  async reviewQueue(principal: Principal, page: PageQuery): Promise<Paged<ListingView>> {
    requireRole(principal, "council");
    const viewer = await this.viewerOf(principal);
    const today = todayIn(this.clock);
    const result = await this.repository.reviewQueue(viewer.organization?.municipalities ?? [], page);
    return { items: result.items.map((listing) => toView(listing, viewer, today)), nextCursor: result.nextCursor };
  }

  async history(principal: Principal, id: string, page: PageQuery): Promise<Paged<AuditEvent>> {
    requireRole(principal, "institution", "council", "admin");
    const viewer = await this.viewerOf(principal);
    const listing = await this.visible(viewer, id);
    if (!canReadHistory(viewer, listing)) throw new NotFound("Listing");
    return this.repository.history(id, page);
  }

  /**
   * Beds booked, held (live offers) and free on each night of the listing's
   * window, for the owner organisation, the council of its municipality and
   * admins; 404 for everyone else. Holds count until they lapse, as for offers.
   */
  async occupancy(principal: Principal, id: string): Promise<ListingOccupancy> {
    const viewer = await this.viewerOf(principal);
    const listing = await this.visible(viewer, id);
    if (!canReadHistory(viewer, listing)) throw new NotFound("Listing");
    const from = listing.availableFrom;
    const to = listing.availableTo;
    const months = (await this.stays?.months(listing.id, from, to)) ?? [];
    const now = this.clock.now().toISOString();
    const counts = new Map<string, { booked: number; held: number }>();
    for (let night = from; night < to; night = addDays(night, 1)) counts.set(night, { booked: 0, held: 0 });
    for (const month of months) {
      for (const entry of Object.values(month.entries)) {
        if (!isLive(entry, now)) continue;
        // An entry is recorded in every month it touches; count it only for that month's nights.
        const start = later(entry.from, from);
        const end = earlier(entry.to, to);
        for (let night = start; night < end; night = addDays(night, 1)) {
          const count = counts.get(night);
          if (!count || !night.startsWith(month.month)) continue;
          if (entry.kind === "booking") count.booked++;
          else count.held++;
        }
      }
    }
    const nights = [...counts].map(([date, { booked, held }]) => ({
      date,
      booked,
      held,
      free: Math.max(0, listing.capacity - booked - held),
    }));
    return { listingId: listing.id, capacity: listing.capacity, from, to, nights };
  }

  /** Municipalities whose listings in `status` the viewer may search (outside their own organisation's). */
  private searchableMunicipalities(viewer: Viewer, status: ListingStatus): string[] {
    if (status === "approved" || viewer.principal.role === "admin") return allMunicipalityCodes;
    if (viewer.principal.role === "council" && status !== "draft") return viewer.organization?.municipalities ?? [];
    throw new ValidationFailed([
      { path: "status", message: "Only approved listings can be searched; use mine=true for your own" },
    ]);
  }

  private transition(
    principal: Principal,
    id: string,
    action: Exclude<ListingAction, "edit">,
    ifMatch?: number,
    reason?: string,
  ) {
    const isReview = action === "approve" || action === "reject";
    const authorize = (listing: Listing, viewer: Viewer) => {
      if (!isReview) return this.requireOwner(viewer, listing);
      if (!isReviewingCouncil(viewer, listing) || listing.status === "draft") throw new NotFound("Listing");
      if (listing.createdBy === principal.sub) throw new Forbidden("Nobody approves or rejects a listing they created");
    };
    return this.change(principal, id, ifMatch, authorize, (listing, _viewer, today, now) => {
      this.requireState(action, listing, today);
      const status = nextStatus[action];
      const next: Listing = { ...listing, status };
      if (status === "withdrawn") {
        next.withdrawnAt = now;
        next.offeredBefore = offersKeptOnLeaving(listing, today);
      }
      if (status === "pending") {
        next.submittedAt = now;
        next.review = undefined;
      }
      if (isReview) {
        next.review = { decidedBy: principal.sub, decidedAt: now, decision: status as "approved" | "rejected", reason };
      }
      return {
        next,
        event: { ...this.event(principal, next, action, listing.status, now), ...(reason ? { reason } : {}) },
        notCreatedBy: isReview ? principal.sub : undefined,
      };
    });
  }

  /**
   * Read, authorize, decide, write with a condition on what was read. A
   * concurrent change makes the write fail: then decide again on fresh data,
   * unless the client named a version (If-Match), which is now stale.
   * Authorization comes before the version check, so a caller who may not
   * change the listing learns nothing of its version (404 before 412).
   */
  private async change(
    principal: Principal,
    id: string,
    ifMatch: number | undefined,
    authorize: (listing: Listing, viewer: Viewer) => void,
    decide: (
      listing: Listing,
      viewer: Viewer,
      today: string,
      now: string,
    ) => { next: Listing; event: AuditEvent; notCreatedBy?: string },
    guard?: (listing: Listing, next: Listing) => Promise<OccupancyMonth[] | undefined>,
  ): Promise<ListingView> {
    const viewer = await this.viewerOf(principal);
    const changed = await decideAgainOnRace(
      ifMatch,
      async () => {
        const listing = await this.visible(viewer, id);
        authorize(listing, viewer);
        if (ifMatch !== undefined && listing.version !== ifMatch) throw new VersionMismatch(listing.version);
        const today = todayIn(this.clock);
        const now = this.clock.now().toISOString();
        const { next, event, notCreatedBy } = decide(listing, viewer, today, now);
        const stamped: Listing = { ...next, version: listing.version + 1, updatedAt: now };
        const occupancyUnchanged = await guard?.(listing, stamped);
        await this.repository.replace(listing, stamped, event, { notCreatedBy, occupancyUnchanged });
        return { stamped, today };
      },
      "The listing is being changed by others; try again",
    );
    // After the listing's own write, not inside its retry: a lost race in the clean-up must not
    // report the committed withdrawal as failed (each application is closed in a retried step of its own).
    if (changed.stamped.status === "withdrawn") await this.stays?.listingWithdrawn(changed.stamped.id);
    return toView(changed.stamped, viewer, changed.today);
  }

  private async visible(viewer: Viewer, id: string): Promise<Listing> {
    const listing = await this.repository.get(id);
    if (!listing || !canSee(viewer, listing)) throw new NotFound("Listing");
    return listing;
  }

  private requireOwner(viewer: Viewer, listing: Listing) {
    if (viewer.principal.orgId !== listing.ownerOrgId) throw new NotFound("Listing");
  }

  private requireState(action: ListingAction, listing: Listing, today: string) {
    const status = effectiveStatus(listing, today);
    if (!canTransition(action, status)) {
      throw new Conflict(`A listing that is ${status} cannot be ${PAST_TENSE[action]}`);
    }
  }

  private async viewerOf(principal: Principal): Promise<Viewer> {
    if (!principal.orgId) return { principal };
    const organization = await this.organizations.find(principal.orgId);
    // A token naming an organisation that no longer exists acts for nobody.
    if (!organization) throw new Forbidden("Your organisation does not exist");
    return { principal, organization };
  }

  private event(
    principal: Principal | { sub: "system"; role: "system" },
    listing: Listing,
    action: string,
    from: string | null,
    at: string,
  ): AuditEvent {
    return {
      id: this.newId(),
      objectType: "listing",
      objectId: listing.id,
      action,
      from,
      to: listing.status,
      actor: principal.sub,
      actorRole: principal.role,
      at,
    };
  }
}

const earlier = (a: string, b: string) => (a <= b ? a : b);
const later = (a: string, b: string) => (a >= b ? a : b);

/** The listing with the patch applied; null clears an optional field. */
function applyPatch(listing: Listing, patch: ListingPatch): Listing {
  const patched: Record<string, unknown> = { ...listing };
  for (const [field, value] of Object.entries(patch)) {
    if (value === null) delete patched[field];
    else if (value !== undefined) patched[field] = value;
  }
  return patched as unknown as Listing;
}
