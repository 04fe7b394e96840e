// The event pipeline of the design's diagram: table stream → publish function → bus (with an
// archive for replay) → rule → rollup queue (with a dead-letter queue) → rollup function.
import { Duration, Validations } from 'aws-cdk-lib';
import { type Archive, EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EVENT_SOURCE, redAlertRulePattern, rollupRulePattern } from '../events';
import { EVENT_INSERT_FILTER } from '../shared/store/stream-filter';
import type { CityConfig } from '../shared/domain/city-config';
import { PipelineFunction } from './pipeline-function';
import type { PipelineTable } from './pipeline-table';

export interface EventPipelineProps {
  stage: string;
  table: PipelineTable;
  retain: boolean;
  config: CityConfig;
  /** The robots' secret (digests and districts' red alerts). */
  webhooks: ISecret;
  /** The web app's address, where a notice links. */
  webAppUrl: string;
}

/**
 * A queue that refuses plain HTTP and is encrypted with the SQS-managed key. `deadLettersOf` marks
 * one that is itself a dead-letter destination (of a Lambda event source, a rule target or a
 * schedule), which cdk-nag cannot see because no SQS queue names it as its DLQ.
 */
export function secureQueue(
  scope: Construct,
  id: string,
  props: { queueName: string; visibilityTimeout?: Duration; deadLetterQueue?: Queue; maxReceiveCount?: number; deadLettersOf?: string },
): Queue {
  const queue = new Queue(scope, id, {
    queueName: props.queueName,
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
    visibilityTimeout: props.visibilityTimeout,
    deadLetterQueue: props.deadLetterQueue ? { queue: props.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 5 } : undefined,
  });
  if (props.deadLettersOf) {
    Validations.of(queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: `This queue is the dead-letter destination of ${props.deadLettersOf}; a dead-letter queue needs no DLQ of its own, and an alarm watches it.`,
    });
  }
  return queue;
}

export class EventPipeline extends Construct {
  readonly bus: EventBus;
  readonly archive: Archive;
  readonly rule: Rule;
  readonly rollupQueue: Queue;
  readonly rollupDeadLetters: Queue;
  readonly ruleDeadLetters: Queue;
  readonly publishFailures: Queue;
  readonly publish: PipelineFunction;
  readonly rollup: PipelineFunction;
  readonly noticeQueue: Queue;
  readonly noticeDeadLetters: Queue;
  readonly alertNotice: PipelineFunction;

