// The single table's definition, shared by the CDK stack and the local runtime so both build the
// same keys, index, stream and TTL.
import {
  CreateTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';

export const TABLE_DEFINITION = {
  partitionKey: 'PK',
  sortKey: 'SK',
  gsi1: { indexName: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
  /** Sparse: only signed projects with a planned start, by district and planned start date. */
  gsi2: { indexName: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
  /** Sparse: only EVENT items, by the business day they were posted (the digest's "what changed"). */
  gsi3: { indexName: 'GSI3', partitionKey: 'GSI3PK', sortKey: 'GSI3SK' },
  /** Streams carry new images: the publish function reads the EVENT items written. */
  streamViewType: 'NEW_IMAGE',
  /** Applied markers expire; nothing else sets it. */
  ttlAttribute: 'expiresAt',
  billingMode: 'PAY_PER_REQUEST',
} as const;

export const GSI1 = TABLE_DEFINITION.gsi1.indexName;
export const GSI2 = TABLE_DEFINITION.gsi2.indexName;
export const GSI3 = TABLE_DEFINITION.gsi3.indexName;

/** Every GSI of the table, in one list for the builders below and the CDK construct. */
export const GLOBAL_SECONDARY_INDEXES = [TABLE_DEFINITION.gsi1, TABLE_DEFINITION.gsi2, TABLE_DEFINITION.gsi3] as const;

/** The CreateTable request for this definition (the local runtime and the integration tests). */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const d = TABLE_DEFINITION;
  return {
    TableName: tableName,
    BillingMode: d.billingMode,
    AttributeDefinitions: [d.partitionKey, d.sortKey, ...GLOBAL_SECONDARY_INDEXES.flatMap((g) => [g.partitionKey, g.sortKey])].map(
      (name) => ({
        AttributeName: name,
        AttributeType: 'S',
      }),
    ),
    KeySchema: [
      { AttributeName: d.partitionKey, KeyType: 'HASH' },
      { AttributeName: d.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: GLOBAL_SECONDARY_INDEXES.map((gsi) => ({
      IndexName: gsi.indexName,
      KeySchema: [
        { AttributeName: gsi.partitionKey, KeyType: 'HASH' as const },
        { AttributeName: gsi.sortKey, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: d.streamViewType },
  };
}

/** Creates the table (if missing) with its TTL, and waits until it is active. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new CreateTableCommand(createTableInput(tableName)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await waitUntilTableExists({ client, maxWaitTime: 60 }, { TableName: tableName });
  const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  if (ttl.TimeToLiveDescription?.TimeToLiveStatus !== 'ENABLED') {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: TABLE_DEFINITION.ttlAttribute, Enabled: true },
      }),
    );
  }
}
