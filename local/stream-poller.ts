// Reads the table's DynamoDB stream through the real Streams API of DynamoDB Local and hands the
// records to consumers as Lambda's DynamoDB event source does: filtered by each consumer's filter
// criteria, in batches per shard; a batch item failure (or a throw) retries from the first failed
// record, and after `maxRetries` the records go to the consumer's failure list (the on-failure
// destination) and the shard moves on. A checkpoint per shard survives restarts.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  TrimmedDataAccessException,
  type _Record,
  type DynamoDBStreamsClient,
  type GetRecordsCommandOutput,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { matchesPattern, type EventPattern } from './event-pattern';

export interface StreamConsumer {
  name: string;
  filter: EventPattern;
  handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | undefined>;
  batchSize?: number;
  maxRetries?: number;
}

export interface StreamFailure {
  consumer: string;
  sequenceNumbers: string[];
  error: string;
}

interface Checkpoint {
  streamArn: string;
  /** Per shard: the last sequence number handed to every consumer, or done once the shard closed. */
  shards: Record<string, { after?: string; done?: boolean }>;
}

export class StreamPoller {
  private checkpoint: Checkpoint = { streamArn: '', shards: {} };
  private readonly iterators = new Map<string, string>();
  private stopped = false;
  private loop: Promise<void> | undefined;
  private lastDiscovery = 0;
  readonly failures: StreamFailure[] = [];
  /** True once every open shard has been read to its current end. */
  caughtUp = false;

  constructor(
    private readonly options: {
      streams: DynamoDBStreamsClient;
      dynamodb: DynamoDBClient;
      tableName: string;
      consumers: StreamConsumer[];
      /** Where the checkpoint is kept between runs (none: start from the oldest record). */
      checkpointFile?: string;
      pollMs?: number;
      /** Whether what was handed on has been fully handled, so the checkpoint may move (e.g. the queue is empty). */
      settled?: () => boolean;
      onFailure?: (failure: StreamFailure) => void;
    },
  ) {}

  async start(): Promise<void> {
    const { Table } = await this.options.dynamodb.send(new DescribeTableCommand({ TableName: this.options.tableName }));
    const streamArn = Table?.LatestStreamArn;
    if (!streamArn) throw new Error(`table ${this.options.tableName} has no stream`);
    const saved = this.readCheckpoint();
    // A checkpoint of another stream (the table was recreated) does not apply.
    this.checkpoint = saved?.streamArn === streamArn ? saved : { streamArn, shards: {} };
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
    this.saveCheckpoint();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        if (Date.now() - this.lastDiscovery > 2_000 || this.iterators.size === 0) await this.discoverShards();
        let read = 0;
        for (const [shardId, iterator] of [...this.iterators]) {
          if (this.stopped) break;
          read += await this.readShard(shardId, iterator);
        }
        this.caughtUp = read === 0;
        if (read === 0) {
          if (this.options.settled?.() ?? true) this.saveCheckpoint();
          await new Promise((r) => setTimeout(r, this.options.pollMs ?? 200));
        }
      } catch (error) {
        if (this.stopped) break;
        this.caughtUp = false;
        process.stderr.write(`stream poller: ${String(error)}; retrying\n`);
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  }

  private async discoverShards(): Promise<void> {
    this.lastDiscovery = Date.now();
    let exclusiveStart: string | undefined;
    do {
      const { StreamDescription } = await this.options.streams.send(
        new DescribeStreamCommand({ StreamArn: this.checkpoint.streamArn, ExclusiveStartShardId: exclusiveStart }),
      );
      for (const shard of StreamDescription?.Shards ?? []) {
        const id = shard.ShardId!;
        const state = this.checkpoint.shards[id];
        if (state?.done || this.iterators.has(id)) continue;
        this.iterators.set(id, await this.iteratorFor(id, state?.after));
      }
      exclusiveStart = StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStart);
  }

