/**
 * A student's personal data: everything stored about them as one document
 * (GET /me/export), and its erasure (DELETE /me).
 *
 * The erasure first closes the account (every token and session of the
 * student is refused from then on), then closes what is still running
 * through the same StayService actions a student's own clicks take, then
 * rewrites each record as an anonymous one, ends the sessions, forgets the
 * remembered answers and deletes the identity. Each step is safe to repeat:
 * a repeat of DELETE /me after a failure finishes the work, one after
 * success does nothing.
 */
import { z } from "zod";
import type { Principal } from "#auth/principal";
import { type AuditEvent, auditEventSchema } from "#domain/audit";
import { applicationStatus, applicationViewSchema, bookingSchema, toApplicationView } from "#domain/bookings/model";
import type { StayService } from "#domain/bookings/service";
import { todayIn } from "#domain/common/dates";
import { decideAgainOnRace } from "#domain/common/retry";
import { requestViewSchema } from "#domain/requests/model";
import { requestStatus, toRequestView } from "#domain/requests/rules";
import { Conflict, Forbidden } from "#shared/errors";
import type { Clock } from "#shared/runtime";
import { anonymised, anonymisedEvent } from "./anonymise";
import type { IdentityDirectory } from "./identity";
import { accountViewSchema, toAccountView } from "./model";
import type { RememberedAnswers, StudentRecordKind, StudentRecords } from "./repository";
import type { AccountService } from "./service";

export const personalDataExportSchema = z
  .object({
    exportedAt: z.string(),
    profile: accountViewSchema,
    requests: z.array(requestViewSchema).optional(),
    applications: z.array(applicationViewSchema).optional(),
    bookings: z.array(bookingSchema).optional(),
    /** The audit trails of the student's requests, applications and bookings, oldest first. */
    auditTrail: z.array(auditEventSchema).optional(),
    /** None are stored yet: always empty. */
    notifications: z.array(z.record(z.string(), z.unknown())).optional(),
    sessions: z.array(z.object({ createdAt: z.string(), expiresAt: z.string() })).optional(),
  })
  .meta({
    id: "PersonalDataExport",
    description:
      "Everything stored about the caller. Students get their requests, applications (with messages), bookings, the audit trails of those, notifications and web sessions; staff and admins their profile only (listings are their organisation's data).",
  });

export type PersonalDataExport = z.infer<typeof personalDataExportSchema>;

/** How the privacy service reads a user's web sessions and ends them. */
export interface UserSessions {
  ofUser(sub: string): Promise<{ createdAt: string; expiresAt: string }[]>;
  endAllOf(sub: string): Promise<void>;
}

export class PrivacyService {
  constructor(
    private readonly accounts: AccountService,
    private readonly stays: StayService,
    private readonly records: StudentRecords,
    private readonly sessions: UserSessions,
    private readonly answers: RememberedAnswers,
    private readonly identity: IdentityDirectory,
    private readonly clock: Clock,
  ) {}

  async export(principal: Principal): Promise<PersonalDataExport> {
    const profile = toAccountView(await this.accounts.own(principal));
    const exportedAt = this.clock.now().toISOString();
    if (principal.role !== "student") return { exportedAt, profile };

    const [requests, applications, bookings, sessions] = await Promise.all([
      this.records.requestsOf(principal.sub),
      this.records.applicationsOf(principal.sub),
      this.records.bookingsOf(principal.sub),
      this.sessions.ofUser(principal.sub),
    ]);
    const trails = await Promise.all([
      ...requests.map((request) => this.records.historyOf("housingRequest", request.id)),
      ...applications.map((application) => this.records.historyOf("application", application.id)),
      ...bookings.map((booking) => this.records.historyOf("booking", booking.id)),
    ]);
    const today = todayIn(this.clock);
    return {
      exportedAt,
      profile,
      requests: requests.map((request) => toRequestView(request, today)),
      applications: applications.map((application) => toApplicationView(application, exportedAt)),
      bookings,
      auditTrail: trails.flat().sort(byTime),
      notifications: [],
      sessions,
    };
  }

