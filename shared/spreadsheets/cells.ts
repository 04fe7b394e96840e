// What a cell holds, in and out. In: cells as a spreadsheet stores them (text, numbers, dates),
// read the way the cell shows them. Out: text written so that no spreadsheet program runs it as a
// formula (CSV and formula injection, OWASP): a project named =HYPERLINK(...) stays a name.

/** A cell as read from CSV (always text) or a workbook (text, number, boolean, date, empty). */
export type TableCell = string | number | boolean | Date | null | undefined;

/** Excel keeps 15 significant digits; a number cell holds no more than that of what was typed. */
const EXCEL_DIGITS = 15;

/**
 * A number as plain decimal text, the way the cell shows it in General format: 20250001 (also
 * stored as 2.0250001E7) is "20250001", never "20250001.0" or "2.0250001e7"; 0.07 is "0.07", and
 * binary floating-point noise below Excel's 15 digits (0.1 + 0.2) is dropped.
 */
export function numberText(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isSafeInteger(value)) return String(value);
  const [digits, exponentText] = value.toPrecision(EXCEL_DIGITS).split('e');
  const negative = digits!.startsWith('-');
  const [whole, fraction = ''] = digits!.replace('-', '').split('.');
  // Shift the decimal point by the exponent, in text, so no digit is invented or lost.
  const exponent = Number(exponentText ?? 0);
  const allDigits = whole! + fraction;
  const pointAt = whole!.length + exponent;
  let text: string;
  if (pointAt <= 0) text = `0.${'0'.repeat(-pointAt)}${allDigits}`;
  else if (pointAt >= allDigits.length) text = allDigits + '0'.repeat(pointAt - allDigits.length);
  else text = `${allDigits.slice(0, pointAt)}.${allDigits.slice(pointAt)}`;
  if (text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '');
  text = text.replace(/^0+(?=\d)/, '');
  return negative && text !== '0' ? `-${text}` : text;
}

/**
 * Integer units (yuan, dollars) as exact decimal text in a larger unit, at least two decimals:
 * (1234567891, 10^8) → "12.34567891" (亿元), (30000000, 10^4) → "3000.00" (万美元). No floating point.
 */
export function scaledText(units: number, per: bigint): string {
  const value = BigInt(units);
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  const decimals = per.toString().length - 1;
  const fraction = decimals === 0 ? '' : (abs % per).toString().padStart(decimals, '0').replace(/0+$/, '');
  return `${sign}${abs / per}.${fraction.padEnd(2, '0')}`;
}

/**
 * Integer units in a larger unit rounded half up to two decimals, exactly, as a number cell's value:
 * (100500000, 10^8) → 1.01 (亿元; 100500000 / 1e8 * 100 is 100.49999… in floating point).
 */
export function roundedTo2(units: number, per: bigint): number {
  const value = BigInt(units);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const hundredths = (abs * 200n + per) / (2n * per);
  const rounded = Number(hundredths) / 100;
  return negative ? -rounded : rounded;
}

/** Excel's serial day number of 1970-01-01 (the 1900 date system; valid from 1900-03-01, serial 61). */
const SERIAL_OF_UNIX_EPOCH = 25_569;
const FIRST_SERIAL = 61;
/** 9999-12-31, the last date Excel has, is serial 2958465. */
const LAST_SERIAL = 2_958_465;
const DAY_MS = 86_400_000;

/** Whether a number can be an Excel date serial (1900-03-01 to 9999-12-31, time of day allowed). */
export function isDateSerial(value: number): boolean {
  return value >= FIRST_SERIAL && value < LAST_SERIAL + 1;
}

/** The calendar date an Excel serial shows: 45726 (or 45726.75, a time that day) is 2025-03-10. */
export function dateOfSerial(serial: number): string {
  // To the nearest second first, as Excel displays it: 45727 − 1e-11 is still 45727.
  const seconds = Math.round((serial - SERIAL_OF_UNIX_EPOCH) * 86_400);
  return new Date(Math.floor((seconds * 1000) / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The calendar date a date cell shows. Workbook readers (read-excel-file, exceljs) give a date
 * cell's wall-clock value as if it were UTC, so the UTC fields are the cell's own: reading them in
 * the server's or the city's time zone would move dates by a day.
 */
export function dateOfDateCell(value: Date): string {
  const ms = Math.round(value.getTime() / 1000) * 1000;
  return new Date(ms).toISOString().slice(0, 10);
}

/** A calendar date (YYYY-MM-DD) as the Date value a workbook writer stores for that day. */
export function dateCellOf(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

/** Text as a cell shows it: a number without exponent or ".0", a date as YYYY-MM-DD. */
export function cellText(cell: TableCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return cell.trim();
  if (typeof cell === 'number') return numberText(cell);
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : dateOfDateCell(cell);
  return cell ? 'TRUE' : 'FALSE';
}

export function isEmptyCell(cell: TableCell): boolean {
  return cellText(cell) === '';
}

/**
 * At most `max` characters of a cell's text, for a message: longer text is cut and ends in "…", so
 * a 600 KB cell does not make a 600 KB error (results are stored in items of at most 400 KB).
 * Characters, not UTF-16 units: a character outside the BMP is never cut in half.
 */
export function excerpt(text: string, max: number): string {
  if (text.length <= max) return text;
  // max characters take at most 2 × max units; only that much of the text is split.
  const characters = Array.from(text.slice(0, 2 * max + 1));
  return characters.length <= max ? text : `${characters.slice(0, max).join('')}…`;
}

/** How a rule quotes a cell's text: at most 40 characters. */
export const QUOTED_CELL_CHARACTERS = 40;

// ---- formula injection ------------------------------------------------------------------------

/** What makes Excel, LibreOffice or Sheets read a text as a formula (or run DDE) when it opens it. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function startsLikeFormula(text: string): boolean {
  return FORMULA_START.test(text);
}

/**
 * A text field for CSV: a leading single quote where the text could start a formula (OWASP's
 * advice; the quote shows, but the cell is text), then quoted as RFC 4180 says where needed.
 */
export function csvTextField(text: string): string {
  return csvField(startsLikeFormula(text) ? `'${text}` : text);
}

/** A field quoted where it holds a comma, a quote, a line break or edge spaces. */
export function csvField(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Undoes csvTextField's quote on import, so an exported CSV imports back to the same names. */
export function unescapeCsvText(text: string): string {
  return text.startsWith("'") && startsLikeFormula(text.slice(1)) ? text.slice(1) : text;
}

/**
 * A text cell for write-excel-file: always a string cell (a shared string, `t="s"`), which no
 * spreadsheet program evaluates; only a cell typed 'Formula' is written as one, and none is.
 */
export function xlsxTextCell(text: string): { value: string; type: StringConstructor } {
  return { value: text, type: String };
}
