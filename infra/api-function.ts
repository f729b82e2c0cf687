/**
 * A Node.js Lambda function with this project's defaults in one place:
 * the newest Node runtime on arm64, active tracing, its own log group with a
 * retention, and a role that may write to that log group only (no AWS
 * managed policy).
 *
 * No `--enable-source-maps`: Node would load the bundle's source map at
 * start, which made every cold start about a fifth slower (scripts/bench,
 * cold start part). The map is built beside the bundle (handler.mjs.map, in
 * the same code asset) to decode a stack trace offline: see
 * scripts/decode-stack.ts.
 *
 * The code is the output of `npm run build` (scripts/build.ts), made by the
 * local esbuild at synth time: the very bundle the tests invoke, with the
 * static assets (assets/, Swagger UI for /docs) beside it, which the handler
 * reads from disk. CDK's NodejsFunction cannot take esbuild plugins, and ours
 * keep the bundle under 600 KB (English zod messages only, environment
 * credentials only), nor copy files beside the bundle.
 */
import { execFileSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { AssetHashType, DockerImage, Duration, RemovalPolicy } from "aws-cdk-lib";
import { Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Architecture, Code, Function as LambdaFunction, Runtime, Tracing } from "aws-cdk-lib/aws-lambda";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The Lambda bundle and its static assets as one code asset, built by the project's own build script. */
function apiBundle(): Code {
  return Code.fromAsset(join(projectRoot, "functions"), {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Required by the API, never used: local bundling always succeeds or fails loudly.
      image: DockerImage.fromRegistry("public.ecr.aws/docker/library/node:24"),
      local: {
        tryBundle(outputDir) {
          execFileSync(process.execPath, ["--import", "tsx", "scripts/build.ts", join(outputDir, "handler.mjs")], {
            cwd: projectRoot,
            stdio: ["ignore", "ignore", "inherit"],
          });
          return true;
        },
      },
    },
  });
}

/** The memory size, and with it the CPU share, of the function unless a stack says otherwise. */
export const DEFAULT_MEMORY_MB = 1024;

export interface ApiFunctionProps {
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
      code: apiBundle(),
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
