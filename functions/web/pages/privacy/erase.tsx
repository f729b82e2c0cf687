/**
 * Erasing a student's data: a page that says exactly what will happen, with
 * the student's own numbers, and asks for an explicit tick before the danger
 * button does it; then the confirmation, which needs no session (the
 * erasure has ended every one of them).
 */
import type { PersonalDataExport } from "#domain/accounts/privacy";
import { todayIn } from "#domain/common/dates";
import { ActionForm, Choices, ErrorSummary } from "../../components/form";
import { Alert, Facts } from "../../components/page-parts";
import type { FieldErrors } from "../../forms";
import { csrfOf } from "../../middleware";
import type { PageDeps } from "../../page-deps";
import { paths } from "../../paths";
import type { PageContext } from "../student/shared";

/** The form's one field: the tick that says the student understands. */
export const CONFIRM_FIELD = "confirm";

export interface EraseState {
  errors?: FieldErrors;
  status?: 400;
}

/** What the erasure will close or keep, counted from the same records it works on. */
function countsOf(data: PersonalDataExport, today: string) {
  const bookings = (data.bookings ?? []).filter((booking) => booking.status === "confirmed");
  return {
    openRequests: (data.requests ?? []).filter((request) => request.status === "open").length,
    activeApplications: (data.applications ?? []).filter((application) =>
      ["pending", "offered"].includes(application.status),
    ).length,
    futureBookings: bookings.filter((booking) => booking.moveIn > today).length,
    currentStays: bookings.filter((booking) => booking.moveIn <= today && today < booking.moveOut).length,
  };
}

export async function erasePage(c: PageContext, { services }: PageDeps, state: EraseState = {}) {
  const { t, fmt } = c.get("speech");
  const e = t.privacy.erase;
  const counts = countsOf(await services.privacy.export(c.get("principal")), todayIn(services.clock));
  return c.render(
    <>
      <h1>{e.title}</h1>
      <ErrorSummary errors={state.errors} order={[CONFIRM_FIELD]} t={t} />
      <p class="font-lead">{e.lead}</p>
      <h2>{e.nowTitle}</h2>
      <Facts
        items={[
          [e.openRequests, fmt.number(counts.openRequests)],
          [e.activeApplications, fmt.number(counts.activeApplications)],
          [e.futureBookings, fmt.number(counts.futureBookings)],
          [e.currentStays, fmt.number(counts.currentStays)],
        ]}
      />
      <h2>{e.happensTitle}</h2>
      <ul>
        {e.happens.map((line) => (
          <li>{line}</li>
        ))}
      </ul>
      <Alert kind="warning">
        <p>
          {e.cannotUndo} <a href={paths.myDataExport}>{e.exportFirst}</a>
        </p>
      </Alert>
      <ActionForm action={paths.eraseMyData} csrf={csrfOf(c)}>
        <Choices
          kind="checkbox"
          name={CONFIRM_FIELD}
          label={e.confirmLegend}
          options={[{ value: "true", label: e.confirm }]}
          errors={state.errors}
          t={t}
        />
        <div class="button-row">
          <button type="submit" class="button button-warning">
            {e.submit}
          </button>
        </div>
      </ActionForm>
      <p>
        <a href={paths.myData}>{e.cancel}</a>
      </p>
    </>,
    { title: e.title, status: state.status },
  );
}

/** The confirmation after an erasure, for a browser that is signed out by then. */
export function erasedPage(c: PageContext) {
  // Someone signed in has erased nothing: their own data is where they can see it.
  if (c.get("session")) return c.redirect(paths.myData, 303);
  const { t } = c.get("speech");
  const e = t.privacy.erased;
  return c.render(
    <>
      <h1>{e.title}</h1>
      <Alert kind="success" heading={e.lead} live />
      <p>{e.text}</p>
      <p>
        <a href={paths.start}>{e.goHome}</a>
      </p>
    </>,
    { title: e.title },
  );
}
