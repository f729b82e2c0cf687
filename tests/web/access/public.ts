/** The pages anyone may open, and signing in and out. */
import { everyone, type PageProbe, probe, signedIn } from "./probes";

export const publicProbes: PageProbe[] = [
  probe("GET /", "start page", () => ({ path: "/" }), everyone(200)),
  probe("GET /tilgaengelighed", "accessibility statement", () => ({ path: "/tilgaengelighed" }), everyone(200)),
  probe("GET /app/language", "switch to English", () => ({ path: "/app/language?to=en&back=/" }), everyone(303)),
  probe("GET /app/sign-in", "sign-in page", () => ({ path: "/app/sign-in" }), everyone(200)),
  probe(
    "POST /app/sign-in",
    "an unknown demo user",
    () => ({ method: "POST", path: "/app/sign-in", form: { user: "nobody" } }),
    everyone("sign-in"),
  ),
  probe("POST /app/sign-out", "sign out", () => ({ method: "POST", path: "/app/sign-out" }), everyone("sign-in")),
  probe("GET /app", "role home", () => ({ path: "/app" }), signedIn(303)),
];
