/**
 * The app sets its security headers itself, before the handler runs (app.ts,
 * for speed); these are the headers Hono's secureHeaders middleware set with
 * the options the app used to pass it, so the change altered no answer.
 */
import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { describe, expect, it } from "vitest";
import { API_SECURITY_HEADERS } from "../../functions/api/http/security-headers";
import { DOCS_PAGE_CSP } from "../../functions/api/routes/docs";

async function headersOf(middleware: ReturnType<typeof secureHeaders>): Promise<Record<string, string>> {
  const app = new Hono();
  app.use("*", middleware);
  app.get("/", (c) => c.body(null, 204));
  const response = await app.request("/");
  return Object.fromEntries(response.headers);
}

const lowerCased = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));

describe("security headers", () => {
  it("are those of secureHeaders with the API's CSP and X-Frame-Options: DENY", async () => {
    const expected = await headersOf(
      secureHeaders({
        contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
        xFrameOptions: "DENY",
      }),
    );
    expect(lowerCased(API_SECURITY_HEADERS)).toEqual(expected);
  });

  it("are those of secureHeaders with the docs page's CSP and X-Frame-Options: DENY on /docs", async () => {
    const expected = await headersOf(
      secureHeaders({
        contentSecurityPolicy: {
          defaultSrc: ["'none'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", "data:"],
          connectSrc: ["'self'"],
          baseUri: ["'none'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
        xFrameOptions: "DENY",
      }),
    );
    expect(lowerCased({ ...API_SECURITY_HEADERS, "Content-Security-Policy": DOCS_PAGE_CSP })).toEqual(expected);
  });
});
