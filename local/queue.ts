// An SQS-like queue in front of a handler, as Lambda's SQS event source runs it: batches of up to
// `batchSize` or whatever arrived within `batchWindowMs`; messages the handler reports as failed
// (or all of them, when it throws) come back after the visibility timeout; a message received
// `maxReceiveCount` times goes to the dead-letter list instead.
import { randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

interface Message {
  messageId: string;
  body: string;
  sentAt: number;
  receiveCount: number;
  visibleAt: number;
}

export interface DeadLetter {
  messageId: string;
  body: string;
  receiveCount: number;
  error: string;
}

export interface QueueOptions {
  name: string;
  handler: (event: SQSEvent) => Promise<SQSBatchResponse | undefined>;
  batchSize?: number;
  batchWindowMs?: number;
  visibilityTimeoutMs?: number;
  maxReceiveCount?: number;
  onDeadLetter?: (letter: DeadLetter) => void;
}

export class LocalQueue {
  private readonly waiting: Message[] = [];
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  readonly deadLetters: DeadLetter[] = [];
  readonly arn: string;

  constructor(private readonly options: QueueOptions) {
    this.arn = `arn:aws:sqs:local:000000000000:${options.name}`;
  }

  send(body: string): string {
    const messageId = randomUUID();
    const now = Date.now();
    this.waiting.push({ messageId, body, sentAt: now, receiveCount: 0, visibleAt: now });
    this.schedule(0);
    return messageId;
  }

  /** Messages not yet deleted: waiting, in a batch, or waiting out a visibility timeout. */
  get depth(): number {
    return this.waiting.length + this.inFlight;
  }

  /** Stops taking batches; resolves when the batch being handled is done. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Resolves once every message has been handled or dead-lettered (or the timeout passes). */
  async drain(timeoutMs = 10_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.depth > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return this.depth === 0;
  }

  private schedule(delayMs: number): void {
    if (this.stopped || this.running) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.poll(), delayMs);
  }

  private poll(): void {
    const now = Date.now();
    const visible = this.waiting.filter((m) => m.visibleAt <= now);
    const batchSize = this.options.batchSize ?? 10;
    const windowMs = this.options.batchWindowMs ?? 200;
    if (visible.length === 0) {
      const next = Math.min(...this.waiting.map((m) => m.visibleAt));
      if (Number.isFinite(next)) this.schedule(next - now);
      return;
    }
    const oldest = Math.min(...visible.map((m) => Math.max(m.sentAt, m.visibleAt)));
    if (visible.length < batchSize && now - oldest < windowMs) {
      this.schedule(windowMs - (now - oldest));
      return;
    }
    const batch = visible.slice(0, batchSize);
    for (const m of batch) this.waiting.splice(this.waiting.indexOf(m), 1);
    this.running = this.handle(batch).finally(() => {
      this.running = undefined;
      if (this.waiting.length > 0) this.schedule(0);
    });
  }

  private async handle(batch: Message[]): Promise<void> {
    this.inFlight += batch.length;
    for (const m of batch) m.receiveCount += 1;
    let failed: Set<string>;
    let error = 'reported as a batch item failure';
    try {
      const response = await this.options.handler({ Records: batch.map((m) => this.recordOf(m)) });
      const ids = new Set(batch.map((m) => m.messageId));
      const reported = (response?.batchItemFailures ?? []).map((f) => f.itemIdentifier);
      // Lambda treats an identifier it did not send (or an empty one) as the whole batch failing.
      failed = reported.every((id) => ids.has(id)) ? new Set(reported) : ids;
    } catch (thrown) {
      failed = new Set(batch.map((m) => m.messageId));
      error = `handler threw: ${String(thrown)}`;
    } finally {
      this.inFlight -= batch.length;
    }
    const visibilityMs = this.options.visibilityTimeoutMs ?? 1_000;
    for (const m of batch.filter((b) => failed.has(b.messageId))) {
      if (m.receiveCount >= (this.options.maxReceiveCount ?? 3)) {
        const letter = { messageId: m.messageId, body: m.body, receiveCount: m.receiveCount, error };
        this.deadLetters.push(letter);
        this.options.onDeadLetter?.(letter);
      } else {
        m.visibleAt = Date.now() + visibilityMs;
        this.waiting.push(m);
      }
    }
  }

  private recordOf(m: Message): SQSRecord {
    return {
      messageId: m.messageId,
      receiptHandle: `${m.messageId}#${m.receiveCount}`,
      body: m.body,
      attributes: {
        ApproximateReceiveCount: String(m.receiveCount),
        SentTimestamp: String(m.sentAt),
        SenderId: 'local-bus',
        ApproximateFirstReceiveTimestamp: String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: this.arn,
      awsRegion: 'local',
    };
  }
}
