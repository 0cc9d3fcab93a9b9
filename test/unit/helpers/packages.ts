import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadPackage } from '../../../src/lib/policy/load.ts';
import type { Package } from '../../../src/lib/policy/schema.ts';

const DIR = join(import.meta.dirname, '../../../data/policies');

export function packageById(id: string): Package {
  return loadPackage(JSON.parse(readFileSync(join(DIR, `${id}.json`), 'utf8')), `${id}.json`);
}

export function allPackageIds(): string[] {
  return readdirSync(DIR).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
}
