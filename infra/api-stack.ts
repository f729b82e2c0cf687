/**
 * Stateless stack: the API function, its HTTP API, the Cognito user pool the
 * app verifies tokens against, the cursor-signing secret, logs and alarms;
 * and the web app: its own function (routed by WEB_ROUTE_PATHS), the
 * CloudFront distribution in front of the HTTP API with the static assets
 * from S3 (web-frontend.ts), and the pool's managed-login domain and web
 * client. The table comes from the data stack through props (a cross-stack
 * reference).
 *
 * No dependency cycle: the web client's callback URL names the
 * distribution's domain, the distribution fronts the HTTP API, whose routes
 * integrate the web function. So the function is not given the client's id:
 * it reads it at cold start from an SSM parameter whose NAME is a fixed
 * string (webClientIdParameterName), and its grant is an ARN built from that
 * name, neither a reference to the client nor to the parameter.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import {
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
  PayloadFormatVersion,
} from "aws-cdk-lib/aws-apigatewayv2";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import { Alarm, ComparisonOperator, type IMetric, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import {
  AccountRecovery,
  CfnManagedLoginBranding,
  CfnUserPoolGroup,
  ClientAttributes,
  FeaturePlan,
  ManagedLoginVersion,
  Mfa,
  OAuthScope,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
} from "aws-cdk-lib/aws-cognito";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import { StringParameter } from "aws-cdk-lib/aws-ssm";
import type { Construct } from "constructs";
import { paths, WEB_ROUTE_PATHS } from "../functions/web/paths";
import { ApiFunction } from "./api-function";
import { grantTableReadWrite, isDisposableStage } from "./data-stack";
import { type WebCustomDomain, WebFrontend } from "./web-frontend";

/** The Cognito groups the app authorises by (`cognito:groups` claim), highest precedence first. */
export const USER_GROUPS = ["admin", "council", "institution", "student"] as const;

/**
 * What the API and web functions may do to the pool's users
 * (shared/auth/cognito-directory.ts): erasure and deactivation are both
 * routes of the API and forms of the pages. Nothing else.
 */
export const COGNITO_USER_ACTIONS = [
  "cognito-idp:AdminDeleteUser",
  "cognito-idp:AdminDisableUser",
  "cognito-idp:AdminEnableUser",
] as const;

/** Custom user attribute naming the user's organisation; tokens carry it as `custom:org_id`. */
export const ORG_ATTRIBUTE = "org_id";

/** Fields of one access-log line: enough to trace a request, no bodies, headers or tokens. */
export const ACCESS_LOG_FIELDS = {
  requestId: "$context.requestId",
  ip: "$context.identity.sourceIp",
  requestTime: "$context.requestTime",
  httpMethod: "$context.httpMethod",
  routeKey: "$context.routeKey",
  path: "$context.path",
  protocol: "$context.protocol",
  status: "$context.status",
  responseLength: "$context.responseLength",
  latency: "$context.responseLatency",
  integrationLatency: "$context.integrationLatency",
  integrationError: "$context.integrationErrorMessage",
} as const;

/** The SSM parameter holding the web client's id: a fixed name, so referring to it makes no dependency. */
export const webClientIdParameterName = (stage: string): string => `/praktikbolig/${stage}/web-client-id`;

/** The managed-login domain's prefix (https://<prefix>.auth.<region>.amazoncognito.com), unique per region. */
export const defaultCognitoDomainPrefix = (stage: string): string => `praktikbolig-${stage}`;

/** Where Cognito sends the browser back to: the web app's sign-in callback and signed-out page. */
export const webSignInUrls = (origin: string) => ({
  callback: `${origin}${paths.signInCallback}`,
  signOut: `${origin}${paths.signIn}?signedOut`,
});

