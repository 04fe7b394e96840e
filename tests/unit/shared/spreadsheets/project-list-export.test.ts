import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIANYUNGANG } from '../../../../shared/domain/city-config';
import { decide, type ProjectSnapshot, type SignInput } from '../../../../shared/domain/project';
import { parseImport } from '../../../../shared/spreadsheets/csv-import';
import {
  PROJECT_LIST_COLUMNS,
  projectListCsv,
  projectListXlsx,
  yiNumber,
  yiText,
} from '../../../../shared/spreadsheets/project-list-export';
import { parseXlsxImport } from '../../../../shared/spreadsheets/xlsx-import';
import { context, project, signInput } from '../../../support/fixtures';

const TODAY = '2025-06-15';

// In the city's time zone (a developer's machine there), not only the Lambda's UTC: a date cell
// built from local midnight would be the day before once read back as the UTC wall clock.
const originalTz = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'Asia/Shanghai';
});
afterAll(() => {
  process.env.TZ = originalTz;
});
const HEADERS = [
  '项目编号',
  '项目名称',
  '投资方',
  '所在地区',
  '产业',
  '协议投资额（亿元）',
  '资金来源',
  '币种',
  '协议投资额（万美元）',
  '汇率',
  '汇率日期',
  '签约日期',
  '计划开工日期',
  '计划投产日期',
  '开工日期',
  '投产日期',
  '终止日期',
  '状态',
  '预警',
  '预警原因',
  '责任单位',
];
/** A column's number (1 for A) by its header. */
const C = (header: string) => HEADERS.indexOf(header) + 1;

/** A project as its sign command leaves it (its alert assessed as of the fixtures' NOW, 2025-06-15). */
function signedFrom(command: SignInput): ProjectSnapshot {
  const decision = decide(null, { type: 'sign', ...command }, context());
  if (decision.kind !== 'changed') throw new Error('expected a sign');
  return decision.after;
}
const signed = (overrides: Partial<SignInput>) => signedFrom(signInput(overrides));

const SIGN_FIELDS = [
  'projectId',
  'name',
  'investor',
  'district',
  'industry',
  'agreedInvestment',
  'capitalSource',
  'currency',
  'agreedInvestmentOriginal',
  'fxRate',
  'fxRateOn',
  'signedOn',
  'plannedStartOn',
  'plannedProductionOn',
  'responsibleUnit',
] as const;
/**
 * The sign command a project's row imports as: a CNY project's yuan as agreedInvestment (its original
 * is the same yuan, not sent again), a USD project's dollars, rate and date (its yuan computed, not sent).
 */
const signFieldsOf = (p: ProjectSnapshot) => {
  const usd = p.currency === 'USD';
  const sent = SIGN_FIELDS.filter((f) => (f === 'agreedInvestment' ? !usd : f === 'agreedInvestmentOriginal' ? usd : true));
  return Object.fromEntries(sent.filter((f) => p[f] !== undefined).map((f) => [f, p[f]])) as SignInput;
};

/** Projects in every status, light and shape of amount; optional fields present and absent. */
const PROJECTS: ProjectSnapshot[] = [
  signed({ projectId: 'LYG-2025-001', agreedInvestment: 1_234_567_891, signedOn: '2025-01-15', plannedStartOn: '2025-04-01' }),
  signed({
    projectId: '20250002',
    name: '=HYPERLINK("http://x","y")',
    district: 'kaifaqu',
    industry: 'pharma',
    agreedInvestment: 100_000_000,
    signedOn: '2025-06-01',
    plannedStartOn: undefined,
    responsibleUnit: undefined,
  }),
  signed({ projectId: 'LYG-2024-003', agreedInvestment: 999_999_999_999, signedOn: '2024-12-31', plannedProductionOn: '2026-12-31' }),
  project({ projectId: 'LYG-S', startedOn: '2025-04-02', agreedInvestment: 700_000_001 }),
  project({ projectId: 'LYG-P', startedOn: '2025-04-02', producedOn: '2025-06-01', plannedProductionOn: '2025-12-31' }),
  project({ projectId: 'LYG-T', terminatedOn: '2025-05-05', terminationReason: '投资方撤资', district: 'ganyu' }),
  // 外资 in dollars: US$12,345,678 at 7.10 (a rate as given, with its trailing zero) is ¥87,654,313.8 → 87,654,314.
  signed({
    projectId: 'LYG-USD-1',
    capitalSource: 'foreign',
    currency: 'USD',
    agreedInvestment: undefined,
    agreedInvestmentOriginal: 12_345_678,
    fxRate: '7.10',
    fxRateOn: '2025-03-31',
    signedOn: '2025-04-02',
    plannedStartOn: undefined,
  }),
  // 外资 in yuan (a foreign investor agreeing in CNY), and a USD project at a six-decimal rate.
  signed({ projectId: 'LYG-FCNY', capitalSource: 'foreign', agreedInvestment: 300_000_000, signedOn: '2025-02-01' }),
  signed({
    projectId: 'LYG-USD-2',
    capitalSource: 'foreign',
    currency: 'USD',
    agreedInvestment: undefined,
    agreedInvestmentOriginal: 100_000_000,
    fxRate: '7.123456',
    fxRateOn: '2025-01-02',
    signedOn: '2025-01-03',
    plannedStartOn: undefined,
  }),
];

