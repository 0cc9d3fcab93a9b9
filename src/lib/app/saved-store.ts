/**
 * One copy of the bureau's data kept in this browser's IndexedDB (nothing leaves the machine).
 *
 * Why IndexedDB and not the origin-private file system: a copy is several files (one Parquet per table,
 * the load report, the record) and IndexedDB writes them in one transaction, so a full disk or a closed
 * tab leaves the previous copy whole instead of half replaced; it also works in the older Chromium-based
 * browsers of government intranets. Speed is no reason either way here: for a city (1.6 MB of Parquet)
 * both write in 15-70 ms and read in 8-25 ms (measured in headless Chromium 156 on this machine).
 *
 * Keys: 'meta' (SavedMeta), 'report' (LoadReport), 'table:<name>' (Parquet bytes).
 */
import type { InputFile } from '../ingest/report.ts';
import type { SavedMeta } from './saved-meta.ts';
import { objectStore, request } from './idb.ts';
import { announce } from './cross-tab.ts';

const DB_NAME = 'zcdx-saved-data';
const STORE = 'copy';
const META = 'meta';
const REPORT = 'report';
const tableKey = (name: string) => `table:${name}`;

export { StoreError, type StoreErrorKind } from './idb.ts';

const run = objectStore(DB_NAME, 1, STORE);

/** The stored record as found (unchecked: see parseMeta), or undefined when nothing is stored. */
export function readMeta(): Promise<unknown> {
  return run('readonly', (s) => request(s.get(META)));
}

/** The stored report and the stored value of every table the record lists, in its order (unchecked: see saved-meta.ts). */
export function readCopy(meta: SavedMeta): Promise<{ report: unknown; tables: unknown[] }> {
  return run('readonly', async (s) => {
    const [report, ...tables] = await Promise.all([request(s.get(REPORT)), ...meta.tables.map((t) => request(s.get(tableKey(t.table))))]);
    return { report, tables };
  });
}

/** Replaces the stored copy, all or nothing: on any failure the previous copy is left as it was. */
export async function writeCopy(meta: SavedMeta, report: unknown, files: InputFile[]): Promise<void> {
  await run('readwrite', (s) => {
    s.clear();
    s.put(report, REPORT);
    for (const f of files) s.put(f.bytes, tableKey(f.name.replace(/\.parquet$/, '')));
    s.put(meta, META); // last: a record only ever describes tables already written
  });
  announce({ kind: 'data', action: 'replaced', files: meta.files.length, loadedAt: meta.loadedAt });
}

/** Sets whether the copy opens at start-up; returns the record as now stored (undefined: nothing stored). */
export async function setActive(active: boolean): Promise<unknown> {
  const stored = await run('readwrite', async (s) => {
    const meta = await request(s.get(META));
    if (meta && typeof meta === 'object') {
      const next = { ...meta, active };
      s.put(next, META);
      return next;
    }
    return meta;
  });
  announce({ kind: 'data', action: 'active' });
  return stored;
}

/** Removes the stored copy. */
export async function deleteCopy(): Promise<void> {
  await run('readwrite', (s) => {
    s.clear();
  });
  announce({ kind: 'data', action: 'forgotten' });
}

/** Asks the browser not to evict the copy under storage pressure (best effort: a browser may say no). */
export async function requestPersistence(): Promise<boolean> {
  try {
    return (await navigator.storage?.persist?.()) ?? false;
  } catch {
    return false;
  }
}
