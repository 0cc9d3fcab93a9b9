/**
 * Compiles a package plus parameter values into the SQL of one evaluation over its metrics table.
 * Order of the steps, as written into each row: exclusions, eligibility, raw amount, floor and cap,
 * stacking, pool allocation (rounding is integer throughout: amounts are whole yuan, rounded down).
 */
import { ident, literal, type Param } from '../db/types.ts';
import type { Clause, Package } from './schema.ts';
import { metricColumn, metricsTable } from './metrics-sql.ts';
import { compileCondition, evidenceSql, EVIDENCE_TYPE } from './condition-sql.ts';
import { compileAward } from './award-sql.ts';
import { Ctx, type ParamValues } from './context.ts';

const NO_EVIDENCE = `NULL::${EVIDENCE_TYPE}[]`;

export const regionTable = (pkg: Package) => ident(`region__${pkg.id}`);

/** Region-wide growth on a comparable basis: firms above-scale in the current quarter with output in both quarters. */
export function regionTableSql(pkg: Package): string | null {
  const r = pkg.regionGrowth;
  if (!r) return null;
  return `CREATE OR REPLACE TABLE ${regionTable(pkg)} AS
SELECT CAST(COALESCE(SUM(cur.output_10k * 100), 0) AS HUGEINT) AS region_current, CAST(COALESCE(SUM(base.output_10k * 100), 0) AS HUGEINT) AS region_base, count(*) AS region_firms
FROM quarterly cur JOIN quarterly base ON base.firm_id = cur.firm_id AND base.period = ${literal(r.base)}
WHERE cur.period = ${literal(r.current)} AND cur.above_scale = 1`;
}

// A firm with no project of the kind is refused (or unknown when no project data was loaded at all).
const HAS_PROJECT = `(CASE WHEN p_project_id IS NOT NULL THEN TRUE WHEN (SELECT count(*) FROM projects) = 0 THEN NULL ELSE FALSE END)`;
const PROJECT_FIELDS = ['project_id', 'fixed_asset_10k', 'equipment_10k', 'approved_spend_10k'];

/**
 * One clause in three steps: a flat row (metrics, region, project), its leaf conditions computed once
 * as columns l1, l2 ..., then eligibility, tier, amount and evidence over those columns.
 */
