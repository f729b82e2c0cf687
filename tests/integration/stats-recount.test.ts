/**
 * The statistics' counters recounted from the items. Random histories go
 * through the HTTP API — listings created, submitted, approved, rejected,
 * edited and withdrawn; requests, applications, offers, declines,
 * withdrawals, accepts, cancellations of requests and of bookings before and
 * after move-in; searches and matches that move past listings to `expired`;
 * the clock moving on by minutes to years so that offers lapse and requests
 * and listings expire — and afterwards every aggregate item must hold exactly
 * the sum of the contributions of the listings, requests and bookings in the
 * table (shared/domain/stats/contributions.ts), by municipality, bucket and
 * shard. Refused operations (409 and the like) are part of the history: they
 * must change nothing. And `GET /stats` must serve exactly the figures that
 * the recount gives, for every period asked about.
 *
 * Some transactions are made to lose a race (cancelled with TransactionConflict
 * before they reach the table, as DynamoDB cancels one that meets another on
 * an aggregate item), so the retries are part of every history; the last test
 * adds real concurrency: many requests, offers, bookings and cancellations in
 * one municipality at once.
 *
 * The seed is fixed so that a failure reproduces; STATS_SEED, STATS_RUNS and
 * STATS_COMMANDS explore further.
 */
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, addYears, nightsBetween, todayIn } from "#domain/common/dates";
import { findMunicipality } from "#domain/municipalities/index";
import type { Period } from "#domain/stats/figures";
import { createManualClock } from "#shared/runtime";
import { createHarness, type Harness } from "../helpers/harness";
import { listingBody } from "../helpers/listings";
import { requestBody } from "../helpers/requests";
import { expectCountersEqualRecount } from "../helpers/stats-recount";
import { createWorld } from "../helpers/world";

const SEED = Number(process.env.STATS_SEED ?? 20270205);
const RUNS = Number(process.env.STATS_RUNS ?? 5);
const COMMANDS = Number(process.env.STATS_COMMANDS ?? 300);

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Municipalities with a council in the test world (listings there can be approved), and one without. */
const COUNCIL_MUNICIPALITIES = ["326", "330", "360", "376"] as const;
const INTERNSHIP_MUNICIPALITIES = [...COUNCIL_MUNICIPALITIES, "340"] as const;

// ── the recount ─────────────────────────────────────────────────────────────

// ── lost races, on purpose ──────────────────────────────────────────────────

/** mulberry32: a small seeded generator, uniform in [0, 1). */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Cancels a share of the transactions that add to aggregate items before
 * they are sent, as DynamoDB cancels one that met a concurrent transaction on
 * the same item (nothing of it is written), so that the services' retries run.
 */
function loseRaces(h: Harness, share: number, seed: number) {
  const random = seededRandom(seed);
  const lost = { count: 0 };
  h.db.client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== "TransactWriteItemsCommand" || !JSON.stringify(args.input).includes('"STATS#')) {
        return next(args);
      }
      if (random() >= share) return next(args);
      lost.count++;
      throw new TransactionCanceledException({
        message: "Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]",
        $metadata: {},
        CancellationReasons: [{ Code: "TransactionConflict", Message: "Transaction is ongoing for the item" }],
      });
    },
    { step: "initialize", name: "statsRecountLostRaces" },
  );
  return lost;
}

/** Cancellation reasons DynamoDB (Local) itself gave, by code (not those of `loseRaces`, which never reach it). */
function cancellationsSeen(h: Harness) {
  const seen: Record<string, number> = {};
  h.db.client.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (error instanceof TransactionCanceledException && error.$metadata.httpStatusCode !== undefined) {
          for (const reason of error.CancellationReasons ?? []) {
            if (reason.Code && reason.Code !== "None") seen[reason.Code] = (seen[reason.Code] ?? 0) + 1;
          }
        }
        throw error;
      }
    },
    { step: "initialize", name: "statsRecountCancellations" },
  );
  return seen;
}

// ── the world a history happens in ──────────────────────────────────────────

interface Staff {
  sub: string;
  token: string;
  orgId: string;
  /** For councils: the municipalities whose listings they review. */
  reviews: readonly string[];
}

/** What the history knows of an object: enough to aim the next operation at it. */
interface Known {
  id: string;
  /** The state the last answer showed, moved on by `catchUp` where time alone changed it. */
  status: string;
}

interface ListingModel extends Known {
  creator: Staff;
  /** Staff of the owner organisation. */
  owners: Staff[];
  municipality: string;
  availableFrom: string;
  availableTo: string;
}

