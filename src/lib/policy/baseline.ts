/**
 * The baseline evaluation of every shipped package, computed once per data load and kept in the
 * `awards` table (with evidence) that every screen reads. A second caller for the same load waits
 * for the first instead of evaluating again; a new load's evaluation starts only after the previous
 * one has finished, so `awards` never mixes two loads.
 */
import type { Db } from '../db/types.ts';
import type { Package } from './schema.ts';
import { prepareAll, evaluateAll } from './awards.ts';

let latest: { db: Db; version: number; job: Promise<void> } | null = null;

export function ensureBaseline(db: Db, version: number, packages: Package[]): Promise<void> {
  if (latest && latest.db === db && latest.version === version) return latest.job;
  const previous = latest?.job.catch(() => {}) ?? Promise.resolve();
  const job = previous.then(async () => {
    await prepareAll(db, packages);
    await evaluateAll(db, packages, {}, 'awards');
  });
  const entry = { db, version, job };
  latest = entry;
  job.catch(() => {
    if (latest === entry) latest = null;
  });
  return job;
}
