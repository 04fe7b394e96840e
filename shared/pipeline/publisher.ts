// DynamoDB stream records of new EVENT items → EventBridge. Entries go in PutEvents requests of at
// most 10 entries and 256 KB; entries EventBridge reports as failed are retried; records that still
// cannot be published are returned as batch item failures, so nothing committed is ever dropped.
import { PutEventsCommand, type EventBridgeClient, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { EVENT_SOURCE } from '../../events';
import { Entity } from '../store/keys';
import { toEvent } from '../store/project-store';

/** EventBridge's limit for one PutEvents request, and so for one entry. */
export const MAX_REQUEST_BYTES = 256 * 1024;
export const MAX_ENTRIES_PER_REQUEST = 10;

export interface PublisherOptions {
  busName: string;
  /** Attempts per entry, the first included. */
  maxAttempts?: number;
  /** Wait before retry n (1-based); injectable so tests do not sleep. */
  backoff?: (attempt: number) => Promise<void>;
  onProblem?: (message: string, details: Record<string, unknown>) => void;
}

interface Pending {
  sequenceNumber: string;
  entry: PutEventsRequestEntry;
  size: number;
}

/** EventBridge's entry size: Source, DetailType, Detail and Resources in UTF-8, plus 14 for Time. */
export function entrySize(entry: PutEventsRequestEntry): number {
  const bytes = (s: string | undefined) => (s ? Buffer.byteLength(s, 'utf8') : 0);
  return (
    14 + bytes(entry.Source) + bytes(entry.DetailType) + bytes(entry.Detail) + (entry.Resources ?? []).reduce((n, r) => n + bytes(r), 0)
  );
}

export async function publishStreamRecords(
  eventBridge: EventBridgeClient,
  records: readonly DynamoDBRecord[],
  options: PublisherOptions,
): Promise<DynamoDBBatchResponse> {
  const maxAttempts = options.maxAttempts ?? 3;
  const backoff = options.backoff ?? ((n: number) => new Promise<void>((r) => setTimeout(r, 100 * 2 ** (n - 1))));
  const problem = options.onProblem ?? (() => {});
  const failed = new Set<string>();
  let pending: Pending[] = [];

  for (const record of records) {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || image?.entity?.S !== Entity.event) continue;
    const sequenceNumber = record.dynamodb?.SequenceNumber ?? record.eventID ?? '';
    try {
      const { detailType, detail } = toEvent(unmarshall(image as Record<string, AttributeValue>));
      const entry: PutEventsRequestEntry = {
        Source: EVENT_SOURCE,
        DetailType: detailType,
        Detail: JSON.stringify(detail),
        EventBusName: options.busName,
        Time: new Date(detail.occurredAt),
      };
      const size = entrySize(entry);
      if (size > MAX_REQUEST_BYTES) {
        problem('event too large for EventBridge', { sequenceNumber, eventId: detail.eventId, size });
        failed.add(sequenceNumber);
        continue;
      }
      pending.push({ sequenceNumber, entry, size });
    } catch (error) {
      problem('malformed EVENT record', { sequenceNumber, error: String(error) });
      failed.add(sequenceNumber);
    }
  }

  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > 1) await backoff(attempt - 1);
    const retry: Pending[] = [];
    for (const batch of batches(pending)) {
      try {
        const result = await eventBridge.send(new PutEventsCommand({ Entries: batch.map((p) => p.entry) }));
        (result.Entries ?? []).forEach((e, i) => {
          if (e.ErrorCode && batch[i]) retry.push(batch[i]);
        });
      } catch (error) {
        problem('PutEvents failed', { attempt, entries: batch.length, error: String(error) });
        retry.push(...batch);
      }
    }
    if (retry.length > 0 && attempt >= maxAttempts) {
      for (const p of retry) failed.add(p.sequenceNumber);
      problem('entries not published after retries', { attempts: attempt, entries: retry.length });
      break;
    }
    pending = retry;
  }

  return { batchItemFailures: [...failed].map((itemIdentifier) => ({ itemIdentifier })) };
}

/** Groups entries into requests of at most 10 entries and 256 KB. */
function batches(pending: readonly Pending[]): Pending[][] {
  const result: Pending[][] = [];
  let current: Pending[] = [];
  let bytes = 0;
  for (const p of pending) {
    if (current.length === MAX_ENTRIES_PER_REQUEST || bytes + p.size > MAX_REQUEST_BYTES) {
      result.push(current);
      current = [];
      bytes = 0;
    }
    current.push(p);
    bytes += p.size;
  }
  if (current.length > 0) result.push(current);
  return result;
}
