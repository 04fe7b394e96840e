import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError, type FieldIssue } from '../../../../shared/domain/errors';
import { bandsOf, FxRate, investmentOf, yuanOf } from '../../../../shared/domain/investment';
import { investmentCounters } from '../../../../shared/domain/investment-counters';
import { decide, type Decision, type ProjectCommand, type ProjectSnapshot } from '../../../../shared/domain/project';
import { context, project, signCommand } from '../../../support/fixtures';

function changed(decision: Decision) {
  if (decision.kind !== 'changed') throw new Error(`expected a change, got ${decision.kind}`);
  return decision;
}

function issuesOf(fn: () => unknown): readonly FieldIssue[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

const usd = { capitalSource: 'foreign', currency: 'USD', agreedInvestment: undefined, fxRateOn: '2025-03-10' } as const;

function signedUsd(dollars: number, fxRate: string): ProjectSnapshot {
  return changed(decide(null, signCommand({ ...usd, agreedInvestmentOriginal: dollars, fxRate }), context())).after;
}

function correct(p: ProjectSnapshot, fields: Omit<Extract<ProjectCommand, { type: 'correct' }>, 'type' | 'projectId' | 'reason'>) {
  return decide(p, { type: 'correct', projectId: p.projectId, reason: '更正投资额', ...fields }, context());
}

describe('yuanOf: round(dollars × rate), half up, exactly', () => {
  it('gives the yuan of DESIGN’s example: US$12M at 7.10 is ¥85,200,000', () => {
    expect(yuanOf(12_000_000, '7.10')).toBe(85_200_000);
  });

  it('rounds half a yuan up and less down', () => {
    expect(yuanOf(1, '7.1235')).toBe(7);
    expect(yuanOf(2, '7.25')).toBe(15); // 14.5
    expect(yuanOf(3, '7.123333')).toBe(21); // 21.369999
  });

  it('equals exact decimal arithmetic for any dollars and rate', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200_000_000_000 }), fc.integer({ min: 1_000_000, max: 20_000_000 }), (dollars, micro) => {
        const rate = `${Math.floor(micro / 1e6)}.${String(micro % 1e6).padStart(6, '0')}`;
        const exact = BigInt(dollars) * BigInt(micro); // yuan × 1e6
        const expected = Number((exact + 500_000n) / 1_000_000n);
        expect(yuanOf(dollars, rate)).toBe(expected);
      }),
    );
  });
});

describe('FxRate', () => {
  it('takes yuan per dollar with up to six decimals, and refuses an inverted or malformed rate naming the rule', () => {
    for (const ok of ['7.10', '7', '6.912345', '1', '20']) expect(FxRate.safeParse(ok).success, ok).toBe(true);
    expect(FxRate.safeParse('0.1408').error?.issues[0]?.message).toMatch(/from 1 to 20 yuan per US dollar/);
    expect(FxRate.safeParse('7.1234567').error?.issues[0]?.message).toMatch(/at most 6 decimals/);
    // One fault each: a rate that is not a number is not also told it is out of range.
    for (const bad of ['7,10', '-7.1', '7.', '.5', '1e1', ' 7.1', '']) {
      expect(
        FxRate.safeParse(bad).error?.issues.map((i) => i.message),
        bad,
      ).toEqual([expect.stringMatching(/must be a decimal number/)]);
    }
  });
});

describe('bands: B1/B5/B10 in the project’s own currency, B50/B100 in yuan', () => {
  it('puts exactly ¥5亿 in B5 and a yuan less in B1 only', () => {
    expect(bandsOf(investmentOf({ agreedInvestment: 500_000_000 }))).toEqual(['B1', 'B5']);
    expect(bandsOf(investmentOf({ agreedInvestment: 499_999_999 }))).toEqual(['B1']);
  });

  it('puts exactly US$30M in B5 whatever the rate, and a dollar less in B1 only', () => {
    for (const rate of ['6.5', '7.10', '16.7']) {
      expect(bandsOf(investmentOf(signedUsd(30_000_000, rate)))).toEqual(['B1', 'B5']);
      expect(bandsOf(investmentOf(signedUsd(29_999_999, rate)))).toEqual(['B1']);
    }
  });

  it('judges B50 and B100 on the yuan: US$704.3M at 7.10 is ¥50.0亿 (B50), at 7.09 it is not', () => {
    expect(bandsOf(investmentOf(signedUsd(704_300_000, '7.10')))).toEqual(['B1', 'B5', 'B10', 'B50']);
    expect(bandsOf(investmentOf(signedUsd(704_300_000, '7.09')))).toEqual(['B1', 'B5', 'B10']);
    expect(bandsOf(investmentOf({ agreedInvestment: 10_000_000_000 }))).toEqual(['B1', 'B5', 'B10', 'B50', 'B100']);
  });

  it('a project stored before v3 (no capital source or currency) reads as domestic CNY', () => {
    const { capitalSource: _c, currency: _u, agreedInvestmentOriginal: _o, ...old } = project({ agreedInvestment: 600_000_000 });
    expect(investmentOf(old)).toEqual({ capitalSource: 'domestic', currency: 'CNY', original: 600_000_000, yuan: 600_000_000 });
    expect(investmentCounters(old)).toEqual({
      bandB1: 1,
      bandB1Investment: 600_000_000,
      bandB5: 1,
      bandB5Investment: 600_000_000,
      domesticSigned: 1,
      domesticInvestment: 600_000_000,
    });
  });
});

