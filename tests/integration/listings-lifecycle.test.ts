/** The listing state machine, who may drive it, and what each role sees. */
import { beforeAll, describe, expect, it } from "vitest";
import { createManualClock } from "#shared/runtime";
import { createHarness, type Harness } from "../helpers/harness";
import { approvedListing, createListing, listingBody } from "../helpers/listings";
import { createWorld, type World } from "../helpers/world";

const clock = createManualClock("2026-12-01T09:00:00Z");
let h: Harness;
let w: World;
let t: World["tokens"];

beforeAll(async () => {
  h = await createHarness({ clock });
  w = await createWorld(h);
  t = w.tokens;
});

const post = (path: string, token: string, body?: unknown, headers?: Record<string, string>) =>
  h.call("POST", path, { token, body, headers });
const get = (path: string, token: string) => h.call("GET", path, { token });

describe("the listing lifecycle", () => {
  it("goes draft → pending → approved, and a student then finds it without the contact note", async () => {
    const created = await h.call("POST", "/listings", { token: t.zealand, body: listingBody() });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      status: "draft",
      version: 1,
      ownerOrgId: w.orgs.zealand.id,
      createdBy: "zealand-ida",
    });
    expect(created.headers.get("location")).toBe(`/listings/${created.json.id}`);
    expect(created.headers.get("etag")).toBe('"1"');
    const id = created.json.id;

    expect((await get(`/listings/${id}`, t.student)).status).toBe(404);
    const submitted = await post(`/listings/${id}/submit`, t.zealand);
    expect(submitted.json).toMatchObject({ status: "pending", version: 2, submittedAt: expect.any(String) });
    expect((await get(`/listings/${id}`, t.student)).status).toBe(404);

    const approved = await post(`/listings/${id}/approve`, t.kalundborg);
    expect(approved.status).toBe(200);
    expect(approved.json).toMatchObject({
      status: "approved",
      version: 3,
      review: { decidedBy: "kalundborg-anna", decision: "approved", decidedAt: expect.any(String) },
    });

    const seen = await get(`/listings/${id}`, t.student);
    expect(seen.status).toBe(200);
    expect(seen.json.status).toBe("approved");
    expect(seen.json).not.toHaveProperty("contactNote");
    expect((await get(`/listings/${id}`, t.zealand)).json.contactNote).toBe(listingBody().contactNote);
    expect((await get(`/listings/${id}`, t.kalundborg)).json.contactNote).toBe(listingBody().contactNote);
    const found = await get("/listings?municipality=326", t.student);
    expect(found.json.items.map((item: { id: string }) => item.id)).toContain(id);
    expect(found.json.items.every((item: object) => !("contactNote" in item))).toBe(true);
  });

  it("lets the owner see the rejection reason, edit and resubmit", async () => {
    const { id } = await createListing(h, t.zealand);
    await post(`/listings/${id}/submit`, t.zealand);
    expect((await post(`/listings/${id}/reject`, t.kalundborg, {})).status).toBe(400);
    const rejected = await post(`/listings/${id}/reject`, t.kalundborg, { reason: "The photos show another address" });
    expect(rejected.json).toMatchObject({
      status: "rejected",
      review: { decision: "rejected", reason: "The photos show another address" },
    });
    expect((await get(`/listings/${id}`, t.zealand)).json.review.reason).toBe("The photos show another address");
    const edited = await h.call("PATCH", `/listings/${id}`, {
      token: t.zealand,
      body: { title: "Room at Havnegade 1" },
    });
    expect(edited.json).toMatchObject({ status: "rejected", title: "Room at Havnegade 1" });
    const resubmitted = await post(`/listings/${id}/submit`, t.zealand);
    expect(resubmitted.json.status).toBe("pending");
    expect(resubmitted.json).not.toHaveProperty("review");
  });

  it("sends an approved listing back for approval when its rent, dates, address, capacity or kind change", async () => {
    for (const change of [
      { rentDkk: 3500 },
      { availableTo: "2027-08-01" },
      { address: { street: "Skibbrogade 2", postalCode: "4400", city: "Kalundborg" } },
      { capacity: 2 },
      { kind: "apartment" },
    ]) {
      const { id } = await approvedListing(h, { owner: t.zealand, reviewer: t.kalundborg });
      const edited = await h.call("PATCH", `/listings/${id}`, { token: t.zealand, body: change });
      expect(edited.status).toBe(200);
      expect(edited.json.status).toBe("pending");
      const queue = await get("/reviews?limit=100", t.kalundborg);
      expect(queue.json.items.map((item: { id: string }) => item.id)).toContain(id);
    }
  });

  it("keeps an approved listing approved when only its description or title change", async () => {
    const { id } = await approvedListing(h, { owner: t.zealand, reviewer: t.kalundborg });
    const edited = await h.call("PATCH", `/listings/${id}`, {
      token: t.zealand,
      body: { title: "Bright room near the harbour", description: "Now with a new desk." },
    });
    expect(edited.json).toMatchObject({ status: "approved", title: "Bright room near the harbour", version: 4 });
  });

  it("clears an optional field with null", async () => {
    const { id } = await createListing(h, t.zealand);
    const edited = await h.call("PATCH", `/listings/${id}`, {
      token: t.zealand,
      body: { location: null, sizeSqm: null },
    });
    expect(edited.status).toBe(200);
    expect(edited.json).not.toHaveProperty("location");
    expect(edited.json).not.toHaveProperty("sizeSqm");
    const required = await h.call("PATCH", `/listings/${id}`, { token: t.zealand, body: { title: null } });
    expect(required.status).toBe(400);
  });

  it("withdraws from any state but expired, and keeps withdrawn listings from students", async () => {
    const draft = await createListing(h, t.zealand);
    const pending = await createListing(h, t.zealand);
    await post(`/listings/${pending.id}/submit`, t.zealand);
    const approved = await approvedListing(h, { owner: t.zealand, reviewer: t.kalundborg });
    const rejected = await createListing(h, t.zealand);
    await post(`/listings/${rejected.id}/submit`, t.zealand);
    await post(`/listings/${rejected.id}/reject`, t.kalundborg, { reason: "Incomplete" });
    for (const { id } of [draft, pending, approved, rejected]) {
      const withdrawn = await post(`/listings/${id}/withdraw`, t.zealand, { reason: "Let privately" });
      expect(withdrawn.status).toBe(200);
      expect(withdrawn.json.status).toBe("withdrawn");
    }
    expect((await get(`/listings/${approved.id}`, t.student)).status).toBe(404);
    expect((await post(`/listings/${draft.id}/withdraw`, t.zealand)).status).toBe(409);
  });
});

