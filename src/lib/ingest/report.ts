/** What loading users' files produces: the validation report the /data page and the CLI show. */
import type { TableName } from './contract.ts';

export interface InputFile {
  name: string;
  bytes: Uint8Array;
}

export interface Issue {
  severity: 'error' | 'warning';
  /** File name (and ' › sheet' for XLSX sheets). */
  file: string;
  table: TableName | null;
  /** 1-based row as the user sees it in the file: the header is row 1, the first data row is row 2. */
  row: number | null;
  /** The header as written in the user's file. */
  column: string | null;
  /** The offending raw value. */
  value: string | null;
  code: string;
  message: { zh: string; en: string };
}

export interface FileReport {
  file: string;
  table: TableName | null;
  format: 'csv' | 'xlsx' | 'parquet' | 'arrow';
  encoding?: 'utf-8' | 'gb18030';
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  /** Every column of the file; `target` null = not a contract column, kept as an extra VARCHAR column. */
  columns: { source: string; target: string | null }[];
}

export interface TableSummary {
  table: TableName;
  rows: number;
  periods: { first: string; last: string } | null;
}

export interface LoadReport {
  files: FileReport[];
  issues: Issue[];
  tables: TableSummary[];
  /** Exact numbers of findings (issues beyond the per-file cap included). */
  errorCount: number;
  warningCount: number;
}
