/**
 * Near misses, defined once for the list (SQL) and the profile (the same rule in TypeScript).
 *
 * A row of `awards` is a near miss when it has a next step (not paid: the clause's eligibility plus its
 * lowest tier; paid at a tier below the top: the next tier) and every condition of that step that does
 * not pass is a failed ratio or money bound within tolerance (ratio gap <= X percentage points, money
 * gap <= Y 万元), with at least one such failed bound. An unknown (missing) or a failed count / flag /
 * year condition in the step rules it out. For project clauses the rule holds for one project.
 * Only 'refused' and 'below_floor' rows (not paid) and 'paid' rows count: excluded, stacked, unknown
 * and pool rows have a different reason.
 */
import { literal } from '../db/types.ts';
import type { Condition, Package } from '../policy/schema.ts';
import type { Evidence } from '../policy/evaluate.ts';
import { leafIndex } from '../policy/explain.ts';

const MEASURED = new Set(['ratio', 'money']);

export interface Tolerance {
  /** Percentage points (1 = one point = 0.01 as a ratio); null = ratio gaps do not count. */
  points: number | null;
  /** 万元; null = money gaps do not count. */
  wan: number | null;
}

export const DEFAULT_TOLERANCE: Tolerance = { points: 1, wan: 50 };

/** Gaps are DOUBLE display values (8% - 7.6% is 0.0040000000000000036): allow for that rounding. */
const RATIO_SLACK = 1e-9;
const MONEY_SLACK = 1e-6;

/** The bound tolerances in gap units; -1 when a unit does not count (no gap is negative). */
export function toleranceBounds(tol: Tolerance): { ratio: number; money: number } {
  return {
    ratio: tol.points === null ? -1 : tol.points / 100 + RATIO_SLACK,
    money: tol.wan === null ? -1 : tol.wan + MONEY_SLACK
  };
}

/** The step after the current state of a clause: which conditions it needs and which tier it reaches. */
export interface NearMissTarget {
  package: string;
  clause: string;
  /** '' for a row not paid; the tier id for a row paid at that tier. */
  from: string;
  /** Tier reached by passing the step (null: the clause without tiers). */
  to: string | null;
  ids: string[];
}

export function leafIds(c: Condition, out: string[] = []): string[] {
  if ('all' in c) c.all.forEach((x) => leafIds(x, out));
  else if ('any' in c) c.any.forEach((x) => leafIds(x, out));
  else if ('not' in c) leafIds(c.not, out);
  else if (!out.includes(c.id)) out.push(c.id);
  return out;
}

/**
 * Every (clause, from) step of the packages. With `measurable`, only steps that hold a ratio or money
 * condition: a step of flags, years and counts alone can never be a near miss.
 */
export function nearMissTargets(packages: Package[], measurable = false): NearMissTarget[] {
  const out: NearMissTarget[] = [];
  for (const pkg of packages) {
    const index = leafIndex(pkg);
    const push = (t: NearMissTarget) => {
      if (!measurable || t.ids.some((id) => MEASURED.has(index.get(id)?.dim ?? ''))) out.push(t);
    };
    for (const clause of pkg.clauses) {
      const entry = leafIds(clause.eligibility, clause.unit === 'project' ? ['has_project'] : []);
      const a = clause.award;
      if (a.shape === 'tiers') {
        leafIds(a.tiers[0].when, entry);
        push({ package: pkg.id, clause: clause.id, from: '', to: a.tiers[0].id, ids: entry });
        for (let i = 0; i + 1 < a.tiers.length; i++) {
          push({ package: pkg.id, clause: clause.id, from: a.tiers[i].id, to: a.tiers[i + 1].id, ids: leafIds(a.tiers[i + 1].when) });
        }
      } else {
        push({ package: pkg.id, clause: clause.id, from: '', to: null, ids: entry });
      }
    }
  }
  return out;
}

/** Which target a row looks for: '' when not paid, its tier when paid, null when it has none. */
export function targetKey(status: string, tier: string | null): string | null {
  if (status === 'refused' || status === 'below_floor') return '';
  if (status === 'paid') return tier;
  return null;
}

/** The targets as a CTE `name(package, clause, from_tier, to_tier, ids)`; ids come from the packages (code, not user input). */
export function targetsCte(targets: NearMissTarget[], name = 'near_targets'): string {
  if (!targets.length) return `${name} AS (SELECT NULL::VARCHAR AS package, NULL::VARCHAR AS clause, NULL::VARCHAR AS from_tier, NULL::VARCHAR AS to_tier, NULL::VARCHAR[] AS ids WHERE FALSE)`;
  const rows = targets.map(
    (t) => `(${literal(t.package)}, ${literal(t.clause)}, ${literal(t.from)}, ${t.to === null ? 'NULL' : literal(t.to)}, [${t.ids.map(literal).join(', ')}]::VARCHAR[])`
  );
  return `${name}(package, clause, from_tier, to_tier, ids) AS (VALUES ${rows.join(',\n  ')})`;
}

/** SQL join condition of awards row `a` with its target `t`. */
export function targetJoinSql(a = 'a', t = 't'): string {
  return `${t}.package = ${a}.package AND ${t}.clause = ${a}.clause AND ${t}.from_tier = (CASE WHEN ${a}.status IN ('refused', 'below_floor') THEN '' WHEN ${a}.status = 'paid' THEN ${a}.tier END)`;
}

/** The failed conditions of the step for one row, per project item (the same rule as `nearMissSql`). */
export interface StepGap {
  item: string | null;
  /** Conditions of the step that do not pass (failed or unknown). */
  missing: Evidence[];
  near: boolean;
}

export function stepGaps(evidence: Evidence[], target: NearMissTarget, tol: Tolerance): StepGap[] {
  const bounds = toleranceBounds(tol);
  const items = [...new Set(evidence.map((e) => e.item ?? ''))];
  return items.map((item) => {
    const missing = evidence.filter((e) => (e.item ?? '') === item && target.ids.includes(e.id) && e.pass !== true);
    const within = (e: Evidence) =>
      e.pass === false && e.gap !== null && ((e.unit === 'ratio' && e.gap <= bounds.ratio) || (e.unit === 'money' && e.gap <= bounds.money));
    return { item: item || null, missing, near: missing.length > 0 && missing.every(within) };
  });
}

export function findTarget(targets: NearMissTarget[], pkg: string, clause: string, status: string, tier: string | null): NearMissTarget | null {
  const key = targetKey(status, tier);
  if (key === null) return null;
  return targets.find((t) => t.package === pkg && t.clause === clause && t.from === key) ?? null;
}
