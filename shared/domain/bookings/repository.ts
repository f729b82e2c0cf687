/**
 * What the housing services need from storage. Changes are expressed as a
 * list of writes that the adapter commits as one transaction: all happen, or
 * none (ConcurrentChange when a condition failed).
 */
import type { AuditEvent } from "#domain/audit";
import type { Paged, PageQuery } from "#domain/common/paging";
import type { HousingRequest, StoredRequestStatus } from "#domain/requests/model";
import type { Application, Booking, StoredApplicationStatus } from "./model";
import type { OccupancyEntry, OccupancyMonth } from "./occupancy";

export type Write =
  /** Put the object, if its stored version is still `expectedVersion` (null: it must not exist yet). */
  | { kind: "application"; application: Application; expectedVersion: number | null }
  /** Put the object, if the stored one is still `previous` (its version; null: it must not exist yet). */
  | { kind: "request"; request: HousingRequest; previous: HousingRequest | null }
  | { kind: "booking"; booking: Booking; previous: Booking | null }
  /** Rewrite a month of occupancy, if its version is still the one read (undefined: never written). */
  | { kind: "month"; month: OccupancyMonth }
  /** Replace an entry that must still exist (hold → booking, or a shortened booking). */
  | { kind: "updateEntry"; listingId: string; month: string; entryId: string; entry: OccupancyEntry }
  /** Remove an entry: frees beds, so it needs no check. */
  | { kind: "removeEntry"; listingId: string; month: string; entryId: string }
  /** The listing must still be at this version (its state and capacity as read). */
  | { kind: "listingUnchanged"; listingId: string; version: number }
  | { kind: "audit"; event: AuditEvent };

export interface StayRepository {
  commit(writes: Write[]): Promise<void>;

  getRequest(id: string): Promise<HousingRequest | undefined>;
  getApplication(id: string): Promise<Application | undefined>;
  getBooking(id: string): Promise<Booking | undefined>;
  /** The listing's occupancy months that contain a night of [from, to), read consistently. */
  months(listingId: string, from: string, to: string): Promise<OccupancyMonth[]>;

  requestsOfStudent(
    studentId: string,
    status: StoredRequestStatus | undefined,
    page: PageQuery,
  ): Promise<Paged<HousingRequest>>;
  requestsOfMunicipalities(
    municipalities: string[],
    status: StoredRequestStatus | undefined,
    page: PageQuery,
  ): Promise<Paged<HousingRequest>>;

  applicationsOfRequest(
    requestId: string,
    status: StoredApplicationStatus | undefined,
    page: PageQuery,
  ): Promise<Paged<Application>>;
  applicationsOfListing(
    listingId: string,
    status: StoredApplicationStatus | undefined,
    page: PageQuery,
  ): Promise<Paged<Application>>;
  /** The student's applications to one listing (any state). */
  applicationsOfStudentForListing(studentId: string, listingId: string): Promise<Application[]>;

  bookingsOfListing(listingId: string, page: PageQuery): Promise<Paged<Booking>>;
  bookingsOfStudent(studentId: string, page: PageQuery): Promise<Paged<Booking>>;
  bookingsOfMunicipalities(municipalities: string[], page: PageQuery): Promise<Paged<Booking>>;

  history(objectType: AuditEvent["objectType"], id: string, page: PageQuery): Promise<Paged<AuditEvent>>;
}
