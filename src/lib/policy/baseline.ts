/**
 * The baseline evaluation of every shipped package, computed once per data load and kept in the
 * `awards` table (with evidence) that every screen reads. A second caller for the same load waits
 * for the first instead of evaluating again.
 */
import type { Db } from '../db/types.ts';
import type { Package } from './schema.ts';
import { prepareAll, evaluateAll } from './awards.ts';

let done: { db: Db; version: number; job: Promise<void> } | null = null;

export function ensureBaseline(db: Db, version: number, packages: Package[]): Promise<void> {
  if (done && done.db === db && done.version === version) return done.job;
  const job = (async () => {
    await prepareAll(db, packages);
    await evaluateAll(db, packages, {}, 'awards');
  })();
  done = { db, version, job };
  job.catch(() => (done = null));
  return job;
}
