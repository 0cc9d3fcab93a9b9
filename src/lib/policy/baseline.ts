/**
 * The baseline evaluation of the packages in force, computed once per data load (and choice of packages) and kept in the
 * `awards` table (with evidence) that every screen reads. A second caller for the same load waits
 * for the first instead of evaluating again; a new load's evaluation starts only after the previous
 * one has finished, so `awards` never mixes two loads.
 */
import type { Db } from '../db/types.ts';
import type { Package } from './schema.ts';
import { prepareAll, evaluateAll, prepareStatements } from './awards.ts';
import { isOutOfMemory } from '../db/out-of-memory.ts';

let latest: { db: Db; key: string; job: Promise<void>; stop: AbortController } | null = null;

/** Stops the running baseline evaluation after its current statement (it rejects with an AbortError). */
export function stopEvaluation(): void {
  latest?.stop.abort();
}

/** How far the running baseline evaluation is: statements done of all (the per-firm metrics, then a package each). */
export interface EvaluationProgress {
  done: number;
  total: number;
  /** The step running: 'metrics', or the id of the package evaluated. */
  step: string;
}
/** A baseline evaluation's progress (null when it ends), and the step that ran out of memory when one did. */
export type EvaluationListener = (p: EvaluationProgress | null, outOfMemoryAt?: string) => void;
let told: EvaluationListener = () => {};
/** Who is told how far each baseline evaluation is; one listener, the app's dataset (status chip, notices). */
export function onEvaluationProgress(listener: EvaluationListener): void {
  told = listener;
}

/** Identifies one baseline: a data load and the packages evaluated together (就高 depends on which). */
export const baselineKey = (version: number, packages: Package[]) => `${version}|${packages.map((p) => p.id).join(',')}`;

export function ensureBaseline(db: Db, version: number, packages: Package[]): Promise<void> {
  const key = baselineKey(version, packages);
  if (latest && latest.db === db && latest.key === key) return latest.job;
  const previous = latest?.job.catch(() => {}) ?? Promise.resolve();
  const stop = new AbortController();
  const job = previous.then(async () => {
    const metrics = prepareStatements(packages).length;
    const total = metrics + packages.length;
    let done = 0;
    const stepAt = (n: number) => (n < metrics || !packages.length ? 'metrics' : packages[Math.min(n - metrics, packages.length - 1)].id);
    const step = () => {
      stop.signal.throwIfAborted();
      told({ done: ++done, total, step: stepAt(done) });
    };
    told({ done, total, step: stepAt(0) });
    try {
      await prepareAll(db, packages, step);
      await evaluateAll(db, packages, {}, 'awards', step);
      told(null);
    } catch (e) {
      told(null, isOutOfMemory(e) ? stepAt(done) : undefined);
      throw e;
    }
  });
  const entry = { db, key, job, stop };
  latest = entry;
  job.catch(() => {
    if (latest === entry) latest = null;
  });
  return job;
}
