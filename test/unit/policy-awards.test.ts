import { describe, it, expect, afterAll } from 'vitest';
import { openNodeDb } from '../../src/lib/db/node.ts';
import { prepareAll, evaluateAll, type Scenario } from '../../src/lib/policy/awards.ts';
import { totalsByClause, totalsBy } from '../../src/lib/policy/totals.ts';
import { referenceEvaluate } from '../../src/lib/policy/reference.ts';
import { loadRows, firmId } from './helpers/dataset.ts';
import { allPackageIds, packageById } from './helpers/packages.ts';
import { randomData } from './helpers/random-data.ts';

const db = await openNodeDb();
afterAll(() => db.close());

describe('the awards table across packages and its totals', () => {
  it('totals by clause, district and size band add up to the same outlay, in whole yuan', async () => {
    const pkgs = allPackageIds().map(packageById);
    await loadRows(db, randomData(21, 120));
    await prepareAll(db, pkgs);
    await evaluateAll(db, pkgs, { 'changchun-2024q1': { c1_pool: 20 } });
    const byClause = await totalsByClause(db);
    const total = byClause.reduce((a, t) => a + t.outlay_yuan, 0);
    expect(total).toBeGreaterThan(0);
    for (const by of ['district', 'industry_division', 'size_band'] as const) {
      expect((await totalsBy(db, by)).reduce((a, t) => a + t.outlay_yuan, 0), by).toBe(total);
    }
    const c1 = byClause.find((t) => t.clause === 'c1-spring-festival')!;
    expect(c1.pool_yuan).toBe(200000);
    if (c1.claimed_yuan > 200000) {
      expect(c1.outlay_yuan).toBeLessThanOrEqual(200000);
      expect(c1.pool_fill).toBeCloseTo(c1.claimed_yuan / 200000, 9);
      expect(c1.pro_rata_ratio).toBeCloseTo(c1.outlay_yuan / c1.claimed_yuan, 9);
    }
  });

  it('就高: jiangle j5 and changchun c3 enter-scale awards to one firm pay only the higher one when evaluated together', async () => {
    const pkgs = [packageById('changchun-2024q1'), packageById('jiangle-2024q1')];
    const f = { firm_id: firmId(1), name: '甲', district: '东城区', industry_code: '3311', registered_on: '2023-01-01', is_manufacturing: 1, dishonest_debtor: 0, major_accident_3y: 0 };
    const q = (p: string, above: number) => ({ firm_id: firmId(1), period: p, output_10k: '800.00', sales_10k: '800.00', above_scale: above });
    await loadRows(db, {
      enterprises: [f],
      quarterly: [q('2023Q1', 0), q('2023Q2', 0), q('2023Q3', 0), q('2023Q4', 0), q('2024Q1', 1), q('2024Q2', 1)],
      certifications: [{ firm_id: firmId(1), kind: 'cultivation_library', granted_on: '2023-06-01' }]
    });
    await prepareAll(db, pkgs);
    await evaluateAll(db, pkgs);
    const rows = await db.query(`SELECT package, clause, status, award_yuan, stacked_by FROM awards WHERE clause IN ('c3-enter-scale', 'j5-enter-scale') ORDER BY package`);
    // changchun pays 20万, jiangle 10万 (or 8万): the higher one stays, the other is stacked across packages
    expect(rows).toEqual([
      { package: 'changchun-2024q1', clause: 'c3-enter-scale', status: 'paid', award_yuan: 200000, stacked_by: null },
      expect.objectContaining({ package: 'jiangle-2024q1', clause: 'j5-enter-scale', status: 'stacked', award_yuan: 0, stacked_by: 'changchun-2024q1:c3-enter-scale' })
    ]);
    // evaluated alone, jiangle pays its own award
    await evaluateAll(db, [pkgs[1]], {}, 'alone');
    expect((await db.query(`SELECT status, award_yuan FROM alone WHERE clause = 'j5-enter-scale'`))[0].status).toBe('paid');
  });

  it('the awards table agrees with the reference evaluator for every package on a random data set', async () => {
    const pkgs = allPackageIds().map(packageById);
    const data = randomData(22, 80);
    await loadRows(db, data);
    await prepareAll(db, pkgs.filter((p) => p.id !== 'jiangle-2024q1'));
    const solo = pkgs.filter((p) => p.id !== 'jiangle-2024q1');
    await evaluateAll(db, solo);
    const sql = await db.query(`SELECT package, firm_id, clause, award_yuan FROM awards WHERE status = 'paid' ORDER BY package, clause, firm_id`);
    const ref = solo.flatMap((p) => referenceEvaluate(p, data).filter((r) => r.status === 'paid').map((r) => ({ package: p.id, firm_id: r.firm_id, clause: r.clause, award_yuan: r.award_yuan })));
    ref.sort((a, b) => (`${a.package}|${a.clause}|${a.firm_id}` < `${b.package}|${b.clause}|${b.firm_id}` ? -1 : 1));
    expect(sql).toEqual(ref);
  });
});

describe('what-if totals', () => {
  it('re-evaluate only the changed package and its 就高 partners, and equal a full evaluation of the scenario', async () => {
    const pkgs = allPackageIds().map(packageById);
    const { affectedPackages, scenarioTotals } = await import('../../src/lib/policy/what-if.ts');
    expect(affectedPackages(pkgs, { 'changchun-2021q1': { r1_amount: 20 } }).map((p) => p.id)).toEqual(['changchun-2021q1']);
    expect(affectedPackages(pkgs, { 'changchun-2024q1': { c2_tier1_growth: 0.09 } }).map((p) => p.id).sort()).toEqual(['changchun-2024q1', 'jiangle-2024q1']);
    expect(affectedPackages(pkgs, {})).toEqual([]);

    await loadRows(db, randomData(23, 100));
    await prepareAll(db, pkgs);
    await evaluateAll(db, pkgs);
    const scenarios: Scenario[] = [{}, { 'changchun-2024q1': { c2_tier1_growth: 0.09, c1_pool: 30 } }, { 'changchun-2021q1': { r1_amount: 25 } }];
    for (const scenario of scenarios) {
      await evaluateAll(db, pkgs, scenario, 'full_eval');
      const full = await db.query(`SELECT package, clause, SUM(award_yuan)::BIGINT AS outlay_yuan, count(*) FILTER (WHERE status = 'paid') AS recipients FROM full_eval GROUP BY ALL ORDER BY package, clause`);
      expect(await scenarioTotals(db, pkgs, scenario), JSON.stringify(scenario)).toEqual(full);
    }
  });

  it('an evaluation replaces what an earlier one left under its name, a view or a table', async () => {
    const pkgs = [packageById('sanmenxia-2022')];
    await loadRows(db, randomData(29, 40));
    await prepareAll(db, pkgs);
    const outlay = async () => (await db.query<{ n: number; yuan: number }>(`SELECT count(*)::INTEGER AS n, SUM(award_yuan)::BIGINT AS yuan FROM again`))[0];
    await db.exec(`CREATE OR REPLACE TABLE again AS SELECT 1 AS stale`);
    await evaluateAll(db, pkgs, {}, 'again');
    const first = await outlay();
    expect(first.n).toBeGreaterThan(0);
    await evaluateAll(db, pkgs, {}, 'again'); // the view the first one left
    expect(await outlay()).toEqual(first);
    expect(await db.query(`SELECT table_type FROM information_schema.tables WHERE table_name = 'again'`)).toEqual([{ table_type: 'VIEW' }]);
  });
});
