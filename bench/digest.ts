// Digest composition against DynamoDB Local at 1k, 10k and 100k projects, beside recomputing the
// same headline by scanning every project (what the digest would cost without rollups and indexes).
//   npm run bench:digest [-- --quick]
// The current year's activity is the same at every size (about 500 projects signed by mid-June,
// 2025); the other projects are spread over the nine years before, most started, some stalled.
import { parseArgs } from 'node:util';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { seededRandom } from '../local/demo';
import { startDynamoDbLocal } from '../local/dynamodb-local';
import { assessed } from '../shared/domain/alerts';
import { LIANYUNGANG } from '../shared/domain/city-config';
import { composeDigest } from '../shared/digest/compose';
import { addDays } from '../shared/domain/dates';
import { decide, type ProjectCommand, type ProjectEvent, type ProjectSnapshot } from '../shared/domain/project';
import { contribution, mergeCohortCounters } from '../shared/domain/rollup';
import { composeRollupView } from '../shared/domain/rollup-view';
import { recomputeYear } from '../shared/monitoring/reconcile';
import { createDocumentClient, createDynamoDbClient } from '../shared/store/client';
import { DigestStore } from '../shared/store/digest-store';
import { ProjectStore, toEventItem, toProjectItem } from '../shared/store/project-store';
import { ProblemStore } from '../shared/store/problem-store';
import { RollupStore } from '../shared/store/rollup-store';
import { ensureTable } from '../shared/store/table-definition';
import { countDynamoDbReads, median, spread } from './measure';
import { putRollupRows } from './seed';

const DIGEST_AT = new Date('2025-06-15T16:30:00Z'); // Monday 2025-06-16 00:30 in Shanghai
const CURRENT_YEAR_PROJECTS = 500;

/** `count` projects in their final state, and the events of the two weeks the digest reports. */
export function generateProjects(count: number): { projects: ProjectSnapshot[]; recentEvents: ProjectEvent[] } {
  const next = seededRandom(count);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const projects: ProjectSnapshot[] = [];
  const recentEvents: ProjectEvent[] = [];
  let eventNo = 0;
  for (let i = 0; i < count; i++) {
    const current = i < CURRENT_YEAR_PROJECTS;
    const signedOn = current ? addDays('2025-01-02', Math.floor(next() * 164)) : addDays('2016-01-01', Math.floor(next() * 3280));
    const commands: ProjectCommand[] = [
      {
        type: 'sign',
        projectId: `P${String(i).padStart(6, '0')}`,
        name: `项目${i}`,
        investor: `投资方${i % 97}`,
        district: pick(LIANYUNGANG.districts).code,
        industry: pick(LIANYUNGANG.industries).code,
        agreedInvestment: 100_000_000 * (1 + Math.floor(next() * 50)),
        signedOn,
        plannedStartOn: next() < 0.7 ? addDays(signedOn, 30 + Math.floor(next() * 150)) : undefined,
      },
    ];
    const fate = next();
    const startedOn = addDays(signedOn, 20 + Math.floor(next() * 200));
    if (fate < (current ? 0.45 : 0.85) && startedOn < '2025-06-16') {
      commands.push({ type: 'start', projectId: commands[0]!.projectId, startedOn });
      const producedOn = addDays(startedOn, 200 + Math.floor(next() * 400));
      if (next() < 0.6 && producedOn < '2025-06-16') commands.push({ type: 'produce', projectId: commands[0]!.projectId, producedOn });
    } else if (fate > 0.95) {
      commands.push({ type: 'terminate', projectId: commands[0]!.projectId, terminatedOn: addDays(signedOn, 60), reason: '投资方撤回' });
    }
    let state: ProjectSnapshot | null = null;
    for (const command of commands) {
      const on =
        command.type === 'sign'
          ? command.signedOn
          : command.type === 'start'
            ? command.startedOn
            : command.type === 'produce'
              ? command.producedOn
              : command.type === 'terminate'
                ? command.terminatedOn
                : signedOn;
      if (on > '2025-06-15') break;
      const decision = decide(state, command, {
        actor: 'bench',
        config: LIANYUNGANG,
        now: new Date(`${on}T04:00:00Z`),
        newEventId: () => `E${++eventNo}`,
      });
      if (decision.kind !== 'changed') throw new Error(`bench data: ${command.type} of ${command.projectId} changed nothing`);
      if (on >= '2025-06-02') recentEvents.push(decision.event);
      state = decision.after;
    }
    projects.push(state!);
  }
  return { projects, recentEvents };
}

