import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../helpers/harness";

let h: Harness;
let admin: string;
let council: { id: string };
let institution: { id: string };
let councilStaff: string;
let institutionStaff: string;
let student: string;

beforeAll(async () => {
  h = await createHarness();
  admin = await h.tokenFor(h.admin);
  council = await h.createOrganization({ kind: "council", name: "Sorø Erhverv", municipalities: ["340"] });
  institution = await h.createOrganization({ kind: "institution", name: "Absalon", municipalities: ["340", "330"] });
  councilStaff = await h.tokenFor({ sub: "c1", role: "council", orgId: council.id });
  institutionStaff = await h.tokenFor({ sub: "i1", role: "institution", orgId: institution.id });
  student = await h.tokenFor({ sub: "s1", role: "student" });
});

describe("creating organisations", () => {
  it("answers 201 with the organisation, its Location and version", async () => {
    const response = await h.call("POST", "/organizations", {
      token: admin,
      body: { kind: "council", name: "Business Lolland-Falster", municipalities: ["360", "376"] },
    });
    expect(response.status).toBe(201);
    expect(response.json).toMatchObject({
      kind: "council",
      name: "Business Lolland-Falster",
      municipalities: ["360", "376"],
      version: 1,
    });
    expect(response.headers.get("location")).toBe(`/organizations/${response.json.id}`);
    expect(response.headers.get("etag")).toBe('"1"');
    const read = await h.call("GET", `/organizations/${response.json.id}`, { token: admin });
    expect(read.json).toEqual(response.json);
  });

  it("is for admins only", async () => {
    const body = { kind: "institution", name: "Nope", municipalities: [] };
    for (const token of [councilStaff, institutionStaff, student]) {
      expect((await h.call("POST", "/organizations", { token, body })).status).toBe(403);
    }
  });

  it.each([
    ["a council without municipalities", { kind: "council", name: "Empty", municipalities: [] }, "municipalities"],
    ["an unknown kind", { kind: "company", name: "X", municipalities: [] }, "kind"],
    ["a one-letter name", { kind: "institution", name: "X", municipalities: [] }, "name"],
    ["a repeated municipality", { kind: "council", name: "Twice", municipalities: ["326", "326"] }, "municipalities"],
    ["a missing name", { kind: "institution", municipalities: [] }, "name"],
  ])("refuses %s with 400 naming the field", async (_, body, path) => {
    const response = await h.call("POST", "/organizations", { token: admin, body });
    expect(response.status).toBe(400);
    expect(response.json.errors.map((issue: { path: string }) => issue.path)).toContain(path);
  });
});

describe("reading organisations", () => {
  it("shows staff their own organisation and hides the others as 404", async () => {
    expect((await h.call("GET", `/organizations/${council.id}`, { token: councilStaff })).json.name).toBe(
      "Sorø Erhverv",
    );
    expect((await h.call("GET", `/organizations/${institution.id}`, { token: councilStaff })).status).toBe(404);
    expect((await h.call("GET", `/organizations/${council.id}`, { token: institutionStaff })).status).toBe(404);
  });

  it("answers 404 for an organisation that does not exist, and 400 for an id that cannot be one", async () => {
    expect((await h.call("GET", "/organizations/0123456789abcdef", { token: admin })).status).toBe(404);
    expect((await h.call("GET", "/organizations/NOT!AN!ID", { token: admin })).status).toBe(400);
  });

  it("is not for students", async () => {
    expect((await h.call("GET", `/organizations/${council.id}`, { token: student })).status).toBe(403);
    expect((await h.call("GET", "/organizations", { token: student })).status).toBe(403);
  });

  it("lists exactly the staff member's own organisation", async () => {
    const response = await h.call("GET", "/organizations", { token: institutionStaff });
    expect(response.json).toEqual({ items: [expect.objectContaining({ id: institution.id })], nextCursor: null });
  });

  it("lists every organisation to admins, page by page, each exactly once", async () => {
    const local = await createHarness();
    const token = await local.tokenFor(local.admin);
    const created = [];
    for (const name of ["A one", "B two", "C three", "D four", "E five"]) {
      created.push((await local.createOrganization({ kind: "institution", name, municipalities: [] })).id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=2&cursor=${encodeURIComponent(cursor)}` : "?limit=2";
      const page = await local.call("GET", `/organizations${query}`, { token });
      expect(page.status).toBe(200);
      expect(page.json.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.json.items.map((org: { id: string }) => org.id));
      cursor = page.json.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(created);
    expect(pages).toBe(3);
  });

  it("refuses a tampered cursor, and a cursor of another list, with 400", async () => {
    const page = await h.call("GET", "/organizations?limit=1", { token: admin });
    const cursor: string = page.json.nextCursor;
    const tampered = `${cursor.slice(0, 4)}${cursor[4] === "x" ? "y" : "x"}${cursor.slice(5)}`;
    const refused = await h.call("GET", `/organizations?cursor=${encodeURIComponent(tampered)}`, { token: admin });
    expect(refused.status).toBe(400);
    expect(refused.json.errors).toEqual([{ path: "cursor", message: expect.any(String) }]);
    const foreign = (await h.call("GET", "/municipalities?limit=1")).json.nextCursor;
    expect((await h.call("GET", `/organizations?cursor=${encodeURIComponent(foreign)}`, { token: admin })).status).toBe(
      400,
    );
  });
});

describe("GET /me", () => {
  it("tells each user who they are signed in as", async () => {
    expect((await h.call("GET", "/me", { token: student })).json).toEqual({
      sub: "s1",
      role: "student",
      orgId: null,
      organization: null,
      name: null,
      email: null,
      version: 1,
    });
    const staff = await h.call("GET", "/me", { token: councilStaff });
    expect(staff.json).toMatchObject({
      sub: "c1",
      role: "council",
      orgId: council.id,
      organization: { name: "Sorø Erhverv" },
    });
  });
});
