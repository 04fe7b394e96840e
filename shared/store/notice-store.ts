// Which red-alert notices have gone to which robot: an event delivered twice is noticed once.
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Entity, noticeKey } from './keys';

/** Kept past any redelivery (SQS keeps a message at most 14 days). */
const NOTICE_MARKER_TTL_DAYS = 30;

export class NoticeStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async wasSent(eventId: string, channel: string): Promise<boolean> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: noticeKey(eventId, channel), ConsistentRead: true }),
    );
    return Item !== undefined;
  }

  async markSent(eventId: string, channel: string): Promise<void> {
    const expiresAt = Math.floor(this.now().getTime() / 1000) + NOTICE_MARKER_TTL_DAYS * 86_400;
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...noticeKey(eventId, channel), entity: Entity.notice, sentAt: this.now().toISOString(), expiresAt },
      }),
    );
  }
}