describe("refused transitions answer 409", () => {
  it.each([
    ["submitting a pending listing", "pending", "submit", "zealand"],
    ["submitting an approved listing", "approved", "submit", "zealand"],
    ["approving an approved listing", "approved", "approve", "kalundborg"],
    ["rejecting an approved listing", "approved", "reject", "kalundborg"],
    ["approving a rejected listing", "rejected", "approve", "kalundborg"],
    ["approving a withdrawn listing", "withdrawn", "approve", "kalundborg"],
    ["submitting a withdrawn listing", "withdrawn", "submit", "zealand"],
    ["withdrawing a withdrawn listing", "withdrawn", "withdraw", "zealand"],
  ] as const)("%s", async (_, state, action, actor) => {
    const { id } = await createListing(h, t.zealand);
    if (state !== "withdrawn") await post(`/listings/${id}/submit`, t.zealand);
    if (state === "approved") await post(`/listings/${id}/approve`, t.kalundborg);
    if (state === "rejected") await post(`/listings/${id}/reject`, t.kalundborg, { reason: "Not now" });
    if (state === "withdrawn") await post(`/listings/${id}/withdraw`, t.zealand);
    const body = action === "reject" ? { reason: "Late change of mind" } : undefined;
    const response = await post(`/listings/${id}/${action}`, t[actor], body);
    expect(response.status).toBe(409);
    expect(response.json.type).toContain("conflict");
  });

  it("refuses to edit a withdrawn listing", async () => {
    const { id } = await createListing(h, t.zealand);
    await post(`/listings/${id}/withdraw`, t.zealand);
    expect((await h.call("PATCH", `/listings/${id}`, { token: t.zealand, body: { rentDkk: 1 } })).status).toBe(409);
  });

  it("shows an approved listing whose window has passed as expired, and refuses to withdraw or edit it", async () => {
    const local = await createHarness({ clock: createManualClock("2026-12-01T09:00:00Z") });
    const world = await createWorld(local);
    const listing = await approvedListing(
      local,
      { owner: world.tokens.zealand, reviewer: world.tokens.kalundborg },
      { availableFrom: "2026-12-10", availableTo: "2027-01-10" },
    );
    local.clock.set("2027-01-11T09:00:00Z");
    const read = await local.call("GET", `/listings/${listing.id}`, { token: world.tokens.zealand });
    expect(read.json.status).toBe("expired");
    expect((await local.call("POST", `/listings/${listing.id}/withdraw`, { token: world.tokens.zealand })).status).toBe(
      409,
    );
    expect(
      (
        await local.call("PATCH", `/listings/${listing.id}`, {
          token: world.tokens.zealand,
          body: { title: "New title" },
        })
      ).status,
    ).toBe(409);
    const search = await local.call("GET", "/listings?municipality=326", { token: world.tokens.student });
    expect(search.json.items).toEqual([]);
    const expired = await local.call("GET", "/listings?mine=true&status=expired", { token: world.tokens.zealand });
    expect(expired.json.items.map((item: { id: string }) => item.id)).toEqual([listing.id]);
  });
});

