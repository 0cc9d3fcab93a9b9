import { describe, it, expect } from 'vitest';
import { compactYuan, outputAxisTick, axisPercent } from '../../src/lib/overview/format.ts';
import { parseWanInput } from '../../src/lib/overview/budget.svelte.ts';
import { outputGrowthThresholds } from '../../src/lib/policy/growth-thresholds.ts';
import { OVERVIEW_MESSAGES } from '../../src/lib/overview/messages.ts';
import { allPackageIds, packageById } from './helpers/packages.ts';

describe('overview axis labels and the budget input', () => {
  it('money axes read 万 / 亿 in Chinese and m / bn in English', () => {
    expect(compactYuan(50_000_000, 'zh')).toBe('5,000万');
    expect(compactYuan(150_000_000, 'zh')).toBe('1.5亿');
    expect(compactYuan(50_000_000, 'en')).toBe('¥50m');
    expect(compactYuan(1_500_000_000, 'en')).toBe('¥1.5bn');
    expect(compactYuan(0, 'en')).toBe('0');
    expect(outputAxisTick(25_000_000, 'zh')).toBe('2,500');
    expect(outputAxisTick(25_000_000, 'en')).toBe('250');
    expect(axisPercent(-0.1)).toBe('-10%');
  });

  it('a budget typed in 万元 becomes whole yuan; anything else is refused', () => {
    expect(parseWanInput('50,000')).toBe(500_000_000);
    expect(parseWanInput('1234.56')).toBe(12_345_600);
    expect(parseWanInput(' 16，000 ')).toBe(160_000_000);
    for (const bad of ['', '0', '-5', '1.234', '1e6', 'abc']) expect(parseWanInput(bad), bad).toBeNull();
  });

  it('the growth lines are the packages’ thresholds on that quarter’s output growth, labelled by their tiers and following a what-if', () => {
    const all = allPackageIds().map(packageById);
    const q1 = { current: '2024Q1', base: '2023Q1' };
    expect(outputGrowthThresholds(all, q1, 'zh').map((t) => [t.value, t.valueText, t.label])).toEqual([
      [0.08, '8%', '增速8%以上'],
      [0.1, '10%', '增速10%以上']
    ]);
    const moved = outputGrowthThresholds(all, q1, 'en', { 'changchun-2024q1': { c2_tier1_growth: 0.075 } });
    expect(moved.map((t) => [t.value, t.label])).toEqual([
      [0.075, 'Growth 7.5% or more'],
      [0.1, 'Growth 10% or more']
    ]);
    // another quarter pair: another package's minimum growth (an eligibility condition, labelled by its clause)
    const q2021 = outputGrowthThresholds(all, { current: '2021Q1', base: '2019Q1' }, 'zh');
    expect(q2021.map((t) => [t.package, t.tier, t.valueText])).toEqual([['changchun-2021q1', null, '6%']]);
    expect(outputGrowthThresholds(all, { current: '2022Q1', base: '2021Q1' }, 'zh')).toEqual([]);
  });

  it('every overview message exists in both languages and keeps the same {parameters}', () => {
    const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(OVERVIEW_MESSAGES.zh) as (keyof typeof OVERVIEW_MESSAGES.zh)[]) {
      expect(OVERVIEW_MESSAGES.en[key], key).toBeTruthy();
      expect(params(OVERVIEW_MESSAGES.en[key]), key).toEqual(params(OVERVIEW_MESSAGES.zh[key]));
    }
  });
});
