/** The packages shipped under data/policies, bundled into the app at build time (no network). */
import { loadPackage } from './load.ts';
import type { Package } from './schema.ts';

const raw = import.meta.glob('/data/policies/*.json', { eager: true, import: 'default' }) as Record<string, unknown>;

export const PACKAGES: Package[] = Object.entries(raw)
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([path, json]) => loadPackage(json, path.split('/').pop()!));

export const PACKAGE_BY_ID = new Map(PACKAGES.map((p) => [p.id, p]));
