/**
 * Template tests of the web app's infrastructure: the CloudFront distribution
 * in front of the HTTP API, the assets bucket and its deployment, the web
 * function and its routes, the managed-login domain and the web client.
 *
 * Synthesised without bundling ("aws:cdk:bundling-stacks": [], as the abuse
 * limit tests in stacks.test.ts do), so nothing is built here: the templates
 * are the same, only the asset hashes differ. What the build puts in the
 * assets (the web bundle, the uploaded files) is tested in stacks.test.ts,
 * whose synthesis builds both bundles once.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CfnResource, Stack, Validations } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { CachePolicy, OriginRequestPolicy } from "aws-cdk-lib/aws-cloudfront";
import type { CloudAssembly } from "aws-cdk-lib/cx-api";
import type { IConstruct } from "constructs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { paths, WEB_ROUTE_PATHS } from "../../functions/web/paths";
import { COGNITO_USER_ACTIONS, webClientIdParameterName } from "../../infra/api-stack";
import { type BuiltApp, buildApp } from "../../infra/app";
import { ASSET_CONTENT_TYPES, IMMUTABLE_CACHE_CONTROL } from "../../infra/web-frontend";

const cdkJson = JSON.parse(readFileSync(new URL("../../cdk.json", import.meta.url), "utf8")) as {
  context: Record<string, unknown>;
};

// biome-ignore lint/suspicious/noExplicitAny: synthesized templates are untyped JSON
type Json = Record<string, any>;

const logicalId = (construct: IConstruct): string =>
  Stack.of(construct).getLogicalId((construct.node.defaultChild ?? construct) as CfnResource);
const ref = (construct: IConstruct) => ({ Ref: logicalId(construct) });
const getAtt = (construct: IConstruct, attribute: string) => ({ "Fn::GetAtt": [logicalId(construct), attribute] });

const synth = (stage: string, extra: Record<string, unknown> = {}) =>
  buildApp({ context: { ...cdkJson.context, stage, "aws:cdk:bundling-stacks": [], ...extra } });

let prod: BuiltApp;
let assembly: CloudAssembly;
let api: Template;
let resources: Record<string, Json>;
let outdir: string;
const savedValidation = process.env.CDK_VALIDATION;

const resourceOf = (construct: IConstruct): Json => {
  const resource = resources[logicalId(construct)];
  expect(resource, construct.node.path).toBeDefined();
  return resource as Json;
};
const distributionConfig = () => resourceOf(prod.api.web.distribution).Properties.DistributionConfig as Json;
const originOf = (behaviour: Json) =>
  (distributionConfig().Origins as Json[]).find((origin) => origin.Id === behaviour.TargetOriginId) as Json;
const assetsBehaviour = () =>
  (distributionConfig().CacheBehaviors as Json[]).find((behaviour) => behaviour.PathPattern === "/assets/*") as Json;
const distributionDomain = () => getAtt(prod.api.web.distribution, "DomainName");

beforeAll(() => {
  process.env.CDK_VALIDATION = "false";
  outdir = mkdtempSync(join(tmpdir(), "praktikbolig-cdk-web-"));
  prod = buildApp({
    context: { ...cdkJson.context, stage: "prod", "aws:cdk:bundling-stacks": [] },
    outdir,
  });
  // cdk-nag runs here; an unacknowledged finding throws with the report.
  assembly = prod.app.synth();
  api = Template.fromStack(prod.api);
  resources = api.toJSON().Resources;
});

afterAll(() => {
  if (savedValidation === undefined) delete process.env.CDK_VALIDATION;
  else process.env.CDK_VALIDATION = savedValidation;
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

describe("the distribution", () => {
  it("sends everything by default to the HTTP API's $default stage over HTTPS, uncached, with every viewer header but Host", () => {
    const config = distributionConfig();
    const behaviour = config.DefaultCacheBehavior as Json;
    expect(behaviour.CachePolicyId).toBe(CachePolicy.CACHING_DISABLED.cachePolicyId);
    expect(behaviour.OriginRequestPolicyId).toBe(
      OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
    );
    expect([...behaviour.AllowedMethods].sort()).toEqual(["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]);
    expect(behaviour.ViewerProtocolPolicy).toBe("redirect-to-https");

    const origin = originOf(behaviour);
    expect(origin.DomainName).toEqual({
      "Fn::Join": [".", [ref(prod.api.api), "execute-api", { Ref: "AWS::Region" }, { Ref: "AWS::URLSuffix" }]],
    });
    expect(origin.OriginPath ?? "").toBe("");
    expect(origin.CustomOriginConfig).toMatchObject({
      OriginProtocolPolicy: "https-only",
      OriginSSLProtocols: ["TLSv1.2"],
    });
  });

  it("copies the viewer's Host into x-forwarded-host on viewer request, overwriting one the viewer sent", () => {
    const associations = (distributionConfig().DefaultCacheBehavior as Json).FunctionAssociations as Json[];
    expect(associations).toEqual([
      { EventType: "viewer-request", FunctionARN: getAtt(prod.api.web.forwardedHostFunction, "FunctionARN") },
    ]);
    const fn = resourceOf(prod.api.web.forwardedHostFunction).Properties;
    expect(fn.FunctionConfig.Runtime).toBe("cloudfront-js-2.0");
    expect(fn.AutoPublish).toBe(true);
    const code = fn.FunctionCode as string;
    expect(code).toContain("x-forwarded-host");

    // The function itself, run on a request as CloudFront passes it (header names in lowercase).
    const handler = new Function(`${code}\nreturn handler;`)() as (event: Json) => Json;
    const request = handler({
      request: {
        method: "GET",
        uri: "/app",
        headers: { host: { value: "praktikbolig.example" }, "x-forwarded-host": { value: "evil.example" } },
      },
    });
    expect(request.headers["x-forwarded-host"]).toEqual({ value: "praktikbolig.example" });
    expect(request.headers.host).toEqual({ value: "praktikbolig.example" });
    expect(request.uri).toBe("/app");
  });

  it("serves /assets/* from the bucket through Origin Access Control, cached (optimized), GET and HEAD only", () => {
    const behaviour = assetsBehaviour();
    expect(behaviour.CachePolicyId).toBe(CachePolicy.CACHING_OPTIMIZED.cachePolicyId);
    expect(behaviour.AllowedMethods).toEqual(["GET", "HEAD"]);
    expect(behaviour.ViewerProtocolPolicy).toBe("redirect-to-https");
    expect(behaviour.OriginRequestPolicyId).toBeUndefined();
    expect(behaviour.FunctionAssociations).toBeUndefined();

    const origin = originOf(behaviour);
    expect(origin.DomainName).toEqual(getAtt(prod.api.web.assetsBucket, "RegionalDomainName"));
    expect(origin.S3OriginConfig).toEqual({ OriginAccessIdentity: "" });
    const oacId = api.getResourceId("AWS::CloudFront::OriginAccessControl");
    expect(origin.OriginAccessControlId).toEqual({ "Fn::GetAtt": [oacId, "Id"] });
    expect(resources[oacId]?.Properties.OriginAccessControlConfig).toMatchObject({
      OriginAccessControlOriginType: "s3",
      SigningBehavior: "always",
      SigningProtocol: "sigv4",
    });
  });

  it("adds security headers to the assets: HSTS, nosniff, frame-options DENY and a referrer policy", () => {
    expect(assetsBehaviour().ResponseHeadersPolicyId).toEqual(ref(prod.api.web.assetsHeaders));
    const headers = resourceOf(prod.api.web.assetsHeaders).Properties.ResponseHeadersPolicyConfig
      .SecurityHeadersConfig as Json;
    expect(headers.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 31_536_000, Override: true });
    expect(headers.ContentTypeOptions).toEqual({ Override: true });
    expect(headers.FrameOptions).toEqual({ FrameOption: "DENY", Override: true });
    expect(headers.ReferrerPolicy).toEqual({ ReferrerPolicy: "strict-origin-when-cross-origin", Override: true });
  });

  it("uses Europe's price class, HTTP/2 and 3, and logs requests to the log bucket", () => {
    const config = distributionConfig();
    expect(config.PriceClass).toBe("PriceClass_100");
    expect(config.HttpVersion).toBe("http2and3");
    expect(config.Enabled).toBe(true);
    expect(config.Logging).toEqual({
      Bucket: getAtt(prod.api.web.logBucket, "RegionalDomainName"),
      Prefix: "cloudfront/",
    });
  });
});

describe("the assets bucket", () => {
  const bucket = () => resourceOf(prod.api.web.assetsBucket);
  const policyOf = (bucketConstruct: IConstruct) => {
    const policies = Object.values(api.findResources("AWS::S3::BucketPolicy")) as Json[];
    const found = policies.filter((p) => JSON.stringify(p.Properties.Bucket) === JSON.stringify(ref(bucketConstruct)));
    expect(found).toHaveLength(1);
    return (found[0] as Json).Properties.PolicyDocument.Statement as Json[];
  };

  it("blocks public access, is encrypted with S3-managed keys and owner-enforced, unversioned", () => {
    const props = bucket().Properties;
    expect(props.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(props.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([
      { ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } },
    ]);
    expect(props.OwnershipControls.Rules).toEqual([{ ObjectOwnership: "BucketOwnerEnforced" }]);
    expect(props.VersioningConfiguration).toBeUndefined();
    expect(props.LifecycleConfiguration.Rules).toEqual([
      expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: "Enabled" }),
    ]);
    // Nothing ever expires the current objects: an unchanged asset keeps its first upload's date.
    expect(props.LifecycleConfiguration.Rules[0].ExpirationInDays).toBeUndefined();
    expect(props.LoggingConfiguration).toEqual({
      DestinationBucketName: ref(prod.api.web.logBucket),
      LogFilePrefix: "s3-assets/",
    });
  });

  it("refuses requests without TLS", () => {
    expect(policyOf(prod.api.web.assetsBucket)).toContainEqual(
      expect.objectContaining({
        Effect: "Deny",
        Principal: { AWS: "*" },
        Action: "s3:*",
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      }),
    );
  });

  it("lets only this distribution read, through OAC (AWS:SourceArn)", () => {
    const allows = policyOf(prod.api.web.assetsBucket).filter((s) => s.Effect === "Allow");
    expect(allows).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "cloudfront.amazonaws.com" },
        Action: "s3:GetObject",
        Resource: { "Fn::Join": ["", [getAtt(prod.api.web.assetsBucket, "Arn"), "/*"]] },
        Condition: {
          StringEquals: {
            "AWS:SourceArn": {
              "Fn::Join": [
                "",
                [
                  "arn:",
                  { Ref: "AWS::Partition" },
                  ":cloudfront::",
                  { Ref: "AWS::AccountId" },
                  ":distribution/",
                  ref(prod.api.web.distribution),
                ],
              ],
            },
          },
        },
      },
    ]);
  });

  it("is kept outside dev, and in dev goes with the stack, objects and all", () => {
    expect(bucket().DeletionPolicy).toBe("Retain");
    expect(resourceOf(prod.api.web.logBucket).DeletionPolicy).toBe("Retain");
    api.resourceCountIs("Custom::S3AutoDeleteObjects", 0);

    const dev = synth("dev");
    const devTemplate = Template.fromStack(dev.api);
    const devResources = devTemplate.toJSON().Resources as Record<string, Json>;
    for (const b of [dev.api.web.assetsBucket, dev.api.web.logBucket]) {
      expect(devResources[logicalId(b)]?.DeletionPolicy).toBe("Delete");
    }
    devTemplate.resourceCountIs("Custom::S3AutoDeleteObjects", 2);
  });

  it("has a log bucket that is private, encrypted, TLS-only and expires its logs", () => {
    const props = resourceOf(prod.api.web.logBucket).Properties;
    expect(props.PublicAccessBlockConfiguration.BlockPublicPolicy).toBe(true);
    expect(props.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({
      SSEAlgorithm: "AES256",
    });
    // CloudFront's standard logs need ACLs on the bucket.
    expect(props.OwnershipControls.Rules).toEqual([{ ObjectOwnership: "BucketOwnerPreferred" }]);
    expect(props.LifecycleConfiguration.Rules[0].ExpirationInDays).toBe(90);
    expect(policyOf(prod.api.web.logBucket)).toContainEqual(
      expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
    );
  });
});

describe("the asset deployment", () => {
  const deployments = () => Object.values(api.findResources("Custom::CDKBucketDeployment")) as Json[];

  it("puts the built assets under assets/ with the immutable Cache-Control and each kind's Content-Type", () => {
    const byType = new Map<string, Json>();
    for (const deployment of deployments()) {
      const props = deployment.Properties as Json;
      expect(props.DestinationBucketName).toEqual(ref(prod.api.web.assetsBucket));
      expect(props.DestinationBucketKeyPrefix).toBe("assets/");
      expect(props.SystemMetadata["cache-control"]).toBe(IMMUTABLE_CACHE_CONTROL);
      expect(props.Exclude).toEqual(["*"]);
      // Earlier builds' files stay for pages that still name them.
      expect(props.Prune).toBe(false);
      byType.set(props.Include.join(), props.SystemMetadata["content-type"]);
    }
    expect(Object.fromEntries(byType)).toEqual(
      Object.fromEntries(Object.entries(ASSET_CONTENT_TYPES).map(([extension, type]) => [`*${extension}`, type])),
    );
    expect(IMMUTABLE_CACHE_CONTROL).toBe("public, max-age=31536000, immutable");
    expect(ASSET_CONTENT_TYPES).toMatchObject({
      ".css": expect.stringMatching(/^text\/css/),
      ".js": expect.stringMatching(/^text\/javascript/),
      ".woff2": "font/woff2",
      ".svg": "image/svg+xml",
      ".png": "image/png",
    });
  });

  it("deploys one source (the same build) in every deployment", () => {
    const sources = new Set(deployments().map((d) => JSON.stringify(d.Properties.SourceObjectKeys)));
    expect(sources.size).toBe(1);
  });

  it("uploads the assets before either function changes, so new pages never name missing files", () => {
    const deploymentIds = prod.api.web.assetDeployments.map((d) => logicalId(d.node.findChild("CustomResource")));
    for (const fn of [prod.api.apiFunction.function, prod.api.webFunction.function]) {
      expect(resourceOf(fn).DependsOn).toEqual(expect.arrayContaining(deploymentIds));
    }
  });
});

describe("routes of the HTTP API", () => {
  const routes = () => Object.values(api.findResources("AWS::ApiGatewayV2::Route")) as Json[];
  const integrationOf = (route: Json): Json => {
    const target = route.Properties.Target["Fn::Join"][1] as [string, { Ref: string }];
    expect(target[0]).toBe("integrations/");
    return resources[target[1].Ref] as Json;
  };

  it("sends each of WEB_ROUTE_PATHS, any method, to the web function", () => {
    const keys = routes().map((route) => route.Properties.RouteKey);
    expect(keys.sort()).toEqual(["$default", ...WEB_ROUTE_PATHS.map((path) => `ANY ${path}`)].sort());
    for (const path of WEB_ROUTE_PATHS) {
      const route = routes().find((r) => r.Properties.RouteKey === `ANY ${path}`) as Json;
      const integration = integrationOf(route).Properties;
      expect(integration).toMatchObject({ IntegrationType: "AWS_PROXY", PayloadFormatVersion: "2.0" });
      expect(integration.IntegrationUri).toEqual(getAtt(prod.api.webFunction.function, "Arn"));
    }
  });

  it("keeps the default route on the API function", () => {
    const route = routes().find((r) => r.Properties.RouteKey === "$default") as Json;
    expect(integrationOf(route).Properties.IntegrationUri).toEqual(getAtt(prod.api.apiFunction.function, "Arn"));
  });

  it("lets API Gateway invoke the web function for each of those routes", () => {
    const permissions = (Object.values(api.findResources("AWS::Lambda::Permission")) as Json[]).filter(
      (p) => JSON.stringify(p.Properties.FunctionName) === JSON.stringify(getAtt(prod.api.webFunction.function, "Arn")),
    );
    expect(permissions).toHaveLength(WEB_ROUTE_PATHS.length);
    for (const p of permissions) expect(p.Properties.Principal).toBe("apigateway.amazonaws.com");
  });
});

describe("the web function", () => {
  const fn = () => resourceOf(prod.api.webFunction.function).Properties;
  const parameterName = webClientIdParameterName("prod");

  it("runs the web bundle like the API function: Node on arm64, traced, reserved concurrency", () => {
    expect(fn()).toMatchObject({
      Runtime: "nodejs24.x",
      Architectures: ["arm64"],
      Handler: "handler.handler",
      TracingConfig: { Mode: "Active" },
    });
    expect(fn().ReservedConcurrentExecutions).toBeGreaterThan(0);
  });

  it("is told the table, the cursor secret, the pool, the managed-login domain and the SSM parameter's name", () => {
    const env = fn().Environment.Variables as Json;
    expect(Object.keys(env).sort()).toEqual(
      [
        "COGNITO_DOMAIN_URL",
        "COGNITO_USER_POOL_ID",
        "CURSOR_SECRET",
        "POWERTOOLS_SERVICE_NAME",
        "TABLE_NAME",
        "TRUST_FORWARDED_HOST",
        "WEB_CLIENT_ID_PARAMETER",
      ].sort(),
    );
    expect(env.WEB_CLIENT_ID_PARAMETER).toBe("/praktikbolig/prod/web-client-id");
    expect(env.TRUST_FORWARDED_HOST).toBe("true");
    const apiEnv = resourceOf(prod.api.apiFunction.function).Properties.Environment.Variables as Json;
    expect(env.CURSOR_SECRET).toEqual(apiEnv.CURSOR_SECRET);
    expect(env.TABLE_NAME).toEqual(apiEnv.TABLE_NAME);
    expect(env.COGNITO_USER_POOL_ID).toEqual(ref(prod.api.userPool));
    expect(env.COGNITO_DOMAIN_URL).toEqual({
      "Fn::Join": [
        "",
        ["https://", ref(prod.api.userPoolDomain), ".auth.", { Ref: "AWS::Region" }, ".amazoncognito.com"],
      ],
    });
    // Not the client's id: that would make the cycle (client → distribution → API → integration → function).
    expect(JSON.stringify(fn())).not.toContain(logicalId(prod.api.webClient));
  });

  it("has the SSM parameter of that name hold the web client's id", () => {
    expect(resourceOf(prod.api.webClientIdParameter).Properties).toMatchObject({
      Name: parameterName,
      Type: "String",
      Value: ref(prod.api.webClient),
    });
  });

  it("may read only that parameter, by an ARN built from its name, the table, and change the pool's users", () => {
    const policy = resourceOf(prod.api.webFunction.role.node.findChild("DefaultPolicy")).Properties;
    const statements = policy.PolicyDocument.Statement as Json[];
    const ssm = statements.filter((s) => [s.Action].flat().some((a: string) => a.startsWith("ssm:")));
    expect(ssm).toEqual([
      {
        Effect: "Allow",
        Action: "ssm:GetParameter",
        Resource: {
          "Fn::Join": [
            "",
            [
              "arn:",
              { Ref: "AWS::Partition" },
              ":ssm:",
              { Ref: "AWS::Region" },
              ":",
              { Ref: "AWS::AccountId" },
              `:parameter${parameterName}`,
            ],
          ],
        },
      },
    ]);
    expect(JSON.stringify(policy)).not.toContain(logicalId(prod.api.webClientIdParameter));
    const actions = statements.flatMap((s) => [s.Action].flat() as string[]);
    expect(actions.filter((a) => !/^(dynamodb|logs|xray|ssm):/.test(a)).sort()).toEqual(
      [...COGNITO_USER_ACTIONS].sort(),
    );
    expect(actions).toEqual(expect.arrayContaining(["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"]));
    expect(resourceOf(prod.api.webFunction.role).Properties.ManagedPolicyArns).toBeUndefined();
  });

  it("leaves the API stack without a dependency cycle (which CloudFormation, not synth, would refuse)", () => {
    // Template.fromStack refuses a template whose resources depend on each other in a cycle
    // (the beforeAll would have failed); this names the check.
    expect(() => Template.fromStack(prod.api)).not.toThrow();
    expect(assembly.getStackByName(prod.api.stackName).template.Resources).toBeDefined();
  });
});

describe("cognito for the web app", () => {
  const client = () => resourceOf(prod.api.webClient).Properties;
  const onDistribution = (path: string) => ({ "Fn::Join": ["", ["https://", distributionDomain(), path]] });

  it("has a managed-login domain (the newer managed login) with a prefix from the stage", () => {
    expect(resourceOf(prod.api.userPoolDomain).Properties).toEqual({
      Domain: "praktikbolig-prod",
      ManagedLoginVersion: 2,
      UserPoolId: ref(prod.api.userPool),
    });
    api.hasResourceProperties("AWS::Cognito::ManagedLoginBranding", {
      UserPoolId: ref(prod.api.userPool),
      ClientId: ref(prod.api.webClient),
      UseCognitoProvidedValues: true,
    });
  });

  it("takes another prefix from context, and refuses one Cognito would", () => {
    const other = synth("pilot", { cognitoDomainPrefix: "praktikbolig-pilot-2" });
    Template.fromStack(other.api).hasResourceProperties("AWS::Cognito::UserPoolDomain", {
      Domain: "praktikbolig-pilot-2",
    });
    expect(() => synth("pilot", { cognitoDomainPrefix: "Praktikbolig" })).toThrow(/cognitoDomainPrefix/);
    expect(() => synth("pilot", { cognitoDomainPrefix: "my-cognito-login" })).toThrow(/cognitoDomainPrefix/);
  });

  it("has a public web client for the authorization code grant only, openid and email scopes", () => {
    const props = client();
    expect(props.GenerateSecret).toBe(false);
    expect(props.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(props.AllowedOAuthFlows).toEqual(["code"]);
    expect([...props.AllowedOAuthScopes].sort()).toEqual(["email", "openid"]);
    // No sign-in through the Cognito API with this client: managed login only.
    expect(props.ExplicitAuthFlows).toEqual(["ALLOW_REFRESH_TOKEN_AUTH"]);
    expect(props.SupportedIdentityProviders).toEqual(["COGNITO"]);
    expect(props.PreventUserExistenceErrors).toBe("ENABLED");
    expect(props.EnableTokenRevocation).toBe(true);
    expect(props.WriteAttributes).not.toContain("custom:org_id");
  });

  it("sends the browser back to the distribution's domain: the callback and the signed-out page", () => {
    expect(client().CallbackURLs).toEqual([onDistribution(paths.signInCallback)]);
    expect(client().LogoutURLs).toEqual([onDistribution(`${paths.signIn}?signedOut`)]);
    expect(paths.signInCallback).toBe("/app/sign-in/callback");
  });

  it("gives its tokens the validity of the API's client", () => {
    const apiClient = resourceOf(prod.api.userPoolClient).Properties;
    for (const key of ["AccessTokenValidity", "IdTokenValidity", "RefreshTokenValidity", "TokenValidityUnits"]) {
      expect(client()[key], key).toEqual(apiClient[key]);
    }
  });
});

describe("outputs", () => {
  it("outputs the web URL on the distribution's domain and the managed-login domain's URL", () => {
    const outputs = api.toJSON().Outputs as Json;
    expect(outputs.WebUrl.Value).toEqual({ "Fn::Join": ["", ["https://", distributionDomain(), "/"]] });
    expect(outputs.ManagedLoginUrl.Value).toEqual(
      resourceOf(prod.api.webFunction.function).Properties.Environment.Variables.COGNITO_DOMAIN_URL,
    );
  });
});

describe("a custom domain, from context", () => {
  const certificateArn = "arn:aws:acm:us-east-1:123456789012:certificate/0d8f0b6e-1c1e-4a4b-9c39-3f1d2c4b5a6e";

  it("is off by default: the distribution's own name and CloudFront's default certificate", () => {
    const config = distributionConfig();
    expect(config.Aliases).toBeUndefined();
    expect(config.ViewerCertificate).toBeUndefined();
  });

  it("puts the domain and its certificate on the distribution, TLS 1.2 or later, and the client's URLs on it", () => {
    const app = synth("prod", { webDomainName: { prod: "praktikbolig.dk" }, webCertificateArn: certificateArn });
    const template = Template.fromStack(app.api);
    const config = template.toJSON().Resources[logicalId(app.api.web.distribution)].Properties.DistributionConfig;
    expect(config.Aliases).toEqual(["praktikbolig.dk"]);
    expect(config.ViewerCertificate).toEqual({
      AcmCertificateArn: certificateArn,
      MinimumProtocolVersion: "TLSv1.2_2021",
      SslSupportMethod: "sni-only",
    });
    const client = template.toJSON().Resources[logicalId(app.api.webClient)].Properties;
    expect(client.CallbackURLs).toEqual([`https://praktikbolig.dk${paths.signInCallback}`]);
    expect(client.LogoutURLs).toEqual([`https://praktikbolig.dk${paths.signIn}?signedOut`]);
    expect(template.toJSON().Outputs.WebUrl.Value).toBe("https://praktikbolig.dk/");
    // No TLSv1 floor to acknowledge then, and nag finds nothing (synth would throw).
    const acknowledged = app.api.web.distribution.node.metadata.filter(
      (entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY,
    );
    expect(JSON.stringify(acknowledged)).not.toContain("CFR4");
    app.app.synth();
  });

  it("needs both the domain and the certificate, well-formed, the certificate in us-east-1", () => {
    expect(() => synth("prod", { webDomainName: "praktikbolig.dk" })).toThrow(/webCertificateArn/);
    expect(() =>
      synth("prod", { webDomainName: "https://praktikbolig.dk", webCertificateArn: certificateArn }),
    ).toThrow(/webDomainName/);
    expect(() =>
      synth("prod", {
        webDomainName: "praktikbolig.dk",
        webCertificateArn: certificateArn.replace("us-east-1", "eu-north-1"),
      }),
    ).toThrow(/us-east-1/);
  });
});

describe("cdk-nag", () => {
  const acknowledgements = () =>
    prod.app.node.findAll().flatMap((construct) =>
      construct.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
        .map(([id, reason]) => ({ path: construct.node.path, id, reason })),
    );

  it("leaves no unacknowledged finding", () => {
    const report = JSON.parse(readFileSync(join(assembly.directory, "validation-report.json"), "utf8")) as {
      pluginReports: { violations?: unknown[] }[];
    };
    expect(report.pluginReports.flatMap((plugin) => plugin.violations ?? [])).toEqual([]);
  });

  it("gives every acknowledgement a reason", () => {
    const all = acknowledgements();
    expect(all.length).toBeGreaterThan(10);
    for (const { path, id, reason } of all) {
      expect(id, path).toMatch(/AwsSolutions-/);
      expect(typeof reason === "string" && reason.trim().length >= 40, `${path} ${id}: "${reason}"`).toBe(true);
    }
  });

  it("acknowledges on the distribution only the default certificate's TLS floor, geo restriction and WAF", () => {
    const onDistribution = acknowledgements()
      .filter(({ path }) => path === prod.api.web.distribution.node.path)
      .map(({ id }) => id.replace(/^.*::/, ""));
    expect(onDistribution.sort()).toEqual(["AwsSolutions-CFR1", "AwsSolutions-CFR2", "AwsSolutions-CFR4"]);
    expect(
      acknowledgements().some(({ path }) => path.startsWith(prod.api.web.assetsBucket.node.path)),
      "no acknowledgement on the assets bucket",
    ).toBe(false);
  });
});
