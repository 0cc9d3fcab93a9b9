import * as duckdb from '@duckdb/duckdb-wasm';
import type { AsyncDuckDB, AsyncDuckDBConnection, AsyncPreparedStatement } from '@duckdb/duckdb-wasm';
import { Table, tableToIPC, type RecordBatch } from 'apache-arrow';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import { COMPACT_ABOVE_BYTES, SESSION_SETTINGS, ident, literal, readCsvAllVarchar, type Columns, type Db, type Param, type Row } from './types.ts';
import { tableToColumns, tableToRows } from './arrow-values.ts';
import { CHUNK_ROWS, arrowChunksOf, arrowIPCChunksToParquet, arrowIPCToParquet, startParquet } from './parquet.ts';

class WasmDb implements Db {
  readonly engine = 'duckdb-wasm' as const;
  readonly compactAboveBytes = COMPACT_ABOVE_BYTES;
  private counter = 0;
  constructor(private db: AsyncDuckDB, private conn: AsyncDuckDBConnection) {}

  /**
   * Prepared statements by SQL text: a what-if re-runs the same text with new parameters, so it skips
   * planning. A compiled package is tens of KB of SQL and its plan holds much more in the wasm heap: the
   * cache is bounded by the total text it holds (a sensitivity run over every parameter ran out of memory
   * with 64 of them kept).
   */
  private prepared = new Map<string, AsyncPreparedStatement>();
  private preparedChars = 0;
  private static readonly PREPARED_CHARS = 200_000;

  /**
   * Set while a result is streamed (exportQuery): a statement on the connection between two of its fetches would
   * end the stream (and on a second connection a CHECKPOINT waits for the stream's transaction, which waits for the
   * single-threaded worker). So the stream waits for the calls in flight (`active`), and new calls wait for it.
   */
  private streaming: Promise<void> | null = null;
  private active = 0;
  private drained: (() => void) | null = null;

  private async call<T>(job: () => Promise<T>): Promise<T> {
    while (this.streaming) await this.streaming;
    this.active += 1;
    try {
      return await job();
    } finally {
      this.active -= 1;
      if (!this.active) this.drained?.();
    }
  }

  private run(sql: string, params: Param[]) {
    return this.call(() => this.runNow(sql, params));
  }

  private async runNow(sql: string, params: Param[]) {
    if (!params.length) return this.conn.query(sql);
    let stmt = this.prepared.get(sql);
    if (stmt) {
      // most recently used last
      this.prepared.delete(sql);
      this.prepared.set(sql, stmt);
    } else {
      stmt = await this.conn.prepare(sql);
      while (this.prepared.size && (this.prepared.size >= 64 || this.preparedChars + sql.length > WasmDb.PREPARED_CHARS)) {
        const [oldest, old] = this.prepared.entries().next().value!;
        this.prepared.delete(oldest);
        this.preparedChars -= oldest.length;
        await old.close();
      }
      this.prepared.set(sql, stmt);
      this.preparedChars += sql.length;
    }
    return stmt.query(...params);
  }

  async query<T extends Row = Row>(sql: string, params: Param[] = []): Promise<T[]> {
    return tableToRows<T>(await this.run(sql, params));
  }

  async columns(sql: string, params: Param[] = []): Promise<Columns> {
    return tableToColumns(await this.run(sql, params));
  }

  async exec(sql: string): Promise<void> {
    await this.call(() => this.conn.query(sql));
  }

