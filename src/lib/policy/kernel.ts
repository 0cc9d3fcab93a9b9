/**
 * The what-if fast path: a package's conditions, awards, floors and caps, stacking and pools evaluated a
 * column at a time over its per-firm metrics table (read once into typed arrays, kernel-data.ts). It
 * gives the (firm, clause) status, tier and amounts of the wide SQL (compile.ts) step for step, and a
 * property test holds the two equal on random data and random overrides (policy-kernel.test.ts). Metrics
 * come from the same SQL, parameters are scaled by the same Ctx; evidence, profiles and exports stay in SQL.
 *
 * Numbers are integers in float64 (exact below 2^53); a product that could pass 2^53 is done in BigInt.
 * NULL is NaN, a three-valued condition 1 / 0 / UNKNOWN. A domain is the rows a condition is evaluated on:
 * the firms, or the records a project or claim clause assesses (each with its firm's row).
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
  /** The tier or rate case reached, when asked for (never for project and claim clauses). */
  tier: (string | null)[] | null;
  /** Rows 'stacked', with the clause that won their stacking or 就高 group (when tiers are named). */
  stackedBy: Map<number, string> | null;
  pool: number | null;
  /** Status and award are the kernel's reused arrays: read only (copy before changing them). */
  shared?: boolean;
}
export interface KernelResult {
  ids: string[];
  clauses: KernelClause[];
}

export type Tri = number;
export const UNKNOWN = -1;
type Vec = Float64Array;
type Tris = Int8Array;

/** The rows a condition is evaluated on: the firms, or a project or claim clause's records. */
export interface Domain {
  n: number;
  /** Each element's firm row (null: the elements are the firm rows). */
  row: Int32Array | null;
  /** Each element's record, -1 for a firm with none (null: no records in scope). */
  rec: Int32Array | null;
  /** Elements of firm row r: first[r] .. first[r+1]-1 (record domains). */
  first: Int32Array | null;
  unit: 'firm' | 'project' | 'claim';
  records: KernelRecords | null;
  /** Leaves already computed on this domain in this evaluation. */
  memo: Map<string, Vec | Tris>;
  /** Metrics and record fields gathered onto this domain (they do not depend on parameters: kept across evaluations). */
  gathered: Map<string, Vec>;
}

export const firmDomain = (n: number): Domain => ({ n, row: null, rec: null, first: null, unit: 'firm', records: null, memo: new Map(), gathered: new Map() });

const shapes = new WeakMap<KernelRecords, Pick<Domain, 'n' | 'row' | 'rec' | 'first' | 'gathered'>>();
/** One element per record, and one without a record for a firm that has none (a LEFT JOIN in SQL). */
export function recordDomain(records: KernelRecords, unit: 'project' | 'claim'): Domain {
  let shape = shapes.get(records);
  if (!shape) {
    const rows = records.start.length - 1;
    const first = new Int32Array(rows + 1);
    for (let r = 0; r < rows; r++) first[r + 1] = first[r] + Math.max(1, records.start[r + 1] - records.start[r]);
    const n = first[rows], row = new Int32Array(n), rec = new Int32Array(n);
    for (let r = 0; r < rows; r++) {
      const from = records.start[r], to = records.start[r + 1];
      for (let i = first[r]; i < first[r + 1]; i++) (row[i] = r), (rec[i] = from === to ? -1 : from + i - first[r]);
    }
    shapes.set(records, (shape = { n, row, rec, first, gathered: new Map() }));
  }
  return { ...shape, unit, records, memo: new Map() };
}

export const and = (a: Tri, b: Tri): Tri => (a === 0 || b === 0 ? 0 : a === UNKNOWN || b === UNKNOWN ? UNKNOWN : 1);
export const or = (a: Tri, b: Tri): Tri => (a === 1 || b === 1 ? 1 : a === UNKNOWN || b === UNKNOWN ? UNKNOWN : 0);

