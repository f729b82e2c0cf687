import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../helpers/harness";

let h: Harness;
let council: { id: string };

beforeAll(async () => {
  h = await createHarness();
  council = await h.createOrganization({ kind: "council", name: "Erhverv Odsherred", municipalities: ["306"] });
});

describe("POST /dev/token (local mode)", () => {
  it("issues a token that the API accepts", async () => {
    const issued = await h.call("POST", "/dev/token", { body: { role: "council", sub: "anna", orgId: council.id } });
    expect(issued.status).toBe(200);
    const me = await h.call("GET", "/me", { token: issued.json.token });
    expect(me.json).toMatchObject({ sub: "anna", role: "council", orgId: council.id });
  });

  it("makes up a subject when none is given", async () => {
    const issued = await h.call("POST", "/dev/token", { body: { role: "student" } });
    const me = await h.call("GET", "/me", { token: issued.json.token });
    expect(me.json.sub).toMatch(/^student-/);
  });

  it.each([
    ["staff without an organisation", { role: "institution" }],
    ["an organisation of another kind", { role: "institution", orgIdOf: "council" }],
    ["an organisation that does not exist", { role: "council", orgId: "doesnotexist" }],
    ["an organisation for a student", { role: "student", orgIdOf: "council" }],
    ["an unknown role", { role: "superuser" }],
    ["an unknown field", { role: "admin", scope: "all" }],
  ])("refuses %s with 400", async (_, request) => {
    const { orgIdOf, ...body } = request as Record<string, string>;
    const response = await h.call("POST", "/dev/token", { body: orgIdOf ? { ...body, orgId: council.id } : body });
    expect(response.status).toBe(400);
  });
});
