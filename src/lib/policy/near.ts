/**
 * What "near" means, once for every screen: the overview's 临界企业, the enterprise list's 差一点 filter
 * and a firm's profile. The SQL pre-aggregate (near-sql.ts) and the profile's sentences (stepGaps here)
 * apply the same rule.
 *
 * A row of `awards` is a near miss when the firm falls short of its next step only on minimums it could
 * reach: relaxing each failed ratio or money lower bound (>=, >) whose gap is within tolerance (X
 * percentage points, Y 万元) would make the step pass, and at least one bound needs it. The next step of
 * a row not paid ('refused', 'below_floor') is the clause's eligibility with any of its tiers; of a row
 * paid at a tier below the top, any higher tier. A missing value, a failed count / flag / year
 * condition, an exceeded maximum or a money minimum of zero in the step rules it out (a minimum of zero
 * asks whether the firm has any amount at all, e.g. "fund investment > 0": a firm with none is not close
 * to it, whatever the tolerance). Excluded, stacked, unknown and pool rows
 * are never near misses (their reason is not a threshold). For project clauses the rule holds for one
 * project.
 *
 * Conditions with `any` / `not` become their alternatives (disjunctive normal form): a step is a set of
 * variants, each a conjunction of conditions that must pass (`ids`) and conditions that must fail
 * (`negated`); a row is near when one variant is. Variants that include another are dropped.
 */
import { literal } from '../db/types.ts';
import type { Condition, Package } from './schema.ts';
import type { Evidence } from './award-row.ts';
import { leafIndex, type LeafInfo } from './explain.ts';

export interface Tolerance {
  /** Percentage points (1 = one point = 0.01 as a ratio); null = ratio gaps do not count. */
  points: number | null;
  /** 万元; null = money gaps do not count. */
  wan: number | null;
}

export const DEFAULT_TOLERANCE: Tolerance = { points: 1, wan: 50 };

/** Gaps are DOUBLE display values (8% - 7.7% is 0.0030000000000000374): allow for that rounding. */
const RATIO_SLACK = 1e-9;
const MONEY_SLACK = 1e-6;
/** Beyond this many alternatives a step is cut (none of the shipped packages comes near). */
const MAX_VARIANTS = 64;

/** The bound tolerances in gap units; -1 when a unit does not count (no gap is negative). */
export function toleranceBounds(tol: Tolerance): { ratio: number; money: number } {
  return {
    ratio: tol.points === null ? -1 : tol.points / 100 + RATIO_SLACK,
    money: tol.wan === null ? -1 : tol.wan + MONEY_SLACK
  };
}

/** One way to reach the next step of a clause. */
export interface NearMissTarget {
  package: string;
  clause: string;
  /** '' for a row not paid; the tier id for a row paid at that tier. */
  from: string;
  /** Tier this variant reaches (null: a clause without tiers). */
  to: string | null;
  variant: number;
  /** Conditions that must pass. */
  ids: string[];
  /** Conditions that must fail (under `not`). */
  negated: string[];
  /** Of `ids`, the ratio and money minimums a firm can be short of. */
  measurable: string[];
}

export function leafIds(c: Condition, out: string[] = []): string[] {
  if ('all' in c) c.all.forEach((x) => leafIds(x, out));
  else if ('any' in c) c.any.forEach((x) => leafIds(x, out));
  else if ('not' in c) leafIds(c.not, out);
  else if (!out.includes(c.id)) out.push(c.id);
  return out;
}

/** A conjunction: leaf id -> true (must pass) / false (must fail). */
type Conj = Map<string, boolean>;

function and(a: Conj[], b: Conj[]): Conj[] {
  const out: Conj[] = [];
  for (const x of a) {
    for (const y of b) {
      const c = new Map(x);
      let contradiction = false;
      for (const [id, v] of y) {
        if (c.has(id) && c.get(id) !== v) contradiction = true;
        c.set(id, v);
      }
      if (!contradiction) out.push(c);
    }
  }
  return out;
}

