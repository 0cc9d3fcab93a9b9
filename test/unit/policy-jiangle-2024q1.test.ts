import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { openNodeDb } from '../../src/lib/db/node.ts';
import type { AwardRow } from '../../src/lib/policy/award-row.ts';
import { firmId } from './helpers/dataset.ts';
import { packageRunner, pick, cert, type Rows } from './helpers/policy-run.ts';
import { packageById } from './helpers/packages.ts';

const db = await openNodeDb();
const { pkg, run } = packageRunner(db, 'jiangle-2024q1');
afterAll(() => db.close());

function firm(n: number, manufacturing = 1) {
  return { firm_id: firmId(n), name: `企业${n}`, district: '古镛镇', industry_code: '2021', registered_on: '2015-01-01', is_manufacturing: manufacturing, dishonest_debtor: 0, major_accident_3y: 0 };
}
interface Measures {
  output?: string;
  sales?: string;
  kwh?: string;
  gas?: string;
}
function q(n: number, period: string, above: number, m: Measures = {}) {
  return { firm_id: firmId(n), period, output_10k: m.output ?? '1000.00', sales_10k: m.sales ?? null, electricity_kwh: m.kwh ?? null, gas_m3: m.gas ?? null, above_scale: above };
}


/** Above-scale in Q1 2023 and Q1 2024 with the given Q1 sales (万元). */
const sales = (n: number, y2023: string, y2024: string, above2024 = 1) => [q(n, '2023Q1', 1, { sales: y2023 }), q(n, '2024Q1', above2024, { sales: y2024 })];
/** Above-scale manufacturer with Q1 electricity (kWh) in 2023 and 2024. */
const power = (n: number, y2023: string, y2024: string) => [q(n, '2023Q1', 1, { kwh: y2023 }), q(n, '2024Q1', 1, { kwh: y2024 })];
/** Above-scale in Q1 2023 and Q1 2024, with Q1 2024 gas (m3). */
const gas = (n: number, m3: string, above2024 = 1) => [q(n, '2023Q1', 1), q(n, '2024Q1', above2024, { gas: m3 })];

const data: Rows = {
  enterprises: [...Array.from({ length: 60 }, (_, i) => firm(i + 1, i + 1 === 18 || i + 1 === 25 ? 0 : 1))],
  quarterly: [
    // item 1: Q1 invoiced sales +500万 -> 5万, +1万 per further full 100万, at most 10万
    ...sales(1, '1000.00', '1500.00'),
    ...sales(2, '1000.00', '1499.99'),
    ...sales(3, '1000.00', '1599.99'),
    ...sales(4, '1000.00', '1600.00'),
    ...sales(5, '1000.00', '2000.00'),
    ...sales(6, '1000.00', '2100.00'),
    ...sales(7, '1000.00', '1800.00', 0),
    q(8, '2022Q1', 1, { sales: '900.00' }), q(8, '2024Q1', 1, { sales: '3000.00' }),
    // item 2: electricity growth >= 5%, 0.05 / 0.10 / 0.01 yuan per kWh of increase, < 1000 yuan nothing, at most 35万
    ...power(11, '1000000.00', '1123456.78'),
    ...power(12, '400000.00', '420000.00'),
    ...power(13, '400000.00', '419999.99'),
    ...power(14, '399600.00', '419580.00'),
    ...power(15, '1000000.00', '1123456.78'),
    ...power(16, '1000000.00', '1123456.78'),
    ...power(17, '10000000.00', '14000000.00'),
    ...power(18, '1000000.00', '1123456.78'),
    q(19, '2023Q1', 0, { kwh: '0.00' }), q(19, '2024Q1', 1, { kwh: '200000.00' }),
    q(20, '2023Q1', 0, { kwh: '0.00' }), q(20, '2024Q1', 1, { kwh: '99999.99' }),
    q(21, '2024Q1', 1, { kwh: '200000.00' }),
    q(22, '2022Q1', 1, { kwh: '480000.00' }), q(22, '2024Q1', 1, { kwh: '500000.00' }),
    q(23, '2023Q1', 0, { kwh: '100000.00' }), q(23, '2024Q1', 1, { kwh: '200000.00' }),
    q(24, '2022Q1', 1, { kwh: '900000.00' }), q(24, '2023Q1', 0, { kwh: '1000000.00' }), q(24, '2024Q1', 1, { kwh: '1040000.00' }),
    q(25, '2023Q1', 0, { kwh: '0.00' }), q(25, '2024Q1', 1, { kwh: '300000.00' }),
    // item 3: gas 0.5 yuan/m3 (1 yuan for provincial 专精特新 by 2024-03-31), < 1000 m3 nothing, at most 20万
    ...gas(31, '1000.00'),
    ...gas(32, '999.99'),
    ...gas(33, '12345.67'),
    ...gas(34, '12345.67'),
    ...gas(35, '400000.00'),
    ...gas(36, '250000.50'),
    ...gas(37, '5000.00', 0),
    ...gas(38, '10000.00'),
    // item 5: in the cultivation library and first above-scale in 2024
    q(41, '2024Q1', 1, { output: '3000.00' }),
    ...['2023Q1', '2023Q2', '2023Q3', '2023Q4'].map((p) => q(42, p, 0, { output: '500.00' })), q(42, '2024Q1', 1, { output: '2600.00' }),
    q(43, '2024Q1', 1),
    q(44, '2022Q1', 1), q(44, '2023Q1', 0), q(44, '2024Q1', 1),
    q(45, '2024Q1', 1),
    q(46, '2024Q1', 0, { output: '0.00' }), q(46, '2024Q3', 1, { output: '2500.00' }),
    // a firm that qualifies for items 1, 2 and 3 at once
    q(51, '2023Q1', 1, { sales: '1000.00', kwh: '1000000.00' }), q(51, '2024Q1', 1, { sales: '1600.00', kwh: '1123456.78', gas: '1000.00' })
  ],
  certifications: [
    cert(15, 'strategic_emerging', '2023-06-30'),
    cert(16, 'strategic_emerging', '2024-01-15'),
    cert(17, 'strategic_emerging', '2023-12-31'),
    cert(33, 'specialized_provincial', '2024-03-31'),
    cert(34, 'specialized_provincial', '2024-04-01'),
    cert(36, 'specialized_provincial', '2023-05-01'),
    cert(38, 'specialized_national', '2024-01-10'),
    cert(41, 'cultivation_library', '2023-10-01'),
    cert(42, 'cultivation_library', '2024-02-01'),
    cert(44, 'cultivation_library', '2021-05-01'),
    cert(45, 'cultivation_library', '2025-01-10'),
    cert(46, 'cultivation_library', '2024-06-30')
  ]
};

