/**
 * The built Lambda bundle, invoked as API Gateway's HTTP API invokes it:
 * payload format 2.0 events, against DynamoDB Local.
 */
import { appendFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { gunzipSync } from "node:zlib";
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from "aws-lambda";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { OPENAPI_FILE } from "../../functions/api/asset-catalogue";
import { lambdaOpenApiDocument } from "../../functions/api/openapi-document";
import { ensureTable } from "../../functions/local/dynamodb-local";
import { buildLambda } from "../../scripts/build";

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2 & object>;
let handler: Handler;
let bundleBytes: number;
let assetFolder: string;
let manifest: Record<string, string>;
let bundleFolder: string;
/** Appended to the built start script of the docs page, so only the file beside the bundle has it. */
const BUILT_MARKER = "/* beside the bundle */";

function httpApiEvent(
  method: string,
  rawPath: string,
  init: { query?: string; headers?: Record<string, string>; body?: string } = {},
) {
  const requestId = `req-${Math.random().toString(16).slice(2)}`;
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath,
    rawQueryString: init.query ?? "",
    headers: { host: "abc123.execute-api.eu-north-1.amazonaws.com", "user-agent": "test", ...init.headers },
    queryStringParameters: init.query ? Object.fromEntries(new URLSearchParams(init.query)) : undefined,
    requestContext: {
      accountId: "123456789012",
      apiId: "abc123",
      domainName: "abc123.execute-api.eu-north-1.amazonaws.com",
      domainPrefix: "abc123",
      http: { method, path: rawPath, protocol: "HTTP/1.1", sourceIp: "192.0.2.1", userAgent: "test" },
      requestId,
      routeKey: "$default",
      stage: "$default",
      time: "27/Nov/2026:10:00:00 +0000",
      timeEpoch: 1795773600000,
    },
    body: init.body,
    isBase64Encoded: false,
  } as APIGatewayProxyEventV2;
}

const lambdaContext = {
  functionName: "praktikbolig-api",
  functionVersion: "$LATEST",
  invokedFunctionArn: "arn:aws:lambda:eu-north-1:123456789012:function:praktikbolig-api",
  memoryLimitInMB: "1024",
  awsRequestId: "11111111-2222-3333-4444-555555555555",
  logGroupName: "/aws/lambda/praktikbolig-api",
  logStreamName: "stream",
  getRemainingTimeInMillis: () => 10_000,
} as unknown as Context;

beforeAll(async () => {
  const endpoint = inject("dynamoEndpoint");
  const tableName = "lambda-bundle-test";
  await ensureTable(endpoint, tableName);
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: endpoint,
    COGNITO_USER_POOL_ID: "eu-north-1_TestPool1",
    COGNITO_CLIENT_ID: "test-client",
    CURSOR_SECRET: "a-cursor-secret-for-the-bundle-test-000000",
    POWERTOOLS_LOG_LEVEL: "SILENT",
  });
  const folder = mkdtempSync(join(tmpdir(), "praktikbolig-bundle-"));
  bundleFolder = folder;
  const outfile = join(folder, "handler.mjs");
  const result = await buildLambda(outfile);
  bundleBytes = Object.values(result.metafile.outputs).find((output) => output.entryPoint)?.bytes ?? 0;
  assetFolder = join(folder, "assets");
  manifest = JSON.parse(readFileSync(join(assetFolder, "manifest.json"), "utf8"));
  appendFileSync(join(assetFolder, manifest["docs-page.js"] as string), BUILT_MARKER);
  ({ handler } = (await import(pathToFileURL(outfile).href)) as { handler: Handler });
});

