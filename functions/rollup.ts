// SQS (from the bus rule) → idempotent, batched rollups.
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { loadCityConfig } from '../shared/domain/city-config';
import { requireEnv } from '../shared/platform/env';
import { METRIC } from '../shared/platform/metrics';
import { observability, observed } from '../shared/platform/observability';
import { consumeRollupMessages } from '../shared/pipeline/rollup-consumer';
import { createDocumentClient } from '../shared/store/client';
import { RollupStore } from '../shared/store/rollup-store';

const o = observability('rollup');
const { logger, metrics } = o;
const store = new RollupStore(createDocumentClient(), requireEnv('TABLE_NAME'), loadCityConfig());

export const handler = observed(o, async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const result = await consumeRollupMessages(store, event.Records, (message, details) => logger.error(message, details));
  metrics.addMetric(METRIC.eventsApplied, MetricUnit.Count, event.Records.length - result.batchItemFailures.length);
  metrics.addMetric(METRIC.rollupFailures, MetricUnit.Count, result.batchItemFailures.length);
  return result;
});
