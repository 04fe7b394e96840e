// SQS messages (EventBridge envelopes from the bus rule) → rollups. The batch's events are applied
// together with their applied markers; a message that is malformed or could not be applied is
// reported as a batch item failure, so SQS redelivers it and, past maxReceiveCount, dead-letters it.
import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { ALL_DETAIL_TYPES, EVENT_SOURCE, ProjectEventDetailSchema, type ProjectEventDetail } from '../../events';
import type { RollupStore } from '../store/rollup-store';

const EnvelopeSchema = z.object({
  source: z.literal(EVENT_SOURCE),
  'detail-type': z.enum(ALL_DETAIL_TYPES as [string, ...string[]]),
  detail: ProjectEventDetailSchema,
});

export function parseEnvelope(body: string): ProjectEventDetail {
  return EnvelopeSchema.parse(JSON.parse(body)).detail;
}

export async function consumeRollupMessages(
  store: RollupStore,
  records: readonly SQSRecord[],
  onProblem: (message: string, details: Record<string, unknown>) => void = () => {},
): Promise<SQSBatchResponse> {
  const failures: string[] = [];
  const parsed: { messageId: string; event: ProjectEventDetail }[] = [];
  for (const record of records) {
    try {
      parsed.push({ messageId: record.messageId, event: parseEnvelope(record.body) });
    } catch (error) {
      onProblem('malformed rollup message', { messageId: record.messageId, error: String(error) });
      failures.push(record.messageId);
    }
  }
  const outcomes = await store.applyBatch(parsed.map((p) => p.event));
  for (const { messageId, event } of parsed) {
    const outcome = outcomes.get(event.eventId);
    if (outcome instanceof Error || outcome === undefined) {
      onProblem('event not applied', { messageId, eventId: event.eventId, error: String(outcome) });
      failures.push(messageId);
    }
  }
  return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
}
