/**
 * The identity directory on AWS: Cognito's AdminDeleteUser, AdminDisableUser
 * and AdminEnableUser on the app's user pool, with the user's sub as the
 * Username (the pool signs in by e-mail, so its users' usernames are their
 * subs).
 *
 * Three calls of Cognito's JSON 1.1 protocol (POST / with X-Amz-Target),
 * signed by the AWS SDK's own SigV4 signer with the function's credentials,
 * instead of the whole Cognito client: that client is not among the
 * project's dependencies, and these calls are all the app makes.
 */
import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import { fromEnv } from "@aws-sdk/credential-provider-env";
import { SignatureV4 } from "@smithy/signature-v4";
import type { IdentityDirectory } from "#domain/accounts/identity";

type Credentials = ConstructorParameters<typeof SignatureV4>[0]["credentials"];

export interface CognitoDirectoryOptions {
  userPoolId: string;
  /** Only for tests: a stand-in for Cognito's API. @default the pool's regional endpoint */
  endpoint?: string;
  /** @default the Lambda function's credentials, from its environment */
  credentials?: Credentials;
  /** How long one call may take. @default 3000 ms */
  timeoutMs?: number;
}

/** Errors that a later attempt may not get. */
const TRANSIENT = new Set(["TooManyRequestsException", "InternalErrorException", "ThrottlingException"]);
const ATTEMPTS = 3;

export class CognitoCallFailed extends Error {
  constructor(
    readonly action: string,
    readonly status: number,
    readonly errorType: string,
  ) {
    // The error's type and status only: Cognito's messages may repeat the user's name.
    super(`Cognito ${action} failed: ${status} ${errorType}`);
  }
}

export function createCognitoDirectory(options: CognitoDirectoryOptions): IdentityDirectory {
  const region = options.userPoolId.split("_")[0] as string;
  const url = new URL(options.endpoint ?? `https://cognito-idp.${region}.amazonaws.com/`);
  const signer = new SignatureV4({
    service: "cognito-idp",
    region,
    credentials: options.credentials ?? fromEnv(),
    sha256: Sha256,
  });

  async function send(action: string, sub: string): Promise<void> {
    const body = JSON.stringify({ UserPoolId: options.userPoolId, Username: sub });
    const signed = await signer.sign({
      method: "POST",
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      headers: {
        host: url.host,
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": `AWSCognitoIdentityProviderService.${action}`,
      },
      body,
    });
    const response = await fetch(url, {
      method: "POST",
      headers: signed.headers,
      body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 3000),
    });
    if (response.ok) return;
    const errorType = await errorTypeOf(response);
    // Gone already: there is nothing left to delete, disable or enable.
    if (errorType === "UserNotFoundException") return;
    throw new CognitoCallFailed(action, response.status, errorType);
  }

  async function call(action: string, sub: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await send(action, sub);
      } catch (error) {
        const transient = error instanceof CognitoCallFailed ? TRANSIENT.has(error.errorType) : true;
        if (!transient || attempt === ATTEMPTS) throw error;
        await new Promise((resume) => setTimeout(resume, 50 * 2 ** attempt));
      }
    }
  }

  return {
    deleteUser: (sub) => call("AdminDeleteUser", sub),
    disableUser: (sub) => call("AdminDisableUser", sub),
    enableUser: (sub) => call("AdminEnableUser", sub),
  };
}

/** "UserNotFoundException" from `x-amzn-errortype` or the body's `__type` (either may carry a namespace). */
async function errorTypeOf(response: Response): Promise<string> {
  const header = response.headers.get("x-amzn-errortype");
  let type = header ?? "";
  if (!type) {
    try {
      type = String(((await response.json()) as { __type?: unknown }).__type ?? "");
    } catch {
      type = "";
    }
  }
  return type.split(":")[0]?.split("#").at(-1) || `HTTP${response.status}`;
}

/** SHA-256 and its HMAC for the signer, from Node's crypto. */
class Sha256 {
  private hash: Hash | Hmac;

  constructor(private readonly secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = this.fresh();
  }

  update(data: Uint8Array | string): void {
    this.hash.update(data);
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }

  reset(): void {
    this.hash = this.fresh();
  }

  private fresh(): Hash | Hmac {
    if (this.secret === undefined) return createHash("sha256");
    return createHmac("sha256", toBuffer(this.secret));
  }
}

function toBuffer(data: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof data === "string") return Buffer.from(data, "utf8");
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}
