/** A listing's occupancy night by night: booked, held by live offers, free; and who may read it. */
import { beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "#auth/principal";
import type { ListingOccupancy } from "#domain/listings/service";
import { createManualClock } from "#shared/runtime";
import { createHarness, type Harness } from "../helpers/harness";
import { approvedListing } from "../helpers/listings";
import { bookedStay, offeredStay, studentToken } from "../helpers/stays";
import { createWorld, type World } from "../helpers/world";

const clock = createManualClock("2026-12-01T09:00:00Z");
let h: Harness;
let w: World;
let listingId: string;

const night = (occupancy: ListingOccupancy, date: string) => occupancy.nights.find((item) => item.date === date);

beforeAll(async () => {
  h = await createHarness({ clock });
  w = await createWorld(h);
  const t = w.tokens;
  const listing = await approvedListing(h, { owner: t.zealand, reviewer: t.kalundborg }, { capacity: 2 });
  listingId = listing.id;
  // Booked: the nights of March, April and May; held (72 hours): the nights of April.
  await bookedStay(h, { student: await studentToken(h, "occupancy-a"), owner: t.zealand }, listingId);
  await offeredStay(h, { student: await studentToken(h, "occupancy-b"), owner: t.zealand }, listingId, {
    moveIn: "2027-04-01",
    moveOut: "2027-05-01",
    internship: {
      company: "Kalundborg Forsyning",
      municipalityCode: "326",
      startDate: "2027-04-01",
      endDate: "2027-04-30",
    },
  });
});

const staff = (sub: string, role: "institution" | "council", orgId: string): Principal => ({ sub, role, orgId });

describe("ListingService.occupancy", () => {
  it("counts booked, held and free beds on each night of the window", async () => {
    const owner = staff("zealand-ida", "institution", w.orgs.zealand.id);
    const occupancy = await h.services.listings.occupancy(owner, listingId);
    expect(occupancy).toMatchObject({ listingId, capacity: 2, from: "2027-02-01", to: "2027-07-01" });
    // The window's nights: February to June 2027, the move-out day itself not a night.
    expect(occupancy.nights).toHaveLength(28 + 31 + 30 + 31 + 30);
    expect(occupancy.nights.at(-1)?.date).toBe("2027-06-30");
    expect(night(occupancy, "2027-02-28")).toEqual({ date: "2027-02-28", booked: 0, held: 0, free: 2 });
    expect(night(occupancy, "2027-03-01")).toEqual({ date: "2027-03-01", booked: 1, held: 0, free: 1 });
    expect(night(occupancy, "2027-04-01")).toEqual({ date: "2027-04-01", booked: 1, held: 1, free: 0 });
    expect(night(occupancy, "2027-04-30")).toEqual({ date: "2027-04-30", booked: 1, held: 1, free: 0 });
    expect(night(occupancy, "2027-05-01")).toEqual({ date: "2027-05-01", booked: 1, held: 0, free: 1 });
    expect(night(occupancy, "2027-05-31")).toEqual({ date: "2027-05-31", booked: 1, held: 0, free: 1 });
    expect(night(occupancy, "2027-06-01")).toEqual({ date: "2027-06-01", booked: 0, held: 0, free: 2 });
  });

  it("reads the same for the council of the listing's municipality and for admins", async () => {
    const owner = await h.services.listings.occupancy(
      staff("zealand-ida", "institution", w.orgs.zealand.id),
      listingId,
    );
    const council = await h.services.listings.occupancy(
      staff("kalundborg-anna", "council", w.orgs.kalundborg.id),
      listingId,
    );
    const admin = await h.services.listings.occupancy(h.admin, listingId);
    expect(council).toEqual(owner);
    expect(admin).toEqual(owner);
  });

  it("is not found for other organisations, other councils and students", async () => {
    const outsiders: Principal[] = [
      staff("absalon-mia", "institution", w.orgs.absalon.id),
      staff("slagelse-eva", "council", w.orgs.slagelse.id),
      { sub: "student-freja", role: "student" },
    ];
    for (const principal of outsiders) {
      await expect(h.services.listings.occupancy(principal, listingId)).rejects.toMatchObject({ kind: "not-found" });
    }
    await expect(h.services.listings.occupancy(h.admin, "nosuchlisting")).rejects.toMatchObject({
      kind: "not-found",
    });
  });

  it("stops counting a hold the moment its offer lapses", async () => {
    clock.advance(72 * 3_600_000 + 1000);
    const occupancy = await h.services.listings.occupancy(h.admin, listingId);
    expect(night(occupancy, "2027-04-15")).toEqual({ date: "2027-04-15", booked: 1, held: 0, free: 1 });
  });
});
