/**
 * Compiles a package plus parameter values into the SQL of one evaluation over its metrics table.
 *
 * The evaluation is "wide": one row per firm, with the columns of every clause side by side (eligible
 * e_k, tier t_k, raw r_k, capped c_k, status st_k, award a_k ... for clause k). Exclusions, stacking
 * (the highest claim in a group, compared within the row) and pools (sums over the firms) need no
 * joins. `longSql` then turns it into one row per (firm, clause), the shape every screen reads.
 * Order of the steps: exclusions, eligibility, raw amount, floor and cap, stacking, pool allocation;
 * rounding is integer throughout (whole yuan, rounded down).
 */
import { literal, type Param } from '../db/types.ts';
import type { Clause, Package } from './schema.ts';
import { metricColumn, metricsTable, otherRecipients, regionTable } from './metrics-sql.ts';
import { compileCondition, evidenceSql } from './condition-sql.ts';
import { SELECTED, recordPass, recordPassCte, recordsOf, type RecordPart } from './records-sql.ts';
import { compileAward } from './award-sql.ts';
import { Ctx, type ParamValues } from './context.ts';


/** Stacking keys pack (capped amount, clause order) into one integer: at most this many clauses a package. */
const MAX_CLAUSES = 64;

/**
 * Whether a clause can name a tier (a firm clause whose award has tiers, cases or steps; see compileAward).
 * The wide table has only the columns a clause can fill: a tier, a stacking winner, a pool. The others are
 * NULL in its long rows (longFields). At city size a wide table's cost is mostly per column, not per row.
 */
const tiered = (c: Clause) => c.unit === 'firm' && (c.award.shape === 'tiers' || c.award.shape === 'step' || (c.award.shape === 'rate' && !!c.award.cases?.length));

/** Clause k's stacking winner in a wide result (NULL when it is in no stacking group). */
export const stackedByColumn = (pkg: Package, k: number) => (pkg.stacking.some((g) => g.clauses.includes(pkg.clauses[k].id)) ? `sb_${k}` : 'NULL::VARCHAR');

export interface CompileOptions {
  /**
   * Compute the evidence columns (ev_k, exclusion_evidence). The evaluation every screen reads leaves them
   * out (the lean result: status, tier, amounts); evidence.ts computes them on demand for the rows shown.
   */
  evidence?: boolean;
  /** Bound parameters of statements this one is joined with; numbering continues after them. */
  params?: Param[];
}

interface ClauseSql {
  /** Leaf columns computed on the firm row (firm clauses). */
  leaves: { alias: string; sql: string }[];
  /** A per-firm subquery for a record clause's evidence, joined by firm_id. */
  projectCte: string | null;
  /** A record clause's part in its table's pass (the evaluation, without evidence). */
  record: RecordPart | null;
  /** e_k, t_k, r_k, ev_k, rk_k expressions (null: the clause has no such column). */
  eligible: string;
  tier: string | null;
  raw: string;
  evidence: string | null;
  rank: string | null;
  /** Floor and cap applied to r_k (NULL stays NULL: DuckDB's GREATEST/LEAST would skip it). */
  capped: () => string;
}

