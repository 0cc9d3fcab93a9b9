import { describe, it, expect, afterAll } from 'vitest';
import { openNodeDb } from '../../src/lib/db/node.ts';
import { evaluateFirm } from './helpers/policy-run.ts';
import { explainEvidence, missingData } from '../../src/lib/policy/explain.ts';
import { loadRows, firmId } from './helpers/dataset.ts';
import { packageById } from './helpers/packages.ts';

const db = await openNodeDb();
afterAll(() => db.close());
const pkg = packageById('changchun-2024q1');

describe('explanations: every paid and refused (firm, clause) carries its evidence in words', () => {
  it('7.6% growth against the 8% tier reads "差 0.40 个百分点"', async () => {
    await loadRows(db, {
      enterprises: [{ firm_id: firmId(1), name: '甲', district: '东城区', industry_code: '3670', dishonest_debtor: 0, major_accident_3y: 0 }],
      quarterly: [
        { firm_id: firmId(1), period: '2023Q1', output_10k: '10000.00', above_scale: 1 },
        { firm_id: firmId(1), period: '2024Q1', output_10k: '10760.00', above_scale: 1 }
      ]
    });
    const rows = await evaluateFirm(db, pkg, firmId(1), { city_growth: 0.05 });
    const c2 = rows.find((r) => r.clause === 'c2-capacity')!;
    expect(c2.status).toBe('refused');
    const lines = explainEvidence(pkg, c2.evidence, 'zh');
    const growth = lines.find((l) => l.id === 'growth_tier1')!;
    expect(growth).toMatchObject({ pass: false, value: '7.60%', threshold: '8.00%', gap: '差 0.40\u00a0个百分点' });
    expect(lines.find((l) => l.id === 'output_q1_above')).toMatchObject({ pass: true, value: '1.08\u00a0亿元' });
    const en = explainEvidence(pkg, c2.evidence, 'en').find((l) => l.id === 'growth_tier1')!;
    expect(en.gap).toBe('0.40\u00a0pp short');
  });

  it('a condition label follows its parameter: the tier moved to 7% reads "同比增速（7%档）", and 7.6% passes it', async () => {
    await loadRows(db, {
      enterprises: [{ firm_id: firmId(1), name: '甲', district: '东城区', industry_code: '3670', dishonest_debtor: 0, major_accident_3y: 0 }],
      quarterly: [
        { firm_id: firmId(1), period: '2023Q1', output_10k: '10000.00', above_scale: 1 },
        { firm_id: firmId(1), period: '2024Q1', output_10k: '10760.00', above_scale: 1 }
      ]
    });
    const values = { city_growth: 0.05, c2_tier1_growth: 0.07 };
    const c2 = (await evaluateFirm(db, pkg, firmId(1), values)).find((r) => r.clause === 'c2-capacity')!;
    const growth = explainEvidence(pkg, c2.evidence, 'zh', undefined, values).find((l) => l.id === 'growth_tier1')!;
    expect(growth).toMatchObject({ label: '同比增速（7%档）', pass: true, threshold: '7.00%' });
    expect(explainEvidence(pkg, c2.evidence, 'zh').find((l) => l.id === 'growth_tier1')!.label).toBe('同比增速（8%档）');
  });

  it('8000 -> 8639.99 (7.99987%) does not read as 8.00%: decimals grow until value and threshold differ', async () => {
    await loadRows(db, {
      enterprises: [{ firm_id: firmId(4), name: '丁', district: '东城区', industry_code: '3670', dishonest_debtor: 0, major_accident_3y: 0 }],
      quarterly: [
        { firm_id: firmId(4), period: '2023Q1', output_10k: '8000.00', above_scale: 1 },
        { firm_id: firmId(4), period: '2024Q1', output_10k: '8639.99', above_scale: 1 }
      ]
    });
    const c2 = (await evaluateFirm(db, pkg, firmId(4), { city_growth: 0.05 })).find((r) => r.clause === 'c2-capacity')!;
    const growth = explainEvidence(pkg, c2.evidence, 'zh').find((l) => l.id === 'growth_tier1')!;
    expect(growth).toMatchObject({ pass: false, value: '7.9999%', threshold: '8.00%', gap: '差 0.0001\u00a0个百分点' });
  });

  it('a firm without 2023Q1 output is unknown and the explanation names the missing data', async () => {
    await loadRows(db, {
      enterprises: [{ firm_id: firmId(2), name: '乙', district: '东城区', industry_code: '3670', dishonest_debtor: 0, major_accident_3y: 0 }],
      quarterly: [{ firm_id: firmId(2), period: '2024Q1', output_10k: '9000.00', above_scale: 1 }]
    });
    const c2 = (await evaluateFirm(db, pkg, firmId(2))).find((r) => r.clause === 'c2-capacity')!;
    expect(c2.status).toBe('unknown');
    expect(missingData(explainEvidence(pkg, c2.evidence, 'zh'), 'zh')).toContain('产值增速不低于全市规上增速：数据缺失');
  });

  it('an excluded firm carries the exclusion evidence', async () => {
    await loadRows(db, {
      enterprises: [{ firm_id: firmId(3), name: '丙', district: '东城区', industry_code: '3670', dishonest_debtor: 1, major_accident_3y: 0 }],
      quarterly: [{ firm_id: firmId(3), period: '2024Q1', output_10k: '9000.00', above_scale: 1 }]
    });
    const rows = await evaluateFirm(db, pkg, firmId(3));
    expect(rows.every((r) => r.status === 'excluded')).toBe(true);
    expect(explainEvidence(pkg, rows[0].exclusion_evidence, 'zh').find((l) => l.id === 'dishonest_debtor')).toMatchObject({ pass: true, value: '是' });
  });
});
