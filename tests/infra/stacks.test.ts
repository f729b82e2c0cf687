/**
 * Template tests of both stacks, synthesised once in memory for a production-like
 * stage (the data stack of `dev` is built alone, without the bundling API stack).
 * The built-in CloudFormation validator is skipped here (CDK_VALIDATION=false);
 * cfn-validate.test.ts runs it and lints the templates.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { App, type CfnResource, FileSystem, Stack } from "aws-cdk-lib";
import { Annotations, Match, Template } from "aws-cdk-lib/assertions";
import type { CloudAssembly } from "aws-cdk-lib/cx-api";
import type { IConstruct } from "constructs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTableInput, tableDefinition } from "#db/table";
import { ACCESS_LOG_FIELDS, API_LIMIT_DEFAULTS, COGNITO_USER_ACTIONS } from "../../infra/api-stack";
import { type BuiltApp, buildApp } from "../../infra/app";
import { DataStack, TABLE_LIMIT_DEFAULTS } from "../../infra/data-stack";
import { ASSET_CONTENT_TYPES } from "../../infra/web-frontend";

const cdkJson = JSON.parse(readFileSync(new URL("../../cdk.json", import.meta.url), "utf8")) as {
  context: Record<string, unknown>;
};
const CORS_ORIGINS = "https://praktikbolig.dk,https://www.praktikbolig.dk";

// biome-ignore lint/suspicious/noExplicitAny: synthesized templates are untyped JSON
type Json = Record<string, any>;
const only = (template: Template, type: string): Json => {
  const found = Object.values(template.findResources(type));
  expect(found).toHaveLength(1);
  return found[0] as Json;
};
/** The logical id of a construct's CloudFormation resource (its default child, or itself). */
const logicalId = (construct: IConstruct): string =>
  Stack.of(construct).getLogicalId((construct.node.defaultChild ?? construct) as CfnResource);
/** A construct's resource in the synthesised template. */
const resourceOf = (template: Template, construct: IConstruct): Json =>
  template.toJSON().Resources[logicalId(construct)] as Json;

let built: BuiltApp;
let assembly: CloudAssembly;
let data: Template;
let api: Template;
let outdir: string;
const savedValidation = process.env.CDK_VALIDATION;

beforeAll(() => {
  process.env.CDK_VALIDATION = "false";
  outdir = mkdtempSync(join(tmpdir(), "praktikbolig-cdk-"));
  built = buildApp({ context: { ...cdkJson.context, stage: "prod", corsOrigins: CORS_ORIGINS }, outdir });
  // Synthesis runs cdk-nag; an unacknowledged error would throw here with the report.
  assembly = built.app.synth();
  data = Template.fromStack(built.data);
  api = Template.fromStack(built.api);
});

afterAll(() => {
  if (savedValidation === undefined) delete process.env.CDK_VALIDATION;
  else process.env.CDK_VALIDATION = savedValidation;
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

describe("the app", () => {
  it("names the stacks after the stage and deploys data before the API", () => {
    expect(built.data.stackName).toBe("Praktikbolig-prod-Data");
    expect(built.api.stackName).toBe("Praktikbolig-prod-Api");
    expect(built.api.dependencies).toContain(built.data);
  });

  it("is environment-agnostic, so synth needs no account, region or lookups", () => {
    for (const stack of [built.data, built.api]) {
      expect(stack.environment).toBe("aws://unknown-account/unknown-region");
    }
  });

  it("refuses a stage name that cannot name a stack", () => {
    expect(() => buildApp({ context: { stage: "Prod_1" } })).toThrow(/stage/);
  });

  it("refuses CORS origins that are not URLs", () => {
    expect(() => buildApp({ context: { stage: "dev", corsOrigins: "praktikbolig.dk" } })).toThrow(/corsOrigins/);
  });
});

describe("cdk-nag", () => {
  it("leaves no unacknowledged finding, error or warning", () => {
    const report = JSON.parse(readFileSync(join(assembly.directory, "validation-report.json"), "utf8")) as {
      pluginReports: { violations?: unknown[] }[];
    };
    const violations = report.pluginReports.flatMap((plugin) => plugin.violations ?? []);
    expect(violations).toEqual([]);
  });

  it("adds no AwsSolutions annotation to either stack", () => {
    // cdk-nag 3 reports through the validation report above; annotations stay empty.
    for (const stack of [built.data, built.api]) {
      const annotations = Annotations.fromStack(stack);
      expect(annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))).toEqual([]);
      expect(annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))).toEqual([]);
    }
  });
});

