/**
 * Reading the kept copy back (saved-store.ts) and checking it (saved-meta.ts) before the dataset opens
 * it: every problem is an UnusableCopy (the copy is there but cannot be used) or a StoreError (the
 * browser's storage failed), so the start can fall back to the sample and say which.
 */
import { ident, type Db } from '../db/types.ts';
import type { InputFile, LoadReport } from '../ingest/report.ts';
import { parseMeta, parseReport, parseTables, type SavedColumn, type SavedMeta } from './saved-meta.ts';
import * as store from './saved-store.ts';

/** Columns as DESCRIBE names them: the same text when a copy is kept and when it is opened again. */
export async function tableColumns(db: Db, table: string): Promise<SavedColumn[]> {
  const rows = await db.query<{ column_name: string; column_type: string }>(`SELECT column_name, column_type FROM (DESCRIBE ${ident(table)})`);
  return rows.map((r) => ({ name: r.column_name, type: r.column_type }));
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