describe("lazy expiry", () => {
  it("moves an expired listing out of the search partition the first time a search meets it, with an audit event", async () => {
    const local = await createHarness({ clock: createManualClock("2026-12-01T09:00:00Z") });
    const world = await createWorld(local);
    const listing = await approvedListing(
      local,
      { owner: world.tokens.zealand, reviewer: world.tokens.kalundborg },
      { availableFrom: "2026-12-10", availableTo: "2027-01-10" },
    );
    local.clock.set("2027-01-11T09:00:00Z");
    expect((await local.call("GET", "/listings?municipality=326", { token: world.tokens.student })).json.items).toEqual(
      [],
    );
    const history = await local.call("GET", `/listings/${listing.id}/history`, { token: world.tokens.zealand });
    expect(history.json.items.at(-1)).toMatchObject({
      action: "expire",
      from: "approved",
      to: "expired",
      actor: "system",
    });
    const read = await local.call("GET", `/listings/${listing.id}`, { token: world.tokens.zealand });
    expect(read.json).toMatchObject({ status: "expired", version: 4 });
    const admin = await local.call("GET", "/listings?municipality=326&status=expired", { token: world.tokens.admin });
    expect(admin.json.items.map((item: { id: string }) => item.id)).toEqual([listing.id]);
    // A second search finds nothing more to expire: the version stays.
    await local.call("GET", "/listings?municipality=326", { token: world.tokens.student });
    expect((await local.call("GET", `/listings/${listing.id}`, { token: world.tokens.zealand })).json.version).toBe(4);
  });
});

