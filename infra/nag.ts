/**
 * cdk-nag (v3) in one place: the AWS Solutions rule pack runs as a CDK
 * validation plugin during synthesis, and every finding this design accepts
 * is acknowledged here with its exact id and the reason.
 */
import { type App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import type { IConstruct } from "constructs";
import type { ApiStack } from "./api-stack";

export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}

function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/**
 * Acknowledged findings of the API stack. (The table grant names each index, so it
 * raises no IAM5 finding; the data stack raises none at all.)
 */
export function acknowledgeApiFindings(stack: ApiStack): void {
  acknowledge(
    stack.apiFunction.role,
    "AwsSolutions-IAM5[Resource::*]",
    "X-Ray tracing: xray:PutTraceSegments/PutTelemetryRecords support no resource-level permissions.",
  );

  acknowledge(
    stack.api,
    "AwsSolutions-APIG4",
    "The $default route proxies to the app, which verifies Cognito JWTs itself and also serves public routes.",
  );

  acknowledge(
    stack.userPool,
    "AwsSolutions-COG2",
    "MFA is optional (TOTP) so institutions can onboard students without a second device; enforce later per group.",
  );
  acknowledge(
    stack.userPool,
    "AwsSolutions-COG8",
    "Essentials feature plan: the Plus plan's threat protection is a per-user cost not yet justified; revisit for production.",
  );

  acknowledge(
    stack.cursorSecret,
    "AwsSolutions-SMG4",
    "Signs pagination cursors only; the Lambda reads it at deploy time, so rotation would just invalidate open cursors.",
  );
}
