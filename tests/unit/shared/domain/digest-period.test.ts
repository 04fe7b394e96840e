import { describe, expect, it } from 'vitest';
import { digestPeriodAt, digestPeriodOn, isoWeek, mondayOnOrBefore, previousPeriodStart } from '../../../../shared/domain/digest-period';

describe('digest periods in Asia/Shanghai', () => {
  it('a Monday 00:30 local run is that Monday’s weekly digest, though it is still Sunday in UTC', () => {
    // 2025-06-15T16:30Z is Monday 2025-06-16 00:30 in Shanghai.
    expect(digestPeriodAt('weekly', new Date('2025-06-15T16:30:00Z'))).toMatchObject({
      period: '2025-W25',
      startsOn: '2025-06-16',
      asOf: '2025-06-16',
      years: [2025],
    });
    // …and one hour earlier it is still the previous week.
    expect(digestPeriodAt('weekly', new Date('2025-06-15T15:30:00Z')).period).toBe('2025-W24');
  });

  it('the first run of January reports the year just ended as well', () => {
    // Thursday 2026-01-01 00:30 in Shanghai.
    expect(digestPeriodAt('monthly', new Date('2025-12-31T16:30:00Z'))).toMatchObject({ period: '2026-01', years: [2026, 2025] });
    expect(digestPeriodOn('monthly', '2026-02-01').years).toEqual([2026]);
    // The first Monday of 2026 is 2026-01-05: its weekly digest is the year's first.
    expect(digestPeriodOn('weekly', '2026-01-05')).toMatchObject({ period: '2026-W02', years: [2026, 2025] });
    expect(digestPeriodOn('weekly', '2026-01-12').years).toEqual([2026]);
  });

  it('ISO weeks and Mondays across year ends', () => {
    expect(mondayOnOrBefore('2026-01-01')).toBe('2025-12-29');
    expect(isoWeek('2025-12-29')).toBe('2026-W01');
    expect(isoWeek('2021-01-03')).toBe('2020-W53');
    expect(isoWeek('2024-12-30')).toBe('2025-W01');
    expect(previousPeriodStart('monthly', '2026-01-01')).toBe('2025-12-01');
    expect(previousPeriodStart('weekly', '2026-01-05')).toBe('2025-12-29');
  });
});
