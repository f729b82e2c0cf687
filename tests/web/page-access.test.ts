/**
 * The page-access matrix: every page of the web app × every kind of visitor
 * → the page they get, with real sessions on real objects. The routes come
 * from the web app's own route table, so a page added without probes fails
 * the first test. Sign-out is probed last: it ends the session it is sent with.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "#auth/principal";
import { createHarness, type Harness } from "../helpers/harness";
import { objectsOfEveryKind, routeTable } from "../helpers/objects";
import { page, sessionFor, type WebSession } from "../helpers/web";
import { createWorld } from "../helpers/world";
import { adminProbes } from "./access/admin";
import { councilProbes } from "./access/council";
import { privacyProbes } from "./access/privacy";
import { type Outcome, type PageFixture, type PageProbe, VISITORS, type Visitor } from "./access/probes";
import { publicProbes } from "./access/public";
import { staffProbes } from "./access/staff";
import { studentProbes } from "./access/student";

const probes: PageProbe[] = [
  ...publicProbes,
  ...studentProbes,
  ...staffProbes,
  ...councilProbes,
  ...adminProbes,
  ...privacyProbes,
];

let h: Harness;
let fixture: PageFixture;
const sessions: Partial<Record<Visitor, WebSession>> = {};

beforeAll(async () => {
  h = await createHarness();
  const world = await createWorld(h);
  const t = world.tokens;
  fixture = { ...(await objectsOfEveryKind(h, t)), ownerOrg: world.orgs.zealand.id };
  const principals: Record<Exclude<Visitor, "anonymous">, Principal> = {
    student: { sub: "student-freja", role: "student" },
    otherStudent: { sub: "student-ahmad", role: "student" },
    owner: { sub: "zealand-ida", role: "institution", orgId: world.orgs.zealand.id },
    otherInstitution: { sub: "absalon-mia", role: "institution", orgId: world.orgs.absalon.id },
    council: { sub: "kalundborg-anna", role: "council", orgId: world.orgs.kalundborg.id },
    otherCouncil: { sub: "slagelse-eva", role: "council", orgId: world.orgs.slagelse.id },
    admin: h.admin,
  };
  for (const [visitor, principal] of Object.entries(principals)) {
    sessions[visitor as Visitor] = await sessionFor(h, principal);
  }
});

/** What a visitor got, in the matrix's terms. */
function outcomeOf(response: { status: number; headers: Headers }): Outcome {
  const location = response.headers.get("location") ?? "";
  if (response.status === 303 && location.startsWith("/app/sign-in?")) return "sign-in";
  return response.status;
}

const byRoute = (route: string) => probes.filter((entry) => entry.route === route);
const signOutLast = (routes: string[]) => [
  ...routes.filter((route) => route !== "POST /app/sign-out"),
  ...routes.filter((route) => route === "POST /app/sign-out"),
];

describe("the page-access matrix", () => {
  it("has probes for every page route of the web app, and for no route it lacks", () => {
    expect(routeTable(h.web)).toEqual([...new Set(probes.map((entry) => entry.route))].sort());
  });

  it.each(signOutLast([...new Set(probes.map((entry) => entry.route))].sort()))(
    "%s answers each visitor as expected",
    async (route) => {
      const mismatches: string[] = [];
      for (const entry of byRoute(route)) {
        await Promise.all(
          VISITORS.map(async (visitor) => {
            const { method = "GET", path, form } = entry.request(fixture);
            const response = await page(h, method, path, { session: sessions[visitor], form });
            const outcome = outcomeOf(response);
            if (outcome !== entry.expected[visitor]) {
              mismatches.push(`${entry.label} as ${visitor}: ${outcome}, expected ${entry.expected[visitor]}`);
            }
          }),
        );
      }
      expect(mismatches.sort()).toEqual([]);
    },
  );
});
