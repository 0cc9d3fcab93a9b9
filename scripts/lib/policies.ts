import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadPackageSource } from '../../src/lib/policy/load.ts';
import type { Package } from '../../src/lib/policy/schema.ts';

export const POLICY_DIR = join(import.meta.dirname, '../../data/policies');

/** The source files under `dir`, by name. */
export const readSources = (dir = POLICY_DIR) =>
  readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((file) => ({ file, text: readFileSync(join(dir, file), 'utf8') }));

/** Every package under data/policies, validated; `periods` re-bases the packages that have those periods. */
export function loadAllPackages(dir = POLICY_DIR, periods: Record<string, Record<string, number>> = {}): Package[] {
  return readSources(dir).map(({ file, text }) => {
    const pkg = loadPackageSource(text, file);
    // compiled a second time only for a package re-based onto other periods
    return periods[pkg.id] ? loadPackageSource(text, file, periods[pkg.id]) : pkg;
  });
}
