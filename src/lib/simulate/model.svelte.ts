/**
 * State of the simulate page: the scenario being edited and its what-if against the baseline, run on
 * every edit with no button. One what-if runs at a time; edits made meanwhile collapse into the latest,
 * and an answer for a scenario that is no longer on screen is dropped (stale numbers never show).
 */
import type { Db } from '../db/types.ts';
import { PACKAGES, rebasedPackage } from '../policy/bundled.ts';
import { baselineKey, ensureBaseline } from '../policy/baseline.ts';
import { applyScenario, type Applied } from './apply.ts';
import { baselineScenario, parseScenario, type ScenarioDoc, type TierRow } from './scenario.ts';
import { outlayOf, prepareScenario, readAhead, runWhatIf, simBase, totalsOf, type Scope, type SimBase, type WhatIfResult } from './whatif.ts';

type Value = number | string | null;

const WORKING_KEY = 'zcdx.simulate.working';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class SimulateModel {
  doc = $state.raw<ScenarioDoc>(baselineScenario(PACKAGES.map((p) => p.id)));
  result = $state.raw<WhatIfResult | null>(null);
  /** The scenario the result on screen belongs to (JSON), so the page can dim a result being replaced. */
  shownFor = $state('');
  error = $state<string | null>(null);
  running = $state(false);
  /** Milliseconds of the last what-if. */
  ms = $state<number | null>(null);
  /** Bumps when the result matches the scenario on screen (tests wait on it). */
  settled = $state(0);

  #db: Db | null = null;
  #version = -1;
  #prepared = new Set<string>();
  #pending: ScenarioDoc | null = null;
  #loop: Promise<void> | null = null;

  get current(): boolean {
    return this.shownFor === keyOf(this.doc);
  }

  /** Points the model at a data load; the baseline is evaluated (once) for the packages in force. */
  attach(db: Db, version: number): void {
    if (this.#db !== db || this.#version !== version) {
      this.#db = db;
      this.#version = version;
      this.#prepared = new Set();
    }
    this.#schedule();
  }

  /** Replaces the whole scenario (a saved one, a shared link): validated first. */
  open(raw: unknown): void {
    this.edit(parseScenario(raw, PACKAGES));
  }

  edit(doc: ScenarioDoc): void {
    this.doc = doc;
    this.keep();
    this.#schedule();
  }

  /**
   * Keeps the scenario being edited in this browser, so a reload or a crash does not lose unsaved edits:
   * for this tab (sessionStorage: another tab editing too cannot replace it) and for the next tab or start
   * (localStorage: the last edit in any tab).
   */
  keep(): void {
    for (const store of [globalThis.sessionStorage, globalThis.localStorage]) {
      try {
        store?.setItem(WORKING_KEY, JSON.stringify(this.doc));
      } catch {
        // not kept (storage full or disabled): the edits still apply to this visit
      }
    }
  }

  /** The scenario left being edited (in this tab first), if any and still valid for the shipped packages; else null (and forgotten). */
  static kept(): ScenarioDoc | null {
    for (const store of [globalThis.sessionStorage, globalThis.localStorage]) {
      try {
        const raw = store?.getItem(WORKING_KEY);
        if (raw) return parseScenario(JSON.parse(raw), PACKAGES);
      } catch {
        store?.removeItem(WORKING_KEY);
      }
    }
    return null;
  }

  applied(doc: ScenarioDoc = this.doc): Applied {
    return applyScenario(doc, PACKAGES, rebasedPackage);
  }

  // ---- edits ----------------------------------------------------------------------------------

  setPackages(ids: string[]): void {
    const keep = <T>(m: Record<string, T>) => Object.fromEntries(Object.entries(m).filter(([id]) => ids.includes(id)));
    const d = this.doc;
    this.edit({ ...d, packages: ids, set: keep(d.set), periods: keep(d.periods), off: keep(d.off), tiers: keep(d.tiers) });
  }

  /** A parameter value; `undefined` goes back to the published value. */
  setParam(pkg: string, name: string, value: Value | undefined): void {
    this.edit({ ...this.doc, set: withEntry(this.doc.set, pkg, name, value) });
  }

  setPeriod(pkg: string, name: string, year: number | undefined): void {
    this.edit({ ...this.doc, periods: withEntry(this.doc.periods, pkg, name, year) });
  }

  setClauseOn(pkg: string, clause: string, on: boolean): void {
    const now = new Set(this.doc.off[pkg] ?? []);
    if (on) now.delete(clause);
    else now.add(clause);
    const off = { ...this.doc.off, [pkg]: [...now] };
    if (!now.size) delete off[pkg];
    this.edit({ ...this.doc, off });
  }

  /** The tier table of a clause; `null` restores the published table. */
  setTiers(pkg: string, clause: string, rows: TierRow[] | null): void {
    this.edit({ ...this.doc, tiers: withEntry(this.doc.tiers, pkg, clause, rows ?? undefined) });
  }

  reset(): void {
    this.edit(baselineScenario(this.doc.packages, this.doc.name));
  }

  /** Outlay of the current scenario with one parameter changed (sweep, goal-seek, sensitivity). */
  async outlayWith(pkg: string, name: string, value: Value, scope: Scope = {}): Promise<{ outlay_yuan: number; recipients: number }> {
    const db = this.#db;
    if (!db) throw new Error('no data loaded');
    const applied = this.applied({ ...this.doc, set: withEntry(this.doc.set, pkg, name, value) });
    return outlayOf(db, applied, await this.#ready(db, applied), scope);
  }

  /** Outlay by clause of other scenarios (comparison), against the same baseline. */
  async totalsFor(doc: ScenarioDoc) {
    const db = this.#db;
    if (!db) throw new Error('no data loaded');
    const applied = this.applied(doc);
    return totalsOf(db, applied, await this.#ready(db, applied));
  }

  // ---- running --------------------------------------------------------------------------------

  #schedule(): void {
    this.#pending = this.doc;
    if (!this.#loop) this.#loop = this.#drain().finally(() => (this.#loop = null));
  }

  /** The baseline of the packages in force, its summary for what-ifs, and the tables of re-based packages. */
  async #ready(db: Db, applied: Applied): Promise<SimBase> {
    const published = PACKAGES.filter((p) => applied.packages.some((q) => q.id === p.id));
    await ensureBaseline(db, this.#version, published);
    const base = await simBase(db, baselineKey(this.#version, published));
    await prepareScenario(db, applied.packages, this.#prepared);
    readAhead(db, applied, base).catch(() => {}); // in the background; a what-if that needs a table that failed reads it again
    return base;
  }

  async #drain(): Promise<void> {
    while (this.#pending && this.#db) {
      const doc = this.#pending;
      this.#pending = null;
      const key = keyOf(doc);
      this.running = true;
      const t0 = performance.now();
      try {
        const applied = this.applied(doc);
        const result = await runWhatIf(this.#db, applied, await this.#ready(this.#db, applied));
        if (key !== keyOf(this.doc)) continue; // superseded while running
        this.result = result;
        this.error = null;
      } catch (e) {
        if (key !== keyOf(this.doc)) continue;
        this.error = message(e);
        this.result = null;
      }
      this.ms = Math.round(performance.now() - t0);
      this.shownFor = key;
      this.settled += 1;
    }
    this.running = false;
  }
}

/** What the numbers depend on: the scenario without its name. */
const keyOf = (doc: ScenarioDoc) => JSON.stringify({ ...doc, name: '' });

/** `m[a][b] = v`, dropping the entry when v is undefined and the inner map when it empties. */
function withEntry<T>(m: Record<string, Record<string, T>>, a: string, b: string, v: T | undefined): Record<string, Record<string, T>> {
  const inner = { ...(m[a] ?? {}) };
  if (v === undefined) delete inner[b];
  else inner[b] = v;
  const out = { ...m, [a]: inner };
  if (!Object.keys(inner).length) delete out[a];
  return out;
}
