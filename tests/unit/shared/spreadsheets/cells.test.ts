import ExcelJS from 'exceljs';
import { readSheet } from 'read-excel-file/node';
import { describe, expect, it } from 'vitest';
import { LIANYUNGANG } from '../../../../shared/domain/city-config';
import { csvTextField, excerpt, startsLikeFormula, unescapeCsvText } from '../../../../shared/spreadsheets/cells';
import { projectListCsv, projectListXlsx } from '../../../../shared/spreadsheets/project-list-export';
import { project } from '../../../support/fixtures';

const FORMULAS = ['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1'];

describe('formula injection: text that could start a formula stays text', () => {
  it('knows what starts a formula: = + - @ tab and carriage return', () => {
    for (const text of FORMULAS) expect(startsLikeFormula(text)).toBe(true);
    for (const text of ['项目', 'a=b', ' =1', "'=1", '']) expect(startsLikeFormula(text)).toBe(false);
  });

  it('CSV: a single quote before such text, the field quoted where needed, and undone on import', () => {
    expect(csvTextField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvTextField('-2+3')).toBe("'-2+3");
    expect(csvTextField('项目, 二期')).toBe('"项目, 二期"');
    expect(csvTextField('项目')).toBe('项目');
    for (const text of FORMULAS) expect(unescapeCsvText(`'${text}`)).toBe(text);
    expect(unescapeCsvText("'项目")).toBe("'项目");
  });

  it('xlsx: a project named =HYPERLINK("http://x","y") is a string cell, not a formula (read back with exceljs)', async () => {
    const projects = FORMULAS.filter((f) => !/[\t\r]/.test(f)).map((name, i) =>
      project({ projectId: `INJ-${i}`, name, investor: '@某公司', responsibleUnit: '-招商局' }),
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await projectListXlsx(projects, LIANYUNGANG, '2025-06-15')) as never);
    const sheet = workbook.worksheets[0]!;
    projects.forEach((p, i) => {
      for (const [column, text] of [
        ['B', p.name],
        ['C', '@某公司'],
        ['U', '-招商局'], // 责任单位
      ] as const) {
        const cell = sheet.getCell(`${column}${i + 2}`);
        expect(cell.type).toBe(ExcelJS.ValueType.String);
        expect(cell.formula).toBeUndefined();
        expect(cell.value).toBe(text);
      }
    });
  });

  it('xlsx: the sheet holds no formula at all (raw cells read with read-excel-file are the texts)', async () => {
    const buffer = await projectListXlsx([project({ name: '=1+1' })], LIANYUNGANG, '2025-06-15');
    const [, row] = await readSheet(buffer);
    expect(row![1]).toBe('=1+1'); // a formula would read back as its cached result, or as empty
  });

  it('CSV export: the name is behind a quote, so Excel shows it as text', () => {
    const csv = projectListCsv([project({ name: '=HYPERLINK("http://x","y")' })], LIANYUNGANG, '2025-06-15');
    expect(csv.split('\r\n')[1]).toContain(`,"'=HYPERLINK(""http://x"",""y"")",`);
  });
});

describe('an excerpt of a cell for a message', () => {
  it('keeps text of at most the limit whole, else cuts it to the limit in characters and adds …', () => {
    expect(excerpt('十亿', 40)).toBe('十亿');
    expect(excerpt('a'.repeat(40), 40)).toBe('a'.repeat(40));
    expect(excerpt('a'.repeat(41), 40)).toBe(`${'a'.repeat(40)}…`);
    expect(excerpt('b'.repeat(600_000), 100)).toBe(`${'b'.repeat(100)}…`);
  });

  it('counts characters, not UTF-16 units: a character outside the BMP is never cut in half', () => {
    const wide = '\u{20000}'.repeat(40); // 40 characters, 80 UTF-16 units
    expect(excerpt(wide, 40)).toBe(wide);
    expect(excerpt(`a${wide}`, 40)).toBe(`a${'\u{20000}'.repeat(39)}…`);
  });
});
