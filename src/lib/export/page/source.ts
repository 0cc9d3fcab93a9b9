/**
 * Where the export page reads its rows: the baseline `awards` of the packages in force (shared with every
 * screen, see policy/baseline.ts), or a saved scenario evaluated into a view of its own (`export_awards`),
 * with its re-based packages, clauses switched off and tier tables, so the export holds exactly what the
 * simulate page showed. rows.ts and notice.ts take the view name and the overrides.
 */
import type { Db } from '../../db/types.ts';
import type { Package } from '../../policy/schema.ts';
import type { Scenario } from '../../policy/awards.ts';
import { evaluateAll } from '../../policy/awards.ts';
import { ensureBaseline } from '../../policy/baseline.ts';
import { PACKAGES, rebasedPackage } from '../../policy/bundled.ts';
import { applyScenario } from '../../simulate/apply.ts';
import { prepareScenario } from '../../simulate/whatif.ts';
import { tableKey } from '../../policy/metrics-sql.ts';
import type { SavedScenario } from '../../simulate/scenario-store.ts';
import { scenarioChanges } from '../../simulate/changes.ts';
import type { ChangedParameter } from '../xlsx.ts';

export const SCENARIO_AWARDS = 'export_awards';

export interface ExportSource {
  /** The packages the awards view was evaluated with (a scenario's re-based and edited ones). */
  packages: Package[];
  awards: string;
  scenario: Scenario;
  /** The scenario's name; null for the baseline. */
  name: string | null;
  /** What differs from the published packages, for the 说明 sheet. */
  changed: ChangedParameter[];
}

let chain: Promise<unknown> = Promise.resolve();
let evaluated: { db: Db; key: string; source: ExportSource } | null = null;
const prepared = new WeakMap<Db, { version: number; tables: Set<string> }>();

/** Runs jobs one after another: two quick changes of scenario never write `export_awards` at once. */
function serial<T>(job: () => Promise<T>): Promise<T> {
  const next = chain.then(job, job);
  chain = next.catch(() => {});
  return next;
}

/**
 * The rows' source for a data load: the baseline of `inForce` when `saved` is null, else the saved
 * scenario evaluated (once per data load and scenario content).
 */
export function openSource(db: Db, version: number, inForce: Package[], saved: SavedScenario | null): Promise<ExportSource> {
  return serial(async () => {
    await ensureBaseline(db, version, inForce); // also builds firm_profile, which every export joins
    if (!saved) return { packages: inForce, awards: 'awards', scenario: {}, name: null, changed: [] };
    const key = `${version}|${JSON.stringify({ ...saved.doc, name: '' })}`;
    if (evaluated && evaluated.db === db && evaluated.key === key) return { ...evaluated.source, name: saved.doc.name || null };
    const applied = applyScenario(saved.doc, PACKAGES, rebasedPackage);
    let p = prepared.get(db);
    // ensureBaseline prepared the published packages in force; a re-based package needs its own tables
    if (!p || p.version !== version) prepared.set(db, (p = { version, tables: new Set(inForce.map(tableKey)) }));
    await prepareScenario(db, applied.packages, p.tables);
    await evaluateAll(db, applied.packages, applied.overrides, SCENARIO_AWARDS);
    const source: ExportSource = {
      packages: applied.packages,
      awards: SCENARIO_AWARDS,
      scenario: applied.overrides,
      name: saved.doc.name || null,
      changed: scenarioChanges(saved.doc, PACKAGES, 'zh')
    };
    evaluated = { db, key, source };
    return source;
  });
}
