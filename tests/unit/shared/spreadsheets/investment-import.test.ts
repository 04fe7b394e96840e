// 资金来源, 币种, 协议投资额（万美元）, 汇率 and 汇率日期 on import (DESIGN "Investment dimensions (v3)"):
// a sheet with yuan rows and dollar rows side by side, the words a register writes them in, and the
// faults of a row that mixes them up.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { LIANYUNGANG } from '../../../../shared/domain/city-config';
import { ValidationError } from '../../../../shared/domain/errors';
import { decide, projectBands, type SignInput } from '../../../../shared/domain/project';
import { parseImport } from '../../../../shared/spreadsheets/csv-import';
import { rowsFromTable, type TableCell } from '../../../../shared/spreadsheets/table-import';
import { parseXlsxImport } from '../../../../shared/spreadsheets/xlsx-import';
import { context } from '../../../support/fixtures';

const TODAY = '2025-06-15';
const HEADER = [
  '项目编号',
  '项目名称',
  '投资方',
  '所在地区',
  '产业',
  '资金来源',
  '币种',
  '协议投资额（亿元）',
  '协议投资额（万美元）',
  '汇率',
  '汇率日期',
  '签约日期',
];
const COLUMN = Object.fromEntries(HEADER.map((h, i) => [h, i])) as Record<string, number>;

/** A row by column name; the rest as a CNY project's. */
function row(cells: Record<string, TableCell>): TableCell[] {
  const base: Record<string, TableCell> = {
    项目编号: 'LYG-1',
    项目名称: '新材料项目',
    投资方: '某公司',
    所在地区: '徐圩新区',
    产业: '新材料',
    签约日期: '2025-03-10',
    ...cells,
  };
  return HEADER.map((h) => base[h] ?? null);
}

const base = { name: '新材料项目', investor: '某公司', district: 'xuwei', industry: 'new-materials', signedOn: '2025-03-10' };
const commandsOf = (table: TableCell[][]) => rowsFromTable(table, LIANYUNGANG, { today: TODAY });

function signed(command: SignInput) {
  const decision = decide(null, { type: 'sign', ...command }, context());
  if (decision.kind !== 'changed') throw new Error('expected a sign');
  return decision.after;
}

