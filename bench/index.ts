// npm run bench [-- --quick]: every figure in one table (Markdown, for BENCHMARKS.md), each a
// median and spread over repeated runs within this one command. --quick keeps it under a minute
// with fewer runs and smaller sizes; the full run takes several minutes.
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { javaMajorVersion } from '../local/dynamodb-local';
import { benchAlertSweep } from './alert-sweep';
import { benchDigest } from './digest';
import { benchFunctions } from './functions';
import { benchPipeline } from './pipeline';
import { markdownTable, type Row } from './report';
import { benchSpreadsheets } from './spreadsheets';
import { benchStanding, demoBacktest } from './standing';
import { benchStoreCosts } from './store-costs';
import { benchWeb } from './web';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
const quick = values.quick;
const started = performance.now();
const progress = (step: string) => process.stderr.write(`bench: ${step} (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);

const rows: Row[] = [];
progress('functions: bundles, cold and warm starts');
rows.push(...(await benchFunctions(quick ? { processes: 5, invocations: 50 } : { processes: 20, invocations: 300 })));
progress('pipeline end to end on the local system');
rows.push(
  ...(await benchPipeline(
    quick
      ? {
          levels: [
            { clients: 1, transitions: 20 },
            { clients: 10, transitions: 100 },
            { clients: 50, transitions: 200 },
          ],
          runs: 1,
          freshSystems: false,
        }
      : {
          levels: [
            { clients: 1, transitions: 100 },
            { clients: 10, transitions: 500 },
            { clients: 50, transitions: 1000 },
          ],
          runs: 3,
          freshSystems: true,
        },
  )),
);
progress('DynamoDB cost per transition and per event, CSV import');
rows.push(
  ...(await benchStoreCosts(
    quick
      ? { runs: 2, commandsProjects: 10, rollupEvents: 50, csvSizes: [1_000] }
      : { runs: 3, commandsProjects: 50, rollupEvents: 500, csvSizes: [1_000, 2_000] },
  )),
);
progress('digest vs a full scan');
const digestRows = await benchDigest(quick ? [1_000, 10_000] : [1_000, 10_000, 100_000], quick ? 2 : 5);
for (const r of digestRows) {
  const size = r.projects.toLocaleString('en-US');
  const group = 'digest (weekly) vs scan';
  rows.push({ group, measure: `${size} projects: digest composition`, samples: r.composeMs, unit: 'ms', digits: 0 });
  rows.push({
    group,
    measure: `${size} projects: digest reads`,
    samples: [r.composeRequests],
    unit: `requests (${r.composeReadUnits.toFixed(1)} RCU)`,
    digits: 0,
  });
  rows.push({ group, measure: `${size} projects: headline by scanning every project`, samples: r.scanMs, unit: 'ms', digits: 0 });
  rows.push({
    group,
    measure: `${size} projects: scan reads`,
    samples: [r.scanRequests],
    unit: `requests (${r.scanReadUnits.toFixed(1)} RCU)`,
    digits: 0,
  });
  rows.push({
    group,
    measure: `${size} projects: scan time / digest time`,
    samples: r.scanMs.map((s, i) => s / r.composeMs[i]!),
    unit: '×',
    digits: 1,
  });
}

progress('spreadsheets: background import, exports');
rows.push(
  ...(await benchSpreadsheets(
    quick ? { importRows: 2_000, exportSizes: [1_000], runs: 2 } : { importRows: 20_000, exportSizes: [1_000, 10_000], runs: 5 },
  )),
);

progress('where the year stands: rollups as of a date');
rows.push(...(await benchStanding(quick ? { sizes: [1_000], requests: 20 } : { sizes: [1_000, 10_000], requests: 50 })));
const backtest = demoBacktest('2026-12-05');
rows.push({
  group: 'start rate projection (demo data)',
  measure: `backtest on ${backtest.year}: mean absolute error at its ${backtest.months.length} month-ends`,
  samples: [(backtest.mae ?? Number.NaN) * 100],
  unit: 'percentage points',
  digits: 2,
});

progress('daily alert sweep');
rows.push(...(await benchAlertSweep(quick ? { sizes: [1_000, 10_000], days: 2 } : { sizes: [1_000, 10_000, 100_000], days: 3 })));

progress('web app in Chromium');
rows.push(...(await benchWeb(quick ? { runs: 3, registerSizes: [1_000] } : { runs: 10, registerSizes: [1_000, 10_000] })));

console.log(
  `npm run bench${quick ? ' -- --quick' : ''}: ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, Java ${javaMajorVersion()}, DynamoDB Local in memory; ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
);
console.log(markdownTable(rows));
process.exit(0);