function clauseSql(ctx: Ctx, clause: Clause, order: number, withEvidence: boolean, excluded: { sql: string; evidence: string }): string {
  ctx.collectLeaves();
  const hasProject = clause.unit === 'project' ? ctx.leafRef(HAS_PROJECT) : null;
  const elig = compileCondition(ctx, clause.eligibility);
  const award = compileAward(ctx, clause.award);
  const leafColumns = ctx.takeLeaves();
  const region = ctx.pkg.regionGrowth ? ` CROSS JOIN ${regionTable(ctx.pkg)} r` : '';
  let flat = `SELECT * FROM ${metricsTable(ctx.pkg)} m${region}`;
  if (clause.unit === 'project') {
    if (!clause.projects) throw new Error(`${ctx.pkg.id}.${clause.id}: a project clause needs "projects"`);
    flat = `SELECT m.*${region ? ', r.*' : ''}, ${PROJECT_FIELDS.map((f) => `p.${f} AS p_${f}`).join(', ')}
  FROM ${metricsTable(ctx.pkg)} m${region} LEFT JOIN projects p ON p.firm_id = m.firm_id AND p.kind = ${literal(clause.projects.kind)} AND p.year = ${clause.projects.year}`;
  }
  const withLeaves = leafColumns.length ? `SELECT *, ${leafColumns.map((l) => `${l.sql} AS ${l.alias}`).join(', ')} FROM (${flat})` : flat;
  const rankValue = clause.pool?.rankBy ? metricColumn(clause.pool.rankBy) : 'NULL';
  let inner: string;
  if (hasProject) {
    const leaves = [{ id: 'has_project', unit: 'flag', op: '=', pass: hasProject, value: `(p_project_id IS NOT NULL)::INTEGER`, threshold: '1' }, ...elig.leaves, ...award.leaves];
    inner = `SELECT firm_id, any_value(district) AS district, any_value(industry_code) AS industry_code,
  any_value(excluded) AS excluded, any_value(exclusion_evidence) AS exclusion_evidence,
  CASE WHEN bool_or(ok) THEN TRUE WHEN bool_or(ok IS NULL) THEN NULL ELSE FALSE END AS eligible,
  NULL::VARCHAR AS tier,
  CASE WHEN bool_or(ok AND amount IS NULL) THEN NULL ELSE CAST(COALESCE(SUM(CASE WHEN ok THEN amount ELSE 0 END), 0) AS BIGINT) END AS raw_yuan,
  ${withEvidence ? 'flatten(list(evidence))' : NO_EVIDENCE} AS evidence, MAX(rank_value) AS rank_value
FROM (SELECT firm_id, district, industry_code, ${excluded.sql} AS excluded, ${excluded.evidence} AS exclusion_evidence,
    (${hasProject} AND ${elig.sql}) AS ok, ${award.amount} AS amount,
    ${withEvidence ? evidenceSql(leaves, 'p_project_id') : 'NULL'} AS evidence, ${rankValue} AS rank_value
  FROM (${withLeaves}))
GROUP BY firm_id`;
  } else {
    inner = `SELECT firm_id, district, industry_code, ${excluded.sql} AS excluded, ${excluded.evidence} AS exclusion_evidence, ${elig.sql} AS eligible, ${award.tier}::VARCHAR AS tier,
  CAST(${award.amount} AS BIGINT) AS raw_yuan, ${withEvidence ? evidenceSql([...elig.leaves, ...award.leaves]) : NO_EVIDENCE} AS evidence, ${rankValue} AS rank_value
FROM (${withLeaves})`;
  }
  // raw_yuan NULL (an amount that cannot be computed) stays NULL: DuckDB's GREATEST/LEAST would skip it.
  let capped = 'raw_yuan';
  if (clause.floor) {
    const floor = ctx.yuan(clause.floor.amount.param);
    capped = clause.floor.mode === 'nothing' ? `CASE WHEN ${capped} < ${floor} THEN 0 ELSE ${capped} END` : `GREATEST(${capped}, ${floor})`;
  }
  if (clause.cap) capped = `LEAST(${capped}, ${ctx.yuan(clause.cap.param)})`;
  return `SELECT firm_id, district, industry_code, ${literal(clause.id)} AS clause, ${order} AS clause_order, excluded, exclusion_evidence, eligible, tier, raw_yuan,
  CASE WHEN NOT eligible OR eligible IS NULL THEN 0 WHEN raw_yuan IS NULL THEN NULL ELSE ${capped} END AS capped_yuan, evidence, rank_value
FROM (${inner})`;
}

export interface CompiledPackage {
  sql: string;
  params: Param[];
}

export interface CompileOptions {
  /** Leave evidence out (NULL) for what-ifs that only need amounts. */
  evidence?: boolean;
  /** Bound parameters of statements this one is joined with; numbering continues after them. */
  params?: Param[];
}

