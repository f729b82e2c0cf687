/** Housing request rules, free of I/O. */
import { nightsBetween } from "#domain/common/dates";
import { type FieldIssue, ValidationFailed } from "#shared/errors";
import type { ActiveApplication, HousingRequest, NewRequest, RequestStatus, RequestView } from "./model";

export const MAX_NIGHTS = 365;

/** An open request whose move-in day has passed without a booking is expired. */
export function requestStatus(request: Pick<HousingRequest, "status" | "moveIn">, today: string): RequestStatus {
  return request.status === "open" && request.moveIn < today ? "expired" : request.status;
}

/** The request's active applications now: pending ones, and offers whose hold has not lapsed. */
export function liveActive(request: HousingRequest, now: string): Record<string, ActiveApplication> {
  return Object.fromEntries(
    Object.entries(request.active).filter(([, entry]) => !entry.offerExpiresAt || entry.offerExpiresAt > now),
  );
}

/** Cross-field rules: the stay's order and length, move-in not in the past, the internship's dates. */
export function checkStay(request: NewRequest, today: string) {
  const issues: FieldIssue[] = [];
  if (request.moveIn >= request.moveOut)
    issues.push({ path: "moveOut", message: "Must be after moveIn", code: "not_after_start" });
  else if (nightsBetween(request.moveIn, request.moveOut) > MAX_NIGHTS) {
    issues.push({ path: "moveOut", message: `A stay is at most ${MAX_NIGHTS} nights`, code: "stay_too_long" });
  }
  if (request.moveIn < today) issues.push({ path: "moveIn", message: "Must be today or later", code: "in_past" });
  if (request.internship.startDate > request.internship.endDate) {
    issues.push({ path: "internship.endDate", message: "Must not be before startDate", code: "not_after_start" });
  }
  if (issues.length > 0) throw new ValidationFailed(issues);
}

export function toRequestView(request: HousingRequest, today: string): RequestView {
  const {
    active: _active,
    housedAt: _housedAt,
    housedIn: _in,
    housedDistanceKm: _km,
    cancelledAt: _at,
    bookingId,
    ...rest
  } = request;
  return { ...rest, status: requestStatus(request, today), bookingId: bookingId ?? null };
}
