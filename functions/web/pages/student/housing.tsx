/** "Min bolig": the student's housing requests, applications (live offers with their countdown) and bookings. */
import type { ApplicationView, Booking } from "#domain/bookings/model";
import type { RequestView } from "#domain/requests/model";
import { Facts } from "../../components/page-parts";
import type { Formatters, Messages } from "../../i18n";
import type { PageDeps } from "../../page-deps";
import { paths } from "../../paths";
import { DoneAlert, municipalityName, OfferCountdown, type PageContext, stayText } from "./shared";

const MOST = 50;

export async function housingPage(c: PageContext, { services }: PageDeps) {
  const { t, fmt } = c.get("speech");
  const principal = c.get("principal");
  const requests = (await services.requests.list(principal, {}, { limit: MOST })).items;
  const applications = (
    await Promise.all(
      requests.map(
        async (request) =>
          (
            await services.stays.listApplications(principal, { requestId: request.id }, { limit: MOST })
          ).items,
      ),
    )
  ).flat();
  applications.sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
  const bookings = (await services.stays.listBookings(principal, {}, { limit: MOST })).items;
  const listingIds = [...new Set([...applications, ...bookings].map((item) => item.listingId))];
  const titles = new Map<string, string>();
  await Promise.all(
    listingIds.map(async (id) => {
      const listing = await services.listings.find(id);
      titles.set(id, listing?.title ?? t.notGiven);
    }),
  );
  const now = services.clock.now();
  const s = t.student.housing;
  return c.render(
    <>
      <h1>{s.title}</h1>
      <DoneAlert c={c} />
      <p class="font-lead">{s.lead}</p>
      <div class="button-row">
        <a class="button button-primary" href={paths.newRequest}>
          {s.newRequest}
        </a>
        <a class="button button-secondary" href={paths.rooms}>
          {s.searchRooms}
        </a>
      </div>
      <h2>{s.requestsTitle}</h2>
      {requests.length === 0 ? (
        <p>
          {s.requestsEmpty} <a href={paths.newRequest}>{s.newRequest}</a>
        </p>
      ) : (
        <RequestTable t={t} fmt={fmt} requests={requests} />
      )}
      <h2>{s.applicationsTitle}</h2>
      {applications.length === 0 ? (
        <p>{s.applicationsEmpty}</p>
      ) : (
        <ul class="cards">
          {applications.map((application) => (
            <li>
              <h3>
                <a href={paths.application(application.id)}>{titles.get(application.listingId)}</a>
              </h3>
              <Facts
                items={[
                  [s.colStay, stayText(t, fmt, application.moveIn, application.moveOut)],
                  [s.colStatus, <ApplicationState t={t} fmt={fmt} application={application} now={now} />],
                ]}
              />
            </li>
          ))}
        </ul>
      )}
      <h2>{s.bookingsTitle}</h2>
      {bookings.length === 0 ? (
        <p>{s.bookingsEmpty}</p>
      ) : (
        <BookingTable t={t} fmt={fmt} bookings={bookings} titles={titles} />
      )}
    </>,
    { title: s.title },
  );
}

function RequestTable({ t, fmt, requests }: { t: Messages; fmt: Formatters; requests: RequestView[] }) {
  const s = t.student.housing;
  return (
    <ul class="cards">
      {requests.map((request) => (
        <li>
          <h3>
            <a href={paths.request(request.id)}>{request.internship.company}</a>
          </h3>
          <Facts
            items={[
              [s.colMunicipality, municipalityName(request.internship.municipalityCode)],
              [s.colStay, stayText(t, fmt, request.moveIn, request.moveOut)],
              [s.colStatus, t.requestStatuses[request.status]],
            ]}
          />
        </li>
      ))}
    </ul>
  );
}

function ApplicationState(props: { t: Messages; fmt: Formatters; application: ApplicationView; now: Date }) {
  const { t, application } = props;
  const status = t.applicationStatuses[application.status];
  if (application.status !== "offered" || !application.offerExpiresAt) return <>{status}</>;
  return (
    <>
      <strong>{status}</strong>:{" "}
      <OfferCountdown t={t} fmt={props.fmt} expiresAt={application.offerExpiresAt} now={props.now} />
    </>
  );
}

function BookingTable(props: { t: Messages; fmt: Formatters; bookings: Booking[]; titles: Map<string, string> }) {
  const { t, fmt } = props;
  const s = t.student.housing;
  return (
    <ul class="cards">
      {props.bookings.map((booking) => (
        <li>
          <h3>
            <a href={paths.booking(booking.id)}>{props.titles.get(booking.listingId)}</a>
          </h3>
          <Facts
            items={[
              [s.colStay, stayText(t, fmt, booking.moveIn, booking.moveOut)],
              [s.colStatus, t.bookingStatuses[booking.status]],
            ]}
          />
        </li>
      ))}
    </ul>
  );
}
