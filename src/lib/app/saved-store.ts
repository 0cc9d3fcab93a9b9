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

const DB_NAME = 'zcdx-saved-data';
const STORE = 'copy';
const META = 'meta';
const REPORT = 'report';
const tableKey = (name: string) => `table:${name}`;

export type StoreErrorKind = 'quota' | 'unavailable' | 'failed';

/** A storage failure, classified for the message the user reads. */
export class StoreError extends Error {
  constructor(readonly kind: StoreErrorKind, message: string) {
    super(message);
    this.name = 'StoreError';
  }
}

function classify(e: unknown): StoreError {
  if (e instanceof StoreError) return e;
  const name = (e as { name?: string } | null)?.name ?? '';
  const message = e instanceof Error || e instanceof DOMException ? e.message : String(e);
  if (name === 'QuotaExceededError' || /quota/i.test(message)) return new StoreError('quota', message || name);
  if (name === 'SecurityError' || name === 'InvalidStateError' || name === 'UnknownError') return new StoreError('unavailable', message || name);
  return new StoreError('failed', message || name || 'IndexedDB error');
}

const request = <T>(r: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });

const done = (tx: IDBTransaction) =>
  new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = (ev) => reject((ev.target as IDBRequest | null)?.error ?? tx.error);
    tx.onabort = () => reject(tx.error ?? new DOMException('transaction aborted', 'AbortError'));
  });

let opening: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    if (typeof indexedDB === 'undefined') return reject(new StoreError('unavailable', 'IndexedDB is not available'));
    const r = indexedDB.open(DB_NAME, 1);
    r.onupgradeneeded = () => r.result.createObjectStore(STORE);
    r.onsuccess = () => {
      const db = r.result;
      // Another tab deleting the database must not wait on this one.
      db.onversionchange = () => {
        db.close();
        opening = null;
      };
      resolve(db);
    };
    r.onerror = () => reject(r.error);
    r.onblocked = () => reject(new StoreError('unavailable', 'IndexedDB is blocked by another tab'));
  }).catch((e) => {
    opening = null;
    throw classify(e);
  });
  return opening;
}

async function run<T>(mode: IDBTransactionMode, job: (store: IDBObjectStore) => Promise<T> | T): Promise<T> {
  try {
    const tx = (await open()).transaction(STORE, mode);
    const finished = done(tx);
    finished.catch(() => {}); // awaited below; a failed request rejects first
    let result: T;
    try {
      result = await job(tx.objectStore(STORE));
    } catch (e) {
      // A request that threw must not let the rest commit (writeCopy's clear() without its puts).
      try {
        tx.abort();
      } catch {
        // already finished or aborted
      }
      throw e;
    }
    await finished;
    return result;
  } catch (e) {
    throw classify(e);
  }
}

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
export function writeCopy(meta: SavedMeta, report: unknown, files: InputFile[]): Promise<void> {
  return run('readwrite', (s) => {
    s.clear();
    s.put(report, REPORT);
    for (const f of files) s.put(f.bytes, tableKey(f.name.replace(/\.parquet$/, '')));
    s.put(meta, META); // last: a record only ever describes tables already written
  });
}

/** Sets whether the copy opens at start-up; returns the record as now stored (undefined: nothing stored). */
export function setActive(active: boolean): Promise<unknown> {
  return run('readwrite', async (s) => {
    const meta = await request(s.get(META));
    if (meta && typeof meta === 'object') {
      const next = { ...meta, active };
      s.put(next, META);
      return next;
    }
    return meta;
  });
}

/** Removes the stored copy. */
export function deleteCopy(): Promise<void> {
  return run('readwrite', (s) => {
    s.clear();
  });
}

/** Asks the browser not to evict the copy under storage pressure (best effort: a browser may say no). */
export async function requestPersistence(): Promise<boolean> {
  try {
    return (await navigator.storage?.persist?.()) ?? false;
  } catch {
    return false;
  }
}
