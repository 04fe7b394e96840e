import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { businessDateOf } from '../../../shared/domain/dates';
import { yuanOf } from '../../../shared/domain/investment';
import {
  change,
  clockTime,
  count,
  dollarsToWan,
  dollarsToYuan,
  fxRateOf,
  paceGap,
  percent,
  todayInShanghai,
  wan,
  wanToDollars,
  yi,
  yiToYuan,
  yuanToYi,
} from '../../../web/src/format';

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

  it('turns 亿元 as typed into integer yuan by its digits, without floating-point drift', () => {
    expect(yiToYuan('12.34')).toBe(1_234_000_000);
    expect(yiToYuan('0.29')).toBe(29_000_000); // 0.29 × 1e8 is 28,999,999.999999996 in floating point
    expect(yiToYuan('4,000')).toBe(400_000_000_000);
    expect(yiToYuan(' 1.00000001 ')).toBe(100_000_001);
    expect(yiToYuan('.5')).toBe(50_000_000);
    expect(yiToYuan('3.')).toBe(300_000_000);
    expect(yiToYuan('0')).toBe(0);
    // Not an amount of 0 or more, finer than a yuan, or past what a number holds exactly.
    for (const text of ['', '.', '-1', '1e3', 'abc', '1.2.3', '1.000000001', '90071992.54740992']) expect(yiToYuan(text)).toBeNull();
  });

  it('writes integer yuan as 亿元 with every digit it has, and reads it back to the same yuan', () => {
    expect(yuanToYi(1_234_000_000)).toBe('12.34');
    expect(yuanToYi(400_000_000_000)).toBe('4000');
    expect(yuanToYi(100_000_001)).toBe('1.00000001');
    expect(yuanToYi(0)).toBe('0');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (yuan) => {
        expect(yiToYuan(yuanToYi(yuan))).toBe(yuan);
      }),
      { numRuns: 2000 },
    );
    // Two decimals typed are the yuan a person means, whatever the double nearest them.
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 90_000_000 }), fc.integer({ min: 0, max: 99 }), (whole, cents) => {
        expect(yiToYuan(`${whole}.${String(cents).padStart(2, '0')}`)).toBe(whole * 100_000_000 + cents * 1_000_000);
      }),
      { numRuns: 2000 },
    );
  });

  it('says a change on last year (同比) with its sign, a minus sign for a fall, none for no change', () => {
    expect(change(0.059322)).toBe('+5.9%');
    expect(change(-0.1336)).toBe('−13.4%');
    expect(change(0)).toBe('0.0%');
    expect(change(-0.0004)).toBe('0.0%');
    expect(change(3)).toBe('+300.0%');
    // Halves round away from zero either way.
    expect(change(0.0125, 2)).toBe('+1.25%');
    expect(change(-0.00125)).toBe('−0.1%');
  });

  it('says a gap to the time elapsed as ahead (≥ 0) or behind, in points with two decimals', () => {
    expect(paceGap(5.9)).toEqual({ ahead: true, points: '5.90' });
    expect(paceGap(0)).toEqual({ ahead: true, points: '0.00' });
    expect(paceGap(-43.28)).toEqual({ ahead: false, points: '43.28' });
  });

  it('turns 万美元 as typed into whole US dollars by its digits, and writes dollars back to the same text', () => {
    expect(wanToDollars('3000')).toBe(30_000_000);
    expect(wanToDollars('1,234.5678')).toBe(12_345_678);
    expect(wanToDollars('0.29')).toBe(2_900); // 0.29 × 1e4 is 2,899.9999999999995 in floating point
    expect(wanToDollars('.5')).toBe(5_000);
    expect(wanToDollars(' 1000. ')).toBe(10_000_000);
    for (const text of ['', '.', '-1', '1e3', 'abc', '1.2.3', '1.00001', '900719925474.0992']) expect(wanToDollars(text)).toBeNull();
    expect(dollarsToWan(30_000_000)).toBe('3000');
    expect(dollarsToWan(12_345_678)).toBe('1234.5678');
    expect(dollarsToWan(0)).toBe('0');
    expect(wan(30_000_000)).toBe('3,000.00');
    expect(wan(12_345_678)).toBe('1,234.5678');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (dollars) => {
        expect(wanToDollars(dollarsToWan(dollars))).toBe(dollars);
        expect(wanToDollars(wan(dollars))).toBe(dollars);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 900_000_000 }), fc.integer({ min: 0, max: 99 }), (whole, cents) => {
        expect(wanToDollars(`${whole}.${String(cents).padStart(2, '0')}`)).toBe(whole * 10_000 + cents * 100);
      }),
      { numRuns: 2000 },
    );
  });

  it('takes a rate of yuan per dollar as the API does: up to 6 decimals, from 1 to 20', () => {
    expect(fxRateOf('7.10')).toBe('7.10');
    expect(fxRateOf(' 7.1 ')).toBe('7.1');
    expect(fxRateOf('20')).toBe('20');
    expect(fxRateOf('1.000000')).toBe('1.000000');
    for (const text of ['', '0.14', '20.000001', '7.1234567', '7,10', '-7', '7.', '.7', '100', 'abc']) expect(fxRateOf(text)).toBeNull();
  });

  it('turns dollars into yuan at a rate exactly as the API does: half up, no floating-point noise', () => {
    expect(dollarsToYuan(30_000_000, '7.10')).toBe(213_000_000);
    expect(dollarsToYuan(12_000_000, '7.10')).toBe(85_200_000);
    expect(dollarsToYuan(1, '1.5')).toBe(2);
    expect(dollarsToYuan(1, '2.5')).toBe(3); // half up, not to even
    expect(dollarsToYuan(1, '2.499999')).toBe(2);
    expect(dollarsToYuan(3, '1.166667')).toBe(4);
    const rates = fc
      .tuple(fc.integer({ min: 1, max: 19 }), fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 0, max: 6 }))
      .map(([whole, fraction, digits]) =>
        digits === 0 ? String(whole) : `${whole}.${String(fraction).padStart(6, '0').slice(0, digits)}`,
      );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000_000 }), rates, (dollars, rate) => {
        const yuan = dollarsToYuan(dollars, rate);
        expect(yuan).toBe(yuanOf(dollars, rate));
        // Within half a yuan of the exact product (the double's own error is far smaller here).
        expect(Math.abs(yuan - dollars * Number(rate))).toBeLessThanOrEqual(0.5 + dollars * Number(rate) * 1e-15);
      }),
      { numRuns: 3000 },
    );
  });
});
