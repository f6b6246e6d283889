/// <reference path="./.sst/platform/config.d.ts" />
// The deployable app (docs/deploy.md). Resources live in infra/*, imported inside run() as SST requires.
export default $config({
  app(input) {
    // Production stages: `prod` and `prod-<anything>` (a second region, a second account). Everything
    // production-only in infra/ follows `protect` (infra/stage.ts), and so do the deploy guards.
    const production = /^prod(-|$)/.test(input.stage);
    return {
      name: "salesmania-hooks",
      home: "aws",
      // Production keeps its table and secrets on `sst remove` and refuses the removal itself.
      removal: production ? "retain" : "remove",
      protect: production,
    };
  },
  async run() {
    // First: read and check the hooks configuration and deploy settings, so a refused deploy creates nothing.
    await import("./infra/deploy.ts");
    const { table } = await import("./infra/storage.ts");
    const { secretsToSet } = await import("./infra/secrets.ts");
    const { api, apiUrl, hookUrls, domainTarget } = await import("./infra/api.ts");
    await import("./infra/cron.ts");
    await import("./infra/rotation.ts");
    const { alarmTopic } = await import("./infra/alarms.ts");
    const { dashboardUrl } = await import("./infra/dashboard.ts");
    return {
      apiUrl,
      hookUrls,
      ...(domainTarget === undefined ? {} : { domainTarget }),
      executeApiUrl: api.nodes.api.apiEndpoint,
      tableName: table.name,
      alarmTopicArn: alarmTopic.arn,
      dashboardUrl,
      secretsToSet,
    };
  },
});
