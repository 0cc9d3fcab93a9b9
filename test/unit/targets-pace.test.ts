/** Pace, status and projection rules at their boundaries (progress.ts), on hand-made series. */
import { describe, it, expect } from 'vitest';
import { progressOf, seasonalShares, statusOf, goalOf, type Goal } from '../../src/lib/targets/progress.ts';
import type { MetricData } from '../../src/lib/targets/metrics.ts';

const goal = (lo: number, comparison: Goal['comparison'] = 'at_least', hi = lo): Goal => ({ comparison, lo, hi, first: '2022Q1', last: '2022Q4' });

describe('status', () => {
  const band = 0.9;
  it('at least: met at the target, on track at exactly the expected, at risk at exactly band x expected, behind below', () => {
    expect(statusOf(goal(100), 100, 50, false, band)).toBe('met');
    expect(statusOf(goal(100), 50, 50, false, band)).toBe('onTrack');
    expect(statusOf(goal(100), 45, 50, false, band)).toBe('atRisk');
    expect(statusOf(goal(100), 44.99, 50, false, band)).toBe('behind');
    expect(statusOf(goal(100), 99.99, 100, true, band)).toBe('behind'); // the deadline passed: missed
  });
  it('range: met from the lower bound', () => {
    expect(statusOf(goal(1, 'range', 3), 1, 1, true, band)).toBe('met');
    expect(statusOf(goal(3, 'range', 5), 2, 3, true, band)).toBe('behind');
  });
  it('at most (a fund): behind over the value, at risk above band x value, on track below, met after the deadline', () => {
    expect(statusOf(goal(15000, 'at_most'), 15000.01, 0, false, band)).toBe('behind');
    expect(statusOf(goal(15000, 'at_most'), 15000, 0, false, band)).toBe('atRisk');
    expect(statusOf(goal(15000, 'at_most'), 13500, 0, false, band)).toBe('onTrack');
    expect(statusOf(goal(15000, 'at_most'), 4900, 0, true, band)).toBe('met');
  });
});

/** A region flow: value per quarter of 2019-2022. */
function flow(perQuarter: Record<string, number>): MetricData {
  const periods = Object.keys(perQuarter).sort();
  return { kind: 'flow', periods, firms: null, events: periods.map((p) => ({ period: p, district: '全市', value: perQuarter[p], firm_id: null, inTotal: true })) };
}

describe('pace and projection', () => {
  // 2019-2021: 10 / 20 / 30 / 40 each year (cumulative 10%, 30%, 60%, 100%); 2022 so far 12 / 18
  const series: Record<string, number> = {};
  for (const y of [2019, 2020, 2021]) [10, 20, 30, 40].forEach((v, i) => (series[`${y}Q${i + 1}`] = v));
  Object.assign(series, { '2022Q1': 12, '2022Q2': 18, '2022Q3': 0, '2022Q4': 0 });

  it('learns the seasonal profile from the earlier complete years', () => {
    const totals = new Map(Object.entries(series));
    const s = seasonalShares(totals, Object.keys(series), 2022);
    expect(s.years).toEqual([2019, 2020, 2021]);
    expect(s.shares[0]).toEqual([0.1, 0.3, 0.6, 1]);
  });

  it('expected by now = target x seasonal share; projection = actual / share with the range of the years', () => {
    const p = progressOf(goal(100), flow(series), '2022Q2');
    expect(p.pace.method).toBe('seasonal');
    expect(p.actual).toBe(30);
    expect(p.expected).toBeCloseTo(30, 12);
    expect(p.status).toBe('onTrack'); // 30 >= 30
    expect(p.projection!.mid).toBeCloseTo(100, 12);
    expect(p.projection!.method).toBe('seasonal');
    expect(p.quarters.map((q) => q.actual)).toEqual([12, 30, null, null]);
  });

  it('falls back to linear with fewer than two earlier years, and the linear range', () => {
    const short = { '2021Q1': 1, '2021Q2': 1, '2021Q3': 1, '2021Q4': 1, '2022Q1': 12, '2022Q2': 18 };
    const p = progressOf(goal(100), flow(short), '2022Q2');
    expect(p.pace.method).toBe('linear');
    expect(p.expected).toBe(50);
    expect(p.status).toBe('behind'); // 30 < 0.9 x 50
    expect(p.projection).toEqual({ mid: 60, lo: 30, hi: 90, method: 'linear' });
    expect(progressOf(goal(100), flow(series), '2022Q2', { band: 0.9, minYears: 2, pace: 'linear' }).pace.method).toBe('linear');
  });

  it('before the period nothing is expected; after the deadline the projection is the outcome', () => {
    expect(progressOf(goal(100), flow(series), '2021Q4').status).toBe('notStarted');
    const done = progressOf(goal(20), flow(series), '2022Q4');
    expect([done.status, done.final, done.projection]).toEqual(['met', true, { mid: 30, lo: 30, hi: 30, method: 'final' }]);
  });

  it('an edited deadline moves the window: a year target due at the end of Q2 is judged then', () => {
    const t = { comparison: 'at_least', value: { lo: 40, hi: 40 }, first: '2022Q1', last: '2022Q4', deadline: '2022-12-31' } as Parameters<typeof goalOf>[0];
    const g = goalOf(t, { deadline: '2022-06-30', lo: 40 });
    expect([g.first, g.last, g.lo]).toEqual(['2022Q1', '2022Q2', 40]);
    const p = progressOf(g, flow(series), '2022Q2');
    expect([p.final, p.status, p.actual]).toEqual([true, 'behind', 30]);
  });

  it('no data stays no data', () => {
    const p = progressOf(goal(5), { kind: 'noData', reason: { zh: '无', en: 'none' } }, '2022Q4');
    expect([p.status, p.actual, p.projection]).toEqual(['noData', null, null]);
  });
});
