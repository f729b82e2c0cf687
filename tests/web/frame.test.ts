/**
 * What every page shares, as a browser meets it: the session cookie and its
 * end, the cross-site form locks, the sign-in redirect, the language switch,
 * the CSP with its nonce, and the error pages.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { SESSION_LIFETIME_MS } from "#auth/sessions";
import { createHarness, type Harness } from "../helpers/harness";
import { page, sessionFor } from "../helpers/web";

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
  h.signInUsers.push({ name: "Freja", principal: { sub: "student-freja", role: "student" } });
});

const student = { sub: "student-freja", role: "student" } as const;

describe("signing in and out", () => {
  it("starts a session with an opaque HttpOnly, SameSite=Lax cookie and goes back where the user was", async () => {
    const response = await page(h, "POST", "/app/sign-in?return=%2Fapp%2Frooms", { form: { user: "student-freja" } });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/app/rooms");
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^pb-session=[A-Za-z0-9_-]{43}; Max-Age=43200; Path=\/; HttpOnly; SameSite=Lax$/);
  });

  it("names the cookie __Host- and marks it Secure when served over HTTPS", async () => {
    const response = await h.web.request("https://praktikbolig.example/app/sign-in", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://praktikbolig.example" },
      body: "user=student-freja",
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("set-cookie")).toMatch(
      /^__Host-pb-session=[^;]+; Max-Age=43200; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
    );
  });

  it("never goes back to another site after signing in", async () => {
    for (const evil of ["//evil.example/x", "https://evil.example", "/\\evil.example"]) {
      const response = await page(h, "POST", `/app/sign-in?return=${encodeURIComponent(evil)}`, {
        form: { user: "student-freja" },
      });
      expect(response.headers.get("location")).toBe("/app");
    }
  });

  it("sends a visitor without a session to the sign-in page, and back afterwards", async () => {
    const response = await page(h, "GET", "/app/housing?x=1");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/app/sign-in?return=${encodeURIComponent("/app/housing?x=1")}`);
  });

  it("ends the session on sign-out: the same cookie opens nothing afterwards", async () => {
    const session = await sessionFor(h, student);
    expect((await page(h, "GET", "/app", { session })).headers.get("location")).toBe("/app/housing");
    const out = await page(h, "POST", "/app/sign-out", { session });
    expect(out.headers.get("location")).toBe("/app/sign-in?signedOut");
    expect(out.headers.get("set-cookie")).toMatch(/^pb-session=; Max-Age=0; Path=\//);
    expect((await page(h, "GET", "/app", { session })).headers.get("location")).toMatch(/^\/app\/sign-in\?return=/);
  });

  it("lets a session lapse after its lifetime, whatever the cookie says", async () => {
    const session = await sessionFor(h, student);
    h.clock.advance(SESSION_LIFETIME_MS + 1000);
    const response = await page(h, "GET", "/app", { session });
    expect(response.headers.get("location")).toMatch(/^\/app\/sign-in\?return=/);
  });

  it("ignores a cookie that is no session id at all", async () => {
    const response = await page(h, "GET", "/app", { headers: { cookie: "pb-session=../../etc" } });
    expect(response.headers.get("location")).toMatch(/^\/app\/sign-in\?return=/);
  });
});

describe("forms from other sites", () => {
  it("refuses a form posted from another origin, with the 403 page, and keeps the session", async () => {
    const session = await sessionFor(h, student);
    const response = await page(h, "POST", "/app/sign-out", { session, headers: { origin: "https://evil.example" } });
    expect(response.status).toBe(403);
    expect(response.text).toContain("Formularen er udløbet");
    expect((await page(h, "GET", "/app", { session })).headers.get("location")).toBe("/app/housing");
  });

  it("refuses a form without the session's token, even from our own origin", async () => {
    const session = await sessionFor(h, student);
    const response = await page(h, "POST", "/app/sign-out", { session: { ...session, csrf: "x".repeat(43) } });
    expect(response.status).toBe(403);
    expect((await page(h, "GET", "/app", { session })).headers.get("location")).toBe("/app/housing");
  });

  it("refuses a form with neither Origin nor Sec-Fetch-Site: same-origin", async () => {
    const response = await h.web.request("http://localhost/app/sign-in", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "user=student-freja",
    });
    expect(response.status).toBe(403);
    expect(response.headers.get("set-cookie")).toBeNull();
  });

  it("takes Sec-Fetch-Site: same-origin where a browser sends Origin: null", async () => {
    const response = await h.web.request("http://localhost/app/sign-in", {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: "null",
        "sec-fetch-site": "same-origin",
      },
      body: "user=student-freja",
    });
    expect(response.status).toBe(303);
  });
});

describe("languages", () => {
  it("speaks Danish by default, with lang=da and Danish dates", async () => {
    const response = await page(h, "GET", "/");
    expect(response.text).toContain('<html lang="da">');
    expect(response.text).toContain("Find en bolig til din praktik");
    expect(response.text).toContain('lang="en"');
  });

  it("switches to English, remembers it in a cookie, and goes back to the same page", async () => {
    const response = await page(h, "GET", `/app/language?to=en&back=${encodeURIComponent("/tilgaengelighed")}`);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/tilgaengelighed");
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^pb-lang=en; Max-Age=31536000; Path=\/; HttpOnly; SameSite=Lax$/);
    const english = await page(h, "GET", "/tilgaengelighed", { headers: { cookie: "pb-lang=en" } });
    expect(english.text).toContain('<html lang="en">');
    expect(english.text).toContain("<h1>Accessibility statement</h1>");
  });

  it("ignores a language it does not have", async () => {
    const response = await page(h, "GET", "/", { headers: { cookie: "pb-lang=xx" } });
    expect(response.text).toContain('<html lang="da">');
  });
});

describe("headers and error pages", () => {
  it("allows scripts only with the answer's own nonce, and forbids framing", async () => {
    const response = await page(h, "GET", "/");
    const csp = response.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).toContain("frame-ancestors 'none'");
    const scripts = [...response.text.matchAll(/<script([^>]*)>/g)].map((match) => match[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const attributes of scripts) expect(attributes).toContain(`nonce="${nonce}"`);
    // A fresh nonce per answer.
    const again = (await page(h, "GET", "/")).headers.get("content-security-policy");
    expect(again).not.toBe(csp);
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("shows the 404 page for an unknown page, in the visitor's language", async () => {
    const session = await sessionFor(h, student);
    const response = await page(h, "GET", "/app/nothing-here", {
      session,
      headers: { cookie: "pb-lang=en" },
    });
    expect(response.status).toBe(404);
    expect(response.text).toContain("<h1>Page not found</h1>");
  });

  it("serves DKFDS's stylesheet with its fonts and icons under hashed names, cached for a year", async () => {
    const start = await page(h, "GET", "/");
    const stylesheet = /<link rel="stylesheet" href="(\/assets\/dkfds\.[0-9a-f]{8}\.css)"/.exec(start.text)?.[1];
    expect(stylesheet).toBeTruthy();
    const css = await h.app.request(stylesheet as string);
    expect(css.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const text = await css.text();
    const references = [...text.matchAll(/url\(([^)]+)\)/g)].map((match) => match[1] as string);
    expect(references.length).toBeGreaterThan(20);
    // Every reference is one of our hashed assets, and answers; fonts are woff2 only.
    for (const reference of new Set(references)) {
      expect(reference).toMatch(/^\/assets\/dkfds-[\w.-]+\.[0-9a-f]{8}\.(svg|png|woff2)$/);
    }
    const font = references.find((reference) => reference.endsWith(".woff2")) as string;
    expect((await h.app.request(font)).status).toBe(200);
    expect(text).not.toContain("sourceMappingURL");
  });
});
