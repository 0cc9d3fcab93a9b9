import type { TableSpec } from './contract.ts';
import type { ExtraColumn } from './unit-plan.ts';

/** Extra columns' names in the canonical table: as written, made unique regardless of case (DuckDB ignores it). */
export function nameExtras(spec: TableSpec, units: { index: number; extras: ExtraColumn[] }[]): Map<string, string> {
  const taken = new Set(spec.columns.map((c) => c.name.toLowerCase()));
  const shared = new Map<string, string>(); // the same header in several files is one column
  const names = new Map<string, string>();
  for (const u of units) {
    const used = new Set<string>();
    for (const x of u.extras) {
      let name = shared.get(x.source);
      if (!name || used.has(name)) {
        name = x.source;
        for (let k = 2; taken.has(name.toLowerCase()); k++) name = `${x.source} (${k})`;
        taken.add(name.toLowerCase());
        if (!shared.has(x.source)) shared.set(x.source, name);
      }
      used.add(name);
      names.set(`${u.index}:${x.index}`, name);
    }
  }
  return names;
}