describe("data stack", () => {
  it("creates the table from tableDefinition: keys, attributes and indexes", () => {
    const expected = createTableInput("unused");
    const table = only(data, "AWS::DynamoDB::Table").Properties;
    expect(table.KeySchema).toEqual(expected.KeySchema);
    expect(table.AttributeDefinitions).toEqual(expected.AttributeDefinitions);
    const withoutCeilings = table.GlobalSecondaryIndexes.map(({ OnDemandThroughput, ...index }: Json) => index);
    expect(withoutCeilings).toEqual(expected.GlobalSecondaryIndexes);
    expect(table.GlobalSecondaryIndexes.map((index: Json) => index.IndexName)).toEqual(
      tableDefinition.indexes.map((index) => index.name),
    );
  });

  it("bills on demand, keeps point-in-time recovery and expires items by TTL", () => {
    data.hasResourceProperties("AWS::DynamoDB::Table", {
      BillingMode: "PAY_PER_REQUEST",
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: tableDefinition.ttlAttribute, Enabled: true },
    });
  });

  it("caps the on-demand throughput of the table and of each index", () => {
    const ceiling = {
      MaxReadRequestUnits: TABLE_LIMIT_DEFAULTS.maxReadRequestUnits,
      MaxWriteRequestUnits: TABLE_LIMIT_DEFAULTS.maxWriteRequestUnits,
    };
    const table = only(data, "AWS::DynamoDB::Table").Properties;
    expect(table.OnDemandThroughput).toEqual(ceiling);
    expect(table.GlobalSecondaryIndexes).toHaveLength(tableDefinition.indexes.length);
    for (const index of table.GlobalSecondaryIndexes) expect(index.OnDemandThroughput).toEqual(ceiling);
  });

  it("lets CloudFormation name the table", () => {
    expect(only(data, "AWS::DynamoDB::Table").Properties.TableName).toBeUndefined();
  });

  it("protects the table outside dev: deletion protection, retained on delete and replace", () => {
    const table = only(data, "AWS::DynamoDB::Table");
    expect(table.Properties.DeletionProtectionEnabled).toBe(true);
    expect(table.DeletionPolicy).toBe("Retain");
    expect(table.UpdateReplacePolicy).toBe("Retain");
    expect(built.data.terminationProtection).toBe(true);
  });

  it("lets dev tear its table down, still with point-in-time recovery", () => {
    const app = new App({ context: cdkJson.context });
    const dev = new DataStack(app, "Praktikbolig-dev-Data", { stage: "dev" });
    const table = only(Template.fromStack(dev), "AWS::DynamoDB::Table");
    expect(table.Properties.DeletionProtectionEnabled).toBe(false);
    expect(table.DeletionPolicy).toBe("Delete");
    expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(dev.terminationProtection).toBe(false);
  });
});

