/**
 * The staff pages: an organisation's listings by state, the listing form
 * (new and edit), and each listing's page with its actions, applications,
 * bookings, occupancy calendar and history. Institutions and councils alike
 * own listings; each page shows only the caller's own organisation's.
 */
import { type Context, Hono } from "hono";
import type { Principal } from "#auth/principal";
import { offerSchema } from "#domain/bookings/model";
import { todayIn } from "#domain/common/dates";
import { LISTING_STATUSES, type ListingStatus, optionalReasonSchema, reasonSchema } from "#domain/listings/model";
import { DomainError, NotFound, VersionMismatch } from "#shared/errors";
import { Alert, CursorPagination, Table, Tabs } from "../components/page-parts";
import type { WebEnv } from "../context";
import { attempt, type FieldErrors, type FormFields, field, readForm, wholeNumber, zodFieldErrors } from "../forms";
import { allowRoles, csrfOf } from "../middleware";
import type { PageDeps } from "../page-deps";
import { paths } from "../paths";
import {
  formFieldsOf,
  ListingForm,
  type ListingFormProps,
  readListingPatch,
  readNewListing,
} from "./staff/listing-form";
import {
  type Cursors,
  type Done,
  isDone,
  ListingPage,
  type ListingPageProps,
  municipalityName,
} from "./staff/listing-page";

type Tab = "all" | ListingStatus;
const TABS: Tab[] = ["all", ...LISTING_STATUSES];
const PAGE_SIZE = 20;

const isTab = (value: string | undefined): value is Tab => TABS.includes(value as Tab);

/** A version sent with a form, for If-Match; absent when the form sent none. */
function versionOf(form: FormFields): number | undefined {
  const text = field(form, "version");
  return /^\d{1,9}$/.test(text) ? Number(text) : undefined;
}

/** A conflict the page explains (state, capacity, a stale version); every other error goes on to the error pages. */
const isRefusal = (error: unknown): error is DomainError =>
  error instanceof DomainError && (error.kind === "conflict" || error.kind === "version-mismatch");

