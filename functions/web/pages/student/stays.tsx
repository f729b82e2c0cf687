/** An application (and its offer: accept or decline), and a booking (read by its parties, cancelled with a reason). */
import { nightsBetween, todayIn } from "#domain/common/dates";
import { optionalReasonSchema, reasonSchema } from "#domain/listings/model";
import { Conflict, Forbidden } from "#shared/errors";
import { ActionForm, ErrorSummary, TextArea } from "../../components/form";
import { Alert, Facts } from "../../components/page-parts";
import { type FieldErrors, field, readForm, zodFieldErrors } from "../../forms";
import type { PageDeps } from "../../page-deps";
import { paths } from "../../paths";
import { ConflictAlert, csrfOf, DoneAlert, OfferCountdown, type PageContext, stayText } from "./shared";

interface ActionState {
  errors?: FieldErrors;
  reason?: string;
  conflict?: string;
  status?: 400 | 409;
}

async function listingTitle(deps: PageDeps, listingId: string, fallback: string) {
  return (await deps.services.listings.find(listingId))?.title ?? fallback;
}

export async function applicationPage(c: PageContext, deps: PageDeps, state: ActionState = {}) {
  const { t, fmt } = c.get("speech");
  const s = t.student.application;
  const id = c.req.param("id") ?? "";
  const application = await deps.services.stays.getApplication(c.get("principal"), id);
  const listing = await listingTitle(deps, application.listingId, t.notGiven);
  const now = deps.services.clock.now();
  const title = s.title(listing);
  const csrf = csrfOf(c);
  const offered = application.status === "offered" && application.offerExpiresAt;
  return c.render(
    <>
      <h1>{title}</h1>
      <ErrorSummary errors={state.errors} order={["reason"]} t={t} />
      <DoneAlert c={c} />
      <ConflictAlert heading={s.conflictHeading} text={state.conflict} />
      {offered && application.offerExpiresAt ? (
        <>
          <Alert kind="info" heading={s.offerHeading}>
            <p>
              <OfferCountdown t={t} fmt={fmt} expiresAt={application.offerExpiresAt} now={now} held={s.heldUntil} />
            </p>
            <p>{s.acceptLead}</p>
          </Alert>
          <div class="button-row">
            <ActionForm action={paths.acceptOffer(id)} csrf={csrf}>
              <button type="submit" class="button button-primary">
                {s.accept}
              </button>
            </ActionForm>
            <ActionForm action={paths.withdrawApplication(id)} csrf={csrf} confirm={s.declineConfirm}>
              <button type="submit" class="button button-secondary">
                {s.decline}
              </button>
            </ActionForm>
          </div>
        </>
      ) : null}
      <Facts
        items={[
          [s.status, t.applicationStatuses[application.status]],
          [s.listing, <a href={paths.room(application.listingId)}>{listing}</a>],
          [s.stay, stayText(t, fmt, application.moveIn, application.moveOut)],
          [s.sent, fmt.dateTime(application.createdAt)],
          [s.message, application.message || s.noMessage],
        ]}
      />
      {application.status === "pending" ? (
        <>
          <p>{s.pendingLead}</p>
          <h2>{s.withdrawTitle}</h2>
          <ActionForm action={paths.withdrawApplication(id)} csrf={csrf} confirm={s.withdrawConfirm}>
            <TextArea
              name="reason"
              label={s.withdrawReason}
              value={state.reason}
              errors={state.errors}
              rows={3}
              maxlength={1000}
              required={false}
              t={t}
            />
            <button type="submit" class="button button-secondary">
              {s.withdraw}
            </button>
          </ActionForm>
        </>
      ) : null}
      {application.status === "expired" ? <p>{s.expired}</p> : null}
      {application.bookingId ? (
        <p>
          <a class="button button-primary" href={paths.booking(application.bookingId)}>
            {s.seeBooking}
          </a>
        </p>
      ) : null}
    </>,
    { title, status: state.status },
  );
}

export async function postAccept(c: PageContext, deps: PageDeps) {
  const { t } = c.get("speech");
  const principal = c.get("principal");
  const id = c.req.param("id") ?? "";
  try {
    const accepted = await deps.services.stays.accept(principal, id);
    return c.redirect(`${paths.booking(accepted.bookingId ?? "")}?done=booked`, 303);
  } catch (error) {
    if (!(error instanceof Conflict)) throw error;
    const application = await deps.services.stays.getApplication(principal, id);
    const s = t.student.application;
    const conflict = application.status === "expired" ? s.acceptExpired : s.acceptChanged;
    return applicationPage(c, deps, { conflict, status: 409 });
  }
}