describe("api function", () => {
  const fn = () => resourceOf(api, built.api.apiFunction.function).Properties;

  it("runs the newest Node runtime on arm64 with active tracing", () => {
    expect(fn()).toMatchObject({
      Runtime: "nodejs24.x",
      Architectures: ["arm64"],
      Handler: "handler.handler",
      MemorySize: 1024,
      Timeout: 10,
      TracingConfig: { Mode: "Active" },
    });
  });

  it("reserves a bounded concurrency, so a flood is throttled instead of scaling without limit", () => {
    expect(fn().ReservedConcurrentExecutions).toBe(API_LIMIT_DEFAULTS.reservedConcurrency);
  });

  it("gets every variable loadLambdaConfig reads, plus runtime settings", () => {
    const env = fn().Environment.Variables as Json;
    expect(Object.keys(env).sort()).toEqual(
      [
        "COGNITO_CLIENT_ID",
        "COGNITO_USER_POOL_ID",
        "CORS_ORIGINS",
        "CURSOR_SECRET",
        "POWERTOOLS_SERVICE_NAME",
        "TABLE_NAME",
      ].sort(),
    );
    expect(env.CORS_ORIGINS).toBe(CORS_ORIGINS);
    // Loading the source map at start slows every cold start; the map stays a build artefact.
    expect(env).not.toHaveProperty("NODE_OPTIONS");
    expect(env.POWERTOOLS_SERVICE_NAME).toBe("praktikbolig");
    // References, not literals: the table from the data stack, the pool and client from this one.
    expect(JSON.stringify(env.TABLE_NAME)).toContain(built.data.stackName);
    expect(env.COGNITO_USER_POOL_ID).toEqual({ Ref: api.getResourceId("AWS::Cognito::UserPool") });
    expect(env.COGNITO_CLIENT_ID).toEqual({ Ref: logicalId(built.api.userPoolClient) });
  });

  it("passes CURSOR_SECRET as a Secrets Manager dynamic reference, never a literal", () => {
    const secretId = api.getResourceId("AWS::SecretsManager::Secret");
    const value = fn().Environment.Variables.CURSOR_SECRET;
    expect(typeof value).not.toBe("string");
    expect(value).toEqual({
      "Fn::Join": ["", ["{{resolve:secretsmanager:", { Ref: secretId }, ":SecretString:::}}"]],
    });
    api.hasResourceProperties("AWS::SecretsManager::Secret", {
      GenerateSecretString: { ExcludePunctuation: true, PasswordLength: 48 },
    });
  });

  it("deploys the bundle with the static assets beside it, every file its manifest names", () => {
    const assetHash = String(fn().Code.S3Key).replace(/\.zip$/, "");
    const codeFolder = join(assembly.directory, `asset.${assetHash}`);
    expect(existsSync(join(codeFolder, "handler.mjs"))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(codeFolder, "assets/manifest.json"), "utf8")) as Record<
      string,
      string
    >;
    expect(Object.keys(manifest)).toEqual(expect.arrayContaining(["swagger-ui-bundle.js", "swagger-ui.css"]));
    for (const file of Object.values(manifest)) expect(existsSync(join(codeFolder, "assets", file)), file).toBe(true);
  });

  it("deploys the OpenAPI document the build made, and the source map that decodes the bundle's stack traces", () => {
    const codeFolder = join(assembly.directory, `asset.${String(fn().Code.S3Key).replace(/\.zip$/, "")}`);
    expect(JSON.parse(readFileSync(join(codeFolder, "openapi.json"), "utf8")).openapi).toBe("3.1.0");
    expect(existsSync(join(codeFolder, "handler.mjs.map"))).toBe(true);
  });

  it("writes to its own log group, kept for a month", () => {
    const logGroupId = fn().LoggingConfig.LogGroup.Ref as string;
    expect(api.toJSON().Resources[logGroupId].Properties.RetentionInDays).toBe(30);
  });

  it("may read and write the table and each of its indexes by name, nothing wider", () => {
    const statements = resourceOf(api, built.api.apiFunction.role.node.findChild("DefaultPolicy")).Properties
      .PolicyDocument.Statement as Json[];
    const dynamo = statements.filter((s) => [s.Action].flat().some((a: string) => a.startsWith("dynamodb:")));
    expect(dynamo).toHaveLength(1);
    const statement = dynamo[0] as Json;
    expect(statement.Action).toEqual(
      expect.arrayContaining(["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query"]),
    );
    expect(statement.Action.some((a: string) => a.includes("*"))).toBe(false);
    const resources = JSON.stringify(statement.Resource);
    for (const index of tableDefinition.indexes) expect(resources).toContain(`/index/${index.name}"`);
    expect(resources).not.toContain("*");
    expect(resourceOf(api, built.api.apiFunction.role).Properties.ManagedPolicyArns).toBeUndefined();
  });

  it.each(["apiFunction", "webFunction"] as const)(
    "%s may delete, disable and enable the pool's users (erasure, deactivation), nothing more on Cognito",
    (fn) => {
      const role = built.api[fn].role;
      const statements = (
        resourceOf(api, role.node.findChild("DefaultPolicy")).Properties.PolicyDocument.Statement as Json[]
      ).filter((s) => [s.Action].flat().some((a: string) => a.startsWith("cognito-idp:")));
      expect(statements).toHaveLength(1);
      const statement = statements[0] as Json;
      expect([statement.Action].flat().sort()).toEqual([...COGNITO_USER_ACTIONS].sort());
      expect(statement.Resource).toEqual({ "Fn::GetAtt": [api.getResourceId("AWS::Cognito::UserPool"), "Arn"] });
    },
  );
});

