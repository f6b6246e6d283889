// One CloudWatch dashboard per stage (infra/dashboard-body.ts says what it shows), named `<app>-<stage>`.
import { alarms } from "./alarms.ts";
import { api, webhooks } from "./api.ts";
import { jobFunctions } from "./cron.ts";
import { dashboardBody } from "./dashboard-body.ts";
import { deployConfig, deploySettings } from "./deploy.ts";

const region = aws.getRegionOutput().region;
const name = `${$app.name}-${$app.stage}`;

export const dashboard = new aws.cloudwatch.Dashboard("Dashboard", {
  dashboardName: name,
  dashboardBody: $jsonStringify(
    dashboardBody<$util.Input<string>>({
      region,
      webhooksFunctionName: webhooks.name,
      jobs: jobFunctions,
      apiId: api.nodes.api.id,
      hookIds: deployConfig.config.hooks.map((hook) => hook.id),
      alarmArns: alarms.map((alarm) => alarm.arn),
      runbookUrl: deploySettings.runbookUrl,
    }),
  ),
});

/** The dashboard in the CloudWatch console. */
export const dashboardUrl = $interpolate`https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards/dashboard/${name}`;
