/**
 * The pipeline: who can still get a target there.
 * - New above-scale firms (小升规): firms below scale in the as-of quarter whose revenue of the last four
 *   quarters (sales_10k, the 主营业务收入 the standard is stated in) is within reach of the standard
 *   (default 2000万元, at least `reach` of it), ranked by how close the trend brings them: projected =
 *   last four quarters x (1 + growth against the four before), those projected past the standard first,
 *   then by distance. `needed` is how many more firms the target needs.
 * - 专精特新: for the provincial target the firms certified at the municipal level and not above it;
 *   for the national one the provincial ones not yet national (as of the as-of quarter's end).
 */
import type { Db } from '../db/types.ts';
import type { Target } from './schema.ts';
import { lastDayOfQuarter } from './source.ts';
import { quarterIndex, quarterName } from './progress.ts';

export interface PipelineOptions {
  /** The above-scale standard, 万元 of annual revenue (主营业务收入 2000万元). */
  standard10k: number;
  /** Share of the standard a firm must have reached to be listed (default 0.5). */
  reach: number;
}

export const DEFAULT_PIPELINE: PipelineOptions = { standard10k: 2000, reach: 0.5 };

export interface PipelineFirm {
  firm_id: string;
  name: string;
  district: string;
  /** Revenue of the last four quarters (万元); for certifications, the latest annual output. */
  revenue10k: number | null;
  /** Growth against the four quarters before (null without them). */
  trend: number | null;
  /** Standard minus revenue (万元); <= 0: already past it. */
  distance10k: number | null;
  projected10k: number | null;
  /** For certifications: the lower level and its date. */
  note: string;
}

export interface Pipeline {
  kind: 'aboveScale' | 'certified';
  firms: PipelineFirm[];
  /** How many more the target needs (0 when met). */
  needed: number;
}

/** SQL ($1 as-of quarter index, $2 standard 万元, $3 reach share): below-scale firms within reach, ranked. */
export const ABOVE_SCALE_PIPELINE_SQL = `WITH q AS (
  SELECT firm_id, period, CAST(sales_10k AS DOUBLE) AS sales, above_scale,
    CAST(left(period, 4) AS INTEGER) * 4 + CAST(right(period, 1) AS INTEGER) - 1 AS qi
  FROM quarterly
), latest AS (
  SELECT firm_id, arg_max(above_scale, qi) AS above_scale, max(qi) AS qi FROM q WHERE qi <= $1 GROUP BY firm_id
), f AS (
  SELECT q.firm_id, sum(q.sales) FILTER (WHERE q.qi > $1 - 4) AS last4, count(*) FILTER (WHERE q.qi > $1 - 4) AS n4,
    sum(q.sales) FILTER (WHERE q.qi <= $1 - 4 AND q.qi > $1 - 8) AS prev4, count(*) FILTER (WHERE q.qi <= $1 - 4 AND q.qi > $1 - 8) AS n8
  FROM q JOIN latest l USING (firm_id)
  WHERE l.above_scale = 0 AND l.qi >= $1 - 1 AND q.qi <= $1 AND q.qi > $1 - 8
  GROUP BY q.firm_id
)
SELECT f.firm_id, coalesce(e.name, f.firm_id) AS name, coalesce(e.district, '') AS district, round(f.last4, 2) AS revenue10k,
  CASE WHEN f.n8 = 4 AND f.prev4 > 0 THEN f.last4 / f.prev4 - 1 END AS trend,
  round($2 - f.last4, 2) AS distance10k,
  round(f.last4 * (1 + coalesce(CASE WHEN f.n8 = 4 AND f.prev4 > 0 THEN f.last4 / f.prev4 - 1 END, 0)), 2) AS projected10k
FROM f LEFT JOIN enterprises e USING (firm_id)
WHERE f.n4 = 4 AND f.last4 >= $2 * $3
ORDER BY (projected10k >= $2) DESC, distance10k ASC, f.firm_id`;

/** SQL ($1 lower kind, $2 higher kinds as a list, $3 as-of date, $4 from quarter index for output): certified one level below. */
export const CERTIFIED_PIPELINE_SQL = `WITH low AS (
  SELECT firm_id, min(granted_on) AS granted_on FROM certifications WHERE kind = $1 AND granted_on <= CAST($3 AS DATE) GROUP BY firm_id
), high AS (
  SELECT DISTINCT firm_id FROM certifications WHERE list_contains($2, kind) AND granted_on <= CAST($3 AS DATE)
), out AS (
  SELECT firm_id, sum(CAST(output_10k AS DOUBLE)) AS output4 FROM quarterly
  WHERE CAST(left(period, 4) AS INTEGER) * 4 + CAST(right(period, 1) AS INTEGER) - 1 BETWEEN $4 AND $4 + 3 GROUP BY firm_id
)
SELECT low.firm_id, coalesce(e.name, low.firm_id) AS name, coalesce(e.district, '') AS district, CAST(low.granted_on AS VARCHAR) AS granted_on, round(out.output4, 2) AS revenue10k
FROM low LEFT JOIN high USING (firm_id) LEFT JOIN enterprises e USING (firm_id) LEFT JOIN out USING (firm_id)
WHERE high.firm_id IS NULL ORDER BY revenue10k DESC NULLS LAST, low.firm_id`;

const LOWER: Record<string, [string, string[]]> = {
  specialized_provincial: ['specialized_municipal', ['specialized_provincial', 'specialized_national']],
  specialized_national: ['specialized_provincial', ['specialized_national']]
};

/** Whether a target has a pipeline. */
export const hasPipeline = (t: Target) => t.metric.kind === 'new_above_scale' || (t.metric.kind === 'certified' && t.metric.cert in LOWER);

export async function pipelineOf(db: Db, target: Target, asOf: string, needed: number, opt: PipelineOptions = DEFAULT_PIPELINE): Promise<Pipeline | null> {
  const m = target.metric;
  if (m.kind === 'new_above_scale') {
    const rows = await db.query<PipelineFirm & Record<string, never>>(ABOVE_SCALE_PIPELINE_SQL, [quarterIndex(asOf), opt.standard10k, opt.reach]);
    return { kind: 'aboveScale', firms: rows.map((r) => ({ ...r, note: '' })), needed };
  }
  if (m.kind === 'certified' && m.cert in LOWER) {
    const [low, high] = LOWER[m.cert];
    const asI = quarterIndex(asOf);
    const rows = await db.query<{ firm_id: string; name: string; district: string; granted_on: string; revenue10k: number | null }>(CERTIFIED_PIPELINE_SQL, [
      low,
      `[${high.map((h) => `'${h}'`).join(', ')}]`,
      lastDayOfQuarter(asOf),
      asI - 3
    ]);
    void quarterName;
    return {
      kind: 'certified',
      firms: rows.map((r) => ({ firm_id: r.firm_id, name: r.name, district: r.district, revenue10k: r.revenue10k, trend: null, distance10k: null, projected10k: null, note: `${low} ${r.granted_on}` })),
      needed
    };
  }
  return null;
}
