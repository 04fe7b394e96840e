// A fixed digest (four projects of 2025, composed as of 2025-06-09) for the renderings' golden files.
import { LIANYUNGANG } from '../../shared/domain/city-config';
import type { DigestContent as Digest } from '../../shared/digest/types';
import { headlineOf, leaderboardOf } from '../../shared/digest/figures';
import { alertsFrom, changesFrom, overdueProblemsFrom, stalledFrom, upcomingFrom } from '../../shared/digest/sections';
import type { ProblemSnapshot } from '../../events';
import { decide, type ProjectCommand, type ProjectEvent, type ProjectSnapshot } from '../../shared/domain/project';
import { contribution, mergeCohortCounters } from '../../shared/domain/rollup';
import { composeRollupView } from '../../shared/domain/rollup-view';
import { context, signCommand } from './fixtures';

export function fixedDigest(): Digest {
  const events: ProjectEvent[] = [];
  const finals: ProjectSnapshot[] = [];
  const run = (commands: ProjectCommand[]) => {
    let state: ProjectSnapshot | null = null;
    for (const command of commands) {
      // Decided as of the digest's composition (its lights are that day's).
      const decision = decide(state, command, context({ now: new Date('2025-06-08T16:30:00Z') }));
      if (decision.kind !== 'changed') throw new Error('expected a change');
      events.push(decision.event);
      state = decision.after;
    }
    finals.push(state!);
  };
  run([
    signCommand({
      projectId: 'LYG-101',
      name: '盛虹炼化配套项目',
      district: 'xuwei',
      industry: 'petrochemical',
      agreedInvestment: 12_000_000_000,
      signedOn: '2025-01-15',
      plannedStartOn: '2025-04-01',
    }),
    { type: 'start', projectId: 'LYG-101', startedOn: '2025-04-02' },
  ]);
  run([
    signCommand({
      projectId: 'LYG-102',
      name: '创新药产业园',
      district: 'kaifaqu',
      industry: 'pharma',
      agreedInvestment: 3_500_000_000,
      signedOn: '2025-02-20',
      plannedStartOn: '2025-05-01',
      responsibleUnit: '开发区招商局',
    }),
  ]);
  run([
    signCommand({
      projectId: 'LYG-103',
      name: '港口冷链物流中心',
      district: 'lianyun',
      industry: 'logistics',
      agreedInvestment: 650_000_000,
      signedOn: '2025-06-02',
      plannedStartOn: '2025-07-01',
      responsibleUnit: '连云区商务局',
    }),
  ]);
  run([
    signCommand({
      projectId: 'LYG-104',
      name: '光伏组件项目',
      district: 'ganyu',
      industry: 'new-energy',
      agreedInvestment: 2_000_000_000,
      signedOn: '2025-03-03',
      plannedStartOn: undefined,
      responsibleUnit: '赣榆区招商局',
    }),
    { type: 'terminate', projectId: 'LYG-104', terminatedOn: '2025-06-05', reason: '投资方撤资' },
  ]);
  const view = composeRollupView(
    2025,
    mergeCohortCounters(finals.flatMap((p) => contribution(p, LIANYUNGANG))),
    LIANYUNGANG.defaultTargets,
    LIANYUNGANG,
    new Date('2025-06-08T16:30:00Z'),
  );
  const previous = leaderboardOf(view).map((r) => (r.district === 'kaifaqu' ? { ...r, rank: 1 } : r));
  const signed = finals.filter((p) => !p.startedOn && !p.terminatedOn);
  const stalled = stalledFrom(
    signed.filter((p) => p.signedOn < '2025-03-11'),
    signed.filter((p) => (p.plannedStartOn ?? '9') < '2025-06-09'),
    '2025-06-09',
    LIANYUNGANG,
  );
  const upcoming = upcomingFrom(
    signed.filter((p) => p.plannedStartOn && p.plannedStartOn >= '2025-06-09'),
    LIANYUNGANG,
  );
  return {
    kind: 'weekly',
    period: '2025-W24',
    asOf: '2025-06-09',
    year: 2025,
    headline: headlineOf(view),
    previousYear: null,
    previousYearLeaderboard: null,
    changes: { ...changesFrom(events, LIANYUNGANG), from: '2025-06-02', to: '2025-06-08' },
    leaderboard: leaderboardOf(view, previous),
    stalled,
    upcoming,
    stalledMore: false,
    upcomingMore: false,
    stalledByDistrict: LIANYUNGANG.districts.map((d) => {
      const mine = stalled.filter((s) => s.district === d.code);
      return { district: d.code, districtName: d.name, count: mine.length, oldest: mine.slice(0, 3) };
    }),
    upcomingCount: upcoming.length,
    alerts: alertsFrom(
      view.live,
      new Map(finals.filter((p) => p.alert?.level === 'red').map((p) => [p.district, p])),
      '2025-06-09',
      LIANYUNGANG,
    ),
    overdueProblems: overdueProblemsFrom(
      [
        problem('LYG-102', '创新药产业园', 'kaifaqu', 'land', '市自然资源和规划局', '2025-05-20'),
        problem('LYG-103', '港口冷链物流中心', 'lianyun', 'utilities', '国网连云港供电公司', '2025-06-01'),
        problem('LYG-102', '创新药产业园', 'kaifaqu', 'environment', '市自然资源和规划局', '2025-06-05'),
      ],
      '2025-06-09',
      LIANYUNGANG,
    ),
  };
}

let problems = 0;
function problem(
  projectId: string,
  projectName: string,
  district: string,
  category: string,
  responsibleUnit: string,
  dueOn: string,
): ProblemSnapshot {
  return {
    problemId: `01JXPROBLEM00000000000000${++problems}`,
    projectId,
    projectName,
    district,
    category,
    description: '待协调',
    responsibleUnit,
    dueOn,
    raisedOn: '2025-05-01',
    status: 'open',
    version: 1,
    updatedAt: '2025-05-01T02:00:00.000Z',
    updatedBy: 'clerk-1',
  };
}
