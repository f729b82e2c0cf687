/**
 * The identity directory on AWS: Cognito's AdminDeleteUser, AdminDisableUser
 * and AdminEnableUser on the app's user pool, with the user's sub as the
 * Username (the pool signs in by e-mail, so its users' usernames are their
 * subs), as signed JSON calls (see #shared/aws/json-api).
 */

import type { IdentityDirectory } from "#domain/accounts/identity";
import { AwsCallFailed, type Credentials, jsonApi } from "#shared/aws/json-api";

export interface CognitoDirectoryOptions {
  userPoolId: string;
  /** Only for tests: a stand-in for Cognito's API. @default the pool's regional endpoint */
  endpoint?: string;
  /** @default the Lambda function's credentials, from its environment */
  credentials?: Credentials;
  /** How long one call may take. @default 3000 ms */
  timeoutMs?: number;
}

/** Errors that a later attempt may not get. */
const TRANSIENT = new Set(["TooManyRequestsException", "InternalErrorException", "ThrottlingException"]);
const ATTEMPTS = 3;

export function createCognitoDirectory(options: CognitoDirectoryOptions): IdentityDirectory {
  const cognito = jsonApi({
    service: "cognito-idp",
    region: options.userPoolId.split("_")[0] as string,
    targetPrefix: "AWSCognitoIdentityProviderService",
    endpoint: options.endpoint,
    credentials: options.credentials,
    timeoutMs: options.timeoutMs,
  });

  async function send(action: string, sub: string): Promise<void> {
    try {
      await cognito(action, { UserPoolId: options.userPoolId, Username: sub });
    } catch (error) {
      // Gone already: there is nothing left to delete, disable or enable.
      if (error instanceof AwsCallFailed && error.errorType === "UserNotFoundException") return;
      throw error;
    }
  }

  async function call(action: string, sub: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await send(action, sub);
      } catch (error) {
        const transient = error instanceof AwsCallFailed ? TRANSIENT.has(error.errorType) : true;
        if (!transient || attempt === ATTEMPTS) throw error;
        await new Promise((resume) => setTimeout(resume, 50 * 2 ** attempt));
      }
    }
  }

  return {
    deleteUser: (sub) => call("AdminDeleteUser", sub),
    disableUser: (sub) => call("AdminDisableUser", sub),
    enableUser: (sub) => call("AdminEnableUser", sub),
  };
}
