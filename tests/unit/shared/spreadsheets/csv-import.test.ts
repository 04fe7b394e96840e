import { describe, expect, it } from 'vitest';
import { LIANYUNGANG } from '../../../../shared/domain/city-config';
import { ValidationError } from '../../../../shared/domain/errors';
import { MAX_CSV_LINES, normalizeDate, parseImport, toYuan } from '../../../../shared/spreadsheets/csv-import';

describe('CSV rows', () => {
  it('amounts in 亿元 or 万元 become exact integer yuan', () => {
    expect(toYuan('12.5', 100_000_000n)).toBe(1_250_000_000);
    expect(toYuan('0.07', 100_000_000n)).toBe(7_000_000);
    expect(toYuan('15,000', 10_000n)).toBe(150_000_000);
    expect(toYuan('1.00005', 10_000n)).toBeNull(); // finer than a yuan
    expect(toYuan('一亿', 1n)).toBeNull();
    expect(toYuan('100000000000000000000000', 1n)).toBeNull();
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

  describe('a CSV of more lines than a register has is refused before it is parsed', () => {
    const header = '项目编号,项目名称,投资方,所在地区,产业,协议投资额（亿元）,签约日期\n';
    const refusal = (csv: string | Uint8Array) => {
      try {
        parseImport(csv, LIANYUNGANG);
      } catch (error) {
        return error;
      }
      return null;
    };

    it('20,000 rows with title, header and blank lines and line breaks in quoted cells fit; a line more than 21,000 does not', () => {
      expect(MAX_CSV_LINES).toBe(21_000);
      const fits = `title\n${header}${'\n'.repeat(MAX_CSV_LINES - 4)}X-1,"a\nb",i,xuwei,pharma,1,2025-03-10`;
      expect(parseImport(fits, LIANYUNGANG)).toHaveLength(1);
      const error = refusal(`${fits}\n,`);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues).toEqual([
        { field: 'body', rule: expect.stringMatching(/^has 21,001 lines; a register has at most 20,000 rows/) },
      ]);
    });

    it('counts \\r\\n, \\n and a lone \\r (old Mac) line breaks alike, in text or bytes', () => {
      for (const newline of ['\r\n', '\n', '\r']) {
        const csv = `${header}${'a,b'.concat(newline).repeat(30_000)}`;
        expect(refusal(csv)).toMatchObject({ issues: [{ field: 'body', rule: expect.stringMatching(/^has 30,001 lines/) }] });
        expect(refusal(new TextEncoder().encode(csv))).toBeInstanceOf(ValidationError);
      }
    });

    it('refuses 4 MB of 2 million tiny rows or 4 million empty lines before the parser sees them (it took minutes)', () => {
      for (const csv of [`${header}${'1\n'.repeat(2_000_000)}`, '\n'.repeat(4_000_000)]) {
        const error = refusal(csv);
        expect((error as ValidationError).issues[0]!.rule).toMatch(/^has (2,000,001|4,000,000) lines; a register has at most 20,000 rows/);
      }
    });
  });
});
