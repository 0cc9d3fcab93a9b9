import { describe, it, expect, afterAll } from 'vitest';
import { openNodeDb } from '../../src/lib/db/node.ts';
import { firmId } from './helpers/dataset.ts';
import { packageRunner, pick, cert } from './helpers/policy-run.ts';

const db = await openNodeDb();
const { run } = packageRunner(db, 'changchun-2024q1');
afterAll(() => db.close());

function firm(n: number, extra: Record<string, unknown> = {}) {
  return { firm_id: firmId(n), name: `企业${n}`, district: '东城区', industry_code: '3670', registered_on: '2015-01-01', is_manufacturing: 1, dishonest_debtor: 0, major_accident_3y: 0, ...extra };
}
function q(n: number, period: string, output: number | string, above = 1, extra: Record<string, unknown> = {}) {
  return { firm_id: firmId(n), period, output_10k: output, sales_10k: output, above_scale: above, ...extra };
}

describe('changchun-2024q1 clause 2 (释放产能): Q1 output above 5000万, growth at least the city and 8% / 10%', () => {
  const data = {
    enterprises: [1, 2, 3, 4, 5, 6, 7].map((n) => firm(n, n === 7 ? { dishonest_debtor: 1 } : {})),
    quarterly: [
      q(1, '2023Q1', '5003.00'), q(1, '2024Q1', '5403.24'), // exactly +8%
      q(2, '2023Q1', '8000.00'), q(2, '2024Q1', '8639.99'), // one fen short of +8%
      q(3, '2023Q1', '4000.00'), q(3, '2024Q1', '5000.00'), // exactly 5000万 is not 高于 5000万
      q(4, '2023Q1', '4000.00'), q(4, '2024Q1', '5000.01'), // one fen above 5000万, +25%
      q(5, '2023Q1', '6000.00'), q(5, '2024Q1', '6600.00'), // exactly +10%
      q(6, '2024Q1', '9000.00'), // no 2023Q1 data: unknown, never a silent false
      q(7, '2023Q1', '6000.00'), q(7, '2024Q1', '9000.00') // 失信被执行人
    ]
  };

  it('Q1 output 5003 -> 5403.24 is exactly +8% and earns the 10万 tier (city growth set to 8%)', async () => {
    const rows = await run(data, { city_growth: 0.08 });
    expect(pick(rows, 1, 'c2-capacity')).toMatchObject({ status: 'paid', tier: 'growth8', award_yuan: 100000 });
  });

  it('8000 -> 8639.99 is one fen short of +8%: no award', async () => {
    const rows = await run(data, { city_growth: 0.05 });
    expect(pick(rows, 2, 'c2-capacity')).toMatchObject({ status: 'refused', award_yuan: 0 });
  });

  it('Q1 output exactly 5000万 is not 高于 5000万: no capacity award', async () => {
    const rows = await run(data, { city_growth: 0.05 });
    expect(pick(rows, 3, 'c2-capacity')).toMatchObject({ status: 'refused', award_yuan: 0 });
    expect(pick(rows, 4, 'c2-capacity')).toMatchObject({ status: 'paid', tier: 'growth10', award_yuan: 200000 });
  });

  it('exactly +10% earns the 20万 tier, the highest tier only', async () => {
    const rows = await run(data, { city_growth: 0.05 });
    expect(pick(rows, 5, 'c2-capacity')).toMatchObject({ status: 'paid', tier: 'growth10', award_yuan: 200000 });
  });

  it('a firm without 2023Q1 output is unknown, not refused', async () => {
    const rows = await run(data, { city_growth: 0.05 });
    expect(pick(rows, 6, 'c2-capacity')).toMatchObject({ status: 'unknown', award_yuan: 0 });
  });

  it('a dishonest debtor is excluded from every clause', async () => {
    const rows = await run(data, { city_growth: 0.05 });
    expect(rows.filter((r) => r.firm_id === firmId(7)).every((r) => r.status === 'excluded' && r.award_yuan === 0)).toBe(true);
  });

  it('growth below the city-wide growth computed from the data is refused even above 8%', async () => {
    // comparable-basis city growth of the data set: sum 2024Q1 / sum 2023Q1 of firms with both quarters
    const rows = await run(data);
    const cityCur = 5403.24 + 8639.99 + 5000 + 5000.01 + 6600 + 9000;
    const cityBase = 5003 + 8000 + 4000 + 4000 + 6000 + 6000;
    expect(cityCur / cityBase - 1).toBeGreaterThan(0.1);
    expect(pick(rows, 1, 'c2-capacity').status).toBe('refused');
    expect(pick(rows, 4, 'c2-capacity').status).toBe('paid');
  });
});

