/** Listings: what a client sends, what is stored and what is shown. */
import { z } from "zod";
import { dateSchema } from "#domain/common/dates";
import { municipalityCode } from "#domain/municipalities/index";

export const LISTING_KINDS = ["room", "shared_flat", "apartment", "dorm_room", "host_family", "summer_house"] as const;
/**
 * An approved listing whose `availableTo` has passed is expired from that
 * moment, by derivation; the stored state catches up lazily, when a search
 * meets it (so that searches stop reading it).
 */
export const LISTING_STATUSES = ["draft", "pending", "approved", "rejected", "withdrawn", "expired"] as const;
export type ListingKind = (typeof LISTING_KINDS)[number];
export type ListingStatus = (typeof LISTING_STATUSES)[number];

/** Changing one of these on an approved listing sends it back for approval. */
export const MATERIAL_FIELDS = [
  "rentDkk",
  "availableFrom",
  "availableTo",
  "address",
  "municipalityCode",
  "location",
  "capacity",
  "kind",
] as const;

/** Mainland Denmark and Bornholm, generously. */
const locationSchema = z.strictObject({
  lat: z.number().min(54.5, "Not in Denmark").max(57.8, "Not in Denmark"),
  lon: z.number().min(8.0, "Not in Denmark").max(15.3, "Not in Denmark"),
});

const addressSchema = z.strictObject({
  street: z.string().trim().min(1).max(200),
  postalCode: z.string().regex(/^\d{4}$/, "A Danish postal code has 4 digits"),
  city: z.string().trim().min(1).max(100),
});

const languagesSchema = z
  .array(z.string().regex(/^[a-z]{2}$/, "A two-letter language code, e.g. da"))
  .max(10)
  .refine((codes) => new Set(codes).size === codes.length, "Languages must not repeat");

/** Every field a client may send, with its bounds; optional ones may be cleared with null on PATCH. */
const listingFields = {
  title: z.string().trim().min(3).max(120),
  description: z.string().trim().min(1).max(5000),
  kind: z.enum(LISTING_KINDS),
  municipalityCode,
  address: addressSchema,
  location: locationSchema,
  rentDkk: z.number().int().min(0).max(100_000),
  depositDkk: z.number().int().min(0).max(300_000),
  utilitiesIncluded: z.boolean(),
  sizeSqm: z.number().int().min(1).max(1000),
  capacity: z.number().int().min(1).max(50),
  availableFrom: dateSchema,
  availableTo: dateSchema,
  furnished: z.boolean(),
  accessible: z.boolean(),
  petsAllowed: z.boolean(),
  smokingAllowed: z.boolean(),
  internet: z.boolean(),
  languages: languagesSchema,
  contactNote: z.string().trim().max(1000),
};

const OPTIONAL_FIELDS = ["location", "sizeSqm", "contactNote"] as const;

export const newListingSchema = z
  .strictObject({
    ...listingFields,
    location: listingFields.location.optional(),
    sizeSqm: listingFields.sizeSqm.optional(),
    contactNote: listingFields.contactNote.optional(),
    depositDkk: listingFields.depositDkk.default(0),
    utilitiesIncluded: listingFields.utilitiesIncluded.default(false),
    furnished: listingFields.furnished.default(false),
    accessible: listingFields.accessible.default(false),
    petsAllowed: listingFields.petsAllowed.default(false),
    smokingAllowed: listingFields.smokingAllowed.default(false),
    internet: listingFields.internet.default(false),
    languages: listingFields.languages.default([]),
  })
  .meta({ id: "NewListing" });

export type ListingContent = z.infer<typeof newListingSchema>;

export const listingPatchSchema = z
  .strictObject({
    ...Object.fromEntries(Object.entries(listingFields).map(([name, schema]) => [name, schema.optional()])),
    ...Object.fromEntries(OPTIONAL_FIELDS.map((name) => [name, listingFields[name].nullable().optional()])),
  } as {
    [K in keyof typeof listingFields]: K extends (typeof OPTIONAL_FIELDS)[number]
      ? z.ZodOptional<z.ZodNullable<(typeof listingFields)[K]>>
      : z.ZodOptional<(typeof listingFields)[K]>;
  })
  .refine((patch) => Object.keys(patch).length > 0, "Name at least one field to change")
  .meta({ id: "ListingPatch" });

export type ListingPatch = z.infer<typeof listingPatchSchema>;

export const reviewSchema = z
  .object({
    decidedBy: z.string(),
    decidedAt: z.string(),
    decision: z.enum(["approved", "rejected"]),
    reason: z.string().optional(),
  })
  .meta({ id: "Review" });

export type Review = z.infer<typeof reviewSchema>;

/** A listing as stored. */
export interface Listing extends ListingContent {
  id: string;
  ownerOrgId: string;
  createdBy: string;
  status: ListingStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** When it last became pending: the review queue's order. */
  submittedAt?: string;
  review?: Review;
  withdrawnAt?: string;
  /** Nights it offered while approved before, with its beds then: kept for the statistics; internal. */
  offeredBefore?: { from: string; to: string; beds: number }[];
}

/** A listing as a caller sees it: derived status, and the contact note only where allowed. */
export const listingViewSchema = newListingSchema
  .extend({
    id: z.string(),
    ownerOrgId: z.string(),
    createdBy: z.string(),
    status: z.enum(LISTING_STATUSES),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    submittedAt: z.string().optional(),
    review: reviewSchema.optional(),
    withdrawnAt: z.string().optional(),
  })
  .meta({ id: "Listing" });

export type ListingView = z.infer<typeof listingViewSchema>;

export const reasonSchema = z.strictObject({ reason: z.string().trim().min(3).max(1000) }).meta({ id: "Reason" });
export const optionalReasonSchema = z
  .strictObject({ reason: z.string().trim().min(1).max(1000).optional() })
  .meta({ id: "OptionalReason" });