export function staffPages({ services }: PageDeps) {
  const app = new Hono<WebEnv>();
  const staff = allowRoles("institution", "council");

  const principalOf = (c: Context<WebEnv>): Principal => c.get("principal");

  /** The listing, if the caller's organisation owns it; 404 otherwise (so existence does not leak). */
  async function ownListing(c: Context<WebEnv>, id: string) {
    const principal = principalOf(c);
    const listing = await services.listings.get(principal, id);
    if (listing.ownerOrgId !== principal.orgId) throw new NotFound("Listing");
    return listing;
  }

  /** Everything the listing's page shows. */
  async function listingData(c: Context<WebEnv>, id: string) {
    const principal = principalOf(c);
    const listing = await ownListing(c, id);
    const cursors: Cursors = {
      applications: c.req.query("applications") || undefined,
      bookings: c.req.query("bookings") || undefined,
      history: c.req.query("history") || undefined,
    };
    const [applications, bookings, history, occupancy] = await Promise.all([
      services.stays.listApplications(
        principal,
        { listingId: id },
        { limit: PAGE_SIZE, cursor: c.req.method === "GET" ? cursors.applications : undefined },
      ),
      services.stays.listBookings(
        principal,
        { listingId: id },
        { limit: PAGE_SIZE, cursor: c.req.method === "GET" ? cursors.bookings : undefined },
      ),
      services.listings.history(principal, id, {
        limit: PAGE_SIZE,
        cursor: c.req.method === "GET" ? cursors.history : undefined,
      }),
      services.listings.occupancy(principal, id),
    ]);
    const today = todayIn(services.clock);
    return {
      listing,
      applications,
      bookings,
      history,
      occupancy,
      today,
      cursors: c.req.method === "GET" ? cursors : {},
    };
  }

  async function showListing(
    c: Context<WebEnv>,
    id: string,
    extra: Partial<ListingPageProps> = {},
    status?: 400 | 409,
  ) {
    const data = await listingData(c, id);
    return c.render(<ListingPage {...data} speech={c.get("speech")} csrf={csrfOf(c)} {...extra} />, {
      title: data.listing.title,
      status,
    });
  }

  const done = (listingId: string, what: Done) => `${paths.listing(listingId)}?done=${what}`;

  // ── the organisation's listings ────────────────────────────────────────

  app.get("/listings", staff, async (c) => {
    const speech = c.get("speech");
    const { t, fmt } = speech;
    const s = t.staff.list;
    const requested = c.req.query("status");
    const tab: Tab = isTab(requested) ? requested : "all";
    const cursor = c.req.query("cursor") || undefined;
    const found = await services.listings.search(
      principalOf(c),
      { mine: true, ...(tab === "all" ? {} : { status: tab }) },
      { limit: PAGE_SIZE, cursor },
    );
    const tabHref = (value: Tab, next?: string) => {
      const query = new URLSearchParams();
      if (value !== "all") query.set("status", value);
      if (next) query.set("cursor", next);
      const search = query.toString();
      return `${paths.listings}${search ? `?${search}` : ""}`;
    };
    const notice = c.req.query("done");
    return c.render(
      <>
        <h1>{s.title}</h1>
        <p class="font-lead">{s.lead}</p>
        {isDone(notice) ? (
          <Alert kind="success" live>
            <p>{t.staff.listing.done[notice]}</p>
          </Alert>
        ) : null}
        <p>
          <a class="button button-primary" href={paths.newListing}>
            {s.create}
          </a>
        </p>
        <Tabs
          label={s.tabsLabel}
          tabs={TABS.map((value) => ({ label: s.tabs[value], href: tabHref(value), current: value === tab }))}
        />
        {found.items.length === 0 ? (
          <p>{tab === "all" && !cursor ? s.emptyAll : s.empty}</p>
        ) : (
          <Table
            id="listings-table"
            caption={s.caption(s.tabs[tab])}
            captionHidden
            head={[s.head.title, s.head.kind, s.head.municipality, s.head.period, s.head.rent, s.head.status]}
            rows={found.items.map((listing) => [
              <a href={paths.listing(listing.id)}>{listing.title}</a>,
              t.kinds[listing.kind],
              municipalityName(listing.municipalityCode),
              t.dateRange(fmt.dateShort(listing.availableFrom), fmt.dateShort(listing.availableTo)),
              fmt.dkk(listing.rentDkk),
              t.listingStatuses[listing.status],
            ])}
          />
        )}
        <CursorPagination
          t={t}
          nextCursor={found.nextCursor}
          onFirstPage={!cursor}
          href={(next) => tabHref(tab, next)}
        />
      </>,
      { title: s.title },
    );
  });

  // ── the listing form ───────────────────────────────────────────────────

  const renderForm = (
    c: Context<WebEnv>,
    props: Omit<ListingFormProps, "t" | "csrf">,
    heading: string,
    lead: string,
    status?: 400 | 409,
  ) => {
    const { t } = c.get("speech");
    return c.render(
      <>
        <h1>{heading}</h1>
        <p class="font-lead">{lead}</p>
        <ListingForm {...props} t={t} csrf={csrfOf(c)} />
      </>,
      { title: heading, status },
    );
  };

  app.get("/listings/new", staff, (c) => {
    const f = c.get("speech").t.staff.form;
    return renderForm(
      c,
      {
        mode: "new",
        action: paths.newListing,
        values: { depositDkk: ["0"], capacity: ["1"] },
        cancelHref: paths.listings,
      },
      f.newTitle,
      f.newLead,
    );
  });

  app.post("/listings/new", staff, async (c) => {
    const { t } = c.get("speech");
    const f = t.staff.form;
    const form = await readForm(c);
    const again = (errors: FieldErrors) =>
      renderForm(
        c,
        { mode: "new", action: paths.newListing, values: form, errors, cancelHref: paths.listings },
        f.newTitle,
        f.newLead,
        400,
      );
    const read = readNewListing(t, form);
    if (!read.ok) return again(read.errors);
    const created = await attempt(t, () => services.listings.create(principalOf(c), read.value));
    if (!created.ok) return again(created.errors);
    return c.redirect(done(created.value.id, "created"), 303);
  });

  app.get("/listings/:id", staff, (c) => {
    const notice = c.req.query("done");
    return showListing(c, c.req.param("id"), { done: isDone(notice) ? notice : undefined });
  });

  app.get("/listings/:id/edit", staff, async (c) => {
    const f = c.get("speech").t.staff.form;
    const listing = await ownListing(c, c.req.param("id"));
    if (listing.status === "withdrawn" || listing.status === "expired") {
      return showListing(c, listing.id, { refusal: f.refusedState }, 409);
    }
    return renderForm(
      c,
      {
        mode: "edit",
        action: paths.editListing(listing.id),
        values: formFieldsOf(listing),
        approved: listing.status === "approved",
        cancelHref: paths.listing(listing.id),
      },
      f.editTitle(listing.title),
      f.editLead,
    );
  });

  app.post("/listings/:id/edit", staff, async (c) => {
    const { t } = c.get("speech");
    const f = t.staff.form;
    const listing = await ownListing(c, c.req.param("id"));
    const form = await readForm(c);
    const again = (status: 400 | 409, extra: Partial<ListingFormProps>) =>
      renderForm(
        c,
        {
          mode: "edit",
          action: paths.editListing(listing.id),
          values: form,
          approved: listing.status === "approved",
          cancelHref: paths.listing(listing.id),
          ...extra,
        },
        f.editTitle(listing.title),
        f.editLead,
        status,
      );
    const read = readListingPatch(t, form);
    if (!read.ok) return again(400, { errors: read.errors });
    try {
      const edited = await attempt(t, () =>
        services.listings.edit(principalOf(c), listing.id, read.value, versionOf(form)),
      );
      if (!edited.ok) return again(400, { errors: edited.errors });
      const backToReview = listing.status === "approved" && edited.value.status === "pending";
      return c.redirect(done(listing.id, backToReview ? "backToReview" : "saved"), 303);
    } catch (error) {
      if (!isRefusal(error)) throw error;
      if (error instanceof VersionMismatch || error.kind === "version-mismatch") {
        return again(409, {
          refusal: {
            heading: f.conflictHeading,
            text: f.conflictText,
            link: { href: paths.editListing(listing.id), label: f.conflictLink },
          },
        });
      }
      const text = /municipality/i.test(error.message)
        ? f.refusedMove
        : /capacity|outside the new window/i.test(error.message)
          ? f.refusedCapacity
          : f.refusedState;
      return again(409, { refusal: { heading: f.refusedHeading, text } });
    }
  });

  // ── actions on a listing and on its applications and bookings ──────────

  /** Runs an action; a refusal shows the listing's page again with what went wrong (409). */
  async function act(
    c: Context<WebEnv>,
    listingId: string,
    change: () => Promise<unknown>,
    refusalText: (error: DomainError) => string,
    success: Done,
  ) {
    try {
      await change();
    } catch (error) {
      if (!isRefusal(error)) throw error;
      const conflicts = c.get("speech").t.staff.listing.conflicts;
      const text = error.kind === "version-mismatch" ? conflicts.version : refusalText(error);
      return showListing(c, listingId, { refusal: text }, 409);
    }
    return c.redirect(done(listingId, success), 303);
  }

  app.post("/listings/:id/submit", staff, async (c) => {
    const conflicts = c.get("speech").t.staff.listing.conflicts;
    const listing = await ownListing(c, c.req.param("id"));
    const form = await readForm(c);
    return act(
      c,
      listing.id,
      () => services.listings.submit(principalOf(c), listing.id, versionOf(form)),
      () => conflicts.submit,
      "submitted",
    );
  });

  app.post("/listings/:id/withdraw", staff, async (c) => {
    const { t } = c.get("speech");
    const listing = await ownListing(c, c.req.param("id"));
    const form = await readForm(c);
    const reason = field(form, "reason");
    const parsed = optionalReasonSchema.safeParse({ reason: reason || undefined });
    if (!parsed.success) {
      return showListing(c, listing.id, { errors: zodFieldErrors(t, parsed.error), typed: { reason } }, 400);
    }
    return act(
      c,
      listing.id,
      () => services.listings.withdraw(principalOf(c), listing.id, parsed.data.reason, versionOf(form)),
      () => t.staff.listing.conflicts.withdraw,
      "withdrawn",
    );
  });

  /** The application, if it belongs to this listing of the caller's organisation. */
  async function ownApplication(c: Context<WebEnv>) {
    const listing = await ownListing(c, c.req.param("lid") as string);
    const application = await services.stays.getApplication(principalOf(c), c.req.param("aid") as string);
    if (application.listingId !== listing.id) throw new NotFound("Application");
    return { listing, application };
  }

  app.post("/listings/:lid/applications/:aid/offer", staff, async (c) => {
    const { t } = c.get("speech");
    const { listing, application } = await ownApplication(c);
    const form = await readForm(c);
    const hours = field(form, "expiresInHours");
    const parsed = offerSchema.safeParse(
      { expiresInHours: wholeNumber(form, "expiresInHours") },
      { reportInput: true },
    );
    const path = `offer.${application.id}`;
    if (!parsed.success) {
      return showListing(
        c,
        listing.id,
        { errors: { [path]: t.staff.applications.expiresInHoursError }, typed: { [path]: hours } },
        400,
      );
    }
    const conflicts = t.staff.listing.conflicts;
    return act(
      c,
      listing.id,
      () => services.stays.offer(principalOf(c), application.id, parsed.data.expiresInHours, versionOf(form)),
      (error) => (/no bed is free/i.test(error.message) ? conflicts.noFreeBed : conflicts.offer),
      "offered",
    );
  });

  app.post("/listings/:lid/applications/:aid/decline", staff, async (c) => {
    const conflicts = c.get("speech").t.staff.listing.conflicts;
    const { listing, application } = await ownApplication(c);
    const form = await readForm(c);
    return act(
      c,
      listing.id,
      () => services.stays.decline(principalOf(c), application.id, versionOf(form)),
      () => conflicts.decline,
      "declined",
    );
  });

  app.post("/listings/:lid/bookings/:bid/cancel", staff, async (c) => {
    const { t } = c.get("speech");
    const listing = await ownListing(c, c.req.param("lid"));
    const booking = await services.stays.getBooking(principalOf(c), c.req.param("bid"));
    if (booking.listingId !== listing.id || booking.ownerOrgId !== principalOf(c).orgId) {
      throw new NotFound("Booking");
    }
    const form = await readForm(c);
    const reason = field(form, "reason");
    const parsed = reasonSchema.safeParse({ reason: reason || undefined }, { reportInput: true });
    const path = `cancel.${booking.id}`;
    if (!parsed.success) {
      const message = zodFieldErrors(t, parsed.error).reason ?? t.errors.format;
      return showListing(c, listing.id, { errors: { [path]: message }, typed: { [path]: reason } }, 400);
    }
    return act(
      c,
      listing.id,
      () => services.stays.cancelBooking(principalOf(c), booking.id, parsed.data.reason, versionOf(form)),
      () => t.staff.listing.conflicts.cancel,
      "cancelled",
    );
  });

  return app;
}
