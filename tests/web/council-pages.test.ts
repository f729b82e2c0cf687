/**
 * The council and admin pages in-process, with real sessions on real
 * objects: the review queue's order and waiting times, a rejection without a
 * reason, the four-eyes rule, another council's listing, the wrong role, a
 * cross-site form, and the organisations form.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { speechFor } from "../../functions/web/i18n";
import { createHarness, type Harness } from "../helpers/harness";
import { createListing } from "../helpers/listings";
import { createRequest } from "../helpers/requests";
import { page, sessionFor, type WebSession } from "../helpers/web";
import { createWorld, type World } from "../helpers/world";

const DAY = 24 * 60 * 60 * 1000;
const { t } = speechFor("da");

let h: Harness;
let world: World;
let anna: WebSession;
let bo: WebSession;
let eva: WebSession;
let student: WebSession;
let admin: WebSession;
let older: string;
let newer: string;

/** A listing made and submitted through the API. */
async function pending(token: string, overrides: Record<string, unknown> = {}) {
  const listing = await createListing(h, token, overrides);
  const submitted = await h.call("POST", `/listings/${listing.id}/submit`, { token });
  expect(submitted.status).toBe(200);
  return listing.id;
}

async function statusOf(id: string) {
  const response = await h.call("GET", `/listings/${id}`, { token: world.tokens.admin });
  return (response.json as { status: string }).status;
}

/** The form group (label, hint, error, field) that holds the input with this id. */
function groupOf(html: string, inputId: string): string {
  const at = html.indexOf(`id="${inputId}"`);
  const start = html.lastIndexOf('<div class="form-group', at);
  const end = html.indexOf("</div>", at);
  return html.slice(start, end);
}

beforeAll(async () => {
  h = await createHarness();
  world = await createWorld(h);
  older = await pending(world.tokens.zealand, { title: "Older room by the fjord" });
  h.clock.advance(DAY);
  newer = await pending(world.tokens.zealand, { title: "Newer room by the station" });
  h.clock.advance(2 * DAY);
  // Sessions start after the clock has moved on, so none has lapsed.
  const orgs = world.orgs;
  anna = await sessionFor(h, { sub: "kalundborg-anna", role: "council", orgId: orgs.kalundborg.id });
  bo = await sessionFor(h, { sub: "kalundborg-bo", role: "council", orgId: orgs.kalundborg.id });
  eva = await sessionFor(h, { sub: "slagelse-eva", role: "council", orgId: orgs.slagelse.id });
  student = await sessionFor(h, { sub: "student-freja", role: "student" });
  admin = await sessionFor(h, h.admin);
});

describe("the review queue", () => {
  it("lists the council's pending listings oldest first, each with how long it has waited", async () => {
    const response = await page(h, "GET", "/app/reviews", { session: anna });
    expect(response.status).toBe(200);
    const first = response.text.indexOf("Older room by the fjord");
    const second = response.text.indexOf("Newer room by the station");
    expect(first).toBeGreaterThan(-1);
    expect(second).toBeGreaterThan(first);
    expect(response.text).toContain("venter i 3 dage");
    expect(response.text).toContain("venter i 2 dage");
    expect(response.text).toContain("Zealand");
    expect(response.text).toContain(`href="/app/reviews/${older}"`);
  });

  it("is the 403 page for a student", async () => {
    const response = await page(h, "GET", "/app/reviews", { session: student });
    expect(response.status).toBe(403);
    expect(response.text).toContain(t.pages.forbidden.title);
  });

  it("shows nothing of another council's municipalities", async () => {
    const response = await page(h, "GET", "/app/reviews", { session: eva });
    expect(response.status).toBe(200);
    expect(response.text).not.toContain("Older room by the fjord");
    expect(response.text).toContain(t.council.queue.empty);
  });
});

