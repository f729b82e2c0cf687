/**
 * "Mine data" in-process: a student corrects the profile (PATCH /me's own
 * schema, its errors in the page's words, a stale form refused), downloads
 * the export (the same document as GET /me/export, as a file), and erases
 * everything after the tick, after which neither the old cookie nor the old
 * API token opens anything. Staff see their profile without the erasure.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "#auth/principal";
import { createHarness, type Harness } from "../helpers/harness";
import { approvedListing } from "../helpers/listings";
import { createRequest, requestBody } from "../helpers/requests";
import { page, sessionFor, type WebSession } from "../helpers/web";
import { createWorld, type World } from "../helpers/world";

let h: Harness;
let world: World;
let listingId: string;

const COMPANY = "Kalundborg Forsyning A/S";
const MESSAGE = "Hej! Jeg er i praktik hos forsyningen fra marts og ryger ikke.";

/** The text of the form group around an input, roughly: enough to find the message next to a field. */
const groupOf = (html: string, id: string) => {
  const at = html.indexOf(`id="${id}"`);
  const start = html.lastIndexOf('<div class="form-group', at);
  return html.slice(start, at + 200);
};

/** A new student with a request for COMPANY, applied through the listing's page with MESSAGE. */
async function studentWithAnApplication(sub: string) {
  const principal: Principal = { sub, role: "student" };
  const token = await h.tokenFor(principal);
  const request = await createRequest(h, token, { internship: { ...requestBody().internship, company: COMPANY } });
  const session = await sessionFor(h, principal);
  const applying = await page(h, "POST", `/app/rooms/${listingId}/apply`, {
    session,
    form: { request: request.id, message: MESSAGE },
  });
  expect(applying.status, applying.text).toBe(303);
  const applications = await h.call("GET", `/applications?requestId=${request.id}`, { token });
  const applicationId = applications.json.items[0].id as string;
  return { principal, token, session, requestId: request.id, applicationId };
}

beforeAll(async () => {
  h = await createHarness();
  world = await createWorld(h);
  listingId = (await approvedListing(h, { owner: world.tokens.zealand, reviewer: world.tokens.kalundborg })).id;
});

