/**
 * Verifies Cognito ID tokens: the user's group gives the role and the
 * `custom:org_id` attribute the organisation (cognito-claims.ts).
 */
import { CognitoJwtVerifier } from "aws-jwt-verify";
import type { Jwks } from "aws-jwt-verify/jwk";
import { Unauthenticated } from "#shared/errors";
import { principalFromCognitoClaims } from "./cognito-claims";
import type { TokenVerifier } from "./principal";

export interface CognitoSettings {
  userPoolId: string;
  clientId: string;
  /** Pre-loaded keys (tests, or to skip the first JWKS download). */
  jwks?: Jwks;
}

export function createCognitoVerifier(settings: CognitoSettings): TokenVerifier {
  const jwtVerifier = CognitoJwtVerifier.create({
    userPoolId: settings.userPoolId,
    clientId: settings.clientId,
    tokenUse: "id",
  });
  if (settings.jwks) jwtVerifier.cacheJwks(settings.jwks);

  return {
    async verify(token) {
      let claims: Record<string, unknown>;
      try {
        claims = await jwtVerifier.verify(token);
      } catch {
        throw new Unauthenticated("The token is not valid");
      }
      return principalFromCognitoClaims(claims);
    },
  };
}
