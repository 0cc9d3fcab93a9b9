/**
 * The bureau's data kept in this browser (saved-store.ts): the record stored beside the tables, and the
 * checks a stored copy passes before it is opened. Pure, no browser API: the rules are unit-tested.
 *
 * A copy holds the validated canonical tables as Parquet (what the statistician saw, not the original
 * files: opening it skips decoding, header mapping and row checks), the original load report (file names,
 * rows read / loaded / rejected, findings) and this record.
 */
import type { LoadReport } from '../ingest/report.ts';

/**
 * Bump when the stored layout or the meaning of a stored table changes. A copy written in another
 * format is not opened: an older one is removed (it can never open again), a newer one (written by a
 * newer version of the app in this browser) is left alone.
 */
export const SAVED_FORMAT = 1;

export interface SavedColumn {
  name: string;
  type: string;
}

export interface SavedTable {
  table: string;
  rows: number;
  /** Size of the stored Parquet file. */
  bytes: number;
  columns: SavedColumn[];
}

export interface SavedMeta {
  format: number;
  /** Version of the app that wrote the copy (package.json), for notices. */
  app: string;
  /** When the user loaded the files (ISO 8601, UTC). */
  loadedAt: string;
  savedAt: string;
  /** The original files' names, in load order. */
  files: string[];
  /** Tables with rows; a table not listed is empty. */
  tables: SavedTable[];
  /** Opened at start-up. False after 恢复示例数据: the copy is kept but the sample shows. */
  active: boolean;
}

export type MetaCheck =
  | { ok: true; meta: SavedMeta }
  | { ok: false; problem: 'older' | 'newer'; format: number; app: string | null }
  | { ok: false; problem: 'corrupt'; detail: string };

