import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { openNodeDb } from '../../src/lib/db/node.ts';
import type { AwardRow } from '../../src/lib/policy/award-row.ts';
import { firmId } from './helpers/dataset.ts';
import { packageRunner, pick, cert, type Rows } from './helpers/policy-run.ts';

const db = await openNodeDb();
const { pkg, run } = packageRunner(db, 'changchun-2021q1');
afterAll(() => db.close());

function firm(n: number) {
  return { firm_id: firmId(n), name: `企业${n}`, district: '朝阳区', industry_code: '3670', registered_on: '2015-01-01', is_manufacturing: 1, dishonest_debtor: 0, major_accident_3y: 0 };
}
function q(n: number, period: string, output: string, above = 1) {
  return { firm_id: firmId(n), period, output_10k: output, sales_10k: output, above_scale: above };
}
/** Q1 2019 and Q1 2021 only: the two quarters items 1-3 compare. */
const q1s = (n: number, y2019: string, y2021: string) => [q(n, '2019Q1', y2019), q(n, '2021Q1', y2021)];
const year = (n: number, y: number, outputs: string[]) => outputs.map((o, i) => q(n, `${y}Q${i + 1}`, o));
const sf = (n: number, days: number, outOfProvince: number, y = 2021) => ({ firm_id: firmId(n), year: y, continuous_days: days, overtime_staff: 10, total_staff: 20 + outOfProvince, out_of_province_staff: outOfProvince });
const project = (n: number, completedOn: string) => ({ firm_id: firmId(n), project_id: `P${n}`, kind: 'tech_reform', year: 2020, fixed_asset_10k: '5000.00', equipment_10k: '2000.00', completed_on: completedOn });


const firms = Array.from({ length: 33 }, (_, i) => i + 1);
const data: Rows = {
  enterprises: firms.map(firm),
  quarterly: [
    // item 1 (增产扩能): +2000万 and +6% against Q1 2019
    ...q1s(1, '2000.00', '4000.00'),
    ...q1s(2, '2000.00', '3999.99'),
    ...q1s(3, '40000.00', '42400.00'),
    q(4, '2020Q1', '3000.00'), q(4, '2021Q1', '9000.00'),
    ...q1s(5, '40000.00', '42399.99'),
    q(6, '2019Q1', '3000.00'), q(6, '2020Q1', '1000.00'), q(6, '2021Q1', '4999.99'),
    q(7, '2019Q1', '1000.00'), q(7, '2020Q1', '3000.00'), q(7, '2021Q1', '3000.00'),
    // item 2 (连续生产): output not below 5000万 and +6% against Q1 2019
    ...q1s(8, '4000.00', '5000.00'),
    ...q1s(9, '4000.00', '4999.99'),
    ...q1s(10, '5000.00', '5300.00'),
    ...q1s(11, '5000.00', '5299.99'),
    // item 3 (稳岗留工): item 2's conditions plus Spring Festival production; 300元 per out-of-province employee
    ...[12, 13, 14, 15, 16, 17, 20].flatMap((n) => q1s(n, '5000.00', '5300.00')),
    ...q1s(18, '4000.00', '5000.00'),
    ...q1s(19, '4000.00', '4999.99'),
    // item 4 (投产达效): a project completed since 2020 and Q1 2021 output of 1000万 or more
    ...q1s(21, '1000.00', '1000.00'),
    ...q1s(22, '2000.00', '2000.00'),
    ...q1s(23, '999.99', '999.99'),
    ...q1s(24, '2000.00', '2000.00'),
    ...q1s(25, '1000.00', '1000.00'),
    // item 6 (入规升级): first above-scale in 2021
    q(26, '2019Q1', '2000.00', 0), q(26, '2020Q1', '2000.00', 0), q(26, '2021Q1', '2500.00', 1),
    q(27, '2019Q1', '2000.00', 1), q(27, '2020Q1', '2000.00', 0), q(27, '2021Q1', '2500.00', 1),
    q(28, '2019Q1', '1000.00', 0), q(28, '2021Q1', '3000.00', 1),
    // item 8 (双停脱困): 2020 output 0 or below half of 2019, and Q1 2021 at least 1000万 above Q1 2020
    ...year(29, 2019, ['2000.00', '2000.00', '2000.00', '2000.00']), ...year(29, 2020, ['500.00', '1000.00', '1000.00', '1499.99']), q(29, '2021Q1', '1500.00'),
    ...year(30, 2019, ['2000.00', '2000.00', '2000.00', '2000.00']), ...year(30, 2020, ['500.00', '1000.00', '1000.00', '1500.00']), q(30, '2021Q1', '1500.00'),
    ...year(31, 2019, ['2000.00', '2000.00', '2000.00', '2000.00']), ...year(31, 2020, ['500.00', '1000.00', '1000.00', '1499.99']), q(31, '2021Q1', '1499.99'),
    ...year(32, 2019, ['2000.00', '2000.00', '2000.00', '2000.00']), ...year(32, 2020, ['0.00', '0.00', '0.00', '0.00']), q(32, '2021Q1', '1000.00'),
    ...year(33, 2019, ['2000.00', '2000.00', '2000.00', '2000.00']), q(33, '2021Q1', '3000.00')
  ],
  spring_festival: [sf(12, 1, 500), sf(13, 0, 500), sf(14, 1, 333), sf(15, 1, 334), sf(16, 1, 1000), sf(17, 1, 1001), sf(18, 3, 400), sf(19, 3, 400), sf(20, 10, 500, 2020)],
  projects: [project(21, '2020-01-01'), project(22, '2019-12-31'), project(23, '2020-06-30'), project(24, '2021-04-01'), project(25, '2021-03-31')]
};

