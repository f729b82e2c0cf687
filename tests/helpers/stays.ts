/** Applications, offers and bookings through the API, for tests of the stay rules. */
import type { Harness } from "./harness";
import { createRequest } from "./requests";

export interface ApplicationJson {
  id: string;
  requestId: string;
  listingId: string;
  studentId: string;
  status: string;
  offerExpiresAt: string | null;
  bookingId: string | null;
  version: number;
}

export interface BookingJson {
  id: string;
  listingId: string;
  requestId: string;
  applicationId: string;
  studentId: string;
  moveIn: string;
  moveOut: string;
  status: string;
  version: number;
}

/** A signed-in student with a sub of its own (a person no other test uses). */
export const studentToken = (h: Harness, sub: string) => h.tokenFor({ sub, role: "student" });

export function applyTo(h: Harness, token: string, requestId: string, listingId: string) {
  return h.call("POST", `/housing-requests/${requestId}/applications`, { token, body: { listingId } });
}

/** Applies and insists on 201. */
export async function applied(h: Harness, token: string, requestId: string, listingId: string) {
  const response = await applyTo(h, token, requestId, listingId);
  if (response.status !== 201) throw new Error(`not applied (${response.status}): ${response.text}`);
  return response.json as ApplicationJson;
}

export function offer(h: Harness, token: string, applicationId: string, body?: unknown) {
  return h.call("POST", `/applications/${applicationId}/offer`, { token, body });
}

/** Offers and insists on 200. */
export async function offered(h: Harness, token: string, applicationId: string, body?: unknown) {
  const response = await offer(h, token, applicationId, body);
  if (response.status !== 200) throw new Error(`not offered (${response.status}): ${response.text}`);
  return response.json as ApplicationJson;
}

/** A student's request, applied to the listing and offered. */
export async function offeredStay(
  h: Harness,
  actors: { student: string; owner: string },
  listingId: string,
  request: Record<string, unknown> = {},
  offerBody?: unknown,
) {
  const created = await createRequest(h, actors.student, request);
  const application = await applied(h, actors.student, created.id, listingId);
  const held = await offered(h, actors.owner, application.id, offerBody);
  return { requestId: created.id, applicationId: application.id, application: held };
}

/** A student's request, applied, offered and accepted: a confirmed booking. */
export async function bookedStay(
  h: Harness,
  actors: { student: string; owner: string },
  listingId: string,
  request: Record<string, unknown> = {},
) {
  const stay = await offeredStay(h, actors, listingId, request);
  const accepted = await h.call("POST", `/applications/${stay.applicationId}/accept`, { token: actors.student });
  if (accepted.status !== 200) throw new Error(`not accepted (${accepted.status}): ${accepted.text}`);
  return { ...stay, bookingId: (accepted.json as ApplicationJson).bookingId as string };
}

/** Every item of a collection, following `nextCursor`. */
export async function collect<T = Record<string, unknown>>(h: Harness, path: string, token: string, limit = 100) {
  const items: T[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const separator = path.includes("?") ? "&" : "?";
    const url: string = `${path}${separator}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const response = await h.call("GET", url, { token });
    if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${response.text}`);
    items.push(...(response.json.items as T[]));
    cursor = response.json.nextCursor;
    if (++pages > 50) throw new Error(`GET ${path}: more than 50 pages`);
  } while (cursor);
  return items;
}

export const idsOf = (items: { id: string }[]) => items.map((item) => item.id);