function clauseSql(ctx: Ctx, clause: Clause, k: number, withEvidence: boolean, firms: string | null): ClauseSql {
  ctx.collectLeaves(`l${k}_`);
  ctx.record = clause.unit;
  const records = clause.unit === 'firm' ? null : recordsOf(ctx, clause, firms !== null);
  const inPass = !withEvidence && !firms; // the evaluation reads a record table's clauses in one pass
  const hasRecord = records ? ctx.leafRef(inPass ? records.has.inPass : records.has.sql) : null;
  const elig = compileCondition(ctx, clause.eligibility);
  const award = compileAward(ctx, clause.award);
  ctx.record = 'firm';
  const leaves = ctx.takeLeaves();
  // a pool's rank order (NULL without rankBy: then by firm id alone); a clause without a pool has no rank column
  const rank = clause.pool ? (clause.pool.rankBy ? metricColumn(clause.pool.rankBy) : 'NULL::BIGINT') : null;
  if (!tiered(clause) && award.tier !== 'NULL') throw new Error(`${ctx.pkg.id}.${clause.id}: a tier from an award shape the wide table gives no tier column`);
  // built when used: an evidence statement has no floor or cap, and binds no parameter it does not use
  const capped = () => {
    let sql = `r_${k}`;
    if (clause.floor) {
      const floor = ctx.yuan(clause.floor.amount.param);
      sql = clause.floor.mode === 'nothing' ? `CASE WHEN ${sql} < ${floor} THEN 0 ELSE ${sql} END` : `GREATEST(${sql}, ${floor})`;
    }
    return clause.cap ? `LEAST(${sql}, ${ctx.yuan(clause.cap.param)})` : sql;
  };

  if (clause.capPerRecord && !records) throw new Error(`${ctx.pkg.id}.${clause.id}: "capPerRecord" needs unit project or claim`);
  const recipients = gateRecipients(ctx, clause);
  if (!records || !hasRecord) {
    return {
      leaves,
      projectCte: null,
      record: null,
      eligible: recipients(elig.sql),
      tier: tiered(clause) ? `${award.tier}::VARCHAR` : null,
      raw: `CAST(${award.amount} AS BIGINT)`,
      evidence: withEvidence ? evidenceSql([...elig.leaves, ...award.leaves]) : null,
      rank,
      capped
    };
  }
  // each record's amount capped on its own (NULL stays NULL: LEAST would skip it), then summed per firm
  const amount = clause.capPerRecord
    ? `(CASE WHEN (${award.amount}) > ${ctx.yuan(clause.capPerRecord.param)} THEN ${ctx.yuan(clause.capPerRecord.param)} ELSE ${award.amount} END)`
    : award.amount;
  const ok = `(${hasRecord} AND ${elig.sql})`;
  if (inPass) {
    const pass = recordPass(records.table);
    return {
      leaves: [],
      projectCte: null,
      record: { k, records, leaves, ok, amount },
      eligible: recipients(`(CASE WHEN ${pass}.found_${k} THEN ${pass}.eligible_${k} ELSE FALSE END)`),
      tier: null,
      raw: `(CASE WHEN ${pass}.found_${k} THEN ${pass}.raw_${k} ELSE 0 END)`,
      evidence: null,
      rank,
      capped
    };
  }
  const evidence = [{ id: records.has.id, unit: 'flag', op: '=', pass: hasRecord, value: `(${records.id} IS NOT NULL)::INTEGER`, threshold: '1' }, ...elig.leaves, ...award.leaves];
  // evidence lists a firm without a record too (its missing record)
  const withLeaves = `SELECT *, ${leaves.map((l) => `${l.sql} AS ${l.alias}`).join(', ')} FROM (${records.rows})`;
  const projectCte = `p_${k} AS (SELECT firm_id, TRUE AS found,
    CASE WHEN bool_or(ok) THEN TRUE WHEN bool_or(ok IS NULL) THEN NULL ELSE FALSE END AS eligible,
    CASE WHEN bool_or(ok AND amount IS NULL) THEN NULL ELSE CAST(COALESCE(SUM(CASE WHEN ok THEN amount ELSE 0 END), 0) AS BIGINT) END AS raw${withEvidence ? ',\n    flatten(list(evidence)) AS evidence' : ''}
  FROM (SELECT firm_id, ${ok} AS ok, ${amount} AS amount${withEvidence ? `, ${evidenceSql(evidence, records.id)} AS evidence` : ''}
    FROM (${withLeaves}))
  GROUP BY firm_id)`;
  return {
    leaves: [],
    projectCte,
    record: null,
    eligible: recipients(`(CASE WHEN p_${k}.found THEN p_${k}.eligible ELSE FALSE END)`),
    tier: null,
    raw: `(CASE WHEN p_${k}.found THEN p_${k}.raw ELSE 0 END)`,
    evidence: withEvidence ? `p_${k}.evidence` : null,
    rank,
    capped
  };
}

/**
 * Where a package pays townships or departments, each clause is refused for the recipients it does
 * not name (firm clauses for townships, a township clause for firms).
 */
function gateRecipients(ctx: Ctx, clause: Clause): (eligible: string) => string {
  if (!otherRecipients(ctx.pkg).length) return (e) => e;
  const kinds = (clause.recipients ?? ['firm']).map(literal).join(', ');
  return (e) => `(CASE WHEN recipient_kind IN (${kinds}) THEN ${e} ELSE FALSE END)`;
}

export interface CompiledPackage {
  sql: string;
  params: Param[];
}

