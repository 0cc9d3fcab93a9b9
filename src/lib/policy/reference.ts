/**
 * A small plain-TypeScript evaluator of the same packages, written independently of the SQL compiler:
 * BigInt arithmetic over rows held in memory. Property tests hold the SQL engine to it award for award;
 * the benchmark runs it beside DuckDB so their ratio survives a noisy machine.
 */
import type { Award, Condition, Leaf, Metric, Operand, Package } from './schema.ts';
import { SCALE, UNIT_DIM, amountInYuan, scaledParam, type Dim } from './units.ts';
import { metricDim, otherRecipients } from './metrics-sql.ts';
import { CLAIM_FIELD_DIM } from './condition-sql.ts';
import type { ParamValues } from './context.ts';
import type { Status } from './award-row.ts';

type Cell = string | number | null;
export type RefRow = Record<string, Cell>;
export interface RefData {
  enterprises: RefRow[];
  quarterly: RefRow[];
  certifications: RefRow[];
  spring_festival: RefRow[];
  projects: RefRow[];
  /** Absent or empty: no claims were loaded (metrics over them are unknown). */
  claims?: RefRow[];
}
export interface RefAward {
  firm_id: string;
  clause: string;
  status: Status;
  tier: string | null;
  award_yuan: number;
}

/** "5403.24" -> 540324n on a scale of 100 (exact; no floating point). */
export function parseScaled(v: Cell, decimals: number): bigint | null {
  if (v === null || v === undefined || v === '') return null;
  const s = typeof v === 'number' ? v.toFixed(decimals) : v.trim();
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(s);
  if (!m) throw new Error(`not a decimal: ${s}`);
  const frac = (m[3] ?? '').padEnd(decimals, '0');
  if (frac.length > decimals && /[1-9]/.test(frac.slice(decimals))) throw new Error(`too many decimals: ${s}`);
  const n = BigInt((m[2] || '0') + frac.slice(0, decimals));
  return m[1] ? -n : n;
}

const MONEY_OR_QTY = new Set(['output_10k', 'sales_10k', 'electricity_kwh', 'gas_m3']);
const measureOf = (row: RefRow, measure: string) => parseScaled(row[measure], MONEY_OR_QTY.has(measure) ? 2 : 0);
const yearOf = (date: Cell) => (date === null ? null : Number(String(date).slice(0, 4)));
const sum = (xs: (bigint | null)[]) => xs.reduce<bigint | null>((a, x) => (x === null ? a : (a ?? 0n) + x), null);
const max = (xs: (bigint | null)[]) => xs.reduce<bigint | null>((a, x) => (x === null ? a : a === null || x > a ? x : a), null);
const min = (xs: (bigint | null)[]) => xs.reduce<bigint | null>((a, x) => (x === null ? a : a === null || x < a ? x : a), null);
const group = (rows: RefRow[]) => {
  const m = new Map<string, RefRow[]>();
  for (const r of rows) m.set(String(r.firm_id), [...(m.get(String(r.firm_id)) ?? []), r]);
  return m;
};

type Firm = { id: string; kind: string; e: RefRow | undefined; q: RefRow[] | undefined; c: RefRow[]; s: RefRow[]; p: RefRow[]; cl: RefRow[] };

/** The claims of a selection (item, level, dates inclusive); dates are ISO text, so they compare as text. */
const selectClaims = (rows: RefRow[], m: { item: string; level?: string; from?: string; to?: string }) =>
  rows.filter((r) => r.item === m.item && (!m.level || r.level === m.level) && (!m.from || String(r.date) >= m.from) && (!m.to || String(r.date) <= m.to));
const claimValue = (r: RefRow, field: 'quantity' | 'amount_10k' | 'amount_usd') => parseScaled(r[field], field === 'quantity' ? 0 : 2);

/** A claims metric: the sum of a field, or its largest per-counterparty sum; NULL when a counted record has the field empty. */
function claimsMetric(m: Extract<Metric, { kind: 'claims' }>, rows: RefRow[]): bigint | null {
  const values = selectClaims(rows, m).map((r) => ({ r, v: m.field === 'count' ? 1n : claimValue(r, m.field) }));
  if (values.some((x) => x.v === null)) return null;
  if (m.agg === 'sum') return values.reduce((a, x) => a + x.v!, 0n);
  const byCounterparty = new Map<string, bigint>();
  for (const { r, v } of values) {
    // a record without a counterparty stands alone (its claim_id is unique)
    const key = r.counterparty === null || r.counterparty === undefined ? `record:${r.claim_id}` : `counterparty:${r.counterparty}`;
    byCounterparty.set(key, (byCounterparty.get(key) ?? 0n) + v!);
  }
  return max([...byCounterparty.values()]) ?? 0n;
}