describe('capital source and currency columns', () => {
  it('yuan rows and dollar rows in one sheet: 亿元 for CNY, 万美元 × 10,000 for USD, with the rate and its date', () => {
    const rows = commandsOf([
      HEADER,
      row({ 项目编号: 'CNY-1', 资金来源: '内资', 币种: '人民币', '协议投资额（亿元）': 5 }),
      row({ 项目编号: 'USD-1', 资金来源: '外资', 币种: '美元', '协议投资额（万美元）': 3000, 汇率: 7.1, 汇率日期: '2025-03-09' }),
    ]);
    expect(rows.map((r) => r.command)).toEqual([
      { ...base, projectId: 'CNY-1', capitalSource: 'domestic', currency: 'CNY', agreedInvestment: 500_000_000 },
      {
        ...base,
        projectId: 'USD-1',
        capitalSource: 'foreign',
        currency: 'USD',
        agreedInvestmentOriginal: 30_000_000,
        fxRate: '7.1',
        fxRateOn: '2025-03-09',
      },
    ]);
  });

  it('资金来源: 内资, 外资, 港澳台 (foreign), domestic, foreign; empty is left to the default, domestic', () => {
    const words = ['内资', '外资', '港澳台', 'domestic', 'Foreign', null];
    const rows = commandsOf([HEADER, ...words.map((w, i) => row({ 项目编号: `CS-${i}`, 资金来源: w, '协议投资额（亿元）': 2 }))]);
    expect(rows.map((r) => r.command?.capitalSource)).toEqual(['domestic', 'foreign', 'foreign', 'domestic', 'foreign', undefined]);
    expect(signed(rows.at(-1)!.command!).capitalSource).toBe('domestic');
  });

  it('币种: 人民币, RMB, CNY, 元 and 美元, USD, US$; empty is USD where the row has dollars and no yuan, else CNY', () => {
    const cny = ['人民币', 'RMB', 'cny', '元'].map((w, i) => row({ 项目编号: `CN-${i}`, 币种: w, '协议投资额（亿元）': 2 }));
    const usd = ['美元', 'USD', 'US$'].map((w, i) =>
      row({ 项目编号: `US-${i}`, 币种: w, '协议投资额（万美元）': 1500, 汇率: '7.10', 汇率日期: '2025-03-01' }),
    );
    const empty = [
      row({ 项目编号: 'E-USD', '协议投资额（万美元）': 1500, 汇率: '7.10', 汇率日期: '2025-03-01' }),
      row({ 项目编号: 'E-CNY', '协议投资额（亿元）': 2 }),
    ];
    const rows = commandsOf([HEADER, ...cny, ...usd, ...empty]);
    expect(rows.map((r) => r.command?.currency)).toEqual(['CNY', 'CNY', 'CNY', 'CNY', 'USD', 'USD', 'USD', 'USD', undefined]);
    expect(rows.every((r) => r.command)).toBe(true);
    expect(signed(rows.at(-1)!.command!).currency).toBe('CNY');
  });

  it('汇率: a number cell as it shows (7.1), a text cell as written ("7.10"); 汇率日期 empty is the 签约日期', () => {
    const rows = commandsOf([
      HEADER,
      row({ 项目编号: 'R-1', 币种: '美元', '协议投资额（万美元）': 1500, 汇率: 7.1 }),
      row({ 项目编号: 'R-2', 币种: '美元', '协议投资额（万美元）': 1500, 汇率: '7.10', 签约日期: new Date(Date.UTC(2025, 4, 6)) }),
      row({ 项目编号: 'R-3', 币种: '美元', '协议投资额（万美元）': 1500, 汇率: 7.0956, 汇率日期: 45726 }),
    ]);
    expect(rows.map((r) => [r.command?.fxRate, r.command?.fxRateOn])).toEqual([
      ['7.1', '2025-03-10'],
      ['7.10', '2025-05-06'],
      ['7.0956', '2025-03-10'],
    ]);
  });

  it('the header’s unit decides the dollars: 万美元 × 10,000, 美元 × 1, exactly', () => {
    const inDollars = HEADER.map((h) => (h === '协议投资额（万美元）' ? '协议投资额（美元）' : h));
    const [dollars] = commandsOf([inDollars, row({ 币种: '美元', '协议投资额（万美元）': 12_345_678, 汇率: '7.1' })]);
    expect(dollars!.command?.agreedInvestmentOriginal).toBe(12_345_678);
    const [tenThousands, finer] = commandsOf([
      HEADER,
      row({ 币种: '美元', '协议投资额（万美元）': 1234.5678, 汇率: '7.1' }),
      row({ 项目编号: 'LYG-2', 币种: '美元', '协议投资额（万美元）': '1,234.56789', 汇率: '7.1' }),
    ]);
    expect(tenThousands!.command?.agreedInvestmentOriginal).toBe(12_345_678);
    expect(finer!.errors).toEqual([
      { field: 'agreedInvestmentOriginal', rule: 'must be a whole number of US dollars; "1,234.56789" in the column\'s unit is finer' },
    ]);
  });

  it('a USD row’s 亿元 cell may be blank, or the computed yuan to the precision it shows; else it is a fault naming the figure', () => {
    // US$12,000,000 × 7.10 = ¥85,200,000 = 0.852 亿元.
    const usd = (id: string, yi: TableCell) =>
      row({ 项目编号: id, 币种: '美元', '协议投资额（亿元）': yi, '协议投资额（万美元）': 1200, 汇率: '7.10', 汇率日期: '2025-03-01' });
    const rows = commandsOf([HEADER, usd('Y-1', null), usd('Y-2', 0.852), usd('Y-3', '0.85'), usd('Y-4', 0.86), usd('Y-5', '八千万')]);
    const expected = {
      ...base,
      currency: 'USD',
      agreedInvestmentOriginal: 12_000_000,
      fxRate: '7.10',
      fxRateOn: '2025-03-01',
    };
    expect(rows.slice(0, 3).map((r) => r.command)).toEqual(['Y-1', 'Y-2', 'Y-3'].map((projectId) => ({ ...expected, projectId })));
    expect(rows[3]).toEqual({
      row: 5,
      projectId: 'Y-4',
      errors: [
        {
          field: 'agreedInvestment',
          rule: 'is computed for a row in USD (协议投资额（万美元） × 汇率): 0.852 亿元 (85200000 yuan), not "0.86" in the column\'s unit; clear the cell or correct it',
        },
      ],
    });
    expect(rows[4]!.errors).toEqual([{ field: 'agreedInvestment', rule: 'must be a number in the column\'s unit, got "八千万"' }]);
    expect(signed(rows[0]!.command!).agreedInvestment).toBe(85_200_000);
  });

  it('every fault of a row that mixes the currencies up, with the spreadsheet’s row numbers', () => {
    const rows = commandsOf([
      ['2025年签约项目'],
      HEADER,
      row({ 项目编号: 'F-1', 资金来源: '合资企业', 币种: '日元', '协议投资额（亿元）': 2 }),
      row({ 项目编号: 'F-2', 币种: '人民币', '协议投资额（亿元）': 2, '协议投资额（万美元）': 3000, 汇率: '7.1', 汇率日期: '2025-03-01' }),
      row({ 项目编号: 'F-3', 币种: '美元', 所在地区: '开发区' }),
      row({ 项目编号: 'F-4', '协议投资额（亿元）': 2, '协议投资额（万美元）': 3000 }),
      row({ 项目编号: 'F-5', 币种: '美元', '协议投资额（万美元）': 3000, 汇率: '0.14', 汇率日期: '2025-13-01' }),
      row({ 项目编号: 'F-6', 资金来源: '内资' }),
    ]);
    expect(rows).toEqual([
      {
        row: 3,
        projectId: 'F-1',
        errors: [
          { field: 'capitalSource', rule: 'must be 内资 or 外资 (港澳台 counts as 外资), or domestic or foreign; got "合资企业"' },
          { field: 'currency', rule: 'must be 人民币 (RMB, CNY, 元) or 美元 (USD, US$); got "日元"' },
        ],
      },
      {
        row: 4,
        projectId: 'F-2',
        errors: [
          {
            field: 'agreedInvestmentOriginal',
            rule: 'is only for a row agreed in US dollars (币种 美元); this row is in CNY: set 币种 to 美元 or clear the dollars',
          },
          { field: 'fxRate', rule: 'is only for a row agreed in US dollars (币种 美元)' },
          { field: 'fxRateOn', rule: 'is only for a row agreed in US dollars (币种 美元)' },
        ],
      },
      {
        row: 5,
        projectId: 'F-3',
        errors: [
          { field: 'district', rule: expect.stringMatching(/configured districts/) },
          { field: 'agreedInvestmentOriginal', rule: 'is required for a row in USD (协议投资额（万美元）)' },
          { field: 'fxRate', rule: 'is required for a row in USD (汇率: yuan per US dollar, such as 7.10)' },
        ],
      },
      {
        row: 6,
        projectId: 'F-4',
        errors: [
          {
            field: 'agreedInvestmentOriginal',
            rule: 'is only for a row agreed in US dollars (币种 美元); this row is in CNY (币种 empty, and a yuan amount given): set 币种 to 美元 or clear the dollars',
          },
        ],
      },
      {
        row: 7,
        projectId: 'F-5',
        errors: [
          { field: 'fxRate', rule: expect.stringMatching(/from 1 to 20 yuan per US dollar/) },
          { field: 'fxRateOn', rule: expect.stringMatching(/calendar date/) },
        ],
      },
      { row: 8, projectId: 'F-6', errors: [{ field: 'agreedInvestment', rule: 'is required for a row in CNY (协议投资额（亿元）)' }] },
    ]);
  });

  it('a header needs 协议投资额 in either unit: 万美元 alone will do, neither names both', () => {
    const dollarsOnly = HEADER.filter((h) => h !== '协议投资额（亿元）');
    const [only] = rowsFromTable(
      [dollarsOnly, dollarsOnly.map((h) => row({ '协议投资额（万美元）': 1500, 汇率: '7.1' })[COLUMN[h]!] ?? null)],
      LIANYUNGANG,
    );
    expect(only!.command).toMatchObject({ currency: 'USD', agreedInvestmentOriginal: 15_000_000 });
    const neither = HEADER.filter((h) => !h.startsWith('协议投资额'));
    expect(() => rowsFromTable([neither], LIANYUNGANG)).toThrow(ValidationError);
    try {
      rowsFromTable([neither], LIANYUNGANG);
    } catch (error) {
      expect((error as ValidationError).issues).toEqual([
        {
          field: 'header.agreedInvestment',
          rule: 'a column is required: 协议投资额（亿元） or 协议投资额（万美元） (or agreedInvestment / agreedInvestmentOriginal)',
        },
      ]);
    }
    // Two columns of dollars are one field doubled, as two of yuan are.
    expect(() => rowsFromTable([[...HEADER, '总投资（美元）']], LIANYUNGANG)).toThrow(
      /two columns give it: 协议投资额（万美元） \(column I\) and 总投资（美元） \(column M\)/,
    );
  });

  it('the same columns from CSV, English names too', () => {
    const csv = [
      'projectId,name,investor,district,industry,capitalSource,currency,agreedInvestment（亿元）,agreedInvestmentOriginal,fxRate,fxRateOn,signedOn',
      'C-1,项目,某公司,xuwei,new-materials,foreign,USD,,30000000,7.10,2025-03-01,2025-03-10',
      'C-2,项目,某公司,xuwei,new-materials,,,5.5,,,,2025-03-10',
      '',
    ].join('\n');
    expect(parseImport(csv, LIANYUNGANG).map((r) => r.command)).toEqual([
      {
        projectId: 'C-1',
        name: '项目',
        investor: '某公司',
        district: 'xuwei',
        industry: 'new-materials',
        capitalSource: 'foreign',
        currency: 'USD',
        agreedInvestmentOriginal: 30_000_000,
        fxRate: '7.10',
        fxRateOn: '2025-03-01',
        signedOn: '2025-03-10',
      },
      {
        projectId: 'C-2',
        name: '项目',
        investor: '某公司',
        district: 'xuwei',
        industry: 'new-materials',
        agreedInvestment: 550_000_000,
        signedOn: '2025-03-10',
      },
    ]);
  });
});