  async erase(principal: Principal, ifMatch?: number): Promise<void> {
    if (principal.role !== "student") throw new Forbidden("Staff accounts are managed by admins");
    const tombstone = await this.accounts.closeForErasure(principal, ifMatch);
    // Finished before: a harmless repeat.
    if (!tombstone.unfinished) return;
    await this.closeWhatIsRunning(principal);
    await this.anonymiseRecords(principal.sub, tombstone.unfinished.anonymousId);
    await this.sessions.endAllOf(principal.sub);
    await this.answers.forgetCaller(principal.sub);
    await this.identity.deleteUser(principal.sub);
    await this.accounts.finishErasure(principal.sub);
  }

  /**
   * Frees what the student holds, as the student: a future booking is
   * cancelled (the bed is free again and the request open), then open
   * requests are cancelled (withdrawing their applications and releasing
   * their holds), then any application still active (of a request that
   * expired). An ongoing stay stays booked: the student lives there, and
   * the owner still needs the booking; it is anonymised like the rest.
   */
  private async closeWhatIsRunning(principal: Principal) {
    const today = todayIn(this.clock);
    for (const booking of await this.records.bookingsOf(principal.sub)) {
      if (booking.status === "confirmed" && booking.moveIn > today) {
        await unlessAlreadyClosed(() => this.stays.cancelBooking(principal, booking.id, undefined));
      }
    }
    for (const request of await this.records.requestsOf(principal.sub)) {
      if (requestStatus(request, today) === "open") {
        await unlessAlreadyClosed(() => this.stays.cancelRequest(principal, request.id, undefined));
      }
    }
    const now = this.clock.now().toISOString();
    for (const application of await this.records.applicationsOf(principal.sub)) {
      if (["pending", "offered"].includes(applicationStatus(application, now))) {
        await unlessAlreadyClosed(() => this.stays.withdraw(principal, application.id, undefined));
      }
    }
  }

  private async anonymiseRecords(sub: string, anonymousId: string) {
    const [requests, applications, bookings] = await Promise.all([
      this.records.requestsOf(sub),
      this.records.applicationsOf(sub),
      this.records.bookingsOf(sub),
    ]);
    for (const { id } of requests) await this.anonymiseOne("housingRequest", id, sub, anonymousId);
    for (const { id } of applications) await this.anonymiseOne("application", id, sub, anonymousId);
    for (const { id } of bookings) await this.anonymiseOne("booking", id, sub, anonymousId);
  }

  /**
   * The trail first, the object last: the object's rewrite takes it out of
   * the student's index, so a failure in between leaves it findable for the
   * repeat that finishes the job.
   */
  private async anonymiseOne(kind: StudentRecordKind, id: string, sub: string, anonymousId: string) {
    for (const event of await this.records.historyOf(kind, id)) {
      const rewritten = anonymisedEvent(event, sub, anonymousId);
      if (rewritten) await this.records.replaceEvent(kind, rewritten);
    }
    await decideAgainOnRace(undefined, async () => {
      const current = await this.records.current(kind, id);
      if (!current || current.record.studentId !== sub) return;
      const now = this.clock.now().toISOString();
      await this.records.replaceAnonymised(anonymised(current, anonymousId, now), current.record.version);
    });
  }
}

const byTime = (a: AuditEvent, b: AuditEvent) => (a.at === b.at ? (a.id < b.id ? -1 : 1) : a.at < b.at ? -1 : 1);

/** Someone else closed it in the meantime (the owner cancelled, an offer lapsed): nothing left to do. */
async function unlessAlreadyClosed(action: () => Promise<unknown>) {
  try {
    await action();
  } catch (error) {
    if (!(error instanceof Conflict)) throw error;
  }
}
