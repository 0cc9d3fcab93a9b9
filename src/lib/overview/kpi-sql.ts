/**
 * The overview's headline numbers, each a pure builder from the filter to SQL with bound parameters.
 * Output and growth read `quarterly` (with `enterprises` for the filter) so they need no evaluation;
 * flagged firms and outlay read the baseline `awards` table.
 */
import { ident, type Param } from '../db/types.ts';
import type { Package } from '../policy/schema.ts';
import { regionTable } from '../policy/metrics-sql.ts';
import { AWARD_COLUMNS, FIRM_COLUMNS, filterPredicates, type OverviewFilter, type Sql } from './filter.ts';

/** The same quarter one year earlier, as SQL over a `YYYYQn` expression. */
export const yearBefore = (period: string) => `CAST(CAST(substr(${period}, 1, 4) AS INTEGER) - 1 AS VARCHAR) || substr(${period}, 5)`;

/** The join that gives the filter its firm columns; none when nothing is filtered (enterprises has one row per firm, so it adds no rows). */
export const firmsFor = (where: string) => (where ? ' LEFT JOIN enterprises e USING (firm_id)' : '');

export interface OutputKpi {
  period: string | null;
  base_period: string | null;
  /** Sum of output_10k of above-scale firms in the latest quarter, in whole yuan. */
  output_yuan: number | null;
  above_scale_firms: number;
  /** Year-on-year growth on a comparable basis: firms above scale now with a row a year before. */
  growth: number | null;
  comparable_firms: number;
}

/**
 * Latest quarter of the data (city-wide, whatever the filter): above-scale output and its growth over
 * the same quarter a year before, counting in both quarters only the firms above scale now that have a
 * row then (the comparable basis of the packages' region growth).
 */
export function outputKpiSql(filter: OverviewFilter): Sql {
  const params: Param[] = [];
  const where = filterPredicates(filter, FIRM_COLUMNS, params);
  const sql = `WITH latest AS (SELECT max(period) AS period FROM quarterly),
cur AS (
  SELECT q.firm_id, q.output_10k FROM quarterly q JOIN latest USING (period)${firmsFor(where)}
  WHERE q.above_scale = 1${where}
),
pairs AS (
  SELECT cur.output_10k AS cur_10k, b.output_10k AS base_10k
  FROM cur JOIN quarterly b ON b.firm_id = cur.firm_id AND b.period = (SELECT ${yearBefore('period')} FROM latest)
)
SELECT (SELECT period FROM latest) AS period,
  (SELECT ${yearBefore('period')} FROM latest) AS base_period,
  (SELECT CAST(SUM(output_10k) * 10000 AS BIGINT) FROM cur) AS output_yuan,
  (SELECT count(*) FROM cur)::INTEGER AS above_scale_firms,
  (SELECT CAST(SUM(cur_10k) AS DOUBLE) / NULLIF(CAST(SUM(base_10k) AS DOUBLE), 0) - 1 FROM pairs) AS growth,
  (SELECT count(*) FROM pairs)::INTEGER AS comparable_firms`;
  return { sql, params };
}

export interface AwardsKpi {
  /** Firms paid by at least one clause. */
  flagged: number;
  /** Awards paid (one per firm and clause). */
  awards: number;
  /** Clauses that pay at least one firm. */
  clauses: number;
  /** Projected outlay, whole yuan. */
  outlay_yuan: number;
}

export function awardsKpiSql(filter: OverviewFilter, table = 'awards'): Sql {
  const params: Param[] = [];
  const where = filterPredicates(filter, AWARD_COLUMNS, params);
  const sql = `SELECT count(DISTINCT a.firm_id) FILTER (WHERE a.status = 'paid')::INTEGER AS flagged,
  count(*) FILTER (WHERE a.status = 'paid')::INTEGER AS awards,
  count(DISTINCT a.package || ':' || a.clause) FILTER (WHERE a.status = 'paid')::INTEGER AS clauses,
  CAST(COALESCE(SUM(a.award_yuan), 0) AS BIGINT) AS outlay_yuan
FROM ${ident(table)} a WHERE TRUE${where}`;
  return { sql, params };
}

export interface PoolsKpi {
  /** Sum of the pool envelopes of the clauses that have one, whole yuan. */
  pools_yuan: number;
  pooled_clauses: number;
  /** What those pooled clauses pay. */
  pooled_outlay_yuan: number;
}

/** The clause pools of the evaluated packages (city-wide: a budget does not shrink with a filter). */
export function poolsSql(table = 'awards'): Sql {
  const sql = `SELECT CAST(COALESCE(SUM(pool_yuan), 0) AS BIGINT) AS pools_yuan, count(*)::INTEGER AS pooled_clauses,
  CAST(COALESCE(SUM(outlay_yuan), 0) AS BIGINT) AS pooled_outlay_yuan
FROM (SELECT package, clause, max(pool_yuan) AS pool_yuan, SUM(award_yuan) AS outlay_yuan FROM ${ident(table)} GROUP BY package, clause)
WHERE pool_yuan IS NOT NULL`;
  return { sql, params: [] };
}

export interface CityGrowth {
  package: string;
  current: string;
  base: string;
  growth: number | null;
  firms: number | null;
  /** True when the package fixes the value by a parameter instead of computing it from the data. */
  overridden: boolean;
}

/** The package whose region growth the overview shows (the first shipped package that defines one). */
export function cityGrowthPackage(packages: Package[]): Package | null {
  return packages.find((p) => p.regionGrowth) ?? null;
}

/**
 * The city-wide growth a package uses (全市规上工业产值增速): its region table, unless a parameter
 * overrides it. Reads the table prepareAll built, so the number is the one the awards were decided with.
 */
export function cityGrowthSql(pkg: Package): Sql {
  if (!pkg.regionGrowth) throw new Error(`${pkg.id} defines no region growth`);
  const sql = `SELECT CAST(region_current AS DOUBLE) / NULLIF(CAST(region_base AS DOUBLE), 0) - 1 AS growth, region_firms::INTEGER AS firms
FROM ${regionTable(pkg)}`;
  return { sql, params: [] };
}

/** The override value of the package's region growth, or null when the data decides. */
export function cityGrowthOverride(pkg: Package): number | null {
  const r = pkg.regionGrowth;
  if (!r) return null;
  const v = pkg.parameters[r.override.param]?.value;
  return typeof v === 'number' ? v : null;
}
