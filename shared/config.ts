/**
 * The one place that reads the environment. Each entry point parses what it
 * needs once, at start, and fails fast with a message that names the variable.
 */
import { z } from "zod";

const origins = z
  .string()
  .default("")
  .transform((value) =>
    value
      .split(",")
      .map((origin) => origin.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.url()));

const lambdaEnvironment = z.object({
  TABLE_NAME: z.string().min(3),
  COGNITO_USER_POOL_ID: z.string().regex(/^[\w-]+_[0-9a-zA-Z]+$/, "a Cognito user pool id like eu-north-1_AbC123"),
  COGNITO_CLIENT_ID: z.string().min(1),
  /** Signs pagination cursors; at least 32 characters of secret. */
  CURSOR_SECRET: z.string().min(32),
  CORS_ORIGINS: origins,
  /** Only for tests that run the bundle against DynamoDB Local. */
  DYNAMODB_ENDPOINT: z.url().optional(),
});

/** "true" or "false" (any case), false when unset: a typo fails the start instead of meaning false. */
const booleanFlag = z
  .string()
  .default("false")
  .transform((value) => value.trim().toLowerCase())
  .pipe(z.enum(["true", "false"], "true or false"))
  .transform((value) => value === "true");

const webLambdaEnvironment = z.object({
  TABLE_NAME: lambdaEnvironment.shape.TABLE_NAME,
  CURSOR_SECRET: lambdaEnvironment.shape.CURSOR_SECRET,
  COGNITO_USER_POOL_ID: lambdaEnvironment.shape.COGNITO_USER_POOL_ID,
  /** The managed-login domain, e.g. https://praktikbolig.auth.eu-north-1.amazoncognito.com; no path. */
  COGNITO_DOMAIN_URL: z
    .url({ protocol: /^https$/, error: "an https URL of the managed-login domain" })
    // Refinements run even after the URL check failed, so this one must not assume a valid URL.
    .refine((value) => {
      if (!URL.canParse(value)) return false;
      const url = new URL(value);
      return url.pathname === "/" && !url.search && !url.hash;
    }, "an origin, with no path or query")
    .transform((value) => new URL(value).origin),
  /**
   * The name of the SSM parameter that holds the web app client's id, read once
   * at cold start. Not the id itself: the client's callback URL names the
   * CloudFront domain in front of the HTTP API whose integration is this
   * function, so the id cannot be in this function's environment without a cycle.
   */
  WEB_CLIENT_ID_PARAMETER: z.string().regex(/^[\w./-]+$/, "an SSM parameter name such as /praktikbolig/web-client-id"),
  /** Trust X-Forwarded-Host for the pages' origin: only behind our own CDN, which sets it. */
  TRUST_FORWARDED_HOST: booleanFlag,
  /** The function's region (Lambda sets it): where the SSM parameter lives. */
  AWS_REGION: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "an AWS region like eu-north-1"),
  /** Only for tests: a stand-in for SSM's API (the AWS SDKs' own name for the override). */
  AWS_ENDPOINT_URL_SSM: z.url().optional(),
  /** Only for tests: the OpenID provider's issuer, instead of the user pool's. */
  OIDC_ISSUER_URL: z.url().optional(),
  /** Only for tests that run the bundle against DynamoDB Local. */
  DYNAMODB_ENDPOINT: z.url().optional(),
});

const localEnvironment = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /**
   * The address the local API listens on. Loopback by default: POST /dev/token
   * hands out admin tokens to whoever can connect.
   */
  HOST: z.union([z.ipv4(), z.ipv6(), z.literal("localhost")], "an IP address or localhost").default("127.0.0.1"),
  /** Keep DynamoDB Local's data on disk in this folder; in memory when unset. */
  DATA_DIR: z.string().min(1).optional(),
  /** DynamoDB Local's port; a free one is picked when unset. */
  DYNAMODB_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  TABLE_NAME: z.string().min(3).default("praktikbolig"),
  CORS_ORIGINS: origins,
});

export type LambdaConfig = z.infer<typeof lambdaEnvironment>;
export type LocalConfig = z.infer<typeof localEnvironment>;
export type WebLambdaConfig = z.infer<typeof webLambdaEnvironment>;

function parse<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv): z.infer<T> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid configuration: ${problems.join("; ")}`);
  }
  return result.data;
}

export const loadLambdaConfig = (env: NodeJS.ProcessEnv = process.env): LambdaConfig => parse(lambdaEnvironment, env);
export const loadWebLambdaConfig = (env: NodeJS.ProcessEnv = process.env): WebLambdaConfig =>
  parse(webLambdaEnvironment, env);
export const loadLocalConfig = (env: NodeJS.ProcessEnv = process.env): LocalConfig => parse(localEnvironment, env);
