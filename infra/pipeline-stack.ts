// The production stack: the design's diagram in code. Account and region come from the deploying
// environment, never from code; the stage (dev, prod) is in every resource's name.
import { Stack, Tags, type StackProps } from 'aws-cdk-lib';
import { CfnOutput } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { CityConfig } from '../shared/domain/city-config';
import { EventPipeline } from './event-pipeline';
import { PipelineApi, type ExternalIssuer } from './http-api';
import { Monitoring } from './monitoring';
import { PipelineTable } from './pipeline-table';
import { ScheduledJobs } from './scheduled-jobs';

export type Stage = 'dev' | 'prod';

export interface PipelineStackProps extends StackProps {
  stage: Stage;
  config: CityConfig;
  externalIssuer?: ExternalIssuer;
}

export class PipelineStack extends Stack {
  readonly table: PipelineTable;
  readonly pipeline: EventPipeline;
  readonly api: PipelineApi;
  readonly jobs: ScheduledJobs;
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id, props);
    const { stage } = props;
    const retain = stage === 'prod';
    Tags.of(this).add('project', 'pipeline-tracker');
    Tags.of(this).add('stage', stage);

    this.table = new PipelineTable(this, 'Pipeline', { tableName: `pipeline-tracker-${stage}`, retain });
    const table = this.table;
    const { config } = props;
    this.pipeline = new EventPipeline(this, 'Events', { stage, table, retain, config });
    this.api = new PipelineApi(this, 'Http', { stage, table, retain, config, externalIssuer: props.externalIssuer });
    this.jobs = new ScheduledJobs(this, 'Jobs', { stage, table, retain, config });
    this.monitoring = new Monitoring(this, 'Monitoring', {
      stage,
      functions: {
        api: this.api.api.fn,
        publish: this.pipeline.publish.fn,
        rollup: this.pipeline.rollup.fn,
        digest: this.jobs.digest.fn,
        reconcile: this.jobs.reconcile.fn,
      },
      deadLetterQueues: {
        rollups: this.pipeline.rollupDeadLetters,
        bus: this.pipeline.ruleDeadLetters,
        publish: this.pipeline.publishFailures,
        schedules: this.jobs.deadLetters,
      },
      rollupQueue: this.pipeline.rollupQueue,
      busName: this.pipeline.bus.eventBusName,
      ruleName: this.pipeline.rule.ruleName,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.httpApi.apiEndpoint });
    if (this.api.userPool) new CfnOutput(this, 'UserPoolId', { value: this.api.userPool.userPoolId });
    if (this.api.userPoolClient) new CfnOutput(this, 'UserPoolClientId', { value: this.api.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'DigestTopicArn', { value: this.jobs.digestTopic.topicArn });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.alarmTopic.topicArn });
    new CfnOutput(this, 'WebhooksSecretName', { value: this.jobs.webhooks.secretName });
  }
}
