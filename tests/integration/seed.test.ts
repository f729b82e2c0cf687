/**
 * The demo data `npm start` seeds: realistic listings in every state, students
 * mid-flow, and a past season behind them, seen through the API.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "#auth/principal";
import { addDays, addYears, dateOfInstant, nightsBetween } from "#domain/common/dates";
import { LISTING_STATUSES } from "#domain/listings/model";
import { findMunicipality } from "#domain/municipalities/index";
import { demoOrganizations, demoUsers, type SeedOutcome, seedDemoData } from "../../functions/local/seed";
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
  createdAt: string;
  submittedAt?: string;
  review?: { decidedBy: string; decidedAt: string; decision: string; reason?: string };
}

const PARTNERS = ["326", "306", "340", "330", "360", "376"];
const councils = demoOrganizations.filter((org) => org.kind === "council");

interface SeenRequest {
  id: string;
  studentId: string;
  status: string;
  internship: { company: string; municipalityCode: string; startDate: string; endDate: string };
  moveIn: string;
  moveOut: string;
  maxRent?: number;
  preferredKinds: string[];
  maxDistanceKm: number;
  bookingId: string | null;
  createdAt: string;
  updatedAt: string;
}

interface SeenApplication {
  id: string;
  requestId: string;
  listingId: string;
  studentId: string;
  ownerOrgId: string;
  status: string;
  message: string;
  moveIn: string;
  moveOut: string;
  offerExpiresAt: string | null;
  bookingId: string | null;
}

interface SeenBooking {
  id: string;
  listingId: string;
  requestId: string;
  applicationId: string;
  studentId: string;
  ownerOrgId: string;
  municipalityCode: string;
  moveIn: string;
  moveOut: string;
  status: string;
  createdAt: string;
}

interface SeenMatch {
  listing: SeenListing;
  score: number;
  distanceKm: number;
  reasons: string[];
}

const students = demoUsers.filter((user) => user.principal.role === "student");
const admin = demoUsers.find((user) => user.principal.role === "admin")?.principal as Principal;
/** The past season's students, who are no demo users. */
const PAST_STUDENT = /^demo-past-\d+$/;

let h: Harness;
let firstRun: SeedOutcome;
/** Every seeded listing, as its owner organisation sees it (mine=true). */
let all: SeenListing[];

const userWith = (sub: string): Principal => {
  const user = demoUsers.find((candidate) => candidate.principal.sub === sub);
  if (!user) throw new Error(`no demo user ${sub}`);
  return user.principal;
};

/** One whole page of a collection. */
async function get<T = SeenListing>(path: string, principal: Principal) {
  const response = await h.call("GET", path, { token: await h.tokenFor(principal) });
  expect(response.status, response.text).toBe(200);
  expect(response.json.nextCursor).toBeNull();
  return response.json.items as T[];
}

