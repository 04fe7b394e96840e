// Stored digests: one DIGEST item per kind and period, so composing a period again sends nothing twice.
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { DigestKind } from '../domain/digest-period';
import { digestKey, digestPartition, Entity } from './keys';
import { TABLE_DEFINITION } from './table-definition';

/** The stored form: the digest's JSON and the fields the store needs. */
export interface StoredDigest {
  kind: DigestKind;
  period: string;
  [field: string]: unknown;
}

export class DigestStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Stores the period's digest unless one exists (or `replace`); false when one already did. */
  async put(digest: { kind: DigestKind; period: string }, options: { replace?: boolean } = {}): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...digestKey(digest.kind, digest.period), entity: Entity.digest, digest },
          ...(options.replace
            ? {}
            : { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': TABLE_DEFINITION.partitionKey } }),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async get(kind: DigestKind, period: string): Promise<StoredDigest | null> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: digestKey(kind, period), ConsistentRead: true }));
    return (Item?.digest as StoredDigest | undefined) ?? null;
  }

  /** The newest digest of a kind before `period` (or the newest of all); periods sort by time. */
  async latest(kind: DigestKind, before?: string): Promise<StoredDigest | null> {
    const { Items } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: before ? '#pk = :pk AND #sk < :before' : '#pk = :pk',
        ExpressionAttributeNames: { '#pk': TABLE_DEFINITION.partitionKey, ...(before ? { '#sk': TABLE_DEFINITION.sortKey } : {}) },
        ExpressionAttributeValues: { ':pk': digestPartition(kind), ...(before ? { ':before': before } : {}) },
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    return (Items?.[0]?.digest as StoredDigest | undefined) ?? null;
  }
}
