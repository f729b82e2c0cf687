/**
 * Applications, offers and bookings: a student applies, the owner offers a
 * bed with a hold that lapses, the student accepts and the hold becomes a
 * booking. Every change is one transaction over all the items it touches; a
 * lost race is decided again on fresh data (or 412 with If-Match).
 */
import { type Principal, requireRole } from "#auth/principal";
import type { AuditEvent } from "#domain/audit";
import { addDays, todayIn } from "#domain/common/dates";
import type { Paged, PageQuery } from "#domain/common/paging";
import { decideAgainOnRace } from "#domain/common/retry";
import type { Listing } from "#domain/listings/model";
import { effectiveStatus, materialTerms } from "#domain/listings/rules";
import { greatCircleKm, placeOf } from "#domain/matching/geo";
import { allMunicipalityCodes } from "#domain/municipalities/index";
import type { OrganizationService } from "#domain/organizations/service";
import type { HousingRequest, RequestView } from "#domain/requests/model";
import { liveActive, requestStatus, toRequestView } from "#domain/requests/rules";
import { Conflict, NotFound, ValidationFailed, VersionMismatch } from "#shared/errors";
import type { Clock, IdGenerator } from "#shared/runtime";
import {
  type Application,
  type ApplicationView,
  applicationStatus,
  type Booking,
  type StoredApplicationStatus,
  toApplicationView,
} from "./model";
import { hasFreeBed, monthsOf, withoutExpiredHolds } from "./occupancy";
import type { StayRepository, Write } from "./repository";

export const MAX_ACTIVE_APPLICATIONS = 5;
const HOUR_MS = 3_600_000;

/** How the stay services read listings (the listing service's raw view). */
export interface ListingLookup {
  find(id: string): Promise<Listing | undefined>;
}

type Actor = Principal | { sub: "system"; role: "system" };

export class StayService {
  constructor(
    private readonly repository: StayRepository,
    private readonly listings: ListingLookup,
    private readonly organizations: OrganizationService,
    private readonly clock: Clock,
    private readonly newId: IdGenerator,
  ) {}

  // ── applications ────────────────────────────────────────────────────────

