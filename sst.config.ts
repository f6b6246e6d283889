/// <reference path="./.sst/platform/config.d.ts" />
// The deployable app (docs/deploy.md). Resources live in infra/*, imported inside run() as SST requires.
export default $config({
  app(input) {
    const production = input.stage === "prod";
    return {
      name: "salesmania-hooks",
      home: "aws",
      // Production keeps its table and secrets on `sst remove` and refuses the removal itself.
      removal: production ? "retain" : "remove",
      protect: production,
    };
  },
  async run() {
    const { table } = await import("./infra/storage.ts");
    await import("./infra/secrets.ts");
    const { api } = await import("./infra/api.ts");
    await import("./infra/cron.ts");
    const { alarmTopic } = await import("./infra/alarms.ts");
    return { apiUrl: api.url, tableName: table.name, alarmTopicArn: alarmTopic.arn };
  },
});
