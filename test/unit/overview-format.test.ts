import { describe, it, expect } from 'vitest';
import { compactYuan, outputAxisTick, axisPercent } from '../../src/lib/overview/format.ts';
import { parseWanInput } from '../../src/lib/overview/budget.svelte.ts';
import { growthTiers } from '../../src/lib/overview/tiers.ts';
import { OVERVIEW_MESSAGES } from '../../src/lib/overview/messages.ts';
import { packageById } from './helpers/packages.ts';

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

  it('the growth lines come from changchun-2024q1 clause 2 parameters: 8% and 10%', () => {
    const pkg = packageById('changchun-2024q1');
    expect(growthTiers(new Map([[pkg.id, pkg]]))).toEqual([0.08, 0.1]);
    expect(growthTiers(new Map())).toEqual([0.08, 0.1]);
  });

  it('every overview message exists in both languages and keeps the same {parameters}', () => {
    const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(OVERVIEW_MESSAGES.zh) as (keyof typeof OVERVIEW_MESSAGES.zh)[]) {
      expect(OVERVIEW_MESSAGES.en[key], key).toBeTruthy();
      expect(params(OVERVIEW_MESSAGES.en[key]), key).toEqual(params(OVERVIEW_MESSAGES.zh[key]));
    }
  });
});
