// A register's row as an import reads it, and what importing rows did: the shapes a spreadsheet
// import, a background import's chunks and its results share.
import type { FieldIssue } from './errors';
import type { SignInput } from './project';

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