export function makeMeta(input: { app: string; loadedAt: Date; savedAt: Date; files: string[]; tables: SavedTable[] }): SavedMeta {
  return {
    format: SAVED_FORMAT,
    app: input.app,
    loadedAt: input.loadedAt.toISOString(),
    savedAt: input.savedAt.toISOString(),
    files: [...input.files],
    tables: input.tables.map((t) => ({ ...t, columns: t.columns.map((c) => ({ ...c })) })),
    active: true
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isInstant = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v) && !Number.isNaN(Date.parse(v));
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

function tableProblem(t: unknown, i: number): string | null {
  if (!isObject(t) || typeof t.table !== 'string' || !t.table) return `tables[${i}]`;
  if (!isCount(t.rows) || !isCount(t.bytes)) return `tables[${i}] (${t.table}): rows / bytes`;
  if (!Array.isArray(t.columns) || !t.columns.length || !t.columns.every((c) => isObject(c) && typeof c.name === 'string' && typeof c.type === 'string')) {
    return `tables[${i}] (${t.table}): columns`;
  }
  return null;
}

/**
 * Checks a stored record (anything IndexedDB hands back) before any of its tables is read. `current` is
 * the format this version writes (a parameter so the tests can play a later version).
 */
export function parseMeta(value: unknown, current: number = SAVED_FORMAT): MetaCheck {
  if (!isObject(value)) return { ok: false, problem: 'corrupt', detail: 'no record' };
  if (!isCount(value.format) || value.format === 0) return { ok: false, problem: 'corrupt', detail: 'format' };
  const app = typeof value.app === 'string' ? value.app : null;
  if (value.format !== current) return { ok: false, problem: value.format < current ? 'older' : 'newer', format: value.format, app };
  if (app === null) return { ok: false, problem: 'corrupt', detail: 'app' };
  if (!isInstant(value.loadedAt)) return { ok: false, problem: 'corrupt', detail: 'loadedAt' };
  if (!isInstant(value.savedAt)) return { ok: false, problem: 'corrupt', detail: 'savedAt' };
  if (!isStrings(value.files) || !value.files.length) return { ok: false, problem: 'corrupt', detail: 'files' };
  if (typeof value.active !== 'boolean') return { ok: false, problem: 'corrupt', detail: 'active' };
  if (!Array.isArray(value.tables)) return { ok: false, problem: 'corrupt', detail: 'tables' };
  for (const [i, t] of value.tables.entries()) {
    const problem = tableProblem(t, i);
    if (problem) return { ok: false, problem: 'corrupt', detail: problem };
  }
  const names = value.tables.map((t) => (t as SavedTable).table);
  if (new Set(names).size !== names.length) return { ok: false, problem: 'corrupt', detail: 'tables: a table twice' };
  return { ok: true, meta: value as unknown as SavedMeta };
}

/** The stored load report, if it has the shape the /data page reads; null otherwise. */
export function parseReport(value: unknown): LoadReport | null {
  if (!isObject(value)) return null;
  const { files, issues, tables, errorCount, warningCount } = value;
  if (!Array.isArray(files) || !Array.isArray(issues) || !Array.isArray(tables) || !isCount(errorCount) || !isCount(warningCount)) return null;
  const fileOk = (f: unknown) =>
    isObject(f) && typeof f.file === 'string' && isCount(f.rowsRead) && isCount(f.rowsLoaded) && isCount(f.rowsRejected) && Array.isArray(f.columns);
  const issueOk = (i: unknown) =>
    isObject(i) && (i.severity === 'error' || i.severity === 'warning') && typeof i.file === 'string' && isObject(i.message) &&
    typeof i.message.zh === 'string' && typeof i.message.en === 'string';
  const tableOk = (t: unknown) => isObject(t) && typeof t.table === 'string' && isCount(t.rows);
  if (!files.every(fileOk) || !issues.every(issueOk) || !tables.every(tableOk)) return null;
  return value as unknown as LoadReport;
}

/**
 * Compares the tables as opened with what was stored: the same rows, and every stored column with its
 * type (a contract that gained a column since is fine; one that renamed or retyped a column is not).
 * Returns the first difference in words, or null when the copy opened whole.
 */
export function restoredDifference(meta: Pick<SavedMeta, 'tables'>, opened: { table: string; rows: number; columns: SavedColumn[] }[]): string | null {
  const byName = new Map(opened.map((t) => [t.table, t]));
  for (const saved of meta.tables) {
    const now = byName.get(saved.table);
    if (!now) return `${saved.table}: missing`;
    if (now.rows !== saved.rows) return `${saved.table}: ${now.rows} rows, ${saved.rows} saved`;
    const types = new Map(now.columns.map((c) => [c.name, c.type]));
    for (const c of saved.columns) {
      const type = types.get(c.name);
      if (type === undefined) return `${saved.table}.${c.name}: missing`;
      if (type !== c.type) return `${saved.table}.${c.name}: ${type}, ${c.type} saved`;
    }
  }
  const listed = new Set(meta.tables.map((t) => t.table));
  const extra = opened.find((t) => t.rows > 0 && !listed.has(t.table));
  return extra ? `${extra.table}: ${extra.rows} rows, none saved` : null;
}

/** Bytes of all stored tables. */
export const savedBytes = (meta: SavedMeta) => meta.tables.reduce((n, t) => n + t.bytes, 0);

/**
 * The stored Parquet bytes (as IndexedDB hands them back, in the order of `meta.tables`) as files named
 * after their tables, so the ingest recognises each one; a string naming the first missing or truncated
 * table otherwise.
 */
export function parseTables(meta: SavedMeta, values: unknown[]): { name: string; bytes: Uint8Array }[] | string {
  const files: { name: string; bytes: Uint8Array }[] = [];
  for (const [i, t] of meta.tables.entries()) {
    const bytes = values[i];
    if (!(bytes instanceof Uint8Array)) return `${t.table}: missing`;
    if (bytes.length !== t.bytes) return `${t.table}: ${bytes.length} bytes, ${t.bytes} saved`;
    files.push({ name: `${t.table}.parquet`, bytes });
  }
  return files;
}