function metricValue(pkg: Package, name: string, f: Firm, data: RefData, cache: Map<string, bigint | null>): bigint | null {
  if (cache.has(name)) return cache.get(name)!;
  const m: Metric = pkg.metrics[name];
  const q = f.q ?? [];
  const inYear = (y: number) => q.filter((r) => String(r.period).startsWith(`${y}Q`));
  const present = (table: RefRow[], v: bigint | null) => (table.length === 0 ? null : (v ?? 0n));
  let v: bigint | null;
  switch (m.kind) {
    case 'quarter': {
      const rows = q.filter((r) => r.period === m.period);
      v = m.absentAsZero && f.q && rows.length === 0 ? 0n : sum(rows.map((r) => measureOf(r, m.measure)));
      break;
    }
    case 'year': {
      const values = inYear(m.year).map((r) => measureOf(r, m.measure));
      v = values.some((x) => x === null) ? null : sum(values);
      break;
    }
    case 'max_year_before': {
      const years = [...new Set(q.map((r) => Number(String(r.period).slice(0, 4))))].filter((y) => y < m.year);
      v = max(years.map((y) => sum(inYear(y).map((r) => measureOf(r, m.measure))))) ?? 0n;
      break;
    }
    case 'above_scale':
      v = max(q.filter((r) => r.period === m.period).map((r) => parseScaled(r.above_scale, 0)));
      break;
    case 'above_scale_in_year':
      v = max(inYear(m.year).map((r) => parseScaled(r.above_scale, 0)));
      break;
    case 'first_above_scale_year':
      v = f.q ? (min(q.filter((r) => Number(r.above_scale) === 1).map((r) => BigInt(String(r.period).slice(0, 4)))) ?? 0n) : null;
      break;
    case 'cert_first_year':
      v = present(data.certifications, min(f.c.filter((r) => m.kinds.includes(String(r.kind))).map((r) => BigInt(yearOf(r.granted_on)!))));
      break;
    case 'cert_between':
      v = present(data.certifications, f.c.some((r) => m.kinds.includes(String(r.kind)) && (!m.from || String(r.granted_on) >= m.from) && String(r.granted_on) <= m.to) ? 1n : 0n);
      break;
    case 'spring_festival': {
      const records = f.s.filter((r) => Number(r.year) === m.year);
      v = data.spring_festival.length === 0 ? null : records.length === 0 ? 0n : max(records.map((r) => parseScaled(r[m.field], 0)));
      break;
    }
    case 'firm':
      v = m.field === 'registered_year' ? (yearOf(f.e?.registered_on ?? null) === null ? null : BigInt(yearOf(f.e!.registered_on)!)) : parseScaled(f.e?.[m.field] ?? null, 0);
      break;
    case 'industry_in': {
      const code = f.e?.industry_code;
      v = code === null || code === undefined ? null : m.prefixes.some((p) => String(code).startsWith(p)) ? 1n : 0n;
      break;
    }
    case 'claims':
      v = data.claims?.length ? claimsMetric(m, f.cl) : null;
      break;
    case 'project_completed':
      v = present(data.projects, f.p.some((r) => r.completed_on !== null && String(r.completed_on) >= m.from && String(r.completed_on) <= m.to) ? 1n : 0n);
      break;
    case 'diff': {
      const a = metricValue(pkg, m.of[0], f, data, cache);
      const b = metricValue(pkg, m.of[1], f, data, cache);
      v = a === null || b === null ? null : a - b;
      break;
    }
  }
  cache.set(name, v);
  return v;
}

type Tri = boolean | null;
const cmp = (a: bigint | null, op: string, b: bigint | null): Tri => {
  if (a === null || b === null) return null;
  switch (op) {
    case '>=': return a >= b;
    case '>': return a > b;
    case '<=': return a <= b;
    case '<': return a < b;
    case '=': return a === b;
    default: return a !== b;
  }
};
const and = (xs: Tri[]): Tri => (xs.some((x) => x === false) ? false : xs.some((x) => x === null) ? null : true);
const or = (xs: Tri[]): Tri => (xs.some((x) => x === true) ? true : xs.some((x) => x === null) ? null : false);

