// EventBridge Scheduler (Asia/Shanghai) → compose, store and deliver the period's digest.
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import * as z from 'zod';
import { CalendarDate } from '../events';
import { loadCityConfig } from '../shared/domain/city-config';
import { snsChannel, loadWebhooks, webhookChannel, type DigestChannel } from '../shared/digest/delivery';
import { runDigest, type DigestRun } from '../shared/digest/run';
import { DIGEST_KINDS } from '../shared/domain/digest-period';
import { scheduledInstantOn } from '../shared/platform/schedules';
import { requireEnv, webAppUrl } from '../shared/platform/env';
import { METRIC } from '../shared/platform/metrics';
import { observability, observed } from '../shared/platform/observability';
import { createDocumentClient } from '../shared/store/client';
import { DigestStore } from '../shared/store/digest-store';
import { ProblemStore } from '../shared/store/problem-store';
import { ProjectStore } from '../shared/store/project-store';
import { RollupStore } from '../shared/store/rollup-store';

const o = observability('digest');
const { logger, metrics } = o;
const config = loadCityConfig();
const tableName = requireEnv('TABLE_NAME');
const db = createDocumentClient();
const sources = {
  projects: new ProjectStore(db, tableName),
  problems: new ProblemStore(db, tableName),
  rollups: new RollupStore(db, tableName, config),
  digests: new DigestStore(db, tableName),
  config,
  webAppUrl: webAppUrl(),
};
const topicArn = process.env.DIGEST_TOPIC_ARN;
const webhooksSecretArn = process.env.DIGEST_WEBHOOKS_SECRET_ARN;
let channels: Promise<DigestChannel[]> | undefined;

/** The channels, read once per container: the robots' URLs from Secrets Manager in AWS (districts' robots get alerts, not digests). */
async function loadChannels(): Promise<DigestChannel[]> {
  const webhooks = webhooksSecretArn
    ? loadWebhooks(
        (await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: webhooksSecretArn }))).SecretString,
        'the digest webhooks secret',
      )
    : loadWebhooks(process.env.DIGEST_WEBHOOKS_JSON);
  return [
    ...(topicArn ? [snsChannel(new SNSClient({}), topicArn)] : []),
    ...webhooks.filter((hook) => !hook.district).map((hook) => webhookChannel(hook)),
  ];
}

/** The schedule's input: `{kind}`; `asOf` (a business date) re-runs a past period by hand. */
const InputSchema = z.strictObject({ kind: z.enum(DIGEST_KINDS), asOf: CalendarDate.optional() });

export const handler = observed(o, async (input: unknown): Promise<DigestRun> => {
  const { kind, asOf } = InputSchema.parse(input);
  const instant = asOf ? scheduledInstantOn(kind, asOf) : new Date();
  channels ??= loadChannels().catch((error: unknown) => {
    channels = undefined; // a failed read is tried again on the next invocation
    throw error;
  });
  const run = await runDigest(kind, instant, sources, await channels);
  const failed = run.sent.filter((s) => !s.ok);
  for (const f of failed) logger.error('digest channel failed', { kind, period: run.period, ...f });
  metrics.addMetric(METRIC.digestChannelFailures, MetricUnit.Count, failed.length);
  logger.info('digest run', { kind, period: run.period, composed: run.composed, sent: run.sent.length, failed: failed.length });
  return run;
});
