// Builders for the records AWS hands the pipeline's functions.
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, SQSRecord } from 'aws-lambda';
import { EVENT_SOURCE } from '../../events';
import type { ProjectEvent } from '../../shared/domain/project';

let seq = 0;

/** An SQS record carrying an EventBridge envelope, as the bus rule's target delivers it. */
export function sqsRecord(event: ProjectEvent, messageId = `msg-${++seq}`): SQSRecord {
  const envelope = {
    version: '0',
    id: `eb-${seq}`,
    'detail-type': event.detailType,
    source: EVENT_SOURCE,
    account: '123456789012',
    time: event.detail.occurredAt,
    region: 'cn-north-1',
    resources: [],
    detail: event.detail,
  };
  return { messageId, body: JSON.stringify(envelope) } as SQSRecord;
}

/** A DynamoDB stream INSERT record of a stored item. */
export function streamInsert(item: Record<string, unknown>, sequenceNumber = String(++seq).padStart(21, '0')): DynamoDBRecord {
  return {
    eventID: `ev-${sequenceNumber}`,
    eventName: 'INSERT',
    eventSource: 'aws:dynamodb',
    dynamodb: {
      SequenceNumber: sequenceNumber,
      Keys: marshall({ PK: item.PK, SK: item.SK }) as never,
      NewImage: marshall(item, { removeUndefinedValues: true }) as never,
      StreamViewType: 'NEW_IMAGE',
    },
  };
}
