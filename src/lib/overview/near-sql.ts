/**
 * Firms near a threshold they have not reached: within reach of an output step (首次突破 1亿 / 5亿 / 10亿)
 * or of the next growth tier (8% / 10%). Read from the evidence of the baseline awards, so the
 * thresholds are the ones the engine decided with; the screen only measures the `gap` it recorded.
 */
import { ident, type Param } from '../db/types.ts';
import { AWARD_COLUMNS, filterPredicates, type OverviewFilter, type Sql } from './filter.ts';

export interface NearTarget {
  id: string;
  package: string;
  clause: string;
  /** Evidence condition that must be failed by a small gap. */
  reach: string;
  /** Evidence conditions that must pass (e.g. never reached the step before, above scale). */
  require: string[];
  /** 'money': gap measured relative to the threshold; 'ratio': gap in ratio points (0.01 = 1 个百分点). */
  kind: 'money' | 'ratio';
  /** Two distance bands: [near, within reach], e.g. 10% / 20% below a step, 1 / 2 points below a tier. */
  bands: [number, number];
}

const step = (id: string, suffix: string): NearTarget => ({
  id,
  package: 'changchun-2024q1',
  clause: 'c3-milestone',
  reach: `annual_output_${suffix}`,
  require: ['above_scale_2024', `prior_max_${suffix}`],
  kind: 'money',
  bands: [0.1, 0.2]
});
const tier = (id: string, reach: string): NearTarget => ({
  id,
  package: 'changchun-2024q1',
  clause: 'c2-capacity',
  reach,
  require: ['above_scale_q1', 'output_q1_above'],
  kind: 'ratio',
  bands: [0.01, 0.02]
});

/** changchun-2024q1 clause 3 (上台阶) steps and clause 2 (释放产能) growth tiers. */
export const NEAR_TARGETS: NearTarget[] = [
  step('step-1yi', '1yi'),
  step('step-5yi', '5yi'),
  step('step-10yi', '10yi'),
  tier('tier-8', 'growth_tier1'),
  tier('tier-10', 'growth_tier2')
];

export const NEAR_TABLE = 'overview_near';
export const NEAR_TARGETS_TABLE = 'overview_near_targets';

/**
 * Two small tables built once per baseline (reading evidence is the costly part; filters then hit these):
 * `overview_near_targets` (one row per target with the threshold the engine used) and `overview_near`
 * (one row per firm and target within reach). Every name and band is bound.
 */
export function nearTablesSql(targets: NearTarget[] = NEAR_TARGETS, table = 'awards'): Sql[] {
  const params: Param[] = [];
  const bind = (v: Param) => (params.push(v), `$${params.length}`);
  const blocks = targets.map((x, i) => {
    const reach = `list_filter(a.evidence, e -> e.id = ${bind(x.reach)}::VARCHAR)[1]`;
    const required = x.require.length
      ? `len(list_filter(a.evidence, e -> e.pass IS TRUE AND e.id IN (${x.require.map((c) => `${bind(c)}::VARCHAR`).join(', ')})))`
      : '0';
    return `SELECT ${i} AS ord, ${bind(x.id)}::VARCHAR AS target, ${bind(x.kind)}::VARCHAR AS kind, ${bind(x.bands[0])}::DOUBLE AS band1,
    ${bind(x.bands[1])}::DOUBLE AS band2, ${x.require.length} AS needed, a.firm_id, a.district, a.industry_code,
    ${reach} AS r, ${required} AS met
  FROM ${ident(table)} a
  WHERE a.package = ${bind(x.package)}::VARCHAR AND a.clause = ${bind(x.clause)}::VARCHAR AND a.status <> 'excluded'`;
  });
  const reach = `CREATE OR REPLACE TEMP TABLE overview_reach AS
${blocks.join('\nUNION ALL\n')}`;
  return [
    { sql: reach, params },
    {
      sql: `CREATE OR REPLACE TABLE ${ident(NEAR_TARGETS_TABLE)} AS
SELECT ord, target, kind, band1, band2, max(r.threshold) AS threshold FROM overview_reach GROUP BY ALL ORDER BY ord`,
      params: []
    },
    {
      sql: `CREATE OR REPLACE TABLE ${ident(NEAR_TABLE)} AS
SELECT ord, target, kind, band1, band2, firm_id, district, industry_code, r.value AS value, r.threshold AS threshold, r.gap AS gap,
  CASE WHEN kind = 'money' THEN r.gap / NULLIF(r.threshold, 0) ELSE r.gap END AS distance
FROM overview_reach
WHERE r.pass = FALSE AND r.gap IS NOT NULL AND met = needed
  AND (CASE WHEN kind = 'money' THEN r.gap / NULLIF(r.threshold, 0) ELSE r.gap END) <= band2`,
      params: []
    },
    { sql: `DROP TABLE IF EXISTS overview_reach`, params: [] }
  ];
}

export interface NearSummary {
  target: string;
  kind: 'money' | 'ratio';
  /** The threshold as the engine recorded it (万元 for steps, a ratio for tiers); null when the clause has no row. */
  threshold: number | null;
  band1: number;
  band2: number;
  /** Firms within the first band (closest). */
  near1: number;
  /** Firms in the second band. */
  near2: number;
}

export function nearSummarySql(filter: OverviewFilter): Sql {
  const params: Param[] = [];
  const where = filterPredicates(filter, AWARD_COLUMNS, params);
  const sql = `SELECT t.target, t.kind, t.threshold, t.band1, t.band2,
  count(n.firm_id) FILTER (WHERE n.distance <= n.band1)::INTEGER AS near1,
  count(n.firm_id) FILTER (WHERE n.distance > n.band1)::INTEGER AS near2
FROM ${ident(NEAR_TARGETS_TABLE)} t
LEFT JOIN (SELECT * FROM ${ident(NEAR_TABLE)} a WHERE TRUE${where}) n USING (ord)
GROUP BY t.ord, t.target, t.kind, t.threshold, t.band1, t.band2 ORDER BY t.ord`;
  return { sql, params };
}

export interface NearFirm {
  target: string;
  kind: 'money' | 'ratio';
  firm_id: string;
  name: string | null;
  district: string | null;
  industry_code: string | null;
  value: number;
  threshold: number;
  gap: number;
  /** gap / threshold for money, the gap itself for ratios. */
  distance: number;
  /** distance / band2: 0 = at the line, 1 = at the edge of reach; orders steps and tiers together. */
  closeness: number;
}

export function nearFirmsSql(filter: OverviewFilter, limit: number): Sql {
  const params: Param[] = [];
  const where = filterPredicates(filter, AWARD_COLUMNS, params);
  params.push(limit);
  const sql = `SELECT a.target, a.kind, a.firm_id, f.name, a.district, a.industry_code, a.value, a.threshold, a.gap, a.distance,
  a.distance / a.band2 AS closeness
FROM ${ident(NEAR_TABLE)} a LEFT JOIN firm_profile f USING (firm_id)
WHERE TRUE${where}
ORDER BY closeness, a.ord, a.firm_id
LIMIT $${params.length}::INTEGER`;
  return { sql, params };
}

/** Firms within reach in total (rows of the list, a firm near two lines counted twice). */
export function nearCountSql(filter: OverviewFilter): Sql {
  const params: Param[] = [];
  const where = filterPredicates(filter, AWARD_COLUMNS, params);
  return { sql: `SELECT count(*)::INTEGER AS n FROM ${ident(NEAR_TABLE)} a WHERE TRUE${where}`, params };
}
