/**
 * Progress of a target at a quarter ("as of"): the actual, what the pace expects by now, the status
 * with its rule, and the year-end projection with its method and range. Pure functions over the
 * metric's data (metrics.ts), so the unit tests check the rules at their boundaries.
 *
 * Pace: a seasonal profile learned from earlier years of the same data (the share of a year's total
 * reached by the end of each quarter, averaged over every earlier complete year with a total > 0),
 * when at least `minYears` such years exist; else linear over the calendar (k of n quarters).
 * Status (at least / range): met once the actual reaches the target; otherwise on track when the
 * actual is at least the expected amount, at risk when it is at least `band` x expected, behind below
 * that; after the deadline, what is not met is behind (未完成). At most (a fund): behind when over the
 * value, at risk above `band` x value, else on track (met after the deadline). Levels (a rate, a
 * growth, a coverage, a year's projects) are not pro-rated: the value is compared with the target.
 */
import type { FirmRow, MetricData } from './metrics.ts';
import type { Comparison, Target } from './schema.ts';
import { CITY_REGION } from './metrics.ts';

export type Status = 'met' | 'onTrack' | 'atRisk' | 'behind' | 'noData' | 'notStarted';
export type PaceMethod = 'seasonal' | 'linear' | 'level';

export interface ProgressOptions {
  /** Below expected but at least this share of it: at risk (default 0.9). */
  band: number;
  /** Earlier complete years needed to learn a seasonal profile (default 2). */
  minYears: number;
  /** 'auto': seasonal when it can be learned, else linear; 'linear' forces the calendar. */
  pace: 'auto' | 'linear';
}

export const DEFAULT_OPTIONS: ProgressOptions = { band: 0.9, minYears: 2, pace: 'auto' };

/** What a target is held to (an edited value or deadline replaces the file's). */
export interface Goal {
  comparison: Comparison;
  lo: number;
  hi: number;
  first: string;
  /** The last quarter counted: the quarter of the deadline. */
  last: string;
}

export interface QuarterPoint {
  period: string;
  /** Cumulative actual (null after the as-of quarter). */
  actual: number | null;
  /** Cumulative amount the pace expects. */
  expected: number;
}

export interface Progress {
  status: Status;
  /** Whether the deadline's quarter is in the past of `asOf` (the outcome is final). */
  final: boolean;
  actual: number | null;
  /** Actual as a share of the target (lo). */
  percent: number | null;
  expected: number | null;
  /** Share of the target the pace expects by now (0-1). */
  expectedShare: number | null;
  pace: { method: PaceMethod; shares: number[]; years: number[] };
  projection: { mid: number; lo: number; hi: number; method: 'final' | 'seasonal' | 'linear' | 'level' } | null;
  quarters: QuarterPoint[];
  districts: { district: string; actual: number; quarters: (number | null)[] }[];
  firms: FirmRow[];
  /** Why there is no figure (noData). */
  reason: { zh: string; en: string } | null;
  /** A note on the figure (which quarter a rate is from, what a level is made of). */
  note: { zh: string; en: string } | null;
}

export const quarterIndex = (p: string) => Number(p.slice(0, 4)) * 4 + Number(p[5]) - 1;
export const quarterName = (i: number) => `${Math.floor(i / 4)}Q${(i % 4) + 1}`;
/** The quarter of a date: '2024-03-31' -> '2024Q1'. */
export const quarterOfDate = (d: string) => `${d.slice(0, 4)}Q${Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1}`;

export function goalOf(target: Target, edit?: { lo?: number; hi?: number; deadline?: string }): Goal {
  const lo = edit?.lo ?? target.value.lo;
  const hi = target.comparison === 'range' ? Math.max(lo, edit?.hi ?? target.value.hi) : lo;
  const deadline = edit?.deadline ?? target.deadline;
  const dq = quarterOfDate(deadline);
  return { comparison: target.comparison, lo, hi, first: target.first, last: dq < target.first ? target.first : dq };
}

/** Status of a figure against the goal, given what the pace expects by now (`expected` = goal.lo x share). */
export function statusOf(goal: Goal, actual: number, expected: number, final: boolean, band: number): Status {
  if (goal.comparison === 'at_most') {
    if (actual > goal.lo) return 'behind';
    if (final) return 'met';
    return actual > band * goal.lo ? 'atRisk' : 'onTrack';
  }
  if (actual >= goal.lo) return 'met';
  if (final) return 'behind';
  if (actual >= expected) return 'onTrack';
  return actual >= band * expected ? 'atRisk' : 'behind';
}

/** Seasonal profile: cumulative share of each year's total by the end of Q1..Q4, per earlier complete year. */
export function seasonalShares(totalsByQuarter: Map<string, number>, periods: string[], beforeYear: number): { years: number[]; shares: number[][] } {
  const have = new Set(periods);
  const years = [...new Set(periods.map((p) => Number(p.slice(0, 4))))].filter((y) => y < beforeYear && [1, 2, 3, 4].every((q) => have.has(`${y}Q${q}`))).sort();
  const out: { years: number[]; shares: number[][] } = { years: [], shares: [] };
  for (const y of years) {
    const per = [1, 2, 3, 4].map((q) => totalsByQuarter.get(`${y}Q${q}`) ?? 0);
    const total = per.reduce((s, v) => s + v, 0);
    if (!(total > 0)) continue;
    let run = 0;
    out.years.push(y);
    out.shares.push(per.map((v) => (run += v) / total));
  }
  return out;
}

