/**
 * The statistics page and its CSV in-process, on the hand-computed history
 * of tests/helpers/stats-history.ts: the figures a council sees in the
 * tables and in the charts' tables, the CSV's bytes (the same as the API's),
 * the period's errors, and who may choose which municipalities.
 */
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import {
  DaysToHouseChart,
  FreeBedsChart,
  niceScale,
  RequestsByMonthChart,
} from "../../functions/web/components/charts";
import { speechFor } from "../../functions/web/i18n";
import { createHarness, type Harness } from "../helpers/harness";
import { createStatsHistory } from "../helpers/stats-history";
import { page, sessionFor, type WebSession } from "../helpers/web";
import { createWorld, type World } from "../helpers/world";

const { t } = speechFor("da");
const BOM = [0xef, 0xbb, 0xbf];

let h: Harness;
let world: World;
let anna: WebSession;
let karl: WebSession;
let admin: WebSession;
let student: WebSession;
let institution: WebSession;

beforeAll(async () => {
  h = await createHarness();
  world = await createWorld(h);
  await createStatsHistory(h, world);
  // Sessions start after the history's clock has moved on, so none has lapsed.
  const orgs = world.orgs;
  anna = await sessionFor(h, { sub: "kalundborg-anna", role: "council", orgId: orgs.kalundborg.id });
  karl = await sessionFor(h, { sub: "lf-karl", role: "council", orgId: orgs.lollandFalster.id });
  admin = await sessionFor(h, h.admin);
  student = await sessionFor(h, { sub: "student-freja", role: "student" });
  institution = await sessionFor(h, { sub: "zealand-ida", role: "institution", orgId: orgs.zealand.id });
});

/** Text as a reader sees it: tags dropped, entities and Intl's no-break spaces made plain. */
const plain = (html: string) =>
  html
    .replace(/<[^>]+>/g, "")
    .replaceAll("&amp;", "&")
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("\u00a0", " ")
    .replace(/\s+/g, " ")
    .trim();

/** The HTML of the element with this id, up to its closing tag (tables and svgs do not nest here). */
function element(html: string, id: string, tag: string): string {
  const at = html.indexOf(`id="${id}"`);
  if (at === -1) throw new Error(`no element ${id}`);
  const start = html.lastIndexOf(`<${tag}`, at);
  return html.slice(start, html.indexOf(`</${tag}>`, at) + tag.length + 3);
}

/** The form group (label, hint, error, field) that holds the input with this id. */
function groupOf(html: string, inputId: string): string {
  const at = html.indexOf(`id="${inputId}"`);
  const start = html.lastIndexOf('<div class="form-group', at);
  return html.slice(start, html.indexOf("</div>", at));
}

/** A table's body rows, each as its cells' plain texts (the row's heading first). */
function rowsOf(table: string): string[][] {
  const body = table.slice(table.indexOf("<tbody>"));
  return [...body.matchAll(/<tr>(.*?)<\/tr>/gs)].map(([, row]) =>
    [...(row ?? "").matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/gs)].map(([, cell]) => plain(cell ?? "")),
  );
}

/** The values of one figure in one group's table: a cell per municipality. */
function figure(html: string, group: string, label: string): string[] {
  const table = element(html, `figures-${group}`, "table");
  const body = table.slice(table.indexOf("<tbody>"));
  const row = [...body.matchAll(/<tr>(.*?)<\/tr>/gs)].find(([, cells]) =>
    (cells ?? "").includes(`<span class="figure-name">${label}</span>`),
  );
  if (!row) throw new Error(`no figure ${label} in ${group}`);
  return [...(row[1] ?? "").matchAll(/<td[^>]*>(.*?)<\/td>/gs)].map(([, cell]) => plain(cell ?? ""));
}

/** The column headings of a group's table. */
function columnsOf(html: string, group: string): string[] {
  const table = element(html, `figures-${group}`, "table");
  return [...table.slice(0, table.indexOf("</thead>")).matchAll(/<th scope="col">(.*?)<\/th>/gs)].map(([, cell]) =>
    plain(cell ?? ""),
  );
}

async function csvBytes(session: WebSession, query: string) {
  const response = await h.web.request(`http://localhost/app/statistik.csv${query}`, {
    headers: { cookie: session.cookie },
  });
  return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
}