let rows: AwardRow[];
beforeAll(async () => {
  rows = await run(data);
});

describe('jiangle-2024q1 item 1: 一季度销售额同比增长500万元(含)以上 5万元, 每增加100万元再奖1万元, 最高10万元', () => {
  it('an increase of exactly 500万 earns 5万', () => {
    expect(pick(rows, 1, 'j1-sales-growth')).toMatchObject({ status: 'paid', award_yuan: 50000 });
  });
  it('499.99万 is refused', () => {
    expect(pick(rows, 2, 'j1-sales-growth')).toMatchObject({ status: 'refused', award_yuan: 0 });
  });
  it('599.99万 has no full further 100万 and still earns 5万; 600万 earns 6万', () => {
    expect(pick(rows, 3, 'j1-sales-growth')).toMatchObject({ status: 'paid', award_yuan: 50000 });
    expect(pick(rows, 4, 'j1-sales-growth')).toMatchObject({ status: 'paid', award_yuan: 60000 });
  });
  it('1000万 earns exactly the 10万 cap; 1100万 (11万 by the steps) is capped at 10万', () => {
    expect(pick(rows, 5, 'j1-sales-growth')).toMatchObject({ status: 'paid', raw_yuan: 100000, award_yuan: 100000 });
    expect(pick(rows, 6, 'j1-sales-growth')).toMatchObject({ status: 'paid', raw_yuan: 110000, award_yuan: 100000 });
  });
  it('a firm below scale in Q1 2024 is refused however much its sales grew', () => {
    expect(pick(rows, 7, 'j1-sales-growth')).toMatchObject({ status: 'refused', award_yuan: 0 });
  });
  it('a firm without Q1 2023 sales is unknown', () => {
    expect(pick(rows, 8, 'j1-sales-growth')).toMatchObject({ status: 'unknown', award_yuan: 0 });
  });
});

