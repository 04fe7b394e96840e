// Composing digests against DynamoDB Local from real projects, events and rollups.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeCommand } from '../../shared/commands/execute';
import { LIANYUNGANG } from '../../shared/domain/city-config';
import { composeDigest } from '../../shared/digest/compose';
import type { DigestChannel } from '../../shared/digest/delivery';
import { LISTED_PROJECTS } from '../../shared/digest/compose';
import { runDigest } from '../../shared/digest/run';
import { addDays } from '../../shared/domain/dates';
import type { ProjectCommand, ProjectEvent } from '../../shared/domain/project';
import { consumeRollupMessages } from '../../shared/pipeline/rollup-consumer';
import { DigestStore } from '../../shared/store/digest-store';
import { ProjectStore } from '../../shared/store/project-store';
import { ProblemStore } from '../../shared/store/problem-store';
import { RollupStore } from '../../shared/store/rollup-store';
import { signCommand, signInput } from '../support/fixtures';
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
  sources = {
    projects,
    problems: new ProblemStore(table.doc, table.tableName),
    rollups,
    digests: new DigestStore(table.doc, table.tableName),
    config: LIANYUNGANG,
    webAppUrl: 'https://d111111abcdef8.cloudfront.net/app/',
  };
  const events: ProjectEvent[] = [];
  const post = async (date: string, command: ProjectCommand) => {
    const result = await executeCommand(projects, command, { actor: 'clerk', config: LIANYUNGANG, now: noon(date) });
    if (result.outcome === 'changed') events.push(result.event);
  };
  // Long ago: signed in February, never started (stalled); another past its planned start.
  await post('2025-02-03', signCommand({ projectId: 'OLD-1', district: 'guanyun', signedOn: '2025-02-03', plannedStartOn: undefined }));
  await post('2025-05-02', signCommand({ projectId: 'LATE-1', district: 'ganyu', signedOn: '2025-05-02', plannedStartOn: '2025-06-01' }));
  // The week of 2025-06-09: two signings, a start, a termination.
  await post(
    '2025-06-09',
    signCommand({
      projectId: 'W-1',
      district: 'haizhou',
      signedOn: '2025-06-09',
      agreedInvestment: 2_000_000_000,
      plannedStartOn: '2025-07-01',
    }),
  );
  await post(
    '2025-06-10',
    signCommand({
      projectId: 'W-2',
      district: 'haizhou',
      signedOn: '2025-06-10',
      agreedInvestment: 500_000_000,
      plannedStartOn: undefined,
    }),
  );
  await post('2025-06-12', { type: 'start', projectId: 'W-2', startedOn: '2025-06-12' });
  await post('2025-06-13', { type: 'terminate', projectId: 'OLD-1', terminatedOn: '2025-06-13', reason: '撤资' });
  await post('2025-06-14', signCommand({ projectId: 'W-3', district: 'xuwei', signedOn: '2025-06-14', plannedStartOn: '2025-08-30' }));
  // After the digest's window.
  await post('2025-06-16', signCommand({ projectId: 'NEXT-1', district: 'xuwei', signedOn: '2025-06-16', plannedStartOn: undefined }));
  // 2024: two projects, both terminated.
  await post('2024-03-01', signCommand({ projectId: 'T-1', district: 'donghai', signedOn: '2024-03-01', plannedStartOn: '2024-05-01' }));
  await post('2024-03-02', signCommand({ projectId: 'T-2', district: 'donghai', signedOn: '2024-03-02', plannedStartOn: undefined }));
  await post('2024-04-01', { type: 'terminate', projectId: 'T-1', terminatedOn: '2024-04-01', reason: '项目取消' });
  await post('2024-04-02', { type: 'terminate', projectId: 'T-2', terminatedOn: '2024-04-02', reason: '项目取消' });
  await consumeRollupMessages(
    rollups,
    events.map((e) => sqsRecord(e)),
  );
});
afterAll(() => table.drop());

