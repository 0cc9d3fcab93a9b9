/**
 * The one DuckDB-WASM database every page shares, and the dataset loaded into it.
 * Started as the app starts (hooks.client.ts). The first load is the bureau's own data when a copy is kept in
 * this browser and active (saved-store.ts: IndexedDB, nothing leaves the machine), else the sample city
 * (示例市) bundled with the app (sample.ts, no network). Pages re-query when `version` changes.
 * Big data never enters `$state` proxies: the report is `$state.raw`, the database a plain field.
 *
 * A copy that cannot be opened (storage error, unreadable, written by an older version) never breaks
 * the start: the sample loads and `startNotice` says what happened.
 */
import { ident, type Db, type Param, type Row } from '../db/types.ts';
import { openWasmDb } from '../db/wasm.ts';
import { decodeAhead } from '../db/parquet.ts';
import { markStarted, startedBefore } from './started-before.ts';
import type { InputFile, LoadProgress, LoadReport } from '../ingest/load.ts';
import { version as APP_VERSION } from '../../../package.json';
import { makeMeta, parseMeta, type SavedMeta, type SavedTable } from './saved-meta.ts';
import { UnusableCopy, openCopy, readSavedCopy, readSavedMeta, tableColumns, type CopyOpened, type SavedState, type StartNotice } from './saved-copy.ts';
import * as store from './saved-store.ts';
import { copies, readFiles } from './input-files.ts';
import { fetchSample } from './sample.ts';
import { errorMessage } from '../format/error-line.ts';
import { onEvaluationProgress, stopEvaluation, type EvaluationProgress } from '../policy/baseline.ts';

export type DbStatus = 'idle' | 'starting' | 'loading' | 'ready' | 'error';
export type Source = 'sample' | 'user';

/** The files behind the data on screen, to load them again after a failed load. */
interface Current {
  source: Source;
  files: InputFile[];
  shown?: Shown;
}

/** What the screens show for a load when it is not what the ingest just reported (a copy opened from storage). */
interface Shown {
  loadedAt: string | null;
  report?: LoadReport;
  fileNames?: string[];
  /** The record the tables must match (a kept copy's, or the sample's). */
  meta?: Pick<SavedMeta, 'tables'>;
}

export class Dataset {
  status = $state<DbStatus>('idle');
  source = $state<Source | null>(null);
  report = $state.raw<LoadReport | null>(null);
  /** Bumps after every completed load: pages depending on the data re-run their queries. */
  version = $state(0);
  /** Names of the files behind the current data (for a copy opened from storage: the original files). */
  fileNames = $state.raw<string[]>([]);
  /** When the user's files were loaded (ISO 8601); null for the sample. */
  loadedAt = $state<string | null>(null);
  /** The copy kept in this browser. */
  saved = $state.raw<SavedState>({ meta: null, status: 'idle', error: null });
  /** The report of the last upload that loaded no row at all: the data before it stays on screen. */
  rejected = $state.raw<LoadReport | null>(null);
  /** Set when the start could not open the kept copy and the sample shows instead. */
  startNotice = $state.raw<StartNotice | null>(null);
  /** Whether the data on screen is the kept copy. */
  showingSaved = $derived(this.source === 'user' && this.loadedAt !== null && this.saved.meta?.loadedAt === this.loadedAt);
  /** Whether a load or reset is running. */
  busy = $state(false);
  /** Why the database could not start (status 'error'). */
  startError = $state<string | null>(null);
  /** Where the running load of the user's files is (null when none runs). */
  progress = $state.raw<LoadProgress | null>(null);
  /** How far the policy evaluation of the data on screen is (null when none runs). */
  evaluating = $state.raw<EvaluationProgress | null>(null);
  /** The policy evaluation of the data on screen ran out of memory at this step ('metrics' or a package id). */
  outOfMemory = $state.raw<{ step: string } | null>(null);
  /** Whether the evaluation running is of the user's last load, with the data before it to go back to. */
  undoable = $state(false);
  /** Set when the user cancelled the evaluation of a load and the data before it came back. */
  evaluationCancelled = $state(false);
  /** Milliseconds: DuckDB start, last load, navigation start to the first data ready. */
  /** `copy`: how the last load's kept copy opened (null: files, not a copy). */
  timings = $state.raw<{ startMs: number | null; loadMs: number | null; readyMs: number | null; copy: CopyOpened | null }>({ startMs: null, loadMs: null, readyMs: null, copy: null });