let rows: AwardRow[];
beforeAll(async () => {
  rows = await run(data);
});

describe('changchun-2021q1 item 1: Q1 2021 output 净增2000万元以上 and 增长6%以上 against Q1 2019', () => {
  it('an increase of exactly 2000万 over Q1 2019 is paid the default 10万', () => {
    expect(pick(rows, 1, 'r1-expand')).toMatchObject({ status: 'paid', award_yuan: 100000 });
  });
  it('one fen short of 2000万 (1999.99万) is refused', () => {
    expect(pick(rows, 2, 'r1-expand')).toMatchObject({ status: 'refused', award_yuan: 0 });
  });
  it('exactly +6% (40000 -> 42400) passes and one fen less (42399.99) does not', () => {
    expect(pick(rows, 3, 'r1-expand')).toMatchObject({ status: 'paid', award_yuan: 100000 });
    expect(pick(rows, 5, 'r1-expand')).toMatchObject({ status: 'refused', award_yuan: 0 });
  });
  it('the base is Q1 2019, not Q1 2020: +3999.99 over 2020 but +1999.99 over 2019 is refused', () => {
    expect(pick(rows, 6, 'r1-expand')).toMatchObject({ status: 'refused' });
  });
  it('the base is Q1 2019, not Q1 2020: flat against 2020 but +2000 over 2019 is paid', () => {
    expect(pick(rows, 7, 'r1-expand')).toMatchObject({ status: 'paid', award_yuan: 100000 });
  });
  it('a firm without Q1 2019 output is unknown, not refused', () => {
    expect(pick(rows, 4, 'r1-expand')).toMatchObject({ status: 'unknown', award_yuan: 0 });
    expect(pick(rows, 4, 'r2-continuous')).toMatchObject({ status: 'unknown', award_yuan: 0 });
  });
});

describe('changchun-2021q1 item 2: Q1 2021 output 不低于5000万元 and 增长6%以上 against Q1 2019', () => {
  it('Q1 output of exactly 5000万 (+25%) is paid the default 10万', () => {
    expect(pick(rows, 8, 'r2-continuous')).toMatchObject({ status: 'paid', award_yuan: 100000 });
    expect(pick(rows, 8, 'r1-expand').status).toBe('refused');
  });
  it('4999.99万 is refused', () => {
    expect(pick(rows, 9, 'r2-continuous')).toMatchObject({ status: 'refused', award_yuan: 0 });
  });
  it('exactly +6% over 5000万 (5300万) is paid; 5299.99万 is refused', () => {
    expect(pick(rows, 10, 'r2-continuous')).toMatchObject({ status: 'paid', award_yuan: 100000 });
    expect(pick(rows, 11, 'r2-continuous')).toMatchObject({ status: 'refused', award_yuan: 0 });
  });
});

