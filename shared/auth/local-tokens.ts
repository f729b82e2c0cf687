/**
 * Tokens for running locally: signed by a key generated at start (so they
 * stop working when the process stops) and verified with the same key.
 */
import { generateKeyPair, jwtVerify, SignJWT } from "jose";
import { Unauthenticated } from "#shared/errors";
import { type Principal, principalFrom, type TokenVerifier } from "./principal";

const ISSUER = "praktikbolig-local";
const AUDIENCE = "praktikbolig";
const ALGORITHM = "ES256";

export interface LocalTokens {
  verifier: TokenVerifier;
  issue(principal: Principal, lifetime?: string): Promise<string>;
}

export async function createLocalTokens(): Promise<LocalTokens> {
  const { privateKey, publicKey } = await generateKeyPair(ALGORITHM);

  const issue = (principal: Principal, lifetime = "12h") =>
    new SignJWT({ role: principal.role, ...(principal.orgId ? { org: principal.orgId } : {}) })
      .setProtectedHeader({ alg: ALGORITHM })
      .setSubject(principal.sub)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(lifetime)
      .sign(privateKey);

  const verifier: TokenVerifier = {
    async verify(token) {
      let payload: Record<string, unknown>;
      try {
        ({ payload } = await jwtVerify(token, publicKey, {
          issuer: ISSUER,
          audience: AUDIENCE,
          algorithms: [ALGORITHM],
        }));
      } catch {
        throw new Unauthenticated("The token is not valid");
      }
      return principalFrom(payload.sub, payload.role, payload.org);
    },
  };

  return { verifier, issue };
}
