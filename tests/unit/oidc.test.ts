/**
 * The web app's Cognito sign-in (functions/web/oidc.ts), the whole
 * authorization-code flow with PKCE, against a fake OpenID provider run here
 * over real HTTP: its discovery document, its token endpoint (which checks
 * the code, the redirect URI and the verifier against the S256 challenge it
 * saw) and its keys. The authorization endpoint is not served: the test reads
 * the URL `begin` made, as the provider would, and makes the callback URL.
 */
import { createHash, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appAssets } from "../../functions/api/asset-catalogue";
import { silentLogger } from "../../functions/api/logging";
import { createWebApp } from "../../functions/web/app";
import { createCognitoSignIn } from "../../functions/web/oidc";
import { createHarness } from "../helpers/harness";

const CLIENT_ID = "web-client-1";
const DOMAIN = "https://praktikbolig-test.auth.eu-north-1.amazoncognito.com";

/** Who signs in at the provider: the claims Cognito would put in the ID token. */
interface ProviderUser {
  sub: string;
  groups: string[];
  orgId?: string;
}

interface Grant {
  challenge: string;
  method: string;
  redirectUri: string;
  clientId: string;
  nonce?: string;
  user: ProviderUser;
}

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

async function startProvider() {
  const keys = await generateKeyPair("RS256");
  const publicJwk: JWK = { ...(await exportJWK(keys.publicKey)), kid: "key-1", alg: "RS256", use: "sig" };
  const grants = new Map<string, Grant>();
  const tokenRequests: URLSearchParams[] = [];
  /** Signs ID tokens with this key instead (a key the provider does not publish). */
  let signingKey: KeyPair | undefined;
  let issuer = "";

  const idToken = async (grant: Grant) => {
    const claims: Record<string, unknown> = {
      token_use: "id",
      email: `${grant.user.sub}@example.dk`,
      "cognito:groups": grant.user.groups,
    };
    if (grant.user.orgId) claims["custom:org_id"] = grant.user.orgId;
    if (grant.nonce) claims.nonce = grant.nonce;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid: "key-1" })
      .setIssuer(issuer)
      .setAudience(grant.clientId)
      .setSubject(grant.user.sub)
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign((signingKey ?? keys).privateKey);
  };

  const json = (response: import("node:http").ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
    response.end(JSON.stringify(body));
  };

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", async () => {
      const path = new URL(request.url ?? "/", issuer).pathname;
      if (request.method === "GET" && path === "/.well-known/openid-configuration") {
        return json(response, 200, {
          issuer,
          authorization_endpoint: `${issuer}/oauth2/authorize`,
          token_endpoint: `${issuer}/oauth2/token`,
          jwks_uri: `${issuer}/jwks`,
          response_types_supported: ["code"],
          subject_types_supported: ["public"],
          id_token_signing_alg_values_supported: ["RS256"],
          token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "none"],
          code_challenge_methods_supported: ["S256"],
        });
      }
      if (request.method === "GET" && path === "/jwks") return json(response, 200, { keys: [publicJwk] });
      if (request.method === "POST" && path === "/oauth2/token") {
        const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
        tokenRequests.push(form);
        const code = form.get("code") ?? "";
        const grant = grants.get(code);
        grants.delete(code); // one use only
        const verifier = form.get("code_verifier") ?? "";
        const challenge = createHash("sha256").update(verifier).digest("base64url");
        if (
          form.get("grant_type") !== "authorization_code" ||
          !grant ||
          grant.method !== "S256" ||
          grant.challenge !== challenge ||
          grant.redirectUri !== form.get("redirect_uri") ||
          grant.clientId !== form.get("client_id")
        ) {
          return json(response, 400, { error: "invalid_grant" });
        }
        return json(response, 200, {
          id_token: await idToken(grant),
          access_token: randomBytes(16).toString("hex"),
          token_type: "Bearer",
          expires_in: 3600,
        });
      }
      json(response, 404, { error: "not_found" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    issuer,
    tokenRequests,
    /** What the provider does after `user` signs in: remembers the challenge and sends the browser back. */
    authorize(authorizationUrl: string, user: ProviderUser): URL {
      const asked = new URL(authorizationUrl).searchParams;
      const code = randomBytes(12).toString("hex");
      grants.set(code, {
        challenge: asked.get("code_challenge") ?? "",
        method: asked.get("code_challenge_method") ?? "plain",
        redirectUri: asked.get("redirect_uri") ?? "",
        clientId: asked.get("client_id") ?? "",
        nonce: asked.get("nonce") ?? undefined,
        user,
      });
      const callback = new URL(asked.get("redirect_uri") ?? "");
      callback.searchParams.set("code", code);
      callback.searchParams.set("state", asked.get("state") ?? "");
      return callback;
    },
    signWithUnpublishedKey: async () => {
      signingKey = await generateKeyPair("RS256");
    },
    signWithPublishedKey: () => {
      signingKey = undefined;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let provider: Awaited<ReturnType<typeof startProvider>>;
const signIn = () =>
  createCognitoSignIn({
    userPoolId: "eu-north-1_TestPool1",
    clientId: CLIENT_ID,
    domainUrl: DOMAIN,
    issuerUrl: provider.issuer,
  });

const REDIRECT_URI = "https://praktikbolig.example/app/sign-in/callback";
const student: ProviderUser = { sub: "student-sub-1", groups: ["student"] };
const council: ProviderUser = { sub: "council-sub-1", groups: ["council"], orgId: "council326" };

beforeAll(async () => {
  provider = await startProvider();
});
afterAll(async () => {
  await provider.close();
});

/** begin, the provider's sign-in, and the callback URL it sends the browser to. */
async function signInAt(user: ProviderUser, oidc = signIn()) {
  const { url, pending } = await oidc.begin(REDIRECT_URI);
  return { oidc, url, pending, callback: provider.authorize(url, user) };
}

describe("Cognito sign-in (authorization code with PKCE)", () => {
  it("sends the browser to the authorization endpoint with an S256 challenge, state and nonce", async () => {
    const { url, pending } = await signIn().begin(REDIRECT_URI);
    const target = new URL(url);
    expect(`${target.origin}${target.pathname}`).toBe(`${provider.issuer}/oauth2/authorize`);
    const asked = target.searchParams;
    expect(asked.get("response_type")).toBe("code");
    expect(asked.get("client_id")).toBe(CLIENT_ID);
    expect(asked.get("redirect_uri")).toBe(REDIRECT_URI);
    expect(asked.get("scope")).toBe("openid email");
    expect(asked.get("code_challenge_method")).toBe("S256");
    expect(asked.get("code_challenge")).toMatch(/^[\w-]{43}$/);
    expect(asked.get("state")).toMatch(/^[\w-]{20,}$/);
    expect(asked.get("nonce")).toMatch(/^[\w-]{20,}$/);
    // The verifier stays with the browser, never in the URL; the challenge is its S256 hash.
    const kept = JSON.parse(pending) as { state: string; codeVerifier: string; nonce: string };
    expect(url).not.toContain(kept.codeVerifier);
    expect(createHash("sha256").update(kept.codeVerifier).digest("base64url")).toBe(asked.get("code_challenge"));
    expect(kept.state).toBe(asked.get("state"));
  });

  it("makes a fresh verifier and state for every sign-in", async () => {
    const oidc = signIn();
    const first = new URL((await oidc.begin(REDIRECT_URI)).url).searchParams;
    const second = new URL((await oidc.begin(REDIRECT_URI)).url).searchParams;
    expect(first.get("state")).not.toBe(second.get("state"));
    expect(first.get("code_challenge")).not.toBe(second.get("code_challenge"));
  });

  it("finishes with the right state and code: a student, and a council member with their organisation", async () => {
    const asStudent = await signInAt(student);
    expect(await asStudent.oidc.finish(asStudent.callback, asStudent.pending, REDIRECT_URI)).toEqual({
      sub: "student-sub-1",
      role: "student",
    });
    const asCouncil = await signInAt(council);
    expect(await asCouncil.oidc.finish(asCouncil.callback, asCouncil.pending, REDIRECT_URI)).toEqual({
      sub: "council-sub-1",
      role: "council",
      orgId: "council326",
    });
    // A public client: the token request carries the client id and the verifier, and no secret.
    const request = provider.tokenRequests.at(-1);
    expect(request?.get("client_id")).toBe(CLIENT_ID);
    expect(request?.get("code_verifier")).toBe(JSON.parse(asCouncil.pending).codeVerifier);
    expect(request?.has("client_secret")).toBe(false);
  });

  it("sends the redirect URI it began with, whatever origin the callback reached the function at", async () => {
    const { oidc, pending, callback } = await signInAt(student);
    const seenByFunction = new URL(`https://abc123.execute-api.eu-north-1.amazonaws.com/app/sign-in/callback`);
    seenByFunction.search = callback.search;
    await expect(oidc.finish(seenByFunction, pending, REDIRECT_URI)).resolves.toMatchObject({ role: "student" });
    expect(provider.tokenRequests.at(-1)?.get("redirect_uri")).toBe(REDIRECT_URI);
  });

  it("refuses a callback whose state is not the one it kept", async () => {
    const { oidc, pending, callback } = await signInAt(student);
    callback.searchParams.set("state", "someone-elses-state");
    await expect(oidc.finish(callback, pending, REDIRECT_URI)).rejects.toMatchObject({
      cause: { message: 'unexpected "state" response parameter value' },
    });
    // Refused before the code was spent: no token request was made for it.
    expect(provider.tokenRequests.map((form) => form.get("code"))).not.toContain(callback.searchParams.get("code"));
  });

  it("refuses when the verifier is not the one the challenge was made from (the provider says invalid_grant)", async () => {
    const { oidc, pending, callback } = await signInAt(student);
    const kept = JSON.parse(pending) as Record<string, string>;
    const other = JSON.stringify({ ...kept, codeVerifier: randomBytes(32).toString("base64url") });
    await expect(oidc.finish(callback, other, REDIRECT_URI)).rejects.toMatchObject({ error: "invalid_grant" });
  });

  it("refuses a code used twice", async () => {
    const { oidc, pending, callback } = await signInAt(student);
    await oidc.finish(callback, pending, REDIRECT_URI);
    await expect(oidc.finish(callback, pending, REDIRECT_URI)).rejects.toMatchObject({ error: "invalid_grant" });
  });

  it("refuses a user in two role groups, and a staff user without an organisation", async () => {
    const twoRoles = await signInAt({ sub: "both", groups: ["student", "admin"] });
    await expect(twoRoles.oidc.finish(twoRoles.callback, twoRoles.pending, REDIRECT_URI)).rejects.toThrow(
      /exactly one role group/,
    );
    const noRole = await signInAt({ sub: "none", groups: ["everyone"] });
    await expect(noRole.oidc.finish(noRole.callback, noRole.pending, REDIRECT_URI)).rejects.toThrow(
      /exactly one role group/,
    );
    const noOrg = await signInAt({ sub: "staff", groups: ["institution"] });
    await expect(noOrg.oidc.finish(noOrg.callback, noOrg.pending, REDIRECT_URI)).rejects.toThrow(/organisation/);
  });

  it("refuses an ID token not signed by one of the provider's published keys", async () => {
    await provider.signWithUnpublishedKey();
    try {
      const { oidc, pending, callback } = await signInAt(student);
      await expect(oidc.finish(callback, pending, REDIRECT_URI)).rejects.toMatchObject({
        cause: { message: "JWT signature verification failed" },
      });
    } finally {
      provider.signWithPublishedKey();
    }
  });

  it("refuses a provider's error answer and a mangled pending value", async () => {
    const { oidc, pending } = await signInAt(student);
    const state = JSON.parse(pending).state as string;
    const denied = new URL(`${REDIRECT_URI}?error=access_denied&state=${state}`);
    await expect(oidc.finish(denied, pending, REDIRECT_URI)).rejects.toMatchObject({ error: "access_denied" });
    const { callback } = await signInAt(student, oidc);
    await expect(oidc.finish(callback, "not json", REDIRECT_URI)).rejects.toThrow(SyntaxError);
    await expect(oidc.finish(callback, JSON.stringify({ state }), REDIRECT_URI)).rejects.toThrow(/incomplete/);
  });

  it("signs out at Cognito's logout endpoint and names the managed-login domain as its origin", () => {
    const oidc = signIn();
    expect(oidc.origin).toBe(DOMAIN);
    const url = new URL(oidc.signOutUrl("https://praktikbolig.example/app/sign-in?signedOut"));
    expect(`${url.origin}${url.pathname}`).toBe(`${DOMAIN}/logout`);
    expect(url.searchParams.get("client_id")).toBe(CLIENT_ID);
    expect(url.searchParams.get("logout_uri")).toBe("https://praktikbolig.example/app/sign-in?signedOut");
  });

  it("discovers the user pool's issuer when no other is given", async () => {
    const requested: string[] = [];
    const original = globalThis.fetch;
    globalThis.fetch = (async (input: string | URL | Request) => {
      requested.push(input instanceof Request ? input.url : String(input));
      throw new Error("offline");
    }) as typeof fetch;
    try {
      const oidc = createCognitoSignIn({ userPoolId: "eu-north-1_AbC123", clientId: CLIENT_ID, domainUrl: DOMAIN });
      await expect(oidc.begin(REDIRECT_URI)).rejects.toThrow();
    } finally {
      globalThis.fetch = original;
    }
    expect(requested).toEqual([
      "https://cognito-idp.eu-north-1.amazonaws.com/eu-north-1_AbC123/.well-known/openid-configuration",
    ]);
  });
});

describe("the web app's sign-in pages with Cognito", () => {
  const cookieOf = (headers: Headers, name: string) =>
    headers.getSetCookie().find((cookie) => cookie.startsWith(`${name}=`));

  it("keeps the pending sign-in in an HttpOnly cookie for the callback, and the callback starts a session", async () => {
    const h = await createHarness();
    const web = createWebApp({
      services: h.services,
      assets: appAssets(),
      logger: silentLogger,
      signIn: { kind: "oidc", oidc: signIn() },
    });

    const start = await web.request("http://localhost/app/sign-in/start?return=%2Fapp%2Fhousing");
    expect(start.status).toBe(302);
    const location = start.headers.get("location") ?? "";
    expect(location.startsWith(`${provider.issuer}/oauth2/authorize?`)).toBe(true);
    expect(new URL(location).searchParams.get("redirect_uri")).toBe("http://localhost/app/sign-in/callback");
    const pendingCookie = cookieOf(start.headers, "pb-sign-in") ?? "";
    expect(pendingCookie).toMatch(/; HttpOnly/);
    expect(pendingCookie).toMatch(/; Path=\/app\/sign-in\/callback/);
    expect(pendingCookie).toMatch(/; SameSite=Lax/);
    const cookie = pendingCookie.split(";")[0] ?? "";

    const callback = provider.authorize(location, council);
    const back = await web.request(callback.href, { headers: { cookie } });
    expect(back.status).toBe(303);
    expect(back.headers.get("location")).toBe("/app/housing");
    const session = cookieOf(back.headers, "pb-session") ?? "";
    expect(session).toMatch(/; HttpOnly/);
    const sessionId = session.split(";")[0]?.split("=")[1];
    const resumed = await h.services.sessions.resume(sessionId);
    expect(resumed?.principal).toEqual({ sub: "council-sub-1", role: "council", orgId: "council326" });
    // The pending cookie is spent.
    expect(cookieOf(back.headers, "pb-sign-in")).toMatch(/Max-Age=0/);
  });

  it("sends a callback with a wrong state, or without the pending cookie, back to the sign-in page", async () => {
    const h = await createHarness();
    const web = createWebApp({
      services: h.services,
      assets: appAssets(),
      logger: silentLogger,
      signIn: { kind: "oidc", oidc: signIn() },
    });
    const start = await web.request("http://localhost/app/sign-in/start");
    const location = start.headers.get("location") ?? "";
    const cookie = (cookieOf(start.headers, "pb-sign-in") ?? "").split(";")[0] ?? "";
    const callback = provider.authorize(location, student);

    const forged = new URL(callback);
    forged.searchParams.set("state", "forged");
    const wrongState = await web.request(forged.href, { headers: { cookie } });
    expect(wrongState.status).toBe(303);
    expect(wrongState.headers.get("location")).toBe("/app/sign-in?failed");
    expect(cookieOf(wrongState.headers, "pb-session")).toBeUndefined();

    const noCookie = await web.request(callback.href);
    expect(noCookie.status).toBe(303);
    expect(noCookie.headers.get("location")).toBe("/app/sign-in?failed");
    expect(cookieOf(noCookie.headers, "pb-session")).toBeUndefined();
  });
});
