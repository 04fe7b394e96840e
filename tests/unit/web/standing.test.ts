import { describe, expect, it } from 'vitest';
import { asOfParam, queryOf, rankDistricts, standingOf } from '../../../web/src/standing';

const today = '2026-06-15';

describe('总览’s date (截至) in the address', () => {
  it('is today by default, a past year’s last day with ?year=, and the date asked for with ?asOf=', () => {
    expect(standingOf({}, today, 2021)).toEqual({ year: 2026, date: today });
    expect(standingOf({ year: '2025' }, today, 2021)).toEqual({ year: 2025, date: '2025-12-31' });
    expect(standingOf({ asOf: '2026-03-31' }, today, 2021)).toEqual({ year: 2026, date: '2026-03-31' });
    // The date names its year, whatever ?year= says.
    expect(standingOf({ year: '2026', asOf: '2024-09-30' }, today, 2021)).toEqual({ year: 2024, date: '2024-09-30' });
  });

  it('ignores a date after today, before the years offered or that does not exist, and a year out of range', () => {
    for (const asOf of ['2026-06-16', '2020-12-31', '2026-02-30', '2026-6-1', 'today']) {
      expect(standingOf({ asOf }, today, 2021)).toEqual({ year: 2026, date: today });
    }
    for (const year of ['2027', '2020', '2025.5', 'x']) expect(standingOf({ year }, today, 2021)).toEqual({ year: 2026, date: today });
    expect(standingOf({ asOf: '2026-06-16', year: '2023' }, today, 2021)).toEqual({ year: 2023, date: '2023-12-31' });
  });

  it('writes back what it reads, and asks the API for a date only when it is not today', () => {
    for (const query of [{}, { year: '2025' }, { asOf: '2026-03-31' }, { asOf: '2024-02-29' }]) {
      expect(queryOf(standingOf(query, today, 2021), today)).toEqual(query);
    }
    expect(asOfParam({ year: 2026, date: today }, today)).toBeUndefined();
    expect(asOfParam({ year: 2025, date: '2025-12-31' }, today)).toBe('2025-12-31');
    expect(asOfParam({ year: 2026, date: '2026-03-31' }, today)).toBe('2026-03-31');
  });
});

const row = (name: string, signed: number, signedTarget: number | null, investment: number, investmentTarget: number | null) => ({
  name,
  progress: {
    signed: { actual: signed, completion: signedTarget ? signed / signedTarget : null },
    agreedInvestment: { actual: investment, completion: investmentTarget ? investment / investmentTarget : null },
  },
});

describe('districts ranked as the reports rank them', () => {
  const rows = [
    row('海州区', 18, 20, 64, 80),
    row('赣榆区', 87, 80, 348, null),
    row('灌云县', 67, null, 388, null),
    row('东海县', 31, null, 113, 100),
    row('连云区', 67, null, 252, null),
  ];
  const ranking = (figure: 'signed' | 'agreedInvestment', by: 'amount' | 'completion') =>
    rankDistricts(rows, figure, by).map(({ row, rank }) => `${rank ?? '—'} ${row.name}`);

  it('by amount: the most first, a tie broken by the other figure', () => {
    expect(ranking('signed', 'amount')).toEqual(['1 赣榆区', '2 灌云县', '3 连云区', '4 东海县', '5 海州区']);
    expect(ranking('agreedInvestment', 'amount')).toEqual(['1 灌云县', '2 赣榆区', '3 连云区', '4 东海县', '5 海州区']);
  });

  it('by completion of their own target: those without one last, by amount, and without a place', () => {
    expect(ranking('signed', 'completion')).toEqual(['1 赣榆区', '2 海州区', '— 灌云县', '— 连云区', '— 东海县']);
    expect(ranking('agreedInvestment', 'completion')).toEqual(['1 东海县', '2 海州区', '— 灌云县', '— 赣榆区', '— 连云区']);
  });

  it('gives equal figures one place', () => {
    const tied = [row('甲', 10, 20, 5, null), row('乙', 10, 20, 5, null), row('丙', 4, 20, 5, null)];
    expect(rankDistricts(tied, 'signed', 'amount').map((r) => r.rank)).toEqual([1, 1, 3]);
    expect(rankDistricts(tied, 'signed', 'completion').map((r) => r.rank)).toEqual([1, 1, 3]);
  });
});
