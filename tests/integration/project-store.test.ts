// The project store against DynamoDB Local: transactions, conflicts, history and GSI listing.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeCommand } from '../../shared/commands/execute';
import { LIANYUNGANG } from '../../shared/domain/city-config';
import { ValidationError, VersionConflictError } from '../../shared/domain/errors';
import { EVENT_SK_PREFIX, projectPartition } from '../../shared/store/keys';
import { ProjectStore } from '../../shared/store/project-store';
import { RollupStore } from '../../shared/store/rollup-store';
import { decide } from '../../shared/domain/project';
import { context, NOW, signCommand, signInput } from '../support/fixtures';
import type { SignInput } from '../../shared/domain/project';
import { createTestTable } from '../support/table';

let table: Awaited<ReturnType<typeof createTestTable>>;
let store: ProjectStore;
const options = { actor: 'clerk-1', config: LIANYUNGANG, now: NOW };
const districts = LIANYUNGANG.districts.map((d) => d.code);

beforeAll(async () => {
  table = await createTestTable();
  store = new ProjectStore(table.doc, table.tableName);
});
afterAll(() => table.drop());

async function eventItems(projectId: string) {
  const { Items } = await table.doc.send(
    new QueryCommand({
      TableName: table.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :event)',
      ExpressionAttributeValues: { ':pk': projectPartition(projectId), ':event': EVENT_SK_PREFIX },
    }),
  );
  return Items ?? [];
}

describe('ProjectStore against DynamoDB Local', () => {
  it('writes the project and its event together, and reads them back with the history', async () => {
    await executeCommand(store, signCommand({ projectId: 'S-1' }), options);
    await executeCommand(store, { type: 'start', projectId: 'S-1', startedOn: '2025-05-01' }, options);
    const found = await store.getWithHistory('S-1', { limit: 10 });
    expect(found?.project).toMatchObject({ projectId: 'S-1', version: 2, startedOn: '2025-05-01' });
    expect(found?.events.map((e) => [e.detailType, e.detail.version])).toEqual([
      ['ProjectStarted', 2],
      ['ProjectSigned', 1],
    ]);
    expect(found?.events[0]?.detail.before).toEqual(found?.events[1]?.detail.after);
    expect(found?.nextBefore).toBeNull();
    expect(await store.getWithHistory('missing', { limit: 10 })).toBeNull();
  });

  it('pages the history newest first, each event exactly once, with bounded reads', async () => {
    await executeCommand(store, signCommand({ projectId: 'S-PAGED' }), options);
    for (let i = 1; i <= 24; i++) {
      await executeCommand(store, { type: 'correct', projectId: 'S-PAGED', name: `名称第${i}版`, reason: '逐次更正' }, options);
    }
    const versions: number[] = [];
    let before: number | undefined;
    let pages = 0;
    do {
      const page = await store.getWithHistory('S-PAGED', { limit: 10, ...(before ? { before } : {}) });
      expect(page!.events.length).toBeLessThanOrEqual(10);
      versions.push(...page!.events.map((e) => e.detail.version));
      before = page!.nextBefore ?? undefined;
      pages += 1;
    } while (before);
    expect(pages).toBe(3);
    expect(versions).toEqual(Array.from({ length: 25 }, (_, i) => 25 - i));
  });

  it('a repeated command writes no second event', async () => {
    await executeCommand(store, signCommand({ projectId: 'S-2' }), options);
    const again = await executeCommand(store, signCommand({ projectId: 'S-2' }), options);
    expect(again.outcome).toBe('unchanged');
    expect(await eventItems('S-2')).toHaveLength(1);
  });

  it('two concurrent commands on one project: exactly one wins, the other gets a conflict', async () => {
    await executeCommand(store, signCommand({ projectId: 'S-3' }), options);
    for (let round = 0; round < 5; round++) {
      const current = (await store.get('S-3'))!;
      // Both decide from the same version, as two API requests racing would.
      const results = await Promise.allSettled([
        executeCommand(
          store,
          { type: 'correct', projectId: 'S-3', agreedInvestment: 200_000_000 + round, reason: 'a' },
          { ...options, expectedVersion: current.version },
        ),
        executeCommand(
          store,
          { type: 'correct', projectId: 'S-3', agreedInvestment: 300_000_000 + round, reason: 'b' },
          { ...options, expectedVersion: current.version },
        ),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0]?.reason).toBeInstanceOf(VersionConflictError);
    }
    const events = await eventItems('S-3');
    const versions = events.map((e) => e.detail.version);
    expect(versions).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await store.get('S-3'))?.version).toBe(6);
  });

  it('the losing side of a race on commit gets a typed conflict naming the version found', async () => {
    await executeCommand(store, signCommand({ projectId: 'S-4' }), options);
    const before = (await store.get('S-4'))!;
    await executeCommand(store, { type: 'start', projectId: 'S-4', startedOn: '2025-05-01' }, options);
    const stale = { ...before, version: 2, startedOn: '2025-05-02' };
    const event = {
      detailType: 'ProjectStarted' as const,
      detail: {
        schemaVersion: 1 as const,
        eventId: 'e-stale',
        occurredAt: NOW.toISOString(),
        actor: 'x',
        projectId: 'S-4',
        version: 2,
        before,
        after: stale,
      },
    };
    const attempt = store.commit({ before, after: stale, event });
    await expect(attempt).rejects.toBeInstanceOf(VersionConflictError);
    await expect(attempt).rejects.toMatchObject({ expectedVersion: 1, actualVersion: 2, reason: 'lost-race' });
    expect((await store.get('S-4'))?.startedOn).toBe('2025-05-01');
  });

  it('a stale If-Match is a conflict and leaves the project as it was', async () => {
    await executeCommand(store, signCommand({ projectId: 'S-5' }), options);
    await expect(
      executeCommand(store, { type: 'correct', projectId: 'S-5', name: '新名称', reason: 'x' }, { ...options, expectedVersion: 7 }),
    ).rejects.toMatchObject({ name: 'VersionConflictError', expectedVersion: 7, actualVersion: 1, reason: 'stale-precondition' });
    expect((await store.get('S-5'))?.name).toBe(signInput().name);
  });
});

