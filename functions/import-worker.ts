// DynamoDB stream (new import chunks) → each chunk's rows signed, its results counted into the job.
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { signImportChunk } from '../shared/commands/import-chunk';
import { loadCityConfig } from '../shared/domain/city-config';
import { requireEnv } from '../shared/platform/env';
import { observability, observed } from '../shared/platform/observability';
import { createDocumentClient } from '../shared/store/client';
import { chunkOf, ImportStore } from '../shared/store/import-store';
import { ProjectStore } from '../shared/store/project-store';

const o = observability('import-worker');
const config = loadCityConfig();
const db = createDocumentClient();
const tableName = requireEnv('TABLE_NAME');
const deps = {
  projects: new ProjectStore(db, tableName),
  imports: new ImportStore(db, tableName),
  config,
  onServerError: (error: unknown) => o.logger.error('a row could not be signed', { error: error as Error }),
};

export const handler = observed(o, async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      const chunk = chunkOf(unmarshall(record.dynamodb!.NewImage as Record<string, AttributeValue>));
      const outcome = await signImportChunk(chunk, deps);
      o.logger.info('import chunk', { importId: chunk.importId, chunk: chunk.chunk, rows: chunk.rows.length, outcome });
    } catch (error) {
      // The chunk is delivered again (its signs are idempotent), and the ones after it wait.
      o.logger.error('import chunk failed', { error: error as Error, sequenceNumber: record.dynamodb?.SequenceNumber });
      batchItemFailures.push({ itemIdentifier: record.dynamodb!.SequenceNumber! });
      break;
    }
  }
  return { batchItemFailures };
});
