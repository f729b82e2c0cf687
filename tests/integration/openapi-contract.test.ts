/**
 * The OpenAPI document as clients use it: it passes Spectral's `spectral:oas`
 * ruleset without a finding, the committed generated types are current, and
 * a client generated from it (openapi-typescript + openapi-fetch) runs a whole
 * journey with minimal bodies, typed end to end, without a cast.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import createClient from "openapi-fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_TYPES_PATH, generateApiTypes } from "../../scripts/openapi-types";
import type { paths } from "../contract/api-types";
import { createHarness, type Harness } from "../helpers/harness";

let h: Harness;
let scratch: string;

interface Finding {
  code: string;
  path: string[];
  message: string;
}

beforeAll(async () => {
  h = await createHarness();
  scratch = await mkdtemp(join(tmpdir(), "praktikbolig-openapi-"));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe("the OpenAPI document", () => {
  it("passes Spectral's spectral:oas ruleset with no error, warning, note or hint", async () => {
    const document = await h.call("GET", "/openapi.json");
    const file = join(scratch, "openapi.json");
    await writeFile(file, document.text);
    const report = join(scratch, "spectral.json");
    const spectral = "node_modules/@stoplight/spectral-cli/dist/index.js";
    const args = [spectral, "lint", file, "--ruleset", ".spectral.yaml", "--format", "json", "--output", report];
    await promisify(execFile)(process.execPath, [...args, "--fail-severity", "hint"]).catch(() => undefined);
    const findings = JSON.parse(await readFile(report, "utf8")) as Finding[];
    expect(findings.map((finding) => `${finding.code} at ${finding.path.join(" > ")}: ${finding.message}`)).toEqual([]);
  });

  it("matches the committed generated types (npm run contract:types)", async () => {
    expect(await readFile(API_TYPES_PATH, "utf8")).toBe(await generateApiTypes());
  });
});

/** The answer's data, or the test fails with the problem the API answered. */
function data<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined) {
    throw new Error(`${result.response.status} ${result.response.url}: ${JSON.stringify(result.error)}`);
  }
  return result.data;
}

describe("a client generated from the document", () => {
  it("runs a whole journey with minimal bodies, from organisations to a booking", async () => {
    const clientFor = (token: string) =>
      createClient<paths>({
        baseUrl: "http://praktikbolig.test",
        headers: { Authorization: `Bearer ${token}` },
        fetch: (request) => h.fetch(request),
      });
    const admin = clientFor(await h.tokenFor(h.admin));

    const council = data(
      await admin.POST("/organizations", {
        body: { kind: "council", name: "Kalundborg Erhvervsråd", municipalities: ["326"] },
      }),
    );
    const institution = data(await admin.POST("/organizations", { body: { kind: "institution", name: "Zealand" } }));
    expect(institution.municipalities).toEqual([]);

    const staff = clientFor(await h.tokenFor({ sub: "zealand-ida", role: "institution", orgId: institution.id }));
    const reviewer = clientFor(await h.tokenFor({ sub: "kalundborg-anna", role: "council", orgId: council.id }));
    const student = clientFor(await h.tokenFor({ sub: "student-freja", role: "student" }));

    const created = await staff.POST("/listings", {
      body: {
        title: "Room near the harbour",
        description: "A quiet room in a family home, ten minutes by bike from the centre.",
        kind: "room",
        municipalityCode: "326",
        address: { street: "Havnegade 1", postalCode: "4400", city: "Kalundborg" },
        rentDkk: 3200,
        capacity: 1,
        availableFrom: "2027-02-01",
        availableTo: "2027-07-01",
      },
      headers: { "Idempotency-Key": "listing-1" },
    });
    const draft = data(created);
    expect(created.response.headers.get("location")).toBe(`/listings/${draft.id}`);
    expect(draft).toMatchObject({ status: "draft", depositDkk: 0, furnished: false, languages: [] });

    const path = { id: draft.id };
    const submitted = data(
      await staff.POST("/listings/{id}/submit", {
        params: { path, header: { "If-Match": `"${draft.version}"` } },
      }),
    );
    expect(submitted.status).toBe("pending");
    const approved = data(await reviewer.POST("/listings/{id}/approve", { params: { path } }));
    expect(approved.status).toBe("approved");

    const request = data(
      await student.POST("/housing-requests", {
        body: {
          internship: {
            company: "Novo Nordisk",
            municipalityCode: "326",
            startDate: "2027-03-01",
            endDate: "2027-05-31",
          },
          moveIn: "2027-03-01",
          moveOut: "2027-06-01",
        },
      }),
    );
    expect(request).toMatchObject({ status: "open", maxDistanceKm: 50 });

    const matches = data(
      await student.GET("/housing-requests/{id}/matches", {
        params: { path: { id: request.id }, query: { limit: 5 } },
      }),
    );
    expect(matches.items.map((match) => match.listing.id)).toEqual([draft.id]);

    const application = data(
      await student.POST("/housing-requests/{id}/applications", {
        params: { path: { id: request.id } },
        body: { listingId: draft.id },
      }),
    );
    const offered = data(
      await staff.POST("/applications/{id}/offer", { params: { path: { id: application.id } }, body: {} }),
    );
    expect(offered.status).toBe("offered");
    const accepted = data(
      await student.POST("/applications/{id}/accept", { params: { path: { id: application.id } } }),
    );
    expect(accepted).toMatchObject({ status: "accepted", bookingId: expect.any(String) });

    const bookings = data(await staff.GET("/bookings", { params: { query: { listingId: draft.id } } }));
    expect(bookings.items).toEqual([
      expect.objectContaining({ id: accepted.bookingId, status: "confirmed", moveIn: "2027-03-01" }),
    ]);
    expect(bookings.nextCursor).toBeNull();
  });
});
