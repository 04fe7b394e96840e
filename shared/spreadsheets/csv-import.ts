// CSV import: the file's records become a table of text cells, and table-import.ts turns the table
// into sign commands, as it does a workbook's first sheet. Bytes are decoded as UTF-8 or GB18030
// (text-encoding.ts), so a "CSV" saved by Excel on a Chinese Windows reads as it shows there.
import { parse } from 'csv-parse/sync';
import type { CityConfig } from '../domain/city-config';
import { ValidationError } from '../domain/errors';
import { unescapeCsvText } from './cells';
import { rowsFromTable, type ImportOptions, type ImportRow } from './table-import';
import { decodeSpreadsheetText } from './text-encoding';

export { importRows, normalizeDate, toYuan, type ImportOptions, type ImportResult, type ImportRow } from './table-import';

/** A CSV file (its text, or its bytes in UTF-8 or GB18030) → one ImportRow per non-empty data row. */
export function parseImport(csv: string | Uint8Array, config: CityConfig, options: ImportOptions = {}): ImportRow[] {
  const text = typeof csv === 'string' ? csv : decodeSpreadsheetText(csv);
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
