/**
 * Reading the kept copy back (saved-store.ts) and checking it (saved-meta.ts) before the dataset opens
 * it: every problem is an UnusableCopy (the copy is there but cannot be used) or a StoreError (the
 * browser's storage failed), so the start can fall back to the sample and say which.
 */
import { compact, ident, literal, type Db } from '../db/types.ts';
import { useStorageFor } from '../db/storage.ts';
import { TABLES, createTableSql } from '../ingest/contract.ts';
import type { InputFile, LoadReport } from '../ingest/report.ts';
import { parseMeta, parseReport, parseTables, restoredDifference, type SavedColumn, type SavedMeta } from './saved-meta.ts';
import * as store from './saved-store.ts';
import { copies } from './input-files.ts';

/** Columns of each of the tables as DuckDB names their types (the same text when a copy is kept and when it is opened again), in one statement. */
async function columnsOf(db: Db, tables: string[]): Promise<Map<string, SavedColumn[]>> {
  const rows = await db.query<{ t: string; name: string; type: string }>(
    `SELECT table_name AS t, column_name AS name, data_type AS type FROM duckdb_columns()
     WHERE database_name = current_database() AND schema_name = current_schema() AND table_name IN (${tables.map(literal).join(', ')})
     ORDER BY table_name, column_index`
  );
  const by = new Map<string, SavedColumn[]>(tables.map((t) => [t, []]));
  for (const r of rows) by.get(r.t)!.push({ name: r.name, type: r.type });
  return by;
}

export async function tableColumns(db: Db, table: string): Promise<SavedColumn[]> {
  return (await columnsOf(db, [table])).get(table)!;
}

/** The tables with their rows and columns, in two statements (each one costs the start time in the browser). */
async function described(db: Db, tables: string[]): Promise<{ table: string; rows: number; columns: SavedColumn[] }[]> {
  const counts = await db.query<{ t: string; n: number }>(tables.map((t) => `SELECT ${literal(t)} AS t, count(*)::DOUBLE AS n FROM ${ident(t)}`).join(' UNION ALL '));
  const columns = await columnsOf(db, tables);
  return counts.map((c) => ({ table: c.t, rows: Number(c.n), columns: columns.get(c.t)! }));
}

/** The copy of the user's data kept in this browser. */
export interface SavedState {
  /** The copy as stored (null: none, or it could not be read). */
  meta: SavedMeta | null;
  /** The last attempt to keep a user load: saving, saved, failed (see error), skipped (no row was loaded). */
  status: 'idle' | 'saving' | 'saved' | 'failed' | 'skipped';
  /** The last storage failure, and what was being done. */
  error: { kind: store.StoreErrorKind; message: string; during: 'save' | 'update' } | null;
}

/** Why the start did not open the kept copy (the sample shows instead). */
export interface StartNotice {
  problem: 'older' | 'newer' | 'corrupt' | 'storage';
  detail: string;
  /** Whether the copy was removed (it could never open again). */
  removed: boolean;
}

/** A kept copy that is there but cannot be used. */
export class UnusableCopy extends Error {
  constructor(readonly problem: 'older' | 'newer' | 'corrupt', detail: string) {
    super(detail);
  }
}

/** Reads and checks the kept copy's record; throws UnusableCopy or StoreError. */
export async function readSavedMeta(): Promise<SavedMeta | null> {
  const raw = await store.readMeta();
  if (raw === undefined) return null;
  const check = parseMeta(raw);
  if (check.ok) return check.meta;
  if (check.problem === 'corrupt') throw new UnusableCopy('corrupt', check.detail);
  throw new UnusableCopy(check.problem, `format ${check.format}${check.app ? `, app ${check.app}` : ''}`);
}

/** Reads and checks the kept copy's report and tables; throws UnusableCopy or StoreError. */
export async function readSavedCopy(meta: SavedMeta): Promise<{ report: LoadReport; files: InputFile[] }> {
  const raw = await store.readCopy(meta);
  const report = parseReport(raw.report);
  if (!report) throw new UnusableCopy('corrupt', 'report');
  const files = parseTables(meta, raw.tables);
  if (typeof files === 'string') throw new UnusableCopy('corrupt', files);
  return { report, files };
}

/** How a kept copy opened: as it was stored, or through the ingest's checks (see openCopy). */
export type CopyOpened = 'as-stored' | 'checked';

/**
 * Opens a kept copy into the canonical tables. Its rows passed every check when the user loaded them, so each
 * stored Parquet file becomes its table as it is and the tables it does not hold are created empty (at city size
 * 0.1-0.3 s instead of the load's 1.5 s). Only when the tables then differ from the record is the copy loaded
 * through the ingest like any file; a difference that remains makes it unusable (UnusableCopy).
 */
export async function openCopy(db: Db, meta: Pick<SavedMeta, 'tables'>, files: InputFile[]): Promise<CopyOpened> {
  await useStorageFor(db, files);
  try {
    for (const spec of TABLES) {
      const i = meta.tables.findIndex((t) => t.table === spec.name);
      // Parquet bytes are decoded, never detached: no copy needed
      if (i >= 0) await db.loadParquet(spec.name, files[i].bytes);
      else await db.exec(createTableSql(spec));
    }
    if (!restoredDifference(meta, await described(db, TABLES.map((t) => t.name)))) {
      await compact(db);
      return 'as-stored';
    }
  } catch {
    // read through the ingest below, which names what is wrong
  }
  const { loadFiles } = await import('../ingest/load.ts');
  const report = await loadFiles(db, copies(files));
  const difference = restoredDifference(meta, await described(db, report.tables.map((t) => t.table)));
  if (difference) throw new UnusableCopy('corrupt', difference);
  return 'checked';
}
