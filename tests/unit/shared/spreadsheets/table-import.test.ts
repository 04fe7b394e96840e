import { afterEach, describe, expect, it } from 'vitest';
import { LIANYUNGANG } from '../../../../shared/domain/city-config';
import { ValidationError } from '../../../../shared/domain/errors';
import { cellText, dateOfSerial, numberText } from '../../../../shared/spreadsheets/cells';
import { parseImport } from '../../../../shared/spreadsheets/csv-import';
import { normalizeDate, rowsFromTable, type TableCell } from '../../../../shared/spreadsheets/table-import';

const HEADER = ['项目编号', '项目名称', '投资方', '所在地区', '产业', '协议投资额（亿元）', '签约日期', '计划开工日期'];
const utc = (y: number, m: number, d: number, h = 0, min = 0, s = 0, ms = 0) => new Date(Date.UTC(y, m - 1, d, h, min, s, ms));

/** A good row; `cells` replaces cells by column index. */
function row(cells: Record<number, TableCell> = {}): TableCell[] {
  const base: TableCell[] = ['LYG-1', '新材料项目', '某公司', '徐圩新区', '新材料', 12.5, utc(2025, 3, 10), null];
  for (const [i, value] of Object.entries(cells)) base[Number(i)] = value;
  return base;
}

const command = (overrides: Record<string, unknown> = {}) => ({
  projectId: 'LYG-1',
  name: '新材料项目',
  investor: '某公司',
  district: 'xuwei',
  industry: 'new-materials',
  agreedInvestment: 1_250_000_000,
  signedOn: '2025-03-10',
  ...overrides,
});

describe('numbers as the cell shows them', () => {
  it('a registry code stored as a number is its digits, never ".0" or an exponent', () => {
    expect(numberText(20250001)).toBe('20250001');
    expect(numberText(2.0250001e7)).toBe('20250001');
    expect(numberText(Number('2.0250001E7'))).toBe('20250001');
    expect(numberText(1e20)).toBe('100000000000000000000');
  });

  it('fractions to Excel’s 15 digits: binary noise dropped, no exponent', () => {
    expect(numberText(0.07)).toBe('0.07');
    expect(numberText(12.5)).toBe('12.5');
    expect(numberText(0.1 + 0.2)).toBe('0.3');
    expect(numberText(1e-7)).toBe('0.0000001');
    expect(numberText(-0.5)).toBe('-0.5');
    expect(numberText(12.34567891)).toBe('12.34567891');
  });

  it('cell text: trimmed strings, booleans, dates as YYYY-MM-DD, empty for none', () => {
    expect(cellText('  x ')).toBe('x');
    expect(cellText(null)).toBe('');
    expect(cellText(true)).toBe('TRUE');
    expect(cellText(utc(2025, 3, 10))).toBe('2025-03-10');
  });
});

describe('dates as the cell shows them', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    process.env.TZ = originalTz;
  });

  it('Excel serials (1900 system), with a time of day or a hair of float error, are that day', () => {
    expect(dateOfSerial(45726)).toBe('2025-03-10');
    expect(dateOfSerial(45726.99)).toBe('2025-03-10');
    expect(dateOfSerial(45727 - 1e-11)).toBe('2025-03-11');
    expect(dateOfSerial(61)).toBe('1900-03-01');
  });

  it('text dates: separators, Chinese, a time after the date, yyyymmdd, a bare serial', () => {
    expect(normalizeDate('2025/3/10 0:00')).toBe('2025-03-10');
    expect(normalizeDate('2025/3/10 14:30:00')).toBe('2025-03-10');
    expect(normalizeDate('20250310')).toBe('2025-03-10');
    expect(normalizeDate('45726')).toBe('2025-03-10');
    expect(normalizeDate('3/10')).toBe('3/10');
    // Not a time of day: left whole, for the schema to refuse (it read as 2025-03-10: found by review).
    expect(normalizeDate('2025/3/10 25:99')).toBe('2025/3/10 25:99');
  });

  it('a date cell is the calendar date it shows, whatever the server’s time zone', () => {
    // Los Angeles is behind UTC: reading a midnight cell in local time would give the day before.
    process.env.TZ = 'America/Los_Angeles';
    const table = [
      HEADER,
      row({ 6: utc(2025, 3, 10), 7: utc(2025, 7, 1, 23, 59) }),
      row({ 0: 'LYG-2', 6: utc(2025, 3, 9, 23, 59, 59, 999) }), // float error: a millisecond before midnight
      row({ 0: 'LYG-3', 6: 45726, 7: 45839.5 }), // serials that lost their date format
      row({ 0: 'LYG-4', 6: '45726', 7: '20250701' }), // the same in a CSV's text
      row({ 0: 'LYG-5', 6: 20250310 }), // typed as a yyyymmdd number
    ];
    const commands = rowsFromTable(table, LIANYUNGANG).map((r) => r.command);
    expect(commands).toEqual([
      command({ plannedStartOn: '2025-07-01' }),
      command({ projectId: 'LYG-2' }),
      command({ projectId: 'LYG-3', plannedStartOn: '2025-07-01' }),
      command({ projectId: 'LYG-4', plannedStartOn: '2025-07-01' }),
      command({ projectId: 'LYG-5' }),
    ]);
  });
});

