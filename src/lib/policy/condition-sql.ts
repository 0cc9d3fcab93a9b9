/**
 * Conditions compile to SQL booleans with SQL's three-valued logic: NULL is "unknown" (data missing),
 * never a silent false. Every leaf also yields an evidence entry: the firm's value, the threshold and
 * whether it passed, in display units (DOUBLE, for reading only: decisions use the integer comparison).
 */
import { literal } from '../db/types.ts';
import type { Condition, Leaf, Operand } from './schema.ts';
import { metricColumn, metricDim } from './metrics-sql.ts';
import { Ctx, scaleOf } from './context.ts';
import { scaleExactly, type Dim } from './units.ts';

export interface Compiled {
  sql: string;
  leaves: LeafSql[];
}
export interface LeafSql {
  id: string;
  /** Dimension of value and threshold ('ratio', 'money' ...), so screens can read gaps without the package. */
  unit: string;
  /** Comparison, for the gap: how far the value is from passing. */
  op: string;
  pass: string;
  value: string;
  threshold: string;
  /**
   * Evidence only (never a decision): why a leaf is unknown when the data is there, e.g. 'zero_base' for a
   * growth whose base quarter is zero (not computable, unlike a missing quarter). Absent: NULL.
   */
  reason?: string;
}

/** Reasons an evidence entry gives for an unknown that is not missing data (`Evidence.reason`). */
export const EVIDENCE_REASONS = { zeroBase: 'zero_base' } as const;

interface OperandSql {
  sql: string;
  dim: Dim | null;
  display: string;
}

/**
 * Expressions name columns without table qualifiers: clause queries select the metrics row (m_*),
 * the region row (region_*) and the project being assessed (p_*) into one flat row first.
 * Project fields are 万元 with 2 decimals, like money metrics.
 */
export const projectField = (field: string) => `CAST(p_${field} * 100 AS BIGINT)`;

/** Claim fields on their scale: quantity a count, amount_10k 万元 and amount_usd dollars in hundredths. */
export const CLAIM_FIELD_DIM = { quantity: 'count', amount_10k: 'money', amount_usd: 'usd' } as const satisfies Record<string, Dim>;
export const claimField = (field: keyof typeof CLAIM_FIELD_DIM) => (field === 'quantity' ? `CAST(c_quantity AS BIGINT)` : `CAST(c_${field} * 100 AS BIGINT)`);

/** A project or claim field read outside a clause assessing projects or claims is a package error. */
export function checkRecordField(ctx: Ctx, unit: 'project' | 'claim', field: string): void {
  if (ctx.record !== unit) throw new Error(`${ctx.pkg.id}: ${unit} field "${field}" is read outside a clause with unit "${unit}"`);
}

function operand(ctx: Ctx, o: Operand, other: Dim | null): OperandSql {
  if ('metric' in o) {
    const dim = metricDim(ctx.pkg, o.metric);
    return { sql: metricColumn(o.metric), dim, display: `${metricColumn(o.metric)} / ${scaleOf(dim)}` };
  }
  if ('project' in o) {
    checkRecordField(ctx, 'project', o.project);
    return { sql: projectField(o.project), dim: 'money', display: `p_${o.project}::DOUBLE` };
  }
  if ('claim' in o) {
    checkRecordField(ctx, 'claim', o.claim);
    return { sql: claimField(o.claim), dim: CLAIM_FIELD_DIM[o.claim], display: `c_${o.claim}::DOUBLE` };
  }
  if ('param' in o) {
    const s = ctx.scaled(o.param);
    return { sql: s.sql, dim: s.dim, display: `${s.sql} / ${scaleOf(s.dim)}` };
  }
  const dim = other ?? 'count';
  const n = ctx.bindInt(scaleExactly(o.value, scaleOf(dim), `${ctx.pkg.id}: constant ${o.value}`));
  return { sql: n, dim: other, display: `${o.value}::DOUBLE` };
}

const ONE = 1_000_000;

