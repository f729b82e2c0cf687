/**
 * The council pages: the review queue of the council's municipalities, the
 * review of one listing (approve, or reject with a reason) and the demand.
 * The domain decides who may do what; the pages turn its answers into the
 * page a council member understands (the four-eyes rule, a decision that
 * came too late).
 */
import { type Context, Hono } from "hono";
import type { Principal } from "#auth/principal";
import { reasonSchema } from "#domain/listings/model";
import { DomainError, Forbidden, NotFound } from "#shared/errors";
import type { WebEnv } from "../context";
import { type FormFields, field, readForm, zodFieldErrors } from "../forms";
import { allowRoles, csrfOf } from "../middleware";
import type { PageDeps } from "../page-deps";
import { paths } from "../paths";
import { DemandView, type MunicipalityCount } from "./council/demand";
import { QueueView } from "./council/queue";
import { type ReviewData, type ReviewNotice, ReviewView } from "./council/review";

const PAGE_SIZE = 20;
/** Pages of 100 the demand page reads per municipality to count open requests; beyond that the count is a lower bound. */
const COUNT_PAGES = 5;
const COUNT_PAGE_SIZE = 100;
const HISTORY_LIMIT = 100;

type PageContext = Context<WebEnv>;

/** The version a decision form carries, for If-Match; none when absent or not a number. */
function versionOf(form: FormFields): number | undefined {
  const text = field(form, "version");
  return /^\d{1,9}$/.test(text) ? Number(text) : undefined;
}

/** A refusal because something changed meanwhile: the listing is decided, or its version moved on. */
const isLate = (error: unknown) =>
  error instanceof DomainError && (error.kind === "conflict" || error.kind === "version-mismatch");

const cursorOf = (c: PageContext) => c.req.query("cursor") || undefined;