describe('listing through GSI1', () => {
  let list: ProjectStore;
  let listTable: Awaited<ReturnType<typeof createTestTable>>;

  beforeAll(async () => {
    listTable = await createTestTable();
    list = new ProjectStore(listTable.doc, listTable.tableName);
    const rows: [string, string, string, boolean][] = [
      ['L-01', 'haizhou', '2024-05-01', false],
      ['L-02', 'haizhou', '2025-01-05', true],
      ['L-03', 'haizhou', '2025-02-05', false],
      ['L-04', 'ganyu', '2025-03-05', false],
      ['L-05', 'ganyu', '2025-01-15', true],
      ['L-06', 'xuwei', '2025-04-01', false],
      ['L-07', 'haizhou', '2025-03-01', false],
    ];
    // Three pharma projects, two of them with Tesla as the investor, one of those in the name only.
    const named: Record<string, Partial<SignInput>> = {
      'L-03': { industry: 'pharma', investor: 'Tesla (Shanghai) Co.' },
      'L-06': { industry: 'pharma', name: '特斯拉储能项目' },
      'L-07': { industry: 'pharma', investor: '上海TESLA投资' },
      'L-04': { investor: 'ＡＣＭＥ化工（全角）' },
    };
    for (const [projectId, district, signedOn, start] of rows) {
      const sign = signCommand({ projectId, district, signedOn, plannedStartOn: undefined, ...named[projectId] });
      await executeCommand(list, sign, options);
      if (start) await executeCommand(list, { type: 'start', projectId, startedOn: '2025-05-01' }, options);
    }
  });
  afterAll(() => listTable.drop());

  it('filters by status, district and signing year, oldest signing first', async () => {
    const page = await list.list({ status: 'signed', district: 'haizhou', limit: 10 }, districts);
    expect(page.items.map((p) => p.projectId)).toEqual(['L-01', 'L-03', 'L-07']);
    expect(page.nextCursor).toBeNull();
    const y2025 = await list.list({ status: 'signed', district: 'haizhou', signedYear: 2025, limit: 10 }, districts);
    expect(y2025.items.map((p) => p.projectId)).toEqual(['L-03', 'L-07']);
    const started = await list.list({ status: 'started', limit: 10 }, districts);
    expect(started.items.map((p) => p.projectId).sort()).toEqual(['L-02', 'L-05']);
  });

  it('pages through every project with the cursor, each exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await list.list({ limit: 2, ...(cursor ? { cursor } : {}) }, districts);
      // Full pages, but for the last; never an empty one behind a cursor.
      expect(page.items.length).toBe(page.nextCursor ? 2 : 1);
      seen.push(...page.items.map((p) => p.projectId));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(seen.sort()).toEqual(['L-01', 'L-02', 'L-03', 'L-04', 'L-05', 'L-06', 'L-07']);
    expect(pages).toBe(4);
    // A page that holds the last project says there is no next one.
    expect((await list.list({ limit: 7 }, districts)).nextCursor).toBeNull();
  });

  it('narrows by industry and by text in the name or investor, Latin letters in any case', async () => {
    const pharma = await list.list({ industry: 'pharma', limit: 10 }, districts);
    expect(pharma.items.map((p) => p.projectId).sort()).toEqual(['L-03', 'L-06', 'L-07']);
    expect(pharma.nextCursor).toBeNull();
    const tesla = await list.list({ text: 'tesla', limit: 10 }, districts);
    expect(tesla.items.map((p) => p.projectId).sort()).toEqual(['L-03', 'L-07']);
    const chinese = await list.list({ text: '特斯拉', industry: 'pharma', limit: 10 }, districts);
    expect(chinese.items.map((p) => p.projectId)).toEqual(['L-06']);
    expect((await list.list({ text: 'tesla', status: 'started', limit: 10 }, districts)).items).toEqual([]);
    // Full-width letters, stored or typed, match their ordinary forms.
    expect((await list.list({ text: 'acme', limit: 10 }, districts)).items.map((p) => p.projectId)).toEqual(['L-04']);
    expect((await list.list({ text: 'ｔｅｓｌａ', limit: 10 }, districts)).items.map((p) => p.projectId).sort()).toEqual(['L-03', 'L-07']);
  });

  it('pages through a filtered list with the cursor, each match exactly once, however many the index returns at once', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      // L-03 and L-07 share a partition: the first page stops inside it.
      const page = await list.list({ industry: 'pharma', limit: 1, ...(cursor ? { cursor } : {}) }, districts);
      expect(page.items).toHaveLength(1);
      seen.push(...page.items.map((p) => p.projectId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.sort()).toEqual(['L-03', 'L-06', 'L-07']);
  });

  it('refuses a cursor that is forged or from another query, naming the cursor', async () => {
    const first = await list.list({ status: 'signed', limit: 1 }, districts);
    expect(first.nextCursor).not.toBeNull();
    await expect(list.list({ status: 'started', limit: 1, cursor: first.nextCursor! }, districts)).rejects.toMatchObject({
      issues: [{ field: 'cursor', rule: expect.stringMatching(/previous page/) }],
    });
    await expect(list.list({ limit: 1, cursor: 'not-a-cursor' }, districts)).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('targets', () => {
  it("a year without stored targets has the city's defaults; stored ones replace them", async () => {
    const rollups = new RollupStore(table.doc, table.tableName, LIANYUNGANG);
    expect(await rollups.getTargets(2026)).toEqual(LIANYUNGANG.defaultTargets);
    const targets = { signed: 1200, agreedInvestment: 450_000_000_000, leadingShare: 0.75, sameYearStartRate: 0.55 };
    await rollups.putTargets(2026, targets);
    expect(await rollups.getTargets(2026)).toEqual(targets);
    expect(await rollups.getTargets(2025)).toEqual(LIANYUNGANG.defaultTargets);
  });
});

describe('a retried commit', () => {
  it('the same transaction sent again (a lost response) succeeds and writes nothing twice', async () => {
    const decision = decide(null, signCommand({ projectId: 'RT-1' }), context());
    if (decision.kind !== 'changed') throw new Error('expected a change');
    await store.commit(decision);
    await expect(store.commit(decision)).resolves.toBeUndefined();
    expect(await eventItems('RT-1')).toHaveLength(1);
  });
});

describe('stalled and upcoming starts through the indexes', () => {
  let idx: ProjectStore;
  let idxTable: Awaited<ReturnType<typeof createTestTable>>;

  beforeAll(async () => {
    idxTable = await createTestTable();
    idx = new ProjectStore(idxTable.doc, idxTable.tableName);
    const rows: [string, string, string | undefined, boolean][] = [
      ['ST-1', '2025-01-10', '2025-03-01', false], // stalled, past its planned start
      ['ST-2', '2025-03-16', '2025-06-20', false], // planned within the next 30 days
      ['ST-3', '2025-03-17', '2025-08-01', false], // planned later
      ['ST-4', '2025-02-01', '2025-04-01', true], // started: in neither index
      ['ST-5', '2025-01-20', undefined, false], // no planned start
    ];
    for (const [projectId, signedOn, plannedStartOn, start] of rows) {
      await executeCommand(idx, signCommand({ projectId, district: 'donghai', signedOn, plannedStartOn }), options);
      if (start) await executeCommand(idx, { type: 'start', projectId, startedOn: '2025-05-01' }, options);
    }
  });
  afterAll(() => idxTable.drop());

  it('signed projects of a district signed before a date, oldest first, started ones excluded', async () => {
    expect((await idx.signedBefore('donghai', '2025-03-17')).map((p) => p.projectId)).toEqual(['ST-1', 'ST-5', 'ST-2']);
    expect(await idx.signedBefore('ganyu', '2025-12-31')).toEqual([]);
  });

  it('planned starts in a window, both ends included; a start takes a project out', async () => {
    expect((await idx.plannedBetween('donghai', '2025-06-15', '2025-07-15')).map((p) => p.projectId)).toEqual(['ST-2']);
    expect((await idx.plannedBetween('donghai', '0000-01-01', '2025-06-14')).map((p) => p.projectId)).toEqual(['ST-1']);
    expect((await idx.plannedBetween('donghai', '2025-03-01', '2025-03-01')).map((p) => p.projectId)).toEqual(['ST-1']);
  });
});

describe('events by the day they were posted', () => {
  it('lists every event of a Shanghai business day, of any project', async () => {
    const late = new Date('2025-06-15T16:30:00Z'); // 00:30 on 2025-06-16 in Shanghai
    await executeCommand(store, signCommand({ projectId: 'DAY-1' }), { ...options, now: late });
    await executeCommand(store, { type: 'start', projectId: 'DAY-1', startedOn: '2025-06-16' }, { ...options, now: late });
    await executeCommand(store, signCommand({ projectId: 'DAY-2' }), { ...options, now: new Date('2025-06-15T15:59:00Z') });
    const day = await store.eventsPostedOn('2025-06-16');
    expect(day.map((e) => [e.detail.projectId, e.detailType]).sort()).toEqual([
      ['DAY-1', 'ProjectSigned'],
      ['DAY-1', 'ProjectStarted'],
    ]);
    expect((await store.eventsPostedOn('2025-06-15')).map((e) => e.detail.projectId)).toContain('DAY-2');
  });
});
