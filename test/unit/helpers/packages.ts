import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadPackageSource } from '../../../src/lib/policy/load.ts';
import type { Package } from '../../../src/lib/policy/schema.ts';

const DIR = join(import.meta.dirname, '../../../data/policies');

export function packageById(id: string): Package {
  return rebasedPackageById(id, {});
}

/** A shipped package compiled on other periods, e.g. {year: 2023}. */
export function rebasedPackageById(id: string, periods: Record<string, number>): Package {
  return loadPackageSource(readFileSync(join(DIR, `${id}.yaml`), 'utf8'), `${id}.yaml`, periods);
}

export function allPackageIds(): string[] {
  return readdirSync(DIR).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, ''));
}
