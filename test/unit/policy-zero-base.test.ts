/**
 * A zero base quarter makes a growth rate not computable: the award is unknown (never a silent refusal),
 * and the profile says why — the base is zero — instead of "data missing", which is kept for a quarter
 * that is not reported. The reason lives in the evidence only (computed on demand): awards do not change.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { openNodeDb } from '../../src/lib/db/node.ts';
import { prepareAll, evaluateAll } from '../../src/lib/policy/awards.ts';
import { loadFirm } from '../../src/lib/enterprises/profile-sql.ts';
import { buildPackageViews } from '../../src/lib/enterprises/profile.ts';
import { explainEvidence, missingData } from '../../src/lib/policy/explain.ts';
import { DEFAULT_TOLERANCE } from '../../src/lib/policy/near.ts';
import { loadRows, firmId } from './helpers/dataset.ts';
import { packageById } from './helpers/packages.ts';

const pkg = packageById('changchun-2024q1');
const SCENARIO = { 'changchun-2024q1': { city_growth: 0.05 } };
const db = await openNodeDb();
afterAll(() => db.close());

const firm = (n: number) => ({ firm_id: firmId(n), name: `企业${n}`, district: '东城区', industry_code: '3670', registered_on: '2015-01-01', is_manufacturing: 1, dishonest_debtor: 0, major_accident_3y: 0 });
const q = (n: number, period: string, output: string) => ({ firm_id: firmId(n), period, output_10k: output, sales_10k: output, above_scale: 1 });

beforeAll(async () => {
  await loadRows(db, {
    enterprises: [1, 2, 3].map(firm),
    quarterly: [
      q(1, '2023Q1', '0.00'), q(1, '2024Q1', '6000.00'), // zero base: growth not computable
      q(2, '2024Q1', '6000.00'), // no 2023Q1 at all: data missing
      q(3, '2023Q1', '5000.00'), q(3, '2024Q1', '6000.00') // +20%
    ]
  });
  await prepareAll(db, [pkg]);
  await evaluateAll(db, [pkg], SCENARIO);
});

const c2 = async (n: number, lang: 'zh' | 'en' = 'zh') => {
  const data = await loadFirm(db, firmId(n), [pkg], SCENARIO);
  const row = data.awards.find((r) => r.clause === 'c2-capacity')!;
  const view = buildPackageViews([pkg], data.awards, lang, DEFAULT_TOLERANCE)[0].clauses.find((c) => c.id === 'c2-capacity')!;
  return { row, view };
};

describe('a zero base for a growth rate', () => {
  it('is unknown like a missing quarter, and the evidence tells the two apart (reason zero_base only for the zero base)', async () => {
    const zero = await c2(1);
    const missing = await c2(2);
    const paid = await c2(3);
    expect(zero.row.status).toBe('unknown');
    expect(missing.row.status).toBe('unknown');
    expect(paid.row.status).toBe('paid');
    const growth = (ev: { reason?: string | null; unit: string; pass: boolean | null }[]) => ev.filter((e) => e.unit === 'ratio' && e.pass === null);
    const zeroGrowth = growth(zero.row.evidence ?? []);
    expect(zeroGrowth.length).toBeGreaterThan(0);
    expect(zeroGrowth.every((e) => e.reason === 'zero_base')).toBe(true);
    expect(growth(missing.row.evidence ?? []).length).toBeGreaterThan(0);
    expect((missing.row.evidence ?? []).every((e) => (e as { reason?: string | null }).reason == null)).toBe(true);
    expect((paid.row.evidence ?? []).every((e) => (e as { reason?: string | null }).reason == null)).toBe(true);
  });

  it('the profile says the base is zero (zh and en), and a missing quarter still says data missing', async () => {
    const zh = (await c2(1)).view;
    expect(zh.status).toBe('unknown');
    expect(zh.missing.length).toBeGreaterThan(0);
    expect(zh.missing.every((l) => l.endsWith('：增长基数为零，无法计算增速'))).toBe(true);
    expect(zh.missing.join()).not.toMatch(/数据缺失/);
    const growthView = zh.groups.flatMap((g) => g.conditions).find((c) => c.reason === 'zero_base')!;
    expect(growthView.value).toBe('基数为零');

    const en = (await c2(1, 'en')).view;
    expect(en.missing.every((l) => l.endsWith(': the base is zero: growth cannot be computed'))).toBe(true);

    const other = (await c2(2)).view;
    expect(other.missing.length).toBeGreaterThan(0);
    expect(other.missing.join()).toMatch(/数据缺失/);
    expect(other.missing.join()).not.toMatch(/基数为零/);
  });

  it('evidence saved before the reason existed (no reason field) still reads "data missing"', () => {
    const lines = missingData(explainEvidence(pkg, [{ id: 'x', item: null, unit: 'ratio', value: null, threshold: 0.08, pass: null, gap: null }], 'zh'), 'zh');
    expect(lines).toEqual(['x：数据缺失']);
  });
});
