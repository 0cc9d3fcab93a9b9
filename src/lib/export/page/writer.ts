/**
 * The page's side of the file writer (writer.worker.ts): the export's rows go to a Web Worker in chunks (each
 * chunk's copy is a short task, with a pause between chunks so the page keeps painting), the worker builds the
 * CSV or XLSX and hands the bytes back. Cancelling terminates the worker at once, even mid-write.
 */
import type { Lang } from '../../format/numbers.ts';
import type { ExportColumn, ExportRow } from '../columns.ts';
import type { ExportStatement } from '../xlsx.ts';

/** The 说明 sheet's statement as sent to the worker (the date as a timestamp). */
export type SentStatement = Omit<ExportStatement, 'generatedAt'> & { generatedAt: number };

export type ToWriter =
  | { type: 'start'; format: 'csv' | 'xlsx'; columns: ExportColumn[]; lang: Lang; statement?: SentStatement; extra?: [string, string | number][] }
  | { type: 'rows'; rows: ExportRow[] }
  | { type: 'end' };

export type FromWriter =
  | { type: 'received'; rows: number }
  | { type: 'writing'; step: 'sheet' | 'zip' }
  | { type: 'done'; bytes: ArrayBuffer }
  | { type: 'error'; message: string };

export interface WriteOptions {
  signal?: AbortSignal;
  /** Rows handed to the worker so far. */
  onSent?: (rows: number) => void;
  /** Rows per message (about 1-2 MB each for flagged rows with their evidence). */
  chunk?: number;
}

const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Plain data (the packages may be reactive proxies, which a worker message cannot carry). */
const plain = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** Builds the file in a worker; rejects with an AbortError when `signal` aborts (the worker is terminated). */
export async function writeInWorker(
  format: 'csv' | 'xlsx',
  columns: ExportColumn[],
  rows: ExportRow[],
  lang: Lang,
  xlsx: { statement: ExportStatement; extra: [string, string | number][] } | null,
  opts: WriteOptions = {}
): Promise<Uint8Array> {
  const worker = new Worker(new URL('./writer.worker.ts', import.meta.url), { type: 'module', name: 'export-writer' });
  const aborted = () => new DOMException('cancelled', 'AbortError');
  let fail: (e: unknown) => void = () => {};
  const result = new Promise<Uint8Array>((resolve, reject) => {
    fail = reject;
    worker.onmessage = (e: MessageEvent<FromWriter>) => {
      const m = e.data;
      if (m.type === 'done') resolve(new Uint8Array(m.bytes));
      else if (m.type === 'error') reject(new Error(m.message));
    };
    worker.onerror = (e) => reject(new Error(e.message || 'export worker failed'));
  });
  result.catch(() => {}); // awaited below, or abandoned when cancelled before the end
  const onAbort = () => {
    worker.terminate();
    fail(aborted());
  };
  opts.signal?.addEventListener('abort', onAbort);
  try {
    if (opts.signal?.aborted) throw aborted();
    const statement = xlsx ? { ...plain({ ...xlsx.statement, generatedAt: undefined }), generatedAt: xlsx.statement.generatedAt.getTime() } : undefined;
    worker.postMessage({ type: 'start', format, columns: plain(columns), lang, statement, extra: xlsx ? plain(xlsx.extra) : undefined } satisfies ToWriter);
    const size = opts.chunk ?? 5000;
    for (let i = 0; i < rows.length; i += size) {
      if (opts.signal?.aborted) throw aborted();
      worker.postMessage({ type: 'rows', rows: rows.slice(i, i + size) } satisfies ToWriter);
      opts.onSent?.(Math.min(rows.length, i + size));
      await pause();
    }
    worker.postMessage({ type: 'end' } satisfies ToWriter);
    return await result;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    worker.terminate();
  }
}
