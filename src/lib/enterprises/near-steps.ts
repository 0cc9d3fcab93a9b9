/**
 * The near-miss pre-aggregate: for every awards row whose next step (see near-miss.ts) fails only on
 * ratio and money bounds, the largest ratio gap and the largest money gap of that step, per project item.
 * Built once per data load from the baseline `awards`; a tolerance is then a plain comparison
 * (`ratio_gap <= X and money_gap <= Y`), so the list never unpacks evidence lists per query.
 */
import { ident, type Db } from '../db/types.ts';
import type { Package } from '../policy/schema.ts';
import { nearMissTargets, targetJoinSql, targetsCte, toleranceBounds, type Tolerance } from './near-miss.ts';

export const NEAR_STEPS_TABLE = 'enterprise_near_steps';

export function nearStepsSql(packages: Package[], awards = 'awards', name = NEAR_STEPS_TABLE): string {
  return `CREATE OR REPLACE TABLE ${ident(name)} AS
WITH ${targetsCte(nearMissTargets(packages, true), 't_all')},
failing AS (
  SELECT a.package, a.clause, a.firm_id, t.to_tier,
    unnest(list_filter(a.evidence, lambda e: list_contains(t.ids, e.id) AND e.pass IS DISTINCT FROM TRUE)) AS e
  FROM ${ident(awards)} a JOIN t_all t ON ${targetJoinSql('a', 't')}
)
SELECT package, clause, firm_id, to_tier, coalesce(e.item, '') AS item,
  max(e.gap) FILTER (WHERE e.unit = 'ratio') AS ratio_gap,
  max(e.gap) FILTER (WHERE e.unit = 'money') AS money_gap
FROM failing
GROUP BY ALL
HAVING bool_and(e.pass = FALSE AND e.unit IN ('ratio', 'money') AND e.gap IS NOT NULL)`;
}

/** SQL boolean over a near-steps row `s` for tolerance bounds given as SQL expressions (bound parameters). */
export function withinSql(ratioTol: string, moneyTol: string, s = 's'): string {
  return `(coalesce(${s}.ratio_gap, -1) <= ${ratioTol} AND coalesce(${s}.money_gap, -1) <= ${moneyTol})`;
}

export { toleranceBounds, type Tolerance };

let built: { db: Db; key: unknown; job: Promise<void> } | null = null;

/** Builds the table once per data load (`key`: the dataset version); later callers wait for the same job. */
export function ensureNearSteps(db: Db, key: unknown, packages: Package[]): Promise<void> {
  if (built && built.db === db && built.key === key) return built.job;
  const job = db.exec(nearStepsSql(packages));
  built = { db, key, job };
  job.catch(() => (built = null));
  return job;
}
