/**
 * Retention: every record of a stay — the request, its applications (with
 * messages), the booking, and their audit entries — carries the table's TTL
 * attribute set to 12 months after the stay ends, so DynamoDB deletes it
 * then; a stay cut short is deleted 12 months after its new end. Listings
 * are the organisations' data and carry none.
 */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { keys, tableDefinition } from "#db/table";
import { createHarness, type Harness } from "../helpers/harness";
import { approvedListing } from "../helpers/listings";
import { bookedStay, studentToken } from "../helpers/stays";
import { createWorld, type World } from "../helpers/world";

const epochOf = (date: string) => Date.parse(`${date}T00:00:00Z`) / 1000;

let h: Harness;
let world: World;

beforeAll(async () => {
  h = await createHarness();
  world = await createWorld(h);
});

/** Every item stored under an object's partition: the object and its audit entries. */
async function itemsUnder(pk: string) {
  const result = await h.db.client.send(
    new QueryCommand({
      TableName: h.db.tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": pk },
      ConsistentRead: true,
    }),
  );
  return result.Items ?? [];
}

const ttlOf = (items: Record<string, unknown>[]) => [
  ...new Set(items.map((item) => item[tableDefinition.ttlAttribute])),
];

describe("retention of a stay's records", () => {
  it("deletes the request, application, booking and their audit entries 12 months after move-out", async () => {
    const listing = await approvedListing(h, { owner: world.tokens.zealand, reviewer: world.tokens.kalundborg });
    const student = await studentToken(h, "retention-one");
    const stay = await bookedStay(h, { student, owner: world.tokens.zealand }, listing.id, {
      moveIn: "2027-03-01",
      moveOut: "2027-06-01",
    });
    const deleteAt = epochOf("2028-06-01");
    for (const pk of [
      keys.housingRequest(stay.requestId).pk,
      keys.application(stay.applicationId).pk,
      keys.booking(stay.bookingId).pk,
    ]) {
      const items = await itemsUnder(pk);
      expect(items.length).toBeGreaterThan(1); // the object and at least one audit entry
      expect(ttlOf(items)).toEqual([deleteAt]);
    }
    // The listing, its audit trail and its occupancy months are the organisation's: kept.
    const listingItems = await itemsUnder(keys.listing(listing.id).pk);
    expect(listingItems.length).toBeGreaterThan(2);
    expect(ttlOf(listingItems)).toEqual([undefined]);
  });

  it("moves the deletion forward when a stay is cut short", async () => {
    const listing = await approvedListing(h, { owner: world.tokens.zealand, reviewer: world.tokens.kalundborg });
    const student = await studentToken(h, "retention-two");
    const stay = await bookedStay(h, { student, owner: world.tokens.zealand }, listing.id, {
      moveIn: "2027-03-01",
      moveOut: "2027-06-01",
    });
    // On 2027-03-10 (Copenhagen) the student leaves: the booking now ends on 2027-03-11.
    h.clock.set("2027-03-10T09:00:00Z");
    const cancelled = await h.call("POST", `/bookings/${stay.bookingId}/cancel`, {
      token: student,
      body: { reason: "Moved in with a friend" },
    });
    expect(cancelled.json.moveOut).toBe("2027-03-11");
    const booking = await itemsUnder(keys.booking(stay.bookingId).pk);
    const cancelEvent = booking.find((item) => item.action === "cancel");
    expect(booking.find((item) => item.entity === "booking")?.expiresAt).toBe(epochOf("2028-03-11"));
    expect(cancelEvent?.expiresAt).toBe(epochOf("2028-03-11"));
  });
});