export async function writeAll(doc: DynamoDBDocumentClient, tableName: string, items: Record<string, unknown>[]) {
  const batches: Record<string, unknown>[][] = [];
  for (let at = 0; at < items.length; at += 25) batches.push(items.slice(at, at + 25));
  const worker = async () => {
    for (let batch = batches.pop(); batch; batch = batches.pop()) {
      let requests = batch.map((Item) => ({ PutRequest: { Item } }));
      while (requests.length > 0) {
        const { UnprocessedItems } = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
        requests = (UnprocessedItems?.[tableName] ?? []) as typeof requests;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

export interface DigestBenchRow {
  projects: number;
  composeMs: number[];
  composeRequests: number;
  composeReadUnits: number;
  scanMs: number[];
  scanRequests: number;
  scanReadUnits: number;
}

export async function benchDigest(sizes: readonly number[], runs: number): Promise<DigestBenchRow[]> {
  const rows: DigestBenchRow[] = [];
  for (const size of sizes) {
    const emulator = await startDynamoDbLocal();
    const client = createDynamoDbClient(emulator.endpoint);
    try {
      const doc = createDocumentClient(client);
      const tableName = 'bench-digest';
      await ensureTable(client, tableName);
      const generated = generateProjects(size);
      // The lights as the sweep left them the night before the digest (time moves them; the
      // generated projects carry those of their last command's day).
      const projects = generated.projects.map((p) => assessed(p, '2025-06-16', LIANYUNGANG));
      const { recentEvents } = generated;
      const loading = performance.now();
      await writeAll(doc, tableName, [...projects.map(toProjectItem), ...recentEvents.map(toEventItem)]);
      const rollups = new RollupStore(doc, tableName, LIANYUNGANG);
      await putRollupRows(doc, tableName, mergeCohortCounters(projects.flatMap((p) => contribution(p, LIANYUNGANG))));
      process.stderr.write(`digest bench: ${size} projects loaded in ${((performance.now() - loading) / 1000).toFixed(1)} s\n`);

      const reads = countDynamoDbReads(doc);
      const sources = {
        projects: new ProjectStore(doc, tableName),
        problems: new ProblemStore(doc, tableName),
        rollups,
        digests: new DigestStore(doc, tableName),
        config: LIANYUNGANG,
      };
      const row: DigestBenchRow = {
        projects: size,
        composeMs: [],
        composeRequests: 0,
        composeReadUnits: 0,
        scanMs: [],
        scanRequests: 0,
        scanReadUnits: 0,
      };
      for (let run = 0; run < runs; run++) {
        reads.reset();
        const started = performance.now();
        const digest = await composeDigest('weekly', DIGEST_AT, sources);
        row.composeMs.push(performance.now() - started);
        [row.composeRequests, row.composeReadUnits] = [reads.requests, reads.readUnits];
        if (digest.headline.signed !== projects.filter((p) => p.signedOn.startsWith('2025')).length)
          throw new Error('digest headline disagrees with the data');

        reads.reset();
        const scanning = performance.now();
        const scanned = await rollups.scanProjects();
        const view = composeRollupView(2025, recomputeYear(scanned, 2025, LIANYUNGANG), LIANYUNGANG.defaultTargets, LIANYUNGANG, DIGEST_AT);
        row.scanMs.push(performance.now() - scanning);
        [row.scanRequests, row.scanReadUnits] = [reads.requests, reads.readUnits];
        if (view.totals.signed !== digest.headline.signed) throw new Error('scan and digest disagree');
      }
      rows.push(row);
    } finally {
      client.destroy();
      await emulator.stop();
    }
  }
  return rows;
}

export function digestTable(rows: readonly DigestBenchRow[]) {
  return rows.map((r) => ({
    projects: r.projects,
    'digest ms': `${median(r.composeMs).toFixed(0)} ${spread(r.composeMs, 0)}`,
    'digest requests': r.composeRequests,
    'digest RCU': r.composeReadUnits.toFixed(1),
    'scan ms': `${median(r.scanMs).toFixed(0)} ${spread(r.scanMs, 0)}`,
    'scan requests': r.scanRequests,
    'scan RCU': r.scanReadUnits.toFixed(1),
    'scan / digest time': `${(median(r.scanMs) / median(r.composeMs)).toFixed(1)}×`,
  }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
  const sizes = values.quick ? [1_000, 10_000] : [1_000, 10_000, 100_000];
  const runs = values.quick ? 3 : 5;
  const rows = await benchDigest(sizes, runs);
  console.log(`weekly digest vs a full scan, DynamoDB Local, ${runs} runs per size, median (min–max)`);
  console.table(digestTable(rows));
}
