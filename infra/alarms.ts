// Alarms on the outcomes that need a person: events that will not be delivered on their own. They notify one
// SNS topic; `SMX_ALARM_EMAIL` at deploy time subscribes an address (it must confirm the email AWS sends).
import { METRICS_NAMESPACE } from "./function.ts";
import { pascalCase } from "./names.ts";

const watched = [
  { metric: "events_dead", description: "events that will not be delivered without an operator replay" },
  {
    metric: "events_unknown_outcome",
    description: "creates SalesMania may or may not have done; confirm in SalesMania, then replay or close",
  },
];

export const alarmTopic = new aws.sns.Topic("Alarms");

const email = process.env.SMX_ALARM_EMAIL;
if (email !== undefined && email !== "") {
  new aws.sns.TopicSubscription("AlarmsEmail", { topic: alarmTopic.arn, protocol: "email", endpoint: email });
}

export const alarms = watched.map(
  ({ metric, description }) =>
    new aws.cloudwatch.MetricAlarm(`Alarm${pascalCase(metric)}`, {
      name: `${$app.name}-${$app.stage}-${metric}`,
      alarmDescription: `${$app.name} ${$app.stage}: ${description}`,
      // A Metrics Insights query sums the metric over every dimension set the EMF writer uses (Powertools adds
      // `service`), where a plain metric alarm would match one exact set only.
      metricQueries: [
        {
          id: "total",
          expression: `SELECT SUM(${metric}) FROM ${METRICS_NAMESPACE}`,
          period: 300,
          returnData: true,
          label: metric,
        },
      ],
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      evaluationPeriods: 1,
      treatMissingData: "notBreaching",
      alarmActions: [alarmTopic.arn],
      okActions: [alarmTopic.arn],
    }),
);
