// Rollup handler cost and throughput against DynamoDB Local.
//   npm run bench:rollup [-- --events 500 --runs 5]
// Per batch size: DynamoDB requests, items written and write capacity units per applied event
// (counted by an SDK middleware, see measure.ts), and events per second through the handler.
import { parseArgs } from 'node:util';
import { LIANYUNGANG } from '../shared/domain/city-config';
import { decide, type ProjectEvent, type ProjectSnapshot } from '../shared/domain/project';
import { consumeRollupMessages } from '../shared/pipeline/rollup-consumer';
import { createDocumentClient, createDynamoDbClient } from '../shared/store/client';
import { RollupStore } from '../shared/store/rollup-store';
import { ensureTable } from '../shared/store/table-definition';
import { startDynamoDbLocal } from '../local/dynamodb-local';
import { sqsRecord } from '../tests/support/messages';
import { countDynamoDbUsage, median, spread } from './measure';

const DISTRICTS = LIANYUNGANG.districts.map((d) => d.code);
const INDUSTRIES = LIANYUNGANG.industries.map((i) => i.code);

/** `count` events: signings and starts of projects spread over districts, industries and months. */
function makeEvents(count: number, run: string): ProjectEvent[] {
  const events: ProjectEvent[] = [];
  let n = 0;
  const ctx = { actor: 'bench', now: new Date('2025-12-20T04:00:00Z'), config: LIANYUNGANG, newEventId: () => `${run}-${++n}` };
  for (let i = 0; events.length < count; i++) {
    const month = String((i % 12) + 1).padStart(2, '0');
    const sign = decide(
      null,
      {
        type: 'sign',
        projectId: `B${run}-${i}`,
        name: '项目',
        investor: '投资方',
        district: DISTRICTS[i % DISTRICTS.length]!,
        industry: INDUSTRIES[i % INDUSTRIES.length]!,
        agreedInvestment: 100_000_000 * (1 + (i % 9)),
        signedOn: `2025-${month}-05`,
      },
      ctx,
    );
    if (sign.kind !== 'changed') throw new Error('unexpected');
    events.push(sign.event);
    const started: ProjectSnapshot = sign.after;
    const start = decide(started, { type: 'start', projectId: started.projectId, startedOn: `2025-${month}-20` }, ctx);
    if (start.kind === 'changed' && events.length < count) events.push(start.event);
  }
  return events;
}

/** One run: `eventCount` events through the handler in batches, on a table in the emulator at `endpoint`. */
export async function measureRollupRun(batchSize: number, run: number, eventCount: number, endpoint: string) {
  const client = createDynamoDbClient(endpoint);
  try {
    const doc = createDocumentClient(client);
    const usage = countDynamoDbUsage(doc);
    const tableName = `bench-rollup-${batchSize}-${run}`;
    await ensureTable(client, tableName);
    const store = new RollupStore(doc, tableName, LIANYUNGANG);
    const events = makeEvents(eventCount, `${batchSize}x${run}`);
    usage.reset();
    const started = performance.now();
    for (let at = 0; at < events.length; at += batchSize) {
      const result = await consumeRollupMessages(
        store,
        events.slice(at, at + batchSize).map((e) => sqsRecord(e)),
      );
      if (result.batchItemFailures.length > 0) throw new Error('bench batch failed');
    }
    const seconds = (performance.now() - started) / 1000;
    return {
      requests: usage.requests / events.length,
      items: usage.itemsWritten / events.length,
      wcu: usage.writeUnits / events.length,
      eps: events.length / seconds,
    };
  } finally {
    client.destroy();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { events: { type: 'string', default: '500' }, runs: { type: 'string', default: '5' } } });
  const EVENTS = Number(values.events);
  const RUNS = Number(values.runs);
  const rows: Record<string, string | number>[] = [];
  for (const batchSize of [1, 10, 25]) {
    const samples: Awaited<ReturnType<typeof measureRollupRun>>[] = [];
    for (let run = 0; run < RUNS; run++) {
      // DynamoDB Local slows down as stream records accumulate (each run was ~2x slower than the
      // last, even with its table deleted), so every run gets a fresh emulator.
      const emulator = await startDynamoDbLocal();
      try {
        samples.push(await measureRollupRun(batchSize, run, EVENTS, emulator.endpoint));
      } finally {
        await emulator.stop();
      }
    }
    const col = (k: keyof (typeof samples)[number], digits: number) => {
      const values = samples.map((x) => x[k]);
      return `${median(values).toFixed(digits)} ${spread(values, digits)}`;
    };
    rows.push({
      'batch size': batchSize,
      'requests / event': col('requests', 3),
      'items written / event': col('items', 2),
      'WCU / event': col('wcu', 2),
      'events / s': col('eps', 0),
    });
  }
  console.log(`rollup handler against DynamoDB Local: ${EVENTS} events per run, ${RUNS} runs per row, median (min–max)`);
  console.table(rows);
}