describe("the statistics page for a council", () => {
  it("shows Kalundborg's figures over the last 12 months, each with what it means", async () => {
    const response = await page(h, "GET", "/app/statistik", { session: anna });
    expect(response.status).toBe(200);
    const html = response.text;
    expect(html.match(/<h1/g)).toHaveLength(1);
    expect(plain(html)).toContain(t.stats.period("12. december 2025", "11. december 2026"));
    expect(html).toMatch(/<a href="\/app\/statistik" aria-current="page">Statistik<\/a>/);
    expect(columnsOf(html, "beds")).toEqual([t.stats.figureHead, "Kalundborg"]);

    expect(figure(html, "listings", "Kladde")).toEqual(["1"]);
    expect(figure(html, "listings", "Afventer godkendelse")).toEqual(["1"]);
    expect(figure(html, "listings", "Godkendt")).toEqual(["2"]);
    expect(figure(html, "listings", "Afvist")).toEqual(["1"]);
    expect(figure(html, "listings", "Trukket tilbage")).toEqual(["1"]);
    expect(figure(html, "listings", "Udløbet")).toEqual(["0"]);
    expect(figure(html, "beds", t.stats.figures.beds.label)).toEqual(["3"]);
    expect(figure(html, "beds", t.stats.figures.free30.label)).toEqual(["1,5"]);
    expect(figure(html, "beds", t.stats.figures.free90.label)).toEqual(["1,2"]);
    expect(figure(html, "beds", t.stats.figures.medianRent.label)).toEqual(["3.500 kr."]);
    expect(figure(html, "requests", t.stats.figures.opened.label)).toEqual(["5"]);
    expect(figure(html, "requests", t.stats.figures.open.label)).toEqual(["1"]);
    expect(figure(html, "requests", t.stats.figures.housed.label)).toEqual(["2"]);
    expect(figure(html, "requests", t.stats.figures.expired.label)).toEqual(["1"]);
    expect(figure(html, "requests", t.stats.figures.cancelled.label)).toEqual(["1"]);
    expect(figure(html, "requests", t.stats.figures.medianDays.label)).toEqual(["5 dage"]);
    expect(figure(html, "requests", t.stats.figures.p90Days.label)).toEqual(["10 dage"]);
    expect(figure(html, "distance", t.stats.figures.within("10"))).toEqual(["100 %"]);
    expect(figure(html, "distance", t.stats.figures.within("50"))).toEqual(["100 %"]);
    expect(figure(html, "bed-nights", t.stats.figures.offered.label)).toEqual(["24"]);
    expect(figure(html, "bed-nights", t.stats.figures.booked.label)).toEqual(["7"]);
    expect(figure(html, "bed-nights", t.stats.figures.utilisation.label)).toEqual(["29,2 %"]);
    expect(figure(html, "flows", t.stats.figures.livesIn.label)).toEqual(["Kalundborg: 2"]);
    expect(figure(html, "flows", t.stats.figures.internsFrom.label)).toEqual(["Kalundborg: 2, Slagelse: 1"]);

    // Every figure says what it means, right by its name.
    expect(html).toContain(t.stats.figures.free30.hint);
    expect(html).toContain(t.stats.groups.distance.note);
  });

  it("draws three charts, each a named image with its figures in a table right by it", async () => {
    const html = (await page(h, "GET", "/app/statistik", { session: anna })).text;
    for (const chart of ["weeks", "months", "waits"]) {
      const svg = element(html, `chart-${chart}-326-title`, "svg");
      expect(svg).toContain('role="img"');
      expect(svg).toContain(`aria-labelledby="chart-${chart}-326-title chart-${chart}-326-desc"`);
      expect(svg).toMatch(/<desc id="[^"]+">[^<]{40,}<\/desc>/);
      expect(svg).toContain('viewBox="0 0 360 ');
      expect(svg).toContain('width="100%"');
    }
    const weeks = rowsOf(element(html, "chart-weeks-326-table", "table"));
    expect(weeks).toHaveLength(13);
    expect(weeks[0]).toEqual(["11.12.2026", "2"]);
    const months = rowsOf(element(html, "chart-months-326-table", "table"));
    expect(months).toHaveLength(13);
    expect(months.at(-1)).toEqual(["december 2026", "5", "2"]);
    expect(rowsOf(element(html, "chart-waits-326-table", "table"))).toEqual([
      ["0–7 dage", "1"],
      ["8–14 dage", "1"],
      ["15–30 dage", "0"],
      ["31–60 dage", "0"],
      ["61–90 dage", "0"],
      ["over 90 dage", "0"],
    ]);
    // The numbers by the bars are the table's: December's 5 opened and 2 housed.
    const monthsChart = element(html, "chart-months-326-title", "svg");
    expect(monthsChart).toContain(">dec. 2026</text>");
    expect(monthsChart).toMatch(/>5<\/text>.*>2<\/text>\s*<\/g>\s*<\/g>\s*<\/svg>/s);
    // Housed is hatched, in the chart and in its legend, and the legend names both.
    expect(monthsChart).toContain('fill="url(#chart-months-326-hatch)"');
    expect(plain(html)).toContain(t.stats.charts.months.housed);
  });

  it("links to the CSV of the same period", async () => {
    const html = (await page(h, "GET", "/app/statistik", { session: anna })).text;
    expect(html).toContain(`href="/app/statistik.csv?from=2025-12-12&amp;to=2026-12-11"`);
    const chosen = (await page(h, "GET", "/app/statistik?from=2026-12-02&to=2026-12-31", { session: anna })).text;
    expect(chosen).toContain(`href="/app/statistik.csv?from=2026-12-02&amp;to=2026-12-31"`);
    expect(chosen).toContain('value="2026-12-02"');
  });

  it("counts only what happened in the period asked for", async () => {
    const response = await page(h, "GET", "/app/statistik?from=2026-12-02&to=2026-12-31", { session: anna });
    expect(response.status).toBe(200);
    const html = response.text;
    expect(plain(html)).toContain(t.stats.period("2. december 2026", "31. december 2026"));
    expect(figure(html, "requests", t.stats.figures.opened.label)).toEqual(["0"]);
    expect(figure(html, "requests", t.stats.figures.open.label)).toEqual(["1"]);
    expect(figure(html, "requests", t.stats.figures.housed.label)).toEqual(["1"]);
    expect(figure(html, "requests", t.stats.figures.expired.label)).toEqual(["1"]);
    expect(figure(html, "requests", t.stats.figures.medianDays.label)).toEqual(["10 dage"]);
    expect(rowsOf(element(html, "chart-months-326-table", "table"))).toEqual([["december 2026", "0", "1"]]);
  });

  it("offers a council of one municipality no choice of municipality", async () => {
    const html = (await page(h, "GET", "/app/statistik", { session: anna })).text;
    expect(html).toContain('name="from"');
    expect(html).not.toContain('name="municipality"');
  });

  it("writes a figure that cannot be computed as a dash with words for screen readers", async () => {
    const html = (await page(h, "GET", "/app/statistik?from=2026-11-01&to=2026-11-30", { session: anna })).text;
    expect(figure(html, "requests", t.stats.figures.medianDays.label)).toEqual([`–${t.stats.noValue}`]);
    expect(html).toContain(`<span aria-hidden="true">–</span><span class="sr-only">${t.stats.noValue}</span>`);
    expect(html).toContain(t.stats.charts.waits.empty);
  });
});

