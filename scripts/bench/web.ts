/**
 * Part: web pages. The app as `npm start` builds it (DynamoDB Local, table,
 * demo data), in this process. Two figures:
 *
 * 1. Server render time of the student's matches page and the staff's
 *    listings page, against the API route that reads the same data, taking
 *    turns request by request (in-process `app.request`, so no HTTP stack on
 *    either side): the difference is what rendering the page costs.
 * 2. What a first visit transfers, read from headless Chromium's own network
 *    accounting with an empty cache: the HTML, CSS, JS and fonts of the start
 *    page and of the heaviest signed-in pages, gzipped as the server (assets)
 *    and CloudFront (pages) send them.
 */
import { gzipSync } from "node:zlib";
import type { Principal } from "#auth/principal";
import { silentLogger } from "../../functions/api/logging";
import { ensureTable, type RunningDynamoDb, startDynamoDbLocal } from "../../functions/local/dynamodb-local";
import { createLocalApp, type LocalApp } from "../../functions/local/local-app";
import { type LocalServer, startLocalServer } from "../../functions/local/local-server";
import { seedDemoData } from "../../functions/local/seed";
import { launchChromium } from "../../tests/helpers/browser";
import { type BenchPart, kb, median, ms, num, percentile, table } from "./report";

const TABLE_NAME = "bench-web";
const WARMUP = 30;
const SAMPLES = 300;
/** The budget per page: HTML + JS, gzipped. */
const HTML_JS_BUDGET_BYTES = 100 * 1024;

const freja: Principal = { sub: "demo-student-freja", role: "student" };
const zealandStaff: Principal = { sub: "demo-staff-institution1", role: "institution", orgId: "institution1" };

interface Pair {
  label: string;
  page: () => Promise<Response>;
  api: () => Promise<Response>;
}

async function timed(call: () => Promise<Response>): Promise<number> {
  const started = performance.now();
  const response = await call();
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`answered ${response.status}`);
  return performance.now() - started;
}

/** Page and API call take turns, so both share whatever else the machine does. */
async function measurePair(pair: Pair) {
  for (let i = 0; i < WARMUP; i += 1) {
    await timed(pair.page);
    await timed(pair.api);
  }
  const page: number[] = [];
  const api: number[] = [];
  for (let i = 0; i < SAMPLES; i += 1) {
    page.push(await timed(pair.page));
    api.push(await timed(pair.api));
  }
  return { label: pair.label, page, api };
}

async function pairs(local: LocalApp): Promise<Pair[]> {
  const studentToken = await local.tokens.issue(freja);
  const staffToken = await local.tokens.issue(zealandStaff);
  const studentCookie = `pb-session=${(await local.services.sessions.start(freja)).id}`;
  const staffCookie = `pb-session=${(await local.services.sessions.start(zealandStaff)).id}`;
  const requests = await local.services.requests.list(freja, {}, { limit: 20 });
  const request = requests.items.find((item) => item.status === "open");
  if (!request) throw new Error("The demo data has no open request of Freja's");
  const page = (path: string, cookie: string) => () =>
    Promise.resolve(local.web.request(`http://localhost${path}`, { headers: { cookie } }));
  const api = (path: string, token: string) => () =>
    Promise.resolve(local.app.request(path, { headers: { authorization: `Bearer ${token}` } }));
  return [
    {
      label: "matches: `/app/requests/{id}` vs `GET /housing-requests/{id}/matches`",
      page: page(`/app/requests/${request.id}`, studentCookie),
      api: api(`/housing-requests/${request.id}/matches`, studentToken),
    },
    {
      label: "listings: `/app/listings` vs `GET /listings?mine=true`",
      page: page("/app/listings", staffCookie),
      api: api("/listings?mine=true", staffToken),
    },
    {
      label: "search: `/app/rooms` vs `GET /listings`",
      page: page("/app/rooms", studentCookie),
      api: api("/listings", studentToken),
    },
  ];
}

interface Transfer {
  page: string;
  bytes: Record<"html" | "css" | "js" | "font" | "other", number>;
}

