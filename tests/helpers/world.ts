/** A small world of organisations and signed-in people, made through the API. */
import type { Harness } from "./harness";

export async function createWorld(h: Harness) {
  const kalundborg = await h.createOrganization({
    kind: "council",
    name: "Kalundborg Erhvervsråd",
    municipalities: ["326"],
  });
  const slagelse = await h.createOrganization({
    kind: "council",
    name: "Slagelse Erhvervscenter",
    municipalities: ["330"],
  });
  const lollandFalster = await h.createOrganization({
    kind: "council",
    name: "Business Lolland-Falster",
    municipalities: ["360", "376"],
  });
  const zealand = await h.createOrganization({ kind: "institution", name: "Zealand", municipalities: ["330"] });
  const absalon = await h.createOrganization({ kind: "institution", name: "Absalon", municipalities: ["340"] });
  const staff = (sub: string, role: "institution" | "council", orgId: string) => h.tokenFor({ sub, role, orgId });
  return {
    orgs: { kalundborg, slagelse, lollandFalster, zealand, absalon },
    tokens: {
      admin: await h.tokenFor(h.admin),
      student: await h.tokenFor({ sub: "student-freja", role: "student" }),
      otherStudent: await h.tokenFor({ sub: "student-ahmad", role: "student" }),
      zealand: await staff("zealand-ida", "institution", zealand.id),
      zealandColleague: await staff("zealand-ole", "institution", zealand.id),
      absalon: await staff("absalon-mia", "institution", absalon.id),
      kalundborg: await staff("kalundborg-anna", "council", kalundborg.id),
      kalundborgColleague: await staff("kalundborg-bo", "council", kalundborg.id),
      slagelse: await staff("slagelse-eva", "council", slagelse.id),
      lollandFalster: await staff("lf-karl", "council", lollandFalster.id),
    },
  };
}

export type World = Awaited<ReturnType<typeof createWorld>>;
