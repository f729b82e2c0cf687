/**
 * What an erasure keeps of a student's records: enough for the statistics
 * (municipality, dates, rent, needs, states and their times), nothing that
 * names or describes the person. Free of I/O.
 *
 * - every record: the student's sub becomes one anonymous id;
 * - request: the internship's company and the note become "", the
 *   internship's exact location goes (its municipality stays);
 * - application: the message becomes "";
 * - booking: the cancellation reason goes;
 * - audit event of those objects: the student as actor becomes the
 *   anonymous id, and any reason goes (whoever wrote it may have named them).
 */
import type { AuditEvent } from "#domain/audit";
import type { Application, Booking } from "#domain/bookings/model";
import type { HousingRequest } from "#domain/requests/model";
import type { StudentRecord } from "./repository";

export const ANONYMOUS_PREFIX = "anon-";

export const anonymousIdFrom = (freshId: string) => `${ANONYMOUS_PREFIX}${freshId}`;

function anonymousRequest(request: HousingRequest, anonymousId: string, now: string): HousingRequest {
  const { location: _exactPlace, ...internship } = request.internship;
  return {
    ...request,
    studentId: anonymousId,
    internship: { ...internship, company: "" },
    note: "",
    version: request.version + 1,
    updatedAt: now,
  };
}

function anonymousApplication(application: Application, anonymousId: string, now: string): Application {
  return { ...application, studentId: anonymousId, message: "", version: application.version + 1, updatedAt: now };
}

function anonymousBooking(booking: Booking, anonymousId: string, now: string): Booking {
  const { cancelReason: _reason, ...kept } = booking;
  return { ...kept, studentId: anonymousId, version: booking.version + 1, updatedAt: now };
}

export function anonymised(record: StudentRecord, anonymousId: string, now: string): StudentRecord {
  switch (record.kind) {
    case "housingRequest":
      return { kind: record.kind, record: anonymousRequest(record.record, anonymousId, now) };
    case "application":
      return { kind: record.kind, record: anonymousApplication(record.record, anonymousId, now) };
    case "booking":
      return { kind: record.kind, record: anonymousBooking(record.record, anonymousId, now) };
  }
}

/** The event as an erasure leaves it; undefined when there is nothing to change. */
export function anonymisedEvent(event: AuditEvent, sub: string, anonymousId: string): AuditEvent | undefined {
  if (event.actor !== sub && event.reason === undefined) return undefined;
  const { reason: _reason, ...kept } = event;
  return { ...kept, actor: event.actor === sub ? anonymousId : event.actor };
}
