// Reads every page of a query.
import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { TABLE_DEFINITION } from './table-definition';

export async function queryAll(db: DynamoDBDocumentClient, input: QueryCommandInput): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
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
