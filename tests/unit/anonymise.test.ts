/** What an erasure keeps of a student's records: the facts statistics need, nothing of the person. */
import { describe, expect, it } from "vitest";
import { anonymised, anonymisedEvent, anonymousIdFrom } from "#domain/accounts/anonymise";
import type { AuditEvent } from "#domain/audit";
import type { Application, Booking } from "#domain/bookings/model";
import type { HousingRequest } from "#domain/requests/model";

const NOW = "2026-12-02T10:00:00.000Z";
const ANONYMOUS = anonymousIdFrom("01jabc");

const request: HousingRequest = {
  id: "r1",
  studentId: "student-1",
  internship: {
    company: "Novo Nordisk",
    municipalityCode: "326",
    location: { lat: 55.67, lon: 11.1 },
    startDate: "2027-03-01",
    endDate: "2027-05-31",
  },
  moveIn: "2027-03-01",
  moveOut: "2027-06-01",
  maxRent: 4000,
  needs: { furnished: true, accessible: true, pets: false },
  preferredKinds: ["room"],
  maxDistanceKm: 40,
  note: "I use a wheelchair",
  status: "housed",
  version: 4,
  createdAt: "2026-12-01T09:00:00.000Z",
  updatedAt: "2026-12-01T10:00:00.000Z",
  active: {},
  bookingId: "b1",
  housedAt: "2026-12-01T10:00:00.000Z",
};

describe("anonymising a student's records", () => {
  it("keeps of a request what statistics use, and drops the company, the note and the exact place", () => {
    const result = anonymised({ kind: "housingRequest", record: request }, ANONYMOUS, NOW);
    expect(result.record).toEqual({
      ...request,
      studentId: "anon-01jabc",
      internship: { company: "", municipalityCode: "326", startDate: "2027-03-01", endDate: "2027-05-31" },
      note: "",
      version: 5,
      updatedAt: NOW,
    });
  });

  it("empties an application's message and drops a booking's cancellation reason", () => {
    const application = { id: "a1", studentId: "student-1", message: "Call me", version: 2 } as Application;
    expect(anonymised({ kind: "application", record: application }, ANONYMOUS, NOW).record).toMatchObject({
      studentId: ANONYMOUS,
      message: "",
      version: 3,
    });
    const booking = { id: "b1", studentId: "student-1", cancelReason: "Ill", version: 2 } as Booking;
    const result = anonymised({ kind: "booking", record: booking }, ANONYMOUS, NOW).record;
    expect(result).toMatchObject({ studentId: ANONYMOUS, version: 3 });
    expect(result).not.toHaveProperty("cancelReason");
  });

  it("replaces the student as an event's actor, keeps other actors, and drops every reason", () => {
    const event = { id: "e1", actor: "student-1", action: "cancel", reason: "Moving" } as AuditEvent;
    expect(anonymisedEvent(event, "student-1", ANONYMOUS)).toEqual({ id: "e1", actor: ANONYMOUS, action: "cancel" });
    const owners = { id: "e2", actor: "owner-1", action: "cancel", reason: "Damage" } as AuditEvent;
    expect(anonymisedEvent(owners, "student-1", ANONYMOUS)).toEqual({ id: "e2", actor: "owner-1", action: "cancel" });
    expect(anonymisedEvent({ id: "e3", actor: "owner-1" } as AuditEvent, "student-1", ANONYMOUS)).toBeUndefined();
  });
});
