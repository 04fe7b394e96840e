// Stored digests: one DIGEST item per kind and period, so composing a period again sends nothing twice.
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import type { DigestKind } from '../domain/digest-period';
import { digestKey, digestPartition, Entity } from './keys';
import { TABLE_DEFINITION } from './table-definition';

/** Where a digest went: one channel's latest outcome. */
export const DeliveryStatusSchema = z.object({
  channel: z.string(),
  ok: z.boolean(),
  attempts: z.number().int(),
  at: z.iso.datetime(),
  error: z.string().optional(),
});
export type DeliveryStatus = z.infer<typeof DeliveryStatusSchema>;

/** The stored form: the digest's JSON and where it has been delivered (one status per channel). */
export interface StoredDigest {
  kind: DigestKind;
  period: string;
  delivery: DeliveryStatus[];
  [field: string]: unknown;
}

type Item = Record<string, unknown> | undefined;
const storedOf = (item: Item): StoredDigest | null =>
  item ? { ...(item.digest as StoredDigest), delivery: (item.delivery as DeliveryStatus[] | undefined) ?? [] } : null;

export class DigestStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Stores the period's digest unless one exists; false when one already did. `replace` overwrites
   * the content and keeps the delivery status, so a recomposed digest is not sent again.
   */
  async put(digest: { kind: DigestKind; period: string }, options: { replace?: boolean } = {}): Promise<boolean> {
    const Key = digestKey(digest.kind, digest.period);
    try {
      if (options.replace) {
        await this.db.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key,
            UpdateExpression: 'SET #digest = :digest, #entity = :entity',
            ExpressionAttributeNames: { '#digest': 'digest', '#entity': 'entity' },
            ExpressionAttributeValues: { ':digest': digest, ':entity': Entity.digest },
          }),
        );
        return true;
      }
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...Key, entity: Entity.digest, digest },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': TABLE_DEFINITION.partitionKey },
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
    return storedOf(Item);
  }

  /** Records where the period's digest went; the digest must be stored. */
  async recordDelivery(kind: DigestKind, period: string, delivery: DeliveryStatus[]): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: digestKey(kind, period),
        UpdateExpression: 'SET #delivery = :delivery',
        ConditionExpression: 'attribute_exists(#pk)',
        ExpressionAttributeNames: { '#delivery': 'delivery', '#pk': TABLE_DEFINITION.partitionKey },
        ExpressionAttributeValues: { ':delivery': delivery },
      }),
    );
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
    return storedOf(Items?.[0]);
  }
}
