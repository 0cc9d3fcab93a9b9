/**
 * The files of the export page, built with the library the CLI uses (rows.ts, csv.ts, xlsx.ts, parquet.ts,
 * notice.ts, names.ts). Rows are read one package at a time, so a large export reports progress and can be
 * cancelled between parts; the queries run in DuckDB's worker, and the CSV and XLSX are written in a worker of
 * their own (writer.ts), so the page stays responsive meanwhile (cancelling stops that worker at once).
 */
import type { Db } from '../../db/types.ts';
import type { Lang } from '../../format/numbers.ts';
import type { ExportRow } from '../columns.ts';
import { exportFileName } from '../names.ts';
import { noticeLists, splitByDistrict, type Notice } from '../notice.ts';
import { parquetBytes } from '../parquet.ts';
import { countFlaggedRows, filteredPackages, flaggedColumns, flaggedRows, type ExportFilter } from '../rows.ts';
import { noticeXlsx, type ExportStatement } from '../xlsx.ts';
import type { ExportSource } from './source.ts';
import { writeInWorker } from './writer.ts';

export type FlaggedFormat = 'csv' | 'xlsx' | 'parquet';
export type FileKind = FlaggedFormat | 'notice' | 'district';

export interface Progress {
  part: number;
  parts: number;
  rows: number;
  phase: 'rows' | 'hash' | 'write';
  /** While writing in the worker: rows handed to it so far (of `rows`). */
  sent?: number;
}

export interface RunOptions {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

export class Cancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

const check = (signal?: AbortSignal) => {
  if (signal?.aborted) throw new Cancelled();
};

/** Lets the browser paint the progress line between parts. */
const yieldToPage = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * The flagged rows of the filter, one (package, clause) at a time: the order flaggedRows gives for all at once
 * (package, then clause in the package's order, then award and firm), in parts small enough that turning each
 * part's result into rows (on the page's thread) stays a short task, with a pause between parts.
 */
/** Rows up to which a package is read in one part (about a second of work on the page's thread, on a slow PC). */
const PART_ROWS = 5000;

export async function collectFlagged(db: Db, source: ExportSource, filter: ExportFilter, lang: Lang, opts: RunOptions = {}): Promise<ExportRow[]> {
  const [clausePkg, clauseId] = filter.clause?.includes(':') ? filter.clause.split(':') : [null, null];
  const opt = { scenario: source.scenario, awards: source.awards };
  const parts: { pkg: string; clause: string | undefined }[] = [];
  for (const p of filteredPackages(source.packages, filter).filter((p) => !clausePkg || p.id === clausePkg)) {
    // a package of a few thousand rows is one part (each part's query has a fixed cost); a larger one goes clause by clause
    const n = clauseId ? 0 : await countFlaggedRows(db, source.packages, { ...filter, packages: [p.id] }, opt);
    if (n <= PART_ROWS) parts.push({ pkg: p.id, clause: filter.clause });
    else for (const c of p.clauses) parts.push({ pkg: p.id, clause: `${p.id}:${c.id}` });
  }
  const rows: ExportRow[] = [];
  for (const [i, part] of parts.entries()) {
    check(opts.signal);
    opts.onProgress?.({ part: i + 1, parts: parts.length, rows: rows.length, phase: 'rows' });
    await yieldToPage();
    const chunk = await flaggedRows(db, source.packages, { ...filter, packages: [part.pkg], clause: part.clause }, { ...opt, lang });
    for (const r of chunk) rows.push(r);
  }
  check(opts.signal);
  return rows;
}

export interface BuiltFile {
  name: string;
  bytes: Uint8Array;
  mime: string;
  rows: number;
}

const MIME: Record<FlaggedFormat, string> = {
  csv: 'text/csv;charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  parquet: 'application/vnd.apache.parquet'
};

/** The file name of an export: kind, packages, scenario (or 基线) and period (names.ts). */
export function fileNameOf(kind: FileKind, source: ExportSource, filter: ExportFilter): string {
  const chosen = filteredPackages(source.packages, filter);
  if (kind === 'notice') return exportFileName('公示名单', chosen, source.name, 'xlsx');
  if (kind === 'district') return exportFileName('属地推荐清单', chosen, source.name, 'xlsx');
  return exportFileName('兑现企业清单', chosen, source.name, kind);
}

/**
 * The flagged-firm file. `statement` is asked for only for XLSX (computing the input's hash can take a
 * moment): the 说明 sheet first, with `extra` lines, the export's rows and total, then the list.
 */
export async function flaggedFile(
  db: Db,
  format: FlaggedFormat,
  source: ExportSource,
  filter: ExportFilter,
  lang: Lang,
  statement: () => Promise<{ statement: ExportStatement; extra: [string, string][] }>,
  opts: RunOptions = {}
): Promise<BuiltFile> {
  const rows = await collectFlagged(db, source, filter, lang, opts);
  const columns = flaggedColumns(filter);
  const name = fileNameOf(format, source, filter);
  let bytes: Uint8Array;
  if (format === 'parquet') {
    opts.onProgress?.({ part: 1, parts: 1, rows: rows.length, phase: 'write' });
    bytes = await parquetBytes(db, columns, rows);
  } else {
    // CSV and XLSX are built in a Web Worker (writer.ts): exceljs on 230,000 rows would freeze the page for seconds
    let xlsx: { statement: ExportStatement; extra: [string, string | number][] } | null = null;
    if (format === 'xlsx') {
      opts.onProgress?.({ part: 1, parts: 1, rows: rows.length, phase: 'hash' });
      xlsx = await statement();
      check(opts.signal);
    }
    opts.onProgress?.({ part: 1, parts: 1, rows: rows.length, phase: 'write', sent: 0 });
    try {
      bytes = await writeInWorker(format, columns, rows, lang, xlsx, {
        signal: opts.signal,
        onSent: (sent) => opts.onProgress?.({ part: 1, parts: 1, rows: rows.length, phase: 'write', sent })
      });
    } catch (e) {
      if (opts.signal?.aborted) throw new Cancelled();
      throw e;
    }
  }
  check(opts.signal);
  return { name, bytes, mime: MIME[format], rows: rows.length };
}

/** The 公示名单 of the filter's packages (paid rows only; the status filter does not apply). */
export function notices(db: Db, source: ExportSource, filter: ExportFilter): Promise<Notice[]> {
  return noticeLists(db, source.packages, filter, { scenario: source.scenario, awards: source.awards });
}

/** The 属地推荐清单: each package's notice split by district, a sheet each (`<district>_<package>` with several packages). */
export function districtNotices(list: Notice[]): Notice[] {
  return list.flatMap((n) => splitByDistrict(n).map((d) => ({ ...d, sheet: list.length > 1 ? `${d.sheet}_${n.sheet}` : d.sheet })));
}

export async function noticeFile(db: Db, kind: 'notice' | 'district', source: ExportSource, filter: ExportFilter): Promise<BuiltFile> {
  const list = await notices(db, source, filter);
  const sheets = kind === 'district' ? districtNotices(list) : list;
  const bytes = await noticeXlsx(sheets);
  return { name: fileNameOf(kind, source, filter), bytes, mime: MIME.xlsx, rows: sheets.reduce((n, s) => n + s.rows.length, 0) };
}
