// CSV import: the file's records become a table of text cells, and table-import.ts turns the table
// into sign commands, as it does a workbook's first sheet. Bytes are decoded as UTF-8 or GB18030
// (text-encoding.ts), so a "CSV" saved by Excel on a Chinese Windows reads as it shows there.
import { parse } from 'csv-parse/sync';
import type { CityConfig } from '../domain/city-config';
import { ValidationError } from '../domain/errors';
import { MAX_REGISTER_LINES, MAX_REGISTER_ROWS } from '../domain/register-row';
import { unescapeCsvText } from './cells';
import { rowsFromTable, type ImportOptions, type ImportRow } from './table-import';
import { decodeSpreadsheetText } from './text-encoding';

export { importRows, normalizeDate, toYuan, type ImportOptions, type ImportResult, type ImportRow } from './table-import';

/**
 * Lines are counted before parsing: 4 MB of 2 million tiny rows (or 4 million empty lines) kept
 * csv-parse busy for minutes before any row limit applied.
 */
export const MAX_CSV_LINES = MAX_REGISTER_LINES;

/** Lines of the text: line breaks (\r\n, \n, or a lone \r) plus a last line that has none. O(n), no allocation. */
function lineCount(text: string): number {
  let breaks = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10) breaks++;
    else if (code === 13 && text.charCodeAt(i + 1) !== 10) breaks++;
  }
  const last = text.charCodeAt(text.length - 1);
  return last === 10 || last === 13 || text.length === 0 ? breaks : breaks + 1;
}

const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+$)/g, ',');

/** A CSV file (its text, or its bytes in UTF-8 or GB18030) → one ImportRow per non-empty data row. */
export function parseImport(csv: string | Uint8Array, config: CityConfig, options: ImportOptions = {}): ImportRow[] {
  const text = typeof csv === 'string' ? csv : decodeSpreadsheetText(csv);
  const lines = lineCount(text);
  if (lines > MAX_CSV_LINES) {
    throw new ValidationError([
      {
        field: 'body',
        rule: `has ${thousands(lines)} lines; a register has at most ${thousands(MAX_REGISTER_ROWS)} rows: split it into files of at most ${thousands(MAX_REGISTER_ROWS)} rows`,
      },
    ]);
  }
  let records: string[][];
  try {
    // Empty lines are kept (and skipped later) so that each record's index is its row number.
    records = parse(text, { bom: true, skip_empty_lines: false, relax_column_count: true, trim: true });
  } catch (error) {
    throw new ValidationError([{ field: 'body', rule: `is not readable CSV: ${(error as Error).message}` }]);
  }
  return rowsFromTable(
    records.map((record) => record.map(unescapeCsvText)),
    config,
    options,
  );
}
