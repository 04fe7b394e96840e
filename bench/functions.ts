// Per function: the minified bundle's size (esbuild with the CDK stack's settings), module
// initialisation time (median over fresh Node processes requiring the bundle), and warm handler
// time in this process with every AWS client mocked (aws-sdk-client-mock).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { DynamoDBStreamEvent, SQSEvent } from 'aws-lambda';
import { build } from 'esbuild';
import { lambdaContext } from '../local/lambda-context';
import { LIANYUNGANG } from '../shared/domain/city-config';
import { decide, type ProjectEvent, type ProjectSnapshot } from '../shared/domain/project';
import { digestPartition, Entity, importChunkKey, projectPartition } from '../shared/store/keys';
import { toEventItem, toProjectItem } from '../shared/store/project-store';
import { apiEvent } from '../tests/support/http';
import { sqsRecord, streamInsert } from '../tests/support/messages';
import type { Row } from './report';
import { median } from './measure';
import { BUNDLE_ENTRY_FILE, bundleSizes, type BundleSizes, esbuildOptions, FUNCTION_ENTRY, FUNCTION_NAMES } from '../infra/bundling';

export const FUNCTIONS = FUNCTION_NAMES;

/**
 * The stack's bundling (infra/bundling.ts): ESM, minified, tree-shaken, split into what loads at init
 * and chunks loaded on first use, source maps beside them. The composition is of what loads at init.
 */
async function bundle(entry: string, outdir: string): Promise<{ file: string; sizes: BundleSizes; packages: [string, number][] }> {
  const { metafile } = await build(esbuildOptions(entry, outdir));
  const sizes = bundleSizes(metafile!);
  const byPackage = new Map<string, number>();
  for (const [path, output] of Object.entries(metafile!.outputs)) {
    if (!sizes.initFiles.includes(basename(path))) continue;
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? input.split('/').slice(0, 2).join('/');
      byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
    }
  }
  return { file: join(outdir, BUNDLE_ENTRY_FILE), sizes, packages: [...byPackage].sort((a, b) => b[1] - a[1]) };
}

const ENV = {
  TABLE_NAME: 'bench',
  EVENT_BUS_NAME: 'bench',
  AWS_REGION: 'ap-east-1',
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
};

/**
 * Milliseconds to import the bundle in a fresh Node process (what Lambda's init phase runs), above
 * a bare `node`, on the Node that runs the bench (24, as Lambda's: npm run bench:functions). Without
 * warnings, as a function has none on Lambda.
 */
function initMs(file: string): number {
  return timedInFreshProcess(`await import(${JSON.stringify(pathToFileURL(file).href)})`);
}

/**
 * Milliseconds from the import to the first answer, in a fresh process: what a cold request costs
 * the function, what it loads on first use included. GET /city reads no table, so none is needed.
 */
function coldRequestMs(file: string): number {
  const event = JSON.stringify(apiEvent('GET', '/city'));
  const context = "{ functionName: 'api', awsRequestId: 'r', getRemainingTimeInMillis: () => 1000 }";
  return timedInFreshProcess(
    `const { handler } = await import(${JSON.stringify(pathToFileURL(file).href)});` +
      `const r = await handler(${event}, ${context}); if (r.statusCode !== 200) throw new Error(r.body)`,
  );
}

function timedInFreshProcess(code: string): number {
  const script = `const t=performance.now();${code};process.stdout.write(String(performance.now()-t))`;
  return Number(
    execFileSync(process.execPath, ['--no-warnings', '--input-type=module', '-e', script], {
      env: { ...process.env, ...ENV },
      encoding: 'utf8',
    }),
  );
}

