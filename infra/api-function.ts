/**
 * A Node.js Lambda function with this project's defaults in one place (the
 * API function and the web pages' function are both one): the newest Node
 * runtime on arm64, active tracing, its own log group with a
 * retention, and a role that may write to that log group only (no AWS
 * managed policy).
 *
 * No `--enable-source-maps`: Node would load the bundle's source map at
 * start, which made every cold start about a fifth slower (scripts/bench,
 * cold start part). The map is built beside the bundle (handler.mjs.map, in
 * the same code asset) to decode a stack trace offline: see
 * scripts/decode-stack.ts.
 *
 * The code is the output of scripts/build.ts (`npm run build`; with `--web`
 * for the pages' bundle), made by the local esbuild at synth time: the very
 * bundle the tests invoke, with the static assets (assets/, Swagger UI for
 * /docs, the pages' styles) beside it, which the handler reads from disk.
 * Each bundle is built once per synth (builtBundle), and the S3 deployment
 * of the static assets (web-frontend.ts) copies from that same build.
 * CDK's NodejsFunction cannot take esbuild plugins, and ours keep the API
 * bundle under 600 KB (English zod messages only, environment credentials
 * only), nor copy files beside the bundle.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { AssetHashType, DockerImage, Duration, RemovalPolicy } from "aws-cdk-lib";
import { Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Architecture, Code, Function as LambdaFunction, Runtime, Tracing } from "aws-cdk-lib/aws-lambda";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * The two bundles scripts/build.ts makes, each with its static assets in
 * `assets/` beside it: the API's (`build.ts <outfile>`) and the web pages'
 * (`build.ts --web <outfile>`).
 */
export type BundleKind = "api" | "web";

const BUILD_FLAGS: Record<BundleKind, readonly string[]> = { api: [], web: ["--web"] };

/** The build command of a bundle, writing `<outputDir>/handler.mjs`. */
export const buildCommand = (kind: BundleKind, outputDir: string): string[] => [
  "node",
  "--import",
  "tsx",
  "scripts/build.ts",
  ...BUILD_FLAGS[kind],
  join(outputDir, "handler.mjs"),
];

/** Asset bundling never used: local bundling always succeeds or fails loudly. CDK requires an image. */
export const UNUSED_BUNDLING_IMAGE = DockerImage.fromRegistry("public.ecr.aws/docker/library/node:24");

const builds = new Map<BundleKind, string>();

/**
 * The folder holding the output of one bundle's build, run once per synth
 * (process): the function's code and the S3 deployment of its static assets
 * are both copied from it, so they can never come from different builds.
 */
export function builtBundle(kind: BundleKind): string {
  const existing = builds.get(kind);
  if (existing) return existing;
  const folder = mkdtempSync(join(tmpdir(), `praktikbolig-${kind}-build-`));
  process.once("exit", () => rmSync(folder, { recursive: true, force: true }));
  const [, ...args] = buildCommand(kind, folder);
  execFileSync(process.execPath, args, { cwd: projectRoot, stdio: ["ignore", "ignore", "inherit"] });
  builds.set(kind, folder);
  return folder;
}

/** A bundle and its static assets as one code asset, built by the project's own build script. */
function bundleCode(kind: BundleKind): Code {
  return Code.fromAsset(join(projectRoot, "functions"), {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      image: UNUSED_BUNDLING_IMAGE,
      // Never run either; it says what the local bundling does, and it keeps the two bundles' asset
      // cache keys apart (CDK's key leaves out the tryBundle function).
      command: buildCommand(kind, "/asset-output"),
      local: {
        tryBundle(outputDir) {
          cpSync(builtBundle(kind), outputDir, { recursive: true });
          return true;
        },
      },
    },
  });
}

/** The memory size, and with it the CPU share, of the function unless a stack says otherwise. */
export const DEFAULT_MEMORY_MB = 1024;

export interface ApiFunctionProps {
  /** Which bundle the function runs. @default "api" */
  readonly bundle?: BundleKind;
  readonly description?: string;
  readonly environment?: Record<string, string>;
  /** @default DEFAULT_MEMORY_MB */
  readonly memorySize?: number;
  /** @default 10 seconds */
  readonly timeout?: Duration;
  /** @default one month */
  readonly logRetention?: RetentionDays;
  /** What happens to the log group when the function is removed. @default RETAIN */
  readonly logRemovalPolicy?: RemovalPolicy;
  /**
   * Most instances that may run at once: a flood of requests is throttled here
   * rather than scaling (and billing) without bound. @default none reserved (ApiStack always sets it)
   */
  readonly reservedConcurrentExecutions?: number;
}

export class ApiFunction extends Construct {
  readonly function: LambdaFunction;
  readonly logGroup: LogGroup;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    super(scope, id);

    this.logGroup = new LogGroup(this, "Logs", {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });

    this.role = new Role(this, "Role", {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
      description: `Execution role of ${this.node.path}`,
    });
    // Instead of AWSLambdaBasicExecutionRole (logs:* on every log group): this log group only.
    this.logGroup.grantWrite(this.role);

    this.function = new LambdaFunction(this, "Function", {
      code: bundleCode(props.bundle ?? "api"),
      handler: "handler.handler",
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? DEFAULT_MEMORY_MB,
      timeout: props.timeout ?? Duration.seconds(10),
      role: this.role,
      logGroup: this.logGroup,
      tracing: Tracing.ACTIVE,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      environment: props.environment,
    });
  }
}