  async loadCsvText(table: string, text: string): Promise<void> {
    const name = `upload_${this.counter++}.csv`;
    await this.call(async () => {
      await this.db.registerFileText(name, text);
      try {
        await this.conn.query(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT * FROM ${readCsvAllVarchar(name)}`);
      } finally {
        await this.db.dropFile(name);
      }
    });
  }

  async loadParquet(table: string, bytes: Uint8Array): Promise<void> {
    await this.exec(`DROP TABLE IF EXISTS ${ident(table)}`);
    // pipelined: this thread decodes the next chunk while DuckDB's worker inserts the one before
    let inserting: Promise<unknown> = Promise.resolve();
    let create = true;
    try {
      for await (const ipc of arrowChunksOf(bytes)) {
        await inserting;
        const first = create;
        inserting = this.call(() => this.conn.insertArrowFromIPCStream(ipc, { name: table, create: first }));
        create = false;
      }
    } catch (e) {
      await inserting.catch(() => {}); // the worker's insert ends before the error is reported
      throw e;
    }
    await inserting;
  }

  async exportQuery(sql: string, format: 'csv' | 'parquet'): Promise<Uint8Array> {
    // DuckDB-WASM has no Parquet writer offline: go through Arrow and parquet-wasm.
    if (format === 'parquet') {
      while (this.streaming) await this.streaming;
      let done!: () => void;
      this.streaming = new Promise<void>((resolve) => (done = resolve));
      try {
        while (this.active) await new Promise<void>((resolve) => (this.drained = resolve));
        this.drained = null;
        const reader = await this.conn.send(sql, true);
        const first = await reader.next();
        // no row: the schema alone (a stream of no batch gives the writer no schema)
        if (first.done) return await arrowIPCToParquet(tableToIPC(new Table(reader.schema), 'stream'));
        return await arrowIPCChunksToParquet(ipcChunks(first.value, reader));
      } finally {
        this.streaming = null;
        done();
      }
    }
    const name = `export_${this.counter++}.csv`;
    return this.call(async () => {
      await this.conn.query(`COPY (${sql}) TO ${literal(name)} (FORMAT csv, HEADER)`);
      const bytes = await this.db.copyFileToBuffer(name);
      await this.db.dropFile(name);
      return bytes;
    });
  }

  async close(): Promise<void> {
    await this.conn.close();
    await this.db.terminate();
  }
}

/** A streamed result's record batches as Arrow IPC streams of about CHUNK_ROWS rows each. */
async function* ipcChunks(first: RecordBatch, rest: AsyncIterable<RecordBatch>): AsyncGenerator<Uint8Array> {
  let held: RecordBatch[] = [first];
  let rows = first.numRows;
  for await (const batch of rest) {
    if (rows >= CHUNK_ROWS) {
      yield tableToIPC(new Table(held), 'stream');
      held = [];
      rows = 0;
    }
    held.push(batch);
    rows += batch.numRows;
  }
  yield tableToIPC(new Table(held), 'stream');
}

const absolute = (url: string) => new URL(url, location.href).href;

/**
 * DuckDB's worker, started so that the browser keeps the module's compiled code between visits. The worker
 * wraps the module's response in a new `Response` to report download progress, and a response made in
 * JavaScript has no URL, so Chromium neither caches its compiled code nor finds it again: every visit began
 * in V8's baseline code, twice as slow as the optimised code a returning visit now starts with (the sample's
 * overview, next visits in the same browser profile: load 0.65 -> 0.36-0.50 s, evaluation 1.6 -> 0.9-1.0 s). Without
 * `TransformStream` the worker streams `fetch(url)` itself. The app does not use the progress.
 */
function cachingWorker(workerUrl: string): string {
  const boot = `self.TransformStream = undefined; importScripts(${JSON.stringify(absolute(workerUrl))});`;
  return URL.createObjectURL(new Blob([boot], { type: 'text/javascript' }));
}

/** Starts DuckDB-WASM from the locally bundled wasm and workers (no CDN: the app must work offline). */
export async function openWasmDb(): Promise<Db> {
  const bundles: duckdb.DuckDBBundles = {
    mvp: { mainModule: absolute(mvpWasm), mainWorker: mvpWorker },
    eh: { mainModule: absolute(ehWasm), mainWorker: ehWorker }
  };
  // parquet-wasm compiles on this thread while DuckDB's worker compiles its own module (the sample is Parquet)
  startParquet().catch(() => {}); // a failure is met by the first Parquet read
  const bundle = await duckdb.selectBundle(bundles);
  const worker = new Worker(cachingWorker(bundle.mainWorker!));
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
  const conn = await db.connect();
  await conn.query(SESSION_SETTINGS);
  return new WasmDb(db, conn);
}
