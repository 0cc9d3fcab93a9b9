import { describe, it, expect } from 'vitest';
import type { Parameter, Unit } from '../../src/lib/policy/schema.ts';
import { scaledParam } from '../../src/lib/policy/units.ts';
import { displayUnit, toDisplay, fromDisplay, stepOf, snap, addSteps, uiStep, toIndex, fromIndex } from '../../src/lib/simulate/grid.ts';

const param = (unit: Unit, value: number | null = null, extra: Partial<Parameter> = {}): Parameter => ({
  label: { zh: '测试参数', en: 'test parameter' },
  unit,
  value,
  source: { clause: '第一条', quote: '按规定执行' },
  ...extra
});
const ratio = param('ratio', 0.08);
const wan = param('wan', 5000);
const rate = param('yuan_per_kwh', 0.05);
const days = param('days', 4);

/** The value fromDisplay accepts, or the thrown English error. */
const read = (p: Parameter, text: string): number => {
  const r = fromDisplay(p, text);
  if ('error' in r) throw new Error(r.error.en);
  return r.value;
};
const refused = (p: Parameter, text: string) => {
  const r = fromDisplay(p, text);
  return 'error' in r ? r.error : null;
};

/** A small deterministic generator so a failure can be replayed. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const NUMERIC: Unit[] = ['yuan', 'wan', 'ratio', 'yuan_per_kwh', 'yuan_per_m3', 'yuan_per_person', 'days', 'persons', 'count', 'kwh', 'm3', 'usd', 'yuan_per_usd', 'yuan_per_unit'];

describe('display units', () => {
  it('gives decimals and factor per unit', () => {
    expect(displayUnit(wan)).toMatchObject({ decimals: 2, factor: 1, zh: '万元' });
    expect(displayUnit(param('yuan'))).toMatchObject({ decimals: 0, factor: 1, zh: '元' });
    expect(displayUnit(ratio)).toMatchObject({ decimals: 4, factor: 100, zh: '%' });
    expect(displayUnit(rate)).toMatchObject({ decimals: 6, factor: 1, zh: '元/千瓦时' });
    expect(displayUnit(days)).toMatchObject({ decimals: 0, factor: 1, zh: '天' });
    expect(displayUnit(param('kwh'))).toMatchObject({ decimals: 2, factor: 1 });
    expect(displayUnit(param('usd'))).toMatchObject({ decimals: 2, factor: 1 });
  });

  it('shows model values from their exact integers', () => {
    expect(toDisplay(ratio, 0.08)).toBe('8');
    expect(toDisplay(ratio, 0.085)).toBe('8.5');
    expect(toDisplay(ratio, 0.000001)).toBe('0.0001');
    expect(toDisplay(ratio, 1.5)).toBe('150');
    expect(toDisplay(ratio, 0)).toBe('0');
    expect(toDisplay(wan, 5000)).toBe('5000');
    expect(toDisplay(wan, 0.01)).toBe('0.01');
    expect(toDisplay(wan, 1234.5)).toBe('1234.5');
    expect(toDisplay(rate, 0.05)).toBe('0.05');
    expect(toDisplay(rate, 0.000001)).toBe('0.000001');
    expect(toDisplay(days, 15)).toBe('15');
  });

  it('refuses to show a value off the grid rather than rounding it', () => {
    expect(() => toDisplay(ratio, 0.01 + 0.05)).toThrow(/decimals/);
    expect(() => toDisplay(days, 2.5)).toThrow(/decimals/);
  });
});

describe('reading what a planner typed', () => {
  it('moves the decimal point in the digits, never divides a float', () => {
    expect(read(ratio, '8')).toBe(0.08);
    expect(read(ratio, '7.5')).toBe(0.075);
    expect(read(ratio, '8.25')).toBe(0.0825);
    expect(read(ratio, '0.0001')).toBe(0.000001);
    // Number('0.07') / 100 is 0.0007000000000000001, which the engine would refuse
    expect(read(ratio, '0.07')).toBe(0.0007);
    expect(read(ratio, '0.57')).toBe(0.0057);
    expect(read(ratio, '100')).toBe(1);
    expect(read(wan, '5000')).toBe(5000);
    expect(read(wan, '0.01')).toBe(0.01);
    expect(read(rate, '0.05')).toBe(0.05);
    expect(read(days, '4')).toBe(4);
  });

  it('accepts full-width digits, separators, spaces, a trailing unit and trailing zeros', () => {
    expect(read(rate, '０.０５')).toBe(0.05);
    expect(read(ratio, '０.０５')).toBe(0.0005);
    expect(read(ratio, ' 7.5 % ')).toBe(0.075);
    expect(read(ratio, '7.5％')).toBe(0.075);
    expect(read(wan, '1,000')).toBe(1000);
    expect(read(wan, '1，000万元')).toBe(1000);
    expect(read(wan, '1,234,567.89 万元')).toBe(1234567.89);
    expect(read(wan, '5000万')).toBe(5000);
    expect(read(rate, '0.05元/千瓦时')).toBe(0.05);
    expect(read(rate, '0.05 元/kWh')).toBe(0.05);
    expect(read(days, '4天')).toBe(4);
    expect(read(ratio, '7.00000')).toBe(0.07);
    expect(read(ratio, '.5')).toBe(0.005);
    expect(read(ratio, '8.')).toBe(0.08);
    expect(read(ratio, '0')).toBe(0);
  });

  it('refuses too many decimals, at the exact boundary', () => {
    expect(read(ratio, '7.0001')).toBe(0.070001);
    expect(refused(ratio, '7.00001')?.en).toBe('At most 4 decimals');
    expect(refused(ratio, '7.0000001')?.en).toBe('At most 4 decimals');
    expect(read(wan, '0.99')).toBe(0.99);
    expect(refused(wan, '0.999')?.zh).toBe('最多 2 位小数');
    expect(read(rate, '0.000001')).toBe(0.000001);
    expect(refused(rate, '0.0000001')).not.toBeNull();
    expect(refused(days, '3.5')?.en).toBe('Must be a whole number');
    expect(read(days, '3.0')).toBe(3);
  });

  it('refuses negatives, empty text, non-numbers and another unit', () => {
    for (const text of ['-1', '－5', '−0.5', '-0']) expect(refused(ratio, text)?.en).toBe('Must not be negative');
    for (const text of ['', '   ', '　']) expect(refused(ratio, text)?.en).toBe('Enter a number');
    for (const text of ['abc', '.', '1e3', '1.2.3', '8%%', '0,05', '12,34', '5000元', 'NaN', 'Infinity']) {
      expect(refused(wan, text), text).not.toBeNull();
    }
    expect(refused(param('choice', null), '1')).not.toBeNull();
    expect(refused(param('yuan'), '99999999999999999999')?.en).toBe('The number is too large');
  });

  it('keeps values inside min and max, inclusive', () => {
    const tier = param('ratio', 0.08, { min: 0.05, max: 0.2 });
    expect(read(tier, '5')).toBe(0.05);
    expect(read(tier, '20')).toBe(0.2);
    expect(refused(tier, '4.9999')).toEqual({ zh: '不能小于 5%', en: 'Must be at least 5%' });
    expect(refused(tier, '20.0001')).toEqual({ zh: '不能大于 20%', en: 'Must be at most 20%' });
    const pool = param('wan', 5000, { min: 100 });
    expect(refused(pool, '99.99')).toEqual({ zh: '不能小于 100万元', en: 'Must be at least 100 10k yuan' });
    expect(read(pool, '100')).toBe(100);
  });

  it('round-trips random grid values of every unit exactly', () => {
    const rnd = lcg(20240101);
    for (const unit of NUMERIC) {
      const p = param(unit);
      for (let n = 0; n < 300; n++) {
        const digits = 1 + Math.floor(rnd() * 11);
        const index = Math.floor(rnd() * 10 ** digits);
        const v = fromIndex(p, index);
        expect(scaledParam(v, unit, 'v')).toBe(index);
        const shown = toDisplay(p, v);
        const back = read(p, shown);
        expect(back, `${unit} ${shown}`).toBe(v);
        expect(toDisplay(p, back)).toBe(shown);
        // the same digits typed with grouping and full-width characters read the same
        const [int, frac] = shown.split('.');
        const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '，') + (frac ? `.${frac}` : '');
        const wide = grouped.replace(/[0-9.]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
        expect(read(p, wide)).toBe(v);
      }
    }
  });

  it('returns only values the engine accepts, for random typed decimals', () => {
    const rnd = lcg(7);
    for (const unit of NUMERIC) {
      const p = param(unit);
      const { decimals } = displayUnit(p);
      for (let n = 0; n < 200; n++) {
        const text = (rnd() * 10 ** Math.floor(rnd() * 8)).toFixed(Math.floor(rnd() * (decimals + 1)));
        const v = read(p, text);
        expect(() => scaledParam(v, unit, 'v')).not.toThrow();
        expect(toDisplay(p, v)).toBe(text.includes('.') ? text.replace(/\.?0+$/, '') : text);
      }
    }
  });
});

describe('the grid', () => {
  it('steps by one unit of the scale', () => {
    expect(stepOf(wan)).toBe(0.01);
    expect(stepOf(ratio)).toBe(0.000001);
    expect(stepOf(rate)).toBe(0.000001);
    expect(stepOf(days)).toBe(1);
    expect(stepOf(param('yuan'))).toBe(1);
    expect(stepOf(param('kwh'))).toBe(0.01);
  });

  it('snaps to the nearest grid value through integers', () => {
    expect(snap(ratio, 0.01 + 0.05)).toBe(0.06);
    expect(snap(ratio, 0.0800004)).toBe(0.08);
    expect(snap(ratio, 0.0800006)).toBe(0.080001);
    expect(snap(wan, 0.1 + 0.2)).toBe(0.3);
    expect(snap(days, 2.6)).toBe(3);
    expect(Object.is(snap(wan, -0.001), 0)).toBe(true);
    const rnd = lcg(99);
    for (const unit of NUMERIC) {
      const p = param(unit);
      for (let n = 0; n < 300; n++) {
        const v = snap(p, rnd() * 10 ** Math.floor(rnd() * 9));
        expect(() => scaledParam(v, unit, 'v')).not.toThrow();
        expect(() => scaledParam(addSteps(p, v, 7), unit, 'v')).not.toThrow();
      }
    }
  });

  it('adds steps exactly', () => {
    expect(addSteps(wan, 0.1, 2)).toBe(0.12); // 0.1 + 0.02 is 0.12000000000000001
    expect(addSteps(ratio, 0.08, 5)).toBe(0.080005);
    expect(addSteps(ratio, 0.08, -80000)).toBe(0);
    expect(addSteps(days, 4, -1)).toBe(3);
    expect(toIndex(ratio, addSteps(ratio, 0.075, 1))).toBe(75001);
  });

  it('chooses +/- increments', () => {
    expect(uiStep(ratio, 0.08)).toBe(0.005);
    expect(uiStep(wan, 5000)).toBe(100);
    expect(uiStep(wan, 1000)).toBe(100);
    expect(uiStep(wan, 999.99)).toBe(10);
    expect(uiStep(wan, 0.5)).toBe(0.01);
    expect(uiStep(wan, 0.01)).toBe(0.01);
    expect(uiStep(wan, 0)).toBe(1);
    expect(uiStep(param('yuan'), 300)).toBe(10);
    expect(uiStep(param('yuan'), 5)).toBe(1);
    expect(uiStep(rate, 0.05)).toBe(0.001);
    expect(uiStep(rate, 0)).toBe(0.01);
    expect(uiStep(days, 30)).toBe(1);
  });
});
