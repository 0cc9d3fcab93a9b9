/**
 * Sweep, goal-seek and sensitivity of the outlay over one parameter, with the what-if injected as a
 * function. Values move on the parameter's grid (grid.ts) by integer index; money is whole yuan.
 * Evaluations run one after another: the database is single-threaded.
 */
import type { Parameter } from '../policy/schema.ts';
import { fromIndex, toIndex } from './grid.ts';

/** The scenario's outlay with one parameter set to `value`: a step function of the value. */
export type Outlay = (value: number) => Promise<{ outlay_yuan: number; recipients: number }>;

export interface SweepPoint {
  value: number;
  outlay_yuan: number;
  recipients: number;
}

type Unitful = Pick<Parameter, 'unit'>;

/** The first / last grid index at or inside a bound that may lie off the grid. */
const ceilIndex = (p: Unitful, v: number) => toIndex(p, v) + (fromIndex(p, toIndex(p, v)) < v ? 1 : 0);
const floorIndex = (p: Unitful, v: number) => toIndex(p, v) - (fromIndex(p, toIndex(p, v)) > v ? 1 : 0);

function checkAbort(signal?: AbortSignal): void {
  if (signal?.aborted) throw new DOMException('The simulation was stopped', 'AbortError');
}

/** `count` values spread evenly over [from, to] inclusive, on the grid, distinct and ascending. */
export function sweepValues(p: Unitful, from: number, to: number, count = 20): number[] {
  let [a, b] = [toIndex(p, from), toIndex(p, to)];
  if (a > b) [a, b] = [b, a];
  const n = Math.max(1, Math.floor(count));
  const indices = new Set<number>();
  for (let i = 0; i < n; i++) indices.add(n === 1 ? a : a + Math.round((i * (b - a)) / (n - 1)));
  return [...indices].sort((x, y) => x - y).map((i) => fromIndex(p, i));
}

export async function runSweep(values: number[], f: Outlay, signal?: AbortSignal): Promise<SweepPoint[]> {
  const points: SweepPoint[] = [];
  for (const value of values) {
    checkAbort(signal);
    const { outlay_yuan, recipients } = await f(value);
    points.push({ value, outlay_yuan, recipients });
  }
  checkAbort(signal);
  return points;
}

interface Found {
  outlay_yuan: number;
  recipients: number;
  evaluations: number;
  /** false when a probe fell outside its bracket: the answer holds at its endpoints only. */
  monotone: boolean;
}
export type GoalSeek =
  /** Every grid value in [from, to] gives the largest outlay within budget. */
  | ({ kind: 'met'; from: number; to: number } & Found)
  /** Even the most generous end is within budget; [from, to] gives that end's outlay. */
  | ({ kind: 'always_under'; from: number; to: number } & Found)
  /** Even the strictest end (`value`) exceeds the budget. */
  | { kind: 'never'; value: number; min_outlay_yuan: number; evaluations: number; monotone: boolean };

/**
 * The grid values of p in [lo, hi] whose outlay is the largest outlay within budget. The outlay is
 * taken as monotone (its direction read from the two ends); bisection over the integer grid index
 * costs O(log n) evaluations, and each evaluation is a full what-if, so the grid (1e8 points for a
 * ratio over 0..100%) is never enumerated.
 */
