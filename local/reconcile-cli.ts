// npm run reconcile -- --year 2025 [--repair] [--data DIR | --table NAME]
// Recomputes a year's rollups from the projects, prints every drifted counter, and with --repair
// writes the recomputed values. The table: --table or TABLE_NAME (DYNAMODB_ENDPOINT for DynamoDB
// Local), else the one of the `npm start` running on the data folder (.data by default).
// Exit code: 0 exact or repaired, 2 drift found and left, 1 bad usage or failure.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCityConfig } from '../shared/domain/city-config';
import { businessDateOf, yearOf } from '../shared/domain/dates';
import { reconcileYear } from '../shared/monitoring/reconcile';
import { createDocumentClient, createDynamoDbClient } from '../shared/store/client';
import { RollupStore } from '../shared/store/rollup-store';
import { runningRuntime } from './runtime';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      year: { type: 'string' },
      repair: { type: 'boolean', default: false },
      table: { type: 'string', default: process.env.TABLE_NAME },
      data: { type: 'string', default: '.data' },
    },
  });
  let table = values.table;
  let endpoint = process.env.DYNAMODB_ENDPOINT;
  if (!table) {
    const running = runningRuntime(resolve(values.data));
    if (!running) {
      console.error(
        `reconcile: no table named (--table or TABLE_NAME) and no npm start running on ${values.data}: start it, or name the table`,
      );
      return 1;
    }
    table = running.tableName;
    endpoint = running.dynamoDbEndpoint;
  }
  const year = values.year === undefined ? yearOf(businessDateOf(new Date())) : Number(values.year);
  if (!Number.isInteger(year) || year < 2000 || year > 2100) {
    console.error(`--year must be a year such as 2025, got ${values.year}`);
    return 1;
  }
  const config = loadCityConfig();
  const store = new RollupStore(createDocumentClient(createDynamoDbClient(endpoint)), table, config);
  const report = await reconcileYear(store, config, year, { repair: values.repair });
  console.log(
    `reconcile ${report.year} on ${table}: ${report.projects} projects, ${report.cohorts} cohorts, ${report.drift.length} drifted counters`,
  );
  if (report.drift.length > 0) console.table(report.drift);
  if (report.repaired) console.log('repaired: the drifted rollups now hold the recomputed values');
  return report.drift.length > 0 && !report.repaired ? 2 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`reconcile failed: ${error.message}`);
    process.exit(1);
  },
);
