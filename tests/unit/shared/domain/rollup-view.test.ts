import { describe, expect, it } from 'vitest';
import { LIANYUNGANG } from '../../../../shared/domain/city-config';
import { composeRollupView } from '../../../../shared/domain/rollup-view';
import { contribution, mergeCohortCounters } from '../../../../shared/domain/rollup';
import type { ProjectSnapshot } from '../../../../shared/domain/project';

const base = { name: 'n', investor: 'i', version: 1, updatedAt: '2025-01-01T00:00:00.000Z', updatedBy: 'u' };
const projects: ProjectSnapshot[] = [
  {
    ...base,
    projectId: 'V-1',
    district: 'haizhou',
    industry: 'pharma',
    agreedInvestment: 500_000_000,
    signedOn: '2025-01-10',
    startedOn: '2025-03-01',
  },
  { ...base, projectId: 'V-2', district: 'haizhou', industry: 'logistics', agreedInvestment: 200_000_000, signedOn: '2025-02-10' },
  {
    ...base,
    projectId: 'V-3',
    district: 'ganyu',
    industry: 'new-energy',
    agreedInvestment: 300_000_000,
    signedOn: '2025-02-20',
    startedOn: '2025-04-01',
    producedOn: '2025-06-01',
  },
  {
    ...base,
    projectId: 'V-4',
    district: 'ganyu',
    industry: 'pharma',
    agreedInvestment: 100_000_000,
    signedOn: '2024-12-31',
    startedOn: '2025-01-01',
  },
];
const rows = mergeCohortCounters(projects.flatMap((p) => contribution(p, LIANYUNGANG)));

describe('composeRollupView', () => {
  const view = composeRollupView(2025, rows, LIANYUNGANG.defaultTargets, LIANYUNGANG, new Date('2025-06-15T04:00:00Z'));

  it('totals carry the counters, the rates and the starts still needed', () => {
    expect(view.totals).toMatchObject({
      signed: 3,
      agreedInvestment: 1_000_000_000,
      leadingSigned: 2,
      started: 2,
      startedSameYear: 2,
      inProduction: 1,
      sameYearStartRate: 2 / 3,
      leadingShare: 2 / 3,
      startsNeeded: 0,
    });
    expect(view.targets).toEqual(LIANYUNGANG.defaultTargets);
    expect(view.asOf).toBe('2025-06-15T04:00:00.000Z');
  });

  it('lists every configured district, industry and month, with null rates where nothing was signed', () => {
    expect(view.byDistrict).toHaveLength(10);
    expect(view.byDistrict.find((d) => d.district === 'haizhou')).toMatchObject({
      name: '海州区',
      signed: 2,
      startedSameYear: 1,
      sameYearStartRate: 0.5,
      startsNeeded: 0,
    });
    expect(view.byDistrict.find((d) => d.district === 'xuwei')).toMatchObject({
      signed: 0,
      sameYearStartRate: null,
      leadingShare: null,
      startsNeeded: 0,
    });
    expect(view.byIndustry.find((i) => i.industry === 'pharma')).toMatchObject({ name: '生物医药', leading: true, signed: 1 });
    expect(view.byMonth.map((m) => m.signed)).toEqual([1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('counts starts that happened in the year whenever signed: the 2024 project started on 2025-01-01', () => {
    expect(view.happenedInYear).toEqual({ started: 3, inProduction: 1 });
  });
});
