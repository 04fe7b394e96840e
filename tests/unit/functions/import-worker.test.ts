// The import worker in AWS, with DynamoDB mocked: a chunk's rows signed and its results recorded in
// one transaction; a chunk recorded before is not signed again; a chunk that fails is reported as
// the batch's failure, and the chunks after it wait for its retry (stream order).
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '../../../local/lambda-context';
import { Entity, importChunkKey, importResultKey } from '../../../shared/store/keys';
import { signInput } from '../../support/fixtures';

const ddb = mockClient(DynamoDBDocumentClient);
const IMPORT_ID = '01JIMPORT00000000000000000';

function chunkRecord(chunk: number, sequenceNumber: string) {
  const item = {
    ...importChunkKey(IMPORT_ID, chunk),
    entity: Entity.importChunk,
    importId: IMPORT_ID,
    chunk,
    rows: [
      { row: 2 + chunk * 2, projectId: `W-${chunk}-a`, command: signInput({ projectId: `W-${chunk}-a`, district: 'haizhou' }) },
      { row: 3 + chunk * 2, projectId: `W-${chunk}-b`, errors: [{ field: 'district', rule: 'must be one of the configured districts' }] },
    ],
    createdBy: 'clerk-1',
    roles: [{ kind: 'district', code: 'haizhou' }],
  };
  return { eventName: 'INSERT', dynamodb: { SequenceNumber: sequenceNumber, NewImage: marshall(item) } };
}

beforeAll(() => {
  vi.stubEnv('TABLE_NAME', 'pipeline-test');
  vi.stubEnv('AWS_REGION', 'cn-north-1');
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
});
beforeEach(() => ddb.reset());

describe('the import worker', () => {
  it('signs a chunk’s rows and records its results with its counts in one transaction', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(TransactWriteCommand).resolves({});
    const { handler } = await import('../../../functions/import-worker');
    const response = await handler({ Records: [chunkRecord(0, '1')] } as DynamoDBStreamEvent, lambdaContext('import-worker'));
    expect(response).toEqual({ batchItemFailures: [] });
    const transactions = ddb.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems!);
    // The sign (project and event), then the chunk's results and the job's counts.
    expect(transactions).toHaveLength(2);
    const [result, counts] = transactions[1]!;
    expect(result!.Put!.Item).toMatchObject({
      ...importResultKey(IMPORT_ID, 0),
      result: { created: [{ row: 2, projectId: 'W-0-a' }], unchanged: [], failed: [{ row: 3, projectId: 'W-0-b' }] },
    });
    expect(counts!.Update!.ExpressionAttributeValues).toMatchObject({ ':processed': 2, ':created': 1, ':failed': 1 });
  });

  it('does not sign again a chunk whose results are recorded (a redelivery)', async () => {
    ddb.on(GetCommand, { Key: importResultKey(IMPORT_ID, 0) }).resolves({ Item: { PK: 'x' } });
    const { handler } = await import('../../../functions/import-worker');
    expect(await handler({ Records: [chunkRecord(0, '1')] } as DynamoDBStreamEvent, lambdaContext('import-worker'))).toEqual({
      batchItemFailures: [],
    });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('reports a failed chunk, and leaves the ones after it for the retry', async () => {
    ddb.on(GetCommand).rejects(new Error('throttled'));
    const { handler } = await import('../../../functions/import-worker');
    const response = await handler(
      { Records: [chunkRecord(0, '1'), chunkRecord(1, '2')] } as DynamoDBStreamEvent,
      lambdaContext('import-worker'),
    );
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '1' }] });
    expect(ddb.commandCalls(GetCommand)).toHaveLength(1);
  });
});
