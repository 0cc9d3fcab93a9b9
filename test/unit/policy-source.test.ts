/**
 * The policy source format (docs/policy-packages.md): values with units read exactly, periods re-base
 * metrics, labels follow parameters, and every mistake names the file, the line and the problem.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readQuantity, readYuan, shiftDecimal } from '../../src/lib/policy/source/quantity.ts';
import { loadPackageSource } from '../../src/lib/policy/load.ts';
import { fillText, formatParamValue } from '../../src/lib/policy/labels.ts';
import { packageById, rebasedPackageById } from './helpers/packages.ts';

const FILE = 'changchun-2024q1.yaml';
const TEXT = readFileSync(join(import.meta.dirname, '../../data/policies', FILE), 'utf8');
const lineOf = (needle: string) => TEXT.slice(0, TEXT.indexOf(needle)).split('\n').length;

function errorOf(from: string, to: string): string {
  expect(TEXT.includes(from)).toBe(true);
  try {
    loadPackageSource(TEXT.replace(from, to), FILE);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('no error');
}

describe('values are read from their decimal text, in the unit the notice writes', () => {
  it('8% is exactly 0.08 and 8.5% exactly 0.085; 1亿元 is 10000万元; 0.05元/千瓦时 is a rate', () => {
    expect(readQuantity('8%')).toEqual({ value: 0.08, unit: 'ratio' });
    expect(readQuantity('8.5%')).toEqual({ value: 0.085, unit: 'ratio' });
    expect(readQuantity('1亿元')).toEqual({ value: 10000, unit: 'wan' });
    expect(readQuantity('1.5亿元')).toEqual({ value: 15000, unit: 'wan' });
    expect(readQuantity('0.05元/千瓦时')).toEqual({ value: 0.05, unit: 'yuan_per_kwh' });
    expect(readQuantity('4天')).toEqual({ value: 4, unit: 'days' });
    expect(shiftDecimal('0.07', 2)).toBe('7');
  });
  it('awards in examples read 10万元 as 100000 yuan and 0.3万元 as 3000 yuan', () => {
    expect(readYuan('10万元')).toBe(100000);
    expect(readYuan('0.3万元')).toBe(3000);
    expect(readYuan(214285)).toBe(214285);
  });
  it('a number in a unit the format does not know is refused with the units it does know', () => {
    expect(() => readQuantity('5000 wan')).toThrow(/5000万元, 1亿元, 8%/);
  });
});

describe('mistakes name the file, the line and the problem', () => {
  it('a misspelt parameter in a condition', () => {
    const msg = errorOf('when: output_q1 > c2_min_output', 'when: output_q1 > c2_min_outpt');
    expect(msg).toContain(`${FILE} line ${lineOf('when: output_q1 > c2_min_output')}`);
    expect(msg).toContain('"c2_min_outpt" is neither a metric, a parameter nor a period');
  });
  it('a formula that does not parse', () => {
    const from = 'eligibility: above_scale_q1 and output_q1_above and growth_vs_city and growth_tier1';
    const msg = errorOf(from, 'eligibility: above_scale_q1 and and output_q1_above');
    expect(msg).toContain(`line ${lineOf(from)}`);
    expect(msg).toContain('is not a formula');
  });
  it('a YAML syntax error', () => {
    const msg = errorOf('clauses:\n', 'clauses:\n  - id: [broken\n');
    expect(msg).toMatch(new RegExp(`^${FILE} line \\d+: `));
  });
  it('a label slot that names no parameter', () => {
    const from = "label: '增速{c2_tier1_growth}以上";
    const msg = errorOf(from, "label: '增速{c2_tier_growth}以上");
    expect(msg).toContain(`line ${lineOf(from)}`);
    expect(msg).toContain('{c2_tier_growth} is neither a parameter nor a period');
  });
  it('a tier paying a parameter that does not exist', () => {
    const msg = errorOf('amount: c2_tier1_amount,', 'amount: c2_tier1_amountt,');
    expect(msg).toContain('"c2_tier1_amountt" is not a parameter of this package');
  });
  it('a value written without a unit', () => {
    const msg = errorOf('value: 5000万元\n    label: 一季度产值门槛', 'value: 5000\n    label: 一季度产值门槛');
    expect(msg).toContain('needs a unit');
  });
});

describe('labels and periods follow the package', () => {
  const pkg = packageById('changchun-2024q1');
  const tier = (p: typeof pkg) => {
    const clause = p.clauses.find((c) => c.award.shape === 'tiers' && c.award.tiers.some((t) => t.label.zh.includes('{c2_tier1_growth}')))!;
    return clause.award.shape === 'tiers' ? clause.award.tiers[0].label : null;
  };
  it('a tier label reads the current growth threshold, and the what-if value after a change', () => {
    expect(fillText(tier(pkg)!, pkg, 'zh')).toBe('增速8%以上');
    expect(fillText(tier(pkg)!, pkg, 'zh', { c2_tier1_growth: 0.07 })).toBe('增速7%以上');
    expect(fillText(tier(pkg)!, pkg, 'en', { c2_tier1_growth: 0.075 })).toBe('Growth 7.5% or more');
  });
  it('re-basing to 2023 moves labels with the periods', () => {
    const leaf = { zh: '{year}年一季度为规上企业', en: 'Above-scale in {year} Q1' };
    expect(fillText(leaf, rebasedPackageById('changchun-2024q1', { year: 2023 }), 'zh')).toBe('2023年一季度为规上企业');
  });
  it('a period that the package does not have is refused', () => {
    expect(() => rebasedPackageById('changchun-2024q1', { quarter: 2 })).toThrow(/not a period/);
  });
});

describe('parameter values read as the notice writes them', () => {
  const spec = (unit: string) => ({ label: { zh: 'x', en: 'x' }, unit, value: null, source: { clause: '1', quote: 'x' } }) as never;
  it('dollars and large counts are grouped; one day is singular in English', () => {
    expect(formatParamValue(spec('usd'), 1000000, 'zh')).toBe('1,000,000美元');
    expect(formatParamValue(spec('usd'), 1000000, 'en')).toBe('US$1,000,000');
    expect(formatParamValue(spec('days'), 1, 'en')).toBe('1 day');
    expect(formatParamValue(spec('days'), 4, 'zh')).toBe('4天');
    expect(formatParamValue(spec('wan'), 15000, 'zh')).toBe('1.5亿元');
    expect(formatParamValue(spec('ratio'), 0.085, 'zh')).toBe('8.5%');
  });
});

describe('the packages the app bundles', () => {
  it('are the packages loaded from data/policies, loaded at build time, and re-base from their sources', async () => {
    const { PACKAGES, rebasedPackage } = await import('../../src/lib/policy/bundled.ts');
    const { loadAllPackages } = await import('../../scripts/lib/policies.ts');
    expect(PACKAGES).toStrictEqual(loadAllPackages());
    expect(rebasedPackage('changchun-2024q1', { year: 2023 })).toStrictEqual(rebasedPackageById('changchun-2024q1', { year: 2023 }));
  });
});
