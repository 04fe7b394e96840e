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
  'signedOn',
  'plannedStartOn',
  'plannedProductionOn',
  'responsibleUnit',
] as const;
const signFieldsOf = (p: ProjectSnapshot) =>
  Object.fromEntries(SIGN_FIELDS.filter((f) => p[f] !== undefined).map((f) => [f, p[f]])) as SignInput;

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
    expect(first.getCell(7).type).toBe(ExcelJS.ValueType.Date);
    expect(first.getCell(7).value).toEqual(new Date('2025-01-15T00:00:00Z'));
    expect(first.getCell(7).numFmt).toBe('yyyy-mm-dd');
    expect(first.getCell(8).value).toEqual(new Date('2025-04-01T00:00:00Z'));
    expect(first.getCell(9).value).toBeNull();
    // Signed 2025-01-15, not started by 2025-06-15: red, with the reason counted to today.
    expect([first.getCell(13).value, first.getCell(14).value, first.getCell(15).value]).toEqual([
      '签约',
      '红灯',
      '签约已 151 天未开工；计划开工日期 2025-04-01 已过 75 天',
    ]);

    const code = sheet.getRow(3);
    expect(code.getCell(1).type).toBe(ExcelJS.ValueType.String); // a numeric-looking code stays text
    expect(code.getCell(1).value).toBe('20250002');
    expect(code.getCell(14).value).toBe('绿灯');
    expect(code.getCell(16).value).toBeNull();

    const statuses = [5, 6, 7].map((r) => sheet.getRow(r).getCell(13).value);
    expect(statuses).toEqual(['开工', '投产', '终止']);
    expect(sheet.getRow(5).getCell(10).value).toEqual(new Date('2025-04-02T00:00:00Z'));
    expect(sheet.getRow(6).getCell(11).value).toEqual(new Date('2025-06-01T00:00:00Z'));
    expect(sheet.getRow(7).getCell(12).value).toEqual(new Date('2025-05-05T00:00:00Z'));
    expect(sheet.getRow(7).getCell(14).value).toBeNull(); // no light without an alert
    expect(sheet.rowCount).toBe(1 + PROJECTS.length);
  });

  it('freezes the header row and sets every column’s width', async () => {
    const sheet = await sheetOf(await projectListXlsx(PROJECTS, LIANYUNGANG, TODAY));
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1, xSplit: 0 });
    PROJECT_LIST_COLUMNS.forEach((column, i) => {
      expect(sheet.getColumn(i + 1).width).toBe(column.width);
    });
    expect(sheet.getColumn(2).width).toBeGreaterThan(sheet.getColumn(13).width!);
  });

  it('round trip: export, import the workbook, the same sign commands; sign them, export again, the same cells', async () => {
    const first = await projectListXlsx(PROJECTS, LIANYUNGANG, TODAY);
    const rows = await parseXlsxImport(first, LIANYUNGANG, { today: TODAY });
    expect(rows.map((r) => r.row)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(rows.map((r) => r.command)).toEqual(PROJECTS.map(signFieldsOf));

    // Imported into an empty register: the signed-only projects come back whole.
    const signedOnly = PROJECTS.slice(0, 3);
    const again = rows.slice(0, 3).map((r) => signedFrom(r.command!));
    expect(again).toEqual(signedOnly);
    const [before, after] = await Promise.all([
      sheetOf(await projectListXlsx(signedOnly, LIANYUNGANG, TODAY)),
      sheetOf(await projectListXlsx(again, LIANYUNGANG, TODAY)),
    ]);
    expect(cellsOf(after)).toEqual(cellsOf(before));
    expect(cellsOf(before)).toHaveLength(4);
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
    expect(csv.startsWith('\uFEFF项目编号,项目名称,投资方,所在地区,产业,协议投资额（亿元）,签约日期,')).toBe(true);
    const lines = csv.split('\r\n');
    expect(lines).toHaveLength(PROJECTS.length + 2); // the header, the rows, and the final line end
    expect(lines[1]).toBe(
      'LYG-2025-001,年产10万吨高端新材料项目,江苏某新材料有限公司,徐圩新区,新材料,12.34567891,2025-01-15,2025-04-01,,,,,签约,红灯,签约已 151 天未开工；计划开工日期 2025-04-01 已过 75 天,徐圩新区招商局',
    );
    expect(lines[2]).toBe(
      `20250002,"'=HYPERLINK(""http://x"",""y"")",江苏某新材料有限公司,连云港经济技术开发区,生物医药,1.00,2025-06-01,,,,,,签约,绿灯,,`,
    );
  });

  it('round trip: the CSV imports back to the same sign commands', () => {
    const csv = projectListCsv(PROJECTS, LIANYUNGANG, TODAY);
    const rows = parseImport(new TextEncoder().encode(csv), LIANYUNGANG);
    expect(rows.map((r) => r.command)).toEqual(PROJECTS.map(signFieldsOf));
  });
});
