/**
 * Evaluates several packages into one awards table, applies 就高 (take the highest across packages),
 * and summarises outlay by clause, district, industry and size band. Every UI view, export and the
 * CLI read this table.
 */
import { ident, literal, type Db, type Param } from '../db/types.ts';
import type { Package } from './schema.ts';
import { compilePackage, regionTableSql } from './compile.ts';
import { metricsTableSql } from './metrics-sql.ts';
import type { ParamValues } from './context.ts';

export type Scenario = Record<string, ParamValues>;

/** Size bands by the firm's output in the latest year of the data (万元). */
export const SIZE_BANDS = [
  { id: 'lt20m', min: 0, zh: '2000万元以下', en: 'below 20 million' },
  { id: '20m-100m', min: 2000, zh: '2000万–1亿元', en: '20-100 million' },
  { id: '100m-500m', min: 10000, zh: '1亿–5亿元', en: '100-500 million' },
  { id: '500m-1b', min: 50000, zh: '5亿–10亿元', en: '500 million-1 billion' },
  { id: 'ge1b', min: 100000, zh: '10亿元以上', en: '1 billion and more' }
] as const;

/** Per-firm descriptors shared by every package (name, district, industry, size band). Once per load. */
export function firmProfileSql(): string {
  const band = `CASE ${[...SIZE_BANDS].reverse().map((b) => `WHEN latest_output_10k >= ${b.min} THEN ${literal(b.id)}`).join(' ')} END`;
  return `CREATE OR REPLACE TABLE firm_profile AS
WITH ids AS (SELECT firm_id FROM enterprises UNION SELECT firm_id FROM quarterly),
latest AS (SELECT max(substr(period, 1, 4)) AS y FROM quarterly),
annual AS (SELECT firm_id, SUM(output_10k) AS latest_output_10k FROM quarterly, latest WHERE substr(period, 1, 4) = latest.y GROUP BY firm_id)
SELECT ids.firm_id, e.name, e.district, e.industry_code, substr(e.industry_code, 1, 2) AS industry_division, annual.latest_output_10k,
  ${band} AS size_band
FROM ids LEFT JOIN enterprises e USING (firm_id) LEFT JOIN annual USING (firm_id)`;
}

/** The parameter-independent statements run once per data load (same text in every engine). */
export function prepareStatements(packages: Package[]): string[] {
  return [firmProfileSql(), ...packages.flatMap((p) => [metricsTableSql(p), regionTableSql(p)].filter((s): s is string => s !== null))];
}

export async function prepareAll(db: Db, packages: Package[]): Promise<void> {
  for (const sql of prepareStatements(packages)) await db.exec(sql);
}

/** SQL + params of all packages' rows after 就高 across packages. */
export function compileAll(packages: Package[], scenario: Scenario = {}, evidence = true): { sql: string; params: Param[] } {
  const params: Param[] = [];
  const parts = packages.map((p) => compilePackage(p, scenario[p.id] ?? {}, { evidence, params }).sql);
  const ids = new Set(packages.map((p) => p.id));
  // a 就高 group counts only among packages evaluated together
  const groups = packages.flatMap((p) => p.acrossPackages).map((g) => ({ ...g, members: g.members.filter((m) => ids.has(m.split(':')[0])) })).filter((g) => g.members.length > 1);
  if (!groups.length) return { sql: parts.map((s) => `SELECT * FROM (${s})`).join('\nUNION ALL BY NAME\n'), params };
  const groupOf = `CASE ${groups.map((g) => `WHEN package || ':' || clause IN (${g.members.map(literal).join(', ')}) THEN ${literal(g.id)}`).join(' ')} END`;
  const lost = `across_winner IS NOT NULL AND across_winner <> package || ':' || clause`;
  const sql = `WITH all_rows AS NOT MATERIALIZED (${parts.map((s) => `SELECT * FROM (${s})`).join('\nUNION ALL BY NAME\n')}),
grouped AS NOT MATERIALIZED (SELECT *, ${groupOf} AS across_group FROM all_rows),
winners AS (SELECT firm_id, across_group, first(package || ':' || clause ORDER BY award_yuan DESC, package, clause_order) AS across_winner
  FROM grouped WHERE across_group IS NOT NULL AND status = 'paid' GROUP BY ALL),
ranked AS (SELECT grouped.*, CASE WHEN status = 'paid' THEN winners.across_winner END AS across_winner FROM grouped LEFT JOIN winners USING (firm_id, across_group))
SELECT * EXCLUDE (across_winner, across_group, status, award_yuan, stacked_by),
  CASE WHEN ${lost} THEN 'stacked' ELSE status END AS status,
  CASE WHEN ${lost} THEN 0 ELSE award_yuan END AS award_yuan,
  CASE WHEN ${lost} THEN across_winner ELSE stacked_by END AS stacked_by
FROM ranked`;
  return { sql, params };
}

/** Materialises the awards of a scenario as table `name` (one row per package, firm and clause). */
export async function evaluateAll(db: Db, packages: Package[], scenario: Scenario = {}, name = 'awards', evidence = true): Promise<void> {
  const { sql, params } = compileAll(packages, scenario, evidence);
  await db.query(`CREATE OR REPLACE TABLE ${ident(name)} AS ${sql}`, params);
}

export interface ClauseTotal {
  package: string;
  clause: string;
  recipients: number;
  outlay_yuan: number;
  claimed_yuan: number;
  unknown: number;
  pool_yuan: number | null;
  /** Claims over the envelope (above 1 = oversubscribed); NULL without a pool. */
  pool_fill: number | null;
  /** Paid over claimed for pooled clauses (1 when the pool covers every claim). */
  pro_rata_ratio: number | null;
}

export async function totalsByClause(db: Db, table = 'awards'): Promise<ClauseTotal[]> {
  return db.query<ClauseTotal & Record<string, never>>(`SELECT *,
    CASE WHEN pool_yuan > 0 THEN claimed_yuan::DOUBLE / pool_yuan END AS pool_fill,
    CASE WHEN pool_yuan > 0 AND claimed_yuan > 0 THEN outlay_yuan::DOUBLE / claimed_yuan END AS pro_rata_ratio
  FROM (SELECT package, clause, min(clause_order) AS clause_order,
    count(*) FILTER (WHERE status = 'paid') AS recipients,
    COALESCE(SUM(award_yuan), 0)::BIGINT AS outlay_yuan,
    COALESCE(SUM(capped_yuan) FILTER (WHERE status IN ('paid', 'pool_exhausted')), 0)::BIGINT AS claimed_yuan,
    count(*) FILTER (WHERE status = 'unknown') AS unknown,
    max(pool_yuan) AS pool_yuan
  FROM ${ident(table)} GROUP BY package, clause) ORDER BY package, clause_order`);
}

/** Outlay and recipients grouped by a firm descriptor (district, industry_division, size_band). */
export async function totalsBy(db: Db, by: 'district' | 'industry_division' | 'size_band', table = 'awards') {
  return db.query<{ key: string | null; recipients: number; outlay_yuan: number; awards: number }>(
    `SELECT f.${by} AS key, count(DISTINCT a.firm_id) FILTER (WHERE a.status = 'paid') AS recipients,
       count(*) FILTER (WHERE a.status = 'paid') AS awards, COALESCE(SUM(a.award_yuan), 0)::BIGINT AS outlay_yuan
     FROM ${ident(table)} a JOIN firm_profile f USING (firm_id) GROUP BY 1 ORDER BY outlay_yuan DESC, key`
  );
}
