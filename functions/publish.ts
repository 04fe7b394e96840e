// DynamoDB stream (new EVENT items) → EventBridge.
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { requireEnv } from '../shared/platform/env';
import { METRIC } from '../shared/platform/metrics';
import { observability, observed } from '../shared/platform/observability';
import { publishStreamRecords } from '../shared/pipeline/publisher';

const o = observability('publish');
const { logger, metrics } = o;
const eventBridge = new EventBridgeClient({});
const busName = requireEnv('EVENT_BUS_NAME');

export const handler = observed(o, async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const result = await publishStreamRecords(eventBridge, event.Records, {
    busName,
    onProblem: (message, details) => logger.error(message, details),
  });
  metrics.addMetric(METRIC.eventsPublished, MetricUnit.Count, event.Records.length - result.batchItemFailures.length);
  metrics.addMetric(METRIC.publishFailures, MetricUnit.Count, result.batchItemFailures.length);
  return result;
});