/** The steps up to the per-clause columns (cl): exclusions, leaves, eligibility, tier, raw amount and evidence. */
function clauseColumns(pkg: Package, values: ParamValues, options: CompileOptions, firms: string | null) {
  for (const name of Object.keys(values)) if (!pkg.parameters[name]) throw new Error(`${pkg.id}: unknown parameter "${name}"`);
  if (pkg.clauses.length > MAX_CLAUSES) throw new Error(`${pkg.id}: more than ${MAX_CLAUSES} clauses`);
  const ctx = new Ctx(pkg, values, options.params ?? []);
  const withEvidence = options.evidence ?? true;
  const region = pkg.regionGrowth ? ` CROSS JOIN ${regionTable(pkg)} r` : '';
  const flat = `SELECT * FROM ${firms ? SELECTED : metricsTable(pkg)} m${region}`;

  const exclusions = pkg.exclusions.map((e) => compileCondition(ctx, e.when));
  let excluded = exclusions.length ? `(${exclusions.map((e) => e.sql).join(' OR ')})` : 'FALSE';
  // exclusions (失信, accidents) are about firms: a township or department is never excluded
  if (exclusions.length && otherRecipients(pkg).length) excluded = `(CASE WHEN recipient_kind = 'firm' THEN ${excluded} ELSE FALSE END)`;
  const exEvidence = withEvidence ? `, ${evidenceSql(exclusions.flatMap((e) => e.leaves))} AS exclusion_evidence` : '';
  const clauses = pkg.clauses.map((c, k) => clauseSql(ctx, c, k, withEvidence, firms));
  const K = pkg.clauses.map((_, k) => k);
  const leafColumns = clauses.flatMap((c) => c.leaves);

  const ctes: string[] = firms ? [`${SELECTED} AS MATERIALIZED (SELECT * FROM ${metricsTable(pkg)} WHERE firm_id IN (${firms}))`] : [];
  ctes.push(`f AS (SELECT *, ${excluded} AS excluded${exEvidence}${leafColumns.map((l) => `, ${l.sql} AS ${l.alias}`).join('')} FROM (${flat}))`);
  for (const c of clauses) if (c.projectCte) ctes.push(c.projectCte);
  const parts = clauses.flatMap((c) => (c.record ? [c.record] : []));
  const passes = [...new Set(parts.map((p) => p.records.table))];
  for (const table of passes) ctes.push(recordPassCte(pkg, parts.filter((p) => p.records.table === table)));
  const joins = [...K.filter((k) => clauses[k].projectCte).map((k) => ` LEFT JOIN p_${k} USING (firm_id)`), ...passes.map((t) => ` LEFT JOIN ${recordPass(t)} USING (firm_id)`)].join('');
  const optional = (sql: string | null, name: string) => (sql === null ? '' : `, ${sql} AS ${name}`);
  ctes.push(`cl AS (SELECT firm_id, district, industry_code, excluded${withEvidence ? ', exclusion_evidence' : ''}${K.map(
    (k) => `, ${clauses[k].eligible} AS e_${k}${optional(clauses[k].tier, `t_${k}`)}, ${clauses[k].raw} AS r_${k}${optional(clauses[k].evidence, `ev_${k}`)}${optional(clauses[k].rank, `rk_${k}`)}`
  ).join('')} FROM f${joins})`);
  return { ctx, ctes, clauses, K, withEvidence };
}

/**
 * The evidence of a package's clauses for some firms (`firms`: SQL after `m.firm_id IN`, e.g. `$1` or a
 * subquery): one row per firm with `exclusion_evidence` and `ev_k`. Evidence depends only on the firm's own
 * row (its metrics, projects, claims) and the parameters, never on other firms (stacking and pools do not
 * enter it), so it equals the evidence of a full evaluation.
 */
export function compileEvidence(pkg: Package, values: ParamValues, firms: string | null, params: Param[] = []): CompiledPackage {
  const { ctx, ctes, K } = clauseColumns(pkg, values, { evidence: true, params }, firms);
  return { sql: `WITH ${ctes.join(',\n')}\nSELECT firm_id, exclusion_evidence${K.map((k) => `, ev_${k}`).join('')} FROM cl`, params: ctx.params };
}