describe('composeDigest', () => {
  it('a Monday 00:30 weekly digest: headline = rollup totals to the week’s end, the week’s changes, leaderboard, stalled, upcoming', async () => {
    const digest = await composeDigest('weekly', new Date('2025-06-15T16:30:00Z'), sources); // Mon 2025-06-16 00:30
    expect(digest).toMatchObject({ kind: 'weekly', period: '2025-W25', asOf: '2025-06-16', year: 2025, previousYear: null });
    // Counted to the week's last day: NEXT-1, signed on the 16th, is not in it (the stored totals, 6, are today's).
    const totals = (await sources.rollups.read(2025)).find((r) => r.cohort.view === 'signed' && r.cohort.scope.kind === 'total')!.counters;
    expect(totals.signed).toBe(6);
    expect(digest.headline).toMatchObject({
      signed: 5,
      agreedInvestment: totals.agreedInvestment! - signInput({ projectId: 'NEXT-1' }).agreedInvestment!,
      inProduction: 0,
      targets: LIANYUNGANG.defaultTargets,
    });
    // Where the year stands on the period's last day (NEXT-1 was signed after it), against 2024 to
    // the same day (T-1 and T-2) and the time elapsed: (5 + 15/30) / 12 of the year.
    const pace = (5 + 15 / 30) / 12;
    expect(digest.headline.standing).toMatchObject({
      asOf: '2025-06-15',
      signed: { actual: 5, target: 1000, lastYear: 2, yoy: 1.5, paceGap: Math.round((5 / 1000 - pace) * 10_000) / 100 },
    });
    expect(digest.renderings.markdown).toContain(
      '新签约亿元以上项目 5 个，完成年度目标的 0.50%，欠序时进度 45.33 个百分点，同比增长 150.0%',
    );

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
    // The robots' brief: counted per district, linking to the digest's page in the web app.
    expect(digest.stalledByDistrict.reduce((sum, d) => sum + d.count, 0)).toBe(1);
    expect(digest.upcomingCount).toBe(1);
    expect(digest.renderings.brief).toContain('## 久未开工项目 1 个');
    expect(digest.renderings.brief.trimEnd().split('\n').at(-1)).toBe(
      '[查看完整周报](https://d111111abcdef8.cloudfront.net/app/digests/weekly/2025-W25)',
    );
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
    const digest = await composeDigest('weekly', new Date('2025-06-15T16:30:00Z'), {
      ...sources,
      config: { ...LIANYUNGANG, stalledAfterDays: 30 },
    });
    expect(digest.stalled.map((s) => [s.projectId, s.reasons])).toEqual([['LATE-1', ['not-started-in-time', 'past-planned-start']]]);
  });

  it('the first monthly digest of a year reports the year just ended; an empty year has zeros and null rates', async () => {
    const digest = await composeDigest('monthly', new Date('2025-12-31T16:30:00Z'), sources); // 2026-01-01 00:30
    expect(digest).toMatchObject({ period: '2026-01', year: 2026 });
    expect(digest.headline).toMatchObject({ signed: 0, sameYearStartRate: null, leadingShare: null, startsNeeded: 0 });
    expect(digest.previousYear).toMatchObject({ year: 2025, signed: 6 });
    expect(digest.leaderboard.every((r) => r.rank === 1 && r.sameYearStartRate === null)).toBe(true);
    // The new year ranks nobody yet: the year just ended's final leaderboard is there instead.
    expect(digest.previousYearLeaderboard?.[0]).toMatchObject({ rank: 1, district: 'haizhou', signed: 2, startedSameYear: 1 });
    expect(digest.renderings.markdown).toContain('## 2025 年县区龙虎榜（最终）\n- 1. 海州区: 50.0% (1/2');
  });

  it('a district with no projects: on the leaderboard, last, with zeros and no rate', async () => {
    const digest = await composeDigest('weekly', new Date('2025-06-15T16:30:00Z'), sources);
    const yuntai = digest.leaderboard.find((r) => r.district === 'yuntai')!;
    expect(yuntai).toMatchObject({ name: '云台山景区', signed: 0, startedSameYear: 0, agreedInvestment: 0, sameYearStartRate: null });
    expect(yuntai.rank).toBe(Math.max(...digest.leaderboard.map((r) => r.rank)));
    expect(digest.renderings.text).toMatch(/云台山景区: — \(0\/0, 0亿元\)/);
  });

  it('a year with only terminated projects: counted as signed, nothing started, nothing stalled or upcoming', async () => {
    const digest = await composeDigest('monthly', new Date('2024-05-31T16:30:00Z'), sources); // 2024-06-01 00:30
    expect(digest).toMatchObject({ period: '2024-06', year: 2024 });
    expect(digest.headline).toMatchObject({
      signed: 2,
      agreedInvestment: 2 * signInput().agreedInvestment!,
      sameYearStartRate: 0,
      startsNeeded: 1,
      inProduction: 0,
    });
    expect(digest.leaderboard[0]).toMatchObject({ rank: 1, district: 'donghai', signed: 2, sameYearStartRate: 0 });
    expect(digest.stalled).toEqual([]);
    expect(digest.upcoming).toEqual([]);
  });
});

