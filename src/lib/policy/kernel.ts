/**
 * The what-if fast path: a package's conditions, awards, floors and caps, stacking and pools compiled into
 * JavaScript closures over its per-firm metrics table (read once into typed arrays, kernel-data.ts). It
 * gives the (firm, clause) status, tier and amounts of the wide SQL (compile.ts) step for step, and a
 * property test holds the two equal on random data and random overrides (policy-kernel.test.ts). Metrics
 * come from the same SQL, parameters are scaled by the same Ctx; evidence, profiles and exports stay in SQL.
 *
 * Numbers are integers in float64 (exact below 2^53); a product that could pass 2^53 is done in BigInt.
 * NULL is NaN, a three-valued condition 1 / 0 / UNKNOWN.
 */
import type { Award, Condition, Leaf, Operand, Package } from './schema.ts';
import { Ctx, scaleOf, type ParamValues } from './context.ts';
import { metricColumn, metricDim } from './metrics-sql.ts';
import { CLAIM_FIELD_DIM } from './condition-sql.ts';
import { amountInYuan, scaleExactly, scaledParam, type Dim } from './units.ts';
import type { Status } from './award-row.ts';

/** One package's metrics table as columns, rows in firm_id order (the rank allocation's tie-break). */
export interface KernelTable {
  ids: string[];
  /** `m_<metric>` columns; NaN = NULL. */
  metrics: Record<string, Float64Array>;
  /** Recipient kind per row where the package pays townships or departments. */
  kinds: (string | null)[] | null;
  region: { current: number; base: number } | null;
  /** The records a project or claim clause assesses, by clause id. */
  records: Record<string, KernelRecords>;
}

/** Records per row as ranges: row r owns records start[r] .. start[r+1]-1 (none: one assessment without a record). */
export interface KernelRecords {
  start: Int32Array;
  /** `p_<field>` / `c_<field>` on their scale; NaN = NULL. */
  fields: Record<string, Float64Array>;
  /** Whether the projects / claims table has any row at all (none: a missing record is unknown, not a refusal). */
  loaded: boolean;
}

export const STATUSES: readonly Status[] = ['paid', 'refused', 'unknown', 'excluded', 'stacked', 'below_floor', 'pool_exhausted'];
export const [PAID, REFUSED, UNKNOWN_STATUS, EXCLUDED, STACKED, BELOW_FLOOR, POOL_EXHAUSTED] = [0, 1, 2, 3, 4, 5, 6];
/** Before pools and stacking: a claim that would be paid. */
export const ELIGIBLE = 7;

export interface KernelClause {
  id: string;
  status: Int8Array;
  award: Float64Array;
  /** After floor and cap; NaN when the amount needs missing data. */
  capped: Float64Array;
  tier: (string | null)[];
  /** The clause that won the stacking or 就高 group where status is 'stacked'. */
  stackedBy: (string | null)[];
  pool: number | null;
}
export interface KernelResult {
  ids: string[];
  clauses: KernelClause[];
}

export type Tri = number;
export const UNKNOWN = -1;
type Num = (row: number, rec: number) => number;
type Test = (row: number, rec: number) => Tri;

export const and = (a: Tri, b: Tri): Tri => (a === 0 || b === 0 ? 0 : a === UNKNOWN || b === UNKNOWN ? UNKNOWN : 1);
export const or = (a: Tri, b: Tri): Tri => (a === 1 || b === 1 ? 1 : a === UNKNOWN || b === UNKNOWN ? UNKNOWN : 0);

function holds(a: number | bigint, op: string, b: number | bigint): boolean {
  switch (op) {
    case '>=': return a >= b;
    case '>': return a > b;
    case '<=': return a <= b;
    case '<': return a < b;
    case '=': return a === b;
    default: return a !== b;
  }
}
const safe = (x: number) => x <= Number.MAX_SAFE_INTEGER && x >= -Number.MAX_SAFE_INTEGER;
/** a*b op c*d on integers, exactly. */
function productsHold(a: number, b: number, op: string, c: number, d: number): boolean {
  const x = a * b, y = c * d;
  if (safe(x) && safe(y)) return holds(x, op, y);
  return holds(BigInt(a) * BigInt(b), op, BigInt(c) * BigInt(d));
}
/** Truncating integer division of a*b by d, exactly (DuckDB's `//`). */
export function mulDiv(a: number, b: number, d: number): number {
  const x = a * b;
  if (!safe(x)) return Number((BigInt(a) * BigInt(b)) / BigInt(d));
  const n = Math.abs(x), m = Math.abs(d);
  let q = Math.floor(n / m);
  // float division may land one off near an integer
  if (q * m > n) q--;
  else if ((q + 1) * m <= n) q++;
  return (x < 0) !== (d < 0) && q ? -q : q;
}
const ONE = 1_000_000;

