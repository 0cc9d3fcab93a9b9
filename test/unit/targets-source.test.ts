/**
 * Target sets (data/targets/*.yaml): every target the seeds set, values read in their units, quotes
 * found in the seed text, re-basing, and errors that name the file, the line and the problem.
 */
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadTargetSet, readMetric } from '../../src/lib/targets/source.ts';
import { readTargetValue, fromUnitInput, toUnitInput } from '../../src/lib/targets/quantity.ts';
import { INDICATOR_CODES } from '../../src/lib/ingest/contract.ts';

const DIR = join(__dirname, '../../data/targets');
const SEEDS = join(__dirname, '../../../shared/seeds');
const text = (f: string) => readFileSync(join(DIR, f), 'utf8');
const sets = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => loadTargetSet(text(f), f));
const byId = (set: string, id: string) => sets.find((s) => s.id === set)!.targets.find((t) => t.id === id)!;

describe('the shipped target sets', () => {
  it('cover every target of the three notices that set targets', () => {
    expect(sets.map((s) => [s.id, s.targets.length])).toEqual([
      ['changchun-2024q1', 2],
      ['jiangle-2024q1', 4],
      ['sanmenxia-2022', 21]
    ]);
  });

  it('read values in their units as the notice writes them', () => {
    const v = (set: string, id: string) => {
      const t = byId(set, id);
      return [t.value.lo, t.value.hi, t.value.unit.word, t.comparison];
    };
    expect(v('sanmenxia-2022', 'new-above-scale')).toEqual([50, 50, '家', 'at_least']);
    expect(v('sanmenxia-2022', 'g5-stations')).toEqual([700, 700, '个', 'at_least']);
    expect(v('sanmenxia-2022', 'tech-reform-growth')).toEqual([0.21, 0.21, '%', 'at_least']);
    expect(v('sanmenxia-2022', 'financing')).toEqual([500000, 500000, '亿元', 'at_least']);
    expect(v('sanmenxia-2022', 'land-unsupplied')).toEqual([8959, 8959, '万亩', 'at_least']);
    expect(v('sanmenxia-2022', 'major-projects')).toEqual([1, 3, '个', 'range']);
    expect(v('sanmenxia-2022', 'institutes-municipal')).toEqual([3, 5, '家', 'range']);
    expect(v('changchun-2024q1', 'digital-fund')).toEqual([15000, 15000, '亿元', 'at_most']);
    const q1 = byId('jiangle-2024q1', 'new-above-scale-q1');
    expect([q1.first, q1.last, q1.deadline, q1.span]).toEqual(['2024Q1', '2024Q1', '2024-03-31', 'quarter']);
  });

  it('name indicator codes the contract lists', () => {
    for (const s of sets) for (const t of s.targets) if (t.metric.kind === 'indicator') expect(Object.keys(INDICATOR_CODES), t.id).toContain(t.metric.code);
  });

  it.runIf(existsSync(SEEDS))('quote sentences found word for word in the seed text (line breaks aside)', () => {
    for (const s of sets) {
      const seed = readFileSync(join(SEEDS, s.sourceFile), 'utf8').replace(/\s+/g, '');
      for (const t of s.targets) expect(seed.includes(t.source.quote.replace(/\s+/g, '')), `${s.id}/${t.id}`).toBe(true);
      for (const p of s.periods) expect(seed.includes(p.source.quote.replace(/\s+/g, '')), `${s.id} period ${p.name}`).toBe(true);
    }
  });

  it('re-base onto another year with one value', () => {
    const s = loadTargetSet(text('sanmenxia-2022.yaml'), 'sanmenxia-2022.yaml', { year: 2023 });
    const t = s.targets.find((x) => x.id === 'new-above-scale')!;
    expect([t.first, t.last, t.deadline, t.year]).toEqual(['2023Q1', '2023Q4', '2023-12-31', 2023]);
    const j = loadTargetSet(text('jiangle-2024q1.yaml'), 'jiangle-2024q1.yaml', { year: 2021 }).targets[0];
    expect([j.first, j.deadline]).toEqual(['2021Q1', '2021-03-31']);
    expect(() => loadTargetSet(text('jiangle-2024q1.yaml'), 'jiangle-2024q1.yaml', { base: 2021 })).toThrow(/"base" is not a period/);
  });
});

