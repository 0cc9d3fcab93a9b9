/**
 * The enterprise list as one SQL statement over `awards` and `firm_profile`: awards in scope (package,
 * clause) grouped per firm, near misses counted from the near set (policy/near-sql.ts), joined to the
 * firm, filtered, sorted and paged in DuckDB, with the total count and the total award of the whole
 * filtered set as window columns. Every user value is bound.
 */
import type { Param } from '../db/types.ts';
import { ident } from '../db/types.ts';
import { NEAR_STEPS_TABLE, nearSql } from '../policy/near-sql.ts';
import { FIRM_SUMMARY_TABLE, perFirmSql } from './firm-summary.ts';
import { PAGE_SIZE, type ListFilters, type SortKey, type StatusGroup } from './list-filters.ts';

export interface ListRow {
  [key: string]: string | number | null;
  firm_id: string;
  name: string | null;
  district: string | null;
  industry_code: string | null;
  latest_output_10k: number | null;
  paid_clauses: number;
  award_yuan: number;
  refused_clauses: number;
  near_clauses: number;
  unknown_clauses: number;
  excluded_clauses: number;
  /** Firms matching the filters (every page). */
  total: number;
  /** Sum of award_yuan over every matching firm (exact, BIGINT). */
  total_award_yuan: number;
}

/** Firm-level status groups over the awards in scope. */
const STATUS_SQL: Record<StatusGroup, string> = {
  paid: 'paid_clauses > 0',
  refused: 'paid_clauses = 0 AND refused_clauses > 0',
  near: 'near_clauses > 0',
  unknown: 'unknown_clauses > 0',
  excluded: 'excluded_clauses > 0'
};

const SORT_SQL: Record<SortKey, string> = {
  name: 'name',
  firm_id: 'firm_id',
  district: 'district',
  industry: 'industry_code',
  output: 'latest_output_10k',
  paid: 'paid_clauses',
  award: 'award_yuan',
  near: 'near_clauses'
};

/** `%` `_` and `\` typed by a user are literal characters in a LIKE pattern. */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => '\\' + c);
}

export function listSql(f: ListFilters, pageSize = PAGE_SIZE): { sql: string; params: Param[] } {
  const params: Param[] = [];
  const bind = (v: Param) => (params.push(v), `$${params.length}`);

  const scope = (alias: string, pkg: string, clause: string) =>
    [f.pkg ? `${alias}.package = ${pkg}` : null, f.pkg && f.clause ? `${alias}.clause = ${clause}` : null].filter(Boolean).join(' AND ');
  const pkg = f.pkg ? bind(f.pkg) : '';
  const clause = f.pkg && f.clause ? bind(f.clause) : '';
  const awardsScope = scope('a', pkg, clause);
  const nearScope = scope('s', pkg, clause);

  const within = nearSql({ points: f.points, wan: f.wan }, bind);

  const where: string[] = [];
  const q = f.q.trim();
  if (q) {
    const name = bind(`%${likeEscape(q)}%`);
    const id = bind(`${likeEscape(q.toUpperCase())}%`);
    where.push(`(f.name ILIKE ${name} ESCAPE '\\' OR f.firm_id LIKE ${id} ESCAPE '\\')`);
  }
  if (f.district) where.push(`f.district = ${bind(f.district)}`);
  if (f.industry) where.push(`f.industry_division = ${bind(f.industry)}`);
  const status = f.status ? STATUS_SQL[f.status] : null;

  const dir = f.dir === 'asc' ? 'ASC' : 'DESC';
  const order = `${SORT_SQL[f.sort]} ${dir} NULLS LAST${f.sort === 'firm_id' ? '' : ', firm_id ASC'}`;
  const limit = bind(pageSize);
  const offset = bind((Math.max(1, f.page) - 1) * pageSize);

  const sql = `WITH
per_firm AS (${awardsScope ? perFirmSql('awards', awardsScope) : `SELECT * FROM ${ident(FIRM_SUMMARY_TABLE)}`}),
near_per_firm AS (
  SELECT s.firm_id, count(DISTINCT (s.package, s.clause)) AS near_clauses
  FROM ${ident(NEAR_STEPS_TABLE)} s
  WHERE ${within}${nearScope ? ` AND ${nearScope}` : ''}
  GROUP BY s.firm_id
),
firms AS (
  SELECT f.firm_id, f.name, f.district, f.industry_code, f.latest_output_10k::DOUBLE AS latest_output_10k,
    COALESCE(p.paid_clauses, 0)::INTEGER AS paid_clauses, COALESCE(p.award_yuan, 0)::BIGINT AS award_yuan,
    COALESCE(p.refused_clauses, 0)::INTEGER AS refused_clauses, COALESCE(n.near_clauses, 0)::INTEGER AS near_clauses,
    COALESCE(p.unknown_clauses, 0)::INTEGER AS unknown_clauses, COALESCE(p.excluded_clauses, 0)::INTEGER AS excluded_clauses
  FROM firm_profile f LEFT JOIN per_firm p USING (firm_id) LEFT JOIN near_per_firm n USING (firm_id)
  ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
)
SELECT *, (count(*) OVER ())::INTEGER AS total, CAST(SUM(award_yuan) OVER () AS BIGINT) AS total_award_yuan
FROM firms${status ? `\nWHERE ${status}` : ''}
ORDER BY ${order}
LIMIT ${limit}::INTEGER OFFSET ${offset}::INTEGER`;
  return { sql, params };
}

/** Values for the filter menus: districts and industry divisions present in the data, with firm counts. */
export const DISTRICTS_SQL = `SELECT district AS value, count(*)::INTEGER AS n FROM firm_profile WHERE district IS NOT NULL GROUP BY 1 ORDER BY 1`;
export const INDUSTRIES_SQL = `SELECT industry_division AS value, count(*)::INTEGER AS n FROM firm_profile WHERE industry_division IS NOT NULL GROUP BY 1 ORDER BY 1`;
