import { defineConfig } from "vitest/config";

// The AWS SDK's notice that its 2027 releases need Node 22 (see README) would repeat in every test worker.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/helpers/global-setup.ts"],
    reporters: ["default", "./tests/helpers/summary-reporter.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // DynamoDB Local is one JVM on a small machine: a few files at a time keep it responsive.
    maxWorkers: 3,
  },
});
