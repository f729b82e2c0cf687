/**
 * Composition root: domain services wired to their DynamoDB adapters. Both
 * entries (Lambda and local) and the tests build the services here.
 */

import { SessionService } from "#auth/sessions";
import { DynamoAccountRepository } from "#db/accounts";
import type { Database } from "#db/client";
import type { CursorCodec } from "#db/cursor";
import { DynamoIdempotencyStore } from "#db/idempotency";
import { DynamoListingRepository } from "#db/listings";
import { DynamoOrganizationRepository } from "#db/organizations";
import { DynamoSessionStore } from "#db/sessions";
import { readCounters } from "#db/stats";
import { DynamoStayRepository } from "#db/stays";
import { DynamoStudentRecords } from "#db/student-records";
import type { IdentityDirectory } from "#domain/accounts/identity";
import { PrivacyService } from "#domain/accounts/privacy";
import { AccountService } from "#domain/accounts/service";
import { StayService } from "#domain/bookings/service";
import { ListingService } from "#domain/listings/service";
import { OrganizationService } from "#domain/organizations/service";
import { RequestService } from "#domain/requests/service";
import { StatsService } from "#domain/stats/service";
import { ValidationFailed } from "#shared/errors";
import type { Clock, IdGenerator } from "#shared/runtime";

export interface ServiceDeps {
  db: Database;
  cursors: CursorCodec;
  clock: Clock;
  newId: IdGenerator;
  /** Where users' identities live: Cognito on AWS, nowhere locally (localIdentityDirectory). */
  identity: IdentityDirectory;
}

export function createServices({ db, cursors, clock, newId, identity }: ServiceDeps) {
  const organizations = new OrganizationService(new DynamoOrganizationRepository(db, cursors), clock, newId);
  const listingRepository = new DynamoListingRepository(db, cursors);
  const stayRepository = new DynamoStayRepository(db, cursors);
  const listings = new ListingService(listingRepository, organizations, clock, newId);
  const stays = new StayService(stayRepository, listings, organizations, clock, newId);
  listings.connectStays({
    studentHasOfferOrBooking: (studentId, listingId) => stays.studentHasOfferOrBooking(studentId, listingId),
    listingWithdrawn: (listingId) => stays.listingWithdrawn(listingId),
    months: (listingId, from, to) => stayRepository.months(listingId, from, to),
  });
  const offsets = {
    encode: (scope: string, offset: number) => cursors.encode(scope, offset),
    decode: (scope: string, cursor: string) => {
      const offset = cursors.decode(scope, cursor);
      if (!Number.isInteger(offset) || (offset as number) < 0) {
        throw new ValidationFailed([{ path: "cursor", message: "The cursor is not valid for this query" }]);
      }
      return offset as number;
    },
  };
  /** The web app's signed-in browsers. */
  const sessions = new SessionService(new DynamoSessionStore(db), clock);
  /** Remembered answers of requests sent with an Idempotency-Key. */
  const idempotency = new DynamoIdempotencyStore(db, clock);
  const accounts = new AccountService(
    new DynamoAccountRepository(db, cursors),
    sessions,
    identity,
    organizations,
    clock,
    newId,
  );
  return {
    organizations,
    listings,
    stays,
    requests: new RequestService(stayRepository, listings, organizations, offsets, clock, newId),
    /** Figures per municipality for the data departments, from the aggregate items. */
    stats: new StatsService(
      { counters: (municipality, firstMonth) => readCounters(db, municipality, firstMonth) },
      organizations,
      clock,
    ),
    sessions,
    idempotency,
    accounts,
    privacy: new PrivacyService(accounts, stays, new DynamoStudentRecords(db), sessions, idempotency, identity, clock),
    clock,
  };
}

export type Services = ReturnType<typeof createServices>;