const ONE = 1_000_000n;

class Evaluator {
  constructor(readonly pkg: Package, readonly values: ParamValues, readonly region: { cur: bigint; base: bigint } | null) {}
  raw(name: string) {
    return name in this.values ? this.values[name] : this.pkg.parameters[name].value;
  }
  scaled(name: string): bigint {
    return BigInt(scaledParam(this.raw(name) as number, this.pkg.parameters[name].unit, name));
  }
  yuan(name: string): bigint {
    return BigInt(amountInYuan(this.raw(name) as number, this.pkg.parameters[name].unit, name));
  }
  dimOfParam(name: string): Dim {
    return UNIT_DIM[this.pkg.parameters[name].unit];
  }
}

interface Scope {
  metric: (name: string) => bigint | null;
  project: RefRow | null;
  claim: RefRow | null;
}

function operand(ev: Evaluator, o: Operand, other: Dim | null, s: Scope): { v: bigint | null; dim: Dim | null } {
  if ('metric' in o) return { v: s.metric(o.metric), dim: metricDim(ev.pkg, o.metric) };
  if ('project' in o) return { v: s.project ? parseScaled(s.project[o.project], 2) : null, dim: 'money' };
  if ('claim' in o) return { v: s.claim ? claimValue(s.claim, o.claim) : null, dim: CLAIM_FIELD_DIM[o.claim] };
  if ('param' in o) return { v: ev.scaled(o.param), dim: ev.dimOfParam(o.param) };
  return { v: parseScaled(o.value, Math.round(Math.log10(SCALE[other ?? 'count']))), dim: other };
}

function leaf(ev: Evaluator, l: Leaf, s: Scope): Tri {
  if ('compare' in l) {
    const { left, op, right } = l.compare;
    if ('value' in left) {
      const r = operand(ev, right, null, s);
      return cmp(operand(ev, left, r.dim, s).v, op, r.v);
    }
    const a = operand(ev, left, null, s);
    return cmp(a.v, op, operand(ev, right, a.dim, s).v);
  }
  if ('growth' in l) {
    const cur = s.metric(l.growth.current);
    const base = s.metric(l.growth.base);
    if (cur === null || base === null || base <= 0n) return null;
    const than = l.growth.than;
    if (than === 'region') {
      const override = ev.pkg.regionGrowth!.override.param;
      if (ev.raw(override) !== null) return cmp(cur * ONE, l.growth.op, base * (ONE + ev.scaled(override)));
      return cmp(cur * ev.region!.base, l.growth.op, ev.region!.cur * base);
    }
    return cmp(cur * ONE, l.growth.op, base * (ONE + ev.scaled(than.param)));
  }
  const part = s.metric(l.share.part);
  const whole = s.metric(l.share.whole);
  if (part === null || whole === null || whole <= 0n) return null;
  return cmp(part * ONE, l.share.op, whole * ev.scaled(l.share.than.param));
}

function cond(ev: Evaluator, c: Condition, s: Scope): Tri {
  if ('all' in c) return and(c.all.map((x) => cond(ev, x, s)));
  if ('any' in c) return or(c.any.map((x) => cond(ev, x, s)));
  if ('not' in c) {
    const x = cond(ev, c.not, s);
    return x === null ? null : !x;
  }
  return leaf(ev, c, s);
}

/** The tier label as SQL computes it: the highest tier whose condition holds, ignoring unknown ones. */
function tierOf(ev: Evaluator, tiers: { id: string; when: Condition }[], s: Scope): string | null {
  return [...tiers].reverse().find((t) => cond(ev, t.when, s) === true)?.id ?? null;
}

