/**
 * The single DynamoDB table: its key attributes, indexes and TTL attribute,
 * and the builders of every key the application writes. This is the only
 * module that knows how entities map onto the generic attributes; CDK and the
 * local runner create the table from `tableDefinition` below, so what is
 * deployed and what is tested cannot drift apart.
 */
import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";

export const tableDefinition = {
  partitionKey: "pk",
  sortKey: "sk",
  /** Epoch seconds; DynamoDB deletes the item some time after it passes. */
  ttlAttribute: "expiresAt",
  indexes: [
    { name: "gsi1", partitionKey: "gsi1pk", sortKey: "gsi1sk" },
    { name: "gsi2", partitionKey: "gsi2pk", sortKey: "gsi2sk" },
    { name: "gsi3", partitionKey: "gsi3pk", sortKey: "gsi3sk" },
  ],
} as const;

export type IndexName = (typeof tableDefinition.indexes)[number]["name"];

/** CreateTable input for DynamoDB Local and tests (on-demand, all attributes projected). */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const { partitionKey, sortKey, indexes } = tableDefinition;
  const keyAttributes = [partitionKey, sortKey, ...indexes.flatMap((i) => [i.partitionKey, i.sortKey])];
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: keyAttributes.map((name) => ({ AttributeName: name, AttributeType: "S" })),
    KeySchema: [
      { AttributeName: partitionKey, KeyType: "HASH" },
      { AttributeName: sortKey, KeyType: "RANGE" },
    ],
    GlobalSecondaryIndexes: indexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: "HASH" },
        { AttributeName: index.sortKey, KeyType: "RANGE" },
      ],
      Projection: { ProjectionType: "ALL" },
    })),
  };
}

/** Sort-key suffix that sorts after every id, for "up to and including" range conditions. */
export const HIGHEST = "\uffff";

/**
 * Key builders, one per access pattern. The README's access-pattern table
 * lists the same patterns; keep the two in step.
 */