function sampleProject(): { project: ProjectSnapshot; events: ProjectEvent[] } {
  let n = 0;
  const ctx = { actor: 'bench', config: LIANYUNGANG, now: new Date('2025-06-15T04:00:00Z'), newEventId: () => `e${++n}` };
  const signed = decide(
    null,
    {
      type: 'sign',
      projectId: 'B-1',
      name: '项目',
      investor: '投资方',
      district: 'haizhou',
      industry: 'pharma',
      agreedInvestment: 300_000_000,
      signedOn: '2025-03-01',
      plannedStartOn: '2025-07-01',
    },
    ctx,
  );
  if (signed.kind !== 'changed') throw new Error('bench data');
  const started = decide(signed.after, { type: 'start', projectId: 'B-1', startedOn: '2025-06-01' }, ctx);
  if (started.kind !== 'changed') throw new Error('bench data');
  return { project: started.after, events: [signed.event, started.event] };
}

/** One representative invocation per function, with the AWS clients answering from memory. */
async function warmInvokers(): Promise<{ invokers: Record<(typeof FUNCTIONS)[number], () => Promise<unknown>>; restore(): void }> {
  Object.assign(process.env, ENV, { DIGEST_TOPIC_ARN: 'arn:aws:sns:ap-east-1:000000000000:bench' });
  const { project, events } = sampleProject();
  const ddb = mockClient(DynamoDBDocumentClient);
  const eventBridge = mockClient(EventBridgeClient);
  eventBridge.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ({
    FailedEntryCount: 0,
    Entries: input.Entries.map((_, i) => ({ EventId: String(i) })),
  }));
  const sns = mockClient(SNSClient);
  sns.on(PublishCommand).resolves({ MessageId: 'm' });
  const projectItems = Array.from({ length: 1000 }, (_, i) => toProjectItem({ ...project, projectId: `B-${i}` }));
  // The digest is found right after its put and forgotten after that, so each run composes anew.
  let justStored: Record<string, unknown> | undefined;
  ddb.on(GetCommand).callsFake((input: { Key: { PK: string } }) => {
    if (input.Key.PK === projectPartition(project.projectId)) return { Item: toProjectItem(project) };
    const item = input.Key.PK === digestPartition('weekly') ? justStored : undefined;
    justStored = undefined;
    return { Item: item };
  });
  ddb.on(PutCommand).callsFake((input: { Item: Record<string, unknown> }) => {
    justStored = input.Item;
    return {};
  });
  ddb.on(QueryCommand).callsFake((input: { KeyConditionExpression: string; IndexName?: string }) => ({
    Items: input.IndexName ? [] : events.map(toEventItem),
  }));
  ddb.on(ScanCommand).resolves({ Items: projectItems });
  ddb.on(TransactWriteCommand).resolves({});
  ddb.on(UpdateCommand).resolves({});

  const api = await import('../functions/api');
  const spreadsheets = await import('../functions/spreadsheets');
  const importWorker = await import('../functions/import-worker');
  const publish = await import('../functions/publish');
  const rollup = await import('../functions/rollup');
  const digest = await import('../functions/digest');
  const reconcile = await import('../functions/reconcile');
  const alertSweep = await import('../functions/alert-sweep');
  const alertNotice = await import('../functions/alert-notice');
  const chunkBatch = {
    Records: [
      streamInsert({
        ...importChunkKey('01JBENCH0000000000000000000', 0),
        entity: Entity.importChunk,
        importId: '01JBENCH0000000000000000000',
        chunk: 0,
        rows: [],
        createdBy: 'bench',
        roles: [{ kind: 'bureau' }],
      }),
    ],
  } as DynamoDBStreamEvent;
  const streamBatch = { Records: Array.from({ length: 10 }, () => streamInsert(toEventItem(events[1]!))) } as DynamoDBStreamEvent;
  const sqsBatch = {
    Records: Array.from({ length: 10 }, (_, i) => sqsRecord({ ...events[1]!, detail: { ...events[1]!.detail, eventId: `w${i}` } })),
  } as SQSEvent;
  return {
    invokers: {
      api: () => api.handler(apiEvent('GET', '/projects/B-1'), lambdaContext('api')),
      // The list's index reads answer nothing here: the handler's own cost, an empty workbook written.
      spreadsheets: () => spreadsheets.handler(apiEvent('GET', '/projects/export.xlsx'), lambdaContext('spreadsheets')),
      // A chunk whose result is already recorded: the handler's own cost, no row signed.
      'import-worker': () => importWorker.handler(chunkBatch, lambdaContext('import-worker')),
      publish: () => publish.handler(streamBatch, lambdaContext('publish')),
      rollup: () => rollup.handler(sqsBatch, lambdaContext('rollup')),
      digest: () => digest.handler({ kind: 'weekly', asOf: '2025-06-16' }, lambdaContext('digest')),
      reconcile: () => reconcile.handler({ year: 2025 }, lambdaContext('reconcile')),
      'alert-sweep': () => alertSweep.handler({}, lambdaContext('alert-sweep')),
      'alert-notice': () => alertNotice.handler(sqsBatch, lambdaContext('alert-notice')),
    },
    // The mocks replace the clients' send for every instance: later benchmarks need the real ones.
    restore: () => {
      for (const mock of [ddb, eventBridge, sns]) mock.restore();
    },
  };
}

