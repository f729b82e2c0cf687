/**
 * The docs page and the static assets behind it, as a client sees them when the
 * app runs from source (the Lambda bundle's copy is tests/lambda/bundle.test.ts;
 * the page in a browser is tests/browser/docs-page.test.ts).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../helpers/harness";

let h: Harness;
let page: string;
let csp: string;

const swaggerUiFile = (file: string) => readFileSync(createRequire(import.meta.url).resolve(`swagger-ui-dist/${file}`));
const linkedUrls = () => [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1] as string);
const assetUrl = (name: string) => {
  const url = linkedUrls().find((link) => new RegExp(`^/assets/${name}\\.[0-9a-f]{8}\\.`).test(link));
  if (!url) throw new Error(`the page links no asset ${name}`);
  return url;
};
const fetchBytes = async (path: string, headers: Record<string, string> = {}) => {
  const response = await h.app.request(path, { headers });
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
};

beforeAll(async () => {
  h = await createHarness();
  const docs = await h.call("GET", "/docs");
  expect(docs.status).toBe(200);
  page = docs.text;
  csp = docs.headers.get("content-security-policy") ?? "";
});

describe("GET /docs", () => {
  it("is an English HTML page with a title, starting Swagger UI on the OpenAPI document", async () => {
    const docs = await h.call("GET", "/docs");
    expect(docs.headers.get("content-type")).toMatch(/^text\/html/);
    expect(page).toMatch(/<html lang="en">/);
    expect(page).toMatch(/<title>Praktikbolig API[^<]*<\/title>/);
    expect(page).toContain('data-openapi-url="/openapi.json"');
    expect(docs.headers.get("cache-control")).toBe("no-store");
  });

  it("loads nothing from another origin and runs no inline script", () => {
    const links = linkedUrls();
    expect(links.length).toBeGreaterThanOrEqual(5);
    for (const link of links) expect(link).toMatch(/^\/(assets\/|openapi\.json$)/);
    for (const script of page.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)) {
      expect(script[1]).toMatch(/ src="\/assets\//);
      expect(script[2]).toBe("");
    }
  });

  it("has a CSP that allows only its own origin: no inline script or style, no CDN", () => {
    const directives = Object.fromEntries(
      csp.split(";").map((directive) => {
        const [name, ...values] = directive.trim().split(/\s+/);
        return [name, values.join(" ")];
      }),
    );
    expect(directives).toMatchObject({
      "default-src": "'none'",
      "script-src": "'self'",
      "style-src": "'self'",
      "img-src": "'self' data:",
      "connect-src": "'self'",
      "frame-ancestors": "'none'",
    });
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
  });
});

describe("GET /assets/<name>.<hash>.<ext>", () => {
  it("serves each linked file with its content type, cached for a year under a name that is its hash", async () => {
    const typeByExtension: Record<string, string> = {
      css: "text/css; charset=utf-8",
      js: "text/javascript; charset=utf-8",
      png: "image/png",
    };
    const assets = linkedUrls().filter((link) => link.startsWith("/assets/"));
    expect(assets.map((url) => url.split(".").pop()).sort()).toEqual(["css", "css", "js", "js", "png"]);
    for (const url of assets) {
      const { response, bytes } = await fetchBytes(url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      const [, hash, extension] = /^\/assets\/.+\.([0-9a-f]{8})\.(\w+)$/.exec(url) ?? [];
      expect(response.headers.get("content-type")).toBe(typeByExtension[extension as string]);
      expect(createHash("sha256").update(bytes).digest("hex").slice(0, 8)).toBe(hash);
    }
  });

  it("serves Swagger UI exactly as its npm package ships it", async () => {
    expect((await fetchBytes(assetUrl("swagger-ui-bundle"))).bytes.equals(swaggerUiFile("swagger-ui-bundle.js"))).toBe(
      true,
    );
    expect((await fetchBytes(assetUrl("swagger-ui"))).bytes.equals(swaggerUiFile("swagger-ui.css"))).toBe(true);
  });

  it("gzips text files for clients that accept it, and says the answer varies by it", async () => {
    const plain = await fetchBytes(assetUrl("swagger-ui-bundle"));
    const gzipped = await fetchBytes(assetUrl("swagger-ui-bundle"), { "accept-encoding": "gzip, deflate, br" });
    expect(plain.response.headers.get("content-encoding")).toBeNull();
    expect(gzipped.response.headers.get("content-encoding")).toBe("gzip");
    expect(gzipped.response.headers.get("vary")).toMatch(/Accept-Encoding/i);
    expect(gzipped.bytes.length).toBeLessThan(plain.bytes.length / 2);
    expect(gunzipSync(gzipped.bytes).equals(plain.bytes)).toBe(true);
    const icon = await fetchBytes(assetUrl("docs-icon"), { "accept-encoding": "gzip" });
    expect(icon.response.headers.get("content-encoding")).toBeNull();
  });

  it("answers any other name with a 404 problem, a stale hash or a path out of the folder included", async () => {
    const stale = assetUrl("swagger-ui").replace(/\.[0-9a-f]{8}\./, ".00000000.");
    for (const path of [stale, "/assets/swagger-ui.css", "/assets/manifest.json", "/assets/..%2Fpackage.json"]) {
      const response = await h.call("GET", path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(response.json).toMatchObject({ status: 404, title: "Not found" });
    }
  });
});
