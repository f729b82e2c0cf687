/**
 * CDK entry. `cdk synth` / `cdk deploy` run this file (cdk.json "app"); tests
 * call `buildApp` instead and synthesise in memory.
 *
 * Context: `stage` (default `dev`) names the stacks `Praktikbolig-<stage>-Data`
 * and `Praktikbolig-<stage>-Api`; `corsOrigins` (comma-separated URLs, default
 * empty) becomes the function's CORS_ORIGINS. Stacks are environment-agnostic
 * (no account/region, no lookups), so synth runs offline without credentials.
 *
 * Abuse limits, each a positive integer, either for the stage being deployed
 * (`-c throttleRateLimit=200`) or per stage in cdk.json
 * (`"throttleRateLimit": { "prod": 200 }`); unset, the stacks' defaults apply:
 * `throttleRateLimit`, `throttleBurstLimit` (the HTTP API stage),
 * `reservedConcurrency` (the API function), `webReservedConcurrency` (the web
 * pages' function), `tableMaxReadUnits`, `tableMaxWriteUnits` (on-demand
 * ceilings of the table and each index).
 *
 * `cognitoDomainPrefix` (default `praktikbolig-<stage>`) names the Cognito
 * managed-login domain, https://<prefix>.auth.<region>.amazoncognito.com;
 * prefixes are unique among all AWS accounts, so a taken one is set here.
 *
 * `webDomainName` with `webCertificateArn` (an ACM certificate in us-east-1),
 * both or neither, give the web app a domain of its own (default: the
 * distribution's *.cloudfront.net name); either as a string for any stage or
 * an object by stage, like the limits.
 */
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { App, Tags } from "aws-cdk-lib";
import { ApiStack } from "./api-stack";
import { DataStack } from "./data-stack";
import { acknowledgeApiFindings, addNagChecks } from "./nag";
import type { WebCustomDomain } from "./web-frontend";

export interface BuildAppOptions {
  /** Context for a new App (tests pass cdk.json's context plus `stage`); the CLI passes its own. */
  readonly context?: Record<string, unknown>;
  /** Cloud assembly directory. @default a temporary directory (CDK's default for in-memory apps) */
  readonly outdir?: string;
}

export interface BuiltApp {
  readonly app: App;
  readonly stage: string;
  readonly data: DataStack;
  readonly api: ApiStack;
}

const STAGE = /^[a-z][a-z0-9-]{0,19}$/;

function readStage(app: App): string {
  const stage = String(app.node.tryGetContext("stage") ?? "dev");
  if (!STAGE.test(stage)) {
    throw new Error(`Context "stage" must match ${STAGE} (lowercase letters, digits, hyphens), got "${stage}"`);
  }
  return stage;
}

const DOMAIN_PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

function readCognitoDomainPrefix(app: App): string | undefined {
  const raw: unknown = app.node.tryGetContext("cognitoDomainPrefix");
  if (raw === undefined || raw === "") return undefined;
  const prefix = String(raw);
  // Cognito refuses prefixes with these words in them.
  if (!DOMAIN_PREFIX.test(prefix) || /aws|amazon|cognito/.test(prefix)) {
    throw new Error(
      `Context "cognitoDomainPrefix" must be lowercase letters, digits and inner hyphens, without "aws", "amazon" or "cognito", got "${prefix}"`,
    );
  }
  return prefix;
}

/** A string from context: one for any stage, or an object of strings by stage name. */
function readByStage(app: App, stage: string, key: string): string | undefined {
  const raw: unknown = app.node.tryGetContext(key);
  const value = raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>)[stage] : raw;
  return value === undefined || value === "" ? undefined : String(value);
}

const DOMAIN_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const CERTIFICATE_ARN = /^arn:aws[\w-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/;

function readWebCustomDomain(app: App, stage: string): WebCustomDomain | undefined {
  const domainName = readByStage(app, stage, "webDomainName");
  const certificateArn = readByStage(app, stage, "webCertificateArn");
  if (domainName === undefined && certificateArn === undefined) return undefined;
  if (domainName === undefined || certificateArn === undefined) {
    throw new Error(`Context "webDomainName" and "webCertificateArn" go together, for stage "${stage}"`);
  }
  if (!DOMAIN_NAME.test(domainName)) throw new Error(`Context "webDomainName" is not a domain name: "${domainName}"`);
  if (!CERTIFICATE_ARN.test(certificateArn)) {
    throw new Error(`Context "webCertificateArn" must be an ACM certificate in us-east-1, got "${certificateArn}"`);
  }
  return { domainName, certificateArn };
}

function readCorsOrigins(app: App): string {
  const raw = String(app.node.tryGetContext("corsOrigins") ?? "");
  const origins = raw
    .split(",")
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of origins) {
    if (!URL.canParse(origin)) throw new Error(`Context "corsOrigins" holds "${origin}", which is not a URL`);
  }
  return origins.join(",");
}

/** A limit from context: a number for any stage, or an object of numbers by stage name. */
function readLimit(app: App, stage: string, key: string): number | undefined {
  const raw: unknown = app.node.tryGetContext(key);
  const value = raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>)[stage] : raw;
  if (value === undefined) return undefined;
  const limit = Number(value);
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new Error(`Context "${key}" for stage "${stage}" must be a positive integer, got "${String(value)}"`);
  }
  return limit;
}

export function buildApp(options: BuildAppOptions = {}): BuiltApp {
  const app = new App({ context: options.context, outdir: options.outdir });
  const stage = readStage(app);
  const prefix = `Praktikbolig-${stage}`;

  const limit = (key: string) => readLimit(app, stage, key);

  const data = new DataStack(app, `${prefix}-Data`, {
    stage,
    maxReadRequestUnits: limit("tableMaxReadUnits"),
    maxWriteRequestUnits: limit("tableMaxWriteUnits"),
    description: `Praktikbolig ${stage}: stateful resources (DynamoDB table)`,
  });
  const api = new ApiStack(app, `${prefix}-Api`, {
    stage,
    table: data.table,
    corsOrigins: readCorsOrigins(app),
    throttleRateLimit: limit("throttleRateLimit"),
    throttleBurstLimit: limit("throttleBurstLimit"),
    reservedConcurrency: limit("reservedConcurrency"),
    webReservedConcurrency: limit("webReservedConcurrency"),
    cognitoDomainPrefix: readCognitoDomainPrefix(app),
    webCustomDomain: readWebCustomDomain(app, stage),
    description: `Praktikbolig ${stage}: HTTP API, API and web Lambdas, CloudFront, static assets, Cognito, alarms`,
  });

  Tags.of(app).add("project", "praktikbolig");
  Tags.of(app).add("stage", stage);

  addNagChecks(app);
  acknowledgeApiFindings(api);
  return { app, stage, data, api };
}

const isEntry = (() => {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();

if (isEntry) {
  buildApp().app.synth();
}
