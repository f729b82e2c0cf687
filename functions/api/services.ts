/**
 * Composition root: domain services wired to their DynamoDB adapters. Both
 * entries (Lambda and local) and the tests build the services here.
 */
import type { Database } from "#db/client";
import type { CursorCodec } from "#db/cursor";
import { DynamoIdempotencyStore } from "#db/idempotency";
import { DynamoListingRepository } from "#db/listings";
import { DynamoOrganizationRepository } from "#db/organizations";
import { ListingService } from "#domain/listings/service";
import { OrganizationService } from "#domain/organizations/service";
import type { Clock, IdGenerator } from "#shared/runtime";

export interface ServiceDeps {
  db: Database;
  cursors: CursorCodec;
  clock: Clock;
  newId: IdGenerator;
}

export function createServices({ db, cursors, clock, newId }: ServiceDeps) {
  const organizations = new OrganizationService(new DynamoOrganizationRepository(db, cursors), clock, newId);
  return {
    organizations,
    listings: new ListingService(new DynamoListingRepository(db, cursors), organizations, clock, newId),
    /** Remembered answers of requests sent with an Idempotency-Key. */
    idempotency: new DynamoIdempotencyStore(db, clock),
    clock,
  };
}

export type Services = ReturnType<typeof createServices>;