/** The full evaluation: one row per (firm, clause) with status, tier, amounts and evidence. */
export function compilePackage(pkg: Package, values: ParamValues = {}, options: CompileOptions = {}): CompiledPackage {
  for (const name of Object.keys(values)) if (!pkg.parameters[name]) throw new Error(`${pkg.id}: unknown parameter "${name}"`);
  const ctx = new Ctx(pkg, values, options.params ?? []);
  const withEvidence = options.evidence ?? true;
  // Exclusions are columns of the metrics row, computed inside each clause's query (no join).
  const exclusions = pkg.exclusions.map((e) => compileCondition(ctx, e.when));
  const excluded = {
    sql: exclusions.length ? `(${exclusions.map((e) => e.sql).join(' OR ')})` : 'FALSE',
    evidence: withEvidence ? evidenceSql(exclusions.flatMap((e) => e.leaves)) : NO_EVIDENCE
  };
  const clauses = pkg.clauses.map((c, i) => clauseSql(ctx, c, i, withEvidence, excluded));

  const groupOf = pkg.stacking.length
    ? `CASE ${pkg.stacking.map((g) => `WHEN clause IN (${g.clauses.map(literal).join(', ')}) THEN ${literal(g.id)}`).join(' ')} END`
    : 'NULL';

  const pooled = pkg.clauses.filter((c) => c.pool);
  const poolAmount = pooled.length ? `CASE ${pooled.map((c) => `WHEN clause = ${literal(c.id)} THEN ${ctx.yuan(c.pool!.amount.param)}`).join(' ')} END` : 'NULL';
  const poolRank = pooled.filter((c) => ctx.choice(c.pool!.allocation.param) === 'rank').map((c) => literal(c.id));
  const allocate = `CASE
    WHEN stage <> 'eligible' THEN 0
    WHEN pool_yuan IS NULL OR pool_demand <= pool_yuan THEN capped_yuan
    ${poolRank.length ? `WHEN clause IN (${poolRank.join(', ')}) THEN CASE WHEN pool_cumulative <= pool_yuan THEN capped_yuan ELSE 0 END` : ''}
    ELSE CAST((CAST(capped_yuan AS HUGEINT) * pool_yuan) // pool_demand AS BIGINT) END`;

  // Winners of stacking groups and pool demands are small aggregates joined back: windows over every row
  // were many times slower. CTEs used twice are NOT MATERIALIZED: the second use only needs the few
  // clauses of a group or pool, which the optimizer prunes to, instead of storing every row.
  const stacked = pkg.stacking.length
    ? `winners AS (SELECT firm_id, stack_group, first(clause ORDER BY capped_yuan DESC, clause_order) AS stacked_by
    FROM staged WHERE stack_group IS NOT NULL AND stage0 = 'eligible' GROUP BY ALL),
stacked AS NOT MATERIALIZED (SELECT staged.*, CASE WHEN stage0 = 'eligible' THEN winners.stacked_by END AS stacked_by FROM staged LEFT JOIN winners USING (firm_id, stack_group)),`
    : `stacked AS NOT MATERIALIZED (SELECT *, NULL::VARCHAR AS stacked_by FROM staged),`;
  const eligibleYuan = `CASE WHEN stage = 'eligible' THEN capped_yuan ELSE 0 END`;
  const pooledIds = pooled.map((c) => literal(c.id)).join(', ');
  const poolCumulative = poolRank.length
    ? `SUM(${eligibleYuan}) OVER (PARTITION BY clause ORDER BY rank_value DESC NULLS LAST, firm_id ROWS UNBOUNDED PRECEDING)`
    : 'NULL::HUGEINT';

  const sql = `WITH
clause_rows AS NOT MATERIALIZED (${clauses.join('\nUNION ALL\n')}),
staged AS NOT MATERIALIZED (
  SELECT *, ${groupOf} AS stack_group,
    CASE WHEN excluded THEN 'excluded'
         WHEN eligible IS NULL THEN 'unknown'
         WHEN NOT eligible THEN 'refused'
         WHEN excluded IS NULL OR capped_yuan IS NULL THEN 'unknown'
         WHEN capped_yuan <= 0 THEN 'below_floor'
         ELSE 'eligible' END AS stage0
  FROM clause_rows),
${stacked}
pooled AS NOT MATERIALIZED (
  SELECT *, CASE WHEN stacked_by IS NOT NULL AND stacked_by <> clause THEN 'stacked' ELSE stage0 END AS stage
  FROM stacked),
${pooled.length ? `pool_demands AS (SELECT clause, SUM(capped_yuan) AS pool_demand FROM pooled WHERE clause IN (${pooledIds}) AND stage = 'eligible' GROUP BY clause),` : ''}
demand AS (SELECT pooled.*, ${poolAmount} AS pool_yuan, ${pooled.length ? 'pool_demands.pool_demand' : 'NULL::HUGEINT AS pool_demand'}, ${poolCumulative} AS pool_cumulative
  FROM pooled${pooled.length ? ' LEFT JOIN pool_demands USING (clause)' : ''})
SELECT ${literal(pkg.id)} AS package, firm_id, district, industry_code, clause, clause_order, tier, eligible,
  raw_yuan, capped_yuan, CAST(${allocate} AS BIGINT) AS award_yuan,
  CASE WHEN stage = 'eligible' AND (${allocate}) <= 0 THEN 'pool_exhausted' WHEN stage = 'eligible' THEN 'paid' ELSE stage END AS status,
  CASE WHEN stage = 'stacked' THEN stacked_by END AS stacked_by,
  pool_yuan, CAST(pool_demand AS BIGINT) AS pool_demand, evidence, exclusion_evidence
FROM demand`;
  return { sql, params: ctx.params };
}