describe('changchun-2021q1 item 3: 春节期间连续生产, 300元 per out-of-province employee, 每户企业最高30万元', () => {
  it('500 out-of-province employees earn 300 x 500 = 150000 yuan', () => {
    expect(pick(rows, 12, 'r3-retain-staff')).toMatchObject({ status: 'paid', award_yuan: 150000 });
  });
  it('a firm that did not produce during the festival (0 days) is refused', () => {
    expect(pick(rows, 13, 'r3-retain-staff')).toMatchObject({ status: 'refused', award_yuan: 0 });
  });
  it('1000 employees earn exactly the 30万 cap; 1001 employees (300300 yuan) are capped at 300000', () => {
    expect(pick(rows, 16, 'r3-retain-staff')).toMatchObject({ status: 'paid', raw_yuan: 300000, award_yuan: 300000 });
    expect(pick(rows, 17, 'r3-retain-staff')).toMatchObject({ status: 'paid', raw_yuan: 300300, award_yuan: 300000 });
  });
  it('Q1 output of exactly 5000万 qualifies (400 x 300 = 120000 yuan); 4999.99万 does not', () => {
    expect(pick(rows, 18, 'r3-retain-staff')).toMatchObject({ status: 'paid', award_yuan: 120000 });
    expect(pick(rows, 19, 'r3-retain-staff')).toMatchObject({ status: 'refused', award_yuan: 0 });
  });
  it('a Spring Festival record of 2020 does not count for 2021', () => {
    expect(pick(rows, 20, 'r3-retain-staff')).toMatchObject({ status: 'refused' });
  });
  it('without any Spring Festival data the clause is unknown, and the firm still gets its item 2 award', async () => {
    const r = await run({ ...data, spring_festival: [] });
    expect(pick(r, 12, 'r3-retain-staff')).toMatchObject({ status: 'unknown', award_yuan: 0 });
    expect(pick(r, 12, 'r2-continuous')).toMatchObject({ status: 'paid', award_yuan: 100000 });
  });
});

describe('changchun-2021q1 item 4: 2020年以来竣工投产 and Q1 2021 output 1000万元以上', () => {
  it('a project completed on 2020-01-01 with Q1 output of exactly 1000万 is paid the default 10万', () => {
    expect(pick(rows, 21, 'r4-project')).toMatchObject({ status: 'paid', award_yuan: 100000 });
  });
  it('a project completed on 2019-12-31 does not count', () => {
    expect(pick(rows, 22, 'r4-project')).toMatchObject({ status: 'refused' });
  });
  it('Q1 output of 999.99万 is refused', () => {
    expect(pick(rows, 23, 'r4-project')).toMatchObject({ status: 'refused' });
  });
  it('a project completed on 2021-03-31 counts; one completed on 2021-04-01 (after the quarter) does not', () => {
    expect(pick(rows, 25, 'r4-project')).toMatchObject({ status: 'paid', award_yuan: 100000 });
    expect(pick(rows, 24, 'r4-project')).toMatchObject({ status: 'refused' });
  });
  it('without any project data the clause is unknown', async () => {
    const r = await run({ ...data, projects: [] });
    expect(pick(r, 21, 'r4-project')).toMatchObject({ status: 'unknown', award_yuan: 0 });
  });
});

describe('changchun-2021q1 item 6: 在2021年升入规模以上', () => {
  it('a firm below scale in 2019 and 2020 and above scale in Q1 2021 gets the default 5万', () => {
    expect(pick(rows, 26, 'r6-enter-scale')).toMatchObject({ status: 'paid', award_yuan: 50000 });
  });
  it('a firm above scale in 2019 that fell back in 2020 and returned in 2021 is not rising for the first time', () => {
    expect(pick(rows, 27, 'r6-enter-scale')).toMatchObject({ status: 'refused', award_yuan: 0 });
  });
});