describe("the period's errors", () => {
  it("shows a reversed period in the error summary and by the field, and no figures", async () => {
    const response = await page(h, "GET", "/app/statistik?from=2026-12-10&to=2026-12-01", { session: anna });
    expect(response.status).toBe(400);
    const html = response.text;
    expect(html).toContain(t.errors.summaryHeading);
    expect(html).toContain('<a class="function-link" href="#field-to">');
    const group = groupOf(html, "field-to");
    expect(group).toMatch(/^<div class="form-group form-error">/);
    expect(group).toContain(t.errors.rules.ends_before_start);
    expect(group).toMatch(/<input[^>]*id="field-to"[^>]*aria-invalid="true"/);
    expect(html).toContain('value="2026-12-10"');
    expect(html).not.toContain('id="figures-beds"');
    expect(html).not.toContain("/app/statistik.csv");
  });

  it("says a period longer than three years is too long, and a date that is no date is not one", async () => {
    const long = await page(h, "GET", "/app/statistik?from=2020-01-01&to=2026-12-01", { session: anna });
    expect(long.status).toBe(400);
    expect(long.text).toContain(t.errors.rules.period_too_long);
    const bad = await page(h, "GET", "/app/statistik?from=2026-13-45", { session: anna });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('href="#field-from"');
    expect(bad.text).toContain(t.errors.date);
  });

  it("sends a CSV asked for with a reversed period to the page that says why", async () => {
    const { response } = await csvBytes(anna, "?from=2026-12-10&to=2026-12-01");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/app/statistik?from=2026-12-10&to=2026-12-01");
  });
});

