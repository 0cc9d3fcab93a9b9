/** The target sets shipped under data/targets, bundled into the app at build time (no network). */
import { loadTargetSet } from './source.ts';
import type { TargetSet } from './schema.ts';

export const TARGET_SOURCES = Object.entries(import.meta.glob('/data/targets/*.yaml', { eager: true, query: '?raw', import: 'default' }) as Record<string, string>)
  .map(([path, text]) => ({ file: path.split('/').pop()!, text }))
  .sort((a, b) => a.file.localeCompare(b.file));

export const TARGET_SETS: TargetSet[] = TARGET_SOURCES.map((s) => loadTargetSet(s.text, s.file));

/** A shipped target set re-based onto other periods ({year: 2023}). */
export function rebasedTargetSet(id: string, periods: Record<string, number>): TargetSet {
  const s = TARGET_SOURCES[TARGET_SETS.findIndex((t) => t.id === id)];
  if (!s) throw new Error(`unknown target set ${id}`);
  return loadTargetSet(s.text, s.file, periods);
}