export const keys = {
  organization: (id: string) => ({ pk: `ORG#${id}`, sk: "ORG" }),
  /** gsi1: every organisation, in creation order (ids are time-ordered). */
  organizationsIndex: (id: string) => ({ gsi1pk: "ORGS", gsi1sk: `ORG#${id}` }),
  allOrganizations: () => ({ index: "gsi1" as const, pk: "ORGS" }),

  listing: (id: string) => ({ pk: `LISTING#${id}`, sk: "LISTING" }),
  /** gsi1: listings of one municipality in one state, by availableFrom. */
  listingsByMunicipalityIndex: (municipality: string, status: string, availableFrom: string, id: string) => ({
    gsi1pk: `LISTINGS#${municipality}#${status}`,
    gsi1sk: `${availableFrom}#${id}`,
  }),
  listingsByMunicipality: (municipality: string, status: string) => ({
    index: "gsi1" as const,
    pk: `LISTINGS#${municipality}#${status}`,
  }),
  /** gsi2: an organisation's listings, newest first. */
  listingsByOwnerIndex: (orgId: string, createdAt: string, id: string) => ({
    gsi2pk: `ORG#${orgId}#LISTINGS`,
    gsi2sk: `${createdAt}#${id}`,
  }),
  listingsByOwner: (orgId: string) => ({ index: "gsi2" as const, pk: `ORG#${orgId}#LISTINGS` }),
  /** gsi3 (sparse, only while pending): a municipality's review queue, oldest submission first. */
  reviewQueueIndex: (municipality: string, submittedAt: string, id: string) => ({
    gsi3pk: `REVIEWS#${municipality}`,
    gsi3sk: `${submittedAt}#${id}`,
  }),
  reviewQueue: (municipality: string) => ({ index: "gsi3" as const, pk: `REVIEWS#${municipality}` }),
  /** Occupancy of a listing for one calendar month: nights booked or held. */
  listingMonth: (listingId: string, month: string) => ({ pk: `LISTING#${listingId}`, sk: `MONTH#${month}` }),

  housingRequest: (id: string) => ({ pk: `REQUEST#${id}`, sk: "REQUEST" }),
  /** gsi1: a student's requests, newest first. */
  requestsByStudentIndex: (studentId: string, createdAt: string, id: string) => ({
    gsi1pk: `STUDENT#${studentId}#REQUESTS`,
    gsi1sk: `${createdAt}#${id}`,
  }),
  /** gsi2: requests for internships in one municipality, by move-in. */
  requestsByMunicipalityIndex: (municipality: string, moveIn: string, id: string) => ({
    gsi2pk: `REQUESTS#${municipality}`,
    gsi2sk: `${moveIn}#${id}`,
  }),
  application: (id: string) => ({ pk: `APPLICATION#${id}`, sk: "APPLICATION" }),
  /** gsi1: applications of one request; gsi2: applications to one listing. */
  applicationsByRequestIndex: (requestId: string, createdAt: string, id: string) => ({
    gsi1pk: `REQUEST#${requestId}#APPLICATIONS`,
    gsi1sk: `${createdAt}#${id}`,
  }),
  applicationsByListingIndex: (listingId: string, createdAt: string, id: string) => ({
    gsi2pk: `LISTING#${listingId}#APPLICATIONS`,
    gsi2sk: `${createdAt}#${id}`,
  }),

  /** gsi3: a student's applications, by listing: "does this student hold an offer for this listing?" */
  applicationsByStudentIndex: (studentId: string, listingId: string, id: string) => ({
    gsi3pk: `STUDENT#${studentId}#APPLICATIONS`,
    gsi3sk: `${listingId}#${id}`,
  }),

  booking: (id: string) => ({ pk: `BOOKING#${id}`, sk: "BOOKING" }),
  /** gsi1: bookings of a listing; gsi2: of a student; gsi3: of a municipality; all by move-in. */
  bookingsByListingIndex: (listingId: string, moveIn: string, id: string) => ({
    gsi1pk: `LISTING#${listingId}#BOOKINGS`,
    gsi1sk: `${moveIn}#${id}`,
  }),
  bookingsByStudentIndex: (studentId: string, moveIn: string, id: string) => ({
    gsi2pk: `STUDENT#${studentId}#BOOKINGS`,
    gsi2sk: `${moveIn}#${id}`,
  }),
  bookingsByMunicipalityIndex: (municipality: string, moveIn: string, id: string) => ({
    gsi3pk: `BOOKINGS#${municipality}`,
    gsi3sk: `${moveIn}#${id}`,
  }),

  /** Audit trail of any object, stored beside it: pk of the object, sk by time. */
  auditEvent: (objectPk: string, at: string, eventId: string) => ({ pk: objectPk, sk: `EVENT#${at}#${eventId}` }),

  /**
   * One shard of a municipality's statistics bucket: `NOW` (current states) or a month. Changes
   * spread over shards by the id of the object they count, so concurrent bookings in one
   * municipality seldom touch the same item; a reader queries every shard of the months it needs.
   */
  statsBucket: (municipality: string, bucket: string, shard: number) => ({
    pk: `STATS#${municipality}`,
    sk: bucket === "NOW" ? `NOW#${shard}` : `MONTH#${bucket}#${shard}`,
  }),
  /** The sort key from which a municipality's month buckets (and, after them, `NOW`) are read. */
  statsFromMonth: (municipality: string, month: string) => ({ pk: `STATS#${municipality}`, sk: `MONTH#${month}` }),

  /** A web session, by the SHA-256 of its cookie value (the value itself is never stored). */
  webSession: (idHash: string) => ({ pk: `SESSION#${idHash}`, sk: "SESSION" }),
  /** gsi1 (sparse, sessions only): a user's web sessions, so that all of them can be ended at once. */
  sessionsByUserIndex: (sub: string, createdAt: string, idHash: string) => ({
    gsi1pk: `USER#${sub}#SESSIONS`,
    gsi1sk: `${createdAt}#${idHash}`,
  }),
  sessionsOfUser: (sub: string) => ({ index: "gsi1" as const, pk: `USER#${sub}#SESSIONS` }),

  /** One remembered answer of an idempotent request, scoped to caller and route. */
  idempotencyRecord: (scopeHash: string) => ({ pk: `IDEMPOTENCY#${scopeHash}`, sk: "IDEMPOTENCY" }),
  /** gsi1 (sparse): a caller's remembered answers, which hold that caller's data, to forget them all. */
  idempotencyByCallerIndex: (sub: string, scopeHash: string) => ({
    gsi1pk: `CALLER#${sub}#IDEMPOTENCY`,
    gsi1sk: scopeHash,
  }),
  idempotencyOfCaller: (sub: string) => ({ index: "gsi1" as const, pk: `CALLER#${sub}#IDEMPOTENCY` }),

  /**
   * A user's account, by the SHA-256 of the user's sub: the tombstone an
   * erasure leaves behind keeps no sub, in its key or anywhere else.
   */
  account: (subHash: string) => ({ pk: `ACCOUNT#${subHash}`, sk: "ACCOUNT" }),
  /** gsi1 (sparse, staff accounts only): an organisation's members, in the order they first signed in. */
  membersIndex: (orgId: string, createdAt: string, subHash: string) => ({
    gsi1pk: `ORG#${orgId}#MEMBERS`,
    gsi1sk: `${createdAt}#${subHash}`,
  }),
  membersOf: (orgId: string) => ({ index: "gsi1" as const, pk: `ORG#${orgId}#MEMBERS` }),
} as const;

/**
 * The index attributes that make a student's requests, applications and
 * bookings findable by the student's id; an erasure removes them, so the
 * anonymous records that remain cannot be found by the old id.
 */
export const studentIndexAttributes = {
  housingRequest: Object.keys(keys.requestsByStudentIndex("", "", "")),
  application: Object.keys(keys.applicationsByStudentIndex("", "", "")),
  booking: Object.keys(keys.bookingsByStudentIndex("", "", "")),
} as const;

/** Attributes that exist only to place an item in the table; never part of an entity. */
export const KEY_ATTRIBUTES = [
  tableDefinition.partitionKey,
  tableDefinition.sortKey,
  ...tableDefinition.indexes.flatMap((i) => [i.partitionKey, i.sortKey]),
  tableDefinition.ttlAttribute,
  "entity",
] as const;