export class Compiler {
  readonly ctx: Ctx;
  constructor(
    readonly pkg: Package,
    values: ParamValues,
    readonly t: KernelTable
  ) {
    for (const name of Object.keys(values)) if (!pkg.parameters[name]) throw new Error(`${pkg.id}: unknown parameter "${name}"`);
    this.ctx = new Ctx(pkg, values);
  }
  record: { unit: 'project' | 'claim'; r: KernelRecords } | null = null;

  scaled(name: string): { v: number; dim: Dim } {
    const spec = this.ctx.spec(name);
    return { v: scaledParam(this.ctx.number(name), spec.unit, `${this.pkg.id}.${name}`), dim: this.ctx.dim(name) };
  }
  yuan(name: string): number {
    return amountInYuan(this.ctx.number(name), this.ctx.spec(name).unit, `${this.pkg.id}.${name}`);
  }
  metric(name: string): Num {
    const col = this.t.metrics[metricColumn(name).slice(1, -1)];
    if (!col) throw new Error(`${this.pkg.id}: metric "${name}" is not in the metrics table`);
    return (row) => col[row];
  }
  field(unit: 'project' | 'claim', field: string): Num {
    if (this.record?.unit !== unit) throw new Error(`${this.pkg.id}: ${unit} field "${field}" is read outside a clause with unit "${unit}"`);
    const col = this.record.r.fields[`${unit === 'project' ? 'p' : 'c'}_${field}`];
    return (_row, rec) => (rec < 0 ? NaN : col[rec]);
  }

  operand(o: Operand, other: Dim | null): { at: Num; dim: Dim | null } {
    if ('metric' in o) return { at: this.metric(o.metric), dim: metricDim(this.pkg, o.metric) };
    if ('project' in o) return { at: this.field('project', o.project), dim: 'money' };
    if ('claim' in o) return { at: this.field('claim', o.claim), dim: CLAIM_FIELD_DIM[o.claim] };
    if ('param' in o) {
      const { v, dim } = this.scaled(o.param);
      return { at: () => v, dim };
    }
    const v = scaleExactly(o.value, scaleOf(other ?? 'count'), `${this.pkg.id}: constant ${o.value}`);
    return { at: () => v, dim: other };
  }

  leaf(leaf: Leaf): Test {
    if ('compare' in leaf) {
      const { left, op, right } = leaf.compare;
      const l0 = 'value' in left ? null : this.operand(left, null);
      const r = this.operand(right, l0?.dim ?? null);
      const l = l0 ?? this.operand(left, r.dim);
      if (l.dim && r.dim && l.dim !== r.dim) throw new Error(`${this.pkg.id}: condition "${leaf.id}" compares ${l.dim} with ${r.dim}`);
      return (row, rec) => {
        const a = l.at(row, rec), b = r.at(row, rec);
        return Number.isNaN(a) || Number.isNaN(b) ? UNKNOWN : holds(a, op, b) ? 1 : 0;
      };
    }
    if ('growth' in leaf) {
      const g = leaf.growth;
      const cur = this.metric(g.current), base = this.metric(g.base);
      let test: (c: number, b: number) => boolean;
      const region = this.pkg.regionGrowth;
      if (g.than === 'region' && !region) throw new Error(`${this.pkg.id}: condition "${leaf.id}" uses region growth but the package has no regionGrowth`);
      if (g.than === 'region' && this.ctx.raw(region!.override.param) === null) {
        const { current, base: regionBase } = this.t.region!;
        test = (c, b) => productsHold(c, regionBase, g.op, current, b);
      } else {
        const t = this.scaled(g.than === 'region' ? region!.override.param : g.than.param);
        if (g.than !== 'region' && t.dim !== 'ratio') throw new Error(`${this.pkg.id}: condition "${leaf.id}" needs a ratio parameter`);
        test = (c, b) => productsHold(c, ONE, g.op, b, ONE + t.v);
      }
      return (row) => {
        const c = cur(row, -1), b = base(row, -1);
        return Number.isNaN(c) || Number.isNaN(b) || b <= 0 ? UNKNOWN : test(c, b) ? 1 : 0;
      };
    }
    const s = leaf.share;
    const part = this.metric(s.part), whole = this.metric(s.whole);
    const t = this.scaled(s.than.param);
    if (t.dim !== 'ratio') throw new Error(`${this.pkg.id}: condition "${leaf.id}" needs a ratio parameter`);
    return (row) => {
      const p = part(row, -1), w = whole(row, -1);
      return Number.isNaN(p) || Number.isNaN(w) || w <= 0 ? UNKNOWN : productsHold(p, ONE, s.op, w, t.v) ? 1 : 0;
    };
  }