/** The wide evaluation of a package: one row per firm, the clauses' columns suffixed _0, _1 ... */
export function compileWide(pkg: Package, values: ParamValues = {}, options: CompileOptions = {}): CompiledPackage {
  const { ctx, ctes, clauses, K, withEvidence } = clauseColumns(pkg, values, options, null);
  ctes.push(`capped AS (SELECT *${K.map((k) => `, CASE WHEN NOT e_${k} OR e_${k} IS NULL THEN 0 WHEN r_${k} IS NULL THEN NULL ELSE ${clauses[k].capped()} END AS c_${k}`).join('')} FROM cl)`);
  ctes.push(`staged AS (SELECT *${K.map(
    (k) => `, CASE WHEN excluded THEN 'excluded' WHEN e_${k} IS NULL THEN 'unknown' WHEN NOT e_${k} THEN 'refused' WHEN excluded IS NULL OR c_${k} IS NULL THEN 'unknown' WHEN c_${k} <= 0 THEN 'below_floor' ELSE 'eligible' END AS s0_${k}`
  ).join('')} FROM capped)`);

  // Stacking: within a group the highest capped claim stays, on a tie the earlier clause.
  const order = new Map(pkg.clauses.map((c, k) => [c.id, k]));
  const groupOf = new Map<number, number>();
  pkg.stacking.forEach((g, gi) => g.clauses.forEach((id) => groupOf.set(order.get(id)!, gi)));
  const key = (k: number) => `CASE WHEN s0_${k} = 'eligible' THEN c_${k} * ${MAX_CLAUSES} + ${MAX_CLAUSES - 1 - k} END`;
  const winners = pkg.stacking.map((g, gi) => `GREATEST(${g.clauses.map((id) => key(order.get(id)!)).join(', ')}) AS win_${gi}`);
  const winnerClause = (gi: number) => `CASE ${MAX_CLAUSES - 1} - (win_${gi} % ${MAX_CLAUSES}) ${pkg.stacking[gi].clauses.map((id) => `WHEN ${order.get(id)} THEN ${literal(id)}`).join(' ')} END`;
  ctes.push(`ranked AS (SELECT *${winners.map((w) => `, ${w}`).join('')} FROM staged)`);
  // a clause in no stacking group keeps its stage: s(k) names the column that holds it
  const s = (k: number) => (groupOf.has(k) ? `s_${k}` : `s0_${k}`);
  ctes.push(`stacked AS (SELECT *${K.map((k) => {
    const gi = groupOf.get(k);
    if (gi === undefined) return '';
    const lost = `s0_${k} = 'eligible' AND ${key(k)} <> win_${gi}`;
    return `, CASE WHEN ${lost} THEN 'stacked' ELSE s0_${k} END AS s_${k}, CASE WHEN ${lost} THEN ${winnerClause(gi)} END AS sb_${k}`;
  }).join('')} FROM ranked)`);

  // Pools: demand is the sum of eligible claims over all firms; allocation pro rata or by rank. The sum is an
  // aggregate over the settled rows, narrowed to what the result needs: a window over all firms held every
  // metric of every row and ran on one thread (in native DuckDB at nation size, about half a pooled package's time).
  const pooled = K.filter((k) => pkg.clauses[k].pool);
  const eligibleYuan = (k: number) => `CASE WHEN ${s(k)} = 'eligible' THEN c_${k} ELSE 0 END`;
  const rankOf = (k: number) => ctx.choice(pkg.clauses[k].pool!.allocation.param) === 'rank';
  if (pooled.length) {
    const needed = K.flatMap((k) => {
      const c = pkg.clauses[k];
      return [`e_${k}`, ...(tiered(c) ? [`t_${k}`] : []), `r_${k}`, `c_${k}`, s(k), ...(groupOf.has(k) ? [`sb_${k}`] : []), ...(withEvidence ? [`ev_${k}`] : []), ...(c.pool && rankOf(k) ? [`rk_${k}`] : [])];
    });
    ctes.push(`settled AS MATERIALIZED (SELECT firm_id, district, industry_code${withEvidence ? ', exclusion_evidence' : ''}, ${needed.join(', ')} FROM stacked)`);
    ctes.push(`demands AS (SELECT ${pooled.map((k) => `SUM(${eligibleYuan(k)}) AS demand_${k}`).join(', ')} FROM settled)`);
  }
  const pools = pooled.map((k) => {
    const cumulative = rankOf(k) ? `SUM(${eligibleYuan(k)}) OVER (ORDER BY rk_${k} DESC NULLS LAST, firm_id ROWS UNBOUNDED PRECEDING)` : 'NULL::HUGEINT';
    return `, ${ctx.yuan(pkg.clauses[k].pool!.amount.param)} AS pool_${k}, ${cumulative} AS cum_${k}`;
  });
  ctes.push(`demand AS (SELECT *${pools.join('')} FROM ${pooled.length ? 'settled CROSS JOIN demands' : 'stacked'})`);
  const allocate = (k: number) => {
    const pool = pkg.clauses[k].pool;
    if (!pool) return `CAST(CASE WHEN ${s(k)} <> 'eligible' THEN 0 ELSE c_${k} END AS BIGINT)`;
    const rank = ctx.choice(pool.allocation.param) === 'rank';
    return `CAST(CASE WHEN ${s(k)} <> 'eligible' THEN 0 WHEN pool_${k} IS NULL OR demand_${k} <= pool_${k} THEN c_${k}
      ${rank ? `WHEN cum_${k} <= pool_${k} THEN c_${k} ELSE 0` : `ELSE (CAST(c_${k} AS HUGEINT) * pool_${k}) // demand_${k}`} END AS BIGINT)`;
  };
  ctes.push(`allocated AS (SELECT *${K.map((k) => `, ${allocate(k)} AS a_${k}`).join('')} FROM demand)`);
  // Only what the (firm, clause) rows need is kept: metrics and intermediate columns stay behind.
  const kept = K.map((k) => {
    const c = pkg.clauses[k];
    return `, e_${k}${tiered(c) ? `, t_${k}` : ''}, r_${k}, c_${k}, a_${k}${groupOf.has(k) ? `, sb_${k}` : ''}${c.pool ? `, pool_${k}, demand_${k}` : ''}${withEvidence ? `, ev_${k}` : ''}`;
  }).join('');
  const sql = `WITH ${ctes.join(',\n')}
SELECT firm_id, district, industry_code${withEvidence ? ', exclusion_evidence' : ''}${kept}${K.map((k) => `, CASE WHEN ${s(k)} = 'eligible' AND a_${k} <= 0 THEN 'pool_exhausted' WHEN ${s(k)} = 'eligible' THEN 'paid' ELSE ${s(k)} END AS st_${k}`).join('')} FROM allocated`;
  return { sql, params: ctx.params };
}