interface RequestModel extends Known {
  student: string;
  moveIn: string;
  moveOut: string;
  /** The listing whose window the stay was cut from, if any. */
  source?: ListingModel;
}

interface ApplicationModel extends Known {
  student: string;
  offerExpiresAt?: string;
  request: RequestModel;
  listing: ListingModel;
}

interface BookingModel extends Known {
  student: string;
  listing: ListingModel;
  moveIn: string;
  moveOut: string;
}

async function createModelWorld(start: string) {
  // What the app logs as an error, to tell why a 5xx happened.
  const errors: string[] = [];
  const logger = {
    info: () => {},
    warn: () => {},
    error: (message: string, attributes?: Record<string, unknown>) => {
      const error = attributes?.error;
      errors.push(`${message}: ${error instanceof Error ? error.stack : JSON.stringify(attributes)}`);
    },
  };
  const h = await createHarness({ clock: createManualClock(start), logger });
  const world = await createWorld(h);
  const { orgs, tokens } = world;
  const staff: Staff[] = [
    { sub: "zealand-ida", token: tokens.zealand, orgId: orgs.zealand.id, reviews: [] },
    { sub: "zealand-ole", token: tokens.zealandColleague, orgId: orgs.zealand.id, reviews: [] },
    { sub: "absalon-mia", token: tokens.absalon, orgId: orgs.absalon.id, reviews: [] },
    { sub: "kalundborg-anna", token: tokens.kalundborg, orgId: orgs.kalundborg.id, reviews: ["326"] },
    { sub: "kalundborg-bo", token: tokens.kalundborgColleague, orgId: orgs.kalundborg.id, reviews: ["326"] },
    { sub: "slagelse-eva", token: tokens.slagelse, orgId: orgs.slagelse.id, reviews: ["330"] },
    { sub: "lf-karl", token: tokens.lollandFalster, orgId: orgs.lollandFalster.id, reviews: ["360", "376"] },
  ];
  const students = await Promise.all(
    Array.from({ length: 6 }, (_, index) => h.tokenFor({ sub: `recount-student-${index}`, role: "student" })),
  );
  return {
    h,
    admin: tokens.admin,
    staff,
    students,
    listings: [] as ListingModel[],
    requests: [] as RequestModel[],
    applications: [] as ApplicationModel[],
    bookings: [] as BookingModel[],
    errors,
    /** Answers by operation and status, to see what a history reached. */
    statuses: {} as Record<string, number>,
  };
}

type ModelWorld = Awaited<ReturnType<typeof createModelWorld>>;

// ── operations ──────────────────────────────────────────────────────────────

/** Which object an operation picks: biased to small numbers, so mostly the newest (see `target`). */
const choice = fc.nat({ max: 1_000_000 });
/** Dates, lengths and amounts: uniform, so that short windows and stays are no likelier than long ones. */
const between = (range: { min: number; max: number }) => fc.noBias(fc.integer(range));

const editArbitrary = fc.oneof(
  fc.record({ field: fc.constant("rent" as const), rent: between({ min: 20, max: 60 }) }),
  fc.record({ field: fc.constant("capacity" as const), capacity: between({ min: 1, max: 4 }) }),
  fc.record({
    field: fc.constant("window" as const),
    fromShift: between({ min: -40, max: 40 }),
    toShift: between({ min: -60, max: 60 }),
  }),
  fc.record({ field: fc.constant("municipality" as const), municipality: choice }),
  fc.record({ field: fc.constant("title" as const), furnished: fc.boolean() }),
);

const advanceArbitrary = fc.oneof(
  { weight: 6, arbitrary: between({ min: 1, max: 36 * 60 }) },
  { weight: 4, arbitrary: between({ min: 1, max: 30 }).map((days) => days * 24 * 60) },
  { weight: 2, arbitrary: between({ min: 30, max: 150 }).map((days) => days * 24 * 60 + 7) },
  { weight: 1, arbitrary: between({ min: 365, max: 900 }).map((days) => days * 24 * 60 - 90) },
);

