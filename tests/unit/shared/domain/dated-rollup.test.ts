import fc from 'fast-check';
import { yuanOf } from '../../../../shared/domain/investment';
import { describe, expect, it } from 'vitest';
import { LIANYUNGANG } from '../../../../shared/domain/city-config';
import { addDays, daysBetween, yearOf } from '../../../../shared/domain/dates';
import { countersAsOf, lastDayOfMonth } from '../../../../shared/domain/dated-rollup';
import { OPEN_BUCKETS, openCounter, openStartedCounter, plannedStartClass } from '../../../../shared/domain/open-buckets';
import type { ProjectSnapshot } from '../../../../shared/domain/project';
import { cohortId, contribution, COUNTERS, delta, mergeCohortCounters, type CohortCounters } from '../../../../shared/domain/rollup';
import { MAX_TRANSACTION_ITEMS } from '../../../../shared/store/rollup-store';

const config = LIANYUNGANG;
const FIRST = '2022-01-01';

const dateArb = (from: string, days: number) => fc.integer({ min: 0, max: days }).map((n) => addDays(from, n));

/** A project as the register could hold it: dates in order, termination only before production. */
const projectArb = fc
  .record({
    n: fc.integer({ min: 1, max: 99_999 }),
    signedOn: dateArb(FIRST, 365 * 5),
    startAfter: fc.option(fc.integer({ min: 0, max: 500 }), { nil: undefined }),
    produceAfter: fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined }),
    terminateAfter: fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined }),
    planAfter: fc.option(fc.integer({ min: 0, max: 600 }), { nil: undefined }),
    district: fc.constantFrom(...config.districts.map((d) => d.code)),
    industry: fc.constantFrom(...config.industries.map((i) => i.code)),
    agreedInvestment: fc.integer({ min: 100_000_000, max: 10_000_000_000 }),
    // About a third are foreign; of those, some agreed in dollars (bands judged in dollars).
    capitalSource: fc.constantFrom('domestic', 'domestic', 'foreign') as fc.Arbitrary<'domestic' | 'foreign'>,
    dollars: fc.option(fc.integer({ min: 10_000_000, max: 1_500_000_000 }), { nil: undefined }),
  })
  .map((r): ProjectSnapshot => {
    const startedOn = r.startAfter === undefined ? undefined : addDays(r.signedOn, r.startAfter);
    const producedOn = startedOn && r.produceAfter !== undefined ? addDays(startedOn, r.produceAfter) : undefined;
    const terminatedOn = !producedOn && r.terminateAfter !== undefined ? addDays(startedOn ?? r.signedOn, r.terminateAfter) : undefined;
    return {
      projectId: `P-${r.n}`,
      name: 'n',
      investor: 'i',
      district: r.district,
      industry: r.industry,
      capitalSource: r.capitalSource,
      ...(r.dollars === undefined
        ? { currency: 'CNY', agreedInvestment: r.agreedInvestment, agreedInvestmentOriginal: r.agreedInvestment }
        : {
            currency: 'USD',
            agreedInvestment: yuanOf(r.dollars, '7.1'),
            agreedInvestmentOriginal: r.dollars,
            fxRate: '7.1',
            fxRateOn: r.signedOn,
          }),
      signedOn: r.signedOn,
      ...(r.planAfter === undefined ? {} : { plannedStartOn: addDays(r.signedOn, r.planAfter) }),
      ...(startedOn ? { startedOn } : {}),
      ...(producedOn ? { producedOn } : {}),
      ...(terminatedOn ? { terminatedOn, terminationReason: 'x' } : {}),
      version: 1,
      updatedAt: '2026-01-01T00:00:00.000Z',
      updatedBy: 'u',
    };
  });

/** The project as the register stood at the end of `date`: facts dated later not yet happened. */
function asItStoodOn(p: ProjectSnapshot, date: string): ProjectSnapshot | null {
  if (p.signedOn > date) return null;
  const { startedOn, producedOn, terminatedOn, terminationReason, ...rest } = p;
  return {
    ...rest,
    ...(startedOn && startedOn <= date ? { startedOn } : {}),
    ...(producedOn && producedOn <= date ? { producedOn } : {}),
    ...(terminatedOn && terminatedOn <= date ? { terminatedOn, terminationReason } : {}),
  };
}

const byId = (rows: readonly CohortCounters[]) => new Map(rows.map((r) => [cohortId(r.cohort), r.counters]));
const FACT_COUNTERS = COUNTERS.filter((c) => !['alertRed', 'alertYellow', 'problemsOpen', 'problemsOverdue'].includes(c));

