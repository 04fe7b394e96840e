import { describe, expect, it } from 'vitest';
import { LIANYUNGANG } from '../../../../shared/domain/city-config';
import { addDays } from '../../../../shared/domain/dates';
import type { ProjectSnapshot } from '../../../../shared/domain/project';
import { contribution, mergeCohortCounters } from '../../../../shared/domain/rollup';
import { backtestProjection, comparableDate, paceOf, progressOf, projectStartRate } from '../../../../shared/domain/year-standing';

const config = LIANYUNGANG;

function project(n: number, signedOn: string, more: Partial<ProjectSnapshot> = {}): ProjectSnapshot {
  return {
    projectId: `P-${n}`,
    name: 'n',
    investor: 'i',
    district: 'haizhou',
    industry: 'pharma',
    agreedInvestment: 200_000_000,
    signedOn,
    version: 1,
    updatedAt: '2026-01-01T00:00:00.000Z',
    updatedBy: 'u',
    ...more,
  };
}

describe('the date a figure is compared with', () => {
  it('is the same month-day a year before, but a month’s last day is compared with that month’s last day', () => {
    expect(comparableDate('2025-03-10', 1)).toBe('2024-03-10');
    expect(comparableDate('2024-02-29', 1)).toBe('2023-02-28');
    expect(comparableDate('2025-02-28', 1)).toBe('2024-02-29');
    expect(comparableDate('2026-02-28', 2)).toBe('2024-02-29');
    expect(comparableDate('2025-12-31', 3)).toBe('2022-12-31');
  });
});

describe('pace and progress', () => {
  it('DESIGN’s check: 2024-03-31, target 1,000, 309 signed: completion 30.90%, pace 25.00%, 超序时 5.90 points', () => {
    const p = progressOf(309, 1000, paceOf(2024, '2024-03-31'), 286);
    expect(p.completion).toBeCloseTo(0.309, 10);
    expect(p.pace).toBe(0.25);
    expect(p.paceGap).toBe(5.9);
    expect(p.yoy).toBeCloseTo(23 / 286, 10);
  });

  it('pace runs through a month by its days, and is 0 before the year and 1 after it', () => {
    expect(paceOf(2025, '2025-02-14')).toBeCloseTo((1 + 14 / 28) / 12, 12);
    expect(paceOf(2024, '2024-02-29')).toBeCloseTo(2 / 12, 12);
    expect(paceOf(2025, '2025-12-31')).toBe(1);
    expect(paceOf(2025, '2024-12-31')).toBe(0);
    expect(paceOf(2025, '2026-03-01')).toBe(1);
  });

  it('behind the time elapsed is a negative gap; no target, no completion; last year 0, no 同比', () => {
    expect(progressOf(100, 1000, 0.5, 0)).toMatchObject({ completion: 0.1, paceGap: -40, yoy: null });
    expect(progressOf(100, undefined, 0.5, 50)).toMatchObject({ target: null, completion: null, paceGap: null, yoy: 1 });
    expect(progressOf(0, 0, 0.5, 10)).toMatchObject({ completion: null, yoy: -1 });
  });
});

