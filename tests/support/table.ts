// A fresh table in the run's DynamoDB Local for each test file.
import { randomUUID } from 'node:crypto';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { createDocumentClient, createDynamoDbClient } from '../../shared/store/client';
import { ensureTable } from '../../shared/store/table-definition';

export async function createTestTable() {
  const client = createDynamoDbClient(inject('dynamoDbEndpoint'));
  const doc = createDocumentClient(client);
  const tableName = `test-${randomUUID()}`;
  await ensureTable(client, tableName);
  return {
    client,
    doc,
    tableName,
    async drop() {
      await client.send(new DeleteTableCommand({ TableName: tableName }));
      client.destroy();
    },
  };
}