describe('figures as of a date', () => {
  it('equal a recomputation from the projects as they stood that day, for every cohort, scope and date (property)', () => {
    fc.assert(
      fc.property(fc.array(projectArb, { maxLength: 40 }), dateArb('2023-01-01', 365 * 4), (projects, date) => {
        const stored = mergeCohortCounters(projects.flatMap((p) => contribution(p, config)));
        const stood = projects.map((p) => asItStoodOn(p, date)).filter((p) => p !== null);
        const expected = mergeCohortCounters(stood.flatMap((p) => contribution(p, config)));
        for (const year of [2022, 2023, 2024, 2025, 2026]) {
          const got = byId(countersAsOf(stored, year, date));
          const want = expected.filter((r) => r.cohort.year === year && (r.cohort.view === 'signed' || r.cohort.view === 'happened'));
          for (const row of want) {
            const counters = got.get(cohortId(row.cohort)) ?? {};
            for (const c of FACT_COUNTERS) {
              if (row.cohort.view === 'happened' && c !== 'started' && c !== 'inProduction') continue;
              expect([cohortId(row.cohort), c, counters[c] ?? 0]).toEqual([cohortId(row.cohort), c, row.counters[c] ?? 0]);
            }
          }
          // Nothing is counted that the recomputation has not.
          for (const [id, counters] of got) {
            const want = byId(expected).get(id) ?? {};
            for (const c of FACT_COUNTERS) expect([id, c, counters[c] ?? 0]).toEqual([id, c, want[c] ?? 0]);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('count the projects open on the date (neither started nor terminated) by bucket, and those of them that started in their year (property)', () => {
    fc.assert(
      fc.property(fc.array(projectArb, { maxLength: 40 }), dateArb('2022-01-01', 365 * 5), (projects, date) => {
        const stored = mergeCohortCounters(projects.flatMap((p) => contribution(p, config)));
        const year = yearOf(date);
        const total = countersAsOf(stored, year, date).find((r) => r.cohort.view === 'signed' && r.cohort.scope.kind === 'total');
        for (const bucket of OPEN_BUCKETS) {
          const open = projects.filter((p) => {
            const stood = asItStoodOn(p, date);
            if (!stood || yearOf(p.signedOn) !== year || stood.startedOn || stood.terminatedOn) return false;
            const age = daysBetween(p.signedOn, date);
            const ageClass = age >= 180 ? 180 : age >= 90 ? 90 : 0;
            return ageClass === bucket.age && plannedStartClass(p) === bucket.plannedStart;
          });
          const startedInYear = open.filter((p) => p.startedOn && yearOf(p.startedOn) === year);
          expect(total?.counters[openCounter(bucket)] ?? 0).toBe(open.length);
          expect(total?.counters[openStartedCounter(bucket)] ?? 0).toBe(startedInYear.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a correction moving a start from one day to another moves its count, in the day and the month', () => {
    const before = fc.sample(projectArb, 1)[0]!;
    const p = { ...before, signedOn: '2025-03-10', startedOn: '2025-04-30', producedOn: undefined, terminatedOn: undefined };
    const moved = { ...p, startedOn: '2025-05-02' };
    const d = byId(delta(p, moved, config));
    expect(d.get('dated|2025|total||2025-04-30')).toMatchObject({ started: -1 });
    expect(d.get('dated|2025|total||2025-05-02')).toMatchObject({ started: 1 });
    expect(d.get('dated|2025|total||2025-04')).toMatchObject({ started: -1 });
    expect(d.get('dated|2025|total||2025-05')).toMatchObject({ started: 1 });
  });

  it('a month wholly before the date counts by its month item, the date’s own month by its days', () => {
    expect(lastDayOfMonth('2024-02')).toBe('2024-02-29');
    expect(lastDayOfMonth('2025-02')).toBe('2025-02-28');
    const rows: CohortCounters[] = [
      { cohort: { view: 'dated', year: 2025, scope: { kind: 'total' }, on: '2025-01' }, counters: { signed: 3 } },
      { cohort: { view: 'dated', year: 2025, scope: { kind: 'total' }, on: '2025-01-20' }, counters: { signed: 3 } },
      { cohort: { view: 'dated', year: 2025, scope: { kind: 'total' }, on: '2025-02' }, counters: { signed: 2 } },
      { cohort: { view: 'dated', year: 2025, scope: { kind: 'total' }, on: '2025-02-03' }, counters: { signed: 1 } },
      { cohort: { view: 'dated', year: 2025, scope: { kind: 'total' }, on: '2025-02-20' }, counters: { signed: 1 } },
    ];
    const signedOn = (date: string) => countersAsOf(rows, 2025, date)[0]?.counters.signed;
    expect(signedOn('2025-01-31')).toBe(3);
    expect(signedOn('2025-02-10')).toBe(4);
    expect(signedOn('2025-02-28')).toBe(5);
    expect(signedOn('2026-06-01')).toBe(5);
  });

  it('no event’s changes exceed one transaction, whatever the correction (property)', () => {
    fc.assert(
      fc.property(projectArb, projectArb, (before, after) => {
        const keys = delta(before, { ...after, projectId: before.projectId }, config).length;
        expect(keys + 1).toBeLessThanOrEqual(MAX_TRANSACTION_ITEMS);
      }),
      { numRuns: 500 },
    );
  });
});
