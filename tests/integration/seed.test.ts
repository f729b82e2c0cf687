/** The demo data `npm start` seeds: realistic listings in every state, seen through the API. */
import { beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "#auth/principal";
import { findMunicipality } from "#domain/municipalities/index";
import { demoOrganizations, demoUsers, seedDemoData } from "../../functions/local/seed";
import { createHarness, type Harness } from "../helpers/harness";

interface SeenListing {
  id: string;
  status: string;
  kind: string;
  title: string;
  municipalityCode: string;
  ownerOrgId: string;
  createdBy: string;
  address: { street: string; postalCode: string; city: string };
  location: { lat: number; lon: number };
  rentDkk: number;
  capacity: number;
  availableFrom: string;
  availableTo: string;
  contactNote?: string;
  submittedAt?: string;
  review?: { decidedBy: string; decision: string; reason?: string };
}

const PARTNERS = ["326", "306", "340", "330", "360", "376"];
const councils = demoOrganizations.filter((org) => org.kind === "council");

let h: Harness;
let firstRun: string;
/** Every seeded listing, as its owner organisation sees it (mine=true). */
let all: SeenListing[];

const userWith = (sub: string): Principal => {
  const user = demoUsers.find((candidate) => candidate.principal.sub === sub);
  if (!user) throw new Error(`no demo user ${sub}`);
  return user.principal;
};

async function get(path: string, principal: Principal) {
  const response = await h.call("GET", path, { token: await h.tokenFor(principal) });
  expect(response.status, response.text).toBe(200);
  expect(response.json.nextCursor).toBeNull();
  return response.json.items as SeenListing[];
}

async function everyOwnListing() {
  const pages = await Promise.all(
    demoOrganizations.map((org) => get("/listings?mine=true&limit=100", userWith(`demo-staff-${org.id}`))),
  );
  return pages.flat();
}

const kmBetween = (a: { lat: number; lon: number }, b: { lat: number; lon: number }) => {
  const rad = Math.PI / 180;
  const x = (b.lon - a.lon) * rad * Math.cos(((a.lat + b.lat) / 2) * rad);
  const y = (b.lat - a.lat) * rad;
  return Math.sqrt(x * x + y * y) * 6371;
};

beforeAll(async () => {
  h = await createHarness();
  firstRun = await seedDemoData(h.services, h.clock.now());
  all = await everyOwnListing();
});

describe("the demo data", () => {
  it("is seeded once, with about two dozen listings", () => {
    expect(firstRun).toBe("seeded");
    expect(all.length).toBeGreaterThanOrEqual(20);
    expect(new Set(all.map((listing) => listing.id)).size).toBe(all.length);
  });

  it("gives a student at least two approved listings in every partner municipality, without contact notes", async () => {
    const student = userWith("demo-student-freja");
    for (const code of PARTNERS) {
      const found = await get(`/listings?municipality=${code}`, student);
      expect(found.length, `approved listings in ${code}`).toBeGreaterThanOrEqual(2);
      expect(found.every((listing) => listing.status === "approved" && listing.municipalityCode === code)).toBe(true);
      expect(found.some((listing) => "contactNote" in listing)).toBe(false);
    }
  });

  it("puts exactly the pending listings of a council's municipalities in its review queue, oldest first", async () => {
    let queued = 0;
    for (const council of councils) {
      const queue = await get("/reviews?limit=100", userWith(`demo-reviewer-${council.id}`));
      const pending = all.filter(
        (listing) => listing.status === "pending" && council.municipalities.includes(listing.municipalityCode),
      );
      expect(queue.map((listing) => listing.id).sort(), council.name).toEqual(pending.map((l) => l.id).sort());
      const times = queue.map((listing) => listing.submittedAt ?? "");
      expect(times).toEqual([...times].sort());
      queued += queue.length;
    }
    expect(queued).toBe(all.filter((listing) => listing.status === "pending").length);
    expect(queued).toBeGreaterThanOrEqual(3);
  });

  it("has listings in every state: draft, pending, approved, rejected with a reason, withdrawn", () => {
    const count = (status: string) => all.filter((listing) => listing.status === status).length;
    expect(count("approved")).toBeGreaterThanOrEqual(12);
    expect(count("pending")).toBeGreaterThanOrEqual(3);
    expect(count("draft")).toBeGreaterThanOrEqual(1);
    expect(count("rejected")).toBeGreaterThanOrEqual(1);
    expect(count("withdrawn")).toBeGreaterThanOrEqual(1);
    for (const listing of all.filter((candidate) => candidate.status === "rejected")) {
      expect(listing.review?.reason?.length).toBeGreaterThan(10);
    }
  });

  it("was decided by a second member of the covering council, never by the listing's creator", () => {
    const decided = all.filter((listing) => listing.review);
    expect(decided.length).toBeGreaterThanOrEqual(15);
    for (const listing of decided) {
      const council = councils.find((org) => org.municipalities.includes(listing.municipalityCode));
      expect(listing.review?.decidedBy).toBe(`demo-reviewer-${council?.id}`);
      expect(listing.review?.decidedBy).not.toBe(listing.createdBy);
      expect(listing.createdBy).toBe(`demo-staff-${listing.ownerOrgId}`);
    }
    const owners = new Set(all.map((listing) => listing.ownerOrgId));
    expect(owners).toContain("institution1");
    expect(owners).toContain("institution2");
    expect([...owners].some((id) => id.startsWith("council"))).toBe(true);
  });

  it("is realistic: all kinds, plausible rents and beds, near the municipality's centre, windows ahead", () => {
    const today = h.clock.now().toISOString().slice(0, 10);
    expect(new Set(all.map((listing) => listing.kind))).toEqual(
      new Set(["room", "shared_flat", "apartment", "dorm_room", "host_family", "summer_house"]),
    );
    for (const listing of all) {
      const municipality = findMunicipality(listing.municipalityCode);
      expect(PARTNERS).toContain(listing.municipalityCode);
      expect(listing.rentDkk).toBeGreaterThanOrEqual(1800);
      expect(listing.rentDkk).toBeLessThanOrEqual(7500);
      expect(listing.capacity).toBeGreaterThanOrEqual(1);
      expect(listing.capacity).toBeLessThanOrEqual(4);
      expect(listing.address.postalCode).toMatch(/^4\d{3}$/);
      expect(kmBetween(listing.location, municipality ?? { lat: 0, lon: 0 }), listing.title).toBeLessThan(6);
      expect(listing.availableFrom >= today).toBe(true);
      expect(listing.availableTo > listing.availableFrom).toBe(true);
      expect(listing.contactNote).toBeTruthy();
      expect(listing.contactNote).not.toMatch(/\+45 (?!00 00 00 00)\d/);
    }
  });

  it("adds nothing when run again and answers 'already-seeded'", async () => {
    expect(await seedDemoData(h.services, h.clock.now())).toBe("already-seeded");
    const again = await everyOwnListing();
    expect(again.map((listing) => `${listing.id}@${listing.status}`).sort()).toEqual(
      all.map((listing) => `${listing.id}@${listing.status}`).sort(),
    );
  });
});
