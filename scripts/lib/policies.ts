import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadPackage } from '../../src/lib/policy/load.ts';
import type { Package } from '../../src/lib/policy/schema.ts';

export const POLICY_DIR = join(import.meta.dirname, '../../data/policies');

/** Every package under data/policies, validated. */
export function loadAllPackages(dir = POLICY_DIR): Package[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => loadPackage(JSON.parse(readFileSync(join(dir, f), 'utf8')), f));
}
