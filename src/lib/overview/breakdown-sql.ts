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
  const sql = `SELECT ${key} AS key, count(DISTINCT a.firm_id) FILTER (WHERE a.status = 'paid')::INTEGER AS flagged,
  CAST(COALESCE(SUM(a.award_yuan), 0) AS BIGINT) AS outlay_yuan, count(DISTINCT a.firm_id)::INTEGER AS firms
FROM ${ident(table)} a WHERE TRUE${where}
GROUP BY 1 ORDER BY outlay_yuan DESC, flagged DESC, key NULLS LAST`;
  return { sql, params };
}
