/** Outlay and flagged firms from the baseline awards: by clause, by district, by industry division. */
import { ident, type Param } from '../db/types.ts';
import { AWARD_COLUMNS, filterPredicates, type OverviewFilter, type Sql } from './filter.ts';

export interface ClauseOutlay {
  package: string;
  clause: string;
  clause_order: number;
  /** Firms paid by the clause. */
  firms: number;
  outlay_yuan: number;
  pool_yuan: number | null;
}

export function outlayByClauseSql(filter: OverviewFilter, table = 'awards'): Sql {
  const params: Param[] = [];
  const where = filterPredicates(filter, AWARD_COLUMNS, params);
  const sql = `SELECT a.package, a.clause, min(a.clause_order)::INTEGER AS clause_order,
  count(DISTINCT a.firm_id) FILTER (WHERE a.status = 'paid')::INTEGER AS firms,
  CAST(COALESCE(SUM(a.award_yuan), 0) AS BIGINT) AS outlay_yuan, max(a.pool_yuan) AS pool_yuan
FROM ${ident(table)} a WHERE TRUE${where}
GROUP BY a.package, a.clause ORDER BY a.package, clause_order`;
  return { sql, params };
}

export interface GroupOutlay {
  /** District name or two-digit industry division; null where the firm record has none. */
  key: string | null;
  /** Townships, departments and schools that some clause pays: they have no district or industry of their own. */
  other_recipients: boolean;
  flagged: number;
  outlay_yuan: number;
  /** Firms with any award row (every firm the packages assessed). */
  firms: number;
}

/**
 * By district or by industry division. The chart of a dimension ignores the filter on that same
 * dimension (every district stays visible, the chosen one highlighted) and applies the other.
 */
export function outlayBySql(by: 'district' | 'industry', filter: OverviewFilter, table = 'awards'): Sql {
  const params: Param[] = [];
  const where = filterPredicates(filter, AWARD_COLUMNS, params, by);
  const key = AWARD_COLUMNS[by];
  // recipients outside the firm tables (townships, departments, schools) form a row of their own
  const sql = `SELECT CASE WHEN p.firm_id IS NULL THEN NULL ELSE ${key} END AS key, p.firm_id IS NULL AS other_recipients,
  count(DISTINCT a.firm_id) FILTER (WHERE a.status = 'paid')::INTEGER AS flagged,
  CAST(COALESCE(SUM(a.award_yuan), 0) AS BIGINT) AS outlay_yuan, count(DISTINCT a.firm_id)::INTEGER AS firms
FROM ${ident(table)} a LEFT JOIN firm_profile p ON p.firm_id = a.firm_id WHERE TRUE${where}
GROUP BY 1, 2 ORDER BY other_recipients, outlay_yuan DESC, flagged DESC, key NULLS LAST`;
  return { sql, params };
}
