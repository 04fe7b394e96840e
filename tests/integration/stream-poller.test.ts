// The local stream poller against DynamoDB Local's real stream: filter criteria, batch item
// failures retried from the first failed record, records given up on reported, checkpoint kept.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { StreamPoller } from '../../local/stream-poller';
import { EVENT_INSERT_FILTER } from '../../shared/store/stream-filter';
import { createTestTable } from '../support/table';

let table: Awaited<ReturnType<typeof createTestTable>>;
const streams = new DynamoDBStreamsClient({
  endpoint: inject('dynamoDbEndpoint'),
  region: 'local',
  credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
});

beforeAll(async () => {
  table = await createTestTable();
});
afterAll(async () => {
  streams.destroy();
  await table.drop();
});

const idsOf = (event: DynamoDBStreamEvent) => event.Records.map((r) => r.dynamodb!.NewImage!.id!.S!);

async function until(condition: () => boolean, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('StreamPoller', () => {
  it('hands EVENT inserts to the consumer, retries from the first failed record, and reports what keeps failing', async () => {
    for (const id of ['a', 'b', 'c', 'd']) {
      await table.doc.send(
        new PutCommand({
          TableName: table.tableName,
          Item: { PK: `X#${id}`, SK: 'EVENT#1', entity: id === 'c' ? 'PROJECT' : 'EVENT', id },
        }),
      );
    }
    const calls: string[][] = [];
    let bFailures = 1;
    const checkpointFile = join(mkdtempSync(join(tmpdir(), 'poller-')), 'checkpoint.json');
    const poller = new StreamPoller({
      streams,
      dynamodb: table.client,
      tableName: table.tableName,
      checkpointFile,
      pollMs: 20,
      consumers: [
        {
          name: 'publish',
          filter: EVENT_INSERT_FILTER,
          maxRetries: 2,
          handler: async (event) => {
            calls.push(idsOf(event));
            const failed = event.Records.filter((r) => {
              const id = r.dynamodb!.NewImage!.id!.S;
              return id === 'd' || (id === 'b' && bFailures-- > 0);
            });
            return { batchItemFailures: failed.map((r) => ({ itemIdentifier: r.dynamodb!.SequenceNumber! })) };
          },
        },
      ],
    });
    await poller.start();
    await until(() => poller.failures.length > 0 && poller.caughtUp);
    await poller.stop();
    // c is a PROJECT item: filtered out. b fails once: the retry starts at b. d always fails: after
    // two retries it is reported and the shard moves on.
    expect(calls).toEqual([['a', 'b', 'd'], ['b', 'd'], ['d']]);
    expect(poller.failures).toMatchObject([{ consumer: 'publish', error: 'reported as a batch item failure' }]);
    expect(poller.failures[0]?.sequenceNumbers).toHaveLength(1);
    expect(JSON.parse(readFileSync(checkpointFile, 'utf8')).shards).not.toEqual({});
  });
});
