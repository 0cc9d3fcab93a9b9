import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { openNodeDb } from '../../src/lib/db/node.ts';
import type { AwardRow } from '../../src/lib/policy/award-row.ts';
import { firmId } from './helpers/dataset.ts';
import { packageRunner, pick, cert, type Rows } from './helpers/policy-run.ts';

const db = await openNodeDb();
const { pkg, run } = packageRunner(db, 'liaoyuan-industry');
afterAll(() => db.close());

function firm(n: number, industry = '3670', registeredOn: string | null = '2015-01-01') {
  return { firm_id: firmId(n), name: `企业${n}`, district: '龙山区', industry_code: industry, registered_on: registeredOn, is_manufacturing: industry.startsWith('3') ? 1 : 0, dishonest_debtor: 0, major_accident_3y: 0 };
}
const q = (n: number, period: string, above: number, sales: string | null = '100.00') => ({ firm_id: firmId(n), period, output_10k: '100.00', sales_10k: sales, above_scale: above });
/** Below scale in 2023, above scale in every quarter of 2024 with the given quarterly revenue (万元). */
const entered2024 = (n: number, revenue: [string, string, string, string]) => [
  q(n, '2023Q4', 0, '300.00'),
  ...revenue.map((s, i) => q(n, `2024Q${i + 1}`, 1, s))
];


const QUARTER_500: [string, string, string, string] = ['500.00', '500.00', '500.00', '500.00'];
const data: Rows = {
  enterprises: [
    ...Array.from({ length: 9 }, (_, i) => firm(i + 1)),
    firm(11, '5821', '2022-06-01'),
    firm(12, '5821', '2022-06-01'),
    firm(13, '5821', '2024-01-05'),
    firm(14, '5821', '2023-12-31'),
    firm(15, '3670', '2022-06-01'),
    firm(16, '5821', '2018-03-01'),
    firm(17, '5990', '2020-03-01'),
    firm(18, '5431', '2020-03-01'),
    firm(19, '5821', null),
    firm(20, '5821', '2020-03-01')
  ],
  quarterly: [
    ...Array.from({ length: 9 }, (_, i) => q(i + 1, '2024Q1', 1)),
    ...entered2024(11, QUARTER_500),
    ...entered2024(12, ['500.00', '500.00', '500.00', '499.99']),
    ...entered2024(13, QUARTER_500),
    ...entered2024(14, QUARTER_500),
    ...entered2024(15, QUARTER_500),
    q(16, '2022Q1', 1, '600.00'), ...entered2024(16, QUARTER_500),
    ...entered2024(17, QUARTER_500),
    ...entered2024(18, QUARTER_500),
    ...entered2024(19, QUARTER_500),
    ...entered2024(20, [null, null, null, null] as unknown as [string, string, string, string])
  ],
  certifications: [
    cert(1, 'title_provincial', '2024-01-01'),
    cert(2, 'title_provincial', '2023-12-31'),
    cert(3, 'title_national', '2024-12-31'),
    cert(4, 'title_national', '2025-01-01'),
    cert(5, 'title_provincial', '2024-03-01'),
    cert(5, 'title_national', '2024-07-01'),
    cert(6, 'specialized_provincial', '2024-05-01'),
    cert(7, 'specialized_municipal', '2024-05-01'),
    cert(7, 'high_tech', '2024-05-01'),
    cert(8, 'champion_product', '2024-02-02'),
    cert(18, 'title_provincial', '2024-04-04')
  ]
};

let rows: AwardRow[];
beforeAll(async () => {
  rows = await run(data);
});

