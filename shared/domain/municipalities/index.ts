/**
 * Reference data: the municipalities of Region Zealand plus København, with
 * official codes and an approximate centre each.
 */
import { z } from "zod";
import data from "./data.json" with { type: "json" };

export const municipalitySchema = z
  .object({
    code: z.string().regex(/^\d{3}$/),
    name: z.string(),
    town: z.string(),
    postalCode: z.string().regex(/^\d{4}$/),
    lat: z.number(),
    lon: z.number(),
    region: z.string(),
  })
  .meta({ id: "Municipality" });

export type Municipality = z.infer<typeof municipalitySchema>;

export const municipalities: readonly Municipality[] = Object.freeze(
  data.items.map((item) => municipalitySchema.parse(item)),
);

const byCode = new Map(municipalities.map((municipality) => [municipality.code, municipality]));

export const findMunicipality = (code: string): Municipality | undefined => byCode.get(code);
export const isMunicipalityCode = (code: string): boolean => byCode.has(code);

// Frozen: a caller that tried to change the shared list would fail loudly.
export const allMunicipalityCodes = Object.freeze(municipalities.map((municipality) => municipality.code)) as string[];

/** A known municipality code, for request schemas. */
export const municipalityCode = z
  .string()
  .refine(isMunicipalityCode, { message: "Unknown municipality code" })
  .meta({ description: "Official 3-digit municipality code", example: "326" });

/**
 * A query parameter that names one municipality or, repeated, several:
 * always a list of distinct known codes, so a call's cost is bounded by the
 * known municipalities however often a code is repeated.
 */
export const municipalityCodes = z
  .union([municipalityCode, z.array(municipalityCode)])
  .transform((value) => [...new Set(Array.isArray(value) ? value : [value])]);