describe('jiangle-2024q1 item 2: 用电同比增长5%及以上的规上制造业企业, 按同比增量每千瓦时0.05元, 不足1000元不予安排, 最高35万元', () => {
  it('0.05 x 123456.78 kWh = 6172.839 yuan, paid as 6172', () => {
    expect(pick(rows, 11, 'j2-electricity')).toMatchObject({ status: 'paid', tier: null, award_yuan: 6172 });
  });
  it('exactly +5% (400000 -> 420000 kWh) earns 0.05 x 20000 = 1000 yuan, exactly the floor, and is paid', () => {
    expect(pick(rows, 12, 'j2-electricity')).toMatchObject({ status: 'paid', award_yuan: 1000 });
  });
  it('one hundredth of a kWh short of +5% is refused', () => {
    expect(pick(rows, 13, 'j2-electricity')).toMatchObject({ status: 'refused', award_yuan: 0 });
  });
  it('an award of 999 yuan (+5% on 399600 kWh) is 不足1000元 and not paid', () => {
    expect(pick(rows, 14, 'j2-electricity')).toMatchObject({ status: 'below_floor', raw_yuan: 999, award_yuan: 0 });
  });
  it('a firm in the 2023 strategic-emerging library earns 0.1 x 123456.78 = 12345 yuan', () => {
    expect(pick(rows, 15, 'j2-electricity')).toMatchObject({ status: 'paid', tier: 'strategic_emerging', award_yuan: 12345 });
  });
  it('a strategic-emerging record granted in 2024 is not the 2023 library: 0.05 yuan per kWh', () => {
    expect(pick(rows, 16, 'j2-electricity')).toMatchObject({ status: 'paid', tier: null, award_yuan: 6172 });
  });
  it('0.1 x 4000000 kWh = 400000 yuan is capped at 35万', () => {
    expect(pick(rows, 17, 'j2-electricity')).toMatchObject({ status: 'paid', raw_yuan: 400000, award_yuan: 350000 });
  });
  it('a non-manufacturing firm growing its use is refused', () => {
    expect(pick(rows, 18, 'j2-electricity')).toMatchObject({ status: 'refused', award_yuan: 0 });
  });
  it('a firm new in production and statistics in Q1 2024 (Q1 2023 use 0) earns 0.01 x 200000 kWh = 2000 yuan without a growth test', () => {
    expect(pick(rows, 19, 'j2-electricity')).toMatchObject({ status: 'paid', tier: 'new_firm', award_yuan: 2000 });
  });
  it('a new firm using 99999.99 kWh earns 999 yuan and is not paid', () => {
    expect(pick(rows, 20, 'j2-electricity')).toMatchObject({ status: 'below_floor', raw_yuan: 999, award_yuan: 0 });
  });
  it('a new firm with no Q1 2023 row at all earns 0.01 x its whole Q1 use (200000 kWh -> 2000 yuan): the absent base counts 0', () => {
    expect(pick(rows, 21, 'j2-electricity')).toMatchObject({ status: 'paid', tier: 'new_firm', award_yuan: 2000 });
  });
  it('an established firm without a Q1 2023 row is unknown', () => {
    expect(pick(rows, 22, 'j2-electricity')).toMatchObject({ status: 'unknown', award_yuan: 0 });
  });
  it('a firm first above scale in 2024 is paid the new-firm rate on its increase even when it also grew 5%: 0.01 x 100000 = 1000 yuan', () => {
    expect(pick(rows, 23, 'j2-electricity')).toMatchObject({ status: 'paid', tier: 'new_firm', award_yuan: 1000 });
  });
  it('a firm above scale in 2022 that fell back in 2023 is not new in 2024, and +4% is refused', () => {
    expect(pick(rows, 24, 'j2-electricity')).toMatchObject({ status: 'refused', award_yuan: 0 });
  });
  it('the new-firm sentence says 工业企业: a new non-manufacturing industrial firm earns 0.01 x 300000 = 3000 yuan', () => {
    expect(pick(rows, 25, 'j2-electricity')).toMatchObject({ status: 'paid', tier: 'new_firm', award_yuan: 3000 });
  });
});

describe('jiangle-2024q1 item 3: 天然气0.5元/立方米, 不足1000立方米不予补助, 省专精特新1元/立方米, 最高20万元', () => {
  it('exactly 1000 m3 earns 500 yuan', () => {
    expect(pick(rows, 31, 'j3-gas')).toMatchObject({ status: 'paid', tier: null, award_yuan: 500 });
  });
  it('999.99 m3 is refused', () => {
    expect(pick(rows, 32, 'j3-gas')).toMatchObject({ status: 'refused', award_yuan: 0 });
  });
  it('a provincial specialized SME approved on 2024-03-31 earns 1 x 12345.67 m3 = 12345 yuan', () => {
    expect(pick(rows, 33, 'j3-gas')).toMatchObject({ status: 'paid', tier: 'specialized_provincial', award_yuan: 12345 });
  });
  it('approval on 2024-04-01 is too late: 0.5 x 12345.67 = 6172 yuan', () => {
    expect(pick(rows, 34, 'j3-gas')).toMatchObject({ status: 'paid', tier: null, award_yuan: 6172 });
  });
  it('400000 m3 at 0.5 yuan is exactly the 20万 cap; 250000.50 m3 at 1 yuan is capped at 20万', () => {
    expect(pick(rows, 35, 'j3-gas')).toMatchObject({ status: 'paid', raw_yuan: 200000, award_yuan: 200000 });
    expect(pick(rows, 36, 'j3-gas')).toMatchObject({ status: 'paid', raw_yuan: 250000, award_yuan: 200000 });
  });
  it('a gas user below scale in Q1 2024 is refused', () => {
    expect(pick(rows, 37, 'j3-gas')).toMatchObject({ status: 'refused', award_yuan: 0 });
  });
  it('a national little giant without a provincial record is paid the base rate (assumption: provincial records only)', () => {
    expect(pick(rows, 38, 'j3-gas')).toMatchObject({ status: 'paid', tier: null, award_yuan: 5000 });
  });
});