describe("who may do what", () => {
  it("answers 403 to roles that may never use a route", async () => {
    const { id } = await createListing(h, t.zealand);
    await post(`/listings/${id}/submit`, t.zealand);
    expect((await post("/listings", t.student, listingBody())).status).toBe(403);
    expect((await post("/listings", t.admin, listingBody())).status).toBe(403);
    expect((await h.call("PATCH", `/listings/${id}`, { token: t.student, body: { title: "Mine now" } })).status).toBe(
      403,
    );
    expect((await post(`/listings/${id}/submit`, t.student)).status).toBe(403);
    expect((await post(`/listings/${id}/withdraw`, t.admin)).status).toBe(403);
    expect((await post(`/listings/${id}/approve`, t.zealand)).status).toBe(403);
    expect((await post(`/listings/${id}/approve`, t.student)).status).toBe(403);
    expect((await post(`/listings/${id}/reject`, t.admin, { reason: "No" })).status).toBe(403);
    expect((await get("/reviews", t.zealand)).status).toBe(403);
    expect((await get("/reviews", t.student)).status).toBe(403);
    expect((await get(`/listings/${id}/history`, t.student)).status).toBe(403);
  });

  it("answers 404 to other organisations for another's listing, in any state", async () => {
    const draft = await createListing(h, t.zealand);
    const approved = await approvedListing(h, { owner: t.zealand, reviewer: t.kalundborg });
    for (const { id } of [draft, approved]) {
      expect((await h.call("PATCH", `/listings/${id}`, { token: t.absalon, body: { rentDkk: 1 } })).status).toBe(404);
      expect((await post(`/listings/${id}/withdraw`, t.absalon)).status).toBe(404);
      expect((await post(`/listings/${id}/submit`, t.absalon)).status).toBe(404);
      expect((await get(`/listings/${id}/history`, t.absalon)).status).toBe(404);
    }
    expect((await get(`/listings/${draft.id}`, t.absalon)).status).toBe(404);
    expect((await get(`/listings/${draft.id}`, t.kalundborg)).status).toBe(404);
    expect((await get(`/listings/${approved.id}`, t.absalon)).json).not.toHaveProperty("contactNote");
  });

  it("lets another member of the owner organisation act on the listing", async () => {
    const { id } = await createListing(h, t.zealand);
    expect((await post(`/listings/${id}/submit`, t.zealandColleague)).status).toBe(200);
  });

  it("keeps approval with the council of the listing's municipality", async () => {
    const { id } = await createListing(h, t.zealand, {
      municipalityCode: "376",
      address: { street: "Torvet 1", postalCode: "4800", city: "Nykøbing F" },
    });
    await post(`/listings/${id}/submit`, t.zealand);
    expect((await post(`/listings/${id}/approve`, t.kalundborg)).status).toBe(404);
    expect((await post(`/listings/${id}/reject`, t.slagelse, { reason: "Not ours" })).status).toBe(404);
    expect((await get(`/listings/${id}`, t.slagelse)).status).toBe(404);
    expect((await get("/reviews?limit=100", t.kalundborg)).json.items.map((l: { id: string }) => l.id)).not.toContain(
      id,
    );
    expect((await post(`/listings/${id}/approve`, t.lollandFalster)).json.status).toBe("approved");
  });

  it("never lets the person who created a listing approve it (four eyes), but a colleague may", async () => {
    const { id } = await createListing(h, t.kalundborg);
    await post(`/listings/${id}/submit`, t.kalundborg);
    const own = await post(`/listings/${id}/approve`, t.kalundborg);
    expect(own.status).toBe(403);
    expect((await post(`/listings/${id}/reject`, t.kalundborg, { reason: "Hmm" })).status).toBe(403);
    expect((await post(`/listings/${id}/approve`, t.kalundborgColleague)).json.status).toBe("approved");
  });

  it("shows the audit trail to the owner, the council and admins", async () => {
    const { id } = await approvedListing(h, { owner: t.zealand, reviewer: t.kalundborg });
    await post(`/listings/${id}/withdraw`, t.zealand, { reason: "Rented out" });
    for (const token of [t.zealand, t.kalundborg, t.admin]) {
      const history = await get(`/listings/${id}/history`, token);
      expect(history.status).toBe(200);
      expect(
        history.json.items.map((e: { action: string; from: string | null; to: string }) => [e.action, e.from, e.to]),
      ).toEqual([
        ["create", null, "draft"],
        ["submit", "draft", "pending"],
        ["approve", "pending", "approved"],
        ["withdraw", "approved", "withdrawn"],
      ]);
    }
    const history = await get(`/listings/${id}/history`, t.admin);
    expect(history.json.items[2]).toMatchObject({
      actor: "kalundborg-anna",
      actorRole: "council",
      at: expect.any(String),
    });
    expect(history.json.items[3].reason).toBe("Rented out");
    const page = await get(`/listings/${id}/history?limit=3`, t.admin);
    expect(page.json.items).toHaveLength(3);
    const rest = await get(
      `/listings/${id}/history?limit=3&cursor=${encodeURIComponent(page.json.nextCursor)}`,
      t.admin,
    );
    expect(rest.json.items.map((e: { action: string }) => e.action)).toEqual(["withdraw"]);
  });
});

