import { describe, expect, it } from 'vitest';
import { LIANYUNGANG } from '../../../../shared/domain/city-config';
import { headlineOf, leaderboardOf } from '../../../../shared/digest/figures';
import type { ProjectSnapshot } from '../../../../shared/domain/project';
import { contribution, mergeCohortCounters } from '../../../../shared/domain/rollup';
import { composeRollupView } from '../../../../shared/domain/rollup-view';

const base = { name: 'n', investor: 'i', industry: 'pharma', version: 1, updatedAt: '2025-01-01T00:00:00.000Z', updatedBy: 'u' };
let n = 0;
const project = (district: string, started: boolean, agreedInvestment = 200_000_000): ProjectSnapshot => ({
  ...base,
  projectId: `D-${++n}`,
  district,
  agreedInvestment,
  signedOn: '2025-02-01',
  ...(started ? { startedOn: '2025-03-01' } : {}),
});
const viewOf = (projects: ProjectSnapshot[]) =>
  composeRollupView(
    2025,
    mergeCohortCounters(projects.flatMap((p) => contribution(p, LIANYUNGANG))),
    LIANYUNGANG.defaultTargets,
    LIANYUNGANG,
    new Date('2025-06-16T00:00:00Z'),
  );

describe('digest figures', () => {
  const projects = [
    project('haizhou', true),
    project('haizhou', true),
    project('haizhou', false), // 2/3
    project('ganyu', true),
    project('ganyu', false), // 1/2
    project('xuwei', true), // 1/1
    project('donghai', false),
    project('donghai', false), // 0/2
  ];
  const view = viewOf(projects);

  it('the headline carries the same figures as the year’s rollup totals, with the targets', () => {
    expect(headlineOf(view)).toEqual({
      year: 2025,
      signed: 8,
      agreedInvestment: 1_600_000_000,
      leadingShare: 1,
      sameYearStartRate: 0.5,
      startsNeeded: 0,
      inProduction: 0,
      targets: LIANYUNGANG.defaultTargets,
    });
  });

  it('ranks districts by same-year start rate; those with nothing signed come last, tied', () => {
    const board = leaderboardOf(view);
    expect(board.slice(0, 4).map((r) => [r.rank, r.district])).toEqual([
      [1, 'xuwei'],
      [2, 'haizhou'],
      [3, 'ganyu'],
      [4, 'donghai'],
    ]);
    expect(board.slice(4).every((r) => r.rank === 5 && r.signed === 0 && r.sameYearStartRate === null)).toBe(true);
    expect(board).toHaveLength(10);
    expect(board.every((r) => r.movement === null)).toBe(true);
  });

  it('movement is the places gained since the previous digest', () => {
    const previous = leaderboardOf(view);
    const later = leaderboardOf(viewOf([...projects, project('donghai', true), project('donghai', true)]), previous);
    // donghai: 0/2 → 2/4 = 0.5, level with ganyu's rate but more same-year starts.
    expect(later.find((r) => r.district === 'donghai')).toMatchObject({ rank: 3, movement: 1 });
    expect(later.find((r) => r.district === 'ganyu')).toMatchObject({ rank: 4, movement: -1 });
    expect(later.find((r) => r.district === 'xuwei')).toMatchObject({ rank: 1, movement: 0 });
  });
});
