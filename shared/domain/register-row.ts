// A register's row as an import reads it, and what importing rows did: the shapes a spreadsheet
// import, a background import's chunks and its results share.
import type { FieldIssue } from './errors';
import type { SignInput } from './project';

/** The rows a register has at most, whichever way it comes in: what an export and the year's report hold. */
export const MAX_REGISTER_ROWS = 20_000;
/**
 * The lines (CSV) or sheet rows (.xlsx) a register may take: its rows, plus title rows, the header
 * and blank lines, and line breaks inside quoted cells. Checked before a file is parsed.
 */
export const MAX_REGISTER_LINES = MAX_REGISTER_ROWS + 1_000;

export interface ImportRow {
  /** The spreadsheet row number (1-based, as the spreadsheet program shows it). */
  row: number;
  projectId?: string;
  command?: SignInput;
  errors?: FieldIssue[];
}

export interface ImportResult {
  created: { row: number; projectId: string }[];
  unchanged: { row: number; projectId: string }[];
  failed: { row: number; projectId?: string; errors: FieldIssue[] }[];
}
