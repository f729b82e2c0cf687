/**
 * An organisation's page for admins in-process: its staff listed, a member
 * deactivated with the session's form token (the alert says so, and the
 * member's web session is signed out at once), a repeat refused on the same
 * page, the member reactivated; another organisation's member, a form
 * without the token and anyone but admins refused.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "#auth/principal";
import { createHarness, type Harness } from "../helpers/harness";
import { page, sessionFor, type WebSession } from "../helpers/web";
import { createWorld, type World } from "../helpers/world";

let h: Harness;
let world: World;

beforeAll(async () => {
  h = await createHarness();
  world = await createWorld(h);
});

describe("an admin deactivating and reactivating staff", () => {
  const OLE: Principal = { sub: "zealand-ole", role: "institution" };
  let admin: WebSession;
  let ole: WebSession;
  let orgPage: string;

  beforeAll(async () => {
    OLE.orgId = world.orgs.zealand.id;
    orgPage = `/app/organizations/${world.orgs.zealand.id}`;
    admin = await sessionFor(h, h.admin);
    ole = await sessionFor(h, OLE);
    expect((await page(h, "GET", "/app/listings", { session: ole })).status).toBe(200);
    // A colleague who has signed in but given no name.
    const ida = await sessionFor(h, { sub: "zealand-ida", role: "institution", orgId: world.orgs.zealand.id });
    expect((await page(h, "GET", "/app/listings", { session: ida })).status).toBe(200);
    expect(
      (await page(h, "POST", "/app/my-data", { session: ole, form: { name: "Ole Lund", email: "ole@zealand.dk" } }))
        .status,
    ).toBe(303);
  });

  it("links each organisation from the list to its page with its staff", async () => {
    const list = await page(h, "GET", "/app/organizations", { session: admin });
    expect(list.text).toContain(`href="${orgPage}"`);
    const shown = await page(h, "GET", orgPage, { session: admin });
    expect(shown.status).toBe(200);
    expect(shown.text).toContain("<h1>Zealand</h1>");
    expect(shown.text).toContain("Ole Lund");
    expect(shown.text).toContain("ole@zealand.dk");
    // A member without a name is shown by id.
    expect(shown.text).toContain("zealand-ida");
    expect(shown.text).toContain(`action="${orgPage}/members/zealand-ole/deactivate"`);
  });

  it("deactivates with the session's token: the alert says so, and the member's web session is signed out at once", async () => {
    const done = await page(h, "POST", `${orgPage}/members/zealand-ole/deactivate`, { session: admin });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe(`${orgPage}?done=deactivated&member=zealand-ole`);
    const shown = await page(h, "GET", done.headers.get("location") ?? "", { session: admin });
    expect(shown.text).toContain("Ole Lund er deaktiveret");
    expect(shown.text).toContain('role="status"');
    expect(shown.text).toContain(`action="${orgPage}/members/zealand-ole/reactivate"`);

    const signedOut = await page(h, "GET", "/app/listings", { session: ole });
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get("location")).toMatch(/^\/app\/sign-in\?/);
    expect(await h.services.sessions.resume(ole.id)).toBeUndefined();
    expect((await h.call("GET", "/me", { token: await h.tokenFor(OLE) })).status).toBe(401);
  });

  it("answers a second deactivation with 409 on the same page, and changes nothing", async () => {
    const again = await page(h, "POST", `${orgPage}/members/zealand-ole/deactivate`, { session: admin });
    expect(again.status).toBe(409);
    expect(again.text).toContain("Kontoen er allerede deaktiveret");
    expect(again.text).toContain(`action="${orgPage}/members/zealand-ole/reactivate"`);
  });

  it("reactivates: a new session of the member opens their pages again", async () => {
    const done = await page(h, "POST", `${orgPage}/members/zealand-ole/reactivate`, { session: admin });
    expect(done.status).toBe(303);
    const shown = await page(h, "GET", done.headers.get("location") ?? "", { session: admin });
    expect(shown.text).toContain("Ole Lund er genaktiveret");
    const back = await sessionFor(h, OLE);
    expect((await page(h, "GET", "/app/listings", { session: back })).status).toBe(200);
  });

  it("refuses a member of another organisation (404), a form without the token (403) and anyone but admins (403)", async () => {
    const other = await page(h, "POST", `/app/organizations/${world.orgs.absalon.id}/members/zealand-ole/deactivate`, {
      session: admin,
    });
    expect(other.status).toBe(404);
    const forged = await page(h, "POST", `${orgPage}/members/zealand-ole/deactivate`, {
      session: { ...admin, csrf: "guess" },
    });
    expect(forged.status).toBe(403);
    const ida = await sessionFor(h, { sub: "zealand-ida", role: "institution", orgId: world.orgs.zealand.id });
    expect((await page(h, "POST", `${orgPage}/members/zealand-ole/deactivate`, { session: ida })).status).toBe(403);
    expect((await page(h, "GET", "/app/listings", { session: await sessionFor(h, OLE) })).status).toBe(200);
  });
});