  /** The database once started (plain field: never proxied). */
  db: Db | null = null;
  /** Resolves when the database has started and the first dataset is loaded. */
  readonly ready: Promise<Db>;

  #resolveReady!: (db: Db) => void;
  #rejectReady!: (e: unknown) => void;
  #started = false;
  #current: Current = { source: 'sample', files: [] };
  #queue: Promise<unknown> = Promise.resolve();
  #cancel: AbortController | null = null;
  #beforeUser: Current | null = null;

  constructor() {
    onEvaluationProgress((p, outOfMemoryAt) => {
      this.evaluating = p;
      if (outOfMemoryAt) this.outOfMemory = { step: outOfMemoryAt };
      else if (p === null) this.outOfMemory = null; // an evaluation that ended well
      // the load's evaluation over: a later one (other packages in force) does not offer to undo the load
      if (p === null) (this.#beforeUser = null), (this.undoable = false);
    });
    this.ready = new Promise<Db>((resolve, reject) => {
      this.#resolveReady = resolve;
      this.#rejectReady = reject;
    });
    this.ready.catch(() => {}); // reported through status/startError; avoid an unhandled rejection
  }

  /** Starts DuckDB and loads the kept copy or the sample; safe to call many times. */
  start(): Promise<Db> {
    if (!this.#started) {
      this.#started = true;
      this.#boot().then(this.#resolveReady, (e) => {
        this.status = 'error';
        this.startError = errorMessage(e);
        this.#rejectReady(e);
      });
    }
    return this.ready;
  }

  async #boot(): Promise<Db> {
    this.status = 'starting';
    const t0 = performance.now();
    const kept = this.#readAtStart(); // IndexedDB reads while DuckDB starts
    // the sample's files are fetched while DuckDB starts too (the sample is small)
    const sample = fetchSample();
    sample.catch(() => {}); // not needed when the kept copy opens; a failure is met below
    // The files to open are decoded while DuckDB starts, from the second start in this browser on: on the first, the
    // CPU is busy compiling DuckDB's module (the sample's first visits took 3.7-7.1 s to the output KPI with it,
    // 3.6-4.9 s without; its next visits opened the data in 0.14-0.29 s instead of 0.46-0.68 s).
    if (startedBefore()) void kept.then((copy): Promise<{ files: InputFile[] }> | { files: InputFile[] } => copy ?? sample).then(({ files }) => decodeAhead(files), () => {});
    this.db = await openWasmDb();
    this.timings = { ...this.timings, startMs: Math.round(performance.now() - t0) };
    const copy = await kept;
    if (!(copy && (await this.#openAtStart(copy)))) await this.#loadSample(sample);
    this.timings = { ...this.timings, readyMs: Math.round(performance.now()) };
    markStarted();
    return this.db;
  }

  /** The kept copy if it is to open at start-up; never throws (a problem becomes the start notice). */
  async #readAtStart(): Promise<{ meta: SavedMeta; report: LoadReport; files: InputFile[] } | null> {
    try {
      const meta = await readSavedMeta();
      this.saved = { meta, status: 'idle', error: null };
      if (!meta?.active) return null;
      return { meta, ...(await readSavedCopy(meta)) };
    } catch (e) {
      await this.#cannotOpen(e);
      return null;
    }
  }

  async #openAtStart(copy: { meta: SavedMeta; report: LoadReport; files: InputFile[] }): Promise<boolean> {
    try {
      await this.#loadKept(copy.meta, copy.report, copy.files);
      return true;
    } catch (e) {
      await this.#cannotOpen(e instanceof UnusableCopy || e instanceof store.StoreError ? e : new UnusableCopy('corrupt', errorMessage(e)));
      return false;
    }
  }

  /** Records why the kept copy did not open; removes it when it never could (older format, damaged). */
  async #cannotOpen(e: unknown): Promise<void> {
    const problem = e instanceof UnusableCopy ? e.problem : 'storage';
    let removed = false;
    if (problem === 'older' || problem === 'corrupt') {
      try {
        await store.deleteCopy();
        removed = true;
      } catch {
        // left in place; the notice says so
      }
    }
    this.saved = { meta: null, status: 'idle', error: null };
    this.startNotice = { problem, detail: errorMessage(e), removed };
  }

  dismissStartNotice(): void {
    this.startNotice = null;
  }

  /** Runs loads one after another, so two quick clicks cannot interleave table replacement. */
  #serial<T>(job: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(job, job);
    this.#queue = next.catch(() => {});
    return next;
  }

  async #load(source: Source, files: InputFile[], shown?: Shown, signal?: AbortSignal): Promise<LoadReport> {
    const db = this.db!;
    this.status = 'loading';
    this.busy = true;
    const t0 = performance.now();
    try {
      const copy = shown?.meta && shown.report ? await openCopy(db, shown.meta, files) : null;
      const report = copy ? shown!.report! : await (await import('../ingest/load.ts')).loadFiles(db, copies(files), signal && { signal, onProgress: (p) => (this.progress = p) });
      this.#current = { source, files, shown };
      this.rejected = null;
      this.report = shown?.report ?? report;
      this.source = source;
      this.fileNames = shown?.fileNames ?? files.map((f) => f.name);
      this.loadedAt = shown?.loadedAt ?? null;
      this.timings = { ...this.timings, loadMs: Math.round(performance.now() - t0), copy };
      this.outOfMemory = null;
      this.evaluationCancelled = false;
      this.#beforeUser = null;
      this.undoable = false;
      this.version += 1;
      return report;
    } finally {
      this.busy = false;
      this.progress = null;
      this.status = 'ready';
    }
  }

  /** Opens the copy kept in this browser, showing it as the user loaded it. */
  #loadKept(meta: SavedMeta, report: LoadReport, files: InputFile[]): Promise<LoadReport> {
    return this.#load('user', files, { loadedAt: meta.loadedAt, report, fileNames: meta.files, meta });
  }

  /** Opens the sample city as the ingest recorded it when it was generated (sample.ts). */
  async #loadSample(sample = fetchSample()): Promise<LoadReport> {
    const { files, report, tables } = await sample;
    return this.#load('sample', files, { loadedAt: null, report, fileNames: report.files.map((f) => f.file), meta: { tables } });
  }

  /** After a load threw: the data shown before it, or the sample if that fails too. */
  async #restore(previous: Current): Promise<void> {
    try {
      await this.#load(previous.source, previous.files, previous.shown);
    } catch {
      await this.#loadSample();
    }
  }

  /**
   * Replaces the data with the user's files and keeps a copy in this browser. Resolves with the report
   * once the data is on screen; keeping the copy goes on after (`saved.status`: saving, then saved or
   * failed), before any later load. If loading throws (not a validation finding: those are in the
   * report), the previous data is loaded again and the error is rethrown for the page to show; if no row
   * at all could be loaded, the previous data is loaded again and the report is kept in `rejected`.
   * `cancelLoad` stops it between two steps: the previous data comes back and it rejects with an AbortError.
   */
  async loadUserFiles(files: File[]): Promise<LoadReport> {
    await this.start();
    const inputs = await readFiles(files);
    const loadedAt = new Date();
    let onScreen!: (report: LoadReport) => void;
    const shown = new Promise<LoadReport>((resolve) => (onScreen = resolve));
    const cancel = new AbortController();
    const job = this.#serial(async () => {
      const previous = this.#current;
      let report: LoadReport;
      this.#cancel = cancel;
      try {
        report = await this.#load('user', inputs, { loadedAt: loadedAt.toISOString() }, cancel.signal);
      } catch (e) {
        await this.#restore(previous);
        throw e;
      } finally {
        this.#cancel = null;
      }
      // every row refused: the files are not a data set, so the one before them comes back
      if (report.tables.every((t) => t.rows === 0)) {
        await this.#restore(previous);
        this.rejected = report;
        onScreen(report);
        return report;
      }
      this.#beforeUser = previous;
      this.undoable = true;
      onScreen(report);
      await this.#keep(report, inputs.map((f) => f.name), loadedAt);
      return report;
    });
    return Promise.race([shown, job]);
  }

  /**
   * Keeps the tables just loaded (validated, canonical) as Parquet with the report, replacing any kept
   * copy. All or nothing; when it fails, an older copy stays but no longer opens at start-up (it is not
   * what the user last loaded), and `saved` says why.
   */
  async #keep(report: LoadReport, fileNames: string[], loadedAt: Date): Promise<void> {
    if (report.tables.every((t) => t.rows === 0)) {
      this.saved = { ...this.saved, status: 'skipped', error: null };
      return;
    }
    this.saved = { ...this.saved, status: 'saving', error: null };
    const db = this.db!;
    try {
      const files: InputFile[] = [];
      const tables: SavedTable[] = [];
      for (const t of report.tables.filter((s) => s.rows > 0)) {
        const bytes = await db.exportQuery(`SELECT * FROM ${ident(t.table)}`, 'parquet');
        files.push({ name: `${t.table}.parquet`, bytes });
        tables.push({ table: t.table, rows: t.rows, bytes: bytes.length, columns: await tableColumns(db, t.table) });
      }
      const meta = makeMeta({ app: APP_VERSION, loadedAt, savedAt: new Date(), files: fileNames, tables });
      await store.writeCopy(meta, report, files);
      this.saved = { meta, status: 'saved', error: null };
      void store.requestPersistence();
    } catch (e) {
      const error = { kind: e instanceof store.StoreError ? e.kind : ('failed' as const), message: errorMessage(e), during: 'save' as const };
      let kept: SavedMeta | null = null;
      try {
        const check = parseMeta(await store.setActive(false));
        kept = check.ok ? check.meta : null;
      } catch {
        kept = this.saved.meta && { ...this.saved.meta, active: false };
      }
      this.saved = { meta: kept, status: 'failed', error };
    }
  }

  /** Stops the running load of the user's files (see loadUserFiles). */
  cancelLoad(): void {
    this.#cancel?.abort();
  }

  /** Stops the policy evaluation of the user's last load and brings back the data in use before it. */
  async cancelEvaluation(): Promise<void> {
    const before = this.#beforeUser;
    if (!before) return;
    stopEvaluation();
    await this.#serial(async () => {
      await this.#restore(before);
      // the copy kept of the cancelled load stays, but the next start no longer opens it
      if (this.saved.meta?.active) await this.#setActive(false);
    });
    this.evaluationCancelled = true;
  }

  /** Marks the kept copy as opened (or not) at start-up; a failure is recorded in `saved.error`. */
  async #setActive(active: boolean): Promise<void> {
    try {
      const check = parseMeta(await store.setActive(active));
      this.saved = { ...this.saved, meta: check.ok ? check.meta : null, error: null };
    } catch (e) {
      this.saved = { ...this.saved, error: { kind: e instanceof store.StoreError ? e.kind : 'failed', message: errorMessage(e), during: 'update' } };
    }
  }

  /** Loads the embedded sample city again. A kept copy stays, but the next start opens the sample. */
  async resetToSample(): Promise<LoadReport> {
    await this.start();
    return this.#serial(async () => {
      const report = await this.#loadSample();
      this.saved = { ...this.saved, status: 'idle', error: null }; // what happened to the last load's copy no longer applies
      if (this.saved.meta?.active) await this.#setActive(false);
      return report;
    });
  }

  /** Opens the copy kept in this browser, and makes it the one the next start opens. */
  async openSaved(): Promise<LoadReport> {
    await this.start();
    return this.#serial(async () => {
      const meta = await readSavedMeta();
      if (!meta) throw new Error('no saved data');
      const { report, files } = await readSavedCopy(meta);
      const previous = this.#current;
      try {
        await this.#loadKept(meta, report, files);
      } catch (e) {
        await this.#restore(previous);
        throw e;
      }
      this.saved = { meta, status: 'idle', error: null };
      await this.#setActive(true);
      return report;
    });
  }

  /** Removes the kept copy from this browser. The data on screen stays until the next load or start. */
  async forgetSaved(): Promise<void> {
    await this.start();
    return this.#serial(async () => {
      await store.deleteCopy();
      this.saved = { meta: null, status: 'idle', error: null };
    });
  }

  /** Convenience for pages: waits for the database, then runs one query with bound parameters. */
  async query<T extends Row = Row>(sql: string, params: Param[] = []): Promise<T[]> {
    const db = await this.start();
    return db.query<T>(sql, params);
  }
}

export const dataset = new Dataset();