describe('jiangle-2024q1 item 5: “小升规”培育库 and 2024年纳统', () => {
  it('a firm in the library with no output before 2024 (新建投产入规) earns 10万', () => {
    expect(pick(rows, 41, 'j5-enter-scale')).toMatchObject({ status: 'paid', tier: 'new_build', award_yuan: 100000 });
  });
  it('a firm in the library that produced below scale in 2023 (“老上规”, assumed reading) earns 8万', () => {
    expect(pick(rows, 42, 'j5-enter-scale')).toMatchObject({ status: 'paid', tier: 'old_firm', award_yuan: 80000 });
  });
  it('a firm first above scale in 2024 but not in the cultivation library is refused', () => {
    expect(pick(rows, 43, 'j5-enter-scale')).toMatchObject({ status: 'refused', award_yuan: 0 });
  });
  it('a library firm above scale in 2022 that fell back in 2023 is not entering for the first time in 2024', () => {
    expect(pick(rows, 44, 'j5-enter-scale')).toMatchObject({ status: 'refused', award_yuan: 0 });
  });
  it('a firm that joined the library only in 2025 is refused', () => {
    expect(pick(rows, 45, 'j5-enter-scale')).toMatchObject({ status: 'refused', award_yuan: 0 });
  });
  it('entering statistics in Q3 2024 counts as 2024', () => {
    expect(pick(rows, 46, 'j5-enter-scale')).toMatchObject({ status: 'paid', tier: 'new_build', award_yuan: 100000 });
  });
  it('without any certification data the clause is unknown', async () => {
    const r = await run({ ...data, certifications: [] });
    expect(pick(r, 41, 'j5-enter-scale')).toMatchObject({ status: 'unknown', award_yuan: 0 });
  });
  it('the heat award (item 4) and the second-year 5万 are clauses; the 10万 clawback is listed as not computable (a recovery, not an award)', () => {
    const clauses = pkg.clauses.map((c) => c.id);
    expect(clauses).toEqual(expect.arrayContaining(['j4-heat', 'j5-second-year', 'j7-statisticians-new', 'j9-fdi']));
    const open = new Map(pkg.notComputable.map((c) => [c.id, c]));
    expect(open.get('j5-clawback')?.reason.zh).toContain('追回');
    expect([...open.keys()].some((id) => clauses.includes(id))).toBe(false);
  });
});

describe('jiangle-2024q1: clauses stack within the county; 就高 against overlapping higher-level awards', () => {
  it('one firm receives items 1, 2 and 3 together: 6万 + 6172 yuan + 500 yuan', () => {
    expect(pick(rows, 51, 'j1-sales-growth')).toMatchObject({ status: 'paid', award_yuan: 60000 });
    expect(pick(rows, 51, 'j2-electricity')).toMatchObject({ status: 'paid', award_yuan: 6172 });
    expect(pick(rows, 51, 'j3-gas')).toMatchObject({ status: 'paid', award_yuan: 500 });
  });
  it('every 就高 member names a clause that exists in its package', () => {
    expect(pkg.acrossPackages.length).toBeGreaterThan(0);
    for (const group of pkg.acrossPackages) {
      for (const member of group.members) {
        const [id, clause] = member.split(':');
        expect(packageById(id).clauses.map((c) => c.id), member).toContain(clause);
      }
      expect(group.assumption?.zh).toBeTruthy();
    }
  });
  it('the entry award is declared 就高 with changchun-2024q1 c3-enter-scale', () => {
    expect(pkg.acrossPackages.some((g) => g.members.includes('jiangle-2024q1:j5-enter-scale') && g.members.includes('changchun-2024q1:c3-enter-scale'))).toBe(true);
  });
});
