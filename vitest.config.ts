import { configDefaults, defineConfig } from "vitest/config";

/**
 * Two projects, by what a package's tests need. `integration`: DynamoDB Local (started once by the global
 * setup, so only when this project runs) — the AWS adapters, the functions through their handlers, the
 * intake, the CLI, the local stack (the console's browser tests with it), the bench and the Zapier app's
 * tests against a local stack. `unit`: every other test, with no JVM — core (its pipeline tests on the
 * memory stores), the SalesMania client and sandbox, sources, calendar, runtime, infra and the repository
 * checks; a new package lands here unless listed below. `npm test` runs both, `npm test -- --project unit`
 * only the first (README, "Quick start").
 */
const ALL = [
  "packages/*/test/**/*.test.ts",
  "functions/*/test/**/*.test.ts",
  "integrations/*/test/**/*.test.ts",
  "infra/test/**/*.test.ts",
  "test/**/*.test.ts",
];
const INTEGRATION = [
  "packages/{aws,bench,cli,intake,local}/test/**/*.test.ts",
  "functions/*/test/**/*.test.ts",
  "integrations/zapier/test/app.test.ts",
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      AWS_REGION: "ap-southeast-1",
      AWS_ACCESS_KEY_ID: "local",
      AWS_SECRET_ACCESS_KEY: "local",
      POWERTOOLS_DEV: "false",
      POWERTOOLS_LOG_LEVEL: "SILENT",
      POWERTOOLS_METRICS_DISABLED: "true",
    },
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ALL, exclude: [...configDefaults.exclude, ...INTEGRATION] },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: INTEGRATION,
          globalSetup: ["./test/dynamodb-local.global-setup.ts"],
        },
      },
    ],
  },
});