function amount(ev: Evaluator, a: Award, s: Scope): { yuan: bigint | null; tier: string | null } {
  const quantity = (q: { metric: string } | { project: string } | { claim: 'quantity' | 'amount_10k' | 'amount_usd' }) =>
    'metric' in q
      ? { v: s.metric(q.metric), scale: BigInt(SCALE[metricDim(ev.pkg, q.metric)]) }
      : 'claim' in q
        ? { v: s.claim ? claimValue(s.claim, q.claim) : null, scale: BigInt(SCALE[CLAIM_FIELD_DIM[q.claim]]) }
        : { v: s.project ? parseScaled(s.project[q.project], 2) : null, scale: 100n };
  const pos = (v: bigint | null) => (v === null ? null : v < 0n ? 0n : v);
  switch (a.shape) {
    case 'fixed':
      return { yuan: ev.yuan(a.amount.param), tier: null };
    case 'tiers': {
      for (const t of [...a.tiers].reverse()) {
        const c = cond(ev, t.when, s);
        if (c === true) return { yuan: ev.yuan(t.amount.param), tier: t.id };
        if (c === null) return { yuan: null, tier: tierOf(ev, a.tiers, s) };
      }
      return { yuan: 0n, tier: null };
    }
    case 'rate': {
      let rate: bigint | null = ev.scaled(a.rate.param);
      for (const k of a.cases ?? []) {
        const c = cond(ev, k.when, s);
        if (c === true) {
          rate = ev.scaled(k.rate.param);
          break;
        }
        if (c === null) {
          rate = null;
          break;
        }
      }
      const hit = (a.cases ?? []).find((k) => cond(ev, k.when, s) === true);
      const q = quantity(a.quantity);
      const v = pos(q.v);
      return { yuan: v === null || rate === null ? null : (rate * v) / (ONE * q.scale), tier: hit?.id ?? null };
    }
    case 'percent': {
      const base = quantity(a.base).v;
      const b = pos(base !== null && a.above ? base - ev.scaled(a.above.param) : base);
      return { yuan: b === null ? null : (ev.scaled(a.percent.param) * b) / 10000n, tier: null };
    }
    case 'step': {
      const over = s.metric(a.over);
      const thr = ev.scaled(a.threshold.param);
      if (over === null) return { yuan: null, tier: null };
      if (over < thr) return { yuan: 0n, tier: null };
      const steps = (over - thr) / ev.scaled(a.increment.param);
      return { yuan: ev.yuan(a.base.param) + steps * ev.yuan(a.step.param), tier: `steps_${steps}` };
    }
  }
}