  async apply(principal: Principal, requestId: string, input: { listingId: string; message: string }) {
    requireRole(principal, "student");
    return this.retrying(undefined, async (now, today) => {
      const request = await this.ownRequest(principal, requestId);
      if (requestStatus(request, today) !== "open")
        throw new Conflict(`The request is ${requestStatus(request, today)}`);
      const listing = await this.listings.find(input.listingId);
      if (!listing) throw new NotFound("Listing");
      if (effectiveStatus(listing, today) !== "approved")
        throw new Conflict("The listing is not open for applications");
      if (listing.availableFrom > request.moveIn || listing.availableTo < request.moveOut) {
        throw new Conflict("The listing's availability window does not contain your stay");
      }
      const active = liveActive(request, now);
      if (active[listing.id]) throw new Conflict("You already have an active application for this listing");
      if (Object.keys(active).length >= MAX_ACTIVE_APPLICATIONS) {
        throw new Conflict(`A request may have at most ${MAX_ACTIVE_APPLICATIONS} active applications`);
      }
      const application: Application = {
        id: this.newId(),
        requestId: request.id,
        listingId: listing.id,
        studentId: principal.sub,
        ownerOrgId: listing.ownerOrgId,
        municipalityCode: listing.municipalityCode,
        moveIn: request.moveIn,
        moveOut: request.moveOut,
        status: "pending",
        message: input.message,
        offerExpiresAt: null,
        bookingId: null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      const nextRequest = this.bump(request, now, {
        active: { ...active, [listing.id]: { applicationId: application.id } },
      });
      await this.repository.commit([
        { kind: "application", application, expectedVersion: null },
        { kind: "request", request: nextRequest, previous: request },
        // A withdrawal (or any change) committed since the read makes this fail and decide again.
        { kind: "listingUnchanged", listingId: listing.id, version: listing.version },
        this.audit(principal, "application", application.id, "apply", null, "pending", now),
      ]);
      return toApplicationView(application, now);
    });
  }

  async offer(principal: Principal, id: string, expiresInHours: number, ifMatch?: number) {
    requireRole(principal, "institution", "council");
    return this.retrying(ifMatch, async (now, today) => {
      const application = await this.ownedApplication(principal, id, ifMatch);
      this.requireStatus(application, now, ["pending"], "offered");
      const listing = await this.listings.find(application.listingId);
      if (!listing || effectiveStatus(listing, today) !== "approved")
        throw new Conflict("The listing takes no new offers");
      if (listing.availableFrom > application.moveIn || listing.availableTo < application.moveOut) {
        throw new Conflict("The listing's availability window no longer contains the stay");
      }
      const request = await this.requestOf(application);
      if (requestStatus(request, today) !== "open") throw new Conflict("The student's request is no longer open");

      const months = await this.repository.months(listing.id, application.moveIn, application.moveOut);
      if (!hasFreeBed(months, listing.capacity, application.moveIn, application.moveOut, now)) {
        throw new Conflict("No bed is free on every night of the stay");
      }
      const offerExpiresAt = new Date(this.clock.now().getTime() + expiresInHours * HOUR_MS).toISOString();
      const hold = {
        kind: "hold" as const,
        from: application.moveIn,
        to: application.moveOut,
        expiresAt: offerExpiresAt,
      };
      const next = this.bumpApplication(application, now, {
        status: "offered",
        offerExpiresAt,
        offeredTerms: materialTerms(listing),
      });
      const active = liveActive(request, now);
      const nextRequest = this.bump(request, now, {
        active: { ...active, [listing.id]: { applicationId: application.id, offerExpiresAt } },
      });
      await this.repository.commit([
        { kind: "application", application: next, expectedVersion: application.version },
        { kind: "request", request: nextRequest, previous: request },
        // Rewriting a month drops the holds that lapsed: see occupancy.ts for why that matters.
        ...months.map((month) => ({
          kind: "month" as const,
          month: { ...month, entries: { ...withoutExpiredHolds(month.entries, now), [application.id]: hold } },
        })),
        { kind: "listingUnchanged", listingId: listing.id, version: listing.version },
        this.audit(principal, "application", id, "offer", "pending", "offered", now),
      ]);
      return toApplicationView(next, now);
    });
  }

  decline(principal: Principal, id: string, ifMatch?: number) {
    requireRole(principal, "institution", "council");
    return this.retrying(ifMatch, async (now) => {
      const application = await this.ownedApplication(principal, id, ifMatch);
      return this.close(principal, application, "declined", now);
    });
  }

  withdraw(principal: Principal, id: string, reason: string | undefined, ifMatch?: number) {
    requireRole(principal, "student");
    return this.retrying(ifMatch, async (now) => {
      const application = await this.studentApplication(principal, id, ifMatch);
      return this.close(principal, application, "withdrawn", now, reason);
    });
  }

  async accept(principal: Principal, id: string, ifMatch?: number) {
    requireRole(principal, "student");
    return this.retrying(ifMatch, async (now, today) => {
      const application = await this.studentApplication(principal, id, ifMatch);
      this.requireStatus(application, now, ["offered"], "accepted");
      const request = await this.requestOf(application);
      if (requestStatus(request, today) !== "open")
        throw new Conflict(`The request is ${requestStatus(request, today)}`);
      const listing = await this.listings.find(application.listingId);
      if (!listing || effectiveStatus(listing, today) !== "approved") {
        throw new Conflict("The listing is no longer approved; the offer cannot be accepted");
      }
      if (application.offeredTerms !== undefined && application.offeredTerms !== materialTerms(listing)) {
        throw new Conflict("The listing's terms changed since the offer was made; ask for a new offer");
      }

      const booking: Booking = {
        id: this.newId(),
        listingId: listing.id,
        requestId: request.id,
        applicationId: application.id,
        studentId: application.studentId,
        ownerOrgId: application.ownerOrgId,
        municipalityCode: application.municipalityCode,
        moveIn: application.moveIn,
        moveOut: application.moveOut,
        status: "confirmed",
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      const accepted = this.bumpApplication(application, now, { status: "accepted", bookingId: booking.id });
      const housed = this.bump(request, now, {
        status: "housed",
        bookingId: booking.id,
        housedAt: now,
        housedIn: listing.municipalityCode,
        housedDistanceKm: distanceKm(request, listing),
        active: {},
      });
      const entry = { kind: "booking" as const, from: booking.moveIn, to: booking.moveOut };
      const others = await this.closeActive(principal, request, application.listingId, now);
      await this.repository.commit([
        { kind: "application", application: accepted, expectedVersion: application.version },
        { kind: "booking", booking, previous: null },
        { kind: "request", request: housed, previous: request },
        // The hold must still be there: if it lapsed and another offer took the bed, this fails.
        ...monthsOf(booking.moveIn, booking.moveOut).map((month) => ({
          kind: "updateEntry" as const,
          listingId: listing.id,
          month,
          entryId: application.id,
          entry,
        })),
        { kind: "listingUnchanged", listingId: listing.id, version: listing.version },
        ...others,
        this.audit(principal, "application", id, "accept", "offered", "accepted", now),
        this.audit(principal, "booking", booking.id, "book", null, "confirmed", now),
        this.audit(principal, "housingRequest", request.id, "housed", "open", "housed", now),
      ]);
      return toApplicationView(accepted, now);
    });
  }

  /** A student cancels an open request; its active applications are withdrawn and their holds freed. */
  cancelRequest(principal: Principal, id: string, reason: string | undefined, ifMatch?: number): Promise<RequestView> {
    requireRole(principal, "student");
    return this.retrying(ifMatch, async (now, today) => {
      const request = await this.ownRequest(principal, id);
      if (ifMatch !== undefined && request.version !== ifMatch) throw new VersionMismatch(request.version);
      const status = requestStatus(request, today);
      if (status !== "open") throw new Conflict(`A request that is ${status} cannot be cancelled`);
      const cancelled = this.bump(request, now, { status: "cancelled", cancelledAt: now, active: {} });
      await this.repository.commit([
        { kind: "request", request: cancelled, previous: request },
        this.audit(principal, "housingRequest", id, "cancel", "open", "cancelled", now, reason),
        ...(await this.closeActive(principal, request, null, now)),
      ]);
      return toRequestView(cancelled, today);
    });
  }

  /** After a listing is withdrawn: decline its pending applications and withdraw its live offers. */
  async listingWithdrawn(listingId: string) {
    const system: Actor = { sub: "system", role: "system" };
    for (const status of ["pending", "offered"] as const) {
      let cursor: string | undefined;
      do {
        const page = await this.repository.applicationsOfListing(listingId, status, { limit: 50, cursor });
        for (const application of page.items) {
          await this.retrying(undefined, async (now) => {
            const fresh = await this.repository.getApplication(application.id);
            if (!fresh || !["pending", "offered"].includes(applicationStatus(fresh, now))) return;
            await this.close(system, fresh, fresh.status === "pending" ? "declined" : "withdrawn", now);
          });
        }
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    }
  }

  async getApplication(principal: Principal, id: string): Promise<ApplicationView> {
    const application = await this.repository.getApplication(id);
    if (!application || !(await this.maySeeApplication(principal, application))) throw new NotFound("Application");
    return toApplicationView(application, this.clock.now().toISOString());
  }

  async listApplications(
    principal: Principal,
    query: { requestId?: string; listingId?: string; status?: StoredApplicationStatus | "expired" },
    page: PageQuery,
  ): Promise<Paged<ApplicationView>> {
    requireRole(principal, "student", "institution", "council", "admin");
    const now = this.clock.now().toISOString();
    // Expired is derived from offered: read the offered ones and keep those that lapsed.
    const stored = query.status === "expired" ? "offered" : query.status;
    let result: Paged<Application>;
    if (query.requestId) {
      const request = await this.repository.getRequest(query.requestId);
      if (!request || (principal.role !== "admin" && request.studentId !== principal.sub))
        throw new NotFound("Housing request");
      result = await this.repository.applicationsOfRequest(request.id, stored, page);
    } else if (query.listingId) {
      const listing = await this.listings.find(query.listingId);
      if (!listing || (principal.role !== "admin" && listing.ownerOrgId !== principal.orgId))
        throw new NotFound("Listing");
      result = await this.repository.applicationsOfListing(listing.id, stored, page);
    } else {
      throw new ValidationFailed([{ path: "requestId", message: "Name a requestId or a listingId" }]);
    }
    const items = result.items
      .map((application) => toApplicationView(application, now))
      .filter((application) => !query.status || application.status === query.status);
    return { items, nextCursor: result.nextCursor };
  }

  async applicationHistory(principal: Principal, id: string, page: PageQuery) {
    await this.getApplication(principal, id);
    return this.repository.history("application", id, page);
  }

  // ── bookings ────────────────────────────────────────────────────────────

  async cancelBooking(principal: Principal, id: string, reason: string | undefined, ifMatch?: number) {
    requireRole(principal, "student", "institution", "council", "admin");
    return this.retrying(ifMatch, async (now, today) => {
      const booking = await this.repository.getBooking(id);
      if (!booking || !(await this.maySeeBooking(principal, booking))) throw new NotFound("Booking");
      const mayCancel =
        principal.role === "admin" || booking.studentId === principal.sub || booking.ownerOrgId === principal.orgId;
      if (!mayCancel) throw new NotFound("Booking");
      if (ifMatch !== undefined && booking.version !== ifMatch) throw new VersionMismatch(booking.version);
      if (booking.status !== "confirmed") throw new Conflict("The booking is already cancelled");
      if (today >= booking.moveOut) throw new Conflict("The stay has ended; the booking can no longer be cancelled");

      const beforeMoveIn = today < booking.moveIn;
      // On or after move-in the student leaves tomorrow: the later nights are free.
      const moveOut = beforeMoveIn ? booking.moveOut : addDays(today, 1);
      const cancelled: Booking = {
        ...booking,
        status: "cancelled",
        moveOut,
        cancelledAt: now,
        ...(reason ? { cancelReason: reason } : {}),
        version: booking.version + 1,
        updatedAt: now,
      };
      const keep = beforeMoveIn ? [] : monthsOf(booking.moveIn, moveOut);
      const writes: Write[] = [
        { kind: "booking", booking: cancelled, previous: booking },
        ...monthsOf(booking.moveIn, booking.moveOut).map((month) =>
          keep.includes(month)
            ? {
                kind: "updateEntry" as const,
                listingId: booking.listingId,
                month,
                entryId: booking.applicationId,
                entry: { kind: "booking" as const, from: booking.moveIn, to: moveOut },
              }
            : { kind: "removeEntry" as const, listingId: booking.listingId, month, entryId: booking.applicationId },
        ),
        this.audit(principal, "booking", id, "cancel", "confirmed", "cancelled", now, reason),
      ];
      if (beforeMoveIn) {
        const request = await this.repository.getRequest(booking.requestId);
        if (request && request.status === "housed" && request.bookingId === booking.id) {
          const reopened = this.bump(request, now, {
            status: "open",
            bookingId: undefined,
            housedAt: undefined,
            housedIn: undefined,
            housedDistanceKm: undefined,
          });
          writes.push(
            { kind: "request", request: reopened, previous: request },
            this.audit(principal, "housingRequest", request.id, "reopen", "housed", "open", now),
          );
        }
      }
      await this.repository.commit(writes);
      return cancelled;
    });
  }

  async getBooking(principal: Principal, id: string): Promise<Booking> {
    const booking = await this.repository.getBooking(id);
    if (!booking || !(await this.maySeeBooking(principal, booking))) throw new NotFound("Booking");
    return booking;
  }

  async listBookings(
    principal: Principal,
    query: { listingId?: string; requestId?: string; status?: Booking["status"] },
    page: PageQuery,
  ): Promise<Paged<Booking>> {
    requireRole(principal, "student", "institution", "council", "admin");
    let result: Paged<Booking>;
    if (query.listingId) {
      const listing = await this.listings.find(query.listingId);
      const organization = principal.orgId ? await this.organizations.find(principal.orgId) : undefined;
      const allowed =
        listing &&
        (principal.role === "admin" ||
          listing.ownerOrgId === principal.orgId ||
          (principal.role === "council" && organization?.municipalities.includes(listing.municipalityCode)));
      if (!listing || !allowed) throw new NotFound("Listing");
      result = await this.repository.bookingsOfListing(listing.id, page);
    } else if (principal.role === "student") {
      result = await this.repository.bookingsOfStudent(principal.sub, page);
    } else if (principal.role === "council" || principal.role === "admin") {
      const organization = principal.orgId ? await this.organizations.find(principal.orgId) : undefined;
      const municipalities = principal.role === "admin" ? allMunicipalityCodes : (organization?.municipalities ?? []);
      result = await this.repository.bookingsOfMunicipalities(municipalities, page);
    } else {
      throw new ValidationFailed([{ path: "listingId", message: "Name one of your listings" }]);
    }
    const items = result.items.filter(
      (booking) =>
        (!query.requestId || booking.requestId === query.requestId) &&
        (!query.status || booking.status === query.status),
    );
    return { items, nextCursor: result.nextCursor };
  }

  async bookingHistory(principal: Principal, id: string, page: PageQuery) {
    await this.getBooking(principal, id);
    return this.repository.history("booking", id, page);
  }

  /** Whether a student holds a live offer or an accepted application for the listing (contact details). */
  async studentHasOfferOrBooking(studentId: string, listingId: string): Promise<boolean> {
    const now = this.clock.now().toISOString();
    const applications = await this.repository.applicationsOfStudentForListing(studentId, listingId);
    if (applications.some((application) => applicationStatus(application, now) === "offered")) return true;
    // An accepted application counts while its booking stands.
    for (const application of applications) {
      if (application.status !== "accepted" || !application.bookingId) continue;
      const booking = await this.repository.getBooking(application.bookingId);
      if (booking?.status === "confirmed") return true;
    }
    return false;
  }

  // ── helpers ─────────────────────────────────────────────────────────────

  /** Withdraws or declines an active application, freeing its hold. */
  private async close(
    actor: Actor,
    application: Application,
    to: "declined" | "withdrawn",
    now: string,
    reason?: string,
  ) {
    this.requireStatus(application, now, ["pending", "offered"], to);
    const request = await this.requestOf(application);
    const next = this.bumpApplication(application, now, { status: to });
    const { [application.listingId]: _closed, ...active } = liveActive(request, now);
    await this.repository.commit([
      { kind: "application", application: next, expectedVersion: application.version },
      { kind: "request", request: this.bump(request, now, { active }), previous: request },
      ...this.releaseHold(application),
      this.audit(
        actor,
        "application",
        application.id,
        to === "declined" ? "decline" : "withdraw",
        application.status,
        to,
        now,
        reason,
      ),
    ]);
    return toApplicationView(next, now);
  }

  /** The writes that withdraw a request's active applications, but the one to `keepListingId`. */
  private async closeActive(
    actor: Actor,
    request: HousingRequest,
    keepListingId: string | null,
    now: string,
  ): Promise<Write[]> {
    const writes: Write[] = [];
    for (const [listingId, { applicationId }] of Object.entries(liveActive(request, now))) {
      if (listingId === keepListingId) continue;
      const other = await this.repository.getApplication(applicationId);
      if (!other || !["pending", "offered"].includes(applicationStatus(other, now))) continue;
      writes.push(
        {
          kind: "application",
          application: this.bumpApplication(other, now, { status: "withdrawn" }),
          expectedVersion: other.version,
        },
        ...this.releaseHold(other),
        this.audit(actor, "application", other.id, "withdraw", other.status, "withdrawn", now),
      );
    }
    return writes;
  }

  private releaseHold(application: Application): Write[] {
    if (application.status !== "offered") return [];
    return monthsOf(application.moveIn, application.moveOut).map((month) => ({
      kind: "removeEntry" as const,
      listingId: application.listingId,
      month,
      entryId: application.id,
    }));
  }

  private requireStatus(application: Application, now: string, allowed: string[], target: string) {
    const status = applicationStatus(application, now);
    if (!allowed.includes(status)) throw new Conflict(`An application that is ${status} cannot become ${target}`);
  }

  private async ownRequest(principal: Principal, requestId: string) {
    const request = await this.repository.getRequest(requestId);
    if (!request || request.studentId !== principal.sub) throw new NotFound("Housing request");
    return request;
  }

  private async requestOf(application: Application) {
    const request = await this.repository.getRequest(application.requestId);
    if (!request) throw new NotFound("Housing request");
    return request;
  }

  private async ownedApplication(principal: Principal, id: string, ifMatch?: number) {
    const application = await this.repository.getApplication(id);
    if (!application || application.ownerOrgId !== principal.orgId) throw new NotFound("Application");
    if (ifMatch !== undefined && application.version !== ifMatch) throw new VersionMismatch(application.version);
    return application;
  }

  private async studentApplication(principal: Principal, id: string, ifMatch?: number) {
    const application = await this.repository.getApplication(id);
    if (!application || application.studentId !== principal.sub) throw new NotFound("Application");
    if (ifMatch !== undefined && application.version !== ifMatch) throw new VersionMismatch(application.version);
    return application;
  }

  private async maySeeApplication(principal: Principal, application: Application) {
    if (principal.role === "admin") return true;
    if (principal.role === "student") return application.studentId === principal.sub;
    return application.ownerOrgId === principal.orgId;
  }

  private async maySeeBooking(principal: Principal, booking: Booking) {
    if (principal.role === "admin") return true;
    if (principal.role === "student") return booking.studentId === principal.sub;
    if (booking.ownerOrgId === principal.orgId) return true;
    if (principal.role !== "council" || !principal.orgId) return false;
    const organization = await this.organizations.find(principal.orgId);
    return organization?.municipalities.includes(booking.municipalityCode) ?? false;
  }

  private bump(request: HousingRequest, now: string, changes: Partial<HousingRequest>): HousingRequest {
    return { ...request, ...changes, version: request.version + 1, updatedAt: now };
  }

  private bumpApplication(application: Application, now: string, changes: Partial<Application>): Application {
    return { ...application, ...changes, version: application.version + 1, updatedAt: now };
  }

  private audit(
    actor: Actor,
    objectType: AuditEvent["objectType"],
    objectId: string,
    action: string,
    from: string | null,
    to: string,
    at: string,
    reason?: string,
  ): Write & { kind: "audit" } {
    return {
      kind: "audit",
      event: {
        id: this.newId(),
        objectType,
        objectId,
        action,
        from,
        to,
        actor: actor.sub,
        actorRole: actor.role,
        at,
        ...(reason ? { reason } : {}),
      },
    };
  }

  /** Runs a read-decide-write step, again on fresh data when a concurrent change won the race. */
  private retrying<T>(ifMatch: number | undefined, step: (now: string, today: string) => Promise<T>): Promise<T> {
    return decideAgainOnRace(ifMatch, () => step(this.clock.now().toISOString(), todayIn(this.clock)));
  }
}

/** How far the booked room lies from the internship, in km to one decimal (for the statistics). */
function distanceKm(request: HousingRequest, listing: Listing): number {
  const internship = placeOf(request.internship.location, request.internship.municipalityCode);
  const room = placeOf(listing.location, listing.municipalityCode);
  return Math.round(greatCircleKm(internship, room) * 10) / 10;
}
