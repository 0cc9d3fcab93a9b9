/**
 * The targets page's state: the quarters of the data, the as-of quarter, the target sets as re-based,
 * and each target's data. Progress follows edits at once (no query); a new as-of quarter or year re-queries.
 */
import type { Db } from '../db/types.ts';
import { ensureBaseline } from '../policy/baseline.ts';
import { PACKAGES } from '../policy/bundled.ts';
import { packagesInForce } from '../app/in-force.svelte.ts';
import { TARGET_SETS, rebasedTargetSet } from './bundled.ts';
import { awardsContext, computeData, dataQuarters, type TargetResult } from './compute.ts';
import { edits } from './edits.svelte.ts';
import type { TargetSet } from './schema.ts';

export function currentSets(): TargetSet[] {
  return TARGET_SETS.map((s) => {
    const p = edits.periods[s.id];
    if (!p || !Object.keys(p).length) return s;
    try {
      return rebasedTargetSet(s.id, p);
    } catch {
      return s;
    }
  });
}

export class TargetsModel {
  status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  error = $state<string | null>(null);
  quarters = $state.raw<string[]>([]);
  /** The chosen as-of quarter (null: the latest of the data). */
  chosen = $state<string | null>(null);
  results = $state.raw<TargetResult[]>([]);
  /** Bumps when a computation finishes (for tests: data-settled). */
  settled = $state(0);
  asOf = $derived(this.chosen && this.quarters.includes(this.chosen) ? this.chosen : (this.quarters.at(-1) ?? null));
  #run = 0;

  async refresh(db: Db, version: number, sets: TargetSet[], asOf: string | null): Promise<void> {
    const run = ++this.#run;
    this.status = 'loading';
    try {
      const quarters = await dataQuarters(db);
      if (run !== this.#run) return;
      this.quarters = quarters;
      const at = asOf && quarters.includes(asOf) ? asOf : quarters.at(-1);
      if (!at) {
        this.results = [];
        this.status = 'ready';
        this.settled++;
        return;
      }
      const packages = packagesInForce();
      const ctx = awardsContext(db, packages, () => ensureBaseline(db, version, packages), PACKAGES);
      const results = await computeData(db, sets, at, ctx);
      if (run !== this.#run) return;
      this.results = results;
      this.error = null;
      this.status = 'ready';
      this.settled++;
    } catch (e) {
      if (run !== this.#run) return;
      this.error = e instanceof Error ? e.message : String(e);
      this.status = 'error';
    }
  }
}
