/** What the account and privacy services need from storage. */
import type { AuditEvent } from "#domain/audit";
import type { Application, Booking } from "#domain/bookings/model";
import type { Paged, PageQuery } from "#domain/common/paging";
import type { HousingRequest } from "#domain/requests/model";
import type { Account, AccountEvent, StoredAccount } from "./model";

export interface AccountRepository {
  /** The account of a sub, read consistently (a deactivation counts from the next request on). */
  get(sub: string): Promise<StoredAccount | undefined>;
  /**
   * Writes the account if the stored one is still at `expectedVersion` (null:
   * there must be none yet), with its event in the same transaction;
   * ConcurrentChange otherwise.
   */
  save(sub: string, account: StoredAccount, expectedVersion: number | null, event?: AccountEvent): Promise<void>;
  /** Staff accounts of one organisation, in the order they were made. */
  members(orgId: string, page: PageQuery): Promise<Paged<Account>>;
}

export type StudentRecordKind = "housingRequest" | "application" | "booking";

export type StudentRecord =
  | { kind: "housingRequest"; record: HousingRequest }
  | { kind: "application"; record: Application }
  | { kind: "booking"; record: Booking };

/**
 * A student's requests, applications and bookings, found through the
 * student's own indexes (every page, Query only), and their rewriting as
 * anonymous records.
 */
export interface StudentRecords {
  requestsOf(studentId: string): Promise<HousingRequest[]>;
  applicationsOf(studentId: string): Promise<Application[]>;
  bookingsOf(studentId: string): Promise<Booking[]>;
  /** The object's whole audit trail, oldest first. */
  historyOf(kind: StudentRecordKind, id: string): Promise<AuditEvent[]>;
  /** The object as stored now, read consistently. */
  current(kind: StudentRecordKind, id: string): Promise<StudentRecord | undefined>;
  /**
   * Replaces the object by its anonymised self, if it is still at
   * `expectedVersion` (ConcurrentChange otherwise), and takes it out of the
   * student's index.
   */
  replaceAnonymised(anonymised: StudentRecord, expectedVersion: number): Promise<void>;
  /** Rewrites an event of the object's trail with the event's actor, and without a reason when it has none. */
  replaceEvent(kind: StudentRecordKind, event: AuditEvent): Promise<void>;
}

/** Remembered answers of idempotent requests: they hold the caller's data. */
export interface RememberedAnswers {
  forgetCaller(sub: string): Promise<void>;
}