describe("the review page", () => {
  it("shows the listing's details, its history and both decisions", async () => {
    const response = await page(h, "GET", `/app/reviews/${older}`, { session: anna });
    expect(response.status).toBe(200);
    expect(response.text.match(/<h1/g)).toHaveLength(1);
    expect(response.text).toContain("Older room by the fjord");
    // Intl writes a no-break space between the amount and "kr.".
    expect(response.text.replaceAll("\u00a0", " ")).toContain("3.200 kr. pr. måned");
    expect(response.text).toContain("1. februar 2027 – 1. juli 2027");
    expect(response.text).toContain("zealand-ida (uddannelsesinstitution)");
    expect(response.text).toContain(t.council.review.actions.submit);
    expect(response.text).toContain(t.council.review.approve);
    expect(response.text).toContain(`action="/app/reviews/${older}/reject"`);
  });

  it("is the 404 page for another council", async () => {
    const response = await page(h, "GET", `/app/reviews/${older}`, { session: eva });
    expect(response.status).toBe(404);
    expect(response.text).toContain(t.pages.notFound.title);
  });

  it("asks for a reason to reject, next to the field and in the summary, and changes nothing", async () => {
    const response = await page(h, "POST", `/app/reviews/${older}/reject`, { session: anna, form: { reason: "" } });
    expect(response.status).toBe(400);
    expect(response.text).toContain(t.errors.summaryHeading);
    expect(response.text).toContain(`href="#field-reason"`);
    const group = groupOf(response.text, "field-reason");
    expect(group).toContain("form-error");
    expect(group).toContain(t.council.review.reasonRequired);
    expect(await statusOf(older)).toBe("pending");
  });

  it("keeps a reason that is too short, and says so", async () => {
    const response = await page(h, "POST", `/app/reviews/${older}/reject`, { session: anna, form: { reason: "no" } });
    expect(response.status).toBe(400);
    expect(response.text).toContain(t.errors.tooShort(3));
    expect(response.text).toMatch(/<textarea[^>]*id="field-reason"[^>]*>no<\/textarea>/);
    expect(await statusOf(older)).toBe("pending");
  });

  it("refuses a form sent from another site", async () => {
    const response = await page(h, "POST", `/app/reviews/${older}/approve`, {
      session: anna,
      headers: { origin: "https://evil.example" },
    });
    expect(response.status).toBe(403);
    expect(response.text).toContain(t.pages.expiredForm.title);
    expect(await statusOf(older)).toBe("pending");
  });

  it("rejects with a reason, and the queue says so", async () => {
    const response = await page(h, "POST", `/app/reviews/${newer}/reject`, {
      session: anna,
      form: { reason: "The address is missing a house number" },
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/app/reviews?done=rejected");
    expect(await statusOf(newer)).toBe("rejected");
    const queue = await page(h, "GET", "/app/reviews?done=rejected", { session: anna });
    expect(queue.text).toContain(t.council.queue.rejected);
    expect(queue.text).not.toContain("Newer room by the station");
  });

  it("approves, and a second approval is refused as too late (409) on the page", async () => {
    const review = await page(h, "GET", `/app/reviews/${older}`, { session: anna });
    const version = review.text.match(/name="version" value="(\d+)"/)?.[1];
    expect(version).toBeDefined();
    const approved = await page(h, "POST", `/app/reviews/${older}/approve`, {
      session: anna,
      form: { version: version as string },
    });
    expect(approved.status).toBe(303);
    expect(approved.headers.get("location")).toBe("/app/reviews?done=approved");
    expect(await statusOf(older)).toBe("approved");
    const again = await page(h, "POST", `/app/reviews/${older}/approve`, {
      session: bo,
      form: { version: version as string },
    });
    expect(again.status).toBe(409);
    expect(again.text).toContain(t.council.review.conflictTitle);
    expect(again.text).toContain(t.council.review.notPending(t.listingStatuses.approved));
  });

  it("keeps the creator from approving their own listing (four eyes), and lets a colleague", async () => {
    const own = await pending(world.tokens.kalundborg, { title: "The council's own room" });
    const review = await page(h, "GET", `/app/reviews/${own}`, { session: anna });
    expect(review.status).toBe(200);
    expect(review.text).toContain(t.council.review.ownListingTitle);
    expect(review.text).not.toContain(`action="/app/reviews/${own}/approve"`);
    const refused = await page(h, "POST", `/app/reviews/${own}/approve`, { session: anna });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain(t.council.review.fourEyesTitle);
    expect(refused.text).toContain(t.council.review.ownListing);
    const rejectRefused = await page(h, "POST", `/app/reviews/${own}/reject`, {
      session: anna,
      form: { reason: "Rejecting my own" },
    });
    expect(rejectRefused.status).toBe(403);
    expect(await statusOf(own)).toBe("pending");
    const colleague = await page(h, "POST", `/app/reviews/${own}/approve`, { session: bo });
    expect(colleague.status).toBe(303);
    expect(await statusOf(own)).toBe("approved");
  });
});

describe("the demand page", () => {
  it("counts the open requests per municipality and shows company and dates, no student", async () => {
    await createRequest(h, world.tokens.student);
    const response = await page(h, "GET", "/app/demand", { session: anna });
    expect(response.status).toBe(200);
    expect(response.text).toMatch(/<td[^>]*>Kalundborg<\/td><td[^>]*>1<\/td>/);
    expect(response.text).toContain("Novo Nordisk Kalundborg");
    expect(response.text).toContain("01.03.2027 – 01.06.2027");
    expect(response.text).not.toContain("student-freja");
    const other = await page(h, "GET", "/app/demand", { session: eva });
    expect(other.text).not.toContain("Novo Nordisk Kalundborg");
    expect(other.text).toMatch(/<td[^>]*>Slagelse<\/td><td[^>]*>0<\/td>/);
  });
});

describe("the organisations page", () => {
  it("lets an admin create an organisation", async () => {
    const created = await page(h, "POST", "/app/organizations", {
      session: admin,
      form: { kind: "council", name: "Odsherred Erhvervsråd", municipalities: ["306"] },
    });
    expect(created.status).toBe(303);
    expect(created.headers.get("location")).toBe("/app/organizations?done=created");
    const list = await page(h, "GET", "/app/organizations?done=created", { session: admin });
    expect(list.text).toContain(t.admin.organizations.created);
    // The name links to the organisation's own page, with its staff.
    expect(list.text).toMatch(
      /<td[^>]*><a href="\/app\/organizations\/[^"]+">Odsherred Erhvervsråd<\/a><\/td><td[^>]*>erhvervsråd<\/td><td[^>]*>Odsherred<\/td>/,
    );
  });

  it("shows what is wrong next to each field, keeping what was entered", async () => {
    const before = await page(h, "GET", "/app/organizations", { session: admin });
    const response = await page(h, "POST", "/app/organizations", {
      session: admin,
      form: { kind: "council", name: "X" },
    });
    expect(response.status).toBe(400);
    expect(response.text).toContain(t.errors.summaryHeading);
    expect(groupOf(response.text, "field-name")).toContain(t.errors.tooShort(2));
    expect(response.text).toMatch(/id="field-name" name="name" value="X"/);
    expect(response.text).toContain(t.admin.organizations.councilNeedsMunicipality);
    expect(response.text).toMatch(/value="council" checked/);
    const missingKind = await page(h, "POST", "/app/organizations", { session: admin, form: { name: "Roskilde" } });
    expect(missingKind.status).toBe(400);
    expect(missingKind.text).toContain(t.admin.organizations.kindRequired);
    const after = await page(h, "GET", "/app/organizations", { session: admin });
    expect(after.text.match(/<tr>/g)?.length).toBe(before.text.match(/<tr>/g)?.length);
  });

  it("is the 403 page for a council", async () => {
    const response = await page(h, "GET", "/app/organizations", { session: anna });
    expect(response.status).toBe(403);
  });
});
