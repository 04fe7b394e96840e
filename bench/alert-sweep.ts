// The daily alert sweep at 1k / 10k / 100k projects in DynamoDB Local: its time, its reads, and how
// many projects it reads against how many the table holds (it reads the signed and started ones
// through the status index and the overdue problems, never a scan).
// `npm run bench:sweep [-- --sizes 1000,10000 --days 3]`; `npm run bench` includes it.
import { parseArgs } from 'node:util';
import { startDynamoDbLocal } from '../local/dynamodb-local';
import { LIANYUNGANG } from '../shared/domain/city-config';
import { addDays } from '../shared/domain/dates';
import { sweepAlerts, type SweepReport } from '../shared/monitoring/alert-sweep';
import { createDocumentClient, createDynamoDbClient } from '../shared/store/client';
import { ProblemStore } from '../shared/store/problem-store';
import { ProjectStore, toProjectItem } from '../shared/store/project-store';
import { ensureTable } from '../shared/store/table-definition';
import { generateProjects, writeAll } from './digest';
import { countDynamoDbReads } from './measure';
import { markdownTable, type Row } from './report';

/** The generated data is as of 2025-06-15; the sweeps run at 01:00 in Shanghai on the days after. */
const sweepAt = (day: string) => new Date(`${day}T01:00:00+08:00`);
const FIRST_DAY = '2025-06-16';

export async function benchAlertSweep(options: { sizes: readonly number[]; days: number }): Promise<Row[]> {
  const rows: Row[] = [];
  for (const size of options.sizes) {
    const emulator = await startDynamoDbLocal();
    const client = createDynamoDbClient(emulator.endpoint);
    try {
      const doc = createDocumentClient(client);
      const tableName = 'bench-sweep';
      await ensureTable(client, tableName);
      const { projects: generated } = generateProjects(size);
      await writeAll(doc, tableName, generated.map(toProjectItem));
      const projects = new ProjectStore(doc, tableName);
      const problems = new ProblemStore(doc, tableName);
      const reads = countDynamoDbReads(doc);
      const sweep = async (day: string) => {
        reads.reset();
        const started = performance.now();
        const report: SweepReport = await sweepAlerts({ projects, problems, config: LIANYUNGANG, now: sweepAt(day) });
        if (report.failed.length > 0) throw new Error(`sweep bench: ${report.failed.length} reviews failed: ${report.failed[0]!.error}`);
        return { ms: performance.now() - started, report, requests: reads.requests, readUnits: reads.readUnits };
      };

      const label = size.toLocaleString('en-US');
      const group = 'daily alert sweep';
      // The generated projects carry the lights of the day of their last command: the first sweep catches up.
      const first = await sweep(FIRST_DAY);
      const daily = [];
      for (let d = 1; d <= options.days; d++) daily.push(await sweep(addDays(FIRST_DAY, d)));
      const repeat = await sweep(addDays(FIRST_DAY, options.days));
      rows.push(
        {
          group,
          measure: `${label} projects: first sweep (${first.report.changed.toLocaleString('en-US')} lights moved)`,
          samples: [first.ms],
          unit: 'ms',
          digits: 0,
        },
        { group, measure: `${label} projects: a day’s sweep`, samples: daily.map((s) => s.ms), unit: 'ms', digits: 0 },
        {
          group,
          measure: `${label} projects: lights moved in a day`,
          samples: daily.map((s) => s.report.changed),
          unit: 'projects',
          digits: 0,
        },
        { group, measure: `${label} projects: a repeat the same day (moves nothing)`, samples: [repeat.ms], unit: 'ms', digits: 0 },
        { group, measure: `${label} projects: a day’s read requests`, samples: daily.map((s) => s.requests), unit: 'requests', digits: 0 },
        { group, measure: `${label} projects: a day’s read units`, samples: daily.map((s) => s.readUnits), unit: 'RCU', digits: 0 },
        {
          group,
          measure: `${label} projects: projects read / projects in the table`,
          samples: daily.map((s) => s.report.examined / size),
          unit: '(signed and started only)',
          digits: 2,
        },
      );
      if (repeat.report.changed !== 0) throw new Error('sweep bench: a repeat on the same day moved lights');
    } finally {
      client.destroy();
      await emulator.stop();
    }
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { sizes: { type: 'string', default: '1000,10000,100000' }, days: { type: 'string', default: '3' } },
  });
  const rows = await benchAlertSweep({ sizes: values.sizes.split(',').map(Number), days: Number(values.days) });
  console.log(markdownTable(rows));
  process.exit(0);
}