export async function postWithdraw(c: PageContext, deps: PageDeps) {
  const { t } = c.get("speech");
  const principal = c.get("principal");
  const id = c.req.param("id") ?? "";
  const before = await deps.services.stays.getApplication(principal, id);
  const reason = field(await readForm(c), "reason");
  const parsed = optionalReasonSchema.safeParse({ reason: reason || undefined });
  if (!parsed.success) {
    return applicationPage(c, deps, { errors: zodFieldErrors(t, parsed.error), reason, status: 400 });
  }
  try {
    await deps.services.stays.withdraw(principal, id, parsed.data.reason);
  } catch (error) {
    if (!(error instanceof Conflict)) throw error;
    return applicationPage(c, deps, { conflict: t.student.application.cantWithdraw, reason, status: 409 });
  }
  const done = before.status === "offered" ? "declined" : "withdrawn";
  return c.redirect(`${paths.application(id)}?done=${done}`, 303);
}

/** Who may cancel a booking from its page: its student and the owner organisation's staff. */
const mayCancel = (principal: { sub: string; orgId?: string }, booking: { studentId: string; ownerOrgId: string }) =>
  booking.studentId === principal.sub || (principal.orgId !== undefined && booking.ownerOrgId === principal.orgId);

export async function bookingPage(c: PageContext, deps: PageDeps, state: ActionState = {}) {
  const { t, fmt } = c.get("speech");
  const s = t.student.booking;
  const principal = c.get("principal");
  const id = c.req.param("id") ?? "";
  const booking = await deps.services.stays.getBooking(principal, id);
  const listing = await deps.services.listings.find(booking.listingId);
  const name = listing?.title ?? t.notGiven;
  const title = s.title(name);
  const today = todayIn(deps.services.clock);
  const cancellable = booking.status === "confirmed" && today < booking.moveOut && mayCancel(principal, booking);
  const listingHref =
    principal.orgId !== undefined && principal.orgId === booking.ownerOrgId
      ? paths.listing(booking.listingId)
      : paths.room(booking.listingId);
  return c.render(
    <>
      <h1>{title}</h1>
      <ErrorSummary errors={state.errors} order={["reason"]} t={t} />
      <DoneAlert c={c} />
      <ConflictAlert heading={t.pages.conflict.title} text={state.conflict} />
      <Facts
        items={[
          [s.status, t.bookingStatuses[booking.status]],
          [s.listing, <a href={listingHref}>{name}</a>],
          ...(listing
            ? [
                [s.address, `${listing.address.street}, ${listing.address.postalCode} ${listing.address.city}`] as [
                  string,
                  string,
                ],
              ]
            : []),
          [s.moveIn, fmt.date(booking.moveIn)],
          [s.moveOut, fmt.date(booking.moveOut)],
          [s.nights, t.nights(nightsBetween(booking.moveIn, booking.moveOut))],
          ...(booking.cancelledAt
            ? [
                [s.cancelledAt, fmt.dateTime(booking.cancelledAt)] as [string, string],
                [s.cancelReason, booking.cancelReason ?? t.notGiven] as [string, string],
              ]
            : []),
        ]}
      />
      {cancellable ? (
        <>
          <h2>{s.cancelTitle}</h2>
          <p>{s.cancelLead}</p>
          <ActionForm action={paths.cancelBooking(id)} csrf={csrfOf(c)} confirm={s.cancelConfirm}>
            <TextArea
              name="reason"
              label={s.reason}
              hint={s.reasonHint}
              value={state.reason}
              errors={state.errors}
              rows={3}
              maxlength={1000}
              required
              t={t}
            />
            <button type="submit" class="button button-secondary">
              {s.cancelSubmit}
            </button>
          </ActionForm>
        </>
      ) : null}
    </>,
    { title, status: state.status },
  );
}

export async function postCancelBooking(c: PageContext, deps: PageDeps) {
  const { t } = c.get("speech");
  const principal = c.get("principal");
  const id = c.req.param("id") ?? "";
  // One who may not see it gets the 404 page; a reader who may not cancel it, the 403 page.
  const booking = await deps.services.stays.getBooking(principal, id);
  if (!mayCancel(principal, booking)) {
    throw new Forbidden("Only the booking's student and the owner organisation cancel it");
  }
  const reason = field(await readForm(c), "reason");
  const parsed = reasonSchema.safeParse({ reason });
  if (!parsed.success) {
    return bookingPage(c, deps, { errors: zodFieldErrors(t, parsed.error), reason, status: 400 });
  }
  try {
    await deps.services.stays.cancelBooking(principal, id, parsed.data.reason);
  } catch (error) {
    if (!(error instanceof Conflict)) throw error;
    return bookingPage(c, deps, { conflict: t.student.booking.cantCancel, reason, status: 409 });
  }
  return c.redirect(`${paths.booking(id)}?done=cancelled`, 303);
}
