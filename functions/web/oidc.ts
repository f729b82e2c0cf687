/**
 * Signing in on AWS: Cognito's managed login, through openid-client (an
 * OpenID Connect client library; no hand-written token exchange). The
 * authorization-code flow with PKCE:
 *
 * - begin: a fresh code verifier, state and nonce; the browser goes to the
 *   provider's authorization endpoint with the verifier's S256 challenge, the
 *   state and the nonce, and the three stay with the browser (the sign-in
 *   pages keep `pending` in an HttpOnly cookie scoped to the callback).
 * - finish: the callback's state must be the kept one, the code is exchanged
 *   at the token endpoint with the verifier, the ID token is checked (issuer,
 *   audience, expiry, nonce, and its signature against the provider's keys)
 *   and its claims become the principal by the API's own rule
 *   (cognito-claims.ts).
 *
 * The web app's Cognito client is a public client, with no secret: a secret
 * would have to ship to the function (and be rotated), and it would not bind
 * anything to the browser. PKCE does that instead: only the browser's sign-in
 * that sent the challenge holds the verifier, so a code intercepted on its
 * way back is worthless to anyone else.
 */
import * as client from "openid-client";
import { principalFromCognitoClaims } from "#auth/cognito-claims";
import type { Principal } from "#auth/principal";
import { type Credentials, jsonApi } from "#shared/aws/json-api";
import type { OidcSignIn } from "./pages/sign-in";

export interface CognitoSignInSettings {
  /** The user pool, e.g. eu-north-1_AbC123: its issuer is discovered. */
  userPoolId: string;
  /** The web app's (public) app client. */
  clientId: string;
  /** The managed-login domain's origin, e.g. https://praktikbolig.auth.eu-north-1.amazoncognito.com. */
  domainUrl: string;
  /** Another issuer to discover instead of the user pool's (tests run their own provider). */
  issuerUrl?: string;
}

/** What `begin` keeps for `finish`, serialised into `pending`. */
interface Pending {
  state: string;
  codeVerifier: string;
  nonce: string;
}

const SCOPE = "openid email";

/** The issuer of a Cognito user pool: its region is the id's prefix. */
export function cognitoIssuer(userPoolId: string): string {
  const region = userPoolId.split("_")[0];
  return `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
}

/** Plain HTTP only to a provider on this machine (a test's); any other issuer must be HTTPS. */
const isLoopbackHttp = (url: URL) =>
  url.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);

function parsePending(pending: string): Pending {
  const value = JSON.parse(pending) as Partial<Pending>;
  const { state, codeVerifier, nonce } = value;
  if (typeof state !== "string" || typeof codeVerifier !== "string" || typeof nonce !== "string") {
    throw new Error("The kept sign-in is incomplete");
  }
  return { state, codeVerifier, nonce };
}

export function createCognitoSignIn(settings: CognitoSignInSettings): OidcSignIn {
  const issuer = new URL(settings.issuerUrl ?? cognitoIssuer(settings.userPoolId));
  const domain = new URL(settings.domainUrl);
  const execute = [client.enableNonRepudiationChecks];
  if (isLoopbackHttp(issuer)) execute.push(client.allowInsecureRequests);

  // Discovered on first use and kept for the container's life; a failed discovery is tried again next time.
  let discovered: Promise<client.Configuration> | undefined;
  const configuration = () => {
    discovered ??= client.discovery(issuer, settings.clientId, undefined, client.None(), { execute }).catch((error) => {
      discovered = undefined;
      throw error;
    });
    return discovered;
  };

  return {
    origin: domain.origin,

    async begin(redirectUri) {
      const config = await configuration();
      const pending: Pending = {
        state: client.randomState(),
        codeVerifier: client.randomPKCECodeVerifier(),
        nonce: client.randomNonce(),
      };
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: SCOPE,
        code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
        code_challenge_method: "S256",
        state: pending.state,
        nonce: pending.nonce,
      });
      return { url: url.href, pending: JSON.stringify(pending) };
    },

    async finish(callbackUrl, pending, redirectUri): Promise<Principal> {
      const kept = parsePending(pending);
      const config = await configuration();
      // The library sends the URL it is given, without its query, as the token request's redirect_uri, which
      // must be the one the authorization request named: the public origin, not the one the function saw.
      const current = new URL(redirectUri);
      current.search = callbackUrl.search;
      const tokens = await client.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: kept.codeVerifier,
        expectedState: kept.state,
        expectedNonce: kept.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw new Error("The provider returned no ID token");
      return principalFromCognitoClaims(claims);
    },

    signOutUrl(returnTo) {
      // Cognito's own logout endpoint: it ends the managed-login session and sends the browser to `returnTo`,
      // which must be one of the app client's sign-out URLs.
      const url = new URL("/logout", domain);
      url.searchParams.set("client_id", settings.clientId);
      url.searchParams.set("logout_uri", returnTo);
      return url.href;
    },
  };
}

/** The web app client's id from its SSM parameter (read once, at cold start: see WEB_CLIENT_ID_PARAMETER). */
export async function readClientId(
  parameterName: string,
  ssm: { region: string; endpoint?: string; credentials?: Credentials },
): Promise<string> {
  const getParameter = jsonApi({ service: "ssm", targetPrefix: "AmazonSSM", ...ssm });
  const { Parameter } = (await getParameter("GetParameter", { Name: parameterName })) as {
    Parameter?: { Value?: string };
  };
  const value = Parameter?.Value?.trim();
  if (!value) throw new Error(`The SSM parameter ${parameterName} holds no client id`);
  return value;
}
