/**
 * cdk-nag (v3) in one place: the AWS Solutions rule pack runs as a CDK
 * validation plugin during synthesis, and every finding this design accepts
 * is acknowledged here with its exact id and the reason.
 */
import { type App, type CfnResource, Stack, Validations } from "aws-cdk-lib";
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
    stack.webFunction.role,
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

  acknowledgeWebFindings(stack);
}

/** Acknowledged findings of the web front: the CloudFront distribution and the assets' deployment. */
function acknowledgeWebFindings(stack: ApiStack): void {
  const distribution = stack.web.distribution;
  if (stack.web.customDomainName === undefined) {
    acknowledge(
      distribution,
      "AwsSolutions-CFR4",
      "Without a custom domain (context webDomainName/webCertificateArn) the distribution answers on its *.cloudfront.net name with CloudFront's default certificate, whose security policy CloudFront fixes at TLSv1; with one, viewers need TLSv1.2_2021. The origins are reached over TLS 1.2 only.",
    );
  }
  acknowledge(
    distribution,
    "AwsSolutions-CFR1",
    "No geo restriction: interns and staff use the service from abroad too (exchange students, travel), and nothing in it is restricted by country.",
  );
  acknowledge(
    distribution,
    "AwsSolutions-CFR2",
    "No WAF yet: the HTTP API stage throttles (rate and burst), both functions' reserved concurrency bounds scaling and cost, and the pages check form origins; a web ACL's monthly cost is revisited for production.",
  );

  // BucketDeployment's handler: one function per stack, made by CDK, which these props cannot change.
  const handler = stack.node.children.find((child) => child.node.id.startsWith("Custom::CDKBucketDeployment"));
  if (!handler) throw new Error("The BucketDeployment handler was not found in the API stack");
  const handlerRole = handler.node.findChild("ServiceRole");
  acknowledge(
    handlerRole,
    "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
    "CDK's BucketDeployment handler (deploy-time only, not reachable by users) is made with the basic execution role for its logs; CDK exposes no option to replace it.",
  );
  const assetsBucket = Stack.of(stack).getLogicalId(stack.web.assetsBucket.node.defaultChild as CfnResource);
  const wildcards: [string, string][] = [
    ["Action::s3:GetBucket*", "reads the CDK asset bucket's location and the destination bucket's metadata"],
    ["Action::s3:GetObject*", "reads the zipped build from the CDK asset bucket"],
    ["Action::s3:List*", "lists both buckets for aws s3 sync"],
    ["Action::s3:Abort*", "aborts its own multipart uploads into the assets bucket"],
    ["Action::s3:DeleteObject*", "CDK grants delete for pruning; this deployment never prunes (prune: false)"],
    [
      "Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*",
      "the objects of the CDK bootstrap asset bucket (default qualifier), where the build's zip is uploaded",
    ],
    [`Resource::<${assetsBucket}.Arn>/*`, "the objects of the assets bucket, which it fills"],
  ];
  for (const [finding, what] of wildcards) {
    acknowledge(
      handlerRole,
      `AwsSolutions-IAM5[${finding}]`,
      `CDK's BucketDeployment handler grants (deploy time only, scoped to two buckets): it ${what}.`,
    );
  }
  acknowledge(
    handler,
    "AwsSolutions-L1",
    "CDK's BucketDeployment handler pins the Python runtime its bundled AWS CLI is built for; it runs at deploy time only and CDK updates it.",
  );
}
