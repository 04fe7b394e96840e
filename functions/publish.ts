// DynamoDB stream (new EVENT items) → EventBridge.
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { requireEnv } from '../shared/env';
import { publishStreamRecords } from '../shared/pipeline/publisher';

const logger = new Logger({ serviceName: 'publish' });
const eventBridge = new EventBridgeClient({});
const busName = requireEnv('EVENT_BUS_NAME');

export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  return publishStreamRecords(eventBridge, event.Records, {
    busName,
    onProblem: (message, details) => logger.error(message, details),
  });
}
