/**
 * The student pages: "Min bolig", a new housing request as a step form, a
 * request with its matches, the search and a listing (with applying), an
 * application with its offer, and a booking. Each route names its roles;
 * the domain services decide which objects a caller may see.
 */
import { Hono } from "hono";
import type { WebEnv } from "../context";
import { allowRoles } from "../middleware";
import type { PageDeps } from "../page-deps";
import { housingPage } from "./student/housing";
import { postCancelRequest, requestPage } from "./student/request";
import { newRequestPage, postNewRequest } from "./student/request-form";
import { postApply, roomPage, roomsPage } from "./student/rooms";
import { applicationPage, bookingPage, postAccept, postCancelBooking, postWithdraw } from "./student/stays";

export function studentPages(deps: PageDeps) {
  const app = new Hono<WebEnv>();
  const student = allowRoles("student");
  // Listings and bookings are read by staff too; the services decide what each may see.
  const anyone = allowRoles("student", "institution", "council", "admin");

  app.get("/housing", student, (c) => housingPage(c, deps));

  app.get("/requests/new", student, (c) => newRequestPage(c));
  app.post("/requests/new", student, (c) => postNewRequest(c, deps));
  app.get("/requests/:id", student, (c) => requestPage(c, deps));
  app.post("/requests/:id/cancel", student, (c) => postCancelRequest(c, deps));

  app.get("/rooms", anyone, (c) => roomsPage(c, deps));
  app.get("/rooms/:id", anyone, (c) => roomPage(c, deps));
  app.post("/rooms/:id/apply", student, (c) => postApply(c, deps));

  app.get("/applications/:id", student, (c) => applicationPage(c, deps));
  app.post("/applications/:id/accept", student, (c) => postAccept(c, deps));
  app.post("/applications/:id/withdraw", student, (c) => postWithdraw(c, deps));

  app.get("/bookings/:id", anyone, (c) => bookingPage(c, deps));
  app.post("/bookings/:id/cancel", anyone, (c) => postCancelBooking(c, deps));

  return app;
}