describe('liaoyuan-industry item 3: 当年度(2024)获省级称号奖励10万元, 获国家级称号奖励30万元', () => {
  it('a provincial title granted on 2024-01-01 earns 10万', () => {
    expect(pick(rows, 1, 'l3-industry-title')).toMatchObject({ status: 'paid', tier: 'provincial', award_yuan: 100000 });
  });
  it('a provincial title granted on 2023-12-31 is not this year', () => {
    expect(pick(rows, 2, 'l3-industry-title')).toMatchObject({ status: 'refused', award_yuan: 0 });
  });
  it('a national title granted on 2024-12-31 earns 30万; one granted on 2025-01-01 does not count for 2024', () => {
    expect(pick(rows, 3, 'l3-industry-title')).toMatchObject({ status: 'paid', tier: 'national', award_yuan: 300000 });
    expect(pick(rows, 4, 'l3-industry-title')).toMatchObject({ status: 'refused', award_yuan: 0 });
  });
  it('a firm with a provincial and a national title in 2024 receives the national award only', () => {
    expect(pick(rows, 5, 'l3-industry-title')).toMatchObject({ status: 'paid', tier: 'national', award_yuan: 300000 });
  });
  it('a provincial 专精特新 certification counts as a provincial industry title (assumption)', () => {
    expect(pick(rows, 6, 'l3-industry-title')).toMatchObject({ status: 'paid', tier: 'provincial', award_yuan: 100000 });
  });
  it('municipal 专精特新 and high-tech (science bureau) certifications are not provincial industry titles', () => {
    expect(pick(rows, 7, 'l3-industry-title')).toMatchObject({ status: 'refused', award_yuan: 0 });
  });
  it('a manufacturing single-champion product granted by the ministry counts as national (assumption)', () => {
    expect(pick(rows, 8, 'l3-industry-title')).toMatchObject({ status: 'paid', tier: 'national', award_yuan: 300000 });
  });
  it('a firm with no certification is refused; with no certification data at all it is unknown', async () => {
    expect(pick(rows, 9, 'l3-industry-title')).toMatchObject({ status: 'refused', award_yuan: 0 });
    const r = await run({ ...data, certifications: [] });
    expect(pick(r, 9, 'l3-industry-title')).toMatchObject({ status: 'unknown', award_yuan: 0 });
  });
});

describe('liaoyuan-industry item 38: 首次纳入规上统计、年营收达2000万元及以上且稳定经营1年以上的物流企业 30万元', () => {
  it('a freight forwarder (5821) first above scale in 2024 with revenue of exactly 2000万 earns 30万', () => {
    expect(pick(rows, 11, 'l38-logistics-entry')).toMatchObject({ status: 'paid', award_yuan: 300000 });
  });
  it('revenue of 1999.99万 is refused', () => {
    expect(pick(rows, 12, 'l38-logistics-entry')).toMatchObject({ status: 'refused', award_yuan: 0 });
  });
  it('a firm registered in 2024 has not operated a year; one registered on 2023-12-31 has', () => {
    expect(pick(rows, 13, 'l38-logistics-entry')).toMatchObject({ status: 'refused', award_yuan: 0 });
    expect(pick(rows, 14, 'l38-logistics-entry')).toMatchObject({ status: 'paid', award_yuan: 300000 });
  });
  it('a manufacturer entering above scale is not a logistics firm', () => {
    expect(pick(rows, 15, 'l38-logistics-entry')).toMatchObject({ status: 'refused', award_yuan: 0 });
  });
  it('a forwarder above scale in 2022 that fell back in 2023 is not entering for the first time', () => {
    expect(pick(rows, 16, 'l38-logistics-entry')).toMatchObject({ status: 'refused', award_yuan: 0 });
  });
  it('a warehouse (5990) is a logistics firm', () => {
    expect(pick(rows, 17, 'l38-logistics-entry')).toMatchObject({ status: 'paid', award_yuan: 300000 });
  });
  it('without a registration date the year of operation is unknown', () => {
    expect(pick(rows, 19, 'l38-logistics-entry')).toMatchObject({ status: 'unknown', award_yuan: 0 });
  });
  it('without any 2024 revenue figure the clause is unknown', () => {
    expect(pick(rows, 20, 'l38-logistics-entry')).toMatchObject({ status: 'unknown', award_yuan: 0 });
  });
});

describe('liaoyuan-industry: the two awards may pay the same firm', () => {
  it('a road haulier (5431) entering above scale with a provincial title in 2024 receives 30万 + 10万', () => {
    expect(pick(rows, 18, 'l38-logistics-entry')).toMatchObject({ status: 'paid', award_yuan: 300000 });
    expect(pick(rows, 18, 'l3-industry-title')).toMatchObject({ status: 'paid', award_yuan: 100000 });
  });
  it('every numbered item with an amount is a clause; only the items without one are listed as not computable, with a reason', () => {
    const clauses = pkg.clauses.map((c) => c.id);
    for (const id of ['l4-regional-trademark', 'l7-madrid', 'l9-trade-fairs', 'l11-oem-supply', 'l12-chain-attraction', 'l14-job-fairs', 'l17-training-hours', 'l19-entrepreneurs', 'l26-fund-investment', 'l37-idle-assets']) expect(clauses).toContain(id);
    expect(pkg.notComputable.map((c) => c.id)).toEqual(['l-services']);
    for (const c of pkg.notComputable) expect(c.reason.en.length, c.id).toBeGreaterThan(10);
  });
});
