// The local table made from the shared definition has what the stack's table has.
import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureTable } from '../../shared/store/table-definition';
import { createTestTable } from '../support/table';

let table: Awaited<ReturnType<typeof createTestTable>>;
beforeAll(async () => {
  table = await createTestTable();
});
afterAll(() => table.drop());

it('creates the table with GSI1, GSI2 and GSI3, a NEW_IMAGE stream and TTL on expiresAt, and is safe to run again', async () => {
  await ensureTable(table.client, table.tableName);
  const { Table } = await table.client.send(new DescribeTableCommand({ TableName: table.tableName }));
  expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
  expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort()).toEqual(['GSI1', 'GSI2', 'GSI3']);
  const ttl = await table.client.send(new DescribeTimeToLiveCommand({ TableName: table.tableName }));
  expect(ttl.TimeToLiveDescription).toMatchObject({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
});