describe('changchun-2024q1 clause 1 (春节连续生产): 4+ days, overtime >= 50%, Q1 output >= 5000万 and not below 2023Q1; pool 1000万', () => {
  const sf = (n: number, days: number, overtime: number, total: number) => ({ firm_id: firmId(n), year: 2024, continuous_days: days, overtime_staff: overtime, total_staff: total });
  const base = (n: number, out = '5000.00', prev = '5000.00') => [q(n, '2023Q1', prev), q(n, '2024Q1', out)];

  it('exactly 4 days, exactly 50% overtime and exactly 5000万, equal to 2023Q1, earns tier 1 (10万)', async () => {
    const rows = await run({ enterprises: [firm(1)], quarterly: base(1), spring_festival: [sf(1, 4, 50, 100)] });
    expect(pick(rows, 1, 'c1-spring-festival')).toMatchObject({ status: 'paid', tier: 'tier1', award_yuan: 100000 });
  });

  it('3 days, 49 of 100 staff on overtime, 4999.99万, or below 2023Q1: each alone refuses the award', async () => {
    const rows = await run({
      enterprises: [firm(1), firm(2), firm(3), firm(4)],
      quarterly: [...base(1), ...base(2), ...base(3, '4999.99', '4000.00'), ...base(4, '6000.00', '6000.01')],
      spring_festival: [sf(1, 3, 80, 100), sf(2, 10, 49, 100), sf(3, 10, 80, 100), sf(4, 10, 80, 100)]
    });
    for (const n of [1, 2, 3, 4]) expect(pick(rows, n, 'c1-spring-festival')).toMatchObject({ status: 'refused', award_yuan: 0 });
  });

  it('6 days earns tier 2 (20万) and 8 days tier 3 (30万) under the default tier assumption', async () => {
    const rows = await run({ enterprises: [firm(1), firm(2)], quarterly: [...base(1), ...base(2)], spring_festival: [sf(1, 6, 60, 100), sf(2, 8, 60, 100)] });
    expect(pick(rows, 1, 'c1-spring-festival')).toMatchObject({ tier: 'tier2', award_yuan: 200000 });
    expect(pick(rows, 2, 'c1-spring-festival')).toMatchObject({ tier: 'tier3', award_yuan: 300000 });
  });

  it('an oversubscribed pool is shared pro rata in whole yuan and never exceeds the envelope', async () => {
    // three firms claim 30万 + 30万 + 10万 = 70万 against a pool cut to 50万
    const rows = await run(
      { enterprises: [firm(1), firm(2), firm(3)], quarterly: [...base(1), ...base(2), ...base(3)], spring_festival: [sf(1, 9, 60, 100), sf(2, 9, 60, 100), sf(3, 4, 60, 100)] },
      { c1_pool: 50 }
    );
    const paid = [1, 2, 3].map((n) => pick(rows, n, 'c1-spring-festival').award_yuan);
    // 300000 * 500000 / 700000 = 214285.71 -> 214285; 100000 * 5/7 = 71428.57 -> 71428
    expect(paid).toEqual([214285, 214285, 71428]);
    expect(paid.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(500000);
  });

  it('a pool that is not oversubscribed pays every claim in full', async () => {
    const rows = await run({ enterprises: [firm(1), firm(2)], quarterly: [...base(1), ...base(2)], spring_festival: [sf(1, 9, 60, 100), sf(2, 4, 60, 100)] });
    expect([1, 2].map((n) => pick(rows, n, 'c1-spring-festival').award_yuan)).toEqual([300000, 100000]);
  });

  it('the rank allocation pays in full by Q1 output until the envelope is spent', async () => {
    const rows = await run(
      { enterprises: [firm(1), firm(2), firm(3)], quarterly: [...base(1, '9000.00'), ...base(2, '7000.00'), ...base(3, '8000.00')], spring_festival: [sf(1, 9, 60, 100), sf(2, 9, 60, 100), sf(3, 9, 60, 100)] },
      { c1_pool: 60, c1_pool_allocation: 'rank' }
    );
    expect([1, 3, 2].map((n) => pick(rows, n, 'c1-spring-festival'))).toMatchObject([
      { status: 'paid', award_yuan: 300000 },
      { status: 'paid', award_yuan: 300000 },
      { status: 'pool_exhausted', award_yuan: 0 }
    ]);
  });

  it('a firm with no Spring Festival record is refused when others reported, unknown when no records were loaded', async () => {
    const some = await run({ enterprises: [firm(1), firm(2)], quarterly: [...base(1), ...base(2)], spring_festival: [sf(2, 9, 60, 100)] });
    expect(pick(some, 1, 'c1-spring-festival').status).toBe('refused');
    const none = await run({ enterprises: [firm(1)], quarterly: base(1) });
    expect(pick(none, 1, 'c1-spring-festival').status).toBe('unknown');
  });
});

describe('changchun-2024q1 clause 3 (入规 and 上台阶): first time above-scale, annual output first past 1亿/5亿/10亿', () => {
  const year = (n: number, y: number, total: number, above = 1) =>
    [1, 2, 3, 4].map((k) => q(n, `${y}Q${k}`, (total / 4).toFixed(2), above));

  it('first above-scale in 2024 earns 20万; a firm above-scale in 2021 that fell back and returned in 2024 does not', async () => {
    const rows = await run({
      enterprises: [firm(1), firm(2)],
      quarterly: [...year(1, 2023, 1000, 0), ...year(1, 2024, 3000, 1), ...year(2, 2021, 3000, 1), ...year(2, 2022, 1000, 0), ...year(2, 2024, 3000, 1)]
    });
    expect(pick(rows, 1, 'c3-enter-scale')).toMatchObject({ status: 'paid', award_yuan: 200000 });
    expect(pick(rows, 2, 'c3-enter-scale')).toMatchObject({ status: 'refused', award_yuan: 0 });
  });

  it('annual output exactly 1亿 for the first time earns 10万; 9999.99万 earns nothing', async () => {
    const rows = await run({ enterprises: [firm(1), firm(2)], quarterly: [...year(1, 2023, 8000), ...year(1, 2024, 10000), ...year(2, 2023, 8000), ...year(2, 2024, 9999.96)] });
    expect(pick(rows, 1, 'c3-milestone')).toMatchObject({ status: 'paid', tier: 'step_1yi', award_yuan: 100000 });
    expect(pick(rows, 2, 'c3-milestone')).toMatchObject({ status: 'refused', award_yuan: 0 });
  });

  it('a firm that passed 1亿 in 2022, fell back in 2023 and passed again in 2024 is not "first"', async () => {
    const rows = await run({ enterprises: [firm(1)], quarterly: [...year(1, 2022, 12000), ...year(1, 2023, 9000), ...year(1, 2024, 13000)] });
    expect(pick(rows, 1, 'c3-milestone')).toMatchObject({ status: 'refused', award_yuan: 0 });
  });

  it('jumping from 4亿 to 11亿 in one year pays the highest step only (50万)', async () => {
    const rows = await run({ enterprises: [firm(1)], quarterly: [...year(1, 2023, 40000), ...year(1, 2024, 110000)] });
    expect(pick(rows, 1, 'c3-milestone')).toMatchObject({ status: 'paid', tier: 'step_10yi', award_yuan: 500000 });
  });
});

describe('changchun-2024q1 clause 4 (专精特新, 单项冠军): first certified in 2024', () => {
  it('provincial first in 2024 earns 20万 even with an earlier municipal title; a national title first granted in 2023 earns nothing', async () => {
    const rows = await run({
      enterprises: [firm(1), firm(2), firm(3)],
      quarterly: [q(1, '2024Q1', '100.00'), q(2, '2024Q1', '100.00'), q(3, '2024Q1', '100.00')],
      certifications: [cert(1, 'specialized_municipal', '2022-05-01'), cert(1, 'specialized_provincial', '2024-01-02'), cert(2, 'specialized_national', '2023-12-31'), cert(3, 'champion_enterprise', '2024-06-30')]
    });
    expect(pick(rows, 1, 'c4-specialized')).toMatchObject({ status: 'paid', tier: 'provincial', award_yuan: 200000 });
    expect(pick(rows, 2, 'c4-specialized')).toMatchObject({ status: 'refused', award_yuan: 0 });
    expect(pick(rows, 3, 'c4-champion')).toMatchObject({ status: 'paid', tier: 'champion_enterprise', award_yuan: 2000000 });
  });
});

describe('changchun-2024q1 clause 5 (智改数转): 30% of approved spend, max 50万 a firm, fund 1.5亿', () => {
  const proj = (n: number, id: string, spend: string, kind = 'digital') => ({ firm_id: firmId(n), project_id: id, kind, year: 2024, approved_spend_10k: spend });
  it('30% of 100.01万 is 300030 yuan; two projects of 100万 and 80万 hit the 50万 cap; a firm outside the four sectors gets nothing', async () => {
    const rows = await run({
      enterprises: [firm(1), firm(2), firm(3, { industry_code: '1311' })],
      quarterly: [q(1, '2023Q1', '100.00'), q(2, '2023Q1', '100.00'), q(3, '2023Q1', '100.00')],
      projects: [proj(1, 'P1', '100.01'), proj(2, 'P2', '100.00'), proj(2, 'P3', '80.00'), proj(3, 'P4', '100.00')]
    });
    expect(pick(rows, 1, 'c5-digital')).toMatchObject({ status: 'paid', award_yuan: 300030 });
    expect(pick(rows, 2, 'c5-digital')).toMatchObject({ status: 'paid', raw_yuan: 540000, award_yuan: 500000 });
    expect(pick(rows, 3, 'c5-digital')).toMatchObject({ status: 'refused', award_yuan: 0 });
  });
});

describe('changchun-2024q1 clause 16 (技改): project fixed assets >= 3000万, 5% of equipment, max 200万', () => {
  const proj = (n: number, id: string, fixed: string, equipment: string) => ({ firm_id: firmId(n), project_id: id, kind: 'tech_reform', year: 2024, fixed_asset_10k: fixed, equipment_10k: equipment });
  it('exactly 3000万 qualifies (以上), 2999.99万 does not, the cap is 200万, firms registered in 2024 are refused', async () => {
    const rows = await run({
      enterprises: [firm(1), firm(2), firm(3), firm(4, { registered_on: '2024-01-05' })],
      quarterly: [1, 2, 3, 4].map((n) => q(n, '2024Q1', '100.00')),
      projects: [proj(1, 'T1', '3000.00', '1234.57'), proj(2, 'T2', '2999.99', '2000.00'), proj(3, 'T3', '90000.00', '50000.00'), proj(4, 'T4', '5000.00', '3000.00')]
    });
    // 5% of 1234.57万 = 617285 yuan
    expect(pick(rows, 1, 'c16-tech-reform')).toMatchObject({ status: 'paid', award_yuan: 617285 });
    expect(pick(rows, 2, 'c16-tech-reform')).toMatchObject({ status: 'refused', award_yuan: 0 });
    expect(pick(rows, 3, 'c16-tech-reform')).toMatchObject({ status: 'paid', raw_yuan: 25000000, award_yuan: 2000000 });
    expect(pick(rows, 4, 'c16-tech-reform')).toMatchObject({ status: 'refused', award_yuan: 0 });
  });
});
