/**
 * The page-access matrix's vocabulary: every page route × every kind of
 * visitor → what they get. Each page area lists its probes in its own file
 * beside this one; tests/web/page-access.test.ts runs them all and fails for
 * a route of the web app that no probe names.
 *
 * Visitors that may use a page are sent a request that proves they got past
 * every check of who they are without changing anything (a form with bad
 * input answers 400 and shows its errors; an action the object's state
 * refuses answers 409). Everyone else gets the sign-in redirect, the 403
 * page or the 404 page.
 */
import type { ObjectsOfEveryKind } from "../../helpers/objects";

export const VISITORS = [
  "anonymous",
  "student",
  "otherStudent",
  "owner",
  "otherInstitution",
  "council",
  "otherCouncil",
  "admin",
] as const;
export type Visitor = (typeof VISITORS)[number];

/** A status, or "sign-in": a 303 to the sign-in page. */
export type Outcome = number | "sign-in";
export type Expected = Record<Visitor, Outcome>;

export interface PageFixture extends ObjectsOfEveryKind {
  /** The listing's owner, the world's Zealand institution. */
  ownerOrg: string;
}

export interface PageProbe {
  /** The route as the web app's route table names it: "GET /app/rooms/:id". */
  route: string;
  label: string;
  request(f: PageFixture): { method?: "GET" | "POST"; path: string; form?: Record<string, string> };
  expected: Expected;
}

export const everyone = (outcome: Outcome): Expected =>
  Object.fromEntries(VISITORS.map((visitor) => [visitor, outcome])) as Expected;

/** Signed-in visitors get `others` unless named; without a session it is always the sign-in page. */
export const signedIn = (others: Outcome, named: Partial<Expected> = {}): Expected => ({
  ...everyone(others),
  anonymous: "sign-in",
  ...named,
});

/** Only the named visitors get past the role check; every other signed-in visitor gets the 403 page. */
export const only = (named: Partial<Expected>) => signedIn(403, named);

export const probe = (route: string, label: string, request: PageProbe["request"], expected: Expected): PageProbe => ({
  route,
  label,
  request,
  expected,
});
