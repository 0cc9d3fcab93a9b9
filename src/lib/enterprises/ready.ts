/**
 * What the enterprise screens wait for: the shared database, the baseline awards of the packages
 * in force for the current data load, the near set built from them (shared with the overview) and the
 * per-firm counts.
 */
import type { Db } from '../db/types.ts';
import type { Dataset } from '../app/dataset.svelte.ts';
import { awardsKey, packagesInForce } from '../app/in-force.svelte.ts';
import { ensureNearSteps } from '../policy/near-sql.ts';
import { ensureFirmSummary } from './firm-summary.ts';

/** Resolves with the database once `awards`, the near set and the per-firm counts match the data loaded now. */
export async function awardsReady(dataset: Dataset): Promise<Db> {
  const db = await dataset.start();
  const version = dataset.version;
  await ensureNearSteps(db, version, packagesInForce()); // evaluates the baseline first
  await ensureFirmSummary(db, awardsKey(version));
  return db;
}