const operationArbitrary = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant("createListing" as const),
      creator: choice,
      municipality: choice,
      fromDays: between({ min: -20, max: 120 }),
      lengthDays: fc.oneof(between({ min: 20, max: 200 }), between({ min: 200, max: 760 })),
      capacity: between({ min: 1, max: 4 }),
      rent: between({ min: 20, max: 60 }),
    }),
  },
  { weight: 6, arbitrary: fc.record({ op: fc.constant("submit" as const), listing: choice }) },
  { weight: 7, arbitrary: fc.record({ op: fc.constant("approve" as const), listing: choice, reviewer: choice }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("reject" as const), listing: choice }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("edit" as const), listing: choice, edit: editArbitrary }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("withdrawListing" as const), listing: choice }) },
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant("createRequest" as const),
      student: choice,
      source: fc.oneof({ weight: 4, arbitrary: choice }, { weight: 1, arbitrary: fc.constant(undefined) }),
      startDays: between({ min: 0, max: 200 }),
      nights: between({ min: 3, max: 200 }),
      internship: choice,
      far: fc.boolean(),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant("apply" as const),
      request: choice,
      // Mostly the listing the stay was cut from.
      listing: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: choice }),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant("offer" as const),
      application: choice,
      hours: between({ min: 1, max: 168 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("decline" as const), application: choice }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("withdrawApplication" as const), application: choice }) },
  { weight: 6, arbitrary: fc.record({ op: fc.constant("accept" as const), application: choice }) },
  // Apply, offer and accept in a row: a booking in one step, as many histories would take long to find one.
  {
    weight: 5,
    arbitrary: fc.record({ op: fc.constant("book" as const), request: choice, hours: between({ min: 1, max: 168 }) }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("cancelRequest" as const), request: choice }) },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant("cancelBooking" as const),
      booking: choice,
      by: fc.constantFrom("student" as const, "owner" as const, "admin" as const),
    }),
  },
  { weight: 4, arbitrary: fc.record({ op: fc.constant("advance" as const), minutes: advanceArbitrary }) },
  // On to around the move-in of a booking ahead: its first hours (UTC and Copenhagen disagree on the date).
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant("advanceToMoveIn" as const),
      booking: choice,
      minutes: between({ min: 0, max: 36 * 60 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant("search" as const),
      municipality: fc.option(choice, { nil: undefined }),
      student: choice,
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("matches" as const), request: choice }) },
);

type AnyOperation = typeof operationArbitrary extends fc.Arbitrary<infer T> ? T : never;

const nth = <T>(list: readonly T[], index: number): T | undefined =>
  list.length === 0 ? undefined : list[index % list.length];

/**
 * The object an operation acts on: mostly one in a state it applies to (as
 * far as the history knows), sometimes any, so that refusals happen too.
 * Counted from the newest (small indices are the likelier), so that a
 * history mostly carries on with what it just made.
 */
function target<T extends Known>(
  list: readonly T[],
  index: number,
  fits: readonly string[] | ((object: T) => boolean),
): T | undefined {
  const newestFirst = [...list].reverse();
  if (index % 6 === 5) return nth(newestFirst, Math.floor(index / 6));
  const fitting = typeof fits === "function" ? fits : (object: T) => fits.includes(object.status);
  return nth(newestFirst.filter(fitting), index);
}

function placeNear(code: string, jitter: number) {
  const municipality = findMunicipality(code);
  if (!municipality) throw new Error(`unknown municipality ${code}`);
  const offset = ((jitter % 100) - 50) / 2000;
  return {
    municipality,
    location: {
      lat: Math.round((municipality.lat + offset) * 1e5) / 1e5,
      lon: Math.round((municipality.lon - offset) * 1e5) / 1e5,
    },
  };
}

const listingPlace = (code: string, jitter: number) => {
  const { municipality, location } = placeNear(code, jitter);
  return {
    municipalityCode: code,
    address: {
      street: `Praktikvej ${1 + (jitter % 90)}`,
      postalCode: municipality.postalCode,
      city: municipality.town,
    },
    location,
  };
};

type Answer = { status: number; json?: Record<string, unknown> };
const succeeded = (answer: Answer) => answer.status === 200 || answer.status === 201;

/** Keeps the history's copy of a listing in step with an answer that shows it. */
function remember(listing: ListingModel, answer: Answer) {
  if (!succeeded(answer) || !answer.json) return;
  listing.status = answer.json.status as string;
  listing.municipality = answer.json.municipalityCode as string;
  listing.availableFrom = answer.json.availableFrom as string;
  listing.availableTo = answer.json.availableTo as string;
}

/** The same for any other object: its state. */
function note(object: Known | undefined, answer: Answer) {
  if (object && succeeded(answer) && answer.json) object.status = answer.json.status as string;
}