describe("the profile on Mine data", () => {
  let session: WebSession;
  let token: string;
  const principal: Principal = { sub: "student-profile", role: "student" };

  beforeAll(async () => {
    session = await sessionFor(h, principal);
    token = await h.tokenFor(principal);
  });

  it("is in the student menu, with the profile form, what is kept and for how long, the export and the erasure", async () => {
    const response = await page(h, "GET", "/app/my-data", { session });
    expect(response.status).toBe(200);
    expect(response.text).toContain('<a href="/app/my-data" aria-current="page">Mine data</a>');
    expect(response.text).toContain('name="name"');
    expect(response.text).toContain('name="email"');
    expect(response.text).toContain("ikke for udlejere");
    expect(response.text).toContain("12 måneder efter, at opholdet slutter");
    expect(response.text).toContain("12 timer");
    expect(response.text).toContain('href="/app/my-data/export"');
    expect(response.text).toContain('href="/app/my-data/erase"');
  });

  it("saves a name and an e-mail address: POST, redirect, the page says so, and GET /me has them", async () => {
    const saved = await page(h, "POST", "/app/my-data", {
      session,
      form: { name: "  Signe Nørgaard ", email: "signe@example.dk" },
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe("/app/my-data?done=saved");
    const shown = await page(h, "GET", "/app/my-data?done=saved", { session });
    expect(shown.text).toContain("Dine oplysninger er gemt");
    expect(shown.text).toContain('value="Signe Nørgaard"');
    expect(shown.text).toContain('value="signe@example.dk"');
    const me = await h.call("GET", "/me", { token });
    expect(me.json).toMatchObject({ name: "Signe Nørgaard", email: "signe@example.dk" });
  });

  it("answers an e-mail that is none with 400, the error summary, the message at the field, and changes nothing", async () => {
    const response = await page(h, "POST", "/app/my-data", {
      session,
      form: { name: "Signe N.", email: "signe at example" },
    });
    expect(response.status).toBe(400);
    expect(response.text).toContain('data-module="error-summary"');
    expect(response.text).toContain('href="#field-email"');
    expect(groupOf(response.text, "field-email")).toContain("Skriv en e-mailadresse");
    expect(response.text).toContain('value="signe at example"');
    expect(response.text).toContain('value="Signe N."');
    expect((await h.call("GET", "/me", { token })).json).toMatchObject({ name: "Signe Nørgaard" });
  });

  it("refuses a name longer than the schema allows, in the catalogue's words", async () => {
    const response = await page(h, "POST", "/app/my-data", { session, form: { name: "x".repeat(121), email: "" } });
    expect(response.status).toBe(400);
    expect(groupOf(response.text, "field-name")).toContain("Skriv højst 120 tegn");
  });

  it("refuses a form opened before another change (409) and shows the profile as it is now", async () => {
    const opened = await page(h, "GET", "/app/my-data", { session });
    const version = /name="version" value="(\d+)"/.exec(opened.text)?.[1] ?? "";
    expect(version).not.toBe("");
    expect((await h.call("PATCH", "/me", { token, body: { name: "Signe fra API'et" } })).status).toBe(200);
    const stale = await page(h, "POST", "/app/my-data", {
      session,
      form: { version, name: "Signe fra en gammel fane", email: "" },
    });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain("ændret et andet sted");
    expect(stale.text).toContain('value="Signe fra API&#39;et"');
    expect((await h.call("GET", "/me", { token })).json).toMatchObject({ name: "Signe fra API'et" });
  });

  it("clears both fields when they are sent empty", async () => {
    expect((await page(h, "POST", "/app/my-data", { session, form: { name: "", email: "" } })).status).toBe(303);
    expect((await h.call("GET", "/me", { token })).json).toMatchObject({ name: null, email: null });
  });
});

describe("the export", () => {
  it("downloads as a JSON file the same document as GET /me/export, with the request's company and the message", async () => {
    const { session, token } = await studentWithAnApplication("student-export");
    const file = await page(h, "GET", "/app/my-data/export", { session });
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toMatch(/^application\/json/);
    expect(file.headers.get("content-disposition")).toBe('attachment; filename="praktikbolig-2026-12-01.json"');
    expect(file.headers.get("cache-control")).toBe("no-store");
    const document = JSON.parse(file.text);
    expect(document.requests.map((request: { internship: { company: string } }) => request.internship.company)).toEqual(
      [COMPANY],
    );
    expect(document.applications.map((application: { message: string }) => application.message)).toEqual([MESSAGE]);
    expect(document).toEqual((await h.call("GET", "/me/export", { token })).json);
  });
});

describe("Mine data for staff and admins", () => {
  it("shows the profile with the organisation, no erasure, and says who manages the account", async () => {
    const ida = await sessionFor(h, { sub: "zealand-ida", role: "institution", orgId: world.orgs.zealand.id });
    const response = await page(h, "GET", "/app/my-data", { session: ida });
    expect(response.status).toBe(200);
    expect(response.text).toContain("Zealand");
    expect(response.text).toContain("administreres af Praktikboligs administratorer");
    expect(response.text).not.toContain('href="/app/my-data/erase"');
    // Staff reach it from the header, not from their menu.
    expect(response.text).toContain('<a class="function-link" href="/app/my-data" aria-current="page">Mine data</a>');
    expect((await page(h, "GET", "/app/my-data/erase", { session: ida })).status).toBe(403);
    const erase = await page(h, "POST", "/app/my-data/erase", { session: ida, form: { confirm: "true" } });
    expect(erase.status).toBe(403);
    expect((await page(h, "GET", "/app/listings", { session: ida })).status).toBe(200);
  });

  it("lets staff download their export: the profile only", async () => {
    const anna = await sessionFor(h, { sub: "kalundborg-anna", role: "council", orgId: world.orgs.kalundborg.id });
    const file = await page(h, "GET", "/app/my-data/export", { session: anna });
    expect(file.status).toBe(200);
    expect(Object.keys(JSON.parse(file.text)).sort()).toEqual(["exportedAt", "profile"]);
  });

  it("saves an admin's name too", async () => {
    const admin = await sessionFor(h, h.admin);
    expect((await page(h, "POST", "/app/my-data", { session: admin, form: { name: "Admin Hansen" } })).status).toBe(
      303,
    );
    const shown = await page(h, "GET", "/app/my-data", { session: admin });
    expect(shown.text).toContain('value="Admin Hansen"');
    expect(shown.text).toContain("login-tjeneste");
  });
});

describe("erasing a student's data", () => {
  let student: Awaited<ReturnType<typeof studentWithAnApplication>>;

  beforeAll(async () => {
    student = await studentWithAnApplication("student-erase");
  });

  it("says on its own page what will happen, with the student's own numbers, before the danger button", async () => {
    const response = await page(h, "GET", "/app/my-data/erase", { session: student.session });
    expect(response.status).toBe(200);
    expect(response.text).toContain("Slet mine data");
    expect(response.text).toMatch(/Åbne boligønsker<\/dt><dd>1</);
    expect(response.text).toMatch(/Ansøgninger og tilbud, der venter<\/dt><dd>1</);
    expect(response.text).toMatch(/Aftaler, du ikke er flyttet ind i endnu<\/dt><dd>0</);
    expect(response.text).toContain("sengen bliver ledig");
    expect(response.text).toContain("Det kan ikke fortrydes");
    expect(response.text).toContain("Jeg forstår, at det ikke kan fortrydes");
    expect(response.text).toContain('class="button button-warning"');
  });

  it("without the tick answers 400 with the error summary, and erases nothing", async () => {
    const response = await page(h, "POST", "/app/my-data/erase", { session: student.session, form: {} });
    expect(response.status).toBe(400);
    expect(response.text).toContain('data-module="error-summary"');
    expect(response.text).toContain('href="#field-confirm"');
    expect(response.text).toContain("Sæt flueben, hvis du vil slette dine data");
    expect(response.headers.get("set-cookie")).toBeNull();
    expect((await page(h, "GET", "/app/housing", { session: student.session })).status).toBe(200);
    expect((await h.call("GET", "/me", { token: student.token })).status).toBe(200);
    const request = await h.call("GET", `/housing-requests/${student.requestId}`, { token: student.token });
    expect(request.json).toMatchObject({ status: "open" });
  });

  it("with the tick erases, clears the cookie and ends at the confirmation; the old cookie and token open nothing", async () => {
    const erased = await page(h, "POST", "/app/my-data/erase", {
      session: student.session,
      form: { confirm: "true" },
    });
    expect(erased.status).toBe(303);
    expect(erased.headers.get("location")).toBe("/app/my-data/erased");
    expect(erased.headers.get("set-cookie")).toMatch(/^pb-session=;.*Max-Age=0/);

    const confirmation = await page(h, "GET", "/app/my-data/erased");
    expect(confirmation.status).toBe(200);
    expect(confirmation.text).toContain("Dine data er slettet");
    expect(confirmation.text).toContain("du er logget ud");
    expect(confirmation.text).toContain('href="/app/sign-in"');

    const housing = await page(h, "GET", "/app/housing", { session: student.session });
    expect(housing.status).toBe(303);
    expect(housing.headers.get("location")).toMatch(/^\/app\/sign-in\?/);
    expect(await h.services.sessions.resume(student.session.id)).toBeUndefined();
    expect((await h.call("GET", "/me", { token: student.token })).status).toBe(401);

    // What was open is closed: the listing's owner sees the application withdrawn, without her id or message.
    const application = await h.call("GET", `/applications/${student.applicationId}`, { token: world.tokens.zealand });
    expect(application.json.status).toBe("withdrawn");
    expect(application.json.studentId).not.toBe("student-erase");
    expect(application.text).not.toContain(MESSAGE);
  });

  it("sends anyone still signed in from the confirmation to their own data", async () => {
    const other = await sessionFor(h, { sub: "student-still-here", role: "student" });
    const response = await page(h, "GET", "/app/my-data/erased", { session: other });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/app/my-data");
  });
});