/** The columns of one (firm, clause) row read from a wide evaluation `w` (see compileWide): name and SQL, in order. */
export function longFields(pkg: Package, k: number, over: { status?: string; award?: string; stackedBy?: string } = {}, evidence = true): [string, string][] {
  const c = pkg.clauses[k];
  return [
    ['package', literal(pkg.id)], ['firm_id', 'firm_id'], ['district', 'district'], ['industry_code', 'industry_code'],
    ['clause', literal(c.id)], ['clause_order', String(k)], ['tier', tiered(c) ? `t_${k}` : 'NULL::VARCHAR'], ['eligible', `e_${k}`],
    ['raw_yuan', `r_${k}`], ['capped_yuan', `c_${k}`], ['award_yuan', over.award ?? `a_${k}`], ['status', over.status ?? `st_${k}`],
    ['stacked_by', over.stackedBy ?? stackedByColumn(pkg, k)],
    ['pool_yuan', c.pool ? `pool_${k}` : 'NULL::BIGINT'], ['pool_demand', c.pool ? `CAST(demand_${k} AS BIGINT)` : 'NULL::BIGINT'],
    ...(evidence ? ([['evidence', `ev_${k}`], ['exclusion_evidence', 'exclusion_evidence']] as [string, string][]) : [])
  ];
}

/** Named SQL as a SELECT list. */
export const selectList = (fields: [string, string][]) => fields.map(([name, sql]) => (name === sql ? sql : `${sql} AS ${name}`)).join(', ');

/** The full evaluation: one row per (firm, clause) with status, tier, amounts and evidence. */
export function compilePackage(pkg: Package, values: ParamValues = {}, options: CompileOptions = {}): CompiledPackage {
  const wide = compileWide(pkg, values, options);
  const sql = `WITH w AS MATERIALIZED (${wide.sql})
${pkg.clauses.map((_, k) => `SELECT ${selectList(longFields(pkg, k))} FROM w`).join('\nUNION ALL\n')}`;
  return { sql, params: wide.params };
}
