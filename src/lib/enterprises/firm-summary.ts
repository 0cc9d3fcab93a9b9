/**
 * The near-miss pre-aggregate: for every awards row and every way to its next step (see near-miss.ts)
 * that fails only on ratio and money minimums, the largest ratio gap and the largest money gap of that
 * way, per project item.
 * Built once per data load from the baseline `awards`; a tolerance is then a plain comparison
 * (`ratio_gap <= X and money_gap <= Y`), so the list never unpacks evidence lists per query.
 * The same step stores the per-firm counts over all clauses, so the unfiltered list reads one row per firm.
 */
import { ident, type Db } from '../db/types.ts';
import type { Package } from '../policy/schema.ts';
import { blockingSql, nearMissTargets, targetJoinSql, targetsCte, toleranceBounds, type Tolerance } from './near-miss.ts';

export const NEAR_STEPS_TABLE = 'enterprise_near_steps';
/** Per-firm counts over every package and clause, for the unfiltered list (a scan of one row per firm). */
export const FIRM_SUMMARY_TABLE = 'enterprise_firm_summary';

/** The per-firm counts the list shows; `scope` restricts them to a package / clause. */
export function perFirmSql(awards: string, scope = ''): string {
  return `SELECT a.firm_id,
    count(*) FILTER (WHERE a.status = 'paid') AS paid_clauses,
    CAST(COALESCE(SUM(a.award_yuan), 0) AS BIGINT) AS award_yuan,
    count(*) FILTER (WHERE a.status IN ('refused', 'below_floor')) AS refused_clauses,
    count(*) FILTER (WHERE a.status = 'unknown') AS unknown_clauses,
    count(*) FILTER (WHERE a.status = 'excluded') AS excluded_clauses
  FROM ${awards} a ${scope ? `WHERE ${scope}` : ''}
  GROUP BY a.firm_id`;
}

export function nearStepsSql(packages: Package[], awards = 'awards', name = NEAR_STEPS_TABLE): string {
  return `CREATE OR REPLACE TABLE ${ident(FIRM_SUMMARY_TABLE)} AS ${perFirmSql(ident(awards))};
CREATE OR REPLACE TABLE ${ident(name)} AS
WITH ${targetsCte(nearMissTargets(packages, true), 't_all')},
blocking AS (
  SELECT a.package, a.clause, a.firm_id, t.to_tier, t.variant, t.measurable,
    unnest(list_filter(a.evidence, lambda e: ${blockingSql('t')})) AS e
  FROM ${ident(awards)} a JOIN t_all t ON ${targetJoinSql('a', 't')}
)
SELECT package, clause, firm_id, to_tier, variant, coalesce(e.item, '') AS item,
  max(e.gap) FILTER (WHERE e.unit = 'ratio') AS ratio_gap,
  max(e.gap) FILTER (WHERE e.unit = 'money') AS money_gap
FROM blocking
GROUP BY package, clause, firm_id, to_tier, variant, coalesce(e.item, '')
HAVING bool_and(list_contains(measurable, e.id) AND e.pass = FALSE AND e.unit IN ('ratio', 'money') AND e.gap IS NOT NULL)`;
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
