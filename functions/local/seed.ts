/**
 * Demo data for running locally: the business councils of the six partner
 * municipalities, two education institutions, and the demo users whose
 * tokens `npm start` prints. Fixed ids keep a kept database (DATA_DIR) and
 * the printed tokens in step.
 */
import type { Principal } from "#auth/principal";
import { type NewOrganization, newOrganizationSchema } from "#domain/organizations/model";
import type { Services } from "../api/services";

interface DemoOrganization extends NewOrganization {
  id: string;
}

const organization = (id: string, input: unknown): DemoOrganization => ({ id, ...newOrganizationSchema.parse(input) });

export const demoOrganizations: DemoOrganization[] = [
  organization("council326", { kind: "council", name: "Kalundborg Erhvervsråd", municipalities: ["326"] }),
  organization("council306", { kind: "council", name: "Erhverv Odsherred", municipalities: ["306"] }),
  organization("council340", { kind: "council", name: "Sorø Erhverv", municipalities: ["340"] }),
  organization("council330", { kind: "council", name: "Slagelse Erhvervscenter", municipalities: ["330"] }),
  organization("council360", {
    kind: "council",
    name: "Business Lolland-Falster",
    municipalities: ["360", "376"],
  }),
  organization("institution1", {
    kind: "institution",
    name: "Zealand – Sjællands Erhvervsakademi",
    municipalities: ["330", "370"],
  }),
  organization("institution2", {
    kind: "institution",
    name: "Professionshøjskolen Absalon",
    municipalities: ["340", "330"],
  }),
];

export interface DemoUser {
  label: string;
  principal: Principal;
}

export const demoUsers: DemoUser[] = [
  { label: "admin", principal: { sub: "demo-admin", role: "admin" } },
  ...demoOrganizations.map((org) => ({
    label: `${org.kind} · ${org.name}`,
    principal: { sub: `demo-staff-${org.id}`, role: org.kind, orgId: org.id },
  })),
  { label: "student · Freja", principal: { sub: "demo-student-freja", role: "student" } },
  { label: "student · Ahmad", principal: { sub: "demo-student-ahmad", role: "student" } },
];

/** Writes the demo data unless it is there already. */
export async function seedDemoData(services: Services, now: Date): Promise<"seeded" | "already-seeded"> {
  if (await services.organizations.find(demoOrganizations[0]?.id ?? "")) return "already-seeded";
  const at = now.toISOString();
  for (const { id, ...input } of demoOrganizations) {
    await services.organizations.restore({ id, ...input, version: 1, createdAt: at, updatedAt: at });
  }
  return "seeded";
}
