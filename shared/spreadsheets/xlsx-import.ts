// .xlsx import: the workbook's first sheet, read by read-excel-file (small enough for a Lambda
// bundle, unlike exceljs; its universal build, without Node's stream unzipper), becomes the same
// table of cells a CSV does, and table-import.ts turns it into sign commands. Cells keep what Excel
// stored: text, numbers, dates (as UTC wall-clock Dates).
//
// A workbook is a zip of XML, and a small one can claim a great deal: a gigabyte part (a zip bomb),
// or one cell at XFD1048576, which the reader would fill in with a billion empty cells. So the zip
// is opened here first, each part only up to the size it declares, and refused past what a register
// needs; the reader gets the parts as they were read, never the original zip.
import { strFromU8, unzipSync, zipSync, type Unzipped } from 'fflate';
import { readSheet } from 'read-excel-file/universal';
import type { CityConfig } from '../domain/city-config';
import { ValidationError } from '../domain/errors';
import { MAX_REGISTER_LINES } from '../domain/register-row';
import { rowsFromTable, type ImportOptions, type ImportRow, type TableCell } from './table-import';

/** The workbook's parts, unzipped, at most: a 20,000-row register is about 10 MB of XML. */
export const MAX_XLSX_UNZIPPED_BYTES = 64 * 1024 * 1024;
/** The first sheet's rows at most. */
export const MAX_XLSX_ROWS = MAX_REGISTER_LINES;
/** Its columns at most (BL): a register has about 16. */
export const MAX_XLSX_COLUMNS = 64;

const refused = (rule: string) => new ValidationError([{ field: 'body', rule }]);

function columnNumber(letters: string): number {
  return [...letters.toUpperCase()].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0);
}

/** The parts, each inflated into no more than the size it declares; refused past the total. */
function unzipBounded(bytes: Uint8Array): Unzipped {
  let declared = 0;
  let parts: Unzipped;
  try {
    parts = unzipSync(bytes, {
      filter: (file) => {
        declared += file.originalSize;
        if (declared > MAX_XLSX_UNZIPPED_BYTES) {
          throw refused(`unzips to more than ${MAX_XLSX_UNZIPPED_BYTES / 1024 / 1024} MB: it is not a register`);
        }
        return true;
      },
    });
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    throw refused(`is not a readable .xlsx workbook (Excel 2007 or later): ${(error as Error).message}`);
  }
  return parts;
}

/** The path of the workbook's first sheet, as workbook.xml and its relationships name it. */
function firstSheetPath(parts: Unzipped): string | undefined {
  const workbook = parts['xl/workbook.xml'];
  const rels = parts['xl/_rels/workbook.xml.rels'];
  if (!workbook || !rels) return undefined;
  const id = /<(?:\w+:)?sheet\b[^>]*\br:id="([^"]+)"/.exec(strFromU8(workbook))?.[1];
  const relation = [...strFromU8(rels).matchAll(/<Relationship\b[^>]*>/g)].map((m) => m[0]).find((r) => r.includes(`Id="${id}"`));
  const target = relation && /Target="([^"]+)"/.exec(relation)?.[1];
  if (!target) return undefined;
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

/** Refuses a first sheet with rows or columns far past a register's. */
function assertRegisterSized(parts: Unzipped): void {
  const path = firstSheetPath(parts);
  const sheet = path ? parts[path] : undefined;
  if (!sheet) return; // the reader names what is missing
  let maxRow = 0;
  let maxColumn = 0;
  let farthest = '';
  // Row and cell references: <row r="12"> and <c r="AB12"> (any number of letters: a hostile file
  // is not bound by Excel's XFD).
  for (const [, letters, digits] of strFromU8(sheet, true).matchAll(/\br="([A-Z]*)(\d+)"/gi)) {
    const row = Number(digits);
    const column = letters ? columnNumber(letters) : 0;
    if (row > maxRow || column > maxColumn) farthest = `${letters}${digits}`;
    maxRow = Math.max(maxRow, row);
    maxColumn = Math.max(maxColumn, column);
  }
  if (maxRow > MAX_XLSX_ROWS) {
    throw refused(
      `its first sheet goes down to row ${maxRow}; a register has at most ${MAX_XLSX_ROWS} rows: split it, or delete what is below the register and save again`,
    );
  }
  if (maxColumn > MAX_XLSX_COLUMNS) {
    throw refused(`its first sheet has something in cell ${farthest}, far right of a register's columns: delete it and save again`);
  }
}

/** The first sheet's cells, row 1 first; a missing row is an empty one, so indexes are row numbers. */
export async function readFirstSheet(bytes: Uint8Array): Promise<TableCell[][]> {
  const parts = unzipBounded(bytes);
  assertRegisterSized(parts);
  try {
    // The parts as read, stored without compression: the reader never inflates the original.
    const checked = zipSync(parts, { level: 0 });
    return (await readSheet(
      checked.buffer.slice(checked.byteOffset, checked.byteOffset + checked.byteLength) as ArrayBuffer,
      1,
    )) as TableCell[][];
  } catch (error) {
    throw refused(`is not a readable .xlsx workbook (Excel 2007 or later): ${(error as Error).message}`);
  }
}

/** An .xlsx workbook → one ImportRow per non-empty data row of its first sheet. */
export async function parseXlsxImport(bytes: Uint8Array, config: CityConfig, options: ImportOptions = {}): Promise<ImportRow[]> {
  return rowsFromTable(await readFirstSheet(bytes), config, options);
}