describe("the statistics as CSV", () => {
  it("answers the period's figures as a download: UTF-8 with a BOM, semicolons, decimal commas", async () => {
    const { response, bytes } = await csvBytes(anna, "");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(
      'attachment; filename="praktikbolig-statistik-2025-12-12-2026-12-11.csv"',
    );
    expect([...bytes.slice(0, 3)]).toEqual(BOM);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    const rows = parse(text, { bom: true, delimiter: ";", columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      municipalityCode: "326",
      municipality: "Kalundborg",
      from: "2025-12-12",
      to: "2026-12-11",
      "listings.approved": "2",
      beds: "3",
      "bedsFree.next30Days": "1,5",
      "requests.opened": "5",
      "daysToHouse.median": "5",
      medianRentDkk: "3500",
      "housedWithinKm.10": "1",
      "bedNights.utilisation": "0,292",
      "internships.internsFrom": "326: 2, 330: 1",
    });
  });

  it("has exactly the bytes the API's CSV has for the same period", async () => {
    const query = "?from=2026-12-02&to=2026-12-31";
    const { bytes } = await csvBytes(anna, query);
    const api = await h.fetch(
      new Request(`http://localhost/stats${query}&format=csv`, {
        headers: { authorization: `Bearer ${world.tokens.kalundborg}` },
      }),
    );
    expect(Buffer.from(bytes).equals(Buffer.from(await api.arrayBuffer()))).toBe(true);
  });

  it("is the 403 page for students and institutions", async () => {
    for (const session of [student, institution]) {
      const { response } = await csvBytes(session, "");
      expect(response.status).toBe(403);
      expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    }
  });
});

describe("choosing municipalities", () => {
  it("lets a council of two municipalities see both, or choose one of theirs and no other", async () => {
    const both = await page(h, "GET", "/app/statistik", { session: karl });
    expect(both.status).toBe(200);
    expect(columnsOf(both.text, "beds")).toEqual([t.stats.figureHead, "Lolland", "Guldborgsund"]);
    expect(both.text).toContain(`<option value="">${t.stats.form.allOwnMunicipalities}</option>`);
    expect(both.text).toMatch(/<td data-title="Lolland">0<\/td>/);
    const one = await page(h, "GET", "/app/statistik?municipality=376", { session: karl });
    expect(columnsOf(one.text, "beds")).toEqual([t.stats.figureHead, "Guldborgsund"]);
    expect(one.text).toContain('href="/app/statistik.csv?from=2025-12-12&amp;to=2026-12-11&amp;municipality=376"');
    const other = await page(h, "GET", "/app/statistik?municipality=326", { session: karl });
    expect(other.status).toBe(400);
    expect(other.text).toContain('href="#field-municipality"');
    expect(other.text).toContain(t.errors.choose);
  });

  it("lets an admin choose any municipality", async () => {
    const all = await page(h, "GET", "/app/statistik", { session: admin });
    expect(all.status).toBe(200);
    expect(all.text).toContain(`<option value="">${t.stats.form.allMunicipalities}</option>`);
    expect(all.text).toContain('<option value="330">Slagelse</option>');
    // Many municipalities: each table scrolls in a box a keyboard can reach, and the charts add them up.
    expect(all.text).toContain(
      '<section class="table--responsive-scroll stats-scroll" aria-labelledby="figures-beds-caption"',
    );
    const count = columnsOf(all.text, "beds").length - 1;
    expect(count).toBeGreaterThan(10);
    expect(all.text).toContain(`<h2 id="charts-all">${t.stats.charts.totalTitle(String(count))}</h2>`);
    expect(all.text).not.toContain('id="chart-weeks-326-title"');
    expect(rowsOf(element(all.text, "chart-months-all-table", "table")).at(-1)).toEqual(["december 2026", "6", "3"]);
    expect(rowsOf(element(all.text, "chart-waits-all-table", "table")).slice(0, 2)).toEqual([
      ["0–7 dage", "1"],
      ["8–14 dage", "2"],
    ]);
    expect(rowsOf(element(all.text, "chart-weeks-all-table", "table"))[0]).toEqual(["11.12.2026", "2"]);
    const slagelse = await page(h, "GET", "/app/statistik?municipality=330", { session: admin });
    expect(columnsOf(slagelse.text, "requests")).toEqual([t.stats.figureHead, "Slagelse"]);
    expect(figure(slagelse.text, "requests", t.stats.figures.housed.label)).toEqual(["1"]);
    expect(figure(slagelse.text, "flows", t.stats.figures.livesIn.label)).toEqual(["Kalundborg: 1"]);
    expect(figure(slagelse.text, "distance", t.stats.figures.within("25"))).toEqual(["0 %"]);
  });

  it("speaks English with English number formats", async () => {
    const en = speechFor("en").t;
    const response = await page(h, "GET", "/app/statistik", { session: anna, headers: { cookie: "pb-lang=en" } });
    expect(response.text).toContain(`<h1>${en.stats.title}</h1>`);
    expect(figure(response.text, "beds", en.stats.figures.medianRent.label)).toEqual(["DKK 3,500"]);
    expect(figure(response.text, "bed-nights", en.stats.figures.utilisation.label)).toEqual(["29.2%"]);
    expect(rowsOf(element(response.text, "chart-months-326-table", "table")).at(-1)).toEqual([
      "December 2026",
      "5",
      "2",
    ]);
  });

  it("is the 403 page for students and institutions", async () => {
    for (const session of [student, institution]) {
      const response = await page(h, "GET", "/app/statistik", { session });
      expect(response.status).toBe(403);
      expect(response.text).toContain(t.pages.forbidden.title);
    }
  });
});

