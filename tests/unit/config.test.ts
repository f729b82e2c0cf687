import { describe, expect, it } from "vitest";
import { loadLambdaConfig, loadLocalConfig } from "#shared/config";

const lambdaEnv = {
  TABLE_NAME: "Praktikbolig-Table-1",
  COGNITO_USER_POOL_ID: "eu-north-1_AbC123",
  COGNITO_CLIENT_ID: "client",
  CURSOR_SECRET: "x".repeat(48),
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
});