/** Distinct firms count once per window (their first event in it); regions add up. Returns the window's events kept. */
function windowEvents(data: Extract<MetricData, { kind: 'flow' }>, first: string, last: string) {
  const seen = new Set<string>();
  return data.events.filter((e) => {
    if (e.period < first || e.period > last) return false;
    if (e.firm_id === null) return true;
    if (seen.has(e.firm_id)) return false;
    seen.add(e.firm_id);
    return true;
  });
}

export function progressOf(goal: Goal, data: MetricData, asOf: string, opt: ProgressOptions = DEFAULT_OPTIONS): Progress {
  const firstI = quarterIndex(goal.first);
  const lastI = quarterIndex(goal.last);
  const n = lastI - firstI + 1;
  const asI = quarterIndex(asOf);
  const k = Math.max(0, Math.min(n, asI - firstI + 1));
  const final = asI >= lastI;
  const periods = Array.from({ length: n }, (_, i) => quarterName(firstI + i));
  const empty: Progress = {
    status: 'noData', final, actual: null, percent: null, expected: null, expectedShare: null,
    pace: { method: 'linear', shares: [], years: [] }, projection: null, quarters: [], districts: [], firms: [], reason: null, note: null
  };
  if (data.kind === 'noData') return { ...empty, reason: data.reason };
  if (k === 0) return { ...empty, status: 'notStarted', actual: 0, percent: 0, expected: 0, expectedShare: 0, quarters: periods.map((p) => ({ period: p, actual: null, expected: 0 })) };

  if (data.kind === 'level') {
    const expected = goal.lo;
    const status = statusOf(goal, data.value, expected, final, opt.band);
    return {
      ...empty,
      status,
      actual: data.value,
      percent: goal.lo ? data.value / goal.lo : null,
      expected,
      expectedShare: 1,
      pace: { method: 'level', shares: [], years: [] },
      projection: { mid: data.value, lo: data.value, hi: data.value, method: final ? 'final' : 'level' },
      quarters: [],
      districts: data.byDistrict.map((d) => ({ district: d.district, actual: d.value, quarters: [] })),
      firms: data.firms,
      note: data.note
    };
  }

  // flows: the window up to as-of
  const upTo = periods[k - 1];
  const events = windowEvents(data, goal.first, upTo);
  const inQuarter = (p: string, district?: string) =>
    events.filter((e) => e.period === p && (district === undefined ? e.inTotal : e.district === district)).reduce((s, e) => s + e.value, 0);
  const actual = events.filter((e) => e.inTotal).reduce((s, e) => s + e.value, 0);

  // pace: shares of the window reached by each of its quarters
  let method: PaceMethod = 'linear';
  let shares = periods.map((_, i) => (i + 1) / n);
  let learned: { years: number[]; shares: number[][] } = { years: [], shares: [] };
  if (n === 4 && goal.first.endsWith('Q1')) {
    // a calendar year: per earlier year, firms counted once a year
    const totals = new Map<string, number>();
    const seen = new Set<string>();
    for (const e of data.events) {
      if (!e.inTotal) continue;
      if (e.firm_id !== null) {
        const key = `${e.firm_id}|${e.period.slice(0, 4)}`;
        if (seen.has(key)) continue;
        seen.add(key);
      }
      totals.set(e.period, (totals.get(e.period) ?? 0) + e.value);
    }
    learned = seasonalShares(totals, data.periods, Number(goal.first.slice(0, 4)));
    if (opt.pace === 'auto' && learned.years.length >= opt.minYears) {
      method = 'seasonal';
      shares = [0, 1, 2, 3].map((q) => learned.shares.reduce((s, y) => s + y[q], 0) / learned.shares.length);
    }
  }
  const share = shares[k - 1];
  const expected = goal.lo * share;
  const status = statusOf(goal, actual, expected, final, opt.band);

  let projection: Progress['projection'];
  if (final) projection = { mid: actual, lo: actual, hi: actual, method: 'final' };
  else if (method === 'seasonal') {
    const at = learned.shares.map((y) => y[k - 1]).filter((s) => s > 0);
    const mid = share > 0 ? actual / share : actual;
    const lo = at.length ? actual / Math.max(...at) : mid;
    const hi = at.length ? actual / Math.min(...at) : mid;
    projection = { mid, lo: Math.min(lo, mid), hi: Math.max(hi, mid), method: 'seasonal' };
  } else {
    // linear: the rest of the period at the pace so far; range from nothing more (lo) to as much again above the linear figure (hi)
    const mid = actual / share;
    projection = { mid, lo: actual, hi: mid + (mid - actual), method: 'linear' };
  }

  let cum = 0;
  const quarters = periods.map((p, i) => {
    if (i < k) cum += inQuarter(p);
    return { period: p, actual: i < k ? cum : null, expected: goal.lo * shares[i] };
  });
  const names = [...new Set(events.map((e) => e.district))].filter((d) => d !== CITY_REGION && d !== '').sort();
  const districts = names.map((d) => {
    let run = 0;
    const qs = periods.map((p, i) => (i < k ? (run += inQuarter(p, d)) : null));
    return { district: d, actual: run, quarters: qs };
  });
  const firms = data.firms ? events.filter((e) => e.firm_id !== null).map((e) => data.firms!.get(`${e.firm_id}|${e.period}`)!).filter(Boolean) : [];
  return {
    ...empty,
    status,
    actual,
    percent: goal.lo ? actual / goal.lo : null,
    expected,
    expectedShare: share,
    pace: { method, shares, years: learned.years },
    projection,
    quarters,
    districts,
    firms
  };
}
