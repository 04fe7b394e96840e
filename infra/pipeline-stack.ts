// The production stack: the design's diagram in code. Account and region come from the deploying
// environment, never from code; the stage (dev, prod) is in every resource's name.
import { join } from 'node:path';
import { Stack, Tags, type StackProps } from 'aws-cdk-lib';
import { CfnOutput } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { CityConfig } from '../shared/domain/city-config';
import { WEB_SIGN_IN_SCOPE, type WebConfig } from '../shared/platform/web-config';
import { EventPipeline } from './event-pipeline';
import { ImportWorker } from './imports';
import { PipelineApi, type ExternalIssuer, signInDomainPrefix, signInDomainUrl, userPoolIssuerOrigin } from './http-api';
import { Monitoring } from './monitoring';
import { PipelineTable } from './pipeline-table';
import { ScheduledJobs } from './scheduled-jobs';
import { assertWebBuilt, WebApp } from './web-app';

/** Where `npm run build:web` leaves the web app. */
export const DEFAULT_WEB_DIST = join(import.meta.dirname, '..', 'web', 'dist');

export type Stage = 'dev' | 'prod';

export interface PipelineStackProps extends StackProps {
  stage: Stage;
  config: CityConfig;
  externalIssuer?: ExternalIssuer;
  /** The built web app (index.html, assets/); default web/dist. Synth stops if it is not built. */
  webDistPath?: string;
}

export class PipelineStack extends Stack {
  readonly table: PipelineTable;
  readonly pipeline: EventPipeline;
  readonly api: PipelineApi;
  readonly imports: ImportWorker;
  readonly jobs: ScheduledJobs;
  readonly monitoring: Monitoring;
  readonly web: WebApp;

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id, props);
    const { stage } = props;
    const webDistPath = props.webDistPath ?? DEFAULT_WEB_DIST;
    assertWebBuilt(webDistPath); // before anything is bundled
    const retain = stage === 'prod';
    Tags.of(this).add('project', 'pipeline-tracker');
    Tags.of(this).add('stage', stage);

    this.table = new PipelineTable(this, 'Pipeline', { tableName: `pipeline-tracker-${stage}`, retain });
    const table = this.table;
    const { config } = props;

    // The order avoids a cycle: the distribution needs neither the API nor the user pool (its CSP
    // names their hosts by pattern and by the sign-in domain's precomputed prefix); the API's CORS
    // and the app client's redirect URLs need the distribution; config.json needs them all.
    const { externalIssuer } = props;
    const signInPrefix = signInDomainPrefix(this, stage);
    this.web = new WebApp(this, 'Web', {
      stage,
      retain,
      distPath: webDistPath,
      connectSources: [
        // Any HTTP API of the region: the API's id is known only once it exists, and the API's
        // CORS needs the distribution first (the cycle above).
        `https://*.execute-api.${this.region}.${this.urlSuffix}`,
        ...(externalIssuer
          ? [new URL(externalIssuer.issuer).origin]
          : // The issuer (discovery, keys) and managed login (token endpoint).
            [userPoolIssuerOrigin(this), signInDomainUrl(this, signInPrefix)]),
      ],
    });
    this.api = new PipelineApi(this, 'Http', {
      stage,
      table,
      retain,
      config,
      externalIssuer,
      web: {
        origin: this.web.origin,
        appUrl: this.web.appUrl,
        redirectUri: this.web.appUrl,
        signOutUri: this.web.appUrl,
        signInDomainPrefix: signInPrefix,
      },
    });
    this.web.deploy(webConfig(this.api, this.web));
    this.imports = new ImportWorker(this, 'Imports', { stage, table, retain, config });
    this.jobs = new ScheduledJobs(this, 'Jobs', { stage, table, retain, config, webAppUrl: this.web.appUrl });
    this.pipeline = new EventPipeline(this, 'Events', {
      stage,
      table,
      retain,
      config,
      webhooks: this.jobs.webhooks,
      webAppUrl: this.web.appUrl,
    });
    this.monitoring = new Monitoring(this, 'Monitoring', {
      stage,
      functions: {
        api: this.api.api.fn,
        spreadsheets: this.api.spreadsheets.fn,
        'import-worker': this.imports.worker.fn,
        publish: this.pipeline.publish.fn,
        rollup: this.pipeline.rollup.fn,
        digest: this.jobs.digest.fn,
        reconcile: this.jobs.reconcile.fn,
        'alert-sweep': this.jobs.alertSweep.fn,
        'alert-notice': this.pipeline.alertNotice.fn,
      },
      deadLetterQueues: {
        rollups: this.pipeline.rollupDeadLetters,
        bus: this.pipeline.ruleDeadLetters,
        publish: this.pipeline.publishFailures,
        schedules: this.jobs.deadLetters,
        notices: this.pipeline.noticeDeadLetters,
        imports: this.imports.failures,
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
    new CfnOutput(this, 'WebAppUrl', { value: this.web.appUrl, description: 'The web app' });
    new CfnOutput(this, 'WebBucketName', { value: this.web.bucket.bucketName });
    new CfnOutput(this, 'WebDistributionId', { value: this.web.distribution.distributionId });
  }
}

/** config.json: the API's URL, and the sign-in settings of the stack's user pool or of the external issuer. */
function webConfig(api: PipelineApi, web: WebApp): WebConfig {
  const signIn = { authority: api.issuer.issuer, redirectUri: web.appUrl, postLogoutRedirectUri: web.appUrl, scope: WEB_SIGN_IN_SCOPE };
  return {
    apiUrl: api.httpApi.apiEndpoint,
    auth:
      api.userPoolClient && api.signInDomain
        ? { kind: 'cognito', ...signIn, clientId: api.userPoolClient.userPoolClientId, domain: api.signInDomain.baseUrl() }
        : { kind: 'oidc', ...signIn, audience: api.issuer.audience },
  };
}
