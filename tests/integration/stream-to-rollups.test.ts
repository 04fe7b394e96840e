// The committed EVENT items, read from DynamoDB Local's real stream, published (EventBridge mocked,
// its entries captured as the bus rule would deliver them) and rolled up: exact, with nothing lost.
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import type { DynamoDBRecord, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { LIANYUNGANG } from '../../shared/domain/city-config';
import { publishStreamRecords } from '../../shared/pipeline/publisher';
import { consumeRollupMessages } from '../../shared/pipeline/rollup-consumer';
import { reconcileYear } from '../../shared/monitoring/reconcile';
import { ProjectStore } from '../../shared/store/project-store';
import { RollupStore } from '../../shared/store/rollup-store';
import { runScenario } from '../support/scenario';
import { createTestTable } from '../support/table';

let table: Awaited<ReturnType<typeof createTestTable>>;
const eventBridge = mockClient(EventBridgeClient);

beforeAll(async () => {
  table = await createTestTable();
});
afterAll(() => {
  eventBridge.restore();
  return table.drop();
});

async function readWholeStream(): Promise<DynamoDBRecord[]> {
  const streams = new DynamoDBStreamsClient({
    endpoint: inject('dynamoDbEndpoint'),
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const { Table } = await table.client.send(new DescribeTableCommand({ TableName: table.tableName }));
  const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: Table!.LatestStreamArn! }));
  const records: DynamoDBRecord[] = [];
  for (const shard of StreamDescription?.Shards ?? []) {
    let { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({ StreamArn: Table!.LatestStreamArn!, ShardId: shard.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }),
    );
    while (ShardIterator) {
      const page = await streams.send(new GetRecordsCommand({ ShardIterator, Limit: 100 }));
      records.push(...((page.Records ?? []) as DynamoDBRecord[]));
      if ((page.Records ?? []).length === 0) break;
      ShardIterator = page.NextShardIterator;
    }
  }
  streams.destroy();
  return records;
}

it('stream → publish → rollups: every committed event arrives once in effect, rollups exact', async () => {
  const events = await runScenario(new ProjectStore(table.doc, table.tableName), 30, 'ST');
  const records = await readWholeStream();
  // The stream carries project items too; only EVENT inserts are published.
  expect(records.length).toBeGreaterThan(events.length);

  const published: PutEventsRequestEntry[] = [];
  eventBridge.on(PutEventsCommand).callsFake((input: { Entries: PutEventsRequestEntry[] }) => {
    published.push(...input.Entries);
    return { FailedEntryCount: 0, Entries: input.Entries.map((_, i) => ({ EventId: `eb-${published.length + i}` })) };
  });
  const client = new EventBridgeClient({ region: 'local' });
  for (let at = 0; at < records.length; at += 25) {
    const result = await publishStreamRecords(client, records.slice(at, at + 25), { busName: 'bus' });
    expect(result.batchItemFailures).toEqual([]);
  }
  expect(published.map((e) => JSON.parse(e.Detail!).eventId).sort()).toEqual(events.map((e) => e.detail.eventId).sort());

  // The bus rule's SQS target delivers each entry wrapped in its EventBridge envelope.
  const messages = published.map((e, i) => ({
    messageId: `m-${i}`,
    body: JSON.stringify({ version: '0', id: `eb-${i}`, source: e.Source, 'detail-type': e.DetailType, detail: JSON.parse(e.Detail!) }),
  })) as SQSRecord[];
  const rollups = new RollupStore(table.doc, table.tableName, LIANYUNGANG);
  for (let at = 0; at < messages.length; at += 10) {
    expect((await consumeRollupMessages(rollups, messages.slice(at, at + 10))).batchItemFailures).toEqual([]);
  }
  for (const year of [2024, 2025]) {
    expect((await reconcileYear(rollups, LIANYUNGANG, year, { repair: false })).drift).toEqual([]);
  }
  // Two minutes: 30 projects' events through the stream, the publisher and the rollups (26 s on a busy CI run).
}, 120_000);