describe("web function and static assets, as built", () => {
  const codeFolder = (fn: IConstruct) =>
    join(assembly.directory, `asset.${String(resourceOf(api, fn).Properties.Code.S3Key).replace(/\.zip$/, "")}`);
  const manifestOf = (folder: string) =>
    JSON.parse(readFileSync(join(folder, "assets/manifest.json"), "utf8")) as Record<string, string>;

  it("deploys the web bundle, not the API's, with its static assets beside it", () => {
    const web = codeFolder(built.api.webFunction.function);
    expect(web).not.toBe(codeFolder(built.api.apiFunction.function));
    expect(existsSync(join(web, "handler.mjs"))).toBe(true);
    expect(existsSync(join(web, "handler.mjs.map"))).toBe(true);
    for (const file of Object.values(manifestOf(web))) expect(existsSync(join(web, "assets", file)), file).toBe(true);
  });

  it("uploads to S3 every asset either bundle's manifest names, from the same build, without the manifests", () => {
    const keys = Object.values(api.findResources("Custom::CDKBucketDeployment")).map(
      (d) => (d as Json).Properties.SourceObjectKeys,
    );
    // One zip for all the deployments (one per content type).
    expect(new Set(keys.map((k) => JSON.stringify(k))).size).toBe(1);
    const folder = join(assembly.directory, `asset.${String(keys[0][0]).replace(/\.zip$/, "")}`);
    const uploaded = readdirSync(folder);
    expect(uploaded).not.toContain("manifest.json");
    const named = new Set([
      ...Object.values(manifestOf(codeFolder(built.api.webFunction.function))),
      ...Object.values(manifestOf(codeFolder(built.api.apiFunction.function))),
    ]);
    expect(uploaded.sort()).toEqual([...named].sort());
    for (const file of uploaded) expect(Object.keys(ASSET_CONTENT_TYPES)).toContain(extname(file));
    // Named by what it holds, so a changed asset (a new dkfds, say) is a new upload.
    expect(String(keys[0][0])).toBe(`${FileSystem.fingerprint(folder)}.zip`);
  });
});

describe("http api", () => {
  it("proxies every request to the function with payload format 2.0 and no CORS of its own", () => {
    const httpApi = only(api, "AWS::ApiGatewayV2::Api").Properties;
    expect(httpApi.ProtocolType).toBe("HTTP");
    expect(httpApi.CorsConfiguration).toBeUndefined();
    api.hasResourceProperties("AWS::ApiGatewayV2::Route", { RouteKey: "$default" });
    api.hasResourceProperties("AWS::ApiGatewayV2::Integration", {
      IntegrationType: "AWS_PROXY",
      PayloadFormatVersion: "2.0",
    });
  });

  it("serves the auto-deployed $default stage with throttling and JSON access logs", () => {
    const stage = only(api, "AWS::ApiGatewayV2::Stage").Properties;
    expect(stage).toMatchObject({
      StageName: "$default",
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: API_LIMIT_DEFAULTS.throttleRateLimit,
        ThrottlingBurstLimit: API_LIMIT_DEFAULTS.throttleBurstLimit,
      },
    });
    const accessLogGroup = stage.AccessLogSettings.DestinationArn["Fn::GetAtt"][0] as string;
    expect(api.toJSON().Resources[accessLogGroup].Type).toBe("AWS::Logs::LogGroup");
    const format = JSON.parse(stage.AccessLogSettings.Format) as Record<string, string>;
    expect(format).toEqual(ACCESS_LOG_FIELDS);
    expect(Object.keys(format)).toEqual(expect.arrayContaining(["requestId", "ip", "routeKey", "status", "latency"]));
    expect(stage.AccessLogSettings.Format).not.toMatch(/body|header|authorization|authorizer/i);
  });
});

describe("abuse limits from context", () => {
  // Bundling skipped: only the templates' limits are read here.
  const withContext = (stage: string, limits: Record<string, unknown>) =>
    buildApp({ context: { ...cdkJson.context, stage, "aws:cdk:bundling-stacks": [], ...limits } });

  it("takes each limit for the stage being deployed, as a number or from an object by stage", () => {
    const app = withContext("pilot", {
      throttleRateLimit: { pilot: 7, prod: 500 },
      throttleBurstLimit: "9",
      reservedConcurrency: { pilot: 3 },
      webReservedConcurrency: 4,
      tableMaxReadUnits: 11,
      tableMaxWriteUnits: { pilot: "12" },
    });
    const stageTemplate = Template.fromStack(app.api);
    expect(only(stageTemplate, "AWS::ApiGatewayV2::Stage").Properties.DefaultRouteSettings).toEqual({
      ThrottlingRateLimit: 7,
      ThrottlingBurstLimit: 9,
    });
    const concurrency = (fn: IConstruct) => resourceOf(stageTemplate, fn).Properties.ReservedConcurrentExecutions;
    expect(concurrency(app.api.apiFunction.function)).toBe(3);
    expect(concurrency(app.api.webFunction.function)).toBe(4);
    const table = only(Template.fromStack(app.data), "AWS::DynamoDB::Table").Properties;
    expect(table.OnDemandThroughput).toEqual({ MaxReadRequestUnits: 11, MaxWriteRequestUnits: 12 });
    expect(table.GlobalSecondaryIndexes[0].OnDemandThroughput).toEqual({
      MaxReadRequestUnits: 11,
      MaxWriteRequestUnits: 12,
    });
  });

  it("keeps the defaults for a stage the object does not name", () => {
    const app = withContext("pilot", { reservedConcurrency: { prod: 100 } });
    const template = Template.fromStack(app.api);
    for (const fn of [app.api.apiFunction.function, app.api.webFunction.function]) {
      expect(resourceOf(template, fn).Properties.ReservedConcurrentExecutions).toBe(
        API_LIMIT_DEFAULTS.reservedConcurrency,
      );
    }
  });

  it("refuses a limit that is not a positive integer", () => {
    expect(() => withContext("pilot", { throttleRateLimit: "fast" })).toThrow(/throttleRateLimit/);
    expect(() => withContext("pilot", { reservedConcurrency: 0 })).toThrow(/reservedConcurrency/);
    expect(() => withContext("pilot", { tableMaxReadUnits: { pilot: 2.5 } })).toThrow(/tableMaxReadUnits/);
    expect(() => withContext("pilot", { webReservedConcurrency: -1 })).toThrow(/webReservedConcurrency/);
  });
});