export async function benchFunctions(options: { processes: number; invocations: number }): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-bundles-'));
  const rows: Row[] = [];
  let cleanup = () => {};
  const kib = (bytes: number) => Math.round(bytes / 1024);
  try {
    const { invokers, restore } = await warmInvokers();
    cleanup = restore;
    const { file: floor, sizes: floorSizes } = await bundle(join(import.meta.dirname, 'floor-function.ts'), join(dir, 'floor'));
    rows.push({
      group: 'functions',
      measure: 'floor (a DynamoDB client only): bundle, loaded at init',
      samples: [floorSizes.atInit / 1024],
      unit: 'KiB',
      digits: 0,
    });
    const floorSamples: number[] = [];
    for (const name of FUNCTIONS) {
      const { file, sizes, packages } = await bundle(FUNCTION_ENTRY(name), join(dir, name));
      const largest = packages
        .slice(0, 4)
        .map(([p, b]) => `${p} ${kib(b)}`)
        .join(', ');
      rows.push({
        group: 'functions',
        measure: `${name}: bundle, loaded at init (largest: ${largest} KiB)`,
        samples: [sizes.atInit / 1024],
        unit: 'KiB',
        digits: 0,
      });
      rows.push({
        group: 'functions',
        measure: `${name}: bundle, with the chunks loaded on first use`,
        samples: [sizes.total / 1024],
        unit: 'KiB',
        digits: 0,
      });
      // Paired: the floor and the function in alternate fresh processes, so both see the same machine.
      const mine: number[] = [];
      for (let i = 0; i < options.processes; i++) {
        floorSamples.push(initMs(floor));
        mine.push(initMs(file));
      }
      rows.push({ group: 'functions', measure: `${name}: module init, fresh process`, samples: mine, unit: 'ms' });
      if (name === 'api') {
        const cold = Array.from({ length: options.processes }, () => coldRequestMs(file));
        rows.push({ group: 'functions', measure: 'api: module init + first GET /city, fresh process', samples: cold, unit: 'ms' });
      }
      rows.push({
        group: 'functions',
        measure: `${name}: module init ÷ the floor's (same run)`,
        samples: [median(mine) / median(floorSamples.slice(-options.processes))],
        unit: '×',
        digits: 2,
      });
      const invoke = invokers[name];
      for (let i = 0; i < 5; i++) await invoke();
      const times: number[] = [];
      for (let i = 0; i < options.invocations; i++) {
        const started = performance.now();
        await invoke();
        times.push(performance.now() - started);
      }
      rows.push({ group: 'functions', measure: `${name}: warm handler, AWS mocked`, samples: times, unit: 'ms', digits: 2 });
    }
    rows.push({ group: 'functions', measure: 'floor: module init, fresh process', samples: floorSamples, unit: 'ms' });
  } finally {
    cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

// npm run bench:functions [-- --quick]: this group alone.
if (process.argv[1] === import.meta.filename) {
  const quick = process.argv.includes('--quick');
  const { markdownTable } = await import('./report');
  console.log(markdownTable(await benchFunctions(quick ? { processes: 5, invocations: 50 } : { processes: 20, invocations: 300 })));
  process.exit(0);
}
