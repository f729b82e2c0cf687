import { z } from "zod";
import { municipalityCode } from "#domain/municipalities/index";

export const ORGANIZATION_KINDS = ["institution", "council"] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

export const newOrganizationSchema = z
  .strictObject({
    kind: z.enum(ORGANIZATION_KINDS),
    name: z.string().trim().min(2).max(200),
    municipalities: z
      .array(municipalityCode)
      .max(18)
      .default([])
      .refine((codes) => new Set(codes).size === codes.length, { message: "Municipalities must not repeat" }),
  })
  .refine((org) => org.kind !== "council" || org.municipalities.length > 0, {
    message: "A council covers at least one municipality",
    path: ["municipalities"],
  })
  .meta({ id: "NewOrganization" });

export type NewOrganization = z.infer<typeof newOrganizationSchema>;

export const organizationSchema = z
  .object({
    id: z.string(),
    kind: z.enum(ORGANIZATION_KINDS),
    name: z.string(),
    municipalities: z.array(z.string()),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "Organization" });

export type Organization = z.infer<typeof organizationSchema>;
