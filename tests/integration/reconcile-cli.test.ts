import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inject } from 'vitest';
import { LIANYUNGANG } from '../../shared/domain/city-config';
import { consumeRollupMessages } from '../../shared/pipeline/rollup-consumer';
import { ProjectStore } from '../../shared/store/project-store';
import { RollupStore } from '../../shared/store/rollup-store';
import { sqsRecord } from '../support/messages';
import { runScenario } from '../support/scenario';
import { createTestTable } from '../support/table';

let table: Awaited<ReturnType<typeof createTestTable>>;
beforeAll(async () => {
  table = await createTestTable();
  const events = await runScenario(new ProjectStore(table.doc, table.tableName), 12);
  await consumeRollupMessages(
    new RollupStore(table.doc, table.tableName, LIANYUNGANG),
    events.map((e) => sqsRecord(e)),
  );
});
afterAll(() => table.drop());

function cli(...args: string[]) {
  return spawnSync('node', ['--import', 'tsx', 'local/reconcile-cli.ts', '--table', table.tableName, ...args], {
    encoding: 'utf8',
    env: { ...process.env, DYNAMODB_ENDPOINT: inject('dynamoDbEndpoint') },
  });
}

it('reports exact rollups, then drift (exit 2), then repairs it (exit 0)', async () => {
  const exact = cli('--year', '2025');
  expect(exact.stdout).toMatch(/12 projects, \d+ cohorts, 0 drifted counters/);
  expect(exact.status).toBe(0);

  const rollups = new RollupStore(table.doc, table.tableName, LIANYUNGANG);
  await rollups.adjust([
    { cohort: { view: 'signed', year: 2025, scope: { kind: 'total' } }, counters: { signed: 1, startedSameYear: -1 } },
  ]);
  const drifted = cli('--year', '2025');
  expect(drifted.status).toBe(2);
  expect(drifted.stdout).toMatch(/signed\|2025\|total\|/);

  expect(cli('--year', '2025', '--repair').status).toBe(0);
  expect(cli('--year', '2025').stdout).toMatch(/0 drifted counters/);
});

it('without a table and without a running npm start, says what to do', () => {
  const alone = spawnSync('node', ['--import', 'tsx', 'local/reconcile-cli.ts', '--data', '/nonexistent-data-folder'], {
    encoding: 'utf8',
    env: { ...process.env, TABLE_NAME: '', DYNAMODB_ENDPOINT: '' },
  });
  expect(alone.status).toBe(1);
  expect(alone.stderr).toMatch(/no npm start running on \/nonexistent-data-folder: start it, or name the table/);
});

it('refuses a bad year with a message naming the option', () => {
  const bad = cli('--year', 'last');
  expect(bad.status).toBe(1);
  expect(bad.stderr).toMatch(/--year must be a year/);
});
