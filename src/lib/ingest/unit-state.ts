/** What the ingest knows of one file (or sheet) while it loads: its report, issues, raw table and columns. */
import type { Issue, FileReport } from './report.ts';
import type { TableMatch } from './headers.ts';
import type { FileUnit, LeftOutRow } from './read-file.ts';
import type { ExtraColumn, MappedColumn } from './unit-plan.ts';

export interface UnitState {
  index: number;
  unit: FileUnit;
  report: FileReport;
  /** Issues with their place in the report: file-level first, then by row, then "N more rows" lines. */
  issues: { issue: Issue; order: number }[];
  counts: { error: number; warning: number };
  raw: string;
  src: string;
  match: TableMatch | null;
  /** Column names and row count of the raw table as DuckDB read it. */
  rawColumns: string[];
  rawRows: number;
  /** Left-out rows listed (up to ISSUE_CAP), and how many rows below the header were left out. */
  leftOut: LeftOutRow[];
  leftOutCount: number;
  /** Whether the file's rows can go into its table (a table was found and no required column is missing). */
  loadable: boolean;
  mapped: MappedColumn[];
  extras: ExtraColumn[];
}

/** The state of a unit just read: nothing matched or loaded yet; the reader's left-out title rows counted out. */
export function newUnitState(unit: FileUnit, index: number): UnitState {
  return {
    index,
    unit,
    report: {
      file: unit.name,
      table: null,
      format: unit.format,
      ...(unit.encoding ? { encoding: unit.encoding } : {}),
      rowsRead: 0,
      rowsLoaded: 0,
      rowsRejected: 0,
      rowsLeftOut: 0,
      ...(unit.delimiter ? { delimiter: unit.delimiter } : {}),
      columns: []
    },
    issues: [],
    counts: { error: 0, warning: 0 },
    raw: `__ingest_raw_${index}`,
    src: `__ingest_src_${index}`,
    match: null,
    rawColumns: [],
    rawRows: 0,
    leftOut: [...unit.leftOut],
    leftOutCount: unit.leftOut.filter((l) => l.kind !== 'title').length,
    loadable: false,
    mapped: [],
    extras: []
  };
}