function compileLeaf(ctx: Ctx, leaf: Leaf): LeafSql {
  if ('compare' in leaf) {
    const { left, op, right } = leaf.compare;
    const l0 = 'value' in left ? null : operand(ctx, left, null);
    const r = operand(ctx, right, l0?.dim ?? null);
    const l = l0 ?? operand(ctx, left, r.dim);
    if (l.dim && r.dim && l.dim !== r.dim) throw new Error(`${ctx.pkg.id}: condition "${leaf.id}" compares ${l.dim} with ${r.dim}`);
    return { id: leaf.id, unit: l.dim ?? r.dim ?? 'count', op, pass: `(${l.sql} ${op} ${r.sql})`, value: l.display, threshold: r.display };
  }
  if ('growth' in leaf) {
    const g = leaf.growth;
    const cur = metricColumn(g.current);
    const base = metricColumn(g.base);
    const value = `CASE WHEN ${base} > 0 THEN ${cur}::DOUBLE / ${base} - 1 END`;
    const guard = (expr: string) => `(CASE WHEN ${cur} IS NULL OR ${base} IS NULL OR ${base} <= 0 THEN NULL ELSE ${expr} END)`;
    const byRatio = (t: string) => guard(`CAST(${cur} AS HUGEINT) * ${ONE} ${g.op} CAST(${base} AS HUGEINT) * (${ONE} + ${t})`);
    // both quarters reported, the base zero: growth is not computable (the guard above makes it NULL too)
    const reason = `CASE WHEN ${cur} IS NOT NULL AND ${base} IS NOT NULL AND ${base} <= 0 THEN ${literal(EVIDENCE_REASONS.zeroBase)} END`;
    if (g.than === 'region') {
      const region = ctx.pkg.regionGrowth;
      if (!region) throw new Error(`${ctx.pkg.id}: condition "${leaf.id}" uses region growth but the package has no regionGrowth`);
      if (ctx.raw(region.override.param) !== null) {
        const t = ctx.scaled(region.override.param);
        return { id: leaf.id, unit: 'ratio', op: g.op, pass: byRatio(t.sql), value, threshold: `${t.sql} / ${ONE}`, reason };
      }
      // growth >= region growth  <=>  cur * region_base >= region_cur * base  (all positive integers)
      return {
        id: leaf.id,
        unit: 'ratio',
        op: g.op,
        pass: guard(`CAST(${cur} AS HUGEINT) * region_base ${g.op} region_current * CAST(${base} AS HUGEINT)`),
        value,
        threshold: `region_current::DOUBLE / region_base - 1`,
        reason
      };
    }
    const t = ctx.scaled(g.than.param);
    if (t.dim !== 'ratio') throw new Error(`${ctx.pkg.id}: condition "${leaf.id}" needs a ratio parameter`);
    return { id: leaf.id, unit: 'ratio', op: g.op, pass: byRatio(t.sql), value, threshold: `${t.sql} / ${ONE}`, reason };
  }
  const s = leaf.share;
  const part = metricColumn(s.part);
  const whole = metricColumn(s.whole);
  const t = ctx.scaled(s.than.param);
  if (t.dim !== 'ratio') throw new Error(`${ctx.pkg.id}: condition "${leaf.id}" needs a ratio parameter`);
  return {
    id: leaf.id,
    unit: 'ratio',
    op: s.op,
    pass: `(CASE WHEN ${part} IS NULL OR ${whole} IS NULL OR ${whole} <= 0 THEN NULL ELSE CAST(${part} AS HUGEINT) * ${ONE} ${s.op} CAST(${whole} AS HUGEINT) * ${t.sql} END)`,
    value: `CASE WHEN ${whole} > 0 THEN ${part}::DOUBLE / ${whole} END`,
    threshold: `${t.sql} / ${ONE}`
  };
}

export function compileCondition(ctx: Ctx, c: Condition): Compiled {
  if ('all' in c || 'any' in c) {
    const parts = ('all' in c ? c.all : c.any).map((x) => compileCondition(ctx, x));
    const joiner = 'all' in c ? ' AND ' : ' OR ';
    return { sql: `(${parts.map((p) => p.sql).join(joiner)})`, leaves: parts.flatMap((p) => p.leaves) };
  }
  if ('not' in c) {
    const inner = compileCondition(ctx, c.not);
    return { sql: `(NOT ${inner.sql})`, leaves: inner.leaves };
  }
  const leaf = compileLeaf(ctx, c);
  const ref = ctx.leafRef(leaf.pass);
  return { sql: ref, leaves: [{ ...leaf, pass: ref }] };
}

/** The struct type of one evidence entry (also used for NULL evidence in what-ifs). */
export const EVIDENCE_TYPE = 'STRUCT(id VARCHAR, item VARCHAR, unit VARCHAR, value DOUBLE, threshold DOUBLE, pass BOOLEAN, gap DOUBLE, reason VARCHAR)';

/** How far a failed bound is from passing, in display units (NULL when it passed or is not a bound). */
function gapSql(l: LeafSql): string {
  const gap = l.op === '>=' || l.op === '>' ? `(${l.threshold}) - (${l.value})` : l.op === '<=' || l.op === '<' ? `(${l.value}) - (${l.threshold})` : null;
  return gap ? `CASE WHEN NOT (${l.pass}) THEN ${gap} END` : 'NULL';
}

/** Evidence as a list of structs, one per leaf (first occurrence of each id). */
export function evidenceSql(leaves: LeafSql[], item = 'NULL'): string {
  const seen = new Set<string>();
  const entries = leaves
    .filter((l) => (seen.has(l.id) ? false : (seen.add(l.id), true)))
    .map(
      (l) =>
        `{'id': ${literal(l.id)}, 'item': ${item}::VARCHAR, 'unit': ${literal(l.unit)}, 'value': (${l.value})::DOUBLE, 'threshold': (${l.threshold})::DOUBLE, 'pass': (${l.pass})::BOOLEAN, 'gap': (${gapSql(l)})::DOUBLE, 'reason': (${l.reason ?? 'NULL'})::VARCHAR}`
    );
  return entries.length ? `[${entries.join(', ')}]` : `[]::${EVIDENCE_TYPE}[]`;
}