describe('size bands at the boundaries, through import and sign', () => {
  const [usd30m, cny5yi, usdShort, usdShortFaulty] = commandsOf([
    HEADER,
    row({ 项目编号: 'B-USD', 资金来源: '外资', 币种: '美元', '协议投资额（万美元）': 3000, 汇率: '6.5', 汇率日期: '2025-03-01' }),
    row({ 项目编号: 'B-CNY', 资金来源: '内资', '协议投资额（亿元）': 5 }),
    row({ 项目编号: 'B-SHORT', 资金来源: '外资', 币种: '美元', '协议投资额（万美元）': 999.9999, 汇率: '7.1', 汇率日期: '2025-03-01' }),
    row({ 项目编号: 'B-SHORT-2', 项目名称: '', 币种: '美元', '协议投资额（万美元）': '999.9999', 汇率: '7.1' }),
  ]);

  it('US$30,000,000 is B5 (¥195,000,000 at 6.5: the dollars decide), ¥500,000,000 is B5', () => {
    const dollars = signed(usd30m!.command!);
    expect(dollars).toMatchObject({ currency: 'USD', agreedInvestmentOriginal: 30_000_000, agreedInvestment: 195_000_000 });
    expect(projectBands(dollars)).toEqual(['B1', 'B5']);
    expect(projectBands(signed(cny5yi!.command!))).toEqual(['B1', 'B5']);
  });

  it('US$9,999,999 is refused with the floor’s rule: by its sign command, or with the row’s other faults', () => {
    expect(usdShort!.command?.agreedInvestmentOriginal).toBe(9_999_999);
    expect(() => signed(usdShort!.command!)).toThrow(ValidationError);
    try {
      signed(usdShort!.command!);
    } catch (error) {
      expect((error as ValidationError).issues).toEqual([
        { field: 'agreedInvestmentOriginal', rule: 'must be at least 10000000 US dollars (1000 万美元)' },
      ]);
    }
    expect(usdShortFaulty!.errors).toEqual([
      { field: 'name', rule: 'is required' },
      { field: 'agreedInvestmentOriginal', rule: 'must be at least 10000000 US dollars (1000 万美元)' },
    ]);
  });
});