  constructor(scope: Construct, id: string, props: EventPipelineProps) {
    super(scope, id);
    const { stage, table } = props;

    this.bus = new EventBus(this, 'Bus', { eventBusName: `pipeline-${stage}` });
    this.archive = this.bus.archive('Archive', {
      archiveName: `pipeline-${stage}`,
      description: 'Every project event, for replay into the rollups',
      eventPattern: { source: [EVENT_SOURCE] },
      retention: props.retain ? Duration.days(3 * 365) : Duration.days(30),
    });

    // Stream → publish. Only new EVENT items (the outbox); a failing record is bisected out and,
    // after its retries, sent to the failure queue so the shard keeps moving.
    this.publishFailures = secureQueue(this, 'PublishFailures', {
      queueName: `pipeline-publish-failures-${stage}`,
      deadLettersOf: 'the stream → publish event source (on-failure destination)',
    });
    this.publish = new PipelineFunction(this, 'Publish', {
      stage,
      name: 'publish',
      retain: props.retain,
      config: props.config,
      environment: { EVENT_BUS_NAME: this.bus.eventBusName },
    });
    this.bus.grantPutEventsTo(this.publish.fn);
    this.publish.fn.addEventSource(
      new DynamoEventSource(table.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        retryAttempts: 10,
        maxRecordAge: Duration.hours(24),
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.publishFailures),
        filters: [FilterCriteria.filter(EVENT_INSERT_FILTER)],
      }),
    );

    // Rule → queue → rollup. The queue absorbs bursts and keeps two batches at most in flight, so
    // rollup transactions on the same counters rarely collide.
    const rollupTimeout = Duration.seconds(30);
    this.rollupDeadLetters = secureQueue(this, 'RollupDeadLetters', { queueName: `pipeline-rollups-dlq-${stage}` });
    this.rollupQueue = secureQueue(this, 'RollupQueue', {
      queueName: `pipeline-rollups-${stage}`,
      // Lambda's advice: six times the function timeout, so a retried batch is not delivered twice at once.
      visibilityTimeout: Duration.seconds(rollupTimeout.toSeconds() * 6),
      deadLetterQueue: this.rollupDeadLetters,
      maxReceiveCount: 5,
    });
    this.ruleDeadLetters = secureQueue(this, 'RuleDeadLetters', {
      queueName: `pipeline-bus-dlq-${stage}`,
      deadLettersOf: 'the rollup and red-alert rules’ targets',
    });
    this.rule = new Rule(this, 'RollupRule', {
      ruleName: `pipeline-rollups-${stage}`,
      eventBus: this.bus,
      eventPattern: {
        source: [...rollupRulePattern.source],
        detailType: [...rollupRulePattern['detail-type']],
        detail: rollupRulePattern.detail,
      },
      targets: [
        new SqsQueue(this.rollupQueue, { deadLetterQueue: this.ruleDeadLetters, maxEventAge: Duration.hours(24), retryAttempts: 185 }),
      ],
    });
    this.rollup = new PipelineFunction(this, 'Rollup', {
      stage,
      name: 'rollup',
      retain: props.retain,
      config: props.config,
      timeout: rollupTimeout,
      environment: { TABLE_NAME: table.table.tableName },
    });
    table.grantTo(this.rollup.fn, ['dynamodb:PutItem', 'dynamodb:UpdateItem'], ['applied', 'rollup']);
    this.rollup.fn.addEventSource(
      new SqsEventSource(this.rollupQueue, {
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(2),
        reportBatchItemFailures: true,
        maxConcurrency: 2,
      }),
    );

    // Rule on red `after` states → queue → notice: the district's robots hear of a project that
    // turned red, once per change. A robot that is down holds its messages for redelivery.
    const noticeTimeout = Duration.seconds(60);
    this.noticeDeadLetters = secureQueue(this, 'NoticeDeadLetters', { queueName: `pipeline-alert-notices-dlq-${stage}` });
    this.noticeQueue = secureQueue(this, 'NoticeQueue', {
      queueName: `pipeline-alert-notices-${stage}`,
      visibilityTimeout: Duration.seconds(noticeTimeout.toSeconds() * 6),
      deadLetterQueue: this.noticeDeadLetters,
      maxReceiveCount: 5,
    });
    new Rule(this, 'RedAlertRule', {
      ruleName: `pipeline-red-alerts-${stage}`,
      eventBus: this.bus,
      eventPattern: {
        source: [...redAlertRulePattern.source],
        detailType: [...redAlertRulePattern['detail-type']],
        detail: redAlertRulePattern.detail,
      },
      targets: [
        new SqsQueue(this.noticeQueue, { deadLetterQueue: this.ruleDeadLetters, maxEventAge: Duration.hours(24), retryAttempts: 185 }),
      ],
    });
    this.alertNotice = new PipelineFunction(this, 'AlertNotice', {
      stage,
      name: 'alert-notice',
      retain: props.retain,
      config: props.config,
      timeout: noticeTimeout,
      environment: {
        TABLE_NAME: table.table.tableName,
        DIGEST_WEBHOOKS_SECRET_ARN: props.webhooks.secretArn,
        WEB_APP_URL: props.webAppUrl,
      },
    });
    table.grantTo(this.alertNotice.fn, ['dynamodb:GetItem', 'dynamodb:PutItem'], ['notice']);
    props.webhooks.grantRead(this.alertNotice.fn);
    this.alertNotice.fn.addEventSource(
      new SqsEventSource(this.noticeQueue, { batchSize: 10, maxBatchingWindow: Duration.seconds(5), reportBatchItemFailures: true }),
    );
  }
}
