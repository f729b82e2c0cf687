/**
 * Stateless stack: the API function, its HTTP API, the Cognito user pool the
 * app verifies tokens against, the cursor-signing secret, logs and alarms.
 * The table comes from the data stack through props (a cross-stack reference).
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import { HttpApi, HttpStage, LogGroupLogDestination, PayloadFormatVersion } from "aws-cdk-lib/aws-apigatewayv2";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import { Alarm, ComparisonOperator, type IMetric, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import {
  AccountRecovery,
  CfnUserPoolGroup,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StringAttribute,
  UserPool,
  type UserPoolClient,
} from "aws-cdk-lib/aws-cognito";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import type { Construct } from "constructs";
import { ApiFunction } from "./api-function";
import { grantTableReadWrite, isDisposableStage } from "./data-stack";

/** The Cognito groups the app authorises by (`cognito:groups` claim), highest precedence first. */
export const USER_GROUPS = ["admin", "council", "institution", "student"] as const;

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
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
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
  }
}
