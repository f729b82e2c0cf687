/**
 * A call of an AWS service's JSON 1.1 protocol (POST / with X-Amz-Target),
 * signed by the AWS SDK's own SigV4 signer with the function's credentials.
 * The app makes four such calls — Cognito's AdminDeleteUser, AdminDisableUser
 * and AdminEnableUser, and SSM's GetParameter at the web function's cold
 * start — so it does without the Cognito and SSM clients (the SSM client
 * alone is about 77 KB of the web bundle); the signer and the credentials
 * come with the DynamoDB client anyway.
 */
import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import { fromEnv } from "@aws-sdk/credential-provider-env";
import { SignatureV4 } from "@smithy/signature-v4";

export type Credentials = ConstructorParameters<typeof SignatureV4>[0]["credentials"];

export interface JsonApiOptions {
  /** The signing name, e.g. `cognito-idp`, `ssm`. */
  service: string;
  region: string;
  /** The target prefix, e.g. `AWSCognitoIdentityProviderService`, `AmazonSSM`. */
  targetPrefix: string;
  /** @default the service's regional endpoint */
  endpoint?: string;
  /** @default the Lambda function's credentials, from its environment */
  credentials?: Credentials;
  /** How long one call may take. @default 3000 ms */
  timeoutMs?: number;
}

export class AwsCallFailed extends Error {
  constructor(
    readonly action: string,
    readonly status: number,
    readonly errorType: string,
  ) {
    // The error's type and status only: a service's message may repeat what the call named.
    super(`${action} failed: ${status} ${errorType}`);
  }
}

export type JsonApi = (action: string, input: Record<string, unknown>) => Promise<unknown>;

export function jsonApi(options: JsonApiOptions): JsonApi {
  const url = new URL(options.endpoint ?? `https://${options.service}.${options.region}.amazonaws.com/`);
  const signer = new SignatureV4({
    service: options.service,
    region: options.region,
    credentials: options.credentials ?? fromEnv(),
    sha256: Sha256,
  });

  return async (action, input) => {
    const body = JSON.stringify(input);
    const signed = await signer.sign({
      method: "POST",
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      headers: {
        host: url.host,
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": `${options.targetPrefix}.${action}`,
      },
      body,
    });
    const response = await fetch(url, {
      method: "POST",
      headers: signed.headers,
      body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 3000),
    });
    if (!response.ok) throw new AwsCallFailed(action, response.status, await errorTypeOf(response));
    const text = await response.text();
    return text ? JSON.parse(text) : {};
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
