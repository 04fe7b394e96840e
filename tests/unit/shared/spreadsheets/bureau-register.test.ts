// A workbook made by a real spreadsheet program (LibreOffice Calc, from bureau-register.fods; see
// tests/fixtures/spreadsheets/README.md), not by the library that reads it nor by ours.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { LIANYUNGANG } from '../../../../shared/domain/city-config';
import { parseXlsxImport } from '../../../../shared/spreadsheets/xlsx-import';

const FIXTURE = join(import.meta.dirname, '../../../fixtures/spreadsheets/bureau-register.xlsx');

describe('a register saved by LibreOffice Calc', () => {
  it('is what it claims to be: a merged title, number codes and amounts, date cells, an empty row', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(FIXTURE) as never);
    const sheet = workbook.worksheets[0]!;
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['签约项目', '说明']);
    expect(sheet.getCell('A1').text).toBe('2025年亿元以上签约项目清单'); // rich text: Calc marks its CJK run
    expect(sheet.getCell('J1').isMerged).toBe(true);
    expect(sheet.getCell('A3').type).toBe(ExcelJS.ValueType.Number);
    expect(sheet.getCell('A3').value).toBe(20250001);
    expect(sheet.getCell('F4').value).toBe(3.35);
    expect(sheet.getCell('G3').type).toBe(ExcelJS.ValueType.Date);
    expect(sheet.getCell('G3').numFmt).toMatch(/yyyy.*年.*m.*月.*d.*日/);
    expect(sheet.getCell('G6').value).toEqual(new Date('2025-06-02T14:30:00.000Z')); // a date cell with a time
    expect(sheet.getCell('G7').type).toBe(ExcelJS.ValueType.String); // a date typed as text
    expect(sheet.getRow(5).cellCount).toBe(0);
  });

  it('imports every row: the command of each good row, every fault of the bad one', async () => {
    const rows = await parseXlsxImport(readFileSync(FIXTURE), LIANYUNGANG, { today: '2025-06-15' });
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
          plannedStartOn: '2025-04-01',
          plannedProductionOn: '2027-06-30',
          responsibleUnit: '徐圩新区招商局',
        },
      },
      {
        row: 4,
        projectId: 'LYG-2025-002',
        command: {
          projectId: 'LYG-2025-002',
          name: '创新药产业园',
          investor: '恒瑞医药',
          district: 'kaifaqu',
          industry: 'pharma',
          agreedInvestment: 335_000_000, // 3.35 × 10^8 in floating point is 334,999,999.99999994
          signedOn: '2025-02-20',
          responsibleUnit: '开发区招商局',
        },
      },
      {
        row: 6,
        projectId: 'LYG-2025-003',
        command: {
          projectId: 'LYG-2025-003',
          name: '港口冷链物流中心',
          investor: '某物流公司',
          district: 'lianyun',
          industry: 'logistics',
          agreedInvestment: 107_000_000,
          signedOn: '2025-06-02',
          plannedStartOn: '2025-07-01',
          responsibleUnit: '连云区商务局',
        },
      },
      {
        row: 7,
        projectId: '20250004',
        command: {
          projectId: '20250004',
          name: '光伏组件项目',
          investor: '某新能源公司',
          district: 'ganyu',
          industry: 'new-energy',
          agreedInvestment: 2_000_000_000,
          signedOn: '2025-03-03',
        },
      },
      {
        row: 8,
        projectId: 'LYG-2025-005',
        errors: [
          { field: 'district', rule: expect.stringMatching(/configured districts/) },
          { field: 'agreedInvestment', rule: 'must be a number in the column\'s unit, got "十亿"' },
        ],
      },
    ]);
  });
});
