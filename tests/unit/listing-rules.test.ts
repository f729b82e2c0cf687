import { describe, expect, it } from "vitest";
import { addDays, addYears, nightsBetween, todayIn } from "#domain/common/dates";
import type { ListingContent } from "#domain/listings/model";
import { canTransition, changesMaterially, effectiveStatus, materialTerms } from "#domain/listings/rules";
import { createManualClock } from "#shared/runtime";
import { listingBody } from "../helpers/listings";

describe("listing states", () => {
  it("derive expired from an approved listing whose last move-out day has passed", () => {
    expect(effectiveStatus({ status: "approved", availableTo: "2027-01-10" }, "2027-01-10")).toBe("approved");
    expect(effectiveStatus({ status: "approved", availableTo: "2027-01-10" }, "2027-01-11")).toBe("expired");
    expect(effectiveStatus({ status: "pending", availableTo: "2027-01-10" }, "2027-02-01")).toBe("pending");
  });

  it("allow withdrawing from every state but expired and withdrawn", () => {
    for (const status of ["draft", "pending", "approved", "rejected"] as const)
      expect(canTransition("withdraw", status)).toBe(true);
    expect(canTransition("withdraw", "expired")).toBe(false);
    expect(canTransition("withdraw", "withdrawn")).toBe(false);
    expect(canTransition("approve", "approved")).toBe(false);
    expect(canTransition("submit", "rejected")).toBe(true);
  });
});

describe("material terms", () => {
  const listing = listingBody() as unknown as ListingContent;

  it("are the same whatever order the address's keys were stored in", () => {
    const reordered = { ...listing, address: { city: "Kalundborg", postalCode: "4400", street: "Havnegade 1" } };
    expect(materialTerms(reordered)).toBe(materialTerms(listing));
    expect(changesMaterially(listing, reordered)).toBe(false);
  });

  it("change with the rent or the address, not with the description", () => {
    expect(changesMaterially(listing, { ...listing, rentDkk: listing.rentDkk + 1 })).toBe(true);
    expect(changesMaterially(listing, { ...listing, address: { ...listing.address, street: "Nytorv 2" } })).toBe(true);
    expect(changesMaterially(listing, { ...listing, description: "Newly painted." })).toBe(false);
  });
});

describe("calendar dates", () => {
  it("count nights and add days across months and leap days", () => {
    expect(nightsBetween("2027-01-31", "2027-05-01")).toBe(90);
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addYears("2028-02-29", 1)).toBe("2029-02-28");
  });

  it("take today from Copenhagen, not from UTC", () => {
    expect(todayIn(createManualClock("2026-12-31T23:30:00Z"))).toBe("2027-01-01");
    expect(todayIn(createManualClock("2027-06-30T21:59:00Z"))).toBe("2027-06-30");
    expect(todayIn(createManualClock("2027-06-30T22:00:00Z"))).toBe("2027-07-01");
  });
});
