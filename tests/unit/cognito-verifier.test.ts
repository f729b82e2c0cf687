/**
 * The Cognito path, offline: tokens signed by a locally generated key whose
 * JWKS is handed to the verifier, with the claims Cognito puts in ID tokens.
 */
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { createCognitoVerifier } from "#auth/cognito";
import type { TokenVerifier } from "#auth/principal";
import { Unauthenticated } from "#shared/errors";

const userPoolId = "eu-north-1_TestPool1";
const clientId = "test-client-id";
const issuer = `https://cognito-idp.eu-north-1.amazonaws.com/${userPoolId}`;

let sign: (claims: Record<string, unknown>, options?: { expiresIn?: string; audience?: string }) => Promise<string>;
let verifier: TokenVerifier;

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "test-key", alg: "RS256", use: "sig" };
  verifier = createCognitoVerifier({ userPoolId, clientId, jwks: { keys: [jwk] } as never });
  sign = (claims, options = {}) =>
    new SignJWT({ token_use: "id", ...claims })
      .setProtectedHeader({ alg: "RS256", kid: "test-key" })
      .setIssuer(issuer)
      .setAudience(options.audience ?? clientId)
      .setSubject("user-1")
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? "1h")
      .sign(privateKey);
});

describe("the Cognito token verifier", () => {
  it("maps the group to the role and custom:org_id to the organisation", async () => {
    const token = await sign({ "cognito:groups": ["council"], "custom:org_id": "council326" });
    await expect(verifier.verify(token)).resolves.toEqual({ sub: "user-1", role: "council", orgId: "council326" });
  });

  it("gives students no organisation", async () => {
    const token = await sign({ "cognito:groups": ["student"], "custom:org_id": "ignored" });
    await expect(verifier.verify(token)).resolves.toEqual({ sub: "user-1", role: "student" });
  });

  it.each([
    ["no role group", { "cognito:groups": ["beta-testers"] }],
    ["two role groups", { "cognito:groups": ["student", "admin"] }],
    ["staff without organisation", { "cognito:groups": ["institution"] }],
    ["an access token", { token_use: "access", "cognito:groups": ["admin"] }],
  ])("refuses %s", async (_, claims) => {
    await expect(verifier.verify(await sign(claims))).rejects.toBeInstanceOf(Unauthenticated);
  });

  it("refuses another app client's token", async () => {
    const token = await sign({ "cognito:groups": ["admin"] }, { audience: "someone-else" });
    await expect(verifier.verify(token)).rejects.toBeInstanceOf(Unauthenticated);
  });

  it("refuses an expired token", async () => {
    const token = await sign({ "cognito:groups": ["admin"] }, { expiresIn: "-1m" });
    await expect(verifier.verify(token)).rejects.toBeInstanceOf(Unauthenticated);
  });

  it("refuses a token signed by another key", async () => {
    const { privateKey } = await generateKeyPair("RS256");
    const forged = await new SignJWT({ token_use: "id", "cognito:groups": ["admin"] })
      .setProtectedHeader({ alg: "RS256", kid: "test-key" })
      .setIssuer(issuer)
      .setAudience(clientId)
      .setSubject("intruder")
      .setExpirationTime("1h")
      .sign(privateKey);
    await expect(verifier.verify(forged)).rejects.toBeInstanceOf(Unauthenticated);
  });
});
