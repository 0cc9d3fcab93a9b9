/**
 * The IndexedDB plumbing of what this browser keeps (the bureau's data, the planners' scenarios): one
 * database with one object store each, opened once, every operation one transaction that either commits
 * whole or leaves the store as it was, and failures classified for the message the user reads.
 */
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

export const request = <T>(r: IDBRequest<T>) =>
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

export type Run = <T>(mode: IDBTransactionMode, job: (store: IDBObjectStore) => Promise<T> | T) => Promise<T>;

/** Runs jobs in transactions on the object store `store` of database `name` (created at `version` if missing). */
export function objectStore(name: string, version: number, store: string): Run {
  let opening: Promise<IDBDatabase> | null = null;
  const open = () =>
    (opening ??= new Promise<IDBDatabase>((resolve, reject) => {
      if (typeof indexedDB === 'undefined') return reject(new StoreError('unavailable', 'IndexedDB is not available'));
      const r = indexedDB.open(name, version);
      r.onupgradeneeded = () => {
        if (!r.result.objectStoreNames.contains(store)) r.result.createObjectStore(store);
      };
      r.onsuccess = () => {
        const db = r.result;
        // Another tab upgrading or deleting the database must not wait on this one.
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
    }));

  return async (mode, job) => {
    try {
      const tx = (await open()).transaction(store, mode);
      const finished = done(tx);
      finished.catch(() => {}); // awaited below; a failed request rejects first
      let result;
      try {
        result = await job(tx.objectStore(store));
      } catch (e) {
        // A request that threw must not let the rest commit (e.g. a clear() without its puts).
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
  };
}
