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
  /**
   * Rows below the header that are not data (合计 / 小计 totals, 注： notes), left out and listed in
   * `LoadReport.leftOut`: rowsRead = rowsLoaded + rowsRejected + rowsLeftOut. Absent in reports saved
   * before it existed (read as 0).
   */
  rowsLeftOut?: number;
  /** Field separator of a text file when it is not a comma (tab, ';', '|'). */
  delimiter?: string;
  /** Every column of the file; `target` null = not a contract column, kept as an extra VARCHAR column. */
  columns: { source: string; target: string | null }[];
}

export interface TableSummary {
  table: TableName;
  rows: number;
  periods: { first: string; last: string } | null;
}

/**
 * A row that is not data and was left out: not an error and not a warning, a 说明 (note) of what was
 * read. `title`: above the header (titles, 单位：万元); `total`: 合计 / 总计 / 小计 rows; `note`: 注：, 数据来源：…
 */
export interface LeftOut {
  file: string;
  table: TableName | null;
  /** Row as the spreadsheet numbers it. */
  row: number;
  kind: 'title' | 'total' | 'note';
  /** The row's text (its filled cells). */
  text: string;
  message: { zh: string; en: string };
}

export interface LoadReport {
  files: FileReport[];
  issues: Issue[];
  tables: TableSummary[];
  /** Exact numbers of findings (issues beyond the per-file cap included). */
  errorCount: number;
  warningCount: number;
  /** Rows left out (titles, totals, notes), up to 200 per file and kind; absent in older saved reports. */
  leftOut?: LeftOut[];
  /** Exact number of rows left out below the headers (totals and notes; titles are not rows read). */
  leftOutCount?: number;
}

/** Where a load is: `done` of `total` steps (a file read, a table checked, the summary), the next one named. */
export interface LoadProgress {
  step: 'read' | 'check' | 'summary';
  /** The file read or the table checked next. */
  name: string;
  done: number;
  total: number;
}

export interface LoadOptions {
  onProgress?: (p: LoadProgress) => void;
  /** Stops the load before its next step (it rejects with the signal's reason); the tables are then incomplete. */
  signal?: AbortSignal;
}
