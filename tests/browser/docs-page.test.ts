/**
 * The docs page in a real browser (headless Debian Chromium): it renders every
 * operation from the app's own assets with every other origin blocked, passes
 * axe-core's checks, and fits a phone's width. Screenshots go to test-results/.
 */
import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import axe from "axe-core";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../helpers/browser";
import { createHarness } from "../helpers/harness";

const SCREENSHOTS = new URL("../../test-results/", import.meta.url);

let browser: Browser;
let server: ReturnType<typeof serve>;
let origin: string;
let operationCount: number;

beforeAll(async () => {
  const h = await createHarness();
  server = serve({ fetch: h.app.fetch, hostname: "127.0.0.1", port: 0 });
  await new Promise<void>((ready) => server.once("listening", ready));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const openapi = (await h.call("GET", "/openapi.json")).json as { paths: Record<string, object> };
  operationCount = Object.values(openapi.paths).reduce((sum, path) => sum + Object.keys(path).length, 0);
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((closed) => (server ? server.close(closed) : closed(undefined)));
});

interface LoadedDocs {
  page: Page;
  /** Requests to any other origin (blocked), and errors the page logged (CSP refusals among them). */
  foreignRequests: string[];
  errors: string[];
}

async function openDocs(viewport = { width: 1280, height: 900 }): Promise<LoadedDocs> {
  const page = await browser.newPage({ viewport });
  const foreignRequests: string[] = [];
  const errors: string[] = [];
  await page.route("**/*", (route) => {
    if (new URL(route.request().url()).origin === origin) return route.continue();
    foreignRequests.push(route.request().url());
    return route.abort();
  });
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`${origin}/docs`);
  await page.locator(".opblock").first().waitFor({ timeout: 20_000 });
  return { page, foreignRequests, errors };
}

/** One operation's block, found by method and path (its element id follows the operationId). */
const operation = (page: Page, method: string, path: string) =>
  page.locator(`.opblock-${method}:has(> .opblock-summary [data-path="${path}"])`);

async function axeViolations(page: Page) {
  // Evaluated through the DevTools protocol: the page's CSP rightly refuses an inline <script>.
  await page.evaluate(axe.source);
  const results = await page.evaluate(() => (globalThis as unknown as { axe: typeof axe }).axe.run());
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    targets: violation.nodes.slice(0, 5).map((node) => `${node.target.join(" ")} ${node.failureSummary ?? ""}`),
  }));
}

describe("the docs page in a browser", { timeout: 120_000 }, () => {
  it("renders every operation of the OpenAPI document from the app's own files, with no other origin", async () => {
    const { page, foreignRequests, errors } = await openDocs();
    await expect.poll(() => page.locator(".opblock").count()).toBe(operationCount);
    expect(await page.title()).toContain("Praktikbolig API");
    expect(foreignRequests).toEqual([]);
    expect(errors).toEqual([]);
    await page.screenshot({ path: new URL("docs.png", SCREENSHOTS).pathname });
    await page.close();
  });

  it("has no accessibility violations axe-core can find, as loaded and as a reader uses it", async () => {
    const { page } = await openDocs();
    const violationsBy: Record<string, unknown> = {};
    const check = async (state: string) => {
      violationsBy[state] = await axeViolations(page);
    };
    const open = async (method: string, path: string) => {
      await operation(page, method, path).locator(".opblock-summary-control").click();
      await operation(page, method, path).locator(".try-out__btn").click();
    };

    await check("as loaded");
    await open("get", "/listings");
    await operation(page, "get", "/listings").locator("tr[data-param-name=kind] select").waitFor();
    await check("a search with its parameters, trying it out");
    await open("post", "/listings");
    await operation(page, "post", "/listings").locator(".body-param textarea").waitFor();
    await check("a create with its request body, trying it out");
    await page.locator(".models .json-schema-2020-12-expand-deep-button").first().click();
    await check("the schemas expanded");
    await page.locator(".scheme-container .btn.authorize").click();
    await page.locator(".modal-ux").waitFor();
    await check("the authorisation dialog");

    expect(violationsBy).toEqual({
      "as loaded": [],
      "a search with its parameters, trying it out": [],
      "a create with its request body, trying it out": [],
      "the schemas expanded": [],
      "the authorisation dialog": [],
    });
    await page.close();
  });

  it("fits a 375 px wide screen without scrolling sideways, with an operation open to try out", async () => {
    const { page, errors } = await openDocs({ width: 375, height: 812 });
    await operation(page, "post", "/listings").locator(".opblock-summary-control").click();
    await operation(page, "post", "/listings").locator(".try-out__btn").click();
    await operation(page, "post", "/listings").locator(".body-param textarea").waitFor();
    // Runs in the page (no DOM types here): the root element's scrolling and visible widths.
    const widths = await page.evaluate(() => {
      type Root = { scrollWidth: number; clientWidth: number };
      const root = (globalThis as unknown as { document: { documentElement: Root } }).document.documentElement;
      return { page: root.scrollWidth, viewport: root.clientWidth };
    });
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);
    // On a phone as on a desk: nothing axe can find, nothing the page logged.
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.screenshot({ path: new URL("docs-375.png", SCREENSHOTS).pathname });
    await page.close();
  });
});