async function sheetOf(buffer: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as never);
  return workbook.worksheets[0]!;
}

/** Every cell's value and type, row by row, as exceljs reads them. */
function cellsOf(sheet: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, number) => {
    rows[number - 1] = HEADERS.map((_, i) => {
      const cell = row.getCell(i + 1);
      return [cell.type, cell.value instanceof Date ? cell.value.toISOString() : cell.value, cell.numFmt ?? null];
    });
  });
  return rows;
}

describe('the project list as a workbook', () => {
  it('has the bureau’s columns, amounts in 亿元 as numbers, dates as date cells, status and light in Chinese', async () => {
    expect(PROJECT_LIST_COLUMNS.map((c) => c.header)).toEqual(HEADERS);
    const sheet = await sheetOf(await projectListXlsx(PROJECTS, LIANYUNGANG, TODAY));
    expect(sheet.name).toBe('项目清单');
    expect(sheet.getRow(1).values).toEqual([undefined, ...HEADERS]);

    const first = sheet.getRow(2);
    expect(first.getCell(4).value).toBe('徐圩新区');
    expect(first.getCell(5).value).toBe('新材料');
    expect(first.getCell(6).type).toBe(ExcelJS.ValueType.Number);
    expect(first.getCell(6).value).toBe(12.34567891);
    expect(first.getCell(6).numFmt).toBe('0.00');
    expect(first.getCell(C('签约日期')).type).toBe(ExcelJS.ValueType.Date);
    expect(first.getCell(C('签约日期')).value).toEqual(new Date('2025-01-15T00:00:00Z'));
    expect(first.getCell(C('签约日期')).numFmt).toBe('yyyy-mm-dd');
    expect(first.getCell(C('计划开工日期')).value).toEqual(new Date('2025-04-01T00:00:00Z'));
    expect(first.getCell(C('计划投产日期')).value).toBeNull();
    // Signed 2025-01-15, not started by 2025-06-15: red, with the reason counted to today.
    expect([first.getCell(C('状态')).value, first.getCell(C('预警')).value, first.getCell(C('预警原因')).value]).toEqual([
      '签约',
      '红灯',
      '签约已 151 天未开工；计划开工日期 2025-04-01 已过 75 天',
    ]);

    const code = sheet.getRow(3);
    expect(code.getCell(1).type).toBe(ExcelJS.ValueType.String); // a numeric-looking code stays text
    expect(code.getCell(1).value).toBe('20250002');
    expect(code.getCell(C('预警')).value).toBe('绿灯');
    expect(code.getCell(C('责任单位')).value).toBeNull();

    const statuses = [5, 6, 7].map((r) => sheet.getRow(r).getCell(C('状态')).value);
    expect(statuses).toEqual(['开工', '投产', '终止']);
    expect(sheet.getRow(5).getCell(C('开工日期')).value).toEqual(new Date('2025-04-02T00:00:00Z'));
    expect(sheet.getRow(6).getCell(C('投产日期')).value).toEqual(new Date('2025-06-01T00:00:00Z'));
    expect(sheet.getRow(7).getCell(C('终止日期')).value).toEqual(new Date('2025-05-05T00:00:00Z'));
    expect(sheet.getRow(7).getCell(C('预警')).value).toBeNull(); // no light without an alert
    expect(sheet.rowCount).toBe(1 + PROJECTS.length);

    // A USD project: its yuan, 外资, 美元, its dollars in 万美元 (a number shown with two decimals),
    // the rate as text with its trailing zero, the rate's date; a CNY project leaves those empty.
    const usd = sheet.getRow(8);
    const at = (row: ExcelJS.Row, header: string) => row.getCell(C(header));
    expect(at(usd, '协议投资额（亿元）').value).toBe(0.87654314);
    expect([at(usd, '资金来源').value, at(usd, '币种').value]).toEqual(['外资', '美元']);
    expect(at(usd, '协议投资额（万美元）').value).toBe(1234.5678);
    expect(at(usd, '协议投资额（万美元）').numFmt).toBe('0.00');
    expect(at(usd, '汇率').type).toBe(ExcelJS.ValueType.String);
    expect(at(usd, '汇率').value).toBe('7.10');
    expect(at(usd, '汇率日期').value).toEqual(new Date('2025-03-31T00:00:00Z'));
    expect([at(first, '资金来源').value, at(first, '币种').value]).toEqual(['内资', '人民币']);
    expect([at(first, '协议投资额（万美元）').value, at(first, '汇率').value, at(first, '汇率日期').value]).toEqual([null, null, null]);
    expect(at(sheet.getRow(9), '资金来源').value).toBe('外资');
    expect(at(sheet.getRow(9), '币种').value).toBe('人民币');
  });

  it('freezes the header row and sets every column’s width', async () => {
    const sheet = await sheetOf(await projectListXlsx(PROJECTS, LIANYUNGANG, TODAY));
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1, xSplit: 0 });
    PROJECT_LIST_COLUMNS.forEach((column, i) => {
      expect(sheet.getColumn(i + 1).width).toBe(column.width);
    });
    expect(sheet.getColumn(2).width).toBeGreaterThan(sheet.getColumn(C('状态')).width!);
  });

  it('round trip: export, import the workbook, the same sign commands; sign them, export again, the same cells', async () => {
    const first = await projectListXlsx(PROJECTS, LIANYUNGANG, TODAY);
    const rows = await parseXlsxImport(first, LIANYUNGANG, { today: TODAY });
    expect(rows.map((r) => r.row)).toEqual(PROJECTS.map((_, i) => i + 2));
    expect(rows.map((r) => r.command)).toEqual(PROJECTS.map(signFieldsOf));

    // Imported into an empty register: the signed-only projects come back whole, and signing each
    // again is "unchanged" (a USD row's 亿元 cell is its dollars × rate: checked, not sent).
    const signedOnly = [...PROJECTS.slice(0, 3), ...PROJECTS.slice(6)];
    const reimported = [...rows.slice(0, 3), ...rows.slice(6)].map((r) => r.command!);
    const again = reimported.map(signedFrom);
    expect(again).toEqual(signedOnly);
    reimported.forEach((command, i) => {
      expect(decide(signedOnly[i]!, { type: 'sign', ...command }, context()).kind, command.projectId).toBe('unchanged');
    });
    const [before, after] = await Promise.all([
      sheetOf(await projectListXlsx(signedOnly, LIANYUNGANG, TODAY)),
      sheetOf(await projectListXlsx(again, LIANYUNGANG, TODAY)),
    ]);
    expect(cellsOf(after)).toEqual(cellsOf(before));
    expect(cellsOf(before)).toHaveLength(1 + signedOnly.length);
  });

  it('an empty list is the header alone', async () => {
    const sheet = await sheetOf(await projectListXlsx([], LIANYUNGANG, TODAY));
    expect(sheet.rowCount).toBe(1);
    await expect(parseXlsxImport(await projectListXlsx([], LIANYUNGANG, TODAY), LIANYUNGANG)).resolves.toEqual([]);
  });
});