describe('a register with 内资 and 外资 saved by LibreOffice Calc (investment-register.fods → .xlsx)', () => {
  const FIXTURE = join(import.meta.dirname, '../../../fixtures/spreadsheets/investment-register.xlsx');

  it('is what it claims to be: both amount columns, a rate as a number cell and as text, date cells', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(FIXTURE) as never);
    const sheet = workbook.worksheets[0]!;
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual(HEADER);
    expect(sheet.getCell('J4').type).toBe(ExcelJS.ValueType.Number);
    expect(sheet.getCell('J4').numFmt).toBe('0.00');
    expect(sheet.getCell('J5').type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getCell('K4').type).toBe(ExcelJS.ValueType.Date);
    expect(sheet.getCell('K5').value).toBeNull();
    expect(sheet.getCell('G5').value).toBeNull();
  });

  it('imports each row as its currency says, and the faults of the one whose 亿元 is wrong', async () => {
    const rows = await parseXlsxImport(readFileSync(FIXTURE), LIANYUNGANG, { today: TODAY });
    const some = (r: (typeof rows)[number]) =>
      r.command && {
        capitalSource: r.command.capitalSource,
        currency: r.command.currency,
        agreedInvestment: r.command.agreedInvestment,
        agreedInvestmentOriginal: r.command.agreedInvestmentOriginal,
        fxRate: r.command.fxRate,
        fxRateOn: r.command.fxRateOn,
      };
    expect(rows.map((r) => [r.row, r.projectId, some(r) ?? r.errors])).toEqual([
      [3, 'LYG-2025-101', { capitalSource: 'domestic', currency: 'CNY', agreedInvestment: 500_000_000 }],
      [
        4,
        'LYG-2025-102',
        { capitalSource: 'foreign', currency: 'USD', agreedInvestmentOriginal: 30_000_000, fxRate: '7.1', fxRateOn: '2025-03-31' },
      ],
      [
        5,
        'LYG-2025-103',
        { capitalSource: 'foreign', currency: 'USD', agreedInvestmentOriginal: 12_000_000, fxRate: '7.10', fxRateOn: '2025-05-06' },
      ],
      [
        6,
        'LYG-2025-104',
        { capitalSource: 'foreign', currency: 'USD', agreedInvestmentOriginal: 15_000_000, fxRate: '7.2', fxRateOn: '2025-02-28' },
      ],
      [
        7,
        'LYG-2025-105',
        { capitalSource: 'foreign', currency: 'USD', agreedInvestmentOriginal: 9_999_999, fxRate: '7.1', fxRateOn: '2025-04-30' },
      ],
      [
        8,
        'LYG-2025-106',
        [
          {
            field: 'agreedInvestment',
            rule: 'is computed for a row in USD (协议投资额（万美元） × 汇率): 1.42 亿元 (142000000 yuan), not "9.99" in the column\'s unit; clear the cell or correct it',
          },
        ],
      ],
    ]);
    const bands = rows.slice(0, 4).map((r) => projectBands(signed(r.command!)));
    expect(bands).toEqual([['B1', 'B5'], ['B1', 'B5'], ['B1'], ['B1']]);
  });
});
