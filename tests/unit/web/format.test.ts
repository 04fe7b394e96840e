import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { businessDateOf } from '../../../shared/domain/dates';
import { clockTime, count, percent, todayInShanghai, yi } from '../../../web/src/format';

describe('the web app’s figures and dates', () => {
  it('today in Shanghai is the business date the API uses, at every instant since 1992', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1992-01-01T00:00:00Z'), max: new Date('2100-12-31T23:59:59Z'), noInvalidDate: true }), (now) => {
        expect(todayInShanghai(now)).toBe(businessDateOf(now));
      }),
      { numRuns: 2000 },
    );
    // The day turns at 16:00 UTC.
    expect(todayInShanghai(new Date('2026-12-31T15:59:59.999Z'))).toBe('2026-12-31');
    expect(todayInShanghai(new Date('2026-12-31T16:00:00.000Z'))).toBe('2027-01-01');
  });

  it('amounts read in 亿元 with the digits asked for, rates as percentages', () => {
    expect(yi(123_456_789_000)).toBe('1,234.57');
    expect(yi(150_000_000, 1)).toBe('1.5');
    expect(yi(100_000_000)).toBe('1.00');
    expect(percent(0.5034)).toBe('50.3%');
    expect(percent(null)).toBe('—');
    expect(count(12345)).toBe('12,345');
  });

  it('writes amounts and counts exactly as Intl does for zh-CN (which the page avoids for its start-up cost)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000_000 }), fc.integer({ min: 0, max: 2 }), (yuan, digits) => {
        const intl = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: digits, maximumFractionDigits: digits });
        expect(yi(yuan, digits)).toBe(intl.format(yuan / 100_000_000));
        expect(count(yuan)).toBe(new Intl.NumberFormat('zh-CN').format(yuan));
      }),
      { numRuns: 2000 },
    );
  });

  it('says the time of day as hh:mm:ss on the device’s clock', () => {
    expect(clockTime(new Date(2026, 10, 25, 9, 5, 7))).toBe('09:05:07');
  });
});