/** Evaluates a package over in-memory tables; rows for every (firm, clause), like the SQL engine. */
export function referenceEvaluate(pkg: Package, data: RefData, values: ParamValues = {}): RefAward[] {
  const ents = new Map(data.enterprises.map((e) => [String(e.firm_id), e]));
  const qs = group(data.quarterly), cs = group(data.certifications), ss = group(data.spring_festival), ps = group(data.projects);
  const cls = group(data.claims ?? []);
  const kinds = new Map<string, string>([...ents.keys(), ...qs.keys()].map((id) => [id, 'firm']));
  // townships and departments a clause pays are recipients too, named by their claims' firm_id
  const others = otherRecipients(pkg);
  for (const r of data.claims ?? []) {
    const id = String(r.firm_id);
    const kind = String(r.recipient_kind);
    if (!others.includes(kind) || kinds.get(id) === 'firm') continue;
    if (!kinds.has(id) || kind < kinds.get(id)!) kinds.set(id, kind);
  }
  const ids = [...kinds.keys()].sort();
  let region: { cur: bigint; base: bigint } | null = null;
  if (pkg.regionGrowth) {
    const r = pkg.regionGrowth;
    let cur = 0n, base = 0n;
    for (const rows of qs.values()) {
      const c = rows.find((x) => x.period === r.current && Number(x.above_scale) === 1);
      const b = rows.find((x) => x.period === r.base);
      if (c && b) {
        cur += parseScaled(c.output_10k, 2) ?? 0n;
        base += parseScaled(b.output_10k, 2) ?? 0n;
      }
    }
    region = { cur, base };
  }
  const ev = new Evaluator(pkg, values, region);
  type Claim = RefAward & { order: number; capped: bigint; rank: bigint | null };
  const claims: Claim[] = [];
  for (const id of ids) {
    const kind = kinds.get(id)!;
    const f: Firm = { id, kind, e: ents.get(id), q: qs.get(id), c: cs.get(id) ?? [], s: ss.get(id) ?? [], p: ps.get(id) ?? [], cl: cls.get(id) ?? [] };
    const cache = new Map<string, bigint | null>();
    const metric = (name: string) => metricValue(pkg, name, f, data, cache);
    const firmScope: Scope = { metric, project: null, claim: null };
    const excluded = kind === 'firm' ? or(pkg.exclusions.map((x) => cond(ev, x.when, firmScope))) : false;
    pkg.clauses.forEach((clause, order) => {
      let eligible: Tri;
      let raw: bigint | null;
      let tier: string | null = null;
      if (clause.unit === 'project' || clause.unit === 'claim') {
        const isProject = clause.unit === 'project';
        const records = isProject ? f.p.filter((p) => p.kind === clause.projects!.kind && Number(p.year) === clause.projects!.year) : selectClaims(f.cl, clause.claims!);
        const loaded = isProject ? data.projects.length > 0 : (data.claims?.length ?? 0) > 0;
        // no record: one assessment with the record's fields missing, as a LEFT JOIN gives SQL
        const oks = (records.length ? records : [null]).map((record) => {
          const s: Scope = { metric, project: isProject ? record : null, claim: isProject ? null : record };
          let yuan = record ? amount(ev, clause.award, s).yuan : null;
          if (yuan !== null && clause.capPerRecord && yuan > ev.yuan(clause.capPerRecord.param)) yuan = ev.yuan(clause.capPerRecord.param);
          return { ok: and([record ? true : loaded ? false : null, cond(ev, clause.eligibility, s)]), yuan };
        });
        eligible = or(oks.map((o) => o.ok));
        const paying = oks.filter((o) => o.ok === true);
        raw = paying.some((o) => o.yuan === null) ? null : paying.reduce((a, o) => a + o.yuan!, 0n);
      } else {
        eligible = cond(ev, clause.eligibility, firmScope);
        const a = amount(ev, clause.award, firmScope);
        raw = a.yuan;
        tier = a.tier;
      }
      let capped: bigint | null = raw;
      if (capped !== null && clause.floor) {
        const floor = ev.yuan(clause.floor.amount.param);
        capped = clause.floor.mode === 'nothing' ? (capped < floor ? 0n : capped) : capped < floor ? floor : capped;
      }
      if (capped !== null && clause.cap) {
        const cap = ev.yuan(clause.cap.param);
        if (capped > cap) capped = cap;
      }
      if (others.length && !((clause.recipients ?? ['firm']) as string[]).includes(kind)) eligible = false;
      if (eligible !== true) capped = 0n;
      const status: Status =
        excluded === true ? 'excluded' : eligible === null ? 'unknown' : eligible === false ? 'refused' : excluded === null || capped === null ? 'unknown' : capped <= 0n ? 'below_floor' : 'paid';
      claims.push({ firm_id: id, clause: clause.id, status, tier, award_yuan: 0, order, capped: capped ?? 0n, rank: clause.pool?.rankBy ? metric(clause.pool.rankBy) : null });
    });
  }
  // stacking: within an exclusive group only the highest claim (then the earlier clause) stays
  for (const g of pkg.stacking) {
    const byFirm = group(claims.filter((c) => c.status === 'paid' && g.clauses.includes(c.clause)) as never) as unknown as Map<string, Claim[]>;
    for (const list of byFirm.values()) {
      const best = [...list].sort((a, b) => (a.capped === b.capped ? a.order - b.order : a.capped > b.capped ? -1 : 1))[0];
      for (const c of list) if (c !== best) c.status = 'stacked';
    }
  }
  for (const c of claims) if (c.status === 'paid') c.award_yuan = Number(c.capped);
  for (const clause of pkg.clauses.filter((c) => c.pool)) {
    const paid = claims.filter((c) => c.clause === clause.id && c.status === 'paid');
    const demand = paid.reduce((a, c) => a + c.capped, 0n);
    const pool = ev.yuan(clause.pool!.amount.param);
    if (demand <= pool) continue;
    if (ev.raw(clause.pool!.allocation.param) === 'rank') {
      paid.sort((a, b) => (a.rank === b.rank ? (a.firm_id < b.firm_id ? -1 : 1) : a.rank === null ? 1 : b.rank === null ? -1 : a.rank > b.rank ? -1 : 1));
      let cumulative = 0n;
      for (const c of paid) {
        cumulative += c.capped;
        if (cumulative > pool) c.award_yuan = 0;
      }
    } else {
      for (const c of paid) c.award_yuan = Number((c.capped * pool) / demand);
    }
    for (const c of paid) if (c.award_yuan <= 0) c.status = 'pool_exhausted';
  }
  return claims.map(({ firm_id, clause, status, tier, award_yuan }) => ({ firm_id, clause, status, tier, award_yuan }));
}
