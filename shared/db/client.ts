/** One DynamoDB document client per process, shared by every repository. */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

export interface DatabaseSettings {
  tableName: string;
  /** DynamoDB Local's URL; unset on AWS. */
  endpoint?: string;
  region?: string;
}

export interface Database {
  client: DynamoDBDocumentClient;
  tableName: string;
}

export function createDatabase(settings: DatabaseSettings): Database {
  const base = new DynamoDBClient({
    ...(settings.endpoint
      ? {
          endpoint: settings.endpoint,
          region: settings.region ?? "eu-north-1",
          // DynamoDB Local accepts any credentials; fixed ones keep a developer's AWS profile out of it.
          credentials: { accessKeyId: "local", secretAccessKey: "local" },
        }
      : { region: settings.region }),
    maxAttempts: 3,
  });
  const client = DynamoDBDocumentClient.from(base, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return { client, tableName: settings.tableName };
}
