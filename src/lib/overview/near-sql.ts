/**
 * The overview's 临界企业: views of the near set (policy/near-sql.ts) for one tolerance, grouped by the
 * step a firm is close to (a clause, or one of its tiers). The list's 差一点 filter reads the same set, so
 * for the same tolerance both count the same firms. Two bands split it: within half the tolerance, and
 * within the whole of it. Every value is bound.
 */
import { ident, type Param } from '../db/types.ts';
import type { Evidence } from '../policy/award-row.ts';
import { DEFAULT_TOLERANCE, type Tolerance } from '../policy/near.ts';
import { NEAR_STEPS_TABLE, closenessSql, nearSql } from '../policy/near-sql.ts';
import { filterPredicates, type FilterColumns, type OverviewFilter, type Sql } from './filter.ts';

/** The list's default tolerance: the overview's count is the count the list shows under 差一点. */
export const OVERVIEW_TOLERANCE: Tolerance = DEFAULT_TOLERANCE;

/** The first band: closer than this share of the tolerance. */
export const NEAR_BAND = 0.5;

const PROFILE_COLUMNS: FilterColumns = { district: 'f.district', industry: 'f.industry_division' };

/**
 * `near(package, clause, step, firm_id, closeness, blocking)`: one row per firm and step within the
 * tolerance, with its closest way there (`step` is the tier reached, '' for a clause without tiers).
 */
function nearCte(tol: Tolerance, bind: (v: Param) => string): string {
  return `rows AS (SELECT s.*, ${closenessSql(tol, bind)} AS closeness FROM ${ident(NEAR_STEPS_TABLE)} s WHERE ${nearSql(tol, bind)}),
near AS (
  SELECT package, clause, coalesce(to_tier, '') AS step, firm_id, min(closeness) AS closeness, arg_min(blocking, closeness) AS blocking
  FROM rows GROUP BY package, clause, coalesce(to_tier, ''), firm_id
)`;
}

function binder(params: Param[]) {
  return (v: Param) => (params.push(v), `$${params.length}`);
}

export interface NearSummary {
  package: string;
  clause: string;
  /** Tier id reached, '' for a clause without tiers. */
  step: string;
  /** Firms near this step in the whole city (the rows keep their order under a filter). */
  city_firms: number;
  /** Firms within the first band (closest). */
  near1: number;
  /** Firms in the second band. */
  near2: number;
}

/** Firms near each step, by band; every step near for some firm in the city is listed, also when a filter leaves it none. */
export function nearSummarySql(filter: OverviewFilter, tol: Tolerance = OVERVIEW_TOLERANCE): Sql {
  const params: Param[] = [];
  const bind = binder(params);
  const cte = nearCte(tol, bind);
  const band = bind(NEAR_BAND);
  const where = filterPredicates(filter, PROFILE_COLUMNS, params);
  const sql = `WITH ${cte},
steps AS (SELECT package, clause, step, count(*)::INTEGER AS city_firms FROM near GROUP BY ALL),
shown AS (SELECT n.* FROM near n JOIN firm_profile f USING (firm_id) WHERE TRUE${where})
SELECT t.package, t.clause, t.step, t.city_firms,
  count(n.firm_id) FILTER (WHERE n.closeness <= ${band}::DOUBLE)::INTEGER AS near1,
  count(n.firm_id) FILTER (WHERE n.closeness > ${band}::DOUBLE)::INTEGER AS near2
FROM steps t LEFT JOIN shown n USING (package, clause, step)
GROUP BY t.package, t.clause, t.step, t.city_firms
ORDER BY t.package, t.city_firms DESC, t.clause, t.step`;
  return { sql, params };
}

export interface NearFirm {
  package: string;
  clause: string;
  step: string;
  firm_id: string;
  name: string | null;
  district: string | null;
  industry_code: string | null;
  /** Share of the tolerance still to go: 0 = at the line, 1 = at the edge of the tolerance. */
  closeness: number;
  /** The conditions short of their threshold on the closest way to the step (value, threshold, gap). */
  blocking: Evidence[];
}

/** The firms closest to a step, closest first (a firm near two steps is listed twice). */
export function nearFirmsSql(filter: OverviewFilter, limit: number, tol: Tolerance = OVERVIEW_TOLERANCE): Sql {
  const params: Param[] = [];
  const bind = binder(params);
  const cte = nearCte(tol, bind);
  const where = filterPredicates(filter, PROFILE_COLUMNS, params);
  const sql = `WITH ${cte}
SELECT n.package, n.clause, n.step, n.firm_id, f.name, f.district, f.industry_code, n.closeness, n.blocking
FROM near n JOIN firm_profile f USING (firm_id)
WHERE TRUE${where}
ORDER BY n.closeness, n.package, n.clause, n.step, n.firm_id
LIMIT ${bind(limit)}::INTEGER`;
  return { sql, params };
}

/** Firms near some step, and (firm, step) rows (a firm near two steps counts once, and twice). */
export function nearCountSql(filter: OverviewFilter, tol: Tolerance = OVERVIEW_TOLERANCE): Sql {
  const params: Param[] = [];
  const cte = nearCte(tol, binder(params));
  const where = filterPredicates(filter, PROFILE_COLUMNS, params);
  return {
    sql: `WITH ${cte}
SELECT count(DISTINCT n.firm_id)::INTEGER AS firms, count(*)::INTEGER AS steps FROM near n JOIN firm_profile f USING (firm_id) WHERE TRUE${where}`,
    params
  };
}
