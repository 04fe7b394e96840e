import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIANYUNGANG } from '../../../../shared/domain/city-config';
import { businessDateOf } from '../../../../shared/domain/dates';
import { decide, type Decision, type ProjectCommand, type ProjectSnapshot } from '../../../../shared/domain/project';
import { cohortId, contribution, delta, deriveFigures, mergeCohortCounters, type CohortCounters } from '../../../../shared/domain/rollup';
import { context, signCommand } from '../../../support/fixtures';

const config = LIANYUNGANG;

function countersOf(parts: CohortCounters[]): Record<string, Record<string, number>> {
  return Object.fromEntries(parts.map((p) => [cohortId(p.cohort), p.counters]));
}

/** Without the dated views (figures as of a date: dated-rollup.test.ts). */
function undated(parts: CohortCounters[]): CohortCounters[] {
  return parts.filter((p) => p.cohort.view !== 'dated' && p.cohort.view !== 'happenedDated');
}

function project(overrides: Partial<ProjectSnapshot> = {}): ProjectSnapshot {
  return {
    projectId: 'P-001',
    name: 'n',
    investor: 'i',
    district: 'haizhou',
    industry: 'pharma',
    agreedInvestment: 300_000_000,
    signedOn: '2024-12-31',
    version: 1,
    updatedAt: '2025-01-01T00:00:00.000Z',
    updatedBy: 'u',
    ...overrides,
  };
}

/** A ¥3亿 domestic project's band and capital-source counters, added (1) or taken away (−1). */
const investment = (sign: 1 | -1) => ({
  bandB1: sign,
  bandB1Investment: sign * 300_000_000,
  domesticSigned: sign,
  domesticInvestment: sign * 300_000_000,
});

describe('contribution', () => {
  it('signed on 2024-12-31 and started on 2025-01-01 counts as signed in 2024, started, not started the same year', () => {
    const c = countersOf(contribution(project({ startedOn: '2025-01-01' }), config));
    expect(c['signed|2024|total|']).toEqual({
      signed: 1,
      agreedInvestment: 300_000_000,
      leadingSigned: 1,
      started: 1,
      startedSameYear: 0,
      inProduction: 0,
      producedSameYear: 0,
      terminated: 0,
      alertRed: 0,
      alertYellow: 0,
      problemsOpen: 0,
      problemsOverdue: 0,
      // A ¥3亿 domestic project: in band B1 alone, and in 内资.
      bandB1: 1,
      bandB1Investment: 300_000_000,
      domesticSigned: 1,
      domesticInvestment: 300_000_000,
    });
    expect(c['signed|2024|district|haizhou']).toMatchObject({ signed: 1, startedSameYear: 0 });
    expect(c['signed|2024|industry|pharma']).toMatchObject({ signed: 1 });
    expect(c['signed|2024|month|12']).toMatchObject({ signed: 1 });
    // …and as a start that happened in 2025.
    expect(c['happened|2025|total|']).toEqual({ started: 1 });
    expect(c['happened|2025|district|haizhou']).toEqual({ started: 1 });
    expect(c['signed|2025|total|']).toBeUndefined();
  });

  it('the year of a timestamp is taken in Shanghai: 2024-12-31T16:00Z is already 2025', () => {
    expect(businessDateOf(new Date('2024-12-31T15:59:59Z'))).toBe('2024-12-31');
    expect(businessDateOf(new Date('2024-12-31T16:00:00Z'))).toBe('2025-01-01');
  });

  it('a terminated project stays signed and started, and adds one to terminated', () => {
    const c = countersOf(
      contribution(
        project({ signedOn: '2025-02-01', startedOn: '2025-03-01', terminatedOn: '2025-04-01', terminationReason: 'x' }),
        config,
      ),
    );
    expect(c['signed|2025|total|']).toMatchObject({ signed: 1, started: 1, startedSameYear: 1, terminated: 1 });
  });

  it('a non-leading industry adds nothing to leadingSigned', () => {
    const c = countersOf(contribution(project({ industry: 'logistics' }), config));
    expect(c['signed|2024|total|']).toMatchObject({ leadingSigned: 0 });
  });
});

describe('delta', () => {
  it('a start adds the start counters and nothing else', () => {
    const before = project({ signedOn: '2025-02-01' });
    const after = { ...before, startedOn: '2025-03-01', version: 2 };
    expect(countersOf(undated(delta(before, after, config)))).toEqual({
      'signed|2025|total|': { started: 1, startedSameYear: 1 },
      'signed|2025|district|haizhou': { started: 1, startedSameYear: 1 },
      'signed|2025|industry|pharma': { started: 1, startedSameYear: 1 },
      'signed|2025|month|02': { started: 1, startedSameYear: 1 },
      'happened|2025|total|': { started: 1 },
      'happened|2025|district|haizhou': { started: 1 },
    });
  });

  it('a correction of the district moves the project between district rows', () => {
    const before = project({ signedOn: '2025-02-01' });
    const after = { ...before, district: 'ganyu', version: 2 };
    expect(countersOf(undated(delta(before, after, config)))).toEqual({
      'signed|2025|district|ganyu': { signed: 1, agreedInvestment: 300_000_000, leadingSigned: 1, ...investment(1) },
      'signed|2025|district|haizhou': { signed: -1, agreedInvestment: -300_000_000, leadingSigned: -1, ...investment(-1) },
    });
  });
});