describe("the charts", () => {
  const speech = speechFor("da");
  const render = async (node: unknown) => String(await (node as { toString(): string | Promise<string> }).toString());

  it("scale in round steps from zero", () => {
    expect(niceScale(0, true)).toEqual({ top: 1, ticks: [0, 1] });
    expect(niceScale(3, true)).toEqual({ top: 3, ticks: [0, 1, 2, 3] });
    expect(niceScale(7, true)).toEqual({ top: 8, ticks: [0, 2, 4, 6, 8] });
    expect(niceScale(2, false)).toEqual({ top: 2, ticks: [0, 0.5, 1, 1.5, 2] });
    expect(niceScale(130, true)).toEqual({ top: 150, ticks: [0, 50, 100, 150] });
  });

  it("say so in words instead of drawing an empty chart", async () => {
    const weeks = Array.from({ length: 13 }, (_, index) => ({ weekStart: `2027-01-${10 + index}`, bedsFree: 0 }));
    const html = await render(FreeBedsChart({ id: "w", municipality: "Sorø", weeks, speech }));
    expect(html).toContain(speech.t.stats.charts.weeks.empty);
    expect(html).not.toContain("<svg");
  });

  it("label every third week, and every band and month", async () => {
    const weeks = Array.from({ length: 13 }, (_, index) => ({ weekStart: `2027-01-${10 + index}`, bedsFree: index }));
    const drawn = await render(FreeBedsChart({ id: "w", municipality: "Sorø", weeks, speech }));
    expect(drawn.match(/>\d+\. jan\.<\/text>/g)).toEqual([
      ">10. jan.</text>",
      ">13. jan.</text>",
      ">16. jan.</text>",
      ">19. jan.</text>",
      ">22. jan.</text>",
    ]);
    const months = [
      { month: "2026-11", opened: 3, housed: 0 },
      { month: "2026-12", opened: 12, housed: 7 },
    ];
    const grouped = await render(RequestsByMonthChart({ id: "m", municipality: "Sorø", months, speech }));
    expect(grouped).toContain(">nov. 2026</text>");
    expect(grouped).toContain(">12</text>");
    const bands = [7, 14, 30, 60, 90, null].map((upToDays) => ({ upToDays, requests: 1 }));
    const histogram = await render(DaysToHouseChart({ id: "d", municipality: "Sorø", bands, speech }));
    for (const label of ["0–7", "8–14", "15–30", "31–60", "61–90", "over 90"])
      expect(histogram).toContain(`>${label}</text>`);
  });
});
