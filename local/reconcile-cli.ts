// npm run reconcile -- --year 2025 [--repair]
// Recomputes a year's rollups from the projects in TABLE_NAME (DYNAMODB_ENDPOINT for DynamoDB
// Local), prints every drifted counter, and with --repair writes the recomputed values.
// Exit code: 0 exact or repaired, 2 drift found and left, 1 bad usage or failure.
import { parseArgs } from 'node:util';
import { loadCityConfig } from '../shared/domain/city-config';
import { businessDateOf, yearOf } from '../shared/domain/dates';
import { reconcileYear } from '../shared/monitoring/reconcile';
import { createDocumentClient } from '../shared/store/client';
import { RollupStore } from '../shared/store/rollup-store';

const DEFAULT_LOCAL_TABLE = 'pipeline-tracker-local';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      year: { type: 'string' },
      repair: { type: 'boolean', default: false },
      table: { type: 'string', default: process.env.TABLE_NAME ?? DEFAULT_LOCAL_TABLE },
    },
  });
  const year = values.year === undefined ? yearOf(businessDateOf(new Date())) : Number(values.year);
  if (!Number.isInteger(year) || year < 2000 || year > 2100) {
    console.error(`--year must be a year such as 2025, got ${values.year}`);
    return 1;
  }
  const config = loadCityConfig();
  const store = new RollupStore(createDocumentClient(), values.table, config);
  const report = await reconcileYear(store, config, year, { repair: values.repair });
  console.log(`reconcile ${report.year} on ${values.table}: ${report.projects} projects, ${report.cohorts} cohorts, ${report.drift.length} drifted counters`);
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