  condition(c: Condition): Test {
    if ('all' in c || 'any' in c) {
      const parts = ('all' in c ? c.all : c.any).map((x) => this.condition(x));
      const join = 'all' in c ? and : or;
      return (row, rec) => {
        let v = parts[0](row, rec);
        for (let i = 1; i < parts.length; i++) v = join(v, parts[i](row, rec));
        return v;
      };
    }
    if ('not' in c) {
      const inner = this.condition(c.not);
      return (row, rec) => {
        const v = inner(row, rec);
        return v === UNKNOWN ? UNKNOWN : 1 - v;
      };
    }
    return this.leaf(c);
  }

  source(q: { metric: string } | { project: string } | { claim: keyof typeof CLAIM_FIELD_DIM }): { at: Num; scale: number; dim: Dim } {
    if ('metric' in q) {
      const dim = metricDim(this.pkg, q.metric);
      return { at: this.metric(q.metric), scale: scaleOf(dim), dim };
    }
    if ('claim' in q) return { at: this.field('claim', q.claim), scale: scaleOf(CLAIM_FIELD_DIM[q.claim]), dim: CLAIM_FIELD_DIM[q.claim] };
    return { at: this.field('project', q.project), scale: 100, dim: 'money' };
  }

  /** The raw amount in whole yuan (NaN: unknown) and the tier reached. */
  award(a: Award): { amount: Num; tier: (row: number, rec: number) => string | null } {
    const none = () => null;
    const nonNegative = (x: number) => (x < 0 ? 0 : x);
    switch (a.shape) {
      case 'fixed': {
        const y = this.yuan(a.amount.param);
        return { amount: () => y, tier: none };
      }
      case 'tiers': {
        const tiers = a.tiers.map((t) => ({ id: t.id, when: this.condition(t.when), yuan: this.yuan(t.amount.param) })).reverse();
        return {
          amount: (row, rec) => {
            for (const t of tiers) {
              const v = t.when(row, rec);
              if (v === 1) return t.yuan;
              if (v === UNKNOWN) return NaN; // an unknown higher tier: the amount is unknown, not a lower tier
            }
            return 0;
          },
          tier: (row, rec) => tiers.find((t) => t.when(row, rec) === 1)?.id ?? null
        };
      }
      case 'rate': {
        const q = this.source(a.quantity);
        const rateOf = (name: string) => {
          const s = this.scaled(name);
          if (s.dim !== 'rate') throw new Error(`${this.pkg.id}: parameter "${name}" is not a rate per unit`);
          return s.v;
        };
        const cases = (a.cases ?? []).map((k) => ({ id: k.id, when: this.condition(k.when), rate: rateOf(k.rate.param) }));
        const fallback = rateOf(a.rate.param);
        const divisor = ONE * q.scale;
        return {
          amount: (row, rec) => {
            let rate = fallback;
            for (const k of cases) {
              const v = k.when(row, rec);
              if (v === 1) {
                rate = k.rate;
                break;
              }
              if (v === UNKNOWN) return NaN;
            }
            const x = q.at(row, rec);
            return Number.isNaN(x) ? NaN : mulDiv(rate, nonNegative(x), divisor);
          },
          tier: (row, rec) => cases.find((k) => k.when(row, rec) === 1)?.id ?? null
        };
      }
      case 'percent': {
        const base = this.source(a.base);
        const pct = this.scaled(a.percent.param);
        if (pct.dim !== 'ratio' || base.scale !== 100 || base.dim === 'usd') throw new Error(`${this.pkg.id}: percent award needs a ratio of a 万元 base`);
        const above = a.above ? this.scaled(a.above.param) : null;
        if (above && above.dim !== 'money') throw new Error(`${this.pkg.id}: percent award's "above" must be in 万元`);
        return {
          amount: (row, rec) => {
            const b = base.at(row, rec);
            return Number.isNaN(b) ? NaN : mulDiv(pct.v, nonNegative(above ? b - above.v : b), 10000);
          },
          tier: none
        };
      }
      case 'step': {
        const over = this.metric(a.over);
        const threshold = this.scaled(a.threshold.param), increment = this.scaled(a.increment.param);
        if (metricDim(this.pkg, a.over) !== threshold.dim || threshold.dim !== increment.dim) throw new Error(`${this.pkg.id}: step award mixes dimensions`);
        const base = this.yuan(a.base.param), step = this.yuan(a.step.param);
        const steps = (x: number) => Math.trunc((x - threshold.v) / increment.v);
        return {
          amount: (row) => {
            const x = over(row, -1);
            return Number.isNaN(x) ? NaN : x >= threshold.v ? base + steps(x) * step : 0;
          },
          tier: (row) => {
            const x = over(row, -1);
            return !Number.isNaN(x) && x >= threshold.v ? `steps_${steps(x)}` : null;
          }
        };
      }
    }
  }
}
