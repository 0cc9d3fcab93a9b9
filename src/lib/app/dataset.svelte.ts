/**
 * The one DuckDB-WASM database every page shares, and the dataset loaded into it.
 * Started lazily on first use; the first load is the embedded sample city (示例市), bundled with the
 * app (Vite `?url` assets, no network). Pages re-query when `version` changes.
 * Big data never enters `$state` proxies: the report is `$state.raw`, the database a plain field.
 */
import type { Db, Param, Row } from '../db/types.ts';
import type { InputFile, LoadReport } from '../ingest/load.ts';

export type DbStatus = 'idle' | 'starting' | 'loading' | 'ready' | 'error';
export type Source = 'sample' | 'user';

/** The sample city's Parquet files, bundled as static assets (empty until `npm run generate-sample`). */
const SAMPLE_URLS = import.meta.glob('../../../data/sample/*.parquet', {
  query: '?url',
  import: 'default',
  eager: true
}) as Record<string, string>;

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

async function fetchSample(): Promise<InputFile[]> {
  return Promise.all(
    Object.entries(SAMPLE_URLS).map(async ([path, url]) => {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`${baseName(path)}: HTTP ${res.status}`);
      return { name: baseName(path), bytes: new Uint8Array(await res.arrayBuffer()) };
    })
  );
}

async function readFiles(files: File[]): Promise<InputFile[]> {
  return Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
}

/** DuckDB may detach the buffers it is given: hand it copies so a failed load can be retried. */
const copies = (files: InputFile[]) => files.map((f) => ({ name: f.name, bytes: f.bytes.slice() }));

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class Dataset {
  status = $state<DbStatus>('idle');
  source = $state<Source | null>(null);
  report = $state.raw<LoadReport | null>(null);
  /** Bumps after every completed load: pages depending on the data re-run their queries. */
  version = $state(0);
  /** Names of the files behind the current data. */
  fileNames = $state.raw<string[]>([]);
  /** Whether a load or reset is running. */
  busy = $state(false);
  /** Why the database could not start (status 'error'). */
  startError = $state<string | null>(null);
  /** Milliseconds: DuckDB start, last load. */
  timings = $state.raw<{ startMs: number | null; loadMs: number | null }>({ startMs: null, loadMs: null });

  /** The database once started (plain field: never proxied). */
  db: Db | null = null;
  /** Resolves when the database has started and the first dataset is loaded. */
  readonly ready: Promise<Db>;

  #resolveReady!: (db: Db) => void;
  #rejectReady!: (e: unknown) => void;
  #started = false;
  #current: InputFile[] = [];
  #queue: Promise<unknown> = Promise.resolve();

  constructor() {
    this.ready = new Promise<Db>((resolve, reject) => {
      this.#resolveReady = resolve;
      this.#rejectReady = reject;
    });
    this.ready.catch(() => {}); // reported through status/startError; avoid an unhandled rejection
  }

  /** Starts DuckDB and loads the sample; safe to call many times. */
  start(): Promise<Db> {
    if (!this.#started) {
      this.#started = true;
      this.#boot().then(this.#resolveReady, (e) => {
        this.status = 'error';
        this.startError = message(e);
        this.#rejectReady(e);
      });
    }
    return this.ready;
  }

  async #boot(): Promise<Db> {
    this.status = 'starting';
    const t0 = performance.now();
    const { openWasmDb } = await import('../db/wasm.ts');
    this.db = await openWasmDb();
    this.timings = { startMs: Math.round(performance.now() - t0), loadMs: null };
    await this.#load('sample', await fetchSample());
    return this.db;
  }

  /** Runs loads one after another, so two quick clicks cannot interleave table replacement. */
  #serial<T>(job: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(job, job);
    this.#queue = next.catch(() => {});
    return next;
  }

  async #load(source: Source, files: InputFile[]): Promise<LoadReport> {
    const db = this.db!;
    this.status = 'loading';
    this.busy = true;
    const t0 = performance.now();
    try {
      const { loadFiles } = await import('../ingest/load.ts');
      const report = await loadFiles(db, copies(files));
      this.#current = files;
      this.report = report;
      this.source = source;
      this.fileNames = files.map((f) => f.name);
      this.timings = { ...this.timings, loadMs: Math.round(performance.now() - t0) };
      this.version += 1;
      return report;
    } finally {
      this.busy = false;
      this.status = 'ready';
    }
  }

  /**
   * Replaces the data with the user's files. If loading throws (not a validation finding: those are
   * in the report), the previous data is loaded again and the error is rethrown for the page to show.
   */
  async loadUserFiles(files: File[]): Promise<LoadReport> {
    await this.start();
    const inputs = await readFiles(files);
    return this.#serial(async () => {
      const previous = { source: this.source ?? 'sample', files: this.#current };
      try {
        return await this.#load('user', inputs);
      } catch (e) {
        try {
          await this.#load(previous.source, previous.files);
        } catch {
          await this.#load('sample', await fetchSample());
        }
        throw e;
      }
    });
  }

  /** Loads the embedded sample city again. */
  async resetToSample(): Promise<LoadReport> {
    await this.start();
    return this.#serial(async () => this.#load('sample', await fetchSample()));
  }

  /** Convenience for pages: waits for the database, then runs one query with bound parameters. */
  async query<T extends Row = Row>(sql: string, params: Param[] = []): Promise<T[]> {
    const db = await this.start();
    return db.query<T>(sql, params);
  }
}

export const dataset = new Dataset();

declare global {
  interface Window {
    /** Hook for end-to-end tests and for power users in the console. */
    __dashboard?: {
      ready: Promise<unknown>;
      readonly db: Db | null;
      readonly report: LoadReport | null;
      readonly source: Source | null;
      readonly version: number;
      readonly status: DbStatus;
      query: (sql: string, params?: Param[]) => Promise<Row[]>;
    };
  }
}

if (typeof window !== 'undefined') {
  const ready = dataset.ready.then(() => true);
  ready.catch(() => {});
  window.__dashboard = {
    ready,
    get db() {
      return dataset.db;
    },
    get report() {
      return dataset.report;
    },
    get source() {
      return dataset.source;
    },
    get version() {
      return dataset.version;
    },
    get status() {
      return dataset.status;
    },
    query: (sql, params) => dataset.query(sql, params)
  };
}
