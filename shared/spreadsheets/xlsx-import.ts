// .xlsx import: the workbook's first sheet, read by read-excel-file (small enough for a Lambda
// bundle, unlike exceljs; its universal build, without Node's stream unzipper), becomes the same table of cells a CSV does, and table-import.ts turns it
// into sign commands. Cells keep what Excel stored: text, numbers, dates (as UTC wall-clock Dates).
import { readSheet } from 'read-excel-file/universal';
import type { CityConfig } from '../domain/city-config';
import { ValidationError } from '../domain/errors';
import { rowsFromTable, type ImportOptions, type ImportRow, type TableCell } from './table-import';

/** The first sheet's cells, row 1 first; a missing row is an empty one, so indexes are row numbers. */
export async function readFirstSheet(bytes: Uint8Array): Promise<TableCell[][]> {
  try {
    // The universal build takes an ArrayBuffer, and unzips with fflate, which writing also uses.
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    return (await readSheet(buffer, 1)) as TableCell[][];
  } catch (error) {
    throw new ValidationError([
      { field: 'body', rule: `is not a readable .xlsx workbook (Excel 2007 or later): ${(error as Error).message}` },
    ]);
  }
}

/** An .xlsx workbook → one ImportRow per non-empty data row of its first sheet. */
export async function parseXlsxImport(bytes: Uint8Array, config: CityConfig, options: ImportOptions = {}): Promise<ImportRow[]> {
  return rowsFromTable(await readFirstSheet(bytes), config, options);
}
