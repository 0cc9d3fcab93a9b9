import { describe, it, expect } from 'vitest';
import type { Parameter, Unit } from '../../src/lib/policy/schema.ts';
import { scaledParam } from '../../src/lib/policy/units.ts';
import { toIndex, addSteps } from '../../src/lib/simulate/grid.ts';
import { sweepValues, runSweep, goalSeek, sensitivity, type Outlay, type GoalSeek } from '../../src/lib/simulate/analysis.ts';

const param = (unit: Unit, value: number | string | null = null, extra: Partial<Parameter> = {}): Parameter => ({
  label: { zh: '测试参数', en: 'test parameter' },
  unit,
  value,
  source: { clause: '第二条', quote: '给予奖励' },
  ...extra
});
const ratio = param('ratio', 0.08);
const wan = param('wan', 500);
const days = param('days', 3);

/** An evaluator that counts its calls and checks they never overlap. */
function counted(outlay: (value: number) => { outlay_yuan: number; recipients: number }) {
  const stats = { calls: 0, active: 0, maxActive: 0, values: [] as number[] };
  const f: Outlay = async (value) => {
    stats.calls++;
    stats.active++;
    stats.maxActive = Math.max(stats.maxActive, stats.active);
    stats.values.push(value);
    await new Promise((r) => setTimeout(r, 0));
    stats.active--;
    return outlay(value);
  };
  return { f, stats };
}

/** Award rate (ratio): 100 yuan more per 12345 grid steps, increasing in the value. */
const rateSteps = (v: number) => {
  const tier = Math.floor(toIndex(ratio, v) / 12345);
  return { outlay_yuan: tier * 100, recipients: tier };
};

/** Output threshold (万元): 10000 yuan to each firm at or above it, decreasing in the value. */
const outputs = [120.5, 300, 300, 450.25, 1000];
const thresholdSteps = (t: number) => {
  const n = outputs.filter((o) => toIndex(wan, o) >= toIndex(wan, t)).length;
  return { outlay_yuan: n * 10_000, recipients: n };
};

/** The interval is exact: its ends give the outlay, one grid step beyond either end does not. */
function expectTight(p: Parameter, r: GoalSeek, fn: (v: number) => { outlay_yuan: number }, lo: number, hi: number) {
  if (r.kind === 'never') throw new Error('expected an interval');
  expect(fn(r.from).outlay_yuan).toBe(r.outlay_yuan);
  expect(fn(r.to).outlay_yuan).toBe(r.outlay_yuan);
  if (r.from > lo) expect(fn(addSteps(p, r.from, -1)).outlay_yuan).not.toBe(r.outlay_yuan);
  if (r.to < hi) expect(fn(addSteps(p, r.to, 1)).outlay_yuan).not.toBe(r.outlay_yuan);
}