function holds(a: number, op: string, b: number): boolean {
  switch (op) {
    case '>=': return a >= b;
    case '>': return a > b;
    case '<=': return a <= b;
    case '<': return a < b;
    case '=': return a === b;
    default: return a !== b;
  }
}
/** a[i] op b for every row (b a number, never NULL), with the comparison chosen once. */
function againstNumber(out: Tris, a: Vec, op: string, b: number): void {
  const n = out.length;
  switch (op) {
    case '>=': for (let i = 0; i < n; i++) out[i] = a[i] !== a[i] ? UNKNOWN : a[i] >= b ? 1 : 0; return;
    case '>': for (let i = 0; i < n; i++) out[i] = a[i] !== a[i] ? UNKNOWN : a[i] > b ? 1 : 0; return;
    case '<=': for (let i = 0; i < n; i++) out[i] = a[i] !== a[i] ? UNKNOWN : a[i] <= b ? 1 : 0; return;
    case '<': for (let i = 0; i < n; i++) out[i] = a[i] !== a[i] ? UNKNOWN : a[i] < b ? 1 : 0; return;
    case '=': for (let i = 0; i < n; i++) out[i] = a[i] !== a[i] ? UNKNOWN : a[i] === b ? 1 : 0; return;
    default: for (let i = 0; i < n; i++) out[i] = a[i] !== a[i] ? UNKNOWN : a[i] !== b ? 1 : 0;
  }
}
/** a op b on BigInts, as the sign of a - b against 0 (so `holds` stays a function of numbers only: the JIT deoptimises a mixed one). */
const holdsBig = (a: bigint, op: string, b: bigint): boolean => holds(a > b ? 1 : a < b ? -1 : 0, op, 0);
const safe = (x: number) => x <= Number.MAX_SAFE_INTEGER && x >= -Number.MAX_SAFE_INTEGER;
/** a*b op c*d on integers, exactly. */
function productsHold(a: number, b: number, op: string, c: number, d: number): boolean {
  const x = a * b, y = c * d;
  if (safe(x) && safe(y)) return holds(x, op, y);
  // each float product is within 2^-53 of the exact one: products further apart than that compare right as floats
  if (Math.abs(x - y) > (Math.abs(x) + Math.abs(y)) * 2 ** -50) return holds(x, op, y);
  return holdsBig(BigInt(a) * BigInt(b), op, BigInt(c) * BigInt(d));
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
const leafKeys = new WeakMap<Leaf, string>();
const filled = (n: number, v: number) => new Float64Array(n).fill(v);

export interface AwardVec {
  /** Whole yuan, NaN when unknown. */
  amount: Vec;
  /** The tier or rate case reached (when asked for). */
  tier: (string | null)[] | null;
}

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

  scaled(name: string): { v: number; dim: Dim } {
    const spec = this.ctx.spec(name);
    return { v: scaledParam(this.ctx.number(name), spec.unit, `${this.pkg.id}.${name}`), dim: this.ctx.dim(name) };
  }
  yuan(name: string): number {
    return amountInYuan(this.ctx.number(name), this.ctx.spec(name).unit, `${this.pkg.id}.${name}`);
  }

  private memo<T extends Vec | Tris>(d: Domain, key: string, make: () => T): T {
    let v = d.memo.get(key) as T | undefined;
    if (!v) d.memo.set(key, (v = make()));
    return v;
  }

  /** `col` read through `index` (-1: NULL), once per domain. */
  private gather(d: Domain, key: string, col: Vec, index: Int32Array): Vec {
    let v = d.gathered.get(key);
    if (!v) {
      v = new Float64Array(d.n);
      for (let i = 0; i < d.n; i++) v[i] = index[i] < 0 ? NaN : col[index[i]];
      d.gathered.set(key, v);
    }
    return v;
  }

  /** A metric on the domain (the column itself on the firm rows: read only). */
  metric(name: string, d: Domain): Vec {
    const col = this.t.metrics[metricColumn(name).slice(1, -1)];
    if (!col) throw new Error(`${this.pkg.id}: metric "${name}" is not in the metrics table`);
    return d.row ? this.gather(d, `m:${name}`, col, d.row) : col;
  }

  field(unit: 'project' | 'claim', field: string, d: Domain): Vec {
    if (d.unit !== unit) throw new Error(`${this.pkg.id}: ${unit} field "${field}" is read outside a clause with unit "${unit}"`);
    return this.gather(d, `f:${field}`, d.records!.fields[`${unit === 'project' ? 'p' : 'c'}_${field}`], d.rec!);
  }

  /** A column on the domain, or one number for every row (a parameter or constant). */
  operand(o: Operand, other: Dim | null, d: Domain): { v: Vec | number; dim: Dim | null } {
    if ('metric' in o) return { v: this.metric(o.metric, d), dim: metricDim(this.pkg, o.metric) };
    if ('project' in o) return { v: this.field('project', o.project, d), dim: 'money' };
    if ('claim' in o) return { v: this.field('claim', o.claim, d), dim: CLAIM_FIELD_DIM[o.claim] };
    if ('param' in o) {
      const { v, dim } = this.scaled(o.param);
      return { v, dim };
    }
    return { v: scaleExactly(o.value, scaleOf(other ?? 'count'), `${this.pkg.id}: constant ${o.value}`), dim: other };
  }

  /** A leaf condition computed once per domain however often the clause names it (as the SQL computes each leaf once). */
  private shared(leaf: Leaf, d: Domain): Tris {
    let key = leafKeys.get(leaf);
    if (!key) {
      const { label: _label, ...what } = leaf;
      leafKeys.set(leaf, (key = `l:${JSON.stringify(what)}`));
    }
    return this.memo(d, key, () => this.leaf(leaf, d));
  }

  leaf(leaf: Leaf, d: Domain): Tris {
    const out = new Int8Array(d.n);
    if ('compare' in leaf) {
      const { left, op, right } = leaf.compare;
      const l0 = 'value' in left ? null : this.operand(left, null, d);
      const r = this.operand(right, l0?.dim ?? null, d);
      const l = l0 ?? this.operand(left, r.dim, d);
      if (l.dim && r.dim && l.dim !== r.dim) throw new Error(`${this.pkg.id}: condition "${leaf.id}" compares ${l.dim} with ${r.dim}`);
      // a column against a number (the usual threshold) without a column of copies of it
      const a = typeof l.v === 'number' ? filled(d.n, l.v) : l.v;
      const b = r.v;
      if (typeof b === 'number') againstNumber(out, a, op, b);
      else for (let i = 0; i < d.n; i++) out[i] = Number.isNaN(a[i]) || Number.isNaN(b[i]) ? UNKNOWN : holds(a[i], op, b[i]) ? 1 : 0;
      return out;
    }
    if ('growth' in leaf) {
      const g = leaf.growth;
      const cur = this.metric(g.current, d), base = this.metric(g.base, d);
      const region = this.pkg.regionGrowth;
      if (g.than === 'region' && !region) throw new Error(`${this.pkg.id}: condition "${leaf.id}" uses region growth but the package has no regionGrowth`);
      const byRegion = g.than === 'region' && this.ctx.raw(region!.override.param) === null;
      // growth >= t  <=>  cur x 1e6 >= base x (1e6 + t);  growth >= the region's  <=>  cur x region_base >= region_cur x base
      let [times, plus] = [ONE, ONE];
      if (byRegion) [times, plus] = [this.t.region!.base, this.t.region!.current];
      else {
        const t = this.scaled(g.than === 'region' ? region!.override.param : g.than.param);
        if (g.than !== 'region' && t.dim !== 'ratio') throw new Error(`${this.pkg.id}: condition "${leaf.id}" needs a ratio parameter`);
        plus = ONE + t.v;
      }
      for (let i = 0; i < d.n; i++) {
        const c = cur[i], b = base[i];
        out[i] = Number.isNaN(c) || Number.isNaN(b) || b <= 0 ? UNKNOWN : (byRegion ? productsHold(c, times, g.op, plus, b) : productsHold(c, times, g.op, b, plus)) ? 1 : 0;
      }
      return out;
    }
    const s = leaf.share;
    const part = this.metric(s.part, d), whole = this.metric(s.whole, d);
    const t = this.scaled(s.than.param);
    if (t.dim !== 'ratio') throw new Error(`${this.pkg.id}: condition "${leaf.id}" needs a ratio parameter`);
    for (let i = 0; i < d.n; i++) {
      const p = part[i], w = whole[i];
      out[i] = Number.isNaN(p) || Number.isNaN(w) || w <= 0 ? UNKNOWN : productsHold(p, ONE, s.op, w, t.v) ? 1 : 0;
    }
    return out;
  }

  condition(c: Condition, d: Domain): Tris {
    if ('all' in c || 'any' in c) {
      const parts = ('all' in c ? c.all : c.any).map((x) => this.condition(x, d));
      const out = parts[0].slice();
      for (let k = 1; k < parts.length; k++) {
        const p = parts[k];
        if ('all' in c) for (let i = 0; i < d.n; i++) out[i] = and(out[i], p[i]);
        else for (let i = 0; i < d.n; i++) out[i] = or(out[i], p[i]);
      }
      return out;
    }
    if ('not' in c) return this.condition(c.not, d).map((v) => (v === UNKNOWN ? UNKNOWN : 1 - v));
    return this.shared(c, d);
  }

  source(q: { metric: string } | { project: string } | { claim: keyof typeof CLAIM_FIELD_DIM }, d: Domain): { v: Vec; scale: number; dim: Dim } {
    if ('metric' in q) {
      const dim = metricDim(this.pkg, q.metric);
      return { v: this.metric(q.metric, d), scale: scaleOf(dim), dim };
    }
    if ('claim' in q) return { v: this.field('claim', q.claim, d), scale: scaleOf(CLAIM_FIELD_DIM[q.claim]), dim: CLAIM_FIELD_DIM[q.claim] };
    return { v: this.field('project', q.project, d), scale: 100, dim: 'money' };
  }

  /**
   * The raw amount in whole yuan and the tier reached (`tiers`: whether to name it). Of tiers and rate
   * cases the highest true one pays; an unknown one above it makes the amount unknown, not a lower tier;
   * the tier named is the highest true one.
   */
  award(a: Award, d: Domain, tiers: boolean): AwardVec {
    const amount = new Float64Array(d.n);
    const tier: (string | null)[] | null = tiers ? new Array(d.n).fill(null) : null;
    const nonNegative = (x: number) => (x < 0 ? 0 : x);
    const firstTrue = (cases: { id: string; when: Tris; value: number }[], otherwise: number) => {
      for (let i = 0; i < d.n; i++) {
        let value = otherwise, decided = false;
        for (const k of cases) {
          const v = k.when[i];
          if (v === 1) {
            if (!decided) value = k.value;
            if (tier) tier[i] = k.id;
            break;
          }
          if (v === UNKNOWN && !decided) {
            value = NaN;
            decided = true;
            if (!tier) break;
          }
        }
        amount[i] = value;
      }
    };
    switch (a.shape) {
      case 'fixed':
        amount.fill(this.yuan(a.amount.param));
        return { amount, tier };
      case 'tiers':
        firstTrue(a.tiers.map((t) => ({ id: t.id, when: this.condition(t.when, d), value: this.yuan(t.amount.param) })).reverse(), 0);
        return { amount, tier };
      case 'rate': {
        const q = this.source(a.quantity, d);
        const rateOf = (name: string) => {
          const s = this.scaled(name);
          if (s.dim !== 'rate') throw new Error(`${this.pkg.id}: parameter "${name}" is not a rate per unit`);
          return s.v;
        };
        const cases = (a.cases ?? []).map((k) => ({ id: k.id, when: this.condition(k.when, d), value: rateOf(k.rate.param) }));
        firstTrue(cases, rateOf(a.rate.param));
        // amount holds the rate so far: yuan = rate (micro-yuan per unit) x quantity (units x scale) / (1e6 x scale)
        for (let i = 0; i < d.n; i++) amount[i] = Number.isNaN(amount[i]) || Number.isNaN(q.v[i]) ? NaN : mulDiv(amount[i], nonNegative(q.v[i]), ONE * q.scale);
        return { amount, tier };
      }
      case 'percent': {
        const base = this.source(a.base, d);
        const pct = this.scaled(a.percent.param);
        if (pct.dim !== 'ratio' || base.scale !== 100 || base.dim === 'usd') throw new Error(`${this.pkg.id}: percent award needs a ratio of a 万元 base`);
        const above = a.above ? this.scaled(a.above.param) : null;
        if (above && above.dim !== 'money') throw new Error(`${this.pkg.id}: percent award's "above" must be in 万元`);
        for (let i = 0; i < d.n; i++) amount[i] = Number.isNaN(base.v[i]) ? NaN : mulDiv(pct.v, nonNegative(above ? base.v[i] - above.v : base.v[i]), 10000);
        return { amount, tier };
      }
      case 'step': {
        const over = this.metric(a.over, d);
        const threshold = this.scaled(a.threshold.param), increment = this.scaled(a.increment.param);
        if (metricDim(this.pkg, a.over) !== threshold.dim || threshold.dim !== increment.dim) throw new Error(`${this.pkg.id}: step award mixes dimensions`);
        const base = this.yuan(a.base.param), step = this.yuan(a.step.param);
        for (let i = 0; i < d.n; i++) {
          const x = over[i];
          if (Number.isNaN(x)) amount[i] = NaN;
          else if (x < threshold.v) amount[i] = 0;
          else {
            const steps = Math.trunc((x - threshold.v) / increment.v);
            amount[i] = base + steps * step;
            if (tier) tier[i] = `steps_${steps}`;
          }
        }
        return { amount, tier };
      }
    }
  }
}