describe('derived figures', () => {
  const targets = config.defaultTargets;

  it('rates are fractions, null where nothing was signed', () => {
    expect(deriveFigures({ signed: 0, startedSameYear: 0, leadingSigned: 0 }, targets)).toEqual({
      sameYearStartRate: null,
      leadingShare: null,
      startsNeeded: 0,
    });
    expect(deriveFigures({ signed: 1000, startedSameYear: 420, leadingSigned: 710 }, targets)).toEqual({
      sameYearStartRate: 0.42,
      leadingShare: 0.71,
      startsNeeded: 80,
    });
  });

  it('starts needed is ceil(target × signed) − startedSameYear, without float noise, never negative', () => {
    expect(deriveFigures({ signed: 999, startedSameYear: 0, leadingSigned: 0 }, targets).startsNeeded).toBe(500);
    expect(deriveFigures({ signed: 10, startedSameYear: 0, leadingSigned: 0 }, { ...targets, sameYearStartRate: 0.7 }).startsNeeded).toBe(
      7,
    );
    expect(deriveFigures({ signed: 10, startedSameYear: 9, leadingSigned: 0 }, targets).startsNeeded).toBe(0);
  });
});

// ---- property: the deltas telescope to the contribution of the final state, in any order ----------

const DATES = ['2024-11-20', '2024-12-31', '2025-01-01', '2025-02-14', '2025-03-31', '2025-06-01', '2025-06-15'];
const date = fc.constantFrom(...DATES);

const fxRate = fc.constantFrom('6.5', '7.10', '7.2345');
const capitalSource = fc.constantFrom('domestic' as const, 'foreign' as const);
// Around the dollar bands' floors (US$10M, 30M, 100M) and above.
const dollars = fc.oneof(
  fc.constantFrom(10_000_000, 29_999_999, 30_000_000, 100_000_000),
  fc.integer({ min: 10_000_000, max: 2_000_000_000 }),
);

const commandArb = (projectId: string): fc.Arbitrary<ProjectCommand> =>
  fc.oneof(
    date.map((startedOn) => ({ type: 'start' as const, projectId, startedOn })),
    date.map((producedOn) => ({ type: 'produce' as const, projectId, producedOn })),
    fc
      .record({ terminatedOn: date, reason: fc.constantFrom('撤资', '停建') })
      .map((r) => ({ type: 'terminate' as const, projectId, ...r })),
    fc
      .record(
        {
          district: fc.constantFrom('haizhou', 'ganyu', 'xuwei'),
          industry: fc.constantFrom('pharma', 'logistics', 'new-energy'),
          agreedInvestment: fc.integer({ min: 100_000_000, max: 90_000_000_000 }),
          signedOn: date,
          startedOn: fc.option(date),
          producedOn: fc.constant(null),
          terminatedOn: fc.constant(null),
          terminationReason: fc.constant(null),
        },
        { requiredKeys: [] },
      )
      .map((changes) => ({ type: 'correct' as const, projectId, reason: '更正', ...changes })),
    // The investment's dimensions: a rate, the capital source, a move to dollars or back to yuan.
    fc
      .oneof(
        fxRate.map((r) => ({ fxRate: r })),
        capitalSource.map((c) => ({ capitalSource: c })),
        fc.record({ currency: fc.constant('USD' as const), agreedInvestmentOriginal: dollars, fxRate, fxRateOn: date }),
        fc.record({ currency: fc.constant('CNY' as const), agreedInvestment: fc.integer({ min: 100_000_000, max: 9_000_000_000 }) }),
      )
      .map((changes) => ({ type: 'correct' as const, projectId, reason: '更正投资', ...changes })),
  );

const projectHistoryArb = (index: number) => {
  const projectId = `P-${index}`;
  return fc
    .record({
      sign: fc.oneof(
        fc.record({
          district: fc.constantFrom('haizhou', 'ganyu', 'xuwei'),
          industry: fc.constantFrom('pharma', 'logistics', 'new-energy'),
          capitalSource,
          agreedInvestment: fc.integer({ min: 100_000_000, max: 90_000_000_000 }),
          signedOn: date,
        }),
        fc.record({
          district: fc.constantFrom('haizhou', 'ganyu', 'xuwei'),
          industry: fc.constantFrom('pharma', 'logistics', 'new-energy'),
          capitalSource,
          currency: fc.constant('USD' as const),
          agreedInvestment: fc.constant(undefined),
          agreedInvestmentOriginal: dollars,
          fxRate,
          fxRateOn: date,
          signedOn: date,
        }),
      ),
      commands: fc.array(commandArb(projectId), { maxLength: 12 }),
    })
    .map(({ sign, commands }) => ({ projectId, sign, commands }));
};

describe('rollup property', () => {
  it('the sum of all deltas equals the contribution of the final states, in any order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => projectHistoryArb(i)))),
        fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })),
        (histories, order) => {
          const ctx = context();
          const deltas: CohortCounters[][] = [];
          const finals: ProjectSnapshot[] = [];
          for (const h of histories) {
            let state: ProjectSnapshot | null = null;
            for (const command of [signCommand({ projectId: h.projectId, plannedStartOn: undefined, ...h.sign }), ...h.commands]) {
              let decision: Decision;
              try {
                decision = decide(state, command, ctx);
              } catch {
                continue; // a refused command writes nothing and yields no event
              }
              if (decision.kind === 'changed') {
                deltas.push(delta(decision.before, decision.after, config));
                state = decision.after;
              }
            }
            if (state) finals.push(state);
          }
          const keys = [...order.take(deltas.length)];
          const shuffled = deltas
            .map((d, i) => ({ d, k: keys[i] ?? 0 }))
            .sort((a, b) => a.k - b.k)
            .map((x) => x.d);
          const summed = mergeCohortCounters(shuffled.flat());
          const expected = mergeCohortCounters(finals.flatMap((p) => contribution(p, config)));
          expect(countersOf(summed)).toEqual(countersOf(expected));
        },
      ),
      { numRuns: 300 },
    );
  });
});