function dnf(c: Condition, positive = true): Conj[] {
  if ('not' in c) return dnf(c.not, !positive);
  if ('all' in c || 'any' in c) {
    const parts = ('all' in c ? c.all : c.any).map((x) => dnf(x, positive));
    const conjunctive = 'all' in c === positive; // De Morgan under `not`
    return conjunctive ? parts.reduce((acc, p) => and(acc, p), [new Map()] as Conj[]) : parts.flat();
  }
  return [new Map([[c.id, positive]])];
}

const includes = (big: Conj, small: Conj) => [...small].every(([id, v]) => big.get(id) === v);

/** Keeps the smallest alternatives, in order (an earlier, lower tier wins a tie). */
function minimal(variants: { conj: Conj; to: string | null }[]): { conj: Conj; to: string | null }[] {
  const kept: { conj: Conj; to: string | null }[] = [];
  const bySize = variants.map((v, i) => ({ ...v, i })).sort((a, b) => a.conj.size - b.conj.size || a.i - b.i);
  for (const v of bySize) if (!kept.some((k) => includes(v.conj, k.conj))) kept.push(v);
  return kept.slice(0, MAX_VARIANTS);
}

const isMinimum = (info: LeafInfo | undefined) => !!info && (info.dim === 'ratio' || info.dim === 'money') && (info.op === '>=' || info.op === '>');

/**
 * Every way to the next step of every clause. With `measurable`, only variants that hold a ratio or
 * money minimum: a step of flags, years and counts alone can never be a near miss.
 */
export function nearMissTargets(packages: Package[], measurable = false): NearMissTarget[] {
  const out: NearMissTarget[] = [];
  for (const pkg of packages) {
    const index = leafIndex(pkg);
    for (const clause of pkg.clauses) {
      const project: Conj[] = clause.unit === 'project' ? [new Map([['has_project', true]])] : clause.unit === 'claim' ? [new Map([['has_claim', true]])] : [new Map()];
      const eligibility = and(project, dnf(clause.eligibility));
      const a = clause.award;
      const steps: { from: string; variants: { conj: Conj; to: string | null }[] }[] = [];
      if (a.shape === 'tiers') {
        const reach = (from: number) => a.tiers.slice(from).flatMap((t) => dnf(t.when).map((conj) => ({ conj, to: t.id })));
        steps.push({ from: '', variants: reach(0).flatMap((v) => and(eligibility, [v.conj]).map((conj) => ({ conj, to: v.to }))) });
        a.tiers.slice(0, -1).forEach((t, i) => steps.push({ from: t.id, variants: reach(i + 1) }));
      } else {
        steps.push({ from: '', variants: eligibility.map((conj) => ({ conj, to: null })) });
      }
      for (const step of steps) {
        minimal(step.variants).forEach((v, variant) => {
          const ids = [...v.conj].filter(([, pass]) => pass).map(([id]) => id);
          const t: NearMissTarget = {
            package: pkg.id,
            clause: clause.id,
            from: step.from,
            to: v.to,
            variant,
            ids,
            negated: [...v.conj].filter(([, pass]) => !pass).map(([id]) => id),
            measurable: ids.filter((id) => isMinimum(index.get(id)))
          };
          if (!measurable || t.measurable.length) out.push(t);
        });
      }
    }
  }
  return out;
}

/** Which step a row looks for: '' when not paid, its tier when paid, null when it has none. */
export function targetKey(status: string, tier: string | null): string | null {
  if (status === 'refused' || status === 'below_floor') return '';
  if (status === 'paid') return tier;
  return null;
}

/** The variants of the step a row looks for (empty when it has none). */
export function findTargets(targets: NearMissTarget[], pkg: string, clause: string, status: string, tier: string | null): NearMissTarget[] {
  const key = targetKey(status, tier);
  if (key === null) return [];
  return targets.filter((t) => t.package === pkg && t.clause === clause && t.from === key);
}