/** What time alone changed since the answers: windows, move-ins and offers that have passed. */
function catchUp(w: ModelWorld, today: string, now: string) {
  for (const listing of w.listings)
    if (listing.status === "approved" && listing.availableTo < today) listing.status = "expired";
  for (const request of w.requests) if (request.status === "open" && request.moveIn < today) request.status = "expired";
  for (const application of w.applications) {
    if (application.status === "offered" && (application.offerExpiresAt ?? now) <= now) application.status = "expired";
  }
  for (const booking of w.bookings)
    if (booking.status === "confirmed" && booking.moveOut <= today) booking.status = "ended";
}

/** What the services do to the active applications of a request or listing that ends. */
function closeApplications(w: ModelWorld, of: (application: ApplicationModel) => boolean) {
  for (const application of w.applications.filter(of)) {
    if (application.status === "pending" || application.status === "offered") application.status = "closed";
  }
}

/** Runs one operation through the API. Refusals are expected; a 5xx never. */
async function run(w: ModelWorld, operation: AnyOperation) {
  const { h } = w;
  const today = todayIn(h.clock);
  catchUp(w, today, h.clock.now().toISOString());
  const call = async (method: string, path: string, init: { token?: string; body?: unknown }): Promise<Answer> => {
    const response = await h.call(method, path, init);
    const label = `${operation.op} ${response.status}`;
    w.statuses[label] = (w.statuses[label] ?? 0) + 1;
    if (response.status >= 500) {
      throw new Error(`${method} ${path} answered ${response.status}: ${response.text}\n${w.errors.join("\n")}`);
    }
    return response;
  };
  const ownerOf = (listing: ListingModel, index: number) => nth(listing.owners, index) as Staff;

  switch (operation.op) {
    case "createListing": {
      const creator = nth(w.staff, operation.creator) as Staff;
      const municipality = nth(COUNCIL_MUNICIPALITIES, operation.municipality) as string;
      const availableFrom = addDays(today, operation.fromDays);
      const response = await call("POST", "/listings", {
        token: creator.token,
        body: listingBody({
          ...listingPlace(municipality, operation.creator),
          availableFrom,
          availableTo: addDays(availableFrom, operation.lengthDays),
          capacity: operation.capacity,
          rentDkk: operation.rent * 100,
        }),
      });
      if (response.status === 201) {
        const listing: ListingModel = {
          id: response.json?.id as string,
          status: "draft",
          creator,
          owners: w.staff.filter((member) => member.orgId === creator.orgId),
          municipality,
          availableFrom: "",
          availableTo: "",
        };
        remember(listing, response);
        w.listings.push(listing);
      }
      return;
    }
    case "submit": {
      const listing = target(w.listings, operation.listing, ["draft", "rejected"]);
      if (!listing) return;
      remember(listing, await call("POST", `/listings/${listing.id}/submit`, { token: ownerOf(listing, 0).token }));
      return;
    }
    case "withdrawListing": {
      const listing = target(w.listings, operation.listing, ["approved", "pending"]);
      if (!listing) return;
      const token = ownerOf(listing, operation.listing).token;
      const response = await call("POST", `/listings/${listing.id}/withdraw`, { token, body: {} });
      remember(listing, response);
      // Its pending applications are declined and its live offers withdrawn with it.
      if (response.status === 200) closeApplications(w, (application) => application.listing === listing);
      return;
    }
    case "approve":
    case "reject": {
      const listing = target(w.listings, operation.listing, ["pending"]);
      if (!listing) return;
      const reviewers = w.staff.filter(
        (member) => member.reviews.includes(listing.municipality) && member.sub !== listing.creator.sub,
      );
      // No one may review it (its creator is its only council): the creator tries, and is refused.
      const reviewer = nth(reviewers, operation.op === "approve" ? operation.reviewer : 0) ?? listing.creator;
      const response = await call("POST", `/listings/${listing.id}/${operation.op}`, {
        token: reviewer.token,
        body: operation.op === "reject" ? { reason: "The photos are missing" } : undefined,
      });
      remember(listing, response);
      return;
    }
    case "edit": {
      const listing = target(w.listings, operation.listing, ["approved", "pending", "draft"]);
      if (!listing) return;
      const { edit } = operation;
      const patch =
        edit.field === "rent"
          ? { rentDkk: edit.rent * 100 }
          : edit.field === "capacity"
            ? { capacity: edit.capacity }
            : edit.field === "window"
              ? {
                  availableFrom: addDays(listing.availableFrom, edit.fromShift),
                  availableTo: addDays(listing.availableTo, edit.toShift),
                }
              : edit.field === "municipality"
                ? listingPlace(nth(COUNCIL_MUNICIPALITIES, edit.municipality) as string, edit.municipality)
                : { title: `Room ${edit.furnished ? "with" : "without"} furniture`, furnished: edit.furnished };
      const token = ownerOf(listing, operation.listing).token;
      remember(listing, await call("PATCH", `/listings/${listing.id}`, { token, body: patch }));
      return;
    }
    case "createRequest": {
      const student = nth(w.students, operation.student) as string;
      const source = operation.source === undefined ? undefined : target(w.listings, operation.source, ["approved"]);
      let moveIn = addDays(today, operation.startDays % 120);
      let moveOut = addDays(moveIn, operation.nights);
      if (source) {
        // A stay cut from the listing's window (where it still lies ahead), so that applying can succeed.
        const first = [source.availableFrom, today].sort()[1] as string;
        const span = Math.max(1, nightsBetween(first, source.availableTo));
        moveIn = addDays(first, operation.startDays % span);
        moveOut = addDays(moveIn, Math.max(1, Math.min(operation.nights, nightsBetween(moveIn, source.availableTo))));
      }
      const code = operation.far
        ? (nth(INTERNSHIP_MUNICIPALITIES, operation.internship) as string)
        : (source?.municipality ?? (nth(INTERNSHIP_MUNICIPALITIES, operation.internship) as string));
      const response = await call("POST", "/housing-requests", {
        token: student,
        body: requestBody({
          internship: {
            company: "Praktikvirksomhed A/S",
            municipalityCode: code,
            location: placeNear(code, operation.internship).location,
            startDate: moveIn,
            endDate: moveOut,
          },
          moveIn,
          moveOut,
          maxRent: 10_000,
          needs: { furnished: false, accessible: false, pets: false },
          preferredKinds: [],
          maxDistanceKm: 150,
        }),
      });
      if (response.status === 201) {
        w.requests.push({ id: response.json?.id as string, status: "open", student, moveIn, moveOut, source });
      }
      return;
    }
    case "apply": {
      const request = target(w.requests, operation.request, ["open"]);
      if (!request) return;
      // An approved listing whose window holds the stay, mostly.
      const holdsStay = (listing: ListingModel) =>
        listing.status === "approved" &&
        listing.availableFrom <= request.moveIn &&
        listing.availableTo >= request.moveOut;
      const listing =
        operation.listing === undefined && request.source && holdsStay(request.source)
          ? request.source
          : target(w.listings, operation.listing ?? operation.request, holdsStay);
      if (!listing) return;
      const response = await call("POST", `/housing-requests/${request.id}/applications`, {
        token: request.student,
        body: { listingId: listing.id, message: "I would like the room" },
      });
      if (response.status === 201) {
        w.applications.push({
          id: response.json?.id as string,
          status: "pending",
          student: request.student,
          request,
          listing,
        });
      }
      return;
    }
    case "offer":
    case "decline": {
      const application = target(w.applications, operation.application, ["pending"]);
      if (!application) return;
      const response = await call("POST", `/applications/${application.id}/${operation.op}`, {
        token: ownerOf(application.listing, operation.application).token,
        body: operation.op === "offer" ? { expiresInHours: operation.hours } : undefined,
      });
      note(application, response);
      if (response.status === 200) application.offerExpiresAt = response.json?.offerExpiresAt as string;
      return;
    }
    case "withdrawApplication": {
      const application = target(w.applications, operation.application, ["pending", "offered"]);
      if (!application) return;
      const response = await call("POST", `/applications/${application.id}/withdraw`, {
        token: application.student,
        body: {},
      });
      note(application, response);
      return;
    }
    case "accept": {
      const application = target(w.applications, operation.application, ["offered"]);
      if (!application) return;
      const response = await call("POST", `/applications/${application.id}/accept`, { token: application.student });
      note(application, response);
      if (response.status === 200) {
        // The request's other active applications are withdrawn with it.
        closeApplications(w, (other) => other.request === application.request && other !== application);
        application.request.status = "housed";
        w.bookings.push({
          id: response.json?.bookingId as string,
          status: "confirmed",
          student: application.student,
          listing: application.listing,
          moveIn: application.request.moveIn,
          moveOut: application.request.moveOut,
        });
      }
      return;
    }
    case "book": {
      const applications = w.applications.length;
      await run(w, { op: "apply", request: operation.request, listing: undefined });
      if (w.applications.length === applications) return;
      // The newest pending application is the one just made.
      await run(w, { op: "offer", application: 0, hours: operation.hours });
      if (w.applications.at(-1)?.status === "offered") await run(w, { op: "accept", application: 0 });
      return;
    }
    case "cancelRequest": {
      const request = target(w.requests, operation.request, ["open"]);
      if (!request) return;
      const response = await call("POST", `/housing-requests/${request.id}/cancel`, {
        token: request.student,
        body: {},
      });
      note(request, response);
      if (response.status === 200) closeApplications(w, (application) => application.request === request);
      return;
    }
    case "cancelBooking": {
      const booking = target(w.bookings, operation.booking, ["confirmed"]);
      if (!booking) return;
      const token =
        operation.by === "student"
          ? booking.student
          : operation.by === "owner"
            ? ownerOf(booking.listing, operation.booking).token
            : w.admin;
      const response = await call("POST", `/bookings/${booking.id}/cancel`, {
        token,
        body: { reason: "Plans changed" },
      });
      note(booking, response);
      return;
    }
    case "advance":
      h.clock.advance(operation.minutes * MINUTE_MS);
      return;
    case "advanceToMoveIn": {
      const booking = target(
        w.bookings,
        operation.booking,
        (ahead) => ahead.status === "confirmed" && ahead.moveIn > today,
      );
      if (!booking) return;
      // Two hours before midnight UTC is midnight in Copenhagen in summer, 23:00 the day before in winter.
      const at = Date.parse(`${booking.moveIn}T00:00:00Z`) - 2 * 60 * MINUTE_MS + operation.minutes * MINUTE_MS;
      if (at > h.clock.now().getTime()) h.clock.set(new Date(at));
      return;
    }
    case "search": {
      const student = nth(w.students, operation.student) as string;
      const where =
        operation.municipality === undefined
          ? ""
          : `&municipality=${nth(COUNCIL_MUNICIPALITIES, operation.municipality) as string}`;
      await call("GET", `/listings?limit=50${where}`, { token: student });
      return;
    }
    case "matches": {
      const request = nth(w.requests, operation.request);
      // Matching a stay that began more than two years ago asks DynamoDB for an empty key range, which it
      // refuses (a 500, outside the statistics): such matches are left out.
      if (!request || addYears(today, -2) > request.moveIn) return;
      await call("GET", `/housing-requests/${request.id}/matches?limit=20`, { token: request.student });
      return;
    }
  }
}