describe('values', () => {
  it('reads numbers exactly from their decimal text, ranges and units', () => {
    expect(readTargetValue('0.8959万亩')).toMatchObject({ lo: 8959, hi: 8959, unit: { kind: 'mu' } });
    expect(readTargetValue('1.5亿元')).toMatchObject({ lo: 15000, unit: { kind: 'wan' } });
    expect(readTargetValue('96%').lo).toBe(0.96);
    expect(readTargetValue('7 家')).toMatchObject({ lo: 7, unit: { word: '家' } });
    expect(readTargetValue('1一2家')).toMatchObject({ lo: 1, hi: 2 });
    expect(() => readTargetValue('3-1个')).toThrow(/backwards/);
    expect(() => readTargetValue(50)).toThrow(/needs its unit/);
    expect(() => readTargetValue('50只')).toThrow(/cannot read "50只"/);
  });
  it('edits typed in the unit shown', () => {
    const pct = readTargetValue('21%').unit;
    expect(fromUnitInput('25', pct)).toBe(0.25);
    expect(toUnitInput(0.21, pct)).toBe('21');
    const yi = readTargetValue('50亿元').unit;
    expect(fromUnitInput('60', yi)).toBe(600000);
    expect(fromUnitInput('abc', yi)).toBeNull();
  });
  it('metrics by name', () => {
    expect(readMetric('certified(high_tech)')).toEqual({ kind: 'certified', cert: 'high_tech' });
    expect(readMetric('coverage(tech_reform, digital)')).toEqual({ kind: 'coverage', projectKinds: ['tech_reform', 'digital'] });
    expect(readMetric('awards(changchun-2024q1, c5-digital)')).toEqual({ kind: 'awards', packageId: 'changchun-2024q1', clause: 'c5-digital' });
    expect(() => readMetric('certified(gold)')).toThrow(/not a certification kind/);
    expect(() => readMetric('firms_total')).toThrow(/unknown metric/);
  });
});

describe('errors name the file, the line and the problem', () => {
  const base = text('jiangle-2024q1.yaml');
  const err = (src: string) => {
    try {
      loadTargetSet(src, 'j.yaml');
    } catch (e) {
      return (e as Error).message;
    }
    return 'no error';
  };
  const lineOf = (needle: string, nth = 0) => base.split('\n').findIndex((l, i, all) => l.includes(needle) && all.slice(0, i + 1).filter((x) => x.includes(needle)).length === nth + 1) + 1;

  it('a value in an unknown unit', () => {
    expect(err(base.replace('value: 10家', 'value: 10只'))).toBe(`j.yaml line ${lineOf('value: 10家')} (targets.1.value): cannot read "10只": write a number and its unit (亿元 万元 万亩 亩 % 家 个 户 次 场 项 座), e.g. 50家, 21%, 0.8959万亩, or a range 1-3个`);
  });
  it('a comparison that is not one of the three', () => {
    expect(err(base.replace('comparison: at least', 'comparison: more than'))).toBe(`j.yaml line ${lineOf('comparison: at least')} (targets.0.comparison): comparison is one of: at least, at most, range`);
  });
  it('an unknown metric, a range without range, a duplicate id, an unknown key', () => {
    expect(err(base.replace('metric: new_above_scale', 'metric: new_firms'))).toMatch(new RegExp(`^j.yaml line ${lineOf('metric: new_above_scale')} \\(targets.0.metric\\): unknown metric "new_firms"`));
    expect(err(base.replace('value: 7家', 'value: 7-9家'))).toMatch(new RegExp(`^j.yaml line ${lineOf('value: 7家')} \\(targets.0.value\\): 7-9家 is a range`));
    expect(err(base.replace('id: new-above-scale-year', 'id: new-above-scale-q1'))).toMatch(/^j.yaml line \d+ \(targets.1.id\): the id "new-above-scale-q1" is used twice/);
    expect(err(base.replace('    period: quarter(year, 1)', '    periode: quarter(year, 1)'))).toMatch(/^j.yaml line \d+ \(targets.0\): unknown key "periode"/);
    expect(err(base.replace('    period: quarter(year, 1)\n', ''))).toMatch(/^j.yaml line \d+ \(targets.0.period\): "period" is missing/);
  });
  it('a deadline that is no date, a YAML syntax error', () => {
    expect(err(base.replace('deadline: date(year, 3, 31)', 'deadline: date(year, 2, 30)'))).toMatch(new RegExp(`^j.yaml line ${lineOf('deadline: date(year, 3, 31)')} \\(targets.0.deadline\\): date\\(year, 2, 30\\) is not a date`));
    expect(err(base.replace('title: 一季度新入规工业企业 | New above-scale industrial firms in Q1', 'title: A: B | C: D'))).toMatch(/^j.yaml line \d+: /);
  });
});
