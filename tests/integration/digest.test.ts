// Composing digests against DynamoDB Local from real projects, events and rollups.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeCommand } from '../../shared/commands';
import { LIANYUNGANG } from '../../shared/config';
import { composeDigest } from '../../shared/digest';
import type { ProjectCommand, ProjectEvent } from '../../shared/domain/project';
import { consumeRollupMessages } from '../../shared/pipeline/rollup-consumer';
import { DigestStore } from '../../shared/store/digest-store';
import { ProjectStore } from '../../shared/store/project-store';
import { RollupStore } from '../../shared/store/rollup-store';
import { signCommand } from '../support/fixtures';
import { sqsRecord } from '../support/messages';
import { createTestTable } from '../support/table';

let table: Awaited<ReturnType<typeof createTestTable>>;
let sources: Parameters<typeof composeDigest>[2];

/** Shanghai noon of a business date. */
const noon = (date: string) => new Date(`${date}T04:00:00Z`);

beforeAll(async () => {
  table = await createTestTable();
  const projects = new ProjectStore(table.doc, table.tableName);
  const rollups = new RollupStore(table.doc, table.tableName, LIANYUNGANG);
  sources = { projects, rollups, digests: new DigestStore(table.doc, table.tableName), config: LIANYUNGANG };
  const events: ProjectEvent[] = [];
  const post = async (date: string, command: ProjectCommand) => {
    const result = await executeCommand(projects, command, { actor: 'clerk', config: LIANYUNGANG, now: noon(date) });
    if (result.outcome === 'changed') events.push(result.event);
  };
  // Long ago: signed in February, never started (stalled); another past its planned start.
  await post('2025-02-03', signCommand({ projectId: 'OLD-1', district: 'guanyun', signedOn: '2025-02-03', plannedStartOn: undefined }));
  await post('2025-05-02', signCommand({ projectId: 'LATE-1', district: 'ganyu', signedOn: '2025-05-02', plannedStartOn: '2025-06-01' }));
  // The week of 2025-06-09: two signings, a start, a termination.
  await post('2025-06-09', signCommand({ projectId: 'W-1', district: 'haizhou', signedOn: '2025-06-09', agreedInvestment: 2_000_000_000, plannedStartOn: '2025-07-01' }));
  await post('2025-06-10', signCommand({ projectId: 'W-2', district: 'haizhou', signedOn: '2025-06-10', agreedInvestment: 500_000_000, plannedStartOn: undefined }));
  await post('2025-06-12', { type: 'start', projectId: 'W-2', startedOn: '2025-06-12' });
  await post('2025-06-13', { type: 'terminate', projectId: 'OLD-1', terminatedOn: '2025-06-13', reason: '撤资' });
  await post('2025-06-14', signCommand({ projectId: 'W-3', district: 'xuwei', signedOn: '2025-06-14', plannedStartOn: '2025-08-30' }));
  // After the digest's window.
  await post('2025-06-16', signCommand({ projectId: 'NEXT-1', district: 'xuwei', signedOn: '2025-06-16', plannedStartOn: undefined }));
  await consumeRollupMessages(rollups, events.map((e) => sqsRecord(e)));
});
afterAll(() => table.drop());

describe('composeDigest', () => {
  it('a Monday 00:30 weekly digest: headline = rollup totals, the week’s changes, leaderboard, stalled, upcoming', async () => {
    const digest = await composeDigest('weekly', new Date('2025-06-15T16:30:00Z'), sources); // Mon 2025-06-16 00:30
    expect(digest).toMatchObject({ kind: 'weekly', period: '2025-W25', asOf: '2025-06-16', year: 2025, previousYear: null });
    const totals = (await sources.rollups.read(2025)).find((r) => r.cohort.view === 'signed' && r.cohort.scope.kind === 'total')!.counters;
    expect(digest.headline).toMatchObject({ signed: totals.signed, agreedInvestment: totals.agreedInvestment, inProduction: 0, targets: LIANYUNGANG.defaultTargets });
    expect(digest.headline.signed).toBe(6);

    expect(digest.changes).toMatchObject({ from: '2025-06-09', to: '2025-06-15' });
    expect(digest.changes.signed.count).toBe(3);
    expect(digest.changes.signed.largest[0]).toMatchObject({ projectId: 'W-1', districtName: '海州区' });
    expect(digest.changes.started.largest.map((l) => l.projectId)).toEqual(['W-2']);
    expect(digest.changes.terminated.count).toBe(1);

    expect(digest.leaderboard[0]).toMatchObject({ rank: 1, district: 'haizhou', sameYearStartRate: 0.5 });
    expect(digest.leaderboard).toHaveLength(10);
    // OLD-1 was terminated (not stalled); LATE-1 is past its planned start.
    expect(digest.stalled.map((s) => [s.projectId, s.reasons])).toEqual([['LATE-1', ['past-planned-start']]]);
    expect(digest.upcoming.map((u) => [u.projectId, u.plannedStartOn])).toEqual([['W-1', '2025-07-01']]);
    expect(digest.renderings.markdown).toMatch(/^# 项目推进周报（2025-W25/);
    expect(digest.renderings.html).toContain('<h2');
    expect(digest.renderings.text).toContain('县区龙虎榜');
  });

  it('stores one digest per period: composing it again stores nothing new, and the next digest shows movement', async () => {
    const digest = await composeDigest('weekly', new Date('2025-06-15T16:30:00Z'), sources);
    expect(await sources.digests.put(digest)).toBe(true);
    expect(await sources.digests.put(digest)).toBe(false);
    expect((await sources.digests.latest('weekly'))?.period).toBe('2025-W25');

    const next = await composeDigest('weekly', new Date('2025-06-22T16:30:00Z'), sources);
    expect(next.period).toBe('2025-W26');
    expect(next.leaderboard.find((r) => r.district === 'haizhou')?.movement).toBe(0);
    expect(next.changes.signed.largest.map((l) => l.projectId)).toEqual(['NEXT-1']);
  });

  it('the stalled threshold comes from the city configuration', async () => {
    // OLD-1 was terminated; at 30 days LATE-1 (signed 2025-05-02) counts as not started in time too.
    const digest = await composeDigest('weekly', new Date('2025-06-15T16:30:00Z'), { ...sources, config: { ...LIANYUNGANG, stalledAfterDays: 30 } });
    expect(digest.stalled.map((s) => [s.projectId, s.reasons])).toEqual([['LATE-1', ['not-started-in-time', 'past-planned-start']]]);
  });

  it('the first monthly digest of a year reports the year just ended; an empty year has zeros and null rates', async () => {
    const digest = await composeDigest('monthly', new Date('2025-12-31T16:30:00Z'), sources); // 2026-01-01 00:30
    expect(digest).toMatchObject({ period: '2026-01', year: 2026 });
    expect(digest.headline).toMatchObject({ signed: 0, sameYearStartRate: null, leadingShare: null, startsNeeded: 0 });
    expect(digest.previousYear).toMatchObject({ year: 2025, signed: 6 });
    expect(digest.leaderboard.every((r) => r.rank === 1 && r.sameYearStartRate === null)).toBe(true);
  });
});