describe("the built Lambda bundle", () => {
  it("stays under 600 KB minified", () => {
    expect(bundleBytes).toBeGreaterThan(0);
    expect(bundleBytes).toBeLessThan(600 * 1024);
  });

  it("answers GET /health with 200", async () => {
    const result = await handler(httpApiEvent("GET", "/health"), lambdaContext);
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body as string)).toEqual({ status: "ok" });
  });

  it("answers GET /municipalities with the reference data, and a bad limit with 400", async () => {
    const ok = await handler(httpApiEvent("GET", "/municipalities"), lambdaContext);
    expect(ok.statusCode).toBe(200);
    expect(JSON.parse(ok.body as string).items).toHaveLength(18);
    const bad = await handler(httpApiEvent("GET", "/municipalities", { query: "limit=0" }), lambdaContext);
    expect(bad.statusCode).toBe(400);
    expect(bad.headers?.["content-type"]).toBe("application/problem+json");
    expect(JSON.parse(bad.body as string).errors[0].path).toBe("limit");
  });

  it("uses API Gateway's request id as the request id", async () => {
    const event = httpApiEvent("GET", "/health");
    const result = await handler(event, lambdaContext);
    expect(result.headers?.["x-request-id"]).toBe(event.requestContext.requestId);
  });

  it("answers 401 without a token and with a token it cannot verify", async () => {
    expect((await handler(httpApiEvent("GET", "/me"), lambdaContext)).statusCode).toBe(401);
    const unsigned = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.";
    const result = await handler(
      httpApiEvent("GET", "/me", { headers: { authorization: `Bearer ${unsigned}` } }),
      lambdaContext,
    );
    expect(result.statusCode).toBe(401);
  });

  it("answers an unknown route with 404", async () => {
    expect((await handler(httpApiEvent("GET", "/nowhere"), lambdaContext)).statusCode).toBe(404);
  });

  it("has no POST /dev/token: local tokens do not exist on AWS", async () => {
    const event = httpApiEvent("POST", "/dev/token", {
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ role: "admin" }),
    });
    expect((await handler(event, lambdaContext)).statusCode).toBe(404);
    const openapi = await handler(httpApiEvent("GET", "/openapi.json"), lambdaContext);
    expect(Object.keys(JSON.parse(openapi.body as string).paths)).not.toContain("/dev/token");
  });

  it("serves the OpenAPI document the build wrote beside it, the one the app's routes make", async () => {
    const written = readFileSync(join(bundleFolder, OPENAPI_FILE), "utf8");
    expect(written).toBe(await lambdaOpenApiDocument());
    const answer = await handler(httpApiEvent("GET", "/openapi.json"), lambdaContext);
    expect(answer.statusCode).toBe(200);
    expect(answer.headers?.["content-type"]).toMatch(/^application\/json/);
    expect(answer.body).toBe(written);
    expect(Object.keys(JSON.parse(written).paths)).toContain("/listings/{id}/approve");
  });

  it("serves the docs page, linking Swagger UI by the hashed names the build wrote", async () => {
    const result = await handler(httpApiEvent("GET", "/docs"), lambdaContext);
    expect(result.statusCode).toBe(200);
    expect(result.headers?.["content-type"]).toMatch(/^text\/html/);
    const page = result.body as string;
    for (const name of ["swagger-ui.css", "swagger-ui-bundle.js", "docs-page.css", "docs-page.js"]) {
      expect(page).toContain(`/assets/${manifest[name]}`);
    }
    expect(result.headers?.["content-security-policy"]).not.toContain("unsafe-inline");
  });

  it("serves the assets from the files beside it, cached for a year, gzipped when asked", async () => {
    const script = await handler(httpApiEvent("GET", `/assets/${manifest["docs-page.js"]}`), lambdaContext);
    expect(script.statusCode).toBe(200);
    expect(script.headers?.["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(script.headers?.["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(script.body).toContain("SwaggerUIBundle");
    expect(script.body).toContain(BUILT_MARKER);

    const swaggerFile = manifest["swagger-ui-bundle.js"] as string;
    const gzipped = await handler(
      httpApiEvent("GET", `/assets/${swaggerFile}`, { headers: { "accept-encoding": "gzip, br" } }),
      lambdaContext,
    );
    expect(gzipped.statusCode).toBe(200);
    expect(gzipped.headers?.["content-encoding"]).toBe("gzip");
    expect(gzipped.isBase64Encoded).toBe(true);
    const body = gunzipSync(Buffer.from(gzipped.body as string, "base64"));
    expect(body.equals(readFileSync(join(assetFolder, swaggerFile)))).toBe(true);

    const icon = await handler(httpApiEvent("GET", `/assets/${manifest["docs-icon.png"]}`), lambdaContext);
    expect(icon.headers?.["content-type"]).toBe("image/png");
    expect(icon.isBase64Encoded).toBe(true);
    expect(
      Buffer.from(icon.body as string, "base64")
        .subarray(1, 4)
        .toString(),
    ).toBe("PNG");
  });

  it("answers an asset name it never built with a 404 problem", async () => {
    const result = await handler(httpApiEvent("GET", "/assets/swagger-ui.00000000.css"), lambdaContext);
    expect(result.statusCode).toBe(404);
    expect(result.headers?.["content-type"]).toBe("application/problem+json");
  });
});