const list = (ids: string[]) => `[${ids.map(literal).join(', ')}]::VARCHAR[]`;

/** The targets as a CTE `name(package, clause, from_tier, to_tier, variant, ids, negated, measurable)`; ids come from the packages (code, not user input). */
export function targetsCte(targets: NearMissTarget[], name = 'near_targets'): string {
  const cols = 'package, clause, from_tier, to_tier, variant, ids, negated, measurable';
  if (!targets.length) {
    return `${name}(${cols}) AS (SELECT NULL::VARCHAR, NULL::VARCHAR, NULL::VARCHAR, NULL::VARCHAR, NULL::INTEGER, NULL::VARCHAR[], NULL::VARCHAR[], NULL::VARCHAR[] WHERE FALSE)`;
  }
  const rows = targets.map(
    (t) => `(${literal(t.package)}, ${literal(t.clause)}, ${literal(t.from)}, ${t.to === null ? 'NULL::VARCHAR' : literal(t.to)}, ${t.variant}, ${list(t.ids)}, ${list(t.negated)}, ${list(t.measurable)})`
  );
  return `${name}(${cols}) AS (VALUES ${rows.join(',\n  ')})`;
}

/** SQL join condition of awards row `a` with the variants `t` of its next step. */
export function targetJoinSql(a = 'a', t = 't'): string {
  return `${t}.package = ${a}.package AND ${t}.clause = ${a}.clause AND ${t}.from_tier = (CASE WHEN ${a}.status IN ('refused', 'below_floor') THEN '' WHEN ${a}.status = 'paid' THEN ${a}.tier END)`;
}

/** SQL lambda body: evidence entry `e` keeps variant `t` from passing. */
export function blockingSql(t = 't'): string {
  return `((list_contains(${t}.ids, e.id) AND e.pass IS DISTINCT FROM TRUE) OR (list_contains(${t}.negated, e.id) AND e.pass IS DISTINCT FROM FALSE))`;
}

/** A failed condition whose gap can make a near miss: a ratio or money minimum short of it, not a money minimum of zero. */
export function gapCounts(e: Evidence): boolean {
  return e.pass === false && e.gap !== null && (e.unit === 'ratio' || (e.unit === 'money' && e.threshold !== 0));
}

/** gapCounts in SQL, over evidence entry `e`. */
export function gapCountsSql(e = 'e'): string {
  return `(${e}.pass = FALSE AND ${e}.gap IS NOT NULL AND (${e}.unit = 'ratio' OR (${e}.unit = 'money' AND ${e}.threshold IS DISTINCT FROM 0)))`;
}

/** The conditions keeping one variant from passing, for one project item (the same rule as the SQL). */
export interface StepGap {
  target: NearMissTarget;
  item: string | null;
  /** Conditions of the variant that keep it from passing (failed, unknown, or a `not` that holds). */
  missing: Evidence[];
  /** Every missing condition is a ratio / money minimum with a gap: the step can be put in numbers. */
  measurable: boolean;
  /** ...and every gap is within the tolerance. */
  near: boolean;
}

export function stepGaps(evidence: Evidence[], target: NearMissTarget, tol: Tolerance): StepGap[] {
  const bounds = toleranceBounds(tol);
  const items = [...new Set(evidence.map((e) => e.item ?? ''))];
  return items.map((item) => {
    const missing = evidence.filter(
      (e) => (e.item ?? '') === item && ((target.ids.includes(e.id) && e.pass !== true) || (target.negated.includes(e.id) && e.pass !== false))
    );
    const gapped = (e: Evidence) => target.measurable.includes(e.id) && gapCounts(e);
    const within = (e: Evidence) => (e.unit === 'ratio' && e.gap! <= bounds.ratio) || (e.unit === 'money' && e.gap! <= bounds.money);
    const measurable = missing.length > 0 && missing.every(gapped);
    return { target, item: item || null, missing, measurable, near: measurable && missing.every(within) };
  });
}
