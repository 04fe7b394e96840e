// npm run replay [-- --data DIR]: replays the local event log into the rollups. Events already
// applied are recognised by their applied markers and change nothing, so a replay fills gaps (an
// event lost between the bus and the rollups) without double counting. Markers expire after 30
// days: after replaying older events, run `npm run reconcile -- --repair`.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCityConfig } from '../shared/domain/city-config';
import { parseEnvelope } from '../shared/pipeline/rollup-consumer';
import { createDocumentClient, createDynamoDbClient } from '../shared/store/client';
import { RollupStore } from '../shared/store/rollup-store';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local';
import { readLog } from './event-log';
import { runningRuntime, TABLE_NAME } from './runtime';

const { values } = parseArgs({ options: { data: { type: 'string', default: '.data' } } });
const dataDir = resolve(values.data);
const logFile = join(dataDir, 'events.ndjson');
if (!existsSync(logFile)) {
  process.stderr.write(`replay: no event log at ${logFile}: run npm start first (or pass --data DIR)\n`);
  process.exit(1);
}

const events = readLog(logFile);
const running = runningRuntime(dataDir);
// With npm start running, use its database; otherwise open the data folder ourselves.
let emulator: DynamoDbLocal | null = null;
if (!running) emulator = await startDynamoDbLocal({ dbPath: join(dataDir, 'dynamodb') });
const client = createDynamoDbClient(running?.dynamoDbEndpoint ?? emulator!.endpoint);
try {
  const store = new RollupStore(createDocumentClient(client), running?.tableName ?? TABLE_NAME, loadCityConfig());
  const counts = { applied: 0, duplicate: 0, failed: 0 };
  for (let at = 0; at < events.length; at += 25) {
    const batch = events.slice(at, at + 25).map((e) => parseEnvelope(JSON.stringify(e)));
    for (const outcome of (await store.applyBatch(batch)).values()) {
      if (outcome instanceof Error) counts.failed += 1;
      else counts[outcome] += 1;
    }
  }
  console.log(
    `replayed ${events.length} events from ${logFile}: ${counts.applied} applied, ${counts.duplicate} already applied, ${counts.failed} failed`,
  );
  process.exitCode = counts.failed > 0 ? 1 : 0;
} finally {
  client.destroy();
  await emulator?.stop();
}