describe('a table of cells → sign commands', () => {
  it('skips a merged title and notes above the header and empty rows, and keeps the spreadsheet’s row numbers', () => {
    const table: TableCell[][] = [
      ['2025年亿元以上签约项目清单', null, null, null],
      [],
      ['填报单位：市商务局', null, '单位：亿元'],
      HEADER,
      row(),
      [null, '', '  ', null],
      [],
      row({ 0: 'LYG-2' }),
    ];
    const rows = rowsFromTable(table, LIANYUNGANG);
    expect(rows.map((r) => [r.row, r.projectId])).toEqual([
      [5, 'LYG-1'],
      [8, 'LYG-2'],
    ]);
    expect(rows[0]!.command).toEqual(command());
  });

  it('reads number cells as they show: a code without ".0", amounts exact in the header’s unit', () => {
    const yuanHeader = HEADER.map((h, i) => (i === 5 ? '协议投资额（万元）' : h));
    const rows = rowsFromTable(
      [
        HEADER,
        row({ 0: 20250001, 5: 12.5 }),
        row({ 0: 2.0250002e7, 5: 0.07 }),
        row({ 0: 'LYG-3', 5: 0.1 + 0.2 }), // 0.30000000000000004 亿元 is the 0.3 the cell shows
        row({ 0: 'LYG-4', 5: '1,234.56789' }),
      ],
      LIANYUNGANG,
    );
    expect(rows.map((r) => [r.command?.projectId, r.command?.agreedInvestment])).toEqual([
      ['20250001', 1_250_000_000],
      ['20250002', 7_000_000],
      ['LYG-3', 30_000_000],
      ['LYG-4', 123_456_789_000],
    ]);
    const inWan = rowsFromTable([yuanHeader, row({ 5: 15_000 }), row({ 0: 'LYG-2', 5: 1.00005 })], LIANYUNGANG);
    expect(inWan[0]!.command?.agreedInvestment).toBe(150_000_000);
    expect(inWan[1]!.errors).toEqual([
      { field: 'agreedInvestment', rule: expect.stringMatching(/must be a whole number of yuan; "1\.00005"/) },
    ]);
  });

  it('a registry code that Excel already cut to 15 digits is refused, saying why', () => {
    const [cut] = rowsFromTable([HEADER, row({ 0: 320_700_202_500_000_100 })], LIANYUNGANG);
    expect(cut).toEqual({
      row: 2,
      errors: [{ field: 'projectId', rule: expect.stringMatching(/stored as a number.*15 digits.*format the column as text/) }],
    });
  });

  it('lists every fault of a row: unreadable cells, what the schema refuses, and the configuration’s rules', () => {
    const rows = rowsFromTable(
      [
        HEADER,
        row({ 1: null, 3: '开发区', 5: '十亿', 6: '2025-02-30' }),
        row({ 0: 'LYG-2', 2: '', 4: '芯片', 5: 0.5, 7: '2025-13-01' }),
        row({ 0: 'X', 6: '2026-01-01' }),
      ],
      LIANYUNGANG,
      { today: '2025-06-15' },
    );
    expect(rows[0]).toEqual({
      row: 2,
      projectId: 'LYG-1',
      errors: [
        { field: 'name', rule: 'is required' },
        { field: 'district', rule: expect.stringMatching(/configured districts/) },
        { field: 'agreedInvestment', rule: expect.stringMatching(/must be a number in the column's unit, got "十亿"/) },
        { field: 'signedOn', rule: expect.stringMatching(/calendar date/) },
      ],
    });
    expect(rows[1]).toEqual({
      row: 3,
      projectId: 'LYG-2',
      errors: [
        { field: 'investor', rule: 'is required' },
        { field: 'industry', rule: expect.stringMatching(/configured industries/) },
        { field: 'agreedInvestment', rule: expect.stringMatching(/at least 100000000 yuan/) },
        { field: 'plannedStartOn', rule: expect.stringMatching(/calendar date/) },
      ],
    });
    expect(rows[2]).toEqual({
      row: 4,
      projectId: 'X',
      errors: [
        { field: 'projectId', rule: expect.stringMatching(/3-64 letters/) },
        { field: 'signedOn', rule: expect.stringMatching(/after today \(2025-06-15/) },
      ],
    });
  });

  it('quotes at most 40 characters of a cell, and reports an absurd id cut to 100, so a 600 KB cell gives no 600 KB error', () => {
    const huge = 'x'.repeat(600_000);
    const [amount, cutCode, longId, id100] = rowsFromTable(
      [HEADER, row({ 5: huge }), row({ 0: 1e300 }), row({ 0: `I${huge}` }), row({ 0: 'L'.repeat(100), 5: '十亿' })],
      LIANYUNGANG,
    );
    expect(amount!.errors).toEqual([
      { field: 'agreedInvestment', rule: `must be a number in the column's unit, got "${'x'.repeat(40)}…"` },
    ]);
    expect(cutCode!.errors![0]!.rule).toContain(`(${'1'.padEnd(40, '0')}…)`);
    expect(longId).toEqual({
      row: 4,
      projectId: `I${'x'.repeat(99)}…`,
      errors: [{ field: 'projectId', rule: expect.stringMatching(/3-64/) }],
    });
    expect(id100!.projectId).toBe('L'.repeat(100)); // 100 characters are reported whole
    expect(id100!.errors).toContainEqual({ field: 'agreedInvestment', rule: `must be a number in the column's unit, got "十亿"` });
    for (const r of [amount, cutCode, longId]) expect(JSON.stringify(r).length).toBeLessThan(500);
    // A header cell is quoted no longer: 协议投资额（…600 KB…） is still an amount column's header.
    const doubled = (() => {
      try {
        rowsFromTable([[...HEADER, `总投资（${huge}）`]], LIANYUNGANG);
      } catch (error) {
        return error as ValidationError;
      }
    })();
    expect(doubled!.issues[0]!.rule).toBe(
      `two columns give it: 协议投资额（亿元） (column F) and 总投资（${'x'.repeat(36)}… (column I); keep one`,
    );
  });

  it('says why an amount is not one: not a number, finer than a yuan, or far too large (each was "must be a number")', () => {
    const faults = rowsFromTable(
      [HEADER, row({ 5: '十亿' }), row({ 0: 'A-2', 5: '1.123456789' }), row({ 0: 'A-3', 5: '100000000000000000000000' })],
      LIANYUNGANG,
    ).map((r) => r.errors?.find((e) => e.field === 'agreedInvestment')?.rule);
    expect(faults).toEqual([
      'must be a number in the column\'s unit, got "十亿"',
      'must be a whole number of yuan; "1.123456789" in the column\'s unit is finer',
      'is far too large: "100000000000000000000000" in the column\'s unit',
    ]);
  });

  it('a row without a fault of its own leaves the configuration’s rules to its sign command', () => {
    const [unknown] = rowsFromTable([HEADER, row({ 3: '开发区' })], LIANYUNGANG, { today: '2025-06-15' });
    expect(unknown!.command).toEqual(command({ district: '开发区' }));
  });

  it('finds the header by its columns and names those missing when no row has them all', () => {
    expect(() => rowsFromTable([['2025年项目清单'], ['项目编号', '项目名称', '投资方'], ['X-1', 'n', 'i']], LIANYUNGANG)).toThrow(
      /header\.district.*header\.industry.*header\.agreedInvestment.*header\.signedOn/,
    );
    expect(() => rowsFromTable([[], [null, '']], LIANYUNGANG)).toThrow(/body: is empty/);
  });

  it('refuses a header with two columns for one field, naming the field and both columns as written', () => {
    const header = ['项目编号', '项目名称', '投资方', '所在地区', '产业', '协议投资额（亿元）', '签约日期', '计划总投资（万元）'];
    const refusal = (table: TableCell[][]) => {
      try {
        rowsFromTable(table, LIANYUNGANG);
      } catch (error) {
        return error;
      }
      return null;
    };
    const error = refusal([header, row({ 5: 12, 7: 30_000 })]);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      {
        field: 'header.agreedInvestment',
        rule: 'two columns give it: 协议投资额（亿元） (column F) and 计划总投资（万元） (column H); keep one',
      },
    ]);
    // Every alias counts, any field, and each field doubled is named, in field order.
    const doubled = refusal([[...HEADER, '编号', '名称', '总投资（元）', '签约时间'], []]) as ValidationError;
    expect(doubled.issues.map((i) => [i.field, i.rule])).toEqual([
      ['header.projectId', 'two columns give it: 项目编号 (column A) and 编号 (column I); keep one'],
      ['header.name', 'two columns give it: 项目名称 (column B) and 名称 (column J); keep one'],
      ['header.agreedInvestment', 'two columns give it: 协议投资额（亿元） (column F) and 总投资（元） (column K); keep one'],
      ['header.signedOn', 'two columns give it: 签约日期 (column G) and 签约时间 (column L); keep one'],
    ]);
    const wide = refusal([[...Array.from({ length: 26 }, () => null), ...HEADER, '计划总投资（万元）', '总投资（元）']]) as ValidationError;
    expect(wide.issues).toEqual([
      {
        field: 'header.agreedInvestment',
        rule: 'three columns give it: 协议投资额（亿元） (column AF), 计划总投资（万元） (column AI) and 总投资（元） (column AJ); keep one',
      },
    ]);
  });
});

describe('CSV through the same path', () => {
  const csvHeader = '项目编号,项目名称,投资方,所在地区,产业,协议投资额（亿元）,签约日期\n';

  it('keeps row numbers across blank lines and a title line, and takes serials and yyyymmdd that "save as CSV" made of dates', () => {
    const csv = `2025年亿元以上签约项目清单,,,,,,\n${csvHeader}C-1,项目,某公司,徐圩新区,新材料,12.5,45726\n\n,,,,,,\nC-2,项目,某公司,haizhou,pharma,0.07,20250310\n`;
    const rows = parseImport(csv, LIANYUNGANG);
    expect(rows.map((r) => [r.row, r.command?.signedOn, r.command?.agreedInvestment])).toEqual([
      [3, '2025-03-10', 1_250_000_000],
      [6, '2025-03-10', 7_000_000],
    ]);
  });

  it('a name exported behind a single quote (formula injection) imports without it', () => {
    const csv = `${csvHeader}C-1,"'=HYPERLINK(""http://x"",""y"")",'+某公司,徐圩新区,新材料,12.5,2025-03-10\nC-2,'项目',某公司,徐圩新区,新材料,12.5,2025-03-10\n`;
    const [first, second] = parseImport(csv, LIANYUNGANG);
    expect(first!.command).toMatchObject({ name: '=HYPERLINK("http://x","y")', investor: '+某公司' });
    expect(second!.command).toMatchObject({ name: "'项目'" }); // a quote before ordinary text is the text's own
  });
});
