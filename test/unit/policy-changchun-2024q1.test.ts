import { describe, it, expect, afterAll } from 'vitest';
import { openNodeDb } from '../../src/lib/db/node.ts';
import { firmId, loadRows } from './helpers/dataset.ts';
import { evaluateRows, packageRunner, pick } from './helpers/policy-run.ts';
import { packageById } from './helpers/packages.ts';

const db = await openNodeDb();
const { run } = packageRunner(db, 'changchun-2024q1');
afterAll(() => db.close());

function firm(n: number, extra: Record<string, unknown> = {}) {
  return { firm_id: firmId(n), name: `企业${n}`, district: '东城区', industry_code: '3670', registered_on: '2015-01-01', is_manufacturing: 1, dishonest_debtor: 0, major_accident_3y: 0, ...extra };
}
function q(n: number, period: string, output: number | string, above = 1, extra: Record<string, unknown> = {}) {
  return { firm_id: firmId(n), period, output_10k: output, sales_10k: output, above_scale: above, ...extra };
}

/*
 * Single-firm boundary cases of every clause (exactly 8%, exactly 5000万, one fen below, 4 days, 49%
 * overtime, first crossings, caps ...) are worked examples beside the clauses in
 * data/policies/changchun-2024q1.yaml, run by policy-examples.test.ts. Here: what needs several firms.
 */

describe('changchun-2024q1 clause 2 (释放产能): the city-wide growth computed from the data', () => {
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

describe('changchun-2024q1 clause 1 (春节连续生产): the 1000万 pool shared between firms', () => {
  const sf = (n: number, days: number, overtime: number, total: number) => ({ firm_id: firmId(n), year: 2024, continuous_days: days, overtime_staff: overtime, total_staff: total });
  const base = (n: number, out = '5000.00', prev = '5000.00') => [q(n, '2023Q1', prev), q(n, '2024Q1', out)];

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

  it('a pool allocated by rank without a rank metric pays in firm id order', async () => {
    const pkg = packageById('changchun-2024q1');
    const unranked = { ...pkg, clauses: pkg.clauses.map((c) => (c.id === 'c1-spring-festival' ? { ...c, pool: { ...c.pool!, rankBy: undefined } } : c)) };
    await loadRows(db, { enterprises: [firm(1), firm(2), firm(3)], quarterly: [...base(1, '9000.00'), ...base(2, '7000.00'), ...base(3, '8000.00')], spring_festival: [sf(1, 9, 60, 100), sf(2, 9, 60, 100), sf(3, 9, 60, 100)] });
    const rows = await evaluateRows(db, unranked, { c1_pool: 60, c1_pool_allocation: 'rank' });
    expect([1, 2, 3].map((n) => pick(rows, n, 'c1-spring-festival'))).toMatchObject([
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