describe('the projection of the same-year start rate', () => {
  // Two past years in which, of the projects open on 30 June with a planned start by the year's end,
  // three in four started by December; this year four such projects are open on 30 June.
  const history = (year: number, offset: number) =>
    Array.from({ length: 40 }, (_, i) =>
      project(offset + i, `${year}-05-01`, {
        plannedStartOn: `${year}-09-01`,
        ...(i % 4 === 3 ? {} : { startedOn: `${year}-10-01` }),
      }),
    );
  const thisYear = [
    ...Array.from({ length: 4 }, (_, i) => project(900 + i, '2025-05-01', { plannedStartOn: '2025-09-01' })),
    ...Array.from({ length: 6 }, (_, i) => project(950 + i, '2025-02-01', { startedOn: '2025-03-01' })),
  ];
  const rows = mergeCohortCounters([...history(2023, 0), ...history(2024, 100), ...thisYear].flatMap((p) => contribution(p, config)));

  it('expects the started ones plus each open project times its bucket’s share in the two years before', () => {
    const p = projectStartRate(rows, 2025, '2025-06-30', 0.5);
    const bucket = p.buckets.find((b) => b.bucket === 'byYearEnd/0')!;
    expect(bucket).toMatchObject({ projects: 4, comparable: 80, basis: 'bucket', share: 0.75, expected: 3 });
    expect(p.expectedStarts).toBe(9);
    expect(p.sameYearStartRate).toBeCloseTo(0.9, 10);
    expect(p.startsNeededBeyond).toBe(0);
  });

  it('widens a bucket with fewer than 20 comparable projects to its planned-start class, and gives no share below 20 there', () => {
    const early = project(990, '2025-01-02', { plannedStartOn: '2025-09-01' });
    const widened = projectStartRate(
      mergeCohortCounters([...history(2023, 0), ...history(2024, 100), ...thisYear, early].flatMap((p) => contribution(p, config))),
      2025,
      '2025-06-30',
      0.5,
    );
    // Signed on 2 January: 179 days on 30 June, bucket byYearEnd/90, of which the past has none;
    // its class (planned by the year's end) has 80, three in four started.
    expect(widened.buckets.find((b) => b.bucket === 'byYearEnd/90')).toMatchObject({
      projects: 1,
      comparable: 80,
      basis: 'plannedStart',
      share: 0.75,
    });
    const few = projectStartRate(
      mergeCohortCounters([...history(2023, 0).slice(0, 8), ...thisYear, early].flatMap((p) => contribution(p, config))),
      2025,
      '2025-06-30',
      0.5,
    );
    expect(few.buckets.find((b) => b.bucket === 'byYearEnd/90')).toMatchObject({ comparable: 8, basis: 'plannedStart', share: null });
    expect(few).toMatchObject({ sameYearStartRate: null, expectedStarts: null, startsNeededBeyond: null });
  });

  it('has no rate without any history to compare, and names the starts needed beyond what it expects', () => {
    const alone = mergeCohortCounters(thisYear.flatMap((p) => contribution(p, config)));
    expect(projectStartRate(alone, 2025, '2025-06-30', 0.5)).toMatchObject({ sameYearStartRate: null, expectedStarts: null });
    const p = projectStartRate(rows, 2025, '2025-06-30', 0.95);
    // ceil(0.95 × 10) − 9 expected.
    expect(p.startsNeededBeyond).toBe(1);
  });

  it('is backtested at each month-end of a past year against the rate its projects reached', () => {
    const past = (year: number, offset: number) =>
      Array.from({ length: 60 }, (_, i) =>
        project(offset + i, addDays(`${year}-01-05`, i * 5), i % 3 === 0 ? {} : { startedOn: addDays(`${year}-01-05`, i * 5 + 40) }),
      );
    const all = mergeCohortCounters([...past(2022, 0), ...past(2023, 100), ...past(2024, 200)].flatMap((p) => contribution(p, config)));
    const b = backtestProjection(all, 2024);
    // In January and February too few projects of the years before were open to compare with.
    expect(b.months.map((m) => m.on.slice(5, 7))).toEqual(['03', '04', '05', '06', '07', '08', '09', '10', '11', '12']);
    // Every year alike: the projection is exact at each month-end but where the year runs out.
    // Every third project never starts: whenever they were signed, the projects reached 2/3.
    for (const m of b.months) expect(m.actual).toBeCloseTo(2 / 3, 10);
    // On 31 December nothing open can still start in the year: the projection is what happened.
    expect(b.months.at(-1)).toMatchObject({ on: '2024-12-31' });
    expect(b.months.at(-1)!.projected).toBeCloseTo(2 / 3, 10);
    const mean = b.months.reduce((n, m) => n + Math.abs(m.projected - m.actual), 0) / b.months.length;
    expect(b.mae).toBeCloseTo(mean, 12);
    expect(b.mae).toBeGreaterThan(0);
  });

  it('backtests February’s end against the whole February of a leap year', () => {
    // 2024's projects open at February's end were signed on the 29th: at 2025-02-28 they are comparable.
    const leap = Array.from({ length: 30 }, (_, i) =>
      project(300 + i, '2024-02-29', { plannedStartOn: '2024-06-01', ...(i % 2 ? { startedOn: '2024-06-01' } : {}) }),
    );
    const now = Array.from({ length: 10 }, (_, i) =>
      project(400 + i, '2025-02-10', { plannedStartOn: '2025-06-01', startedOn: '2025-06-01' }),
    );
    const all = mergeCohortCounters([...leap, ...now].flatMap((p) => contribution(p, config)));
    const p = projectStartRate(all, 2025, '2025-02-28', 0.5);
    expect(p.buckets.find((b) => b.bucket === 'byYearEnd/0')).toMatchObject({ projects: 10, comparable: 30, share: 0.5 });
    const february = backtestProjection(all, 2025).months.find((m) => m.on === '2025-02-28');
    expect(february).toMatchObject({ projected: 0.5, actual: 1 });
  });
});
