// EventBridge Scheduler (Asia/Shanghai) → digest function (→ DIGEST item, SNS topic, group robots)
// and the nightly reconcile. The schedules come from shared/platform/schedules.ts, as the local scheduler's do.
import { Duration, RemovalPolicy, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { Alias } from 'aws-cdk-lib/aws-kms';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { SecretValue } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { SCHEDULE_TIME_ZONE, SCHEDULES, schedulerCron } from '../shared/platform/schedules';
import { secureQueue } from './event-pipeline';
import type { CityConfig } from '../shared/domain/city-config';
import { PipelineFunction } from './pipeline-function';
import type { PipelineTable } from './pipeline-table';

export interface ScheduledJobsProps {
  stage: string;
  table: PipelineTable;
  retain: boolean;
  config: CityConfig;
  /** The web app's address, where the robots' brief links. */
  webAppUrl: string;
}

export class ScheduledJobs extends Construct {
  readonly digest: PipelineFunction;
  readonly reconcile: PipelineFunction;
  readonly alertSweep: PipelineFunction;
  readonly digestTopic: Topic;
  readonly webhooks: Secret;
  readonly schedules: Schedule[];
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, props: ScheduledJobsProps) {
    super(scope, id);
    const { stage, table } = props;

    this.digestTopic = new Topic(this, 'DigestTopic', {
      topicName: `pipeline-digests-${stage}`,
      displayName: 'Project pipeline digests',
      enforceSSL: true,
      masterKey: Alias.fromAliasName(this, 'SnsKey', 'alias/aws/sns'),
    });
    // The robots' URLs carry their keys: kept in Secrets Manager, set after deploy (README).
    this.webhooks = new Secret(this, 'Webhooks', {
      secretName: `pipeline-digest-webhooks-${stage}`,
      description: 'Digest group robots: [{"name","kind":"wecom|dingtalk|feishu","url","secret"?}]',
      secretStringValue: SecretValue.unsafePlainText('[]'),
      removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    Validations.of(this.webhooks).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The robot URLs and signing secrets are issued by WeCom, DingTalk and Feishu; rotating them means re-issuing them in those apps, which no rotation Lambda can do.',
    });

    this.digest = new PipelineFunction(this, 'Digest', {
      stage,
      name: 'digest',
      retain: props.retain,
      config: props.config,
      // Three attempts per robot with backoff, and the composition itself.
      timeout: Duration.minutes(2),
      environment: {
        TABLE_NAME: table.table.tableName,
        DIGEST_TOPIC_ARN: this.digestTopic.topicArn,
        DIGEST_WEBHOOKS_SECRET_ARN: this.webhooks.secretArn,
        WEB_APP_URL: props.webAppUrl,
      },
    });
    // Composes from rollups, targets, the previous digest and the indexes (never a project's own
    // partition); writes only digests.
    table.grantTo(this.digest.fn, ['dynamodb:GetItem', 'dynamodb:Query'], ['rollup', 'targets', 'digest'], { queryIndexes: true });
    table.grantTo(this.digest.fn, ['dynamodb:PutItem', 'dynamodb:UpdateItem'], ['digest']);
    this.digestTopic.grantPublish(this.digest.fn);
    this.webhooks.grantRead(this.digest.fn);

    this.reconcile = new PipelineFunction(this, 'Reconcile', {
      stage,
      name: 'reconcile',
      retain: props.retain,
      config: props.config,
      memorySize: 1024,
      timeout: Duration.minutes(10),
      environment: { TABLE_NAME: table.table.tableName },
    });
    // The Scan of the projects reads every item of the table (no condition confines a Scan); what
    // reconcile may query and change is the rollups.
    table.grantScanTo(this.reconcile.fn);
    table.grantTo(this.reconcile.fn, ['dynamodb:Query', 'dynamodb:UpdateItem'], ['rollup']);

    this.alertSweep = new PipelineFunction(this, 'AlertSweep', {
      stage,
      name: 'alert-sweep',
      retain: props.retain,
      config: props.config,
      memorySize: 512,
      timeout: Duration.minutes(10),
      environment: { TABLE_NAME: table.table.tableName },
    });
    // Reads the status index and open problems by district; writes a project with its event, as any
    // command (the project partition holds both).
    table.grantTo(this.alertSweep.fn, ['dynamodb:GetItem', 'dynamodb:PutItem'], ['project'], { queryIndexes: true });

    this.deadLetters = secureQueue(this, 'ScheduleDeadLetters', {
      queueName: `pipeline-schedules-dlq-${stage}`,
      deadLettersOf: 'the digest, reconcile and alert-sweep schedules',
    });
    const targets = { digest: this.digest.fn, reconcile: this.reconcile.fn, 'alert-sweep': this.alertSweep.fn };
    // LambdaInvoke's role may invoke the function and its versions (`<arn>:*`); the schedules call the function itself.
    const stack = Stack.of(this);
    for (const fn of Object.values(targets)) {
      Validations.of(stack).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(fn.node.defaultChild as CfnFunction)}.Arn>:*]`,
        reason:
          'The scheduler role created by LambdaInvoke grants lambda:InvokeFunction on this one function and its versions; no other function.',
      });
    }
    this.schedules = SCHEDULES.map(
      (s) =>
        new Schedule(this, `Schedule-${s.name}`, {
          scheduleName: `pipeline-${s.name}-${stage}`,
          description: `${s.name} (${SCHEDULE_TIME_ZONE})`,
          schedule: ScheduleExpression.expression(schedulerCron(s), TimeZone.of(SCHEDULE_TIME_ZONE)),
          target: new LambdaInvoke(targets[s.target], {
            input: ScheduleTargetInput.fromObject(s.input),
            retryAttempts: 3,
            maxEventAge: Duration.hours(6),
            deadLetterQueue: this.deadLetters,
          }),
        }),
    );
  }
}
