/**
 * How a verified Cognito ID token's claims become a principal, for the API's
 * bearer tokens (cognito.ts) and the web app's sign-in (functions/web/oidc.ts)
 * alike: the user's `cognito:groups` give exactly one role, and the
 * `custom:org_id` attribute the organisation of a staff user.
 */
import { Unauthenticated } from "#shared/errors";
import { type Principal, principalFrom, ROLES } from "./principal";

/** The claim that names the user's organisation (a custom user pool attribute). */
const ORG_ID_CLAIM = "custom:org_id";
const GROUPS_CLAIM = "cognito:groups";

/** Throws Unauthenticated unless the claims name one role (and, for staff, an organisation). */
export function principalFromCognitoClaims(claims: Record<string, unknown>): Principal {
  const groups = Array.isArray(claims[GROUPS_CLAIM]) ? claims[GROUPS_CLAIM] : [];
  const roles = ROLES.filter((role) => groups.includes(role));
  // One user, one role: a user put in two role groups is a setup mistake, not a superuser.
  if (roles.length !== 1) throw new Unauthenticated("The user must belong to exactly one role group");
  return principalFrom(claims.sub, roles[0], claims[ORG_ID_CLAIM]);
}
