import { describe, it, expect, afterAll } from 'vitest';
import { openNodeDb } from '../../src/lib/db/node.ts';
import { preparePackage, evaluatePackage } from '../../src/lib/policy/evaluate.ts';
import { loadRows, firmId } from './helpers/dataset.ts';
import { packageById } from './helpers/packages.ts';

const pkg = packageById('changchun-2024q1');
const db = await openNodeDb();
afterAll(() => db.close());

function firm(n: number, extra: Record<string, unknown> = {}) {
  return { firm_id: firmId(n), name: `企业${n}`, district: '东城区', industry_code: '3670', registered_on: '2015-01-01', is_manufacturing: 1, dishonest_debtor: 0, major_accident_3y: 0, ...extra };
}
function q(n: number, period: string, output: number | string, above = 1, extra: Record<string, unknown> = {}) {
  return { firm_id: firmId(n), period, output_10k: output, sales_10k: output, above_scale: above, ...extra };
}
async function run(rows: Parameters<typeof loadRows>[1], values = {}) {
  await loadRows(db, rows);
  await preparePackage(db, pkg);
  return evaluatePackage(db, pkg, values);
}
const pick = (rows: Awaited<ReturnType<typeof run>>, n: number, clause: string) => rows.find((r) => r.firm_id === firmId(n) && r.clause === clause)!;

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
