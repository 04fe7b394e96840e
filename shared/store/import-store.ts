// Background imports: a register too large to sign within one request. The job item counts what is
// done; the rows wait in chunks, each a stream record that the import worker signs; each chunk's
// results are kept apart (small items, read back in one query) and counted into the job at once.
import {
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { ImportResult, ImportRow } from '../domain/register-row';
import { Entity, IMPORT_RESULT_SK_PREFIX, importChunkKey, importJobKey, importResultKey } from './keys';
import type { Role } from '../domain/principal';

/** Rows per chunk at most; a chunk's rows are also kept within CHUNK_BYTES. */
export const IMPORT_CHUNK_ROWS = 200;
/** A chunk's rows, as JSON, at most: DynamoDB's items are 400 KB at most. */
const CHUNK_BYTES = 300_000;
/** A row larger than this (a register's row is a few hundred bytes) is stored as its fault. */
const ROW_BYTES = 16_000;

/**
 * The rows in chunks of at most IMPORT_CHUNK_ROWS rows and CHUNK_BYTES (found by review: 200 rows
 * of long names made an item past 400 KB, a 500 after part of the import was written).
 */
export function chunksOf(rows: readonly ImportRow[]): ImportRow[][] {
  const chunks: ImportRow[][] = [];
  let chunk: ImportRow[] = [];
  let bytes = 0;
  for (const row of rows) {
    let kept = row;
    let size = Buffer.byteLength(JSON.stringify(row));
    if (size > ROW_BYTES) {
      const rule = `is too large to import (${Math.ceil(size / 1024)} KB; a register's row is at most a few KB)`;
      kept = { row: row.row, errors: [{ field: 'row', rule }] };
      size = Buffer.byteLength(JSON.stringify(kept));
    }
    if (chunk.length === IMPORT_CHUNK_ROWS || bytes + size > CHUNK_BYTES) {
      chunks.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(kept);
    bytes += size;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}
/** Jobs, chunks and results are kept this long, then expire (TTL). */
const IMPORT_TTL_DAYS = 30;
const BATCH_WRITE_ITEMS = 25;

export interface ImportJob {
  importId: string;
  fileName?: string;
  /** Data rows of the register. */
  rows: number;
  chunks: number;
  processed: number;
  created: number;
  unchanged: number;
  failed: number;
  createdAt: string;
  createdBy: string;
  /** The importer's roles, checked against each row's district when it is signed. */
  roles: Role[];
}

export interface ImportChunk {
  importId: string;
  chunk: number;
  rows: ImportRow[];
  createdBy: string;
  roles: Role[];
}

export type ImportResults = ImportResult;

export class ImportStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private expiresAt(): number {
    return Math.floor(this.now().getTime() / 1000) + IMPORT_TTL_DAYS * 86_400;
  }

  /** Records the job, then its chunks: each chunk's insert starts its signing. */
  async create(
    job: Omit<ImportJob, 'chunks' | 'processed' | 'created' | 'unchanged' | 'failed'>,
    rows: readonly ImportRow[],
  ): Promise<ImportJob> {
    const chunks = chunksOf(rows);
    const stored: ImportJob = { ...job, chunks: chunks.length, processed: 0, created: 0, unchanged: 0, failed: 0 };
    const expiresAt = this.expiresAt();
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...importJobKey(job.importId), entity: Entity.importJob, ...stored, expiresAt },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
    const items = chunks.map((chunkRows, chunk) => ({
      ...importChunkKey(job.importId, chunk),
      entity: Entity.importChunk,
      importId: job.importId,
      chunk,
      rows: chunkRows,
      createdBy: job.createdBy,
      roles: job.roles,
      expiresAt,
    }));
    for (let i = 0; i < items.length; i += BATCH_WRITE_ITEMS) {
      let requests = items.slice(i, i + BATCH_WRITE_ITEMS).map((Item) => ({ PutRequest: { Item } }));
      // DynamoDB may leave some of a batch unprocessed under load: those are sent again, after a pause.
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1_000, 50 * 2 ** attempt)));
        if (attempt > 8) throw new Error(`import ${job.importId}: ${requests.length} chunks could not be written`);
        const { UnprocessedItems } = await this.db.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }));
        requests = (UnprocessedItems?.[this.tableName] ?? []) as typeof requests;
      }
    }
    return stored;
  }

  /** The job, with the results of its chunks done so far (none read unless `results`). */
  async get(
    importId: string,
    options: { results: boolean } = { results: true },
  ): Promise<{ job: ImportJob; results: ImportResults } | null> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: importJobKey(importId), ConsistentRead: true }));
    if (!Item) return null;
    const results: ImportResults = { created: [], unchanged: [], failed: [] };
    if (!options.results) return { job: jobOf(Item), results };
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :results)',
          ExpressionAttributeValues: { ':pk': importJobKey(importId).PK, ':results': IMPORT_RESULT_SK_PREFIX },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const result = item.result as ImportResults;
        results.created.push(...result.created);
        results.unchanged.push(...result.unchanged);
        results.failed.push(...result.failed);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    for (const list of [results.created, results.unchanged, results.failed]) list.sort((a, b) => a.row - b.row);
    return { job: jobOf(Item), results };
  }

  async hasResult(importId: string, chunk: number): Promise<boolean> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: importResultKey(importId, chunk),
        ConsistentRead: true,
        ProjectionExpression: 'PK',
      }),
    );
    return Item !== undefined;
  }

  /**
   * A chunk's results, and its counts added to the job's, in one transaction: a chunk counted
   * once, however often it is delivered. False when it was recorded before.
   */
  async recordResult(importId: string, chunk: number, result: ImportResults): Promise<boolean> {
    const counts = { created: result.created.length, unchanged: result.unchanged.length, failed: result.failed.length };
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...importResultKey(importId, chunk), entity: Entity.importResult, result, expiresAt: this.expiresAt() },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: importJobKey(importId),
                // Names, not the words: PROCESSED is one of DynamoDB's reserved words.
                UpdateExpression:
                  'ADD #processed :processed, #created :created, #unchanged :unchanged, #failed :failed SET #updatedAt = :now',
                ConditionExpression: 'attribute_exists(PK)',
                ExpressionAttributeNames: {
                  '#processed': 'processed',
                  '#created': 'created',
                  '#unchanged': 'unchanged',
                  '#failed': 'failed',
                  '#updatedAt': 'updatedAt',
                },
                ExpressionAttributeValues: {
                  ':processed': counts.created + counts.unchanged + counts.failed,
                  ':created': counts.created,
                  ':unchanged': counts.unchanged,
                  ':failed': counts.failed,
                  ':now': this.now().toISOString(),
                },
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
      if ((error as Error).name === 'TransactionCanceledException' && reasons?.[0]?.Code === 'ConditionalCheckFailed') return false;
      throw error;
    }
  }
}

function jobOf(item: Record<string, unknown>): ImportJob {
  const { PK: _pk, SK: _sk, entity: _entity, expiresAt: _expires, updatedAt: _updated, ...job } = item;
  return job as unknown as ImportJob;
}

export function chunkOf(item: Record<string, unknown>): ImportChunk {
  return {
    importId: item.importId as string,
    chunk: item.chunk as number,
    rows: item.rows as ImportRow[],
    createdBy: item.createdBy as string,
    roles: item.roles as Role[],
  };
}
