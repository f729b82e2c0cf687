/**
 * The Cognito identity directory against a loopback stand-in for Cognito's
 * JSON API: the three Admin*User calls, signed with SigV4 (checked here by
 * an independent computation of the signature), a user already gone taken
 * as done, transient errors retried, and failures that name no user.
 */
import { createHash, createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCognitoDirectory } from "#auth/cognito-directory";
import { AwsCallFailed } from "#shared/aws/json-api";

const POOL = "eu-north-1_TestPool1";
const credentials = { accessKeyId: "AKIDCOGNITOTEST", secretAccessKey: "cognito-test-secret", sessionToken: "token-1" };

interface Seen {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}
type Answer = { status: number; errorType?: string };

const seen: Seen[] = [];
let answers: Answer[] = [];
let server: Server;
let endpoint: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      seen.push({
        method: request.method ?? "",
        path: request.url ?? "",
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      const { status, errorType } = answers.shift() ?? { status: 200 };
      response.writeHead(status, {
        "content-type": "application/x-amz-json-1.1",
        ...(errorType ? { "x-amzn-errortype": `${errorType}:http://internal.amazon.com/coral/` } : {}),
      });
      response.end(JSON.stringify(errorType ? { __type: errorType, message: "User student-1 is not here" } : {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  seen.length = 0;
  answers = [];
});

const directory = () => createCognitoDirectory({ userPoolId: POOL, endpoint, credentials });

const sha256 = (data: string) => createHash("sha256").update(data).digest("hex");
const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data).digest();

/** SigV4 as AWS documents it, computed from the request the stand-in received. */
function expectedSignature(request: Seen): string {
  const authorization = String(request.headers.authorization);
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(authorization)?.[1] ?? "";
  const amzDate = String(request.headers["x-amz-date"]);
  const scope = `${amzDate.slice(0, 8)}/eu-north-1/cognito-idp/aws4_request`;
  const canonicalHeaders = signedHeaders
    .split(";")
    .map((name) => `${name}:${String(request.headers[name]).trim()}\n`)
    .join("");
  const canonicalRequest = [
    request.method,
    request.path,
    "",
    canonicalHeaders,
    signedHeaders,
    sha256(request.body),
  ].join("\n");
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonicalRequest)].join("\n");
  let key: Buffer = hmac(`AWS4${credentials.secretAccessKey}`, amzDate.slice(0, 8));
  for (const part of ["eu-north-1", "cognito-idp", "aws4_request"]) key = hmac(key, part);
  return createHmac("sha256", key).update(stringToSign).digest("hex");
}

describe("the Cognito identity directory", () => {
  it.each([
    ["deleteUser", "AdminDeleteUser"],
    ["disableUser", "AdminDisableUser"],
    ["enableUser", "AdminEnableUser"],
  ] as const)("%s calls %s on the pool, with the sub as Username, signed", async (method, action) => {
    await directory()[method]("6f1c2d3e-aaaa-bbbb-cccc-1234567890ab");
    expect(seen).toHaveLength(1);
    const [request] = seen as [Seen];
    expect(request.method).toBe("POST");
    expect(request.headers["x-amz-target"]).toBe(`AWSCognitoIdentityProviderService.${action}`);
    expect(request.headers["content-type"]).toBe("application/x-amz-json-1.1");
    expect(JSON.parse(request.body)).toEqual({ UserPoolId: POOL, Username: "6f1c2d3e-aaaa-bbbb-cccc-1234567890ab" });
    expect(request.headers["x-amz-security-token"]).toBe("token-1");
    const authorization = String(request.headers.authorization);
    expect(authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDCOGNITOTEST\/\d{8}\/eu-north-1\/cognito-idp\//);
    expect(authorization).toMatch(/SignedHeaders=[^,]*x-amz-target/);
    expect(/Signature=([0-9a-f]{64})/.exec(authorization)?.[1]).toBe(expectedSignature(request));
  });

  it("takes a user already gone as done: nothing is left to delete, disable or enable", async () => {
    answers = [
      { status: 400, errorType: "UserNotFoundException" },
      { status: 400, errorType: "UserNotFoundException" },
    ];
    await expect(directory().deleteUser("gone")).resolves.toBeUndefined();
    await expect(directory().disableUser("gone")).resolves.toBeUndefined();
  });

  it("retries throttling and internal errors", async () => {
    answers = [
      { status: 400, errorType: "TooManyRequestsException" },
      { status: 500, errorType: "InternalErrorException" },
      { status: 200 },
    ];
    await directory().deleteUser("student-1");
    expect(seen).toHaveLength(3);
  });

  it("fails on anything else, at once, with the error's type and no user's id or message", async () => {
    answers = [{ status: 400, errorType: "NotAuthorizedException" }];
    const failure = await directory()
      .disableUser("student-1")
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AwsCallFailed);
    expect((failure as Error).message).toBe("AdminDisableUser failed: 400 NotAuthorizedException");
    expect(seen).toHaveLength(1);
  });
});