describe('amounts in 亿元', () => {
  it('as exact decimal text with two decimals at least, and as the number the cell holds', () => {
    expect(yiText(1_234_567_891)).toBe('12.34567891');
    expect(yiText(1_500_000_000)).toBe('15.00');
    expect(yiText(100_000_000)).toBe('1.00');
    expect(yiText(7_000_000)).toBe('0.07');
    expect(yiText(1)).toBe('0.00000001');
    expect(yiText(1_000_000_000_000)).toBe('10000.00');
    expect(yiNumber(1_234_567_891)).toBe(12.34567891);
  });
});

describe('the project list as CSV', () => {
  it('is UTF-8 with a BOM and CRLF lines, amounts exact in 亿元, dates as text, text behind a quote where it could be a formula', () => {
    const csv = projectListCsv(PROJECTS, LIANYUNGANG, TODAY);
    expect(
      csv.startsWith(
        '\uFEFF项目编号,项目名称,投资方,所在地区,产业,协议投资额（亿元）,资金来源,币种,协议投资额（万美元）,汇率,汇率日期,签约日期,',
      ),
    ).toBe(true);
    const lines = csv.split('\r\n');
    expect(lines).toHaveLength(PROJECTS.length + 2); // the header, the rows, and the final line end
    expect(lines[1]).toBe(
      'LYG-2025-001,年产10万吨高端新材料项目,江苏某新材料有限公司,徐圩新区,新材料,12.34567891,内资,人民币,,,,2025-01-15,2025-04-01,,,,,签约,红灯,签约已 151 天未开工；计划开工日期 2025-04-01 已过 75 天,徐圩新区招商局',
    );
    expect(lines[2]).toBe(
      `20250002,"'=HYPERLINK(""http://x"",""y"")",江苏某新材料有限公司,连云港经济技术开发区,生物医药,1.00,内资,人民币,,,,2025-06-01,,,,,,签约,绿灯,,`,
    );
    // US$12,345,678 at "7.10": 亿元 exact (¥87,654,314), 万美元 exact, the rate as it was given.
    expect(lines[7]).toMatch(/^LYG-USD-1,.*,徐圩新区,新材料,0\.87654314,外资,美元,1234\.5678,7\.10,2025-03-31,2025-04-02,/);
  });

  it('round trip: the CSV imports back to the same sign commands', () => {
    const csv = projectListCsv(PROJECTS, LIANYUNGANG, TODAY);
    const rows = parseImport(new TextEncoder().encode(csv), LIANYUNGANG);
    expect(rows.map((r) => r.command)).toEqual(PROJECTS.map(signFieldsOf));
  });
});
