/**
 * Composition root: domain services wired to their DynamoDB adapters. Both
 * entries (Lambda and local) and the tests build the services here.
 */
import type { Database } from "#db/client";
import type { CursorCodec } from "#db/cursor";
import { DynamoOrganizationRepository } from "#db/organizations";
import { OrganizationService } from "#domain/organizations/service";
import type { Clock, IdGenerator } from "#shared/runtime";

export interface ServiceDeps {
  db: Database;
  cursors: CursorCodec;
  clock: Clock;
  newId: IdGenerator;
}

export function createServices({ db, cursors, clock, newId }: ServiceDeps) {
  return {
    organizations: new OrganizationService(new DynamoOrganizationRepository(db, cursors), clock, newId),
  };
}

export type Services = ReturnType<typeof createServices>;