/** Bytes a first visit transfers, by kind, as Chromium counted them (bodies as sent; HTML gzipped as CloudFront would). */
async function firstVisits(local: LocalApp, origin: string): Promise<Transfer[]> {
  const browser = await launchChromium();
  const visits: { page: string; path: string; principal?: Principal }[] = [
    { page: "start page `/`", path: "/" },
    { page: "sign-in `/app/sign-in`", path: "/app/sign-in" },
    { page: "matches `/app/requests/{id}`", path: "", principal: freja },
    { page: "listing form `/app/listings/new`", path: "/app/listings/new", principal: zealandStaff },
  ];
  const requests = await local.services.requests.list(freja, {}, { limit: 20 });
  const open = requests.items.find((item) => item.status === "open");
  const results: Transfer[] = [];
  try {
    for (const visit of visits) {
      const context = await browser.newContext();
      if (visit.principal) {
        const { id } = await local.services.sessions.start(visit.principal);
        await context.addCookies([{ name: "pb-session", value: id, url: origin }]);
      }
      const page = await context.newPage();
      const bytes: Transfer["bytes"] = { html: 0, css: 0, js: 0, font: 0, other: 0 };
      const pending: Promise<void>[] = [];
      page.on("requestfinished", (request) => {
        pending.push(
          (async () => {
            const sizes = await request.sizes();
            const type = request.resourceType();
            if (type === "document") {
              const response = await request.response();
              bytes.html += gzipSync(await (response as NonNullable<typeof response>).body()).length;
            } else if (type === "stylesheet") bytes.css += sizes.responseBodySize;
            else if (type === "script") bytes.js += sizes.responseBodySize;
            else if (type === "font") bytes.font += sizes.responseBodySize;
            else bytes.other += sizes.responseBodySize;
          })(),
        );
      });
      const path = visit.path || `/app/requests/${open?.id}`;
      await page.goto(`${origin}${path}`, { waitUntil: "networkidle" });
      await Promise.all(pending);
      results.push({ page: visit.page, bytes });
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return results;
}

export const webPart: BenchPart = {
  name: "web",
  async run({ log }) {
    let dynamo: RunningDynamoDb | undefined;
    let server: LocalServer | undefined;
    try {
      dynamo = await startDynamoDbLocal();
      await ensureTable(dynamo.endpoint, TABLE_NAME);
      const local = await createLocalApp({ endpoint: dynamo.endpoint, tableName: TABLE_NAME, logger: silentLogger });
      await seedDemoData(local.services, local.servicesAt, local.clock.now());
      log("rendering pages against their API routes");
      const measured = [];
      for (const pair of await pairs(local)) measured.push(await measurePair(pair));
      server = await startLocalServer({ fetch: local.fetch, port: 0, hostname: "127.0.0.1" });
      log("first visits in Chromium");
      const transfers = await firstVisits(local, `http://127.0.0.1:${server.address.port}`);
      return [report(measured, transfers)];
    } finally {
      await server?.close();
      await dynamo?.stop();
    }
  },
};

function report(measured: { label: string; page: number[]; api: number[] }[], transfers: Transfer[]): string {
  const renderRows = measured.map(({ label, page, api }) => [
    label,
    ms(median(page), 2),
    ms(percentile(page, 0.99), 2),
    ms(median(api), 2),
    ms(percentile(api, 0.99), 2),
    `${num(median(page) / median(api), 2)}×`,
  ]);
  const transferRows = transfers.map(({ page, bytes }) => {
    const htmlJs = bytes.html + bytes.js;
    return [
      page,
      kb(bytes.html),
      kb(bytes.css),
      kb(bytes.js),
      kb(bytes.font),
      kb(bytes.html + bytes.css + bytes.js + bytes.font + bytes.other),
      `${kb(htmlJs)} ${htmlJs <= HTML_JS_BUDGET_BYTES ? "✓" : "✗ over budget"}`,
    ];
  });
  return [
    "## Web pages",
    "",
    `Server render time, in-process (\`app.request\`, no HTTP stack), demo data, ${num(SAMPLES)} requests each after ${WARMUP} warm-up, page and API route taking turns. The page reads the same data as the API route through the same services (the matches page also reads the request itself), then renders it with the layout, catalogue and formatters.`,
    "",
    table(["page vs API route", "page p50 ms", "page p99 ms", "API p50 ms", "API p99 ms", "page/API p50"], renderRows),
    "",
    "A first visit with an empty cache, as headless Chromium counted it: CSS, JS and fonts as the server sends them (gzip for text), the HTML gzipped as CloudFront sends it. Budget: HTML + JS ≤ 100 KB gzipped per page.",
    "",
    table(["page", "HTML KB", "CSS KB", "JS KB", "fonts KB", "total KB", "HTML + JS KB"], transferRows),
  ].join("\n");
}
