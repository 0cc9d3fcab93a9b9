/** The packages shipped under data/policies, bundled into the app at build time (no network). */
import { loadPackageSource } from './load.ts';
import type { Package } from './schema.ts';
import { sources, packages } from 'virtual:policy-packages';

/** Loaded and checked at build time (scripts/lib/vite-policy-packages.ts), in file-name order. */
export const PACKAGES: Package[] = packages;

export const PACKAGE_BY_ID = new Map(PACKAGES.map((p) => [p.id, p]));

const SOURCE_BY_ID = new Map(PACKAGES.map((p, i) => [p.id, sources[i]]));

/** A shipped package compiled again on other periods (re-based onto another year of the data). */
export function rebasedPackage(id: string, periods: Record<string, number>): Package {
  const source = SOURCE_BY_ID.get(id);
  if (!source) throw new Error(`unknown policy package ${id}`);
  return loadPackageSource(source.text, source.file, periods);
}