export async function goalSeek(args: { p: Unitful; f: Outlay; lo: number; hi: number; budget_yuan: number; signal?: AbortSignal }): Promise<GoalSeek> {
  const { p, f, budget_yuan, signal } = args;
  let [i0, i1] = [toIndex(p, args.lo), toIndex(p, args.hi)];
  if (i0 > i1) [i0, i1] = [i1, i0];
  const seen = new Map<number, { outlay_yuan: number; recipients: number }>();
  const at = async (index: number) => {
    const known = seen.get(index);
    if (known) return known;
    checkAbort(signal);
    const r = await f(fromIndex(p, index));
    checkAbort(signal);
    seen.set(index, r);
    return r;
  };

  const lowEnd = await at(i0);
  const highEnd = await at(i1);
  // h(t) = outlay at step t from the strict (cheaper) end: non-decreasing when the outlay is monotone
  const increasing = highEnd.outlay_yuan >= lowEnd.outlay_yuan;
  const N = i1 - i0;
  const indexOf = (t: number) => (increasing ? i0 + t : i1 - t);
  const h = async (t: number) => (await at(indexOf(t))).outlay_yuan;
  let monotone = true;
  const probe = async (t: number, below: number, above: number) => {
    const v = await h(t);
    if (v < below || v > above) monotone = false;
    return v;
  };

  const strict = await h(0);
  if (strict > budget_yuan) return { kind: 'never', value: fromIndex(p, indexOf(0)), min_outlay_yuan: strict, evaluations: seen.size, monotone };

  // k: the last step within budget (h(k) <= budget < h(k + 1))
  let k = N;
  if ((await h(N)) > budget_yuan) {
    let [a, b] = [0, N];
    while (b - a > 1) {
      const mid = a + Math.floor((b - a) / 2);
      if ((await probe(mid, await h(a), await h(b))) <= budget_yuan) a = mid;
      else b = mid;
    }
    k = a;
  }
  const target = await h(k);
  // j: the first step with the same outlay as k (h(j - 1) != h(j) = target)
  let j = 0;
  if ((await h(0)) !== target) {
    let [a, b] = [0, k];
    while (b - a > 1) {
      const mid = a + Math.floor((b - a) / 2);
      if ((await probe(mid, await h(a), target)) === target) b = mid;
      else a = mid;
    }
    j = b;
  }
  const [x, y] = [fromIndex(p, indexOf(j)), fromIndex(p, indexOf(k))];
  const found = seen.get(indexOf(k))!;
  return {
    kind: k === N ? 'always_under' : 'met',
    from: Math.min(x, y),
    to: Math.max(x, y),
    outlay_yuan: found.outlay_yuan,
    recipients: found.recipients,
    evaluations: seen.size,
    monotone
  };
}

export interface SensitivityRow {
  name: string;
  low: { value: number; outlay_yuan: number };
  high: { value: number; outlay_yuan: number };
  /** max |outlay - base| over low and high. */
  swing_yuan: number;
}

/**
 * Outlay at each numeric parameter -10% and +10% (on its grid, at least one step away, never below 0
 * nor outside min / max; a side that cannot move keeps the base outlay), largest swing first.
 */
export async function sensitivity(
  params: { name: string; p: Parameter; value: number | string | null }[],
  f: (name: string, value: number) => Promise<{ outlay_yuan: number }>,
  base_outlay_yuan: number,
  signal?: AbortSignal
): Promise<SensitivityRow[]> {
  const rows: SensitivityRow[] = [];
  for (const { name, p, value } of params) {
    if (p.unit === 'choice' || typeof value !== 'number') continue;
    const iv = toIndex(p, value);
    const lowest = p.min === undefined ? 0 : Math.max(0, ceilIndex(p, p.min));
    const highest = p.max === undefined ? Infinity : floorIndex(p, p.max);
    const il = Math.max(lowest, Math.min(iv - 1, Math.round((iv * 9) / 10)));
    const ih = Math.min(highest, Math.max(iv + 1, Math.round((iv * 11) / 10)));
    const side = async (i: number, moves: boolean) => {
      if (!moves) return { value, outlay_yuan: base_outlay_yuan };
      checkAbort(signal);
      const v = fromIndex(p, i);
      return { value: v, outlay_yuan: (await f(name, v)).outlay_yuan };
    };
    const low = await side(il, il < iv);
    const high = await side(ih, ih > iv);
    rows.push({ name, low, high, swing_yuan: Math.max(Math.abs(low.outlay_yuan - base_outlay_yuan), Math.abs(high.outlay_yuan - base_outlay_yuan)) });
  }
  checkAbort(signal);
  return rows.sort((a, b) => b.swing_yuan - a.swing_yuan);
}