describe('runDigest: store once, deliver to each channel once', () => {
  const MONDAY = new Date('2025-06-29T16:30:00Z'); // Mon 2025-06-30 00:30 in Shanghai: 2025-W27
  const noWait = { attempts: 3, baseDelayMs: 1, sleep: async () => {} };
  const recording = (name: string, failures = 0) => {
    const sent: string[] = [];
    let left = failures;
    const channel: DigestChannel = {
      name,
      send: async (d) => {
        if (left-- > 0) throw new Error(`${name} is down`);
        sent.push(d.period);
      },
    };
    return { channel, sent, recover: () => (left = 0) };
  };

  it('re-running the period composes and sends nothing; a failing channel is retried, reported, and sent on the next run only', async () => {
    const email = recording('sns');
    const robot = recording('wecom:leaders', 99);
    const first = await runDigest('weekly', MONDAY, sources, [email.channel, robot.channel], { retry: noWait });
    expect(first).toMatchObject({ period: '2025-W27', composed: true });
    expect(first.sent.map((s) => [s.channel, s.ok, s.attempts])).toEqual([
      ['sns', true, 1],
      ['wecom:leaders', false, 3],
    ]);
    expect(first.sent[1]?.error).toBe('wecom:leaders is down');
    expect(email.sent).toEqual(['2025-W27']);
    // The failure is stored with the digest, where GET /digests/latest shows it.
    expect((await sources.digests.get('weekly', '2025-W27'))?.delivery).toEqual(first.delivery);

    robot.recover();
    const second = await runDigest('weekly', MONDAY, sources, [email.channel, robot.channel], { retry: noWait });
    expect(second).toMatchObject({ composed: false, sent: [{ channel: 'wecom:leaders', ok: true, attempts: 1 }] });
    expect(email.sent).toEqual(['2025-W27']);
    expect(robot.sent).toEqual(['2025-W27']);

    const third = await runDigest('weekly', new Date(MONDAY.getTime() + 3_600_000), sources, [email.channel, robot.channel], {
      retry: noWait,
    });
    expect(third).toMatchObject({ composed: false, sent: [] });
    expect(third.delivery.map((s) => [s.channel, s.ok])).toEqual([
      ['sns', true],
      ['wecom:leaders', true],
    ]);
    expect([...email.sent, ...robot.sent]).toEqual(['2025-W27', '2025-W27']);
  });

  it('a digest stored by POST /digests is delivered by the schedule; recomposing with force keeps the delivery record', async () => {
    const monthly = new Date('2025-06-30T16:30:00Z'); // 2025-07-01 00:30
    const digest = await composeDigest('monthly', monthly, sources);
    await sources.digests.put(digest);
    const email = recording('sns');
    const run = await runDigest('monthly', monthly, sources, [email.channel], { retry: noWait });
    expect(run).toMatchObject({ period: '2025-07', composed: false, sent: [{ channel: 'sns', ok: true }] });
    await sources.digests.put(digest, { replace: true });
    expect((await sources.digests.get('monthly', '2025-07'))?.delivery.map((s) => s.channel)).toEqual(['sns']);
    expect((await runDigest('monthly', monthly, sources, [email.channel])).sent).toEqual([]);
    expect(email.sent).toEqual(['2025-07']);
  });
});

describe('a district with more stalled projects than a digest lists', () => {
  it('names the 50 signed earliest and says there are more, reading no further; the brief counts them all', async () => {
    const own = await createTestTable();
    try {
      const projects = new ProjectStore(own.doc, own.tableName);
      for (let i = 0; i < LISTED_PROJECTS + 5; i++) {
        const signedOn = addDays('2025-01-01', i);
        await executeCommand(
          projects,
          signCommand({ projectId: `S-${String(i).padStart(3, '0')}`, district: 'guannan', signedOn, plannedStartOn: undefined }),
          {
            actor: 'clerk',
            config: LIANYUNGANG,
            now: noon(signedOn),
          },
        );
      }
      // Stalled only by its planned date (signed in June, planned for May's end): counted once.
      await executeCommand(
        projects,
        signCommand({ projectId: 'LATE-9', district: 'guannan', signedOn: '2025-05-20', plannedStartOn: '2025-05-31' }),
        { actor: 'clerk', config: LIANYUNGANG, now: noon('2025-05-20') },
      );
      const queried: (number | undefined)[] = [];
      own.doc.middlewareStack.add(
        (next) => async (args) => {
          const input = args.input as { IndexName?: string; Limit?: number; Select?: string };
          if (input.IndexName && input.Select !== 'COUNT') queried.push(input.Limit);
          return next(args);
        },
        { step: 'initialize' },
      );
      const digest = await composeDigest('weekly', new Date('2025-06-15T16:30:00Z'), {
        projects,
        problems: new ProblemStore(own.doc, own.tableName),
        rollups: new RollupStore(own.doc, own.tableName, LIANYUNGANG),
        digests: new DigestStore(own.doc, own.tableName),
        config: LIANYUNGANG,
      });
      expect(digest.stalled).toHaveLength(LISTED_PROJECTS);
      expect(digest.stalled[0]?.projectId).toBe('S-000');
      expect(digest.stalled.at(-1)?.projectId).toBe('S-049');
      expect(digest).toMatchObject({ stalledMore: true, upcomingMore: false });
      expect(digest.renderings.markdown).toContain('仅列出签约最早的项目，另有更多');
      expect(queried.every((limit) => limit === undefined || limit <= LISTED_PROJECTS + 1)).toBe(true);
      const guannan = digest.stalledByDistrict.find((d) => d.district === 'guannan')!;
      expect(guannan.count).toBe(LISTED_PROJECTS + 5 + 1);
      expect(guannan.oldest.map((s) => s.projectId)).toEqual(['S-000', 'S-001', 'S-002']);
      expect(digest.renderings.brief).toContain(`灌南县 ${LISTED_PROJECTS + 6} 个`);
    } finally {
      await own.drop();
    }
  });
});
