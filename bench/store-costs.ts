// DynamoDB cost of the write paths against DynamoDB Local, counted by an SDK middleware
// (measure.ts), beside the minimum the design allows: one transaction per command, one per rollup
// batch. And CSV import through the API handler: rows per second at 1,000 and 2,000 rows (the most one request takes; more go to POST /imports, bench/spreadsheets.ts).
import type { Context } from 'aws-lambda';
import { startDynamoDbLocal } from '../local/dynamodb-local';
import { LIANYUNGANG } from '../shared/domain/city-config';
import { addDays } from '../shared/domain/dates';
import { createGatewayHandler } from '../tests/support/gateway';
import { createDocumentClient, createDynamoDbClient } from '../shared/store/client';
import { DigestStore } from '../shared/store/digest-store';
import { ImportStore } from '../shared/store/import-store';
import { ProjectStore } from '../shared/store/project-store';
import { ProblemStore } from '../shared/store/problem-store';
import { RollupStore } from '../shared/store/rollup-store';
import { ensureTable } from '../shared/store/table-definition';
import { apiEvent } from '../tests/support/http';
import { countDynamoDbUsage } from './measure';
import type { Row } from './report';
import { measureRollupRun } from './rollup';

const NOW = new Date('2025-12-20T04:00:00Z');

async function withTable<T>(
  endpoint: string,
  name: string,
  work: (api: ReturnType<typeof createGatewayHandler>, usage: ReturnType<typeof countDynamoDbUsage>) => Promise<T>,
): Promise<T> {
  const client = createDynamoDbClient(endpoint);
  try {
    await ensureTable(client, name);
    const doc = createDocumentClient(client);
    const usage = countDynamoDbUsage(doc);
    const api = createGatewayHandler({
      projects: new ProjectStore(doc, name),
      problems: new ProblemStore(doc, name),
      rollups: new RollupStore(doc, name, LIANYUNGANG),
      digests: new DigestStore(doc, name),
      imports: new ImportStore(doc, name),
      config: LIANYUNGANG,
      now: () => NOW,
    });
    return await work(api, usage);
  } finally {
    client.destroy();
  }
}

const call = async (
  api: ReturnType<typeof createGatewayHandler>,
  method: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
) => {
  const rawBody = typeof body === 'string' ? body : JSON.stringify(body);
  const response = await api(
    apiEvent(method, path, { rawBody, headers: { 'content-type': 'application/json', ...headers } }),
    {} as Context,
  );
  if (response.statusCode! >= 300) throw new Error(`${method} ${path} answered ${response.statusCode}: ${response.body}`);
  return response;
};

/** Requests and write units per command (sign, then start) through the API handler. */
async function perTransition(endpoint: string, projects: number) {
  return withTable(endpoint, 'bench-costs', async (api, usage) => {
    usage.reset();
    for (let i = 0; i < projects; i++) {
      await call(api, 'POST', '/projects', {
        projectId: `C-${i}`,
        name: '项目',
        investor: '投资方',
        district: 'haizhou',
        industry: 'pharma',
        agreedInvestment: 200_000_000,
        signedOn: '2025-06-01',
        plannedStartOn: '2025-09-01',
      });
      await call(api, 'POST', `/projects/C-${i}/start`, { startedOn: '2025-07-01' });
    }
    const n = projects * 2;
    return { writes: usage.writeRequests / n, reads: (usage.requests - usage.writeRequests) / n, wcu: usage.writeUnits / n };
  });
}

export function csvOf(rows: number): string {
  const header = 'projectId,name,investor,district,industry,agreedInvestment,signedOn,plannedStartOn\n';
  const districts = LIANYUNGANG.districts.map((d) => d.code);
  const industries = LIANYUNGANG.industries.map((i) => i.code);
  const body = Array.from({ length: rows }, (_, i) => {
    const signedOn = addDays('2025-01-02', i % 340);
    return `CSV-${i},导入项目${i},投资方${i % 50},${districts[i % districts.length]},${industries[i % industries.length]},${100_000_000 + (i % 40) * 10_000_000},${signedOn},${addDays(signedOn, 60)}`;
  });
  return `${header}${body.join('\n')}\n`;
}

async function importSeconds(endpoint: string, rows: number): Promise<number> {
  const csv = csvOf(rows);
  return withTable(endpoint, `bench-csv-${rows}`, async (api) => {
    const started = performance.now();
    const response = await call(api, 'POST', '/projects/import', csv, { 'content-type': 'text/csv' });
    const seconds = (performance.now() - started) / 1000;
    const result = JSON.parse(response.body as string) as { created: unknown[]; failed: unknown[] };
    if (result.created.length !== rows)
      throw new Error(`import created ${result.created.length} of ${rows}; ${JSON.stringify(result.failed.slice(0, 3))}`);
    return seconds;
  });
}

export async function benchStoreCosts(options: {
  runs: number;
  commandsProjects: number;
  rollupEvents: number;
  csvSizes: readonly number[];
}): Promise<Row[]> {
  const transitions = [];
  const applied = [];
  const imports = new Map<number, number[]>(options.csvSizes.map((size) => [size, []]));
  for (let run = 0; run < options.runs; run++) {
    // A fresh emulator per run: DynamoDB Local slows as its stream records pile up.
    const emulator = await startDynamoDbLocal();
    try {
      transitions.push(await perTransition(emulator.endpoint, options.commandsProjects));
      applied.push(await measureRollupRun(10, run, options.rollupEvents, emulator.endpoint));
      for (const size of options.csvSizes) imports.get(size)!.push(await importSeconds(emulator.endpoint, size));
    } finally {
      await emulator.stop();
    }
  }
  const group = 'DynamoDB cost';
  const csvGroup = 'CSV import (API handler, DynamoDB Local)';
  return [
    {
      group,
      measure: 'write requests per transition (design minimum: 1 transaction)',
      samples: transitions.map((t) => t.writes),
      unit: 'requests',
      digits: 2,
    },
    {
      group,
      measure: 'read requests per transition (the current state)',
      samples: transitions.map((t) => t.reads),
      unit: 'requests',
      digits: 2,
    },
    { group, measure: 'write units per transition (table items)', samples: transitions.map((t) => t.wcu), unit: 'WCU', digits: 2 },
    {
      group,
      measure: 'write requests per applied event, batches of 10 (design minimum: 1 per batch = 0.10)',
      samples: applied.map((a) => a.requests),
      unit: 'requests',
      digits: 3,
    },
    {
      group,
      measure: 'write units per applied event, batches of 10 (table items)',
      samples: applied.map((a) => a.wcu),
      unit: 'WCU',
      digits: 2,
    },
    ...[...imports].flatMap(([size, seconds]): Row[] => [
      { group: csvGroup, measure: `${size.toLocaleString('en-US')} rows`, samples: seconds, unit: 's', digits: 1 },
      {
        group: csvGroup,
        measure: `${size.toLocaleString('en-US')} rows, throughput`,
        samples: seconds.map((s) => size / s),
        unit: 'rows/s',
        digits: 0,
      },
    ]),
  ];
}
