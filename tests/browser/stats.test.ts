/**
 * The statistics page in a real headless Chromium, on the hand-computed
 * history of tests/helpers/stats-history.ts: a council opens it from the
 * menu, changes the period, opens a chart's table and downloads the CSV
 * through its link, and reads the file back; a reversed period shows its
 * errors; an admin sees every municipality. Every page passes axe-core's
 * WCAG 2.1 A and AA rules at desktop width and at 375 px, fits 375 px, has
 * one h1, and logs no error.
 */
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { speechFor } from "../../functions/web/i18n";
import { launchChromium } from "../helpers/browser";
import { createHarness, type Harness } from "../helpers/harness";
import { createStatsHistory } from "../helpers/stats-history";
import { checkPage, passing, serveSite, sidewaysOverflow, signedInContext, watchErrors } from "../helpers/web";
import { createWorld, type World } from "../helpers/world";

let h: Harness;
let world: World;
let browser: Browser;
let site: Awaited<ReturnType<typeof serveSite>>;

beforeAll(async () => {
  h = await createHarness();
  world = await createWorld(h);
  await createStatsHistory(h, world);
  site = await serveSite(h);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const kalundborgAnna = () => ({ sub: "kalundborg-anna", role: "council" as const, orgId: world.orgs.kalundborg.id });

async function expectPasses(page: Page, name: string) {
  expect(await checkPage(page, name)).toEqual(passing(name));
}

/** Each chart as drawn at the page's width now: no wider than the column it sits in. */
async function chartsFit(page: Page) {
  return page.locator("svg.stats-chart-image").evaluateAll((charts) =>
    charts.map((chart) => {
      const box = chart.getBoundingClientRect();
      const column = (chart.parentElement as { getBoundingClientRect(): { width: number } }).getBoundingClientRect();
      return box.width > 0 && box.width <= column.width + 0.5;
    }),
  );
}

describe("the statistics page in a browser", { timeout: 180_000 }, () => {
  it.each(["da", "en"] as const)(
    "shows a council its figures and charts, for another period too, and downloads them as CSV, in %s",
    async (lang) => {
      const { t } = speechFor(lang);
      const s = t.stats;
      const context = await signedInContext(browser, h, site.origin, kalundborgAnna(), { lang });
      const page = await context.newPage();
      const errors = watchErrors(page);

      expect((await page.goto(`${site.origin}/app/reviews`))?.status()).toBe(200);
      await page.getByRole("link", { name: t.nav.stats }).click();
      await page.waitForURL("**/app/statistik");
      expect(await page.locator("h1").textContent()).toBe(s.title);
      expect(await page.getByRole("img", { name: s.charts.weeks.title }).count()).toBe(1);
      expect(await page.getByRole("img", { name: s.charts.months.title }).count()).toBe(1);
      expect(await page.getByRole("img", { name: s.charts.waits.title }).count()).toBe(1);
      expect(await chartsFit(page)).toEqual([true, true, true]);
      await expectPasses(page, `stats-${lang}`);
      await page.setViewportSize({ width: 375, height: 812 });
      expect(await chartsFit(page)).toEqual([true, true, true]);
      await page.setViewportSize({ width: 1280, height: 900 });

      // Another period, through the form.
      await page.getByRole("textbox", { name: s.form.from, exact: true }).fill("2026-12-02");
      await page.getByRole("textbox", { name: s.form.to, exact: true }).fill("2026-12-31");
      await page.getByRole("button", { name: s.form.submit }).click();
      await page.waitForURL("**/app/statistik?from=2026-12-02&to=2026-12-31");
      const { fmt } = speechFor(lang);
      expect(await page.locator("h2").first().textContent()).toBe(
        s.period(fmt.date("2026-12-02"), fmt.date("2026-12-31")),
      );
      // A chart's table opens under it.
      const months = page.locator("#chart-months-326-table");
      expect(await months.isVisible()).toBe(false);
      await page.getByText(s.charts.showTable).nth(1).click();
      expect(await months.isVisible()).toBe(true);
      expect(await months.locator("tbody tr").allInnerTexts()).toEqual([`${fmt.month("2026-12")}\t0\t1`]);
      await expectPasses(page, `stats-period-${lang}`);

      // The CSV of that period, through the link.
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("link", { name: s.csv }).click(),
      ]);
      expect(download.suggestedFilename()).toBe("praktikbolig-statistik-2026-12-02-2026-12-31.csv");
      const bytes = readFileSync(await download.path());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const rows = parse(bytes, { bom: true, delimiter: ";", columns: true }) as Record<string, string>[];
      expect(rows).toEqual([
        expect.objectContaining({
          municipalityCode: "326",
          municipality: "Kalundborg",
          from: "2026-12-02",
          to: "2026-12-31",
          beds: "3",
          medianRentDkk: "3500",
          "requests.opened": "0",
          "requests.housed": "1",
          "requests.expired": "1",
          "daysToHouse.median": "10",
        }),
      ]);

      expect(errors).toEqual([]);
      await context.close();
    },
  );

  it("shows a reversed period's errors in the summary and by the field", async () => {
    const { t } = speechFor("da");
    const context = await signedInContext(browser, h, site.origin, kalundborgAnna());
    const page = await context.newPage();
    const errors = watchErrors(page);
    expect((await page.goto(`${site.origin}/app/statistik?from=2026-12-10&to=2026-12-01`))?.status()).toBe(400);
    expect(await page.getByRole("alert").textContent()).toContain(t.errors.summaryHeading);
    expect(await page.locator(".form-error-message").textContent()).toContain(t.errors.rules.ends_before_start);
    expect(await page.getByRole("link", { name: t.stats.csv }).count()).toBe(0);
    const logged = "Failed to load resource: the server responded with a status of 400 (Bad Request)";
    expect(errors).toEqual([logged]);
    await expectPasses(page, "stats-errors");
    await context.close();
  });

  it("shows an admin every municipality, tables scrolling in boxes a keyboard reaches", async () => {
    const context = await signedInContext(browser, h, site.origin, h.admin);
    const page = await context.newPage();
    const errors = watchErrors(page);
    expect((await page.goto(`${site.origin}/app/statistik`))?.status()).toBe(200);
    expect(await page.locator("#figures-beds thead th").count()).toBeGreaterThan(10);
    // The wide tables scroll inside their boxes, even what only screen readers get; the page itself does not.
    expect(await sidewaysOverflow(page)).toBe(0);
    await expectPasses(page, "stats-admin");
    expect((await page.goto(`${site.origin}/app/statistik?municipality=330`))?.status()).toBe(200);
    await expectPasses(page, "stats-admin-slagelse");
    expect(errors).toEqual([]);
    await context.close();
  });
});
