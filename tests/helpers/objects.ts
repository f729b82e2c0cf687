/**
 * One object of every kind, owned by the world's Zealand institution in
 * Kalundborg and its student Freja, for the nets that try every route on
 * real objects (authorization matrix, fuzzing); and the app's route table.
 */
import type { Harness } from "./harness";
import { approvedListing, createListing } from "./listings";
import { createRequest } from "./requests";
import { applied, bookedStay } from "./stays";
import type { World } from "./world";

export interface ObjectsOfEveryKind {
  /** Approved, capacity 3. */
  listing: string;
  /** Pending review. */
  pendingListing: string;
  /** Freja's open request, with a pending application to `listing`. */
  request: string;
  application: string;
  /** Freja's confirmed booking of `listing`, from a second request. */
  booking: string;
}

export async function objectsOfEveryKind(h: Harness, t: World["tokens"]): Promise<ObjectsOfEveryKind> {
  const listing = await approvedListing(h, { owner: t.zealand, reviewer: t.kalundborg }, { capacity: 3 });
  const pending = await createListing(h, t.zealand);
  await h.call("POST", `/listings/${pending.id}/submit`, { token: t.zealand });
  const request = await createRequest(h, t.student);
  const application = await applied(h, t.student, request.id, listing.id);
  const { bookingId } = await bookedStay(h, { student: t.student, owner: t.zealand }, listing.id);
  return {
    listing: listing.id,
    pendingListing: pending.id,
    request: request.id,
    application: application.id,
    booking: bookingId,
  };
}

/** The app's routes as its route table names them ("GET /listings/:id"), middleware left out. */
export function routeTable(app: { routes: { method: string; path: string }[] }): string[] {
  const routes = app.routes.filter((route) => route.method !== "ALL").map((route) => `${route.method} ${route.path}`);
  return [...new Set(routes)].sort();
}
