/** Applications, offers and bookings. */
import { z } from "zod";
import { idSchema } from "#domain/common/ids";

export const STORED_APPLICATION_STATUSES = ["pending", "offered", "accepted", "declined", "withdrawn"] as const;
export const APPLICATION_STATUSES = [...STORED_APPLICATION_STATUSES, "expired"] as const;
export type StoredApplicationStatus = (typeof STORED_APPLICATION_STATUSES)[number];
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export interface Application {
  id: string;
  requestId: string;
  listingId: string;
  studentId: string;
  ownerOrgId: string;
  municipalityCode: string;
  moveIn: string;
  moveOut: string;
  status: StoredApplicationStatus;
  message: string;
  offerExpiresAt: string | null;
  bookingId: string | null;
  /** The listing's material terms when the offer was made (see materialTerms); internal. */
  offeredTerms?: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export const newApplicationSchema = z
  .strictObject({
    listingId: idSchema,
    message: z.string().trim().max(2000).default(""),
  })
  .meta({ id: "NewApplication" });

export const offerSchema = z
  .strictObject({ expiresInHours: z.number().int().min(1).max(168).default(72) })
  .meta({ id: "Offer" });

export const applicationViewSchema = z
  .object({
    id: z.string(),
    requestId: z.string(),
    listingId: z.string(),
    studentId: z.string(),
    ownerOrgId: z.string(),
    municipalityCode: z.string(),
    moveIn: z.string(),
    moveOut: z.string(),
    status: z.enum(APPLICATION_STATUSES),
    message: z.string(),
    offerExpiresAt: z.string().nullable(),
    bookingId: z.string().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "Application" });

export type ApplicationView = z.infer<typeof applicationViewSchema>;

export const BOOKING_STATUSES = ["confirmed", "cancelled"] as const;

export interface Booking {
  id: string;
  listingId: string;
  requestId: string;
  applicationId: string;
  studentId: string;
  ownerOrgId: string;
  municipalityCode: string;
  moveIn: string;
  moveOut: string;
  status: (typeof BOOKING_STATUSES)[number];
  version: number;
  createdAt: string;
  updatedAt: string;
  cancelledAt?: string;
  cancelReason?: string;
}

export const bookingSchema = z
  .object({
    id: z.string(),
    listingId: z.string(),
    requestId: z.string(),
    applicationId: z.string(),
    studentId: z.string(),
    ownerOrgId: z.string(),
    municipalityCode: z.string(),
    moveIn: z.string(),
    moveOut: z.string(),
    status: z.enum(BOOKING_STATUSES),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    cancelledAt: z.string().optional(),
    cancelReason: z.string().optional(),
  })
  .meta({ id: "Booking" });

/** An application's state as seen now: an offer whose hold has lapsed is expired. */
export function applicationStatus(application: Application, now: string): ApplicationStatus {
  return application.status === "offered" && application.offerExpiresAt !== null && application.offerExpiresAt <= now
    ? "expired"
    : application.status;
}

export function toApplicationView(application: Application, now: string): ApplicationView {
  const { offeredTerms: _internal, ...view } = application;
  return { ...view, status: applicationStatus(application, now) };
}