describe("versions", () => {
  it("sends an ETag on reads, honours If-Match, and answers 412 to a stale version", async () => {
    const { id } = await createListing(h, t.zealand);
    const read = await get(`/listings/${id}`, t.zealand);
    expect(read.headers.get("etag")).toBe('"1"');
    const first = await h.call("PATCH", `/listings/${id}`, {
      token: t.zealand,
      body: { rentDkk: 3000 },
      headers: { "if-match": '"1"' },
    });
    expect(first.status).toBe(200);
    expect(first.headers.get("etag")).toBe('"2"');
    const stale = await h.call("PATCH", `/listings/${id}`, {
      token: t.zealandColleague,
      body: { rentDkk: 2800 },
      headers: { "if-match": '"1"' },
    });
    expect(stale.status).toBe(412);
    expect((await post(`/listings/${id}/submit`, t.zealand, undefined, { "if-match": '"1"' })).status).toBe(412);
    expect((await get(`/listings/${id}`, t.zealand)).json.rentDkk).toBe(3000);
    expect((await post(`/listings/${id}/submit`, t.zealand, undefined, { "if-match": "3" })).status).toBe(400);
  });

  it("leaves exactly one outcome when approve and withdraw race", async () => {
    for (let round = 0; round < 6; round++) {
      const { id } = await createListing(h, t.zealand);
      await post(`/listings/${id}/submit`, t.zealand);
      const [approve, withdraw] = await Promise.all([
        post(`/listings/${id}/approve`, t.kalundborg),
        post(`/listings/${id}/withdraw`, t.zealand),
      ]);
      expect(withdraw.status).toBe(200);
      expect([200, 409]).toContain(approve.status);
      const final = await get(`/listings/${id}`, t.zealand);
      expect(final.json.status).toBe("withdrawn");
      const history = (await get(`/listings/${id}/history`, t.zealand)).json.items as { from: string; to: string }[];
      // Every step starts where the one before ended: no lost update.
      for (let step = 1; step < history.length; step++) expect(history[step]?.from).toBe(history[step - 1]?.to);
      expect(history.some((event) => event.to === "approved")).toBe(approve.status === 200);
      expect(final.json.version).toBe(history.length);
    }
  });
});

describe("idempotent requests", () => {
  it("replays the first answer to a repeated POST /listings and writes nothing new", async () => {
    const local = await createHarness();
    const world = await createWorld(local);
    const key = { "idempotency-key": "create-listing-1" };
    const body = listingBody({ title: "Idempotent room" });
    const first = await local.call("POST", "/listings", { token: world.tokens.zealand, body, headers: key });
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const again = await local.call("POST", "/listings", { token: world.tokens.zealand, body: reordered, headers: key });
    expect(again.status).toBe(201);
    expect(again.json).toEqual(first.json);
    expect(again.headers.get("location")).toBe(first.headers.get("location"));
    const mine = await local.call("GET", "/listings?mine=true", { token: world.tokens.zealand });
    expect(mine.json.items).toHaveLength(1);
    const other = await local.call("POST", "/listings", {
      token: world.tokens.zealand,
      body: { ...body, rentDkk: 1 },
      headers: key,
    });
    expect(other.status).toBe(422);
  });

  it("replays a repeated approve instead of answering 409", async () => {
    const { id } = await createListing(h, t.zealand);
    await post(`/listings/${id}/submit`, t.zealand);
    const key = { "idempotency-key": `approve-${id}` };
    const first = await post(`/listings/${id}/approve`, t.kalundborg, undefined, key);
    const again = await post(`/listings/${id}/approve`, t.kalundborg, undefined, key);
    expect(again.status).toBe(200);
    expect(again.json).toEqual(first.json);
    expect((await post(`/listings/${id}/approve`, t.kalundborg)).status).toBe(409);
    const history = await get(`/listings/${id}/history`, t.zealand);
    expect(history.json.items.filter((e: { action: string }) => e.action === "approve")).toHaveLength(1);
  });
});