export interface ApiStackProps extends StackProps {
  readonly stage: string;
  /** The single table, from the data stack. */
  readonly table: ITable;
  /** Origins the app answers CORS for, comma-separated; empty for none. */
  readonly corsOrigins: string;
  /** Steady-state requests per second the `$default` stage accepts. @default API_LIMIT_DEFAULTS.throttleRateLimit */
  readonly throttleRateLimit?: number;
  /** Burst the `$default` stage accepts. @default API_LIMIT_DEFAULTS.throttleBurstLimit */
  readonly throttleBurstLimit?: number;
  /** Most API function instances running at once. @default API_LIMIT_DEFAULTS.reservedConcurrency */
  readonly reservedConcurrency?: number;
  /** Most web function instances running at once. @default API_LIMIT_DEFAULTS.reservedConcurrency */
  readonly webReservedConcurrency?: number;
  /** The managed-login domain's prefix, unique among all AWS accounts in the region. @default defaultCognitoDomainPrefix(stage) */
  readonly cognitoDomainPrefix?: string;
  /** The web app's own domain and certificate. @default none: the distribution's *.cloudfront.net name */
  readonly webCustomDomain?: WebCustomDomain;
}

/**
 * Abuse limits: what one stage accepts before API Gateway answers 429, and how
 * far the function may scale. At about 100 ms a request, 25 instances carry the
 * burst; beyond that requests are throttled, not billed.
 */
export const API_LIMIT_DEFAULTS = { throttleRateLimit: 50, throttleBurstLimit: 100, reservedConcurrency: 25 } as const;

export class ApiStack extends Stack {
  readonly api: HttpApi;
  readonly stageResource: HttpStage;
  readonly apiFunction: ApiFunction;
  readonly webFunction: ApiFunction;
  readonly web: WebFrontend;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  readonly userPoolDomain: UserPoolDomain;
  readonly webClient: UserPoolClient;
  readonly webClientIdParameter: StringParameter;
  readonly cursorSecret: Secret;
  readonly accessLogs: LogGroup;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const disposable = isDisposableStage(props.stage);
    // Users are state too: outside dev the pool survives the stack and refuses deletion.
    const statefulRemoval = disposable ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;

    this.userPool = new UserPool(this, "UserPool", {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      customAttributes: { [ORG_ATTRIBUTE]: new StringAttribute({ mutable: true, minLen: 1, maxLen: 64 }) },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: !disposable,
      removalPolicy: statefulRemoval,
    });

    USER_GROUPS.forEach((groupName, precedence) => {
      new CfnUserPoolGroup(this, `Group-${groupName}`, {
        userPoolId: this.userPool.userPoolId,
        groupName,
        precedence,
        description: `Praktikbolig ${groupName} users`,
      });
    });

