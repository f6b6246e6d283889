// CloudWatch alarms for everything that needs a person (infra/alarm-rules.ts says what each watches and what
// to do), all notifying one SNS topic; `SMX_ALARM_EMAIL` at deploy time subscribes an address (it must
// confirm the email AWS sends). Thresholds: the stage's entry in smx.deploy.json.
import { type AlarmRule, alarmRules } from "./alarm-rules.ts";
import { api } from "./api.ts";
import { JOB_TIMEOUT_MINUTES, jobFunctions } from "./cron.ts";
import { deployConfig, deploySettings } from "./deploy.ts";
import { pascalCase } from "./names.ts";
import { tokenRotation } from "./rotation.ts";

const prefix = `${$app.name}-${$app.stage}`;

export const alarmTopic = new aws.sns.Topic("Alarms", { name: `${prefix}-alarms` });

const email = process.env.SMX_ALARM_EMAIL;
if (email !== undefined && email !== "") {
  new aws.sns.TopicSubscription("AlarmsEmail", { topic: alarmTopic.arn, protocol: "email", endpoint: email });
}

type Rule = AlarmRule<$util.Input<string>>;

const rules: Rule[] = alarmRules(
  {
    jobs: jobFunctions,
    jobTimeoutMinutes: JOB_TIMEOUT_MINUTES,
    apiId: api.nodes.api.id,
    connectionIds: deployConfig.config.connections.map((connection) => connection.id),
    ...(tokenRotation === undefined ? {} : { rotationFunctionName: tokenRotation.name }),
  },
  deploySettings.stage.alarms,
);

/** What the alarm is, what to do, and where the runbook section is (CloudWatch allows 1024 characters). */
function description(rule: Rule): string {
  return `${$app.name} ${$app.stage}: ${rule.summary}. ${rule.action} Runbook: ${deploySettings.runbookUrl}#${rule.runbook}`;
}

function metricArgs(rule: Rule): Partial<aws.cloudwatch.MetricAlarmArgs> {
  const { metric } = rule;
  if (metric.kind === "plain")
    return {
      namespace: metric.namespace,
      metricName: metric.name,
      dimensions: metric.dimensions,
      statistic: metric.statistic,
      period: rule.period,
    };
  return {
    metricQueries: [
      { id: "q", expression: metric.query, period: rule.period, returnData: true, label: metric.label },
    ],
  };
}

export const alarms = rules.map(
  (rule) =>
    new aws.cloudwatch.MetricAlarm(`Alarm${pascalCase(rule.key)}`, {
      name: `${prefix}-${rule.key}`,
      alarmDescription: description(rule),
      ...metricArgs(rule),
      comparisonOperator: rule.comparison,
      threshold: rule.threshold,
      evaluationPeriods: rule.evaluationPeriods,
      datapointsToAlarm: rule.datapointsToAlarm,
      treatMissingData: rule.treatMissingData,
      alarmActions: [alarmTopic.arn],
      okActions: [alarmTopic.arn],
    }),
);
