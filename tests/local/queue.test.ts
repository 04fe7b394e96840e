// The local queue batches, redelivers and dead-letters as Lambda's SQS event source does.
import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { LocalQueue } from '../../local/queue';

const fast = { batchWindowMs: 30, visibilityTimeoutMs: 10 };

describe('LocalQueue', () => {
  it('batches up to the batch size, and waits out the window for a partial batch', async () => {
    const batches: number[] = [];
    const queue = new LocalQueue({ name: 'q', ...fast, batchSize: 10, handler: async (e) => void batches.push(e.Records.length) });
    for (let i = 0; i < 25; i++) queue.send(`m${i}`);
    expect(await queue.drain(2_000)).toBe(true);
    expect(batches).toEqual([10, 10, 5]);
    await queue.stop();
  });

  it('redelivers the messages a handler reports as failed, with a higher receive count', async () => {
    const seen: string[] = [];
    let failOnce = true;
    const queue = new LocalQueue({
      name: 'q',
      ...fast,
      handler: async (event: SQSEvent) => {
        seen.push(...event.Records.map((r) => `${r.body}@${r.attributes.ApproximateReceiveCount}`));
        const bad = event.Records.find((r) => r.body === 'b');
        if (bad && failOnce) {
          failOnce = false;
          return { batchItemFailures: [{ itemIdentifier: bad.messageId }] };
        }
        return { batchItemFailures: [] };
      },
    });
    queue.send('a');
    queue.send('b');
    await queue.drain(2_000);
    expect(seen).toEqual(['a@1', 'b@1', 'b@2']);
    expect(queue.deadLetters).toEqual([]);
    await queue.stop();
  });

  it('a poison message is dead-lettered after the max receive count; the rest keep flowing', async () => {
    const handled: string[] = [];
    const queue = new LocalQueue({
      name: 'q',
      ...fast,
      maxReceiveCount: 3,
      handler: async (event) => {
        handled.push(...event.Records.filter((r) => r.body !== 'poison').map((r) => r.body));
        return { batchItemFailures: event.Records.filter((r) => r.body === 'poison').map((r) => ({ itemIdentifier: r.messageId })) };
      },
    });
    queue.send('poison');
    queue.send('ok-1');
    await queue.drain(2_000);
    queue.send('ok-2');
    await queue.drain(2_000);
    expect(handled).toEqual(['ok-1', 'ok-2']);
    expect(queue.deadLetters).toMatchObject([{ body: 'poison', receiveCount: 3, error: 'reported as a batch item failure' }]);
    await queue.stop();
  });

  it('a handler that throws: the batch is retried, then dead-lettered with the error', async () => {
    let calls = 0;
    const queue = new LocalQueue({
      name: 'q',
      ...fast,
      maxReceiveCount: 2,
      handler: async () => {
        calls += 1;
        throw new Error('table gone');
      },
    });
    queue.send('x');
    await queue.drain(2_000);
    expect(calls).toBe(2);
    expect(queue.deadLetters).toMatchObject([{ body: 'x', receiveCount: 2, error: 'handler threw: Error: table gone' }]);
    await queue.stop();
  });

  it('a failure report naming a message it was not sent fails the whole batch, as Lambda does', async () => {
    const counts: string[] = [];
    const queue = new LocalQueue({
      name: 'q',
      ...fast,
      maxReceiveCount: 2,
      handler: async (e) => {
        counts.push(e.Records.map((r) => r.attributes.ApproximateReceiveCount).join());
        return { batchItemFailures: [{ itemIdentifier: 'not-in-batch' }] };
      },
    });
    queue.send('a');
    await queue.drain(2_000);
    expect(counts).toEqual(['1', '2']);
    await queue.stop();
  });
});
