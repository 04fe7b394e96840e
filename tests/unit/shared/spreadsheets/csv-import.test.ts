import { describe, expect, it } from 'vitest';
import { LIANYUNGANG } from '../../../../shared/domain/city-config';
import { normalizeDate, parseImport, toYuan } from '../../../../shared/spreadsheets/csv-import';

describe('CSV rows', () => {
  it('amounts in 亿元 or 万元 become exact integer yuan', () => {
    expect(toYuan('12.5', 100_000_000n)).toBe(1_250_000_000);
    expect(toYuan('0.07', 100_000_000n)).toBe(7_000_000);
    expect(toYuan('15,000', 10_000n)).toBe(150_000_000);
    expect(toYuan('1.00005', 10_000n)).toBeNull(); // finer than a yuan
    expect(toYuan('一亿', 1n)).toBeNull();
  });

  it('spreadsheet dates become calendar dates', () => {
    expect(normalizeDate('2025/3/7')).toBe('2025-03-07');
    expect(normalizeDate('2025年3月7日')).toBe('2025-03-07');
    expect(normalizeDate('2025-03-07')).toBe('2025-03-07');
    expect(normalizeDate('7/3/2025')).toBe('7/3/2025');
  });

  it('reads Chinese headers with a BOM, Chinese district and industry names, and numbers rows as the spreadsheet does', () => {
    const csv =
      '\uFEFF项目编号,项目名称,投资方,所在地区,产业,协议投资额（亿元）,签约日期,责任单位\n' +
      'LYG-1,新材料项目,某公司,徐圩新区,新材料,12.5,2025/3/10,徐圩新区招商局\n' +
      'LYG-2,,某公司,haizhou,pharma,abc,2025-02-30,\n';
    const [good, bad] = parseImport(csv, LIANYUNGANG);
    expect(good).toEqual({
      row: 2,
      projectId: 'LYG-1',
      command: {
        projectId: 'LYG-1',
        name: '新材料项目',
        investor: '某公司',
        district: 'xuwei',
        industry: 'new-materials',
        agreedInvestment: 1_250_000_000,
        signedOn: '2025-03-10',
        responsibleUnit: '徐圩新区招商局',
      },
    });
    // Every fault of the row, in field order: the unreadable amount no longer hides the others.
    expect(bad).toEqual({
      row: 3,
      projectId: 'LYG-2',
      errors: [
        { field: 'name', rule: 'is required' },
        { field: 'agreedInvestment', rule: expect.stringMatching(/must be a number/) },
        { field: 'signedOn', rule: expect.stringMatching(/calendar date/) },
      ],
    });
  });

  it('a missing required column is refused up front, naming it', () => {
    expect(() => parseImport('项目编号,项目名称\nX-1,n\n', LIANYUNGANG)).toThrow(/header.investor/);
  });
});