    this.userPoolClient = this.userPool.addClient("WebClient", {
      generateSecret: false,
      authFlows: { userSrp: true, userPassword: true },
      // No hosted UI: the client signs in through the Cognito API only.
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, givenName: true, familyName: true })
        .withCustomAttributes(ORG_ATTRIBUTE),
      // Users must not move themselves into another organisation: custom:org_id is
      // written by administrators (AdminUpdateUserAttributes) only.
      writeAttributes: new ClientAttributes().withStandardAttributes({
        email: true,
        givenName: true,
        familyName: true,
      }),
    });

    this.userPoolDomain = this.userPool.addDomain("Domain", {
      cognitoDomain: { domainPrefix: props.cognitoDomainPrefix ?? defaultCognitoDomainPrefix(props.stage) },
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });

    this.cursorSecret = new Secret(this, "CursorSecret", {
      description: "Signs the API's pagination cursors",
      generateSecretString: { excludePunctuation: true, passwordLength: 48 },
    });

    this.apiFunction = new ApiFunction(this, "Api", {
      description: "Praktikbolig HTTP API",
      logRemovalPolicy: disposable ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
      reservedConcurrentExecutions: props.reservedConcurrency ?? API_LIMIT_DEFAULTS.reservedConcurrency,
      environment: {
        TABLE_NAME: props.table.tableName,
        COGNITO_USER_POOL_ID: this.userPool.userPoolId,
        COGNITO_CLIENT_ID: this.userPoolClient.userPoolClientId,
        // A {{resolve:secretsmanager:...}} dynamic reference: CloudFormation resolves it at
        // deploy time, so the value is never in the template or the cloud assembly.
        CURSOR_SECRET: this.cursorSecret.secretValue.unsafeUnwrap(),
        CORS_ORIGINS: props.corsOrigins,
        POWERTOOLS_SERVICE_NAME: "praktikbolig",
      },
    });
    const fn = this.apiFunction.function;
    grantTableReadWrite(props.table, fn);
    // Erasure deletes the user's identity (its e-mail is personal data); deactivation disables it. Nothing more.
    this.userPool.grant(fn, ...COGNITO_USER_ACTIONS);

    this.accessLogs = new LogGroup(this, "AccessLogs", {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: disposable ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });

    this.api = new HttpApi(this, "HttpApi", {
      apiName: `praktikbolig-${props.stage}`,
      description: `Praktikbolig API (${props.stage})`,
      // The app answers CORS itself (CORS_ORIGINS), so no corsPreflight here.
      defaultIntegration: new HttpLambdaIntegration("ApiIntegration", fn, {
        payloadFormatVersion: PayloadFormatVersion.VERSION_2_0,
      }),
      // Made below, with throttling and access logs.
      createDefaultStage: false,
    });

    this.stageResource = new HttpStage(this, "DefaultStage", {
      httpApi: this.api,
      stageName: "$default",
      autoDeploy: true,
      throttle: {
        rateLimit: props.throttleRateLimit ?? API_LIMIT_DEFAULTS.throttleRateLimit,
        burstLimit: props.throttleBurstLimit ?? API_LIMIT_DEFAULTS.throttleBurstLimit,
      },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });

    const webClientIdParameterNameValue = webClientIdParameterName(props.stage);
    this.webFunction = new ApiFunction(this, "WebPages", {
      bundle: "web",
      description: "Praktikbolig web pages",
      logRemovalPolicy: disposable ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
      reservedConcurrentExecutions: props.webReservedConcurrency ?? API_LIMIT_DEFAULTS.reservedConcurrency,
      environment: {
        TABLE_NAME: props.table.tableName,
        CURSOR_SECRET: this.cursorSecret.secretValue.unsafeUnwrap(),
        COGNITO_USER_POOL_ID: this.userPool.userPoolId,
        COGNITO_DOMAIN_URL: this.userPoolDomain.baseUrl(),
        WEB_CLIENT_ID_PARAMETER: webClientIdParameterNameValue,
        // CloudFront's viewer-request function sets x-forwarded-host from the viewer's Host.
        TRUST_FORWARDED_HOST: "true",
        POWERTOOLS_SERVICE_NAME: "praktikbolig-web",
      },
    });
    const webFn = this.webFunction.function;
    grantTableReadWrite(props.table, webFn);
    // A student's erasure and an admin's deactivation from the pages change the identity as the API's do.
    this.userPool.grant(webFn, ...COGNITO_USER_ACTIONS);
    webFn.addToRolePolicy(
      new PolicyStatement({
        actions: ["ssm:GetParameter"],
        // Built from the name, not the parameter's token: a reference would bring the cycle back.
        resources: [
          this.formatArn({
            service: "ssm",
            resource: "parameter",
            resourceName: webClientIdParameterNameValue.slice(1),
          }),
        ],
      }),
    );

    const webIntegration = new HttpLambdaIntegration("WebIntegration", webFn, {
      payloadFormatVersion: PayloadFormatVersion.VERSION_2_0,
    });
    for (const path of WEB_ROUTE_PATHS) {
      this.api.addRoutes({ path, methods: [HttpMethod.ANY], integration: webIntegration });
    }

    this.web = new WebFrontend(this, "Web", {
      stage: props.stage,
      httpApi: this.api,
      disposable,
      customDomain: props.webCustomDomain,
    });
    // New code names new hashed asset files: upload them before either function changes.
    for (const deployment of this.web.assetDeployments) {
      fn.node.addDependency(deployment);
      webFn.node.addDependency(deployment);
    }

    const signInUrls = webSignInUrls(this.web.origin);
    this.webClient = this.userPool.addClient("WebAppClient", {
      generateSecret: false,
      // Managed login and the authorization code grant (with PKCE) only; no API sign-in flows.
      authFlows: { userSrp: false },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL],
        callbackUrls: [signInUrls.callback],
        logoutUrls: [signInUrls.signOut],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, givenName: true, familyName: true })
        .withCustomAttributes(ORG_ATTRIBUTE),
      writeAttributes: new ClientAttributes().withStandardAttributes({
        email: true,
        givenName: true,
        familyName: true,
      }),
    });

    // The newer managed login shows a client's pages only once it has a style: Cognito's default one.
    const branding = new CfnManagedLoginBranding(this, "WebClientBranding", {
      userPoolId: this.userPool.userPoolId,
      clientId: this.webClient.userPoolClientId,
      useCognitoProvidedValues: true,
    });
    branding.node.addDependency(this.userPoolDomain);

    this.webClientIdParameter = new StringParameter(this, "WebClientIdParameter", {
      parameterName: webClientIdParameterNameValue,
      stringValue: this.webClient.userPoolClientId,
      description: "Id of the web app's Cognito client; the web function reads it at cold start",
    });

    const fiveMinutes = Duration.minutes(5);
    const alarm = (id: string, description: string, metric: IMetric, threshold: number, evaluationPeriods = 1) => {
      const created = new Alarm(this, id, {
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      this.alarms.push(created);
      return created;
    };
    alarm(
      "Api5xxAlarm",
      "The HTTP API answered 5 or more 5xx responses in 5 minutes",
      this.api.metricServerError({ period: fiveMinutes, statistic: "Sum" }),
      5,
    );
    alarm(
      "FunctionErrorsAlarm",
      "The API function failed 5 or more invocations in 5 minutes",
      fn.metricErrors({ period: fiveMinutes, statistic: "Sum" }),
      5,
    );
    alarm(
      "FunctionThrottlesAlarm",
      "The API function was throttled in the last 5 minutes",
      fn.metricThrottles({ period: fiveMinutes, statistic: "Sum" }),
      1,
    );
    alarm(
      "FunctionDurationP99Alarm",
      "p99 duration of the API function at or above 5 s (half its timeout) for 15 minutes",
      fn.metricDuration({ period: fiveMinutes, statistic: "p99" }),
      5_000,
      3,
    );
    alarm(
      "WebFunctionErrorsAlarm",
      "The web function failed 5 or more invocations in 5 minutes",
      webFn.metricErrors({ period: fiveMinutes, statistic: "Sum" }),
      5,
    );
    alarm(
      "WebFunctionThrottlesAlarm",
      "The web function was throttled in the last 5 minutes",
      webFn.metricThrottles({ period: fiveMinutes, statistic: "Sum" }),
      1,
    );
    alarm(
      "ApiLatencyP99Alarm",
      "p99 latency of the HTTP API at or above 3 s for 15 minutes",
      this.api.metricLatency({ period: fiveMinutes, statistic: "p99" }),
      3_000,
      3,
    );

    new CfnOutput(this, "ApiUrl", { value: this.stageResource.url, description: "Base URL of the API" });
    new CfnOutput(this, "UserPoolId", { value: this.userPool.userPoolId });
    new CfnOutput(this, "UserPoolClientId", { value: this.userPoolClient.userPoolClientId });
    new CfnOutput(this, "TableName", { value: props.table.tableName });
    new CfnOutput(this, "WebUrl", { value: `${this.web.origin}/`, description: "The web app, through CloudFront" });
    new CfnOutput(this, "ManagedLoginUrl", {
      value: this.userPoolDomain.baseUrl(),
      description: "Base URL of the Cognito managed-login domain",
    });
    new CfnOutput(this, "WebClientId", { value: this.webClient.userPoolClientId });
  }
}