async function getOne<T>(path: string, principal: Principal) {
  const response = await h.call("GET", path, { token: await h.tokenFor(principal) });
  expect(response.status, response.text).toBe(200);
  return response.json as T;
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

// The past season makes seeding take some seconds, more while other test files share DynamoDB Local.
beforeAll(async () => {
  h = await createHarness();
  firstRun = await seedDemoData(h.services, h.servicesAt, h.clock.now());
  all = await everyOwnListing();
}, 180_000);

describe("the demo data", () => {
  it("is seeded once, with some three dozen listings and a past season", async () => {
    const past = (await get<SeenRequest>("/housing-requests?limit=100", admin)).filter((request) =>
      PAST_STUDENT.test(request.studentId),
    );
    const housed = past.filter((request) => request.status === "housed").length;
    expect(firstRun).toEqual({
      seeded: true,
      listings: all.length,
      students: students.length,
      bookings: 2,
      season: { requests: past.length, housed },
    });
    expect(all.length).toBeGreaterThanOrEqual(30);
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

  it("has listings in every state: draft, pending, approved, rejected with a reason, withdrawn, expired", () => {
    const count = (status: string) => all.filter((listing) => listing.status === status).length;
    expect(new Set(all.map((listing) => listing.status))).toEqual(new Set(LISTING_STATUSES));
    expect(count("approved")).toBeGreaterThanOrEqual(12);
    expect(count("pending")).toBeGreaterThanOrEqual(3);
    expect(count("draft")).toBeGreaterThanOrEqual(1);
    expect(count("rejected")).toBeGreaterThanOrEqual(1);
    expect(count("withdrawn")).toBeGreaterThanOrEqual(1);
    expect(count("expired")).toBeGreaterThanOrEqual(1);
    for (const listing of all.filter((candidate) => candidate.status === "rejected")) {
      expect(listing.review?.reason?.length).toBeGreaterThan(10);
    }
  });

  it("has expired listings that were approved, whose window has passed, and that searches no longer show", async () => {
    const today = h.clock.now().toISOString().slice(0, 10);
    const expired = all.filter((listing) => listing.status === "expired");
    expect(expired.length).toBeGreaterThan(0);
    for (const listing of expired) {
      expect(listing.availableTo <= today, listing.title).toBe(true);
      expect(listing.review?.decision).toBe("approved");
      const found = await get(`/listings?municipality=${listing.municipalityCode}&limit=100`, admin);
      expect(found.map((seen) => seen.id)).not.toContain(listing.id);
      // Stored as expired, not only shown so: the search that moved it left an audit event.
      const trail = await get<{ action: string; actor: string }>(
        `/listings/${listing.id}/history?limit=100`,
        userWith(`demo-staff-${listing.ownerOrgId}`),
      );
      expect(trail.map((event) => event.action)).toEqual(["create", "submit", "approve", "expire"]);
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

  it("is realistic: all kinds, plausible rents and beds, near the municipality's centre, windows ahead unless listed in the past", () => {
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
      // Listed today, a window lies ahead; the past season's windows opened after their approval.
      if (dateOfInstant(listing.createdAt) === today) expect(listing.availableFrom >= today, listing.title).toBe(true);
      else expect(dateOfInstant(listing.review?.decidedAt ?? today) <= listing.availableFrom, listing.title).toBe(true);
      expect(listing.availableTo > listing.availableFrom).toBe(true);
      expect(listing.contactNote).toBeTruthy();
      expect(listing.contactNote).not.toMatch(/\+45 (?!00 00 00 00)\d/);
    }
  });

  it("adds nothing when run again, and says so", async () => {
    expect(await seedDemoData(h.services, h.servicesAt, h.clock.now())).toEqual({ seeded: false });
    const again = await everyOwnListing();
    expect(again.map((listing) => `${listing.id}@${listing.status}`).sort()).toEqual(
      all.map((listing) => `${listing.id}@${listing.status}`).sort(),
    );
    // One request per demo student and past student, not two.
    const requests = await get<SeenRequest>("/housing-requests?limit=100", admin);
    expect(requests).toHaveLength(students.length + (firstRun.seeded ? firstRun.season.requests : 0));
  });
});

describe("the demo students", () => {
  /** Each demo student's requests, as the student sees them. */
  const requestsOf = (student: Principal) => get<SeenRequest>("/housing-requests", student);

  async function everyRequest() {
    return (await Promise.all(students.map(({ principal }) => requestsOf(principal)))).flat();
  }

  async function everyApplication() {
    const pages = await Promise.all(
      students.map(async ({ principal }) => {
        const requests = await requestsOf(principal);
        const lists = requests.map((request) =>
          get<SeenApplication>(`/applications?requestId=${request.id}&limit=100`, principal),
        );
        return (await Promise.all(lists)).flat();
      }),
    );
    return pages.flat();
  }

  it("are about six, named by first name only", () => {
    expect(students.length).toBeGreaterThanOrEqual(6);
    expect(students.map((student) => student.principal.sub)).toEqual(
      expect.arrayContaining(["demo-student-freja", "demo-student-ahmad"]),
    );
    for (const { label, principal } of students) {
      expect(label).toMatch(/^student · [A-ZÆØÅ][a-zæøå]+$/);
      expect(principal.sub).toBe(`demo-student-${label.slice("student · ".length).toLowerCase()}`);
    }
  });

  it("each have one request for an internship in a partner municipality, 1–3 months ahead, 60–180 nights", async () => {
    const today = h.clock.now().toISOString().slice(0, 10);
    for (const { principal } of students) {
      const requests = await requestsOf(principal);
      expect(requests, principal.sub).toHaveLength(1);
      const [request] = requests as [SeenRequest];
      expect(request.studentId).toBe(principal.sub);
      expect(["open", "housed"]).toContain(request.status);
      expect(PARTNERS).toContain(request.internship.municipalityCode);
      expect(request.internship.company.length).toBeGreaterThan(3);
      expect(request.moveIn > today && request.moveIn <= addDays(today, 3 * 31 + 14)).toBe(true);
      expect(nightsBetween(request.moveIn, request.moveOut)).toBeGreaterThanOrEqual(60);
      expect(nightsBetween(request.moveIn, request.moveOut)).toBeLessThanOrEqual(180);
      expect(request.maxDistanceKm).toBeGreaterThanOrEqual(30);
      expect(request.maxDistanceKm).toBeLessThanOrEqual(60);
      expect(request.maxRent).toBeGreaterThan(0);
      expect(request.preferredKinds.length).toBeGreaterThan(0);
    }
    const places = new Set((await everyRequest()).map((request) => request.internship.municipalityCode));
    expect(places).toEqual(new Set(PARTNERS));
  });

  it("show Freja ranked matches with reasons for her open request", async () => {
    const freja = userWith("demo-student-freja");
    const [request] = (await requestsOf(freja)) as [SeenRequest];
    expect(request.status).toBe("open");
    const matches = await get<SeenMatch>(`/housing-requests/${request.id}/matches`, freja);
    expect(matches.length).toBeGreaterThanOrEqual(2);
    const scores = matches.map((match) => match.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const { listing, reasons, distanceKm } of matches) {
      expect(listing.status).toBe("approved");
      expect(listing.availableFrom <= request.moveIn && request.moveOut <= listing.availableTo).toBe(true);
      expect(listing.rentDkk).toBeLessThanOrEqual(request.maxRent ?? 0);
      expect(distanceKm).toBeLessThanOrEqual(request.maxDistanceKm);
      expect(reasons.length).toBeGreaterThanOrEqual(2);
      expect(reasons[0]).toMatch(/km from your internship/);
    }
  });

  it("have pending, offered and accepted applications, each to an approved listing whose window holds the stay", async () => {
    const applications = await everyApplication();
    const count = (status: string) => applications.filter((application) => application.status === status).length;
    expect(count("pending")).toBeGreaterThanOrEqual(3);
    expect(count("offered")).toBe(2);
    expect(count("accepted")).toBe(2);
    for (const application of applications) {
      const student = userWith(application.studentId);
      const listing = await getOne<SeenListing>(`/listings/${application.listingId}`, student);
      expect(listing.status).toBe("approved");
      expect(listing.availableFrom <= application.moveIn && application.moveOut <= listing.availableTo).toBe(true);
      expect(application.message.length).toBeGreaterThan(10);
      // Contact details only with an offer or a booking.
      expect("contactNote" in listing).toBe(application.status !== "pending");
    }
    for (const offered of applications.filter((application) => application.status === "offered")) {
      const hours = (Date.parse(offered.offerExpiresAt ?? "") - h.clock.now().getTime()) / 3_600_000;
      expect(hours).toBeCloseTo(72, 1);
    }
  });

  it("were offered beds by staff of the listing's owner organisation", async () => {
    const answered = (await everyApplication()).filter((application) => application.status !== "pending");
    expect(answered).toHaveLength(4);
    for (const application of answered) {
      const trail = await get<{ action: string; actor: string }>(
        `/applications/${application.id}/history?limit=100`,
        userWith(application.studentId),
      );
      const offer = trail.find((event) => event.action === "offer");
      expect(offer?.actor).toBe(`demo-staff-${application.ownerOrgId}`);
      const staff = await getOne<SeenApplication>(
        `/applications/${application.id}`,
        userWith(`demo-staff-${application.ownerOrgId}`),
      );
      expect(staff.status).toBe(application.status);
    }
  });

  it("include two who are booked: their bookings are theirs to see and their requests are housed", async () => {
    const bookings = (await get<SeenBooking>("/bookings?limit=100", admin)).filter(
      (booking) => !PAST_STUDENT.test(booking.studentId),
    );
    expect(bookings).toHaveLength(2);
    expect(new Set(bookings.map((booking) => booking.studentId)).size).toBe(2);
    for (const booking of bookings) {
      expect(booking.status).toBe("confirmed");
      const student = userWith(booking.studentId);
      expect((await get<SeenBooking>("/bookings", student)).map((seen) => seen.id)).toEqual([booking.id]);
      const request = await getOne<SeenRequest>(`/housing-requests/${booking.requestId}`, student);
      expect(request.status).toBe("housed");
      expect(request.bookingId).toBe(booking.id);
      const application = await getOne<SeenApplication>(`/applications/${booking.applicationId}`, student);
      expect(application).toMatchObject({ status: "accepted", bookingId: booking.id });
      const owner = userWith(`demo-staff-${booking.ownerOrgId}`);
      const ofListing = await get<SeenBooking>(`/bookings?listingId=${booking.listingId}`, owner);
      expect(ofListing.map((seen) => seen.id)).toContain(booking.id);
    }
    const housed = (await everyRequest()).filter((request) => request.status === "housed");
    expect(housed.map((request) => request.bookingId).sort()).toEqual(bookings.map((booking) => booking.id).sort());
  });

  it("are seen by a council exactly where their internships are in its municipalities", async () => {
    const requests = await everyRequest();
    let seen = 0;
    for (const council of councils) {
      const visible = await get<SeenRequest>("/housing-requests?limit=100", userWith(`demo-staff-${council.id}`));
      // Beside them, the council sees its past season's students.
      const found = visible.filter((request) => !PAST_STUDENT.test(request.studentId));
      const expected = requests.filter((request) =>
        council.municipalities.includes(request.internship.municipalityCode),
      );
      expect(found.map((request) => request.id).sort(), council.name).toEqual(expected.map((r) => r.id).sort());
      seen += found.length;
    }
    expect(seen).toBe(requests.length);
    const lollandFalster = await get<SeenRequest>("/housing-requests?limit=100", userWith("demo-staff-council360"));
    expect(lollandFalster.filter((request) => !PAST_STUDENT.test(request.studentId)).length).toBeGreaterThanOrEqual(2);
  });
});

interface SeenStats {
  municipalityCode: string;
  requests: { opened: number; open: number; housed: number; expired: number; cancelled: number };
  daysToHouse: { median: number | null; p90: number | null };
  bedNights: { booked: number; offered: number; utilisation: number | null };
  internships: { livesIn: Record<string, number>; internsFrom: Record<string, number> };
  series: { months: { month: string; opened: number; housed: number }[] };
}

describe("the past season", () => {
  let today: string;
  /** Every request, demo students' included, as an admin sees them. */
  let requests: SeenRequest[];
  let bookings: SeenBooking[];
  let past: SeenRequest[];
  let pastBookings: SeenBooking[];

  beforeAll(async () => {
    today = dateOfInstant(h.clock.now().toISOString());
    requests = await get<SeenRequest>("/housing-requests?limit=100", admin);
    bookings = await get<SeenBooking>("/bookings?limit=100", admin);
    past = requests.filter((request) => PAST_STUDENT.test(request.studentId));
    pastBookings = bookings.filter((booking) => PAST_STUDENT.test(booking.studentId));
  });

  const bookingOf = (request: SeenRequest) => bookings.find((booking) => booking.id === request.bookingId);
  const daysToHouse = (request: SeenRequest) =>
    nightsBetween(dateOfInstant(request.createdAt), dateOfInstant(bookingOf(request)?.createdAt ?? ""));

  it("is some fifty students of the last eleven months, none of them a demo user or on the sign-in page", async () => {
    expect(past.length).toBeGreaterThanOrEqual(40);
    expect(past.length).toBeLessThanOrEqual(60);
    expect(new Set(past.map((request) => request.studentId)).size).toBe(past.length);
    const demoSubs = demoUsers.map((user) => user.principal.sub);
    for (const request of past) {
      expect(demoSubs).not.toContain(request.studentId);
      const asked = dateOfInstant(request.createdAt);
      expect(asked < today && asked > addYears(today, -1), request.studentId).toBe(true);
      // Asked for a stay that had not begun yet.
      expect(request.moveIn >= asked).toBe(true);
      expect(request.internship.company.length).toBeGreaterThan(3);
    }
    const signIn = await h.fetchSite(new Request("http://localhost/app/sign-in"));
    expect(signIn.status).toBe(200);
    expect(await signIn.text()).not.toContain("demo-past-");
  });

  it("housed most students of every partner municipality; some expired and some cancelled", () => {
    for (const code of PARTNERS) {
      const here = past.filter((request) => request.internship.municipalityCode === code);
      const count = (status: string) => here.filter((request) => request.status === status).length;
      expect(here.length, code).toBeGreaterThanOrEqual(5);
      expect(count("housed"), code).toBeGreaterThanOrEqual(here.length / 2);
      expect(count("expired"), code).toBeGreaterThanOrEqual(1);
      expect(count("cancelled"), code).toBeGreaterThanOrEqual(1);
      expect(count("open"), code).toBe(0);
    }
  });

  it("waited 0–45 days for a booking, made before moving in", () => {
    const waits = past.filter((request) => request.status === "housed").map(daysToHouse);
    expect(Math.min(...waits)).toBe(0);
    expect(Math.max(...waits)).toBe(45);
    expect(new Set(waits).size).toBeGreaterThan(15);
    for (const request of past.filter((candidate) => candidate.status === "housed")) {
      expect(dateOfInstant(bookingOf(request)?.createdAt ?? "") <= request.moveIn).toBe(true);
    }
  });

  it("has stays of 4–20 weeks that are over, under way and ahead, some in a neighbouring municipality", () => {
    expect(pastBookings).toHaveLength(past.filter((request) => request.status === "housed").length);
    for (const booking of pastBookings) {
      expect(booking.status).toBe("confirmed");
      expect(nightsBetween(booking.moveIn, booking.moveOut)).toBeGreaterThanOrEqual(4 * 7);
      expect(nightsBetween(booking.moveIn, booking.moveOut)).toBeLessThanOrEqual(20 * 7);
    }
    const over = pastBookings.filter((booking) => booking.moveOut <= today);
    const underWay = pastBookings.filter((booking) => booking.moveIn <= today && today < booking.moveOut);
    const ahead = pastBookings.filter((booking) => booking.moveIn > today);
    expect(over.length).toBeGreaterThan(underWay.length);
    expect(underWay.length).toBeGreaterThanOrEqual(3);
    expect(ahead.length).toBeGreaterThanOrEqual(2);
    const elsewhere = pastBookings.filter((booking) => {
      const request = past.find((candidate) => candidate.id === booking.requestId);
      return request?.internship.municipalityCode !== booking.municipalityCode;
    });
    expect(elsewhere.length).toBeGreaterThanOrEqual(3);
  });

  it("lived in rooms listed a year ago and approved by the covering council, their windows holding the stays", async () => {
    for (const booking of pastBookings) {
      const listing = await getOne<SeenListing>(`/listings/${booking.listingId}`, admin);
      expect(listing.availableFrom <= booking.moveIn && booking.moveOut <= listing.availableTo).toBe(true);
      expect(listing.createdAt < booking.createdAt).toBe(true);
      expect(listing.review?.decision).toBe("approved");
      expect(listing.review?.decidedBy).not.toBe(listing.createdBy);
      expect(listing.ownerOrgId).toBe(booking.ownerOrgId);
      expect(demoOrganizations.map((org) => org.id)).toContain(listing.ownerOrgId);
    }
  });

  it("gives every partner council a season in its statistics", async () => {
    for (const council of councils) {
      const response = await h.call("GET", "/stats", { token: await h.tokenFor(userWith(`demo-staff-${council.id}`)) });
      expect(response.status, response.text).toBe(200);
      const items = response.json.items as SeenStats[];
      expect(items.map((item) => item.municipalityCode).sort()).toEqual([...council.municipalities].sort());
      for (const item of items) {
        const code = item.municipalityCode;
        expect(item.requests.opened, code).toBeGreaterThanOrEqual(5);
        expect(item.requests.housed, code).toBeGreaterThanOrEqual(3);
        expect(item.requests.expired, code).toBeGreaterThanOrEqual(1);
        expect(item.requests.cancelled, code).toBeGreaterThanOrEqual(1);
        expect(item.daysToHouse.median, code).not.toBeNull();
        expect(item.bedNights.booked, code).toBeGreaterThan(0);
        expect(item.bedNights.offered, code).toBeGreaterThan(item.bedNights.booked);
        expect(item.series.months.filter((month) => month.opened > 0).length, code).toBeGreaterThanOrEqual(5);
      }
    }
  });

  it("shows interns living in a neighbouring municipality in both municipalities' statistics", async () => {
    const response = await h.call("GET", "/stats", { token: await h.tokenFor(admin) });
    const items = (response.json.items as SeenStats[]).filter((item) => PARTNERS.includes(item.municipalityCode));
    const livesElsewhere = items.filter((item) =>
      Object.keys(item.internships.livesIn).some((code) => code !== item.municipalityCode),
    );
    expect(livesElsewhere.length).toBeGreaterThanOrEqual(3);
    for (const item of livesElsewhere) {
      for (const [code, n] of Object.entries(item.internships.livesIn)) {
        if (code === item.municipalityCode) continue;
        const there = items.find((candidate) => candidate.municipalityCode === code);
        expect(there?.internships.internsFrom[item.municipalityCode]).toBe(n);
      }
    }
  });

  it("counts in the statistics exactly the requests and bookings there are", async () => {
    const response = await h.call("GET", `/stats?${PARTNERS.map((code) => `municipality=${code}`).join("&")}`, {
      token: await h.tokenFor(admin),
    });
    const { from, to } = response.json as { from: string; to: string };
    const inPeriod = (date: string) => date >= from && date <= to;
    for (const item of response.json.items as SeenStats[]) {
      const code = item.municipalityCode;
      const here = requests.filter((request) => request.internship.municipalityCode === code);
      const housed = here.filter(
        (request) => request.status === "housed" && inPeriod(dateOfInstant(bookingOf(request)?.createdAt ?? "")),
      );
      expect(item.requests, code).toMatchObject({
        opened: here.filter((request) => inPeriod(dateOfInstant(request.createdAt))).length,
        housed: housed.length,
        expired: here.filter((request) => request.status === "expired" && inPeriod(request.moveIn)).length,
        cancelled: here.filter(
          (request) => request.status === "cancelled" && inPeriod(dateOfInstant(request.updatedAt)),
        ).length,
      });
      const waits = housed.map(daysToHouse).sort((a, b) => a - b);
      const middle = waits.length / 2;
      const median =
        waits.length % 2 === 1 ? waits[Math.floor(middle)] : ((waits[middle - 1] ?? 0) + (waits[middle] ?? 0)) / 2;
      expect(item.daysToHouse.median, code).toBe(median);
      const nightsIn = (booking: SeenBooking) => {
        // The nights from the later of move-in and the period's start up to the earlier of move-out and its end.
        const [, first = from] = [booking.moveIn, from].sort();
        const [last = to] = [booking.moveOut, addDays(to, 1)].sort();
        return Math.max(0, nightsBetween(first, last));
      };
      const booked = bookings.filter((booking) => booking.municipalityCode === code && booking.status === "confirmed");
      expect(item.bedNights.booked, code).toBe(booked.reduce((sum, booking) => sum + nightsIn(booking), 0));
    }
  });
});