export function councilPages({ services }: PageDeps) {
  const app = new Hono<WebEnv>();
  const { listings, organizations, requests, clock } = services;

  const ownMunicipalities = async (principal: Principal) =>
    principal.orgId ? (await organizations.get(principal, principal.orgId)).municipalities : [];

  /** The names of the owner organisations, one read per distinct owner. */
  async function ownerNames(ids: string[]): Promise<Map<string, string>> {
    const distinct = [...new Set(ids)];
    const found = await Promise.all(distinct.map((id) => organizations.find(id)));
    return new Map(found.flatMap((org) => (org ? [[org.id, org.name] as [string, string]] : [])));
  }

  /** A listing this council reviews, with its history; the 404 page for any other. */
  async function loadReview(c: PageContext, id: string) {
    const principal = c.get("principal");
    const [listing, municipalities] = await Promise.all([listings.get(principal, id), ownMunicipalities(principal)]);
    if (!municipalities.includes(listing.municipalityCode)) throw new NotFound("Listing");
    const [history, owners] = await Promise.all([
      listings.history(principal, id, { limit: HISTORY_LIMIT }),
      ownerNames([listing.ownerOrgId]),
    ]);
    return {
      listing,
      history: history.items,
      ownerName: owners.get(listing.ownerOrgId),
      mine: listing.createdBy === principal.sub,
    };
  }

  type Loaded = Awaited<ReturnType<typeof loadReview>>;

  function renderReview(
    c: PageContext,
    loaded: Loaded,
    extra: { notice?: ReviewNotice; errors?: ReviewData["errors"]; reason?: string } = {},
    status?: 400 | 403 | 409,
  ) {
    const speech = c.get("speech");
    const data: ReviewData = { ...loaded, ...extra, now: clock.now(), csrf: csrfOf(c) };
    return c.render(<ReviewView speech={speech} data={data} />, { title: loaded.listing.title, status });
  }

  /**
   * A decision, as the domain takes it. The creator deciding on their own
   * listing gets the four-eyes message (403); a listing decided or changed
   * meanwhile gets the conflict message (409), both on the review page.
   */
  async function decide(c: PageContext, id: string, change: () => Promise<unknown>, done: "approved" | "rejected") {
    try {
      await change();
    } catch (error) {
      if (error instanceof Forbidden) {
        const loaded = await loadReview(c, id);
        if (loaded.mine) return renderReview(c, loaded, { notice: "fourEyes" }, 403);
      }
      if (isLate(error)) return renderReview(c, await loadReview(c, id), { notice: "conflict" }, 409);
      throw error;
    }
    return c.redirect(`${paths.reviews}?done=${done}`, 303);
  }

  app.get("/reviews", allowRoles("council"), async (c) => {
    const cursor = cursorOf(c);
    const page = await listings.reviewQueue(c.get("principal"), { limit: PAGE_SIZE, cursor });
    const owners = await ownerNames(page.items.map((listing) => listing.ownerOrgId));
    const done = c.req.query("done");
    const { t } = c.get("speech");
    return c.render(
      <QueueView
        speech={c.get("speech")}
        data={{
          items: page.items,
          owners,
          nextCursor: page.nextCursor,
          onFirstPage: !cursor,
          now: clock.now(),
          done: done === "approved" || done === "rejected" ? done : undefined,
        }}
      />,
      { title: t.council.queue.title },
    );
  });

  app.get("/reviews/:id", allowRoles("council"), async (c) => renderReview(c, await loadReview(c, c.req.param("id"))));

  app.post("/reviews/:id/approve", allowRoles("council"), async (c) => {
    const id = c.req.param("id");
    const version = versionOf(await readForm(c));
    return decide(c, id, () => listings.approve(c.get("principal"), id, version), "approved");
  });

  app.post("/reviews/:id/reject", allowRoles("council"), async (c) => {
    const id = c.req.param("id");
    const form = await readForm(c);
    const typed = form.reason?.[0] ?? "";
    const parsed = reasonSchema.safeParse({ reason: typed.trim() === "" ? undefined : typed });
    if (!parsed.success) {
      // Who may decide comes first: another council gets the 404 page, the creator the four-eyes message.
      const loaded = await loadReview(c, id);
      if (loaded.mine) return renderReview(c, loaded, { notice: "fourEyes" }, 403);
      const { t } = c.get("speech");
      const errors = zodFieldErrors(t, parsed.error);
      // The summary names what is missing, not only "fill in the field".
      if (errors.reason === t.errors.required) errors.reason = t.council.review.reasonRequired;
      return renderReview(c, loaded, { errors, reason: typed }, 400);
    }
    const version = versionOf(form);
    return decide(c, id, () => listings.reject(c.get("principal"), id, parsed.data.reason, version), "rejected");
  });

  app.get("/demand", allowRoles("council"), async (c) => {
    const principal = c.get("principal");
    const cursor = cursorOf(c);
    const municipalities = await ownMunicipalities(principal);
    const countOpen = async (code: string): Promise<MunicipalityCount> => {
      let count = 0;
      let next: string | undefined;
      for (let read = 0; read < COUNT_PAGES; read++) {
        const page = await requests.list(
          principal,
          { status: "open", municipality: [code] },
          { limit: COUNT_PAGE_SIZE, cursor: next },
        );
        count += page.items.length;
        if (!page.nextCursor) return { code, count, more: false };
        next = page.nextCursor;
      }
      return { code, count, more: true };
    };
    const [counts, list] = await Promise.all([
      Promise.all(municipalities.map(countOpen)),
      municipalities.length > 0
        ? requests.list(principal, { status: "open" }, { limit: PAGE_SIZE, cursor })
        : Promise.resolve({ items: [], nextCursor: null }),
    ]);
    const { t } = c.get("speech");
    return c.render(
      <DemandView
        speech={c.get("speech")}
        data={{
          counts,
          countLimit: COUNT_PAGES * COUNT_PAGE_SIZE,
          requests: list.items,
          nextCursor: list.nextCursor,
          onFirstPage: !cursor,
        }}
      />,
      { title: t.council.demand.title },
    );
  });

  return app;
}
