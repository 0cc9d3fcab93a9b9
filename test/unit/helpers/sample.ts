/** The embedded sample city (data/sample) loaded into a Node database, as the CLI reads it. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../../src/lib/db/types.ts';
import { loadFiles } from '../../../src/lib/ingest/load.ts';
import { prepareAll, evaluateAll } from '../../../src/lib/policy/awards.ts';
import type { Package } from '../../../src/lib/policy/schema.ts';

export const SAMPLE_DIR = join(import.meta.dirname, '../../../data/sample');

/** The sample's Parquet files as the ingest takes them. */
export function sampleFiles() {
  return readdirSync(SAMPLE_DIR)
    .filter((f) => f.endsWith('.parquet'))
    .map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(SAMPLE_DIR, name))) }));
}

/** Loads the sample into `db`; throws if the sample has errors (it never should). */
export async function loadSample(db: Db): Promise<void> {
  const report = await loadFiles(db, sampleFiles());
  if (report.errorCount) throw new Error(`the sample has ${report.errorCount} errors: ${report.issues[0]?.message.en}`);
}

/** The sample loaded and `packages` evaluated into the `awards` view, as the app does at start. */
export async function evaluatedSample(db: Db, packages: Package[]): Promise<void> {
  await loadSample(db);
  await prepareAll(db, packages);
  await evaluateAll(db, packages);
}