/** The periods each history is checked for: all of it, the default last 12 months, and the year ahead. */
function periodsFor(start: string, today: string): (Period | undefined)[] {
  return [
    { from: start, to: addDays(addYears(start, 3), -1) },
    undefined,
    { from: today, to: addDays(addYears(today, 1), -1) },
  ];
}

// ── the properties ──────────────────────────────────────────────────────────

describe("statistics recounted from the items", () => {
  it("after any history through the API, every aggregate item holds the recount, and GET /stats serves its figures", async () => {
    const reached: Record<string, number> = {};
    let racesLost = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(operationArbitrary, { minLength: Math.ceil(COMMANDS / 2), maxLength: COMMANDS }),
        // Any time of day: instants just after midnight in Copenhagen are still the day before in UTC.
        fc.integer({ min: 0, max: 24 * 60 - 1 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        // Then, with nothing else happening, the figures some months or years later.
        between({ min: 60, max: 1100 }),
        async (operations, minuteOfDay, raceSeed, laterDays) => {
          const start = new Date(Date.parse("2026-11-30T00:00:00Z") + minuteOfDay * MINUTE_MS).toISOString();
          const w = await createModelWorld(start);
          const lost = loseRaces(w.h, 0.25, raceSeed);
          const startDay = todayIn(w.h.clock);
          for (const operation of operations) await run(w, operation);
          const kinds = await expectCountersEqualRecount(w.h, w.admin, periodsFor(startDay, todayIn(w.h.clock)));
          w.h.clock.advance(laterDays * DAY_MS);
          const later = todayIn(w.h.clock);
          await expectCountersEqualRecount(w.h, w.admin, [
            undefined,
            { from: later, to: addDays(later, 90) },
            { from: addYears(later, -2), to: later },
          ]);
          for (const [label, n] of [...Object.entries(w.statuses), ...Object.entries(kinds)]) {
            reached[label] = (reached[label] ?? 0) + n;
          }
          racesLost += lost.count;
        },
      ),
      { seed: SEED, numRuns: RUNS, interruptAfterTimeLimit: 90_000 },
    );
    // The histories reached the interesting transitions, not just refusals.
    for (const label of [
      "approve 200",
      "edit 200",
      "withdrawListing 200",
      "offer 200",
      "accept 200",
      "cancelBooking 200",
      "cancelRequest 200",
      "withdrawApplication 200",
      "search 200",
      "listing expired",
      "request housed",
      "request cancelled",
      "booking confirmed",
      "booking cancelled before move-in",
      "booking cancelled after move-in",
    ]) {
      expect(reached[label] ?? 0, `${label} in ${JSON.stringify(reached)}`).toBeGreaterThan(0);
    }
    expect(racesLost).toBeGreaterThan(0);
  }, 180_000);

  it("a period read years after a listing's beds and a stay began counts neither their start nor their end", async () => {
    // Two beds offered from 2026-12-01 to 2028-11-30, one booked from 2027-01-10 to 2027-12-20. Asked about on
    // 2030-03-01 (the last 12 months), the counters are read from 2027-03, two years before the period: both
    // began before that month and ended after it, long before the period. Neither may count in it.
    const w = await createModelWorld("2026-12-01T09:00:00Z");
    const { h } = w;
    const owner = w.staff[0] as Staff;
    const listing = await h.call("POST", "/listings", {
      token: owner.token,
      body: listingBody({ capacity: 2, availableFrom: "2026-12-01", availableTo: "2028-11-30" }),
    });
    await h.call("POST", `/listings/${listing.json.id}/submit`, { token: owner.token });
    expect((await h.call("POST", `/listings/${listing.json.id}/approve`, { token: w.staff[3]?.token })).status).toBe(
      200,
    );
    const student = w.students[0] as string;
    const request = await h.call("POST", "/housing-requests", {
      token: student,
      body: requestBody({ moveIn: "2027-01-10", moveOut: "2027-12-20" }),
    });
    const application = await h.call("POST", `/housing-requests/${request.json.id}/applications`, {
      token: student,
      body: { listingId: listing.json.id },
    });
    await h.call("POST", `/applications/${application.json.id}/offer`, { token: owner.token, body: {} });
    expect((await h.call("POST", `/applications/${application.json.id}/accept`, { token: student })).status).toBe(200);

    h.clock.set("2030-03-01T09:00:00Z");
    const response = await h.call("GET", "/stats?municipality=326", { token: w.admin });
    expect(response.json.items[0]).toMatchObject({
      bedNights: { booked: 0, offered: 0, utilisation: null },
      bedsFree: { next30Days: 0, next90Days: 0 },
    });
    await expectCountersEqualRecount(h, w.admin, [undefined, { from: "2030-03-01", to: "2030-12-31" }]);
  });

  it("many requests, offers, bookings and cancellations in one municipality at once: counted once each", async () => {
    const w = await createModelWorld("2026-12-01T09:00:00Z");
    const { h } = w;
    const seen = cancellationsSeen(h);
    // On top of the races DynamoDB Local itself decides, a third of the statistics' transactions lose one.
    const lost = loseRaces(h, 1 / 3, 326);
    const zealand = w.staff[0] as Staff;
    const kalundborg = w.staff[3] as Staff;
    const STUDENTS = 40;
    const today = todayIn(h.clock);
    const all = <T>(count: number, make: (index: number) => Promise<T>) =>
      Promise.all(Array.from({ length: count }, (_, index) => make(index)));
    const expectAll = (answers: Answer[], status: number) =>
      expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => status));

    // Two big listings in Kalundborg, created and approved at once.
    const created = await all(2, () =>
      h.call("POST", "/listings", {
        token: zealand.token,
        body: listingBody({ capacity: 50, availableFrom: today, availableTo: addDays(today, 300) }),
      }),
    );
    expectAll(created, 201);
    const listings = created.map((answer) => answer.json.id as string);
    for (const action of ["submit", "approve"] as const) {
      const token = action === "submit" ? zealand.token : kalundborg.token;
      expectAll(await all(2, (index) => h.call("POST", `/listings/${listings[index]}/${action}`, { token })), 200);
    }

    // Forty students ask at once, for stays starting on different days (some tomorrow, so they move in soon).
    const students = await all(STUDENTS, (index) => h.tokenFor({ sub: `crowd-${index}`, role: "student" }));
    const stays = students.map((_, index) => ({ moveIn: addDays(today, 1 + (index % 4) * 10), nights: 20 + index }));
    const requests = await all(STUDENTS, (index) =>
      h.call("POST", "/housing-requests", {
        token: students[index],
        body: requestBody({
          moveIn: stays[index]?.moveIn,
          moveOut: addDays(stays[index]?.moveIn as string, stays[index]?.nights as number),
          internship: {
            company: "Novo Nordisk Kalundborg",
            municipalityCode: index % 5 === 0 ? "330" : "326",
            location: { lat: 55.67, lon: 11.1 },
            startDate: stays[index]?.moveIn,
            endDate: addDays(stays[index]?.moveIn as string, stays[index]?.nights as number),
          },
        }),
      }),
    );
    expectAll(requests, 201);
    await expectCountersEqualRecount(h, w.admin, [undefined]);

    // All apply at once, to either listing; the owner offers them all at once; all accept at once. Under
    // this much contention a change may lose its race more often than it may retry (409): only what
    // succeeded goes on, and the counters must match whatever the outcome.
    const applications = await all(STUDENTS, (index) =>
      h.call("POST", `/housing-requests/${requests[index]?.json.id}/applications`, {
        token: students[index],
        body: { listingId: listings[index % 2] },
      }),
    );
    const offers = await all(STUDENTS, (index) =>
      applications[index]?.status === 201
        ? h.call("POST", `/applications/${applications[index]?.json.id}/offer`, { token: zealand.token, body: {} })
        : Promise.resolve(undefined),
    );
    const accepts = await all(STUDENTS, (index) =>
      offers[index]?.status === 200
        ? h.call("POST", `/applications/${applications[index]?.json.id}/accept`, { token: students[index] })
        : Promise.resolve(undefined),
    );
    const answered = [...applications, ...offers, ...accepts].filter((answer) => answer !== undefined);
    expect(answered.filter((answer) => ![200, 201, 409].includes(answer.status))).toEqual([]);
    const booked = accepts.flatMap((answer, index) => (answer?.status === 200 ? [index] : []));
    expect(booked.length).toBeGreaterThan(STUDENTS / 2);
    await expectCountersEqualRecount(h, w.admin, [undefined, { from: today, to: addDays(today, 364) }]);

    // Eleven days on, the stays from tomorrow have begun. Half the bookings are cancelled at once — before
    // and after move-in, by the student or the owner — while ten new students ask and a listing is approved.
    h.clock.advance(11 * DAY_MS);
    const third = await h.call("POST", "/listings", {
      token: zealand.token,
      body: listingBody({ capacity: 3, availableFrom: today, availableTo: addDays(today, 200) }),
    });
    await h.call("POST", `/listings/${third.json.id}/submit`, { token: zealand.token });
    const later = todayIn(h.clock);
    const cancelling = booked.filter((_, position) => position % 2 === 0);
    const [cancels, newcomers, approved] = await Promise.all([
      all(cancelling.length, (position) => {
        const index = cancelling[position] as number;
        return h.call("POST", `/bookings/${accepts[index]?.json.bookingId}/cancel`, {
          token: position % 2 === 0 ? students[index] : zealand.token,
          body: { reason: "Plans changed" },
        });
      }),
      all(10, async (index) =>
        h.call("POST", "/housing-requests", {
          token: await h.tokenFor({ sub: `late-${index}`, role: "student" }),
          body: requestBody({ moveIn: addDays(later, 5), moveOut: addDays(later, 40 + index) }),
        }),
      ),
      h.call("POST", `/listings/${third.json.id}/approve`, { token: kalundborg.token }),
    ]);
    expect([...cancels, ...newcomers, approved].filter((answer) => ![200, 201, 409].includes(answer.status))).toEqual(
      [],
    );
    const kinds = await expectCountersEqualRecount(h, w.admin, [
      undefined,
      { from: today, to: addDays(today, 364) },
      { from: later, to: addDays(later, 30) },
    ]);
    const cancelled = cancelling.filter((_, position) => cancels[position]?.status === 200);
    const begun = cancelled.filter((index) => (stays[index]?.moveIn as string) <= later).length;
    const reopened = cancelled.length - begun;
    const housed = booked.length - reopened;
    expect(begun).toBeGreaterThan(0);
    expect(reopened).toBeGreaterThan(0);
    expect(kinds).toMatchObject({
      "booking confirmed": booked.length - cancelled.length,
      "booking cancelled after move-in": begun,
      "booking cancelled before move-in": reopened,
      "request housed": housed,
      "request open": STUDENTS - housed + newcomers.filter((answer) => answer.status === 201).length,
    });
    // The retries ran: DynamoDB Local cancels transactions whose conditions failed (versions read before a
    // concurrent change), and `loseRaces` cancelled statistics' transactions as a TransactionConflict would.
    expect(seen.ConditionalCheckFailed ?? 0).toBeGreaterThan(0);
    expect(lost.count).toBeGreaterThan(0);
  }, 120_000);
});