describe('sweep values', () => {
  it('spreads values evenly on the grid, inclusive', () => {
    expect(sweepValues(ratio, 0, 0.1, 11)).toEqual([0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.1]);
    expect(sweepValues(wan, 0, 1, 3)).toEqual([0, 0.5, 1]);
    expect(sweepValues(wan, 1, 0, 3)).toEqual([0, 0.5, 1]);
    expect(sweepValues(ratio, 0.05, 0.05, 20)).toEqual([0.05]);
    expect(sweepValues(wan, 7, 9, 1)).toEqual([7]);
  });

  it('gives fewer values when the grid is coarser, without duplicates', () => {
    expect(sweepValues(days, 0, 5)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(sweepValues(ratio, 0, 0.000003, 20)).toEqual([0, 0.000001, 0.000002, 0.000003]);
    expect(sweepValues(wan, 0, 0.1, 4)).toEqual([0, 0.03, 0.07, 0.1]);
  });

  it('only gives values the engine accepts', () => {
    for (const v of sweepValues(ratio, 0.013, 0.9871, 37)) expect(() => scaledParam(v, 'ratio', 'v')).not.toThrow();
    for (const v of sweepValues(wan, 0.01, 12345.67, 20)) expect(() => scaledParam(v, 'wan', 'v')).not.toThrow();
    expect(sweepValues(ratio, 0.013, 0.9871, 37)).toHaveLength(37);
  });
});

describe('run a sweep', () => {
  it('evaluates one value after another, in order', async () => {
    const { f, stats } = counted(rateSteps);
    const points = await runSweep([0.01, 0.02, 0.03], f);
    expect(points).toEqual([
      { value: 0.01, outlay_yuan: 0, recipients: 0 },
      { value: 0.02, outlay_yuan: 100, recipients: 1 },
      { value: 0.03, outlay_yuan: 200, recipients: 2 }
    ]);
    expect(stats.maxActive).toBe(1);
    expect(stats.values).toEqual([0.01, 0.02, 0.03]);
  });

  it('stops with an AbortError', async () => {
    const controller = new AbortController();
    const { f, stats } = counted((v) => {
      if (stats.calls === 2) controller.abort();
      return rateSteps(v);
    });
    await expect(runSweep(sweepValues(ratio, 0, 1), f, controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
    expect(stats.calls).toBe(2);
  });
});

describe('goal seek', () => {
  it('finds the interval for an increasing outlay', async () => {
    const { f, stats } = counted(rateSteps);
    // 5000 yuan is tier 50: grid indices 50 x 12345 = 617250 up to 51 x 12345 - 1 = 629594
    const r = await goalSeek({ p: ratio, f, lo: 0, hi: 1, budget_yuan: 5000 });
    expect(r).toMatchObject({ kind: 'met', from: 0.61725, to: 0.629594, outlay_yuan: 5000, recipients: 50, monotone: true });
    expect(r.evaluations).toBe(stats.calls);
    expect(stats.calls).toBeLessThanOrEqual(2 + 2 * 20); // log2(1e6) < 20
    expectTight(ratio, r, rateSteps, 0, 1);
  });

  it('answers the same for a budget between two steps, and one step lower just below a step', async () => {
    const between = await goalSeek({ p: ratio, f: counted(rateSteps).f, lo: 0, hi: 1, budget_yuan: 5099 });
    expect(between).toMatchObject({ kind: 'met', from: 0.61725, to: 0.629594, outlay_yuan: 5000 });
    const below = await goalSeek({ p: ratio, f: counted(rateSteps).f, lo: 0, hi: 1, budget_yuan: 4999 });
    // tier 49: 604905 .. 617249
    expect(below).toMatchObject({ kind: 'met', from: 0.604905, to: 0.617249, outlay_yuan: 4900, recipients: 49 });
    expectTight(ratio, below, rateSteps, 0, 1);
  });

  it('finds the interval for a decreasing outlay (a threshold)', async () => {
    const seek = (budget_yuan: number, hi = 2000) => goalSeek({ p: wan, f: counted(thresholdSteps).f, lo: 0, hi, budget_yuan });
    // 2 firms (450.25 and 1000) above a threshold in (300, 450.25]
    const two = await seek(25_000);
    expect(two).toMatchObject({ kind: 'met', from: 300.01, to: 450.25, outlay_yuan: 20_000, recipients: 2, monotone: true });
    expectTight(wan, two, thresholdSteps, 0, 2000);
    // no threshold gives exactly 3 firms: 30000 yields the 2-firm interval
    expect(await seek(30_000)).toMatchObject({ kind: 'met', from: 300.01, to: 450.25, outlay_yuan: 20_000 });
    const four = await seek(40_000); // exactly the outlay of a step
    expect(four).toMatchObject({ kind: 'met', from: 120.51, to: 300, outlay_yuan: 40_000, recipients: 4 });
    expectTight(wan, four, thresholdSteps, 0, 2000);
    const none = await seek(9_999);
    expect(none).toMatchObject({ kind: 'met', from: 1000.01, to: 2000, outlay_yuan: 0, recipients: 0 });
    expectTight(wan, none, thresholdSteps, 0, 2000);
  });

  it('says when the budget is never exceeded or never met', async () => {
    const all = await goalSeek({ p: wan, f: counted(thresholdSteps).f, lo: 0, hi: 2000, budget_yuan: 50_000 });
    expect(all).toMatchObject({ kind: 'always_under', from: 0, to: 120.5, outlay_yuan: 50_000, recipients: 5 });
    const never = await goalSeek({ p: wan, f: counted(thresholdSteps).f, lo: 0, hi: 900, budget_yuan: 5_000 });
    expect(never).toEqual({ kind: 'never', value: 900, min_outlay_yuan: 10_000, evaluations: 2, monotone: true });
    const neverUp = await goalSeek({ p: ratio, f: counted(rateSteps).f, lo: 0.5, hi: 1, budget_yuan: 3_000 });
    expect(neverUp).toMatchObject({ kind: 'never', value: 0.5, min_outlay_yuan: 4_000 });
  });

  it('handles a flat outlay with two evaluations', async () => {
    const flat = counted(() => ({ outlay_yuan: 7000, recipients: 3 }));
    expect(await goalSeek({ p: ratio, f: flat.f, lo: 0.02, hi: 0.3, budget_yuan: 7000 })).toEqual({
      kind: 'always_under', from: 0.02, to: 0.3, outlay_yuan: 7000, recipients: 3, evaluations: 2, monotone: true
    });
    expect(await goalSeek({ p: ratio, f: flat.f, lo: 0.02, hi: 0.3, budget_yuan: 6999 })).toMatchObject({ kind: 'never', min_outlay_yuan: 7000 });
  });

  it('bisects a grid of 1e8 points in a few dozen evaluations', async () => {
    const { f, stats } = counted(rateSteps);
    const r = await goalSeek({ p: ratio, f, lo: 0, hi: 100, budget_yuan: 123_456 });
    // tier 1234: 1234 x 12345 = 15233730 .. 15246074
    expect(r).toMatchObject({ kind: 'met', from: 15.23373, to: 15.246074, outlay_yuan: 123_400 });
    expect(stats.calls).toBeLessThanOrEqual(2 + 2 * 27); // log2(1e8) < 27
    expectTight(ratio, r, rateSteps, 0, 100);
  });

  it('reports a non-monotone outlay and still returns a correct bracket', async () => {
    // 100 below 0.4, a dip to 0 on [0.4, 0.6), 1000 from 0.6: the first probe (0.5) is outside its bracket
    const dip = (v: number) => {
      const i = toIndex(ratio, v);
      const outlay_yuan = i < 400_000 ? 100 : i < 600_000 ? 0 : 1000;
      return { outlay_yuan, recipients: outlay_yuan / 100 };
    };
    const r = await goalSeek({ p: ratio, f: counted(dip).f, lo: 0, hi: 1, budget_yuan: 500 });
    expect(r).toMatchObject({ kind: 'met', from: 0.4, to: 0.599999, outlay_yuan: 0, monotone: false });
    expectTight(ratio, r, dip, 0, 1);
  });

  it('stops with an AbortError', async () => {
    const controller = new AbortController();
    const { f, stats } = counted((v) => {
      if (stats.calls === 3) controller.abort();
      return rateSteps(v);
    });
    await expect(goalSeek({ p: ratio, f, lo: 0, hi: 1, budget_yuan: 5000, signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(stats.calls).toBe(3);
  });
});

describe('sensitivity', () => {
  const base = 800_000;
  const outlay: Record<string, (v: number) => number> = {
    rate: (v) => toIndex(ratio, v) * 10,
    threshold: (t) => base + (t <= 460 ? 100_000 : 0) - (t >= 550 ? 300_000 : 0),
    days: (d) => base + (d - 3) * 1000,
    pool: (v) => base + toIndex(wan, v) * 5,
    capped: (v) => base - (v < 0.1 ? 20_000 : 0)
  };
  const params = [
    { name: 'rate', p: ratio, value: 0.08 },
    { name: 'mode', p: param('choice', 'a'), value: 'a' },
    { name: 'days', p: days, value: 3 },
    { name: 'pool', p: param('wan', 0), value: 0 },
    { name: 'auto', p: param('wan', null), value: null },
    { name: 'threshold', p: param('wan', 500, { min: 460 }), value: 500 },
    { name: 'capped', p: param('ratio', 0.1, { max: 0.1 }), value: 0.1 }
  ];

  it('moves each numeric parameter 10% each way on its grid and sorts by swing', async () => {
    const calls: [string, number][] = [];
    const rows = await sensitivity(params, async (name, v) => {
      calls.push([name, v]);
      return { outlay_yuan: outlay[name](v) };
    }, base);
    expect(rows.map((r) => r.name)).toEqual(['threshold', 'rate', 'capped', 'days', 'pool']);
    const by = Object.fromEntries(rows.map((r) => [r.name, r]));
    // 450 is below min 460
    expect(by.threshold).toEqual({ name: 'threshold', low: { value: 460, outlay_yuan: 900_000 }, high: { value: 550, outlay_yuan: 500_000 }, swing_yuan: 300_000 });
    expect(by.rate).toEqual({ name: 'rate', low: { value: 0.072, outlay_yuan: 720_000 }, high: { value: 0.088, outlay_yuan: 880_000 }, swing_yuan: 80_000 });
    // max 0.1: the high side does not move
    expect(by.capped).toEqual({ name: 'capped', low: { value: 0.09, outlay_yuan: 780_000 }, high: { value: 0.1, outlay_yuan: base }, swing_yuan: 20_000 });
    // 10% of 3 days rounds to 0: at least one day each way
    expect(by.days).toMatchObject({ low: { value: 2, outlay_yuan: 799_000 }, high: { value: 4, outlay_yuan: 801_000 }, swing_yuan: 1000 });
    // 0 never goes below 0; +10% of 0 is one grid step
    expect(by.pool).toEqual({ name: 'pool', low: { value: 0, outlay_yuan: base }, high: { value: 0.01, outlay_yuan: 800_005 }, swing_yuan: 5 });
    expect(calls.map(([n]) => n)).not.toContain('mode');
    expect(calls.map(([n]) => n)).not.toContain('auto');
    expect(calls).toHaveLength(8);
    for (const [name, v] of calls) {
      const p = params.find((q) => q.name === name)!.p;
      expect(() => scaledParam(v, p.unit, name)).not.toThrow();
      expect(v).toBeGreaterThanOrEqual(0);
    }
  });

  it('stops with an AbortError', async () => {
    const controller = new AbortController();
    let calls = 0;
    const run = sensitivity(params, async (name, v) => {
      if (++calls === 2) controller.abort();
      return { outlay_yuan: outlay[name](v) };
    }, base, controller.signal);
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(calls).toBe(2);
  });
});
