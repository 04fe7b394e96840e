// Where the year stands: GET /rollups/{year}'s work (read + compose + JSON) as of a past date and
// today, at 1,000 and 10,000 projects a year, against DynamoDB Local; beside it the same request as
// it was before figures as of a date (the stored counters alone). And the start rate projection's
// backtest on the demo data set.
//   npm run bench:standing [-- --quick]
import { parseArgs } from 'node:util';
import { demoCommands, seededRandom } from '../local/demo';
import { startDynamoDbLocal } from '../local/dynamodb-local';
import { LIANYUNGANG } from '../shared/domain/city-config';
import { addDays } from '../shared/domain/dates';
import { decide, type ProjectSnapshot } from '../shared/domain/project';
import { contribution, mergeCohortCounters } from '../shared/domain/rollup';
import { composeRollupView } from '../shared/domain/rollup-view';
import { backtestProjection, type Backtest } from '../shared/domain/year-standing';
import { createDocumentClient, createDynamoDbClient } from '../shared/store/client';
import { RollupStore } from '../shared/store/rollup-store';
import { ensureTable } from '../shared/store/table-definition';
import { percentile } from './measure';
import { putRollupRows } from './seed';
import type { Row } from './report';

const YEARS = [2022, 2023, 2024, 2025];
/** "Today" for the data set: the year's register is complete to here. */
const TODAY = '2025-12-20';
const PAST_DATE = '2025-06-15';

/** `perYear` projects signed in each of YEARS, in their state on TODAY. */
export function generateRegister(perYear: number): ProjectSnapshot[] {
  const next = seededRandom(perYear);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const projects: ProjectSnapshot[] = [];
  for (const year of YEARS) {
    for (let i = 0; i < perYear; i++) {
      const signedOn = addDays(`${year}-01-01`, Math.floor(next() * 365));
      const plannedStartOn = next() < 0.75 ? addDays(signedOn, 20 + Math.floor(next() * 200)) : undefined;
      const p: ProjectSnapshot = {
        projectId: `S${year}-${i}`,
        name: `项目${i}`,
        investor: '投资方',
        district: pick(LIANYUNGANG.districts).code,
        industry: pick(LIANYUNGANG.industries).code,
        agreedInvestment: 100_000_000 * (1 + Math.floor(next() * 40)),
        signedOn,
        ...(plannedStartOn ? { plannedStartOn } : {}),
        version: 1,
        updatedAt: '2025-12-20T00:00:00.000Z',
        updatedBy: 'bench',
      };
      const fate = next();
      const startedOn = addDays(plannedStartOn ?? signedOn, Math.floor(next() * 120) - (plannedStartOn ? 15 : -20));
      if (fate < (plannedStartOn ? 0.7 : 0.45) && startedOn <= TODAY && startedOn >= signedOn) {
        p.startedOn = startedOn;
        const producedOn = addDays(startedOn, 150 + Math.floor(next() * 300));
        if (next() < 0.5 && producedOn <= TODAY) p.producedOn = producedOn;
      } else if (fate > 0.93 && addDays(signedOn, 200) <= TODAY) {
        p.terminatedOn = addDays(signedOn, 200);
        p.terminationReason = '长期未开工';
      }
      projects.push(p);
    }
  }
  return projects;
}

/** The demo data set's projects as they stand on `today`. */
function demoRegister(today: string): ProjectSnapshot[] {
  const states = new Map<string, ProjectSnapshot>();
  for (const { on, command } of demoCommands(LIANYUNGANG, today)) {
    if (command.type === 'raiseProblem' || command.type === 'updateProblem' || command.type === 'resolveProblem') continue;
    const ctx = { actor: 'demo', config: LIANYUNGANG, now: new Date(`${on}T02:00:00Z`), newEventId: () => 'e' };
    const decision = decide(states.get(command.projectId) ?? null, command, ctx);
    if (decision.kind === 'changed') states.set(command.projectId, decision.after);
  }
  return [...states.values()];
}

/** The projection's backtest on the demo data set as it stands on `today` (its year before). */
export function demoBacktest(today: string): Backtest {
  const rows = mergeCohortCounters(demoRegister(today).flatMap((p) => contribution(p, LIANYUNGANG)));
  return backtestProjection(rows, Number(today.slice(0, 4)) - 1);
}

export async function benchStanding(options: { sizes: number[]; requests: number }): Promise<Row[]> {
  const rows: Row[] = [];
  const emulator = await startDynamoDbLocal();
  try {
    for (const perYear of options.sizes) {
      const client = createDynamoDbClient(emulator.endpoint);
      const doc = createDocumentClient(client);
      const tableName = `bench-standing-${perYear}`;
      await ensureTable(client, tableName);
      const register = generateRegister(perYear);
      const stored = mergeCohortCounters(register.flatMap((p) => contribution(p, LIANYUNGANG)));
      await putRollupRows(doc, tableName, stored);
      const store = new RollupStore(doc, tableName, LIANYUNGANG);
      const targets = LIANYUNGANG.defaultTargets;
      const now = new Date(`${TODAY}T04:00:00Z`);
      const variants = {
        asOf: async () => composeRollupView(2025, await store.readForView(2025, PAST_DATE), targets, LIANYUNGANG, now, PAST_DATE),
        live: async () => composeRollupView(2025, await store.readForView(2025, TODAY, { asOf: false }), targets, LIANYUNGANG, now),
        before: async () => composeRollupView(2025, await store.read(2025), targets, LIANYUNGANG, now),
      };
      // Round robin, so that each variant meets the emulator's JIT as warm as the others; the
      // first rounds only warm it.
      const samples = { asOf: [] as number[], live: [] as number[], before: [] as number[] };
      for (let round = 0; round < options.requests + 5; round++) {
        for (const name of ['asOf', 'live', 'before'] as const) {
          const started = performance.now();
          JSON.stringify(await variants[name]());
          if (round >= 5) samples[name].push(performance.now() - started);
        }
      }
      const { asOf, live, before } = samples;
      const size = `${perYear.toLocaleString('en-US')} projects a year`;
      const group = 'GET /rollups/{year} (read + compose + JSON)';
      const add = (measure: string, samples: number[]) => {
        rows.push({ group, measure: `${size}: ${measure}, median`, samples, unit: 'ms', digits: 1 });
        rows.push({ group, measure: `${size}: ${measure}, p95`, samples: [percentile(samples, 0.95)], unit: 'ms', digits: 1 });
      };
      add(`?asOf=${PAST_DATE}`, asOf);
      add('today, with pace, 同比 and projection', live);
      add('today, stored counters only (as before figures as of a date)', before);
      rows.push({ group, measure: `${size}: rollup items stored (4 years)`, samples: [stored.length], unit: 'items', digits: 0 });
      client.destroy();
    }
  } finally {
    await emulator.stop();
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
  const { markdownTable } = await import('./report');
  const rows = await benchStanding(values.quick ? { sizes: [1_000], requests: 20 } : { sizes: [1_000, 10_000], requests: 50 });
  const backtest = demoBacktest('2026-12-05');
  console.log(markdownTable(rows));
  console.log(`\nprojection backtest on the demo data, ${backtest.year}: MAE ${((backtest.mae ?? Number.NaN) * 100).toFixed(2)} points`);
  for (const m of backtest.months) {
    console.log(
      `| ${m.on} | ${(m.projected * 100).toFixed(1)}% | ${(m.actual * 100).toFixed(1)}% | ${((m.projected - m.actual) * 100).toFixed(1)} |`,
    );
  }
  process.exit(0);
}
