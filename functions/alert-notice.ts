// SQS (from the bus rule on red alerts) → the district's robots, once per change.
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { loadCityConfig } from '../shared/domain/city-config';
import { loadWebhooks, postToRobot, type WebhookConfig } from '../shared/digest/delivery';
import { consumeRedAlertMessages } from '../shared/monitoring/red-alert-notice';
import { requireEnv, webAppUrl } from '../shared/platform/env';
import { METRIC } from '../shared/platform/metrics';
import { observability, observed } from '../shared/platform/observability';
import { createDocumentClient } from '../shared/store/client';
import { NoticeStore } from '../shared/store/notice-store';

const o = observability('alert-notice');
const { logger, metrics } = o;
const config = loadCityConfig();
const notices = new NoticeStore(createDocumentClient(), requireEnv('TABLE_NAME'));
const webhooksSecretArn = process.env.DIGEST_WEBHOOKS_SECRET_ARN;
let webhooks: Promise<WebhookConfig[]> | undefined;

/** The robots, read once per container: from Secrets Manager in AWS, DIGEST_WEBHOOKS_JSON locally. */
async function loadRobots(): Promise<WebhookConfig[]> {
  if (!webhooksSecretArn) return loadWebhooks(process.env.DIGEST_WEBHOOKS_JSON);
  const secret = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: webhooksSecretArn }));
  return loadWebhooks(secret.SecretString, 'the webhooks secret');
}

export const handler = observed(o, async (event: SQSEvent): Promise<SQSBatchResponse> => {
  webhooks ??= loadRobots().catch((error: unknown) => {
    webhooks = undefined; // a failed read is tried again on the next invocation
    throw error;
  });
  const result = await consumeRedAlertMessages(event.Records, {
    config,
    webhooks: await webhooks,
    notices,
    send: (hook, message) => postToRobot(hook, message),
    webAppUrl: webAppUrl(),
    onProblem: (message, details) => logger.error(message, details),
  });
  metrics.addMetric(METRIC.alertNoticeFailures, MetricUnit.Count, result.batchItemFailures.length);
  return result;
});
