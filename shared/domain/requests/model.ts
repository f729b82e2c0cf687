/** Housing requests: a student's internship and what they need. */
import { z } from "zod";
import { dateSchema } from "#domain/common/dates";
import { LISTING_KINDS } from "#domain/listings/model";
import { municipalityCode } from "#domain/municipalities/index";

export const STORED_REQUEST_STATUSES = ["open", "housed", "cancelled"] as const;
export const REQUEST_STATUSES = [...STORED_REQUEST_STATUSES, "expired"] as const;
export type StoredRequestStatus = (typeof STORED_REQUEST_STATUSES)[number];
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

const locationSchema = z.strictObject({
  lat: z.number().min(54.5, "Not in Denmark").max(57.8, "Not in Denmark"),
  lon: z.number().min(8.0, "Not in Denmark").max(15.3, "Not in Denmark"),
});

export const newRequestSchema = z
  .strictObject({
    internship: z.strictObject({
      company: z.string().trim().min(1).max(200),
      municipalityCode,
      location: locationSchema.optional(),
      startDate: dateSchema,
      endDate: dateSchema,
    }),
    moveIn: dateSchema,
    moveOut: dateSchema,
    maxRent: z.number().int().min(0).max(100_000).optional(),
    needs: z
      .strictObject({
        furnished: z.boolean().default(false),
        accessible: z.boolean().default(false),
        pets: z.boolean().default(false),
      })
      .default({ furnished: false, accessible: false, pets: false }),
    preferredKinds: z
      .array(z.enum(LISTING_KINDS))
      .max(LISTING_KINDS.length)
      .refine((kinds) => new Set(kinds).size === kinds.length, "Kinds must not repeat")
      .default([]),
    maxDistanceKm: z.number().min(1).max(200).default(50),
    note: z.string().trim().max(2000).optional(),
  })
  .meta({ id: "NewHousingRequest" });

export type NewRequest = z.infer<typeof newRequestSchema>;

/** A live application of the request, by listing: what the 5-application and one-per-listing rules count. */
export interface ActiveApplication {
  applicationId: string;
  /** Set once offered: the application stops being active when the offer lapses. */
  offerExpiresAt?: string;
}

export interface HousingRequest extends NewRequest {
  id: string;
  studentId: string;
  status: StoredRequestStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
  active: Record<string, ActiveApplication>;
  bookingId?: string;
  housedAt?: string;
  /** Where the booked room lies and how far from the internship (km): kept for the statistics. */
  housedIn?: string;
  housedDistanceKm?: number;
  cancelledAt?: string;
}

export const requestViewSchema = newRequestSchema
  .extend({
    // An erased student's request keeps no company name: "" (see domain/accounts/anonymise.ts).
    internship: newRequestSchema.shape.internship.extend({ company: z.string().max(200) }),
    id: z.string(),
    studentId: z.string(),
    status: z.enum(REQUEST_STATUSES),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    bookingId: z.string().nullable(),
  })
  .meta({ id: "HousingRequest" });

export type RequestView = z.infer<typeof requestViewSchema>;
