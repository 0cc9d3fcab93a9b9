/**
 * What the enterprise screens wait for: the shared database, the baseline awards of every shipped
 * package for the current data load, and the near-miss pre-aggregate built from them.
 */
import type { Db } from '../db/types.ts';
import type { Dataset } from '../app/dataset.svelte.ts';
import { ensureBaseline } from '../policy/baseline.ts';
import { PACKAGES } from '../policy/bundled.ts';
import { ensureNearSteps } from './near-steps.ts';

/** Resolves with the database once `awards` and the near-miss table match the data loaded now. */
export async function awardsReady(dataset: Dataset): Promise<Db> {
  const db = await dataset.start();
  const version = dataset.version;
  await ensureBaseline(db, version, PACKAGES);
  await ensureNearSteps(db, version, PACKAGES);
  return db;
}