describe("cognito", () => {
  it("lets only administrators create users, who sign in by email with a strong password", () => {
    const pool = only(api, "AWS::Cognito::UserPool").Properties;
    expect(pool.AdminCreateUserConfig.AllowAdminCreateUserOnly).toBe(true);
    expect(pool.UsernameAttributes).toEqual(["email"]);
    expect(pool.MfaConfiguration).toBe("OPTIONAL");
    expect(pool.Policies.PasswordPolicy).toMatchObject({
      MinimumLength: 12,
      RequireLowercase: true,
      RequireUppercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
    });
    expect(pool.DeletionProtection).toBe("ACTIVE");
  });

  it("has a mutable org_id attribute, so tokens carry custom:org_id", () => {
    api.hasResourceProperties("AWS::Cognito::UserPool", {
      Schema: Match.arrayWith([Match.objectLike({ Name: "org_id", AttributeDataType: "String", Mutable: true })]),
    });
  });

  it("has the four groups the app authorises by", () => {
    const groups = Object.values(api.findResources("AWS::Cognito::UserPoolGroup")).map(
      (group) => (group as Json).Properties.GroupName,
    );
    expect(groups.sort()).toEqual(["admin", "council", "institution", "student"]);
  });

  it("has a public client (no secret) for SRP and password sign-in that cannot write org_id", () => {
    const client = resourceOf(api, built.api.userPoolClient).Properties;
    expect(client.GenerateSecret).toBe(false);
    expect(client.ExplicitAuthFlows).toEqual(
      expect.arrayContaining(["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]),
    );
    expect(client.ReadAttributes).toContain("custom:org_id");
    expect(client.WriteAttributes).not.toContain("custom:org_id");
  });
});

describe("alarms and outputs", () => {
  const alarms = () => Object.values(api.findResources("AWS::CloudWatch::Alarm")).map((a) => (a as Json).Properties);

  it("alarms on API 5xx, function errors, throttles and p99 duration and latency", () => {
    const apiId = { Ref: api.getResourceId("AWS::ApiGatewayV2::Api") };
    const fnName = { Ref: logicalId(built.api.apiFunction.function) };
    const webFnName = { Ref: logicalId(built.api.webFunction.function) };
    const find = (namespace: string, metric: string) =>
      alarms().filter((a) => a.Namespace === namespace && a.MetricName === metric);

    expect(find("AWS/ApiGateway", "5xx")[0]?.Dimensions).toEqual([{ Name: "ApiId", Value: apiId }]);
    const functionsOf = (metric: string) => find("AWS/Lambda", metric).map((a) => a.Dimensions);
    for (const metric of ["Errors", "Throttles"]) {
      expect(functionsOf(metric)).toEqual([
        [{ Name: "FunctionName", Value: fnName }],
        [{ Name: "FunctionName", Value: webFnName }],
      ]);
    }
    expect(find("AWS/Lambda", "Duration")[0]?.ExtendedStatistic).toBe("p99");
    expect(find("AWS/ApiGateway", "Latency")[0]?.ExtendedStatistic).toBe("p99");
    for (const alarm of alarms()) expect(alarm.TreatMissingData).toBe("notBreaching");
  });

  it("outputs the API URL, pool and client ids, the table name, the web URL and the managed-login URL", () => {
    expect(Object.keys(api.toJSON().Outputs)).toEqual(
      expect.arrayContaining([
        "ApiUrl",
        "UserPoolId",
        "UserPoolClientId",
        "TableName",
        "WebUrl",
        "ManagedLoginUrl",
        "WebClientId",
      ]),
    );
  });
});