describe('signing in dollars', () => {
  it('stores the dollars, the rate and its date, and the yuan computed from them', () => {
    const p = signedUsd(12_000_000, '7.10');
    expect(p).toMatchObject({
      capitalSource: 'foreign',
      currency: 'USD',
      agreedInvestmentOriginal: 12_000_000,
      fxRate: '7.10',
      fxRateOn: '2025-03-10',
      agreedInvestment: 85_200_000,
    });
    // In scope by the dollar rule though ¥85.2M is under the ¥1亿 floor; counted in 外资 with its dollars.
    expect(investmentCounters(p)).toEqual({
      bandB1: 1,
      bandB1Investment: 85_200_000,
      foreignSigned: 1,
      foreignInvestment: 85_200_000,
      foreignUsd: 12_000_000,
    });
  });

  it('refuses US$9,999,999, naming the dollar field and the floor', () => {
    expect(issuesOf(() => signedUsd(9_999_999, '7.10'))).toEqual([
      { field: 'agreedInvestmentOriginal', rule: 'must be at least 10000000 US dollars (1000 万美元)' },
    ]);
  });

  it('refuses dollars that come to more than the yuan ceiling, naming the dollars, not the computed yuan', () => {
    expect(issuesOf(() => signedUsd(Number.MAX_SAFE_INTEGER, '20'))).toEqual([
      { field: 'agreedInvestmentOriginal', rule: expect.stringMatching(/must come to at most 1000000000000 yuan .* at the rate 20/) },
    ]);
  });

  it('refuses a yuan figure sent with a USD project, and names each missing dollar field', () => {
    expect(issuesOf(() => decide(null, signCommand({ currency: 'USD' }), context()))).toEqual([
      expect.objectContaining({ field: 'agreedInvestment', rule: expect.stringMatching(/is computed for a project agreed in USD/) }),
      expect.objectContaining({
        field: 'agreedInvestmentOriginal',
        rule: expect.stringMatching(/is required for a project agreed in USD/),
      }),
      expect.objectContaining({ field: 'fxRate', rule: expect.stringMatching(/is required/) }),
      expect.objectContaining({ field: 'fxRateOn', rule: expect.stringMatching(/is required/) }),
    ]);
  });

  it('refuses a rate dated after today', () => {
    expect(
      issuesOf(() =>
        decide(null, signCommand({ ...usd, agreedInvestmentOriginal: 20_000_000, fxRate: '7.1', fxRateOn: '2025-06-16' }), context()),
      ),
    ).toEqual([{ field: 'fxRateOn', rule: 'must not be after today (2025-06-15, Asia/Shanghai)' }]);
  });

  it('a CNY request without the new fields works as before and reads as domestic CNY; a rate with it is refused', () => {
    const p = changed(decide(null, signCommand(), context())).after;
    expect(p).toMatchObject({
      capitalSource: 'domestic',
      currency: 'CNY',
      agreedInvestment: 1_500_000_000,
      agreedInvestmentOriginal: 1_500_000_000,
    });
    expect(issuesOf(() => decide(null, signCommand({ fxRate: '7.1' }), context()))).toEqual([
      { field: 'fxRate', rule: 'is only for a project agreed in USD (currency "USD")' },
    ]);
    expect(issuesOf(() => decide(null, signCommand({ agreedInvestmentOriginal: 1 }), context()))).toEqual([
      expect.objectContaining({ field: 'agreedInvestmentOriginal', rule: expect.stringMatching(/must equal agreedInvestment/) }),
    ]);
  });

  it('signing the same USD project again is a retry; another rate is a different project', () => {
    const p = signedUsd(12_000_000, '7.10');
    const again = signCommand({ ...usd, agreedInvestmentOriginal: 12_000_000, fxRate: '7.10' });
    expect(decide(p, again, context()).kind).toBe('unchanged');
    expect(() => decide(p, { ...again, fxRate: '7.20' } as ProjectCommand, context())).toThrow(/fxRate/);
    // The same rate written otherwise is the same rate: a client that normalises decimals retries safely.
    for (const same of ['7.1', '07.100', '7.100000']) {
      expect(decide(p, { ...again, fxRate: same } as ProjectCommand, context()).kind, same).toBe('unchanged');
      expect(correct(p, { fxRate: same }).kind, same).toBe('unchanged');
    }
  });

  it('signing again a project stored before v3 with the same CNY content is a retry, not a conflict', () => {
    const { capitalSource: _c, currency: _u, agreedInvestmentOriginal: _o, ...old } = project();
    expect(decide(old, signCommand(), context()).kind).toBe('unchanged');
  });
});

