/**
 * The floor of the cold-start benchmark (cold-start.ts): the least a Lambda
 * on this stack loads before it can answer GET /health. A Hono app on
 * hono/aws-lambda with one route, and the DynamoDB document client created at
 * import as the real handler creates it. Bundled with the real bundle's
 * esbuild settings, so the difference between the two is the project's own.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { Hono } from "hono";
import { handle } from "hono/aws-lambda";

export const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 3 }), {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});

const app = new Hono();
app.get("/health", (c) => c.json({ status: "ok" }));

export const handler = handle(app);
