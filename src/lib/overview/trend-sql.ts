/**
 * The quarterly trend of above-scale output over every period of the data, with year-on-year growth
 * on the comparable basis (firms above scale in the quarter that have a row in the same quarter a year
 * before), and the distribution of firms' growth in the policies' assessment quarter.
 */
import type { Param } from '../db/types.ts';
import { FIRM_COLUMNS, filterPredicates, type OverviewFilter, type Sql } from './filter.ts';
import { firmsFor, yearBefore } from './kpi-sql.ts';
import type { TableSummary } from '../ingest/report.ts';

export interface TrendRow {
  period: string;
  /** Above-scale output of the quarter, 万元. */
  output_10k: number;
  firms: number;
  /** Comparable growth over the same quarter a year before; null where the data has no earlier year. */
  growth: number | null;
  comparable_firms: number;
}

/**
 * Quarterly rows above which the trend is read a year at a time (trendYears). Each year's quarters then meet
 * only the year before's in the comparable-basis join, instead of every quarterly row being held in one hash
 * table: at 500,000 firms (10 million rows) that table grew the page's memory by about 0.7 GB, and the trend
 * took 3.1 instead of 3.3 s in DuckDB-WASM under Node; at 50,000 firms (1 million rows) a year at a time was slower
 * (0.55 against 0.41 s).
 */
export const TREND_BY_YEAR_ABOVE_ROWS = 2_000_000;

/** The years to read the trend one at a time, from the load's summary of `quarterly`; null: all at once. */
export function trendYears(quarterly: TableSummary | null | undefined): number[] | null {
  if (!quarterly?.periods || quarterly.rows <= TREND_BY_YEAR_ABOVE_ROWS) return null;
  const first = Number(quarterly.periods.first.slice(0, 4));
  const last = Number(quarterly.periods.last.slice(0, 4));
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** The trend (see TrendRow); `years` (trendYears) reads it a year at a time, with the same rows. */
export function trendSql(filter: OverviewFilter, years: number[] | null = null): Sql {
  const params: Param[] = [];
  const where = filterPredicates(filter, FIRM_COLUMNS, params);
  const part = (year: number | null) => `SELECT cur.period, SUM(cur.output_10k) AS output_10k, count(*)::INTEGER AS firms,
  CAST(SUM(cur.output_10k) FILTER (WHERE b.firm_id IS NOT NULL) AS DOUBLE) / NULLIF(CAST(SUM(b.output_10k) AS DOUBLE), 0) - 1 AS growth,
  count(b.firm_id)::INTEGER AS comparable_firms
FROM (SELECT q.firm_id, q.period, q.output_10k FROM quarterly q${firmsFor(where)} WHERE q.above_scale = 1${where}${year === null ? '' : ` AND q.period LIKE '${year}Q_'`}) cur
LEFT JOIN ${year === null ? 'quarterly' : `(SELECT firm_id, period, output_10k FROM quarterly WHERE period LIKE '${year - 1}Q_')`} b
  ON b.firm_id = cur.firm_id AND b.period = ${yearBefore('cur.period')}
GROUP BY cur.period`;
  return { sql: `${(years ?? [null]).map(part).join('\nUNION ALL\n')}\nORDER BY 1`, params };
}

export interface GrowthBin {
  /** Lower bound in whole percent: the bin holds growth in [pct, pct + 1)%. `lo - 1` = below lo, `hi` = hi and above. */
  pct: number;
  firms: number;
}

export interface HistogramRange {
  /** Lowest whole percent shown as its own bin (lower growths fall in one bin below it). */
  lo: number;
  /** Growth of hi% and more falls in one bin. */
  hi: number;
}

export const DEFAULT_RANGE: HistogramRange = { lo: -30, hi: 50 };

/**
 * Firms above scale in `current` with output in `base` above zero, binned by growth in whole percent.
 * The bin is floor(100 (cur - base) / base) on integer fen, so a firm at exactly 8.00% sits in the 8% bin
 * (the same side of the line the engine puts it) and 7.9999% in the 7% bin.
 */
export function growthHistogramSql(filter: OverviewFilter, periods: { current: string; base: string }, range: HistogramRange = DEFAULT_RANGE): Sql {
  const params: Param[] = [periods.current, periods.base, range.lo, range.hi];
  const where = filterPredicates(filter, FIRM_COLUMNS, params);
  const sql = `WITH pairs AS (
  SELECT CAST(q.output_10k * 100 AS BIGINT) AS cur_fen, CAST(b.output_10k * 100 AS BIGINT) AS base_fen
  FROM quarterly q JOIN quarterly b ON b.firm_id = q.firm_id AND b.period = $2::VARCHAR
  LEFT JOIN enterprises e ON e.firm_id = q.firm_id
  WHERE q.period = $1::VARCHAR AND q.above_scale = 1 AND b.output_10k > 0 AND q.output_10k IS NOT NULL${where}
),
binned AS (SELECT CAST(floor((cur_fen - base_fen) * 100 / base_fen) AS BIGINT) AS pct FROM pairs)
SELECT CAST(LEAST(GREATEST(pct, $3::BIGINT - 1), $4::BIGINT) AS INTEGER) AS pct, count(*)::INTEGER AS firms
FROM binned GROUP BY 1 ORDER BY 1`;
  return { sql, params };
}
