/**
 * Where every page lives. The web app owns `/`, `/tilgaengelighed` and
 * everything under `/app`; every other path is the API's, so the two never
 * collide. Locally one server dispatches by `isWebPath`; on AWS the HTTP
 * API's routes send the same paths to the web function (infra/api-stack.ts
 * reads WEB_ROUTE_KEYS).
 */
export const APP_PREFIX = "/app";

/** The HTTP API's route paths for the web function. */
export const WEB_ROUTE_PATHS = ["/", "/tilgaengelighed", APP_PREFIX, `${APP_PREFIX}/{proxy+}`] as const;

export function isWebPath(pathname: string): boolean {
  return (
    pathname === "/" ||
    pathname === "/tilgaengelighed" ||
    pathname === APP_PREFIX ||
    pathname.startsWith(`${APP_PREFIX}/`)
  );
}

const id = (value: string) => encodeURIComponent(value);

export const paths = {
  start: "/",
  accessibility: "/tilgaengelighed",
  home: APP_PREFIX,
  signIn: `${APP_PREFIX}/sign-in`,
  signInStart: `${APP_PREFIX}/sign-in/start`,
  signInCallback: `${APP_PREFIX}/sign-in/callback`,
  signOut: `${APP_PREFIX}/sign-out`,
  language: `${APP_PREFIX}/language`,

  // Everyone signed in: their own data (erasing it is for students)
  myData: `${APP_PREFIX}/my-data`,
  myDataExport: `${APP_PREFIX}/my-data/export`,
  eraseMyData: `${APP_PREFIX}/my-data/erase`,
  /** The confirmation after an erasure: public, as the session has ended. */
  dataErased: `${APP_PREFIX}/my-data/erased`,

  // Students
  housing: `${APP_PREFIX}/housing`,
  newRequest: `${APP_PREFIX}/requests/new`,
  request: (requestId: string) => `${APP_PREFIX}/requests/${id(requestId)}`,
  cancelRequest: (requestId: string) => `${APP_PREFIX}/requests/${id(requestId)}/cancel`,
  rooms: `${APP_PREFIX}/rooms`,
  room: (listingId: string) => `${APP_PREFIX}/rooms/${id(listingId)}`,
  applyToRoom: (listingId: string) => `${APP_PREFIX}/rooms/${id(listingId)}/apply`,
  application: (applicationId: string) => `${APP_PREFIX}/applications/${id(applicationId)}`,
  acceptOffer: (applicationId: string) => `${APP_PREFIX}/applications/${id(applicationId)}/accept`,
  withdrawApplication: (applicationId: string) => `${APP_PREFIX}/applications/${id(applicationId)}/withdraw`,
  booking: (bookingId: string) => `${APP_PREFIX}/bookings/${id(bookingId)}`,
  cancelBooking: (bookingId: string) => `${APP_PREFIX}/bookings/${id(bookingId)}/cancel`,

  // Institution and council staff: their organisation's listings
  listings: `${APP_PREFIX}/listings`,
  newListing: `${APP_PREFIX}/listings/new`,
  listing: (listingId: string) => `${APP_PREFIX}/listings/${id(listingId)}`,
  editListing: (listingId: string) => `${APP_PREFIX}/listings/${id(listingId)}/edit`,
  submitListing: (listingId: string) => `${APP_PREFIX}/listings/${id(listingId)}/submit`,
  withdrawListing: (listingId: string) => `${APP_PREFIX}/listings/${id(listingId)}/withdraw`,
  offer: (listingId: string, applicationId: string) =>
    `${APP_PREFIX}/listings/${id(listingId)}/applications/${id(applicationId)}/offer`,
  declineApplication: (listingId: string, applicationId: string) =>
    `${APP_PREFIX}/listings/${id(listingId)}/applications/${id(applicationId)}/decline`,

  // Councils
  reviews: `${APP_PREFIX}/reviews`,
  review: (listingId: string) => `${APP_PREFIX}/reviews/${id(listingId)}`,
  approve: (listingId: string) => `${APP_PREFIX}/reviews/${id(listingId)}/approve`,
  reject: (listingId: string) => `${APP_PREFIX}/reviews/${id(listingId)}/reject`,
  demand: `${APP_PREFIX}/demand`,

  // Councils (their municipalities) and admins (all)
  stats: `${APP_PREFIX}/statistik`,
  statsCsv: `${APP_PREFIX}/statistik.csv`,

  // Admins
  organization: (orgId: string) => `${APP_PREFIX}/organizations/${id(orgId)}`,
  deactivateMember: (orgId: string, sub: string) =>
    `${APP_PREFIX}/organizations/${id(orgId)}/members/${id(sub)}/deactivate`,
  reactivateMember: (orgId: string, sub: string) =>
    `${APP_PREFIX}/organizations/${id(orgId)}/members/${id(sub)}/reactivate`,
  organizations: `${APP_PREFIX}/organizations`,
} as const;

/** A local path to come back to, or the fallback: never another site (`//evil`, `https:`). */
export function safeReturnPath(value: unknown, fallback: string = paths.home): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.includes("\\")) {
    return fallback;
  }
  return value;
}