describe('correcting the investment', () => {
  it('a corrected rate moves the yuan, and only B50/B100 with it, never the dollar-judged bands', () => {
    const p = signedUsd(100_000_000, '7.10');
    expect(bandsOf(investmentOf(p))).toEqual(['B1', 'B5', 'B10']);
    const after = changed(correct(p, { fxRate: '1.5' })).after;
    expect(after).toMatchObject({ agreedInvestment: 150_000_000, agreedInvestmentOriginal: 100_000_000, fxRate: '1.5' });
    expect(bandsOf(investmentOf(after))).toEqual(['B1', 'B5', 'B10']);
    const big = changed(correct(signedUsd(704_300_000, '7.09'), { fxRate: '7.10' })).after;
    expect(bandsOf(investmentOf(big))).toEqual(['B1', 'B5', 'B10', 'B50']);
  });

  it('changing the currency needs the new amount (and for USD the rate) in the same correction', () => {
    const cny = changed(decide(null, signCommand(), context())).after;
    expect(issuesOf(() => correct(cny, { currency: 'USD' })).map((i) => i.field)).toEqual([
      'agreedInvestmentOriginal',
      'fxRate',
      'fxRateOn',
    ]);
    const moved = changed(
      correct(cny, { currency: 'USD', agreedInvestmentOriginal: 50_000_000, fxRate: '7.2', fxRateOn: '2025-06-01' }),
    ).after;
    expect(moved).toMatchObject({ currency: 'USD', agreedInvestment: 360_000_000, agreedInvestmentOriginal: 50_000_000 });
    expect(issuesOf(() => correct(moved, { currency: 'CNY' }))).toEqual([
      expect.objectContaining({ field: 'agreedInvestment', rule: expect.stringMatching(/is required when the currency changes to CNY/) }),
    ]);
    const back = changed(correct(moved, { currency: 'CNY', agreedInvestment: 400_000_000 })).after;
    expect(back).toMatchObject({ currency: 'CNY', agreedInvestment: 400_000_000, agreedInvestmentOriginal: 400_000_000 });
    expect(back).not.toHaveProperty('fxRate');
    expect(back).not.toHaveProperty('fxRateOn');
  });

  it('a CNY correction of agreedInvestment alone keeps the original in step; the capital source changes alone', () => {
    const cny = changed(decide(null, signCommand(), context())).after;
    expect(changed(correct(cny, { agreedInvestment: 700_000_000 })).after).toMatchObject({
      agreedInvestment: 700_000_000,
      agreedInvestmentOriginal: 700_000_000,
    });
    expect(changed(correct(cny, { capitalSource: 'foreign' })).after).toMatchObject({ capitalSource: 'foreign', currency: 'CNY' });
  });

  it('a correction that repeats an older project’s implied domestic CNY changes nothing', () => {
    const { capitalSource: _c, currency: _u, agreedInvestmentOriginal: _o, ...old } = project();
    expect(correct(old, { capitalSource: 'domestic', currency: 'CNY' }).kind).toBe('unchanged');
  });

  it('a yuan figure sent for a USD project is refused: it is computed', () => {
    const p = signedUsd(12_000_000, '7.10');
    expect(issuesOf(() => correct(p, { agreedInvestment: 90_000_000 }))).toEqual([
      expect.objectContaining({ field: 'agreedInvestment', rule: expect.stringMatching(/is computed/) }),
    ]);
  });
});
