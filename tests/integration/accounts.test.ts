/**
 * Accounts: made on first sight, the user's own name and e-mail (PATCH /me),
 * an organisation's members, and the deactivation of staff by admins, which
 * refuses the member's token and ends their web sessions at once.
 */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import type { IdentityDirectory } from "#domain/accounts/identity";
import { createHarness, type Harness } from "../helpers/harness";
import { createListing } from "../helpers/listings";
import { collect } from "../helpers/stays";
import { page, sessionFor } from "../helpers/web";
import { createWorld, type World } from "../helpers/world";

const identityCalls: string[] = [];
const identity: IdentityDirectory = {
  deleteUser: async (sub) => void identityCalls.push(`delete ${sub}`),
  disableUser: async (sub) => void identityCalls.push(`disable ${sub}`),
  enableUser: async (sub) => void identityCalls.push(`enable ${sub}`),
};

let h: Harness;
let w: World;
let t: World["tokens"];

beforeAll(async () => {
  h = await createHarness({ identity });
  w = await createWorld(h);
  t = w.tokens;
});

describe("PATCH /me", () => {
  it("stores a name and an e-mail address, which GET /me then answers, with the account's version", async () => {
    const token = await h.tokenFor({ sub: "student-patch", role: "student" });
    const first = await h.call("GET", "/me", { token });
    expect(first.json).toMatchObject({ name: null, email: null, version: 1 });
    expect(first.headers.get("etag")).toBe('"1"');
    const patched = await h.call("PATCH", "/me", {
      token,
      body: { name: "  Maja Hansen ", email: "maja@example.dk" },
      headers: { "if-match": '"1"' },
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({
      sub: "student-patch",
      name: "Maja Hansen",
      email: "maja@example.dk",
      version: 2,
    });
    expect(patched.headers.get("etag")).toBe('"2"');
    expect((await h.call("GET", "/me", { token })).json).toMatchObject({ name: "Maja Hansen", version: 2 });
  });

  it("changes only the fields named, and null clears one", async () => {
    const token = await h.tokenFor({ sub: "student-clear", role: "student" });
    await h.call("PATCH", "/me", { token, body: { name: "Ib", email: "ib@example.dk" } });
    const cleared = await h.call("PATCH", "/me", { token, body: { email: null } });
    expect(cleared.json).toMatchObject({ name: "Ib", email: null, version: 3 });
  });

  it("refuses an invalid body field by field, unknown fields, and a stale If-Match", async () => {
    const token = await h.tokenFor({ sub: "student-invalid", role: "student" });
    const invalid = await h.call("PATCH", "/me", { token, body: { name: "   ", email: "not-an-address" } });
    expect(invalid.status).toBe(400);
    expect(invalid.json.errors.map((error: { path: string }) => error.path).sort()).toEqual(["email", "name"]);
    expect((await h.call("PATCH", "/me", { token, body: { name: "x".repeat(121) } })).status).toBe(400);
    expect((await h.call("PATCH", "/me", { token, body: { cpr: "010203-1234" } })).status).toBe(400);
    expect((await h.call("PATCH", "/me", { token, body: { name: "A" }, headers: { "if-match": '"7"' } })).status).toBe(
      412,
    );
  });

  it("is there for staff and admins too", async () => {
    const patched = await h.call("PATCH", "/me", { token: t.admin, body: { name: "Platform Admin" } });
    expect(patched.json).toMatchObject({ role: "admin", name: "Platform Admin" });
  });
});

describe("GET /organizations/{id}/members", () => {
  it("lists the staff who have signed in, to admins only", async () => {
    await h.call("GET", "/me", { token: t.zealand });
    await h.call("GET", "/me", { token: t.zealandColleague });
    const members = await collect<{ sub: string; role: string; orgId: string; status: string }>(
      h,
      `/organizations/${w.orgs.zealand.id}/members`,
      t.admin,
      1,
    );
    // Both signed in at the same instant of the test's clock: the order between them is the index's.
    expect(members.map((member) => member.sub).sort()).toEqual(["zealand-ida", "zealand-ole"]);
    for (const member of members) {
      expect(member).toMatchObject({ role: "institution", orgId: w.orgs.zealand.id, status: "active" });
    }
    for (const token of [t.zealand, t.kalundborg, t.student]) {
      expect((await h.call("GET", `/organizations/${w.orgs.zealand.id}/members`, { token })).status).toBe(403);
    }
    expect((await h.call("GET", "/organizations/nothing/members", { token: t.admin })).status).toBe(404);
  });

  it("follows a member whom the identity provider moved to another organisation", async () => {
    const moved = await h.tokenFor({ sub: "mover", role: "institution", orgId: w.orgs.zealand.id });
    await h.call("GET", "/me", { token: moved });
    const movedAgain = await h.tokenFor({ sub: "mover", role: "institution", orgId: w.orgs.absalon.id });
    expect((await h.call("GET", "/me", { token: movedAgain })).json).toMatchObject({ orgId: w.orgs.absalon.id });
    const subs = async (orgId: string) =>
      (await collect<{ sub: string }>(h, `/organizations/${orgId}/members`, t.admin)).map((member) => member.sub);
    expect(await subs(w.orgs.zealand.id)).not.toContain("mover");
    expect(await subs(w.orgs.absalon.id)).toContain("mover");
  });
});

describe("deactivating a staff member", () => {
  const sub = "slagelse-eva";

  it("refuses their token at once (401) and ends their web session", async () => {
    expect((await h.call("GET", "/reviews", { token: t.slagelse })).status).toBe(200);
    const session = await sessionFor(h, { sub, role: "council", orgId: w.orgs.slagelse.id });
    expect((await page(h, "GET", "/app/reviews", { session })).status).toBe(200);

    const deactivated = await h.call("POST", `/accounts/${sub}/deactivate`, { token: t.admin });
    expect(deactivated.status).toBe(200);
    expect(deactivated.json).toMatchObject({ sub, status: "deactivated", deactivatedBy: "admin-1", version: 2 });
    expect(deactivated.headers.get("etag")).toBe('"2"');
    expect(identityCalls).toContain(`disable ${sub}`);

    const refused = await h.call("GET", "/reviews", { token: t.slagelse });
    expect(refused.status).toBe(401);
    expect(refused.json.detail).toBe("The account is closed");
    expect((await h.call("GET", "/me", { token: t.slagelse })).status).toBe(401);
    const signedOut = await page(h, "GET", "/app/reviews", { session });
    expect(signedOut.status).toBe(303);
    expect(await h.services.sessions.resume(session.id)).toBeUndefined();
  });

  it("refuses a new web session of the deactivated member", async () => {
    const session = await sessionFor(h, { sub, role: "council", orgId: w.orgs.slagelse.id });
    expect((await page(h, "GET", "/app/reviews", { session })).status).toBe(303);
  });

  it("refuses the deactivated member at the sign-in page", async () => {
    h.signInUsers.push({ name: "Eva", principal: { sub, role: "council", orgId: w.orgs.slagelse.id } });
    const signIn = await page(h, "POST", "/app/sign-in", { form: { user: sub } });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get("location")).toBe("/app/sign-in?failed");
    expect(signIn.headers.get("set-cookie") ?? "").not.toContain("pb-session=");
  });

  it("answers 409 when repeated, and lists the member as deactivated", async () => {
    expect((await h.call("POST", `/accounts/${sub}/deactivate`, { token: t.admin })).status).toBe(409);
    const members = await collect<{ sub: string; status: string }>(
      h,
      `/organizations/${w.orgs.slagelse.id}/members`,
      t.admin,
    );
    expect(members).toContainEqual(expect.objectContaining({ sub, status: "deactivated" }));
  });

  it("is undone by a reactivation, which restores API access", async () => {
    const reactivated = await h.call("POST", `/accounts/${sub}/reactivate`, {
      token: t.admin,
      headers: { "if-match": '"2"' },
    });
    expect(reactivated.status).toBe(200);
    expect(reactivated.json).toMatchObject({ status: "active", deactivatedAt: null, deactivatedBy: null, version: 3 });
    expect(identityCalls).toContain(`enable ${sub}`);
    expect((await h.call("GET", "/reviews", { token: t.slagelse })).status).toBe(200);
    expect((await h.call("POST", `/accounts/${sub}/reactivate`, { token: t.admin })).status).toBe(409);
  });

  it("is recorded by ids only: the admin's sub, the member's sub", async () => {
    const { subHashOf } = await import("#db/accounts");
    const { keys } = await import("#db/table");
    const { Items = [] } = await h.db.client.send(
      new QueryCommand({
        TableName: h.tableName,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :event)",
        ExpressionAttributeValues: { ":pk": keys.account(subHashOf(sub)).pk, ":event": "EVENT#" },
      }),
    );
    expect(Items.map((event) => [event.action, event.actor, event.objectId, event.from, event.to])).toEqual([
      ["deactivate", "admin-1", sub, "active", "deactivated"],
      ["reactivate", "admin-1", sub, "deactivated", "active"],
    ]);
  });

  it("is for admins only (403), of known accounts (404), of staff only (409)", async () => {
    for (const token of [t.zealand, t.kalundborg, t.student]) {
      expect((await h.call("POST", `/accounts/${sub}/deactivate`, { token })).status).toBe(403);
      expect((await h.call("POST", `/accounts/${sub}/reactivate`, { token })).status).toBe(403);
    }
    expect((await h.call("POST", "/accounts/nobody-at-all/deactivate", { token: t.admin })).status).toBe(404);
    await h.call("GET", "/me", { token: t.student });
    for (const other of ["student-freja", "admin-1"]) {
      const refused = await h.call("POST", `/accounts/${other}/deactivate`, { token: t.admin });
      expect(refused.status).toBe(409);
    }
    expect((await h.call("POST", "/accounts/not a sub/deactivate", { token: t.admin })).status).toBe(400);
    expect(
      (await h.call("POST", `/accounts/${sub}/deactivate`, { token: t.admin, body: { reason: "x" } })).status,
    ).toBe(400);
  });

  it("keeps a deactivated member's listings: they are the organisation's", async () => {
    const listing = await createListing(h, t.absalon);
    expect((await h.call("POST", "/accounts/absalon-mia/deactivate", { token: t.admin })).status).toBe(200);
    expect((await h.call("GET", `/listings/${listing.id}`, { token: t.admin })).json).toMatchObject({
      id: listing.id,
      status: "draft",
    });
  });
});
