import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { LIANYUNGANG } from '../../../../shared/domain/city-config';
import { parseXlsxImport } from '../../../../shared/spreadsheets/xlsx-import';

const HEADER = ['项目编号', '项目名称', '投资方', '所在地区', '产业', '协议投资额（亿元）', '签约日期', '计划投产日期'];

/** A register as a person keeps it in Excel, written by exceljs (a writer other than ours). */
async function register(options: { date1904?: boolean } = {}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  if (options.date1904) workbook.properties.date1904 = true;
  const sheet = workbook.addWorksheet('清单');
  sheet.addRow(['2025年亿元以上签约项目清单']);
  sheet.mergeCells('A1:H1');
  sheet.addRow(HEADER);
  const date = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));
  sheet.addRow([20250001, '盛虹炼化配套项目', '盛虹集团', '徐圩新区', '石化', 120, date(2025, 1, 15), date(2027, 6, 30)]);
  sheet.addRow([]);
  sheet.addRow(['LYG-2', '创新药产业园', '恒瑞医药', 'kaifaqu', 'pharma', 0.07, date(2025, 2, 20), null]);
  sheet.addRow(['LYG-3', '港口冷链物流中心', '某物流公司', '连云区', '港航物流', 'abc', '2025/6/2', 'soon']);
  for (const cell of ['G3', 'H3', 'G5']) sheet.getCell(cell).numFmt = 'yyyy"年"m"月"d"日"';
  const other = workbook.addWorksheet('说明');
  other.addRow(HEADER);
  other.addRow(['NOT-READ', '第二张表', '某公司', '海州区', '石化', 5, date(2025, 1, 1)]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('.xlsx import', () => {
  it('reads the first sheet: title and empty rows skipped, row numbers kept, cells as Excel stores them', async () => {
    const rows = await parseXlsxImport(await register(), LIANYUNGANG);
    expect(rows).toEqual([
      {
        row: 3,
        projectId: '20250001',
        command: {
          projectId: '20250001',
          name: '盛虹炼化配套项目',
          investor: '盛虹集团',
          district: 'xuwei',
          industry: 'petrochemical',
          agreedInvestment: 12_000_000_000,
          signedOn: '2025-01-15',
          plannedProductionOn: '2027-06-30',
        },
      },
      {
        row: 5,
        projectId: 'LYG-2',
        command: {
          projectId: 'LYG-2',
          name: '创新药产业园',
          investor: '恒瑞医药',
          district: 'kaifaqu',
          industry: 'pharma',
          agreedInvestment: 7_000_000,
          signedOn: '2025-02-20',
        },
      },
      {
        row: 6,
        projectId: 'LYG-3',
        errors: [
          { field: 'agreedInvestment', rule: expect.stringMatching(/must be a number.*"abc"/) },
          { field: 'plannedProductionOn', rule: expect.stringMatching(/calendar date/) },
        ],
      },
    ]);
  });

  it('reads date cells of a workbook in the 1904 date system (old Excel for Mac) as the same dates', async () => {
    const rows = await parseXlsxImport(await register({ date1904: true }), LIANYUNGANG);
    expect(rows.map((r) => r.command?.signedOn)).toEqual(['2025-01-15', '2025-02-20', undefined]);
  });

  it('refuses what is not a workbook, naming the body', async () => {
    await expect(parseXlsxImport(new TextEncoder().encode('项目编号,名称\n'), LIANYUNGANG)).rejects.toThrow(
      /body: is not a readable \.xlsx workbook/,
    );
  });
});
