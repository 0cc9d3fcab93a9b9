/**
 * The baseline evaluation of the packages in force, computed once per data load (and choice of packages) and kept in the
 * `awards` table (with evidence) that every screen reads. A second caller for the same load waits
 * for the first instead of evaluating again; a new load's evaluation starts only after the previous
 * one has finished, so `awards` never mixes two loads.
 */
import type { Db } from '../db/types.ts';
import type { Package } from './schema.ts';
import { prepareAll, evaluateAll } from './awards.ts';

let latest: { db: Db; key: string; job: Promise<void> } | null = null;

/** Identifies one baseline: a data load and the packages evaluated together (就高 depends on which). */
export const baselineKey = (version: number, packages: Package[]) => `${version}|${packages.map((p) => p.id).join(',')}`;

export function ensureBaseline(db: Db, version: number, packages: Package[]): Promise<void> {
  const key = baselineKey(version, packages);
  if (latest && latest.db === db && latest.key === key) return latest.job;
  const previous = latest?.job.catch(() => {}) ?? Promise.resolve();
  const job = previous.then(async () => {
    await prepareAll(db, packages);
    await evaluateAll(db, packages, {}, 'awards');
  });
  const entry = { db, key, job };
  latest = entry;
  job.catch(() => {
    if (latest === entry) latest = null;
  });
  return job;
}
