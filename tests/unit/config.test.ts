import { describe, expect, it } from "vitest";
import { loadLambdaConfig, loadLocalConfig, loadWebLambdaConfig } from "#shared/config";

const lambdaEnv = {
  TABLE_NAME: "Praktikbolig-Table-1",
  COGNITO_USER_POOL_ID: "eu-north-1_AbC123",
  COGNITO_CLIENT_ID: "client",
  CURSOR_SECRET: "x".repeat(48),
};

const webEnv = {
  TABLE_NAME: "Praktikbolig-Table-1",
  CURSOR_SECRET: "x".repeat(48),
  COGNITO_USER_POOL_ID: "eu-north-1_AbC123",
  COGNITO_DOMAIN_URL: "https://praktikbolig.auth.eu-north-1.amazoncognito.com",
  WEB_CLIENT_ID_PARAMETER: "/praktikbolig/web-client-id",
  AWS_REGION: "eu-north-1",
};

describe("configuration", () => {
  it("reads the Lambda environment once, with CORS origins as a list", () => {
    const config = loadLambdaConfig({ ...lambdaEnv, CORS_ORIGINS: "https://a.example, https://b.example" });
    expect(config.CORS_ORIGINS).toEqual(["https://a.example", "https://b.example"]);
  });

  it("fails fast and names the missing or bad variable", () => {
    expect(() => loadLambdaConfig({ ...lambdaEnv, TABLE_NAME: undefined })).toThrow(/TABLE_NAME/);
    expect(() => loadLambdaConfig({ ...lambdaEnv, CURSOR_SECRET: "short" })).toThrow(/CURSOR_SECRET/);
    expect(() => loadLocalConfig({ PORT: "http" })).toThrow(/PORT/);
  });

  it("defaults the local port to 3000 and keeps data in memory", () => {
    const config = loadLocalConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.DATA_DIR).toBeUndefined();
  });

  it("listens on the loopback address unless HOST names another", () => {
    expect(loadLocalConfig({}).HOST).toBe("127.0.0.1");
    expect(loadLocalConfig({ HOST: "0.0.0.0" }).HOST).toBe("0.0.0.0");
    expect(loadLocalConfig({ HOST: "::1" }).HOST).toBe("::1");
    expect(() => loadLocalConfig({ HOST: "every-interface" })).toThrow(/HOST/);
  });

  it("reads the web function's environment: the client id's parameter name, not the id; forwarded host off", () => {
    const config = loadWebLambdaConfig(webEnv);
    expect(config).toEqual({ ...webEnv, TRUST_FORWARDED_HOST: false });
    expect(loadWebLambdaConfig({ ...webEnv, TRUST_FORWARDED_HOST: "true" }).TRUST_FORWARDED_HOST).toBe(true);
    expect(loadWebLambdaConfig({ ...webEnv, TRUST_FORWARDED_HOST: "FALSE" }).TRUST_FORWARDED_HOST).toBe(false);
    // The domain as an origin, whatever trailing slash it was given with.
    expect(
      loadWebLambdaConfig({ ...webEnv, COGNITO_DOMAIN_URL: `${webEnv.COGNITO_DOMAIN_URL}/` }).COGNITO_DOMAIN_URL,
    ).toBe(webEnv.COGNITO_DOMAIN_URL);
    const forTests = loadWebLambdaConfig({
      ...webEnv,
      OIDC_ISSUER_URL: "http://127.0.0.1:9999",
      DYNAMODB_ENDPOINT: "http://127.0.0.1:8000",
      AWS_ENDPOINT_URL_SSM: "http://127.0.0.1:9998",
    });
    expect(forTests.AWS_ENDPOINT_URL_SSM).toBe("http://127.0.0.1:9998");
    expect(forTests.OIDC_ISSUER_URL).toBe("http://127.0.0.1:9999");
    expect(forTests.DYNAMODB_ENDPOINT).toBe("http://127.0.0.1:8000");
  });

  it("fails fast on the web function's missing or bad variables, naming each", () => {
    for (const name of Object.keys(webEnv)) {
      expect(() => loadWebLambdaConfig({ ...webEnv, [name]: undefined })).toThrow(name);
    }
    expect(() => loadWebLambdaConfig({ ...webEnv, CURSOR_SECRET: "x".repeat(31) })).toThrow(/CURSOR_SECRET/);
    expect(() => loadWebLambdaConfig({ ...webEnv, COGNITO_USER_POOL_ID: "pool" })).toThrow(/COGNITO_USER_POOL_ID/);
    // The managed-login domain: HTTPS, and an origin only.
    for (const bad of ["http://praktikbolig.auth.eu-north-1.amazoncognito.com", "https://x.example/login", "x"]) {
      expect(() => loadWebLambdaConfig({ ...webEnv, COGNITO_DOMAIN_URL: bad })).toThrow(/COGNITO_DOMAIN_URL/);
    }
    expect(() => loadWebLambdaConfig({ ...webEnv, WEB_CLIENT_ID_PARAMETER: "a name" })).toThrow(
      /WEB_CLIENT_ID_PARAMETER/,
    );
    // A typo is not "false": it would silently ignore the CDN's host.
    expect(() => loadWebLambdaConfig({ ...webEnv, TRUST_FORWARDED_HOST: "yes" })).toThrow(/TRUST_FORWARDED_HOST/);
    expect(() => loadWebLambdaConfig({ ...webEnv, OIDC_ISSUER_URL: "not a url" })).toThrow(/OIDC_ISSUER_URL/);
  });
});