  private async iteratorFor(shardId: string, after: string | undefined): Promise<string> {
    const { ShardIterator } = await this.options.streams.send(
      new GetShardIteratorCommand({
        StreamArn: this.checkpoint.streamArn,
        ShardId: shardId,
        ...(after ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after } : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    return ShardIterator!;
  }

  /** Reads one page of a shard and hands it to the consumers; the number of records read. */
  private async readShard(shardId: string, iterator: string): Promise<number> {
    let page: GetRecordsCommandOutput;
    try {
      page = await this.options.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }));
    } catch (error) {
      if (error instanceof ExpiredIteratorException || error instanceof TrimmedDataAccessException) {
        this.iterators.set(shardId, await this.iteratorFor(shardId, this.checkpoint.shards[shardId]?.after));
        return 0;
      }
      throw error;
    }
    const records = (page.Records ?? []).map((r) => this.lambdaRecordOf(r));
    for (const consumer of this.options.consumers) await this.deliver(consumer, records);
    if (records.length > 0) {
      this.checkpoint.shards[shardId] = { after: records.at(-1)!.dynamodb!.SequenceNumber! };
    }
    if (page.NextShardIterator) this.iterators.set(shardId, page.NextShardIterator);
    else {
      this.iterators.delete(shardId);
      this.checkpoint.shards[shardId] = { ...this.checkpoint.shards[shardId], done: true };
    }
    return records.length;
  }

  private async deliver(consumer: StreamConsumer, all: DynamoDBRecord[]): Promise<void> {
    const records = all.filter((r) => matchesPattern(r, consumer.filter));
    const batchSize = consumer.batchSize ?? 100;
    for (let at = 0; at < records.length; at += batchSize) {
      let batch = records.slice(at, at + batchSize);
      for (let attempt = 0; batch.length > 0; attempt++) {
        let failedFrom: number;
        let error = 'reported as a batch item failure';
        try {
          const response = await consumer.handler({ Records: batch });
          const failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
          failedFrom = failed.size === 0 ? -1 : batch.findIndex((r) => failed.has(r.dynamodb!.SequenceNumber!));
          if (failed.size > 0 && failedFrom === -1) failedFrom = 0; // an identifier not in the batch: all of it
        } catch (thrown) {
          failedFrom = 0;
          error = `handler threw: ${String(thrown)}`;
        }
        if (failedFrom === -1) break;
        // Lambda checkpoints before the first failed record and retries from there.
        batch = batch.slice(failedFrom);
        if (attempt >= (consumer.maxRetries ?? 3)) {
          const failure = { consumer: consumer.name, sequenceNumbers: batch.map((r) => r.dynamodb!.SequenceNumber!), error };
          this.failures.push(failure);
          this.options.onFailure?.(failure);
          break;
        }
        await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
      }
    }
  }

  private lambdaRecordOf(r: _Record): DynamoDBRecord {
    const d = r.dynamodb ?? {};
    return {
      eventID: r.eventID,
      eventName: r.eventName as DynamoDBRecord['eventName'],
      eventVersion: r.eventVersion,
      eventSource: 'aws:dynamodb',
      awsRegion: r.awsRegion,
      eventSourceARN: this.checkpoint.streamArn,
      dynamodb: {
        ApproximateCreationDateTime: d.ApproximateCreationDateTime ? Math.floor(d.ApproximateCreationDateTime.getTime() / 1000) : undefined,
        Keys: d.Keys as never,
        NewImage: d.NewImage as never,
        OldImage: d.OldImage as never,
        SequenceNumber: d.SequenceNumber,
        SizeBytes: d.SizeBytes,
        StreamViewType: d.StreamViewType as never,
      },
    };
  }

  private readCheckpoint(): Checkpoint | null {
    const file = this.options.checkpointFile;
    if (!file || !existsSync(file)) return null;
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as Checkpoint;
    } catch {
      throw new Error(`${file} is corrupt: delete it to read the stream from its oldest record (duplicates are ignored)`);
    }
  }

  private saveCheckpoint(): void {
    const file = this.options.checkpointFile;
    if (!file || !this.checkpoint.streamArn) return;
    writeFileSync(`${file}.tmp`, JSON.stringify(this.checkpoint));
    renameSync(`${file}.tmp`, file);
  }
}
