// Alarms (to an ops topic) and a dashboard of the pipeline's throughput and lag.
import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  Metric,
  SingleValueWidget,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC, metricsNamespace } from '../shared/platform/metrics';

export interface MonitoringProps {
  stage: string;
  functions: Record<string, IFunction>;
  deadLetterQueues: Record<string, Queue>;
  rollupQueue: Queue;
  busName: string;
  ruleName: string;
}

export class Monitoring extends Construct {
  readonly alarmTopic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const { stage } = props;
    // CloudWatch can publish to an encrypted topic only with a customer managed key it may use.
    const key = new Key(this, 'AlarmTopicKey', {
      alias: `pipeline-alarms-${stage}`,
      enableKeyRotation: true,
      description: 'Encrypts the pipeline alarm topic',
    });
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.alarmTopic = new Topic(this, 'AlarmTopic', { topicName: `pipeline-alarms-${stage}`, enforceSSL: true, masterKey: key });
    const action = new SnsAction(this.alarmTopic);
    const namespace = metricsNamespace(stage);
    const own = (name: string, service: string, statistic = 'Sum', period = Duration.minutes(5)) =>
      new Metric({ namespace, metricName: name, dimensionsMap: { service }, statistic, period });

    const alarm = (id: string, description: string, metric: IMetric, threshold: number, evaluationPeriods = 1) => {
      const a = new Alarm(this, id, {
        alarmName: `pipeline-${stage}-${id}`,
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      a.addAlarmAction(action);
      this.alarms.push(a);
    };

    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      alarm(
        `dlq-${name}`,
        `A message is in ${queue.queueName}: look at it, fix the cause, redrive it`,
        queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: Duration.minutes(5) }),
        1,
      );
    }
    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(
        `errors-${name}`,
        `The ${name} function failed (see its logs)`,
        fn.metricErrors({ statistic: 'Sum', period: Duration.minutes(5) }),
        1,
      );
    }
    alarm(
      'rollup-lag',
      'Rollup messages have waited over 5 minutes: the rollups are behind the projects',
      props.rollupQueue.metricApproximateAgeOfOldestMessage({ statistic: 'Maximum', period: Duration.minutes(1) }),
      300,
      5,
    );
    alarm(
      'reconcile-drift',
      'The nightly reconcile found rollups that differ from the projects: run reconcile with repair',
      own(METRIC.rollupDrift, 'reconcile', 'Maximum', Duration.hours(1)),
      1,
    );
    alarm(
      'digest-delivery',
      'A digest channel (SNS or a group robot) failed after retries',
      own(METRIC.digestChannelFailures, 'digest', 'Sum', Duration.hours(1)),
      1,
    );

    const minute = Duration.minutes(1);
    const matched = new Metric({
      namespace: 'AWS/Events',
      metricName: 'MatchedEvents',
      dimensionsMap: { EventBusName: props.busName, RuleName: props.ruleName },
      statistic: 'Sum',
      period: minute,
    });
    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: `pipeline-${stage}` });
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Throughput: events published, matched, applied (per minute)',
        left: [own(METRIC.eventsPublished, 'publish', 'Sum', minute), matched, own(METRIC.eventsApplied, 'rollup', 'Sum', minute)],
        width: 12,
      }),
      new GraphWidget({
        title: 'Rollup lag: oldest message age (s) and queue depth',
        left: [props.rollupQueue.metricApproximateAgeOfOldestMessage({ statistic: 'Maximum', period: minute })],
        right: [props.rollupQueue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: minute })],
        width: 12,
      }),
      new GraphWidget({
        title: 'Function errors',
        left: Object.values(props.functions).map((fn) => fn.metricErrors({ statistic: 'Sum', period: minute })),
        width: 12,
      }),
      new GraphWidget({
        title: 'Function duration p99 (ms)',
        left: Object.values(props.functions).map((fn) => fn.metricDuration({ statistic: 'p99', period: minute })),
        width: 12,
      }),
      new SingleValueWidget({
        title: 'Dead letters',
        metrics: Object.values(props.deadLetterQueues).map((q) =>
          q.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: Duration.minutes(5) }),
        ),
        width: 24,
      }),
    );
  }
}
