// Reads every page of a query (or pages until `limit` items).
import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { TABLE_DEFINITION } from './table-definition';

export async function queryAll(
  db: DynamoDBDocumentClient,
  input: QueryCommandInput,
  options: { limit?: number } = {},
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  const { limit } = options;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({ ...input, ExclusiveStartKey: startKey, ...(limit === undefined ? {} : { Limit: limit - items.length }) }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey && (limit === undefined || items.length < limit));
  return items;
}

/** How many items a query matches (after its filter), counted page by page without reading them out. */
export async function countAll(db: DynamoDBDocumentClient, input: QueryCommandInput): Promise<number> {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new QueryCommand({ ...input, Select: 'COUNT', ExclusiveStartKey: startKey }));
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return count;
}

/** Every item of one partition of the table. */
export function queryPartition(
  db: DynamoDBDocumentClient,
  tableName: string,
  partitionKey: string,
  options: { consistentRead?: boolean } = {},
): Promise<Record<string, unknown>[]> {
  return queryAll(db, {
    TableName: tableName,
    KeyConditionExpression: '#pk = :pk',
    ExpressionAttributeNames: { '#pk': TABLE_DEFINITION.partitionKey },
    ExpressionAttributeValues: { ':pk': partitionKey },
    ConsistentRead: options.consistentRead,
  });
}
