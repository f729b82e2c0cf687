/**
 * The listing rules, free of I/O: states and transitions, who sees what, and
 * what a search matches. The service applies them; the database write
 * re-checks the parts a race could change.
 */
import type { Principal } from "#auth/principal";
import { canonicalJson } from "#domain/common/canonical-json";
import { addYears } from "#domain/common/dates";
import type { Organization } from "#domain/organizations/model";
import { type FieldIssue, ValidationFailed } from "#shared/errors";
import type { Listing, ListingContent, ListingKind, ListingStatus, ListingView } from "./model";
import { MATERIAL_FIELDS } from "./model";

/** Longest availability window; search relies on it to skip long-expired listings. */
export const MAX_WINDOW_YEARS = 2;

export type ListingAction = "submit" | "approve" | "reject" | "withdraw" | "edit";

/** The state a caller sees: an approved listing whose last move-out day has passed is expired. */
export function effectiveStatus(listing: Pick<Listing, "status" | "availableTo">, today: string): ListingStatus {
  return listing.status === "approved" && listing.availableTo < today ? "expired" : listing.status;
}

/** States each action may start from (of the effective status). */
const allowedFrom: Record<ListingAction, readonly ListingStatus[]> = {
  submit: ["draft", "rejected"],
  approve: ["pending"],
  reject: ["pending"],
  withdraw: ["draft", "pending", "approved", "rejected"],
  edit: ["draft", "pending", "approved", "rejected"],
};

/** Whether the stored state lags behind: approved, but its last move-out day has passed. */
export const needsExpiring = (listing: Listing, today: string) =>
  listing.status === "approved" && effectiveStatus(listing, today) === "expired";

export function canTransition(action: ListingAction, status: ListingStatus): boolean {
  return allowedFrom[action].includes(status);
}

export const nextStatus: Record<Exclude<ListingAction, "edit">, ListingStatus> = {
  submit: "pending",
  approve: "approved",
  reject: "rejected",
  withdraw: "withdrawn",
};

/** Whether an edit of an approved listing needs approval again. */
export function changesMaterially(before: ListingContent, after: ListingContent): boolean {
  return materialTerms(before) !== materialTerms(after);
}

/**
 * The terms a student is offered a bed on (rent, dates, address, place,
 * capacity, kind), as one comparable value: a change of them sends an
 * approved listing back to review, and accepting an offer needs them as they
 * were when it was made.
 */
export function materialTerms(listing: ListingContent): string {
  return canonicalJson(MATERIAL_FIELDS.map((field) => listing[field] ?? null));
}

/** Cross-field rules a schema cannot see: the window's order, length and place in time. */
export function checkWindow(content: Pick<ListingContent, "availableFrom" | "availableTo">, today: string) {
  const issues: FieldIssue[] = [];
  if (content.availableFrom >= content.availableTo) {
    issues.push({ path: "availableTo", message: "Must be after availableFrom", code: "not_after_start" });
  } else if (content.availableTo > addYears(content.availableFrom, MAX_WINDOW_YEARS)) {
    issues.push({
      path: "availableTo",
      message: `The window may be at most ${MAX_WINDOW_YEARS} years`,
      code: "window_too_long",
    });
  }
  if (content.availableTo < today) {
    issues.push({ path: "availableTo", message: "The window is wholly in the past", code: "window_in_past" });
  }
  if (issues.length > 0) throw new ValidationFailed(issues);
}

/** The caller's relation to one listing. */
export interface Viewer {
  principal: Principal;
  /** The caller's organisation (staff), with the municipalities a council covers. */
  organization?: Organization;
  /** A student with a live offer or a booking for this listing: sees it, contact details included. */
  hasOfferOrBooking?: boolean;
}

const isOwner = (viewer: Viewer, listing: Listing) =>
  viewer.principal.orgId !== undefined && viewer.principal.orgId === listing.ownerOrgId;

/** A council whose municipalities include the listing's. */
export const isReviewingCouncil = (viewer: Viewer, listing: Pick<Listing, "municipalityCode">) =>
  viewer.principal.role === "council" &&
  viewer.organization?.kind === "council" &&
  viewer.organization.municipalities.includes(listing.municipalityCode);

export function canSee(viewer: Viewer, listing: Listing): boolean {
  if (viewer.principal.role === "admin" || isOwner(viewer, listing) || viewer.hasOfferOrBooking) return true;
  if (isReviewingCouncil(viewer, listing)) return listing.status !== "draft";
  // Everyone else sees what students see: the approved listings (and those that have since expired).
  return listing.status === "approved" || listing.status === "expired";
}

/** The contact note is for the owner, the reviewing council, admins, and students once offered a bed. */
function canSeeContact(viewer: Viewer, listing: Listing): boolean {
  return (
    viewer.principal.role === "admin" ||
    isOwner(viewer, listing) ||
    isReviewingCouncil(viewer, listing) ||
    viewer.hasOfferOrBooking === true
  );
}

/** Who may read a listing's audit trail: those who see it, except students and outsiders. */
export function canReadHistory(viewer: Viewer, listing: Listing): boolean {
  return viewer.principal.role === "admin" || isOwner(viewer, listing) || isReviewingCouncil(viewer, listing);
}

export function toView(listing: Listing, viewer: Viewer, today: string): ListingView {
  const { contactNote, offeredBefore: _internal, ...rest } = listing;
  const view: ListingView = { ...rest, status: effectiveStatus(listing, today) };
  if (contactNote !== undefined && canSeeContact(viewer, listing)) view.contactNote = contactNote;
  return view;
}

/** What a search asks for. Absent criteria match everything. */
export interface ListingSearch {
  /** Absent: any state (an organisation's own listings). */
  status?: ListingStatus;
  /** A stay that the window must contain: move-in and move-out days. */
  stayFrom?: string;
  stayTo?: string;
  maxRent?: number;
  kind?: ListingKind;
  furnished?: boolean;
  accessible?: boolean;
  pets?: boolean;
  municipalities?: string[];
}

export function matchesSearch(listing: Listing, search: ListingSearch, today: string): boolean {
  if (search.status !== undefined && effectiveStatus(listing, today) !== search.status) return false;
  if (search.municipalities && !search.municipalities.includes(listing.municipalityCode)) return false;
  if (search.stayFrom !== undefined && listing.availableFrom > search.stayFrom) return false;
  if (search.stayTo !== undefined && listing.availableTo < search.stayTo) return false;
  if (search.maxRent !== undefined && listing.rentDkk > search.maxRent) return false;
  if (search.kind !== undefined && listing.kind !== search.kind) return false;
  if (search.furnished !== undefined && listing.furnished !== search.furnished) return false;
  if (search.accessible !== undefined && listing.accessible !== search.accessible) return false;
  if (search.pets !== undefined && listing.petsAllowed !== search.pets) return false;
  return true;
}
