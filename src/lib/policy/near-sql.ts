/**
 * The near set in SQL (the rule is in near.ts): for every awards row and every way to its next step that
 * fails only on ratio and money minimums, the largest ratio gap and the largest money gap of that way,
 * per project item, with the conditions that block it. Built once per data load from the baseline
 * `awards`; a tolerance is then a plain comparison (`ratio_gap <= X and money_gap <= Y`), so no screen
 * unpacks evidence lists per query. The overview's 临界企业 and the list's 差一点 both read this table.
 */
import { ident, type Db, type Param } from '../db/types.ts';
import type { Package } from './schema.ts';
import type { Scenario } from './awards.ts';
import { baselineKey, ensureBaseline } from './baseline.ts';
import { awardsWithEvidenceSql } from './evidence.ts';
import { blockingSql, gapCountsSql, nearMissTargets, targetJoinSql, targetsCte, toleranceBounds, type Tolerance } from './near.ts';

export const NEAR_STEPS_TABLE = 'near_steps';

/**
 * One row per (package, clause, firm, tier reached, variant, project item) that is near for some
 * tolerance; `blocking` holds the evidence of the conditions short of their threshold. `scenario`: what
 * `awards` was evaluated with (the evidence is computed here, on demand).
 */
export function nearStepsSql(packages: Package[], scenario: Scenario = {}, awards = 'awards', name = NEAR_STEPS_TABLE): { sql: string; params: Param[] } {
  const rows = awardsWithEvidenceSql(packages, scenario, null, awards);
  const sql = `CREATE OR REPLACE TABLE ${ident(name)} AS
WITH ${targetsCte(nearMissTargets(packages, true), 't_all')},
blocking AS (
  SELECT a.package, a.clause, a.firm_id, t.to_tier, t.variant, t.measurable,
    unnest(list_filter(a.evidence, lambda e: ${blockingSql('t')})) AS e
  FROM (${rows.sql}) a JOIN t_all t ON ${targetJoinSql('a', 't')}
)
SELECT package, clause, firm_id, to_tier, variant, coalesce(e.item, '') AS item,
  max(e.gap) FILTER (WHERE e.unit = 'ratio') AS ratio_gap,
  max(e.gap) FILTER (WHERE e.unit = 'money') AS money_gap,
  list(e) AS blocking
FROM blocking
GROUP BY package, clause, firm_id, to_tier, variant, coalesce(e.item, '')
HAVING bool_and(list_contains(measurable, e.id) AND ${gapCountsSql('e')})`;
  return { sql, params: rows.params };
}

/** SQL boolean over a near-steps row `s` for tolerance bounds given as SQL expressions (bound parameters). */
export function withinSql(ratioTol: string, moneyTol: string, s = 's'): string {
  return `(coalesce(${s}.ratio_gap, -1) <= ${ratioTol} AND coalesce(${s}.money_gap, -1) <= ${moneyTol})`;
}

/** A near-steps row `s` is near for this tolerance; `bind` adds the bounds as parameters and returns their placeholders. */
export function nearSql(tol: Tolerance, bind: (v: Param) => string, s = 's'): string {
  const b = toleranceBounds(tol);
  return withinSql(`${bind(b.ratio)}::DOUBLE`, `${bind(b.money)}::DOUBLE`, s);
}

/**
 * How close a near-steps row `s` is, as a share of the tolerance: 0 at the line, 1 at the edge (the
 * larger of its ratio and money gaps, each over its tolerance).
 */
export function closenessSql(tol: Tolerance, bind: (v: Param) => string, s = 's'): string {
  const part = (gap: string, t: number | null) => (t === null ? '0' : `coalesce(${s}.${gap} / NULLIF(${bind(t)}::DOUBLE, 0), 0)`);
  return `GREATEST(${part('ratio_gap', tol.points === null ? null : tol.points / 100)}, ${part('money_gap', tol.wan)})`;
}

let built: { db: Db; key: string; job: Promise<void> } | null = null;

/**
 * The near-steps table of the baseline awards, once per data load (`version`); later callers wait for the
 * same job, and a build for a newer load starts after the previous one has finished.
 */
export function ensureNearSteps(db: Db, version: number, packages: Package[]): Promise<void> {
  const key = baselineKey(version, packages);
  if (built && built.db === db && built.key === key) return built.job;
  const previous = built?.job.catch(() => {}) ?? Promise.resolve();
  const job = (async () => {
    await previous;
    await ensureBaseline(db, version, packages);
    const near = nearStepsSql(packages);
    await db.query(near.sql, near.params);
  })();
  const entry = { db, key, job };
  built = entry;
  job.catch(() => {
    if (built === entry) built = null;
  });
  return job;
}