describe('changchun-2021q1 item 8: 停产半停产企业, 一季度净增产值1000万元以上', () => {
  it('2020 output of 3999.99万 (below half of 8000万 in 2019) and Q1 up exactly 1000万 on Q1 2020 earns the default 5万', () => {
    expect(pick(rows, 29, 'r8-revive')).toMatchObject({ status: 'paid', award_yuan: 50000 });
  });
  it('2020 output of exactly half of 2019 is not half-stopped', () => {
    expect(pick(rows, 30, 'r8-revive')).toMatchObject({ status: 'refused' });
  });
  it('a Q1 increase of 999.99万 is refused', () => {
    expect(pick(rows, 31, 'r8-revive')).toMatchObject({ status: 'refused' });
  });
  it('a firm with zero output all of 2020 is stopped; Q1 2021 output of 1000万 is paid', () => {
    expect(pick(rows, 32, 'r8-revive')).toMatchObject({ status: 'paid', award_yuan: 50000 });
  });
  it('a firm with no 2020 rows at all is unknown', () => {
    expect(pick(rows, 33, 'r8-revive')).toMatchObject({ status: 'unknown', award_yuan: 0 });
  });
});

describe('changchun-2021q1: 以上各项奖补资金原则上不可兼得 (one award per firm, the highest)', () => {
  it('a firm qualifying for items 1 and 2 at 10万 each gets one award: item 1 (the earlier item on a tie)', () => {
    expect(pick(rows, 3, 'r1-expand')).toMatchObject({ status: 'paid', award_yuan: 100000 });
    expect(pick(rows, 3, 'r2-continuous')).toMatchObject({ status: 'stacked', award_yuan: 0, stacked_by: 'r1-expand' });
  });
  it('item 3 at 150000 yuan beats item 2 at 100000 yuan', () => {
    expect(pick(rows, 12, 'r2-continuous')).toMatchObject({ status: 'stacked', award_yuan: 0, stacked_by: 'r3-retain-staff' });
  });
  it('333 employees (99900 yuan) lose to item 2 (100000); 334 employees (100200 yuan) win', () => {
    expect(pick(rows, 14, 'r3-retain-staff')).toMatchObject({ status: 'stacked', award_yuan: 0, stacked_by: 'r2-continuous' });
    expect(pick(rows, 14, 'r2-continuous')).toMatchObject({ status: 'paid', award_yuan: 100000 });
    expect(pick(rows, 15, 'r3-retain-staff')).toMatchObject({ status: 'paid', award_yuan: 100200 });
    expect(pick(rows, 15, 'r2-continuous')).toMatchObject({ status: 'stacked', stacked_by: 'r3-retain-staff' });
  });
  it('a firm first above scale in 2021 that also expanded by 2000万 gets item 1 (10万), not item 6 (5万)', () => {
    expect(pick(rows, 28, 'r1-expand')).toMatchObject({ status: 'paid', award_yuan: 100000 });
    expect(pick(rows, 28, 'r6-enter-scale')).toMatchObject({ status: 'stacked', stacked_by: 'r1-expand' });
  });
  it('raising the item 6 support to 20万 makes it the highest for that firm', async () => {
    const r = await run(data, { r6_amount: 20 });
    expect(pick(r, 28, 'r6-enter-scale')).toMatchObject({ status: 'paid', award_yuan: 200000 });
    expect(pick(r, 28, 'r1-expand')).toMatchObject({ status: 'stacked', stacked_by: 'r6-enter-scale' });
  });
  it('no firm in the data set is paid more than one award', () => {
    const paid = rows.filter((r) => r.status === 'paid').map((r) => r.firm_id);
    expect(paid.length).toBeGreaterThan(15);
    expect(new Set(paid).size).toBe(paid.length);
  });
});
