import { describe, it, expect, afterAll } from 'vitest';
import { openNodeDb } from '../../src/lib/db/node.ts';
import { prepareAll, evaluateAll } from '../../src/lib/policy/awards.ts';
import { NO_FILTER, filterFromSearch, urlWithFilter, type OverviewFilter } from '../../src/lib/overview/filter.ts';
import { outputKpiSql, awardsKpiSql, poolsSql, cityGrowthSql, cityGrowthPackage, type OutputKpi, type AwardsKpi } from '../../src/lib/overview/kpi-sql.ts';
import { trendSql, trendYears, TREND_BY_YEAR_ABOVE_ROWS, growthHistogramSql, type TrendRow, type GrowthBin } from '../../src/lib/overview/trend-sql.ts';
import { outlayByClauseSql, outlayBySql, type GroupOutlay } from '../../src/lib/overview/breakdown-sql.ts';
import { nearSummarySql, nearFirmsSql, nearCountSql, type NearSummary, type NearFirm } from '../../src/lib/overview/near-sql.ts';
import { nearStepsSql } from '../../src/lib/policy/near-sql.ts';
import type { Sql } from '../../src/lib/overview/filter.ts';
import type { Row } from '../../src/lib/db/types.ts';
import { loadRows, firmId } from './helpers/dataset.ts';
import { ENGINES } from '../fixtures/ingest/helpers.ts';
import { packageById } from './helpers/packages.ts';

const db = await openNodeDb();
afterAll(() => db.close());
const run = <T,>(q: Sql) => db.query(q.sql, q.params) as Promise<(T & Row)[]>;
const only = async <T,>(q: Sql) => (await run<T>(q))[0];

const firm = (n: number, district: string, industry_code: string) => ({
  firm_id: firmId(n), name: `企业${n}`, district, industry_code, registered_on: '2015-01-01', is_manufacturing: 1, dishonest_debtor: 0, major_accident_3y: 0
});
const q = (n: number, period: string, output_10k: string, above_scale = 1) => ({ firm_id: firmId(n), period, output_10k, sales_10k: output_10k, above_scale });
const east: OverviewFilter = { district: '东城区', industry: null };

describe('the overview filter lives in the URL', () => {
  it('reads district and a two-digit industry from the query string and ignores anything else', () => {
    expect(filterFromSearch(new URLSearchParams('district=%E4%B8%9C%E5%9F%8E%E5%8C%BA&industry=36'))).toEqual({ district: '东城区', industry: '36' });
    expect(filterFromSearch(new URLSearchParams('industry=36%27%20OR%201%3D1'))).toEqual({ district: null, industry: null });
  });

  it('writes the filter back to the URL, keeping other parameters and removing cleared ones', () => {
    const url = urlWithFilter(new URL('http://x/?lang=en&industry=13'), { district: '高新区', industry: null });
    expect(url.searchParams.get('district')).toBe('高新区');
    expect(url.searchParams.get('lang')).toBe('en');
    expect(url.searchParams.has('industry')).toBe(false);
  });
});

describe('headline output and growth of the latest quarter', () => {
  // 2024Q4: A1 1100.50 (1000.00 a year before), A2 1900.25 (2000.00), A3 500.00 new (no 2023Q4 row), A4 not above scale
  const data = {
    enterprises: [firm(1, '东城区', '3670'), firm(2, '西城区', '3311'), firm(3, '东城区', '3311'), firm(4, '西城区', '3670')],
    quarterly: [q(1, '2023Q4', '1000.00'), q(2, '2023Q4', '2000.00'), q(1, '2024Q4', '1100.50'), q(2, '2024Q4', '1900.25'), q(3, '2024Q4', '500.00'), q(4, '2024Q4', '300.00', 0)]
  };

  it('sums above-scale output of the latest quarter in whole yuan and compares only firms present a year before', async () => {
    await loadRows(db, data);
    const k = await only<OutputKpi>(outputKpiSql(NO_FILTER));
    expect(k).toMatchObject({ period: '2024Q4', base_period: '2023Q4', output_yuan: 35_007_500, above_scale_firms: 3, comparable_firms: 2 });
    expect(k.growth).toBeCloseTo(3000.75 / 3000 - 1, 12);
  });

  it('a district or an industry division narrows output and growth to its firms, the value bound as $1', async () => {
    await loadRows(db, data);
    const d = outputKpiSql(east);
    expect(d.params).toEqual(['东城区']);
    expect(d.sql).not.toContain('东城区');
    const k = await only<OutputKpi>(d);
    expect(k).toMatchObject({ output_yuan: 16_005_000, above_scale_firms: 2, comparable_firms: 1 });
    expect(k.growth).toBeCloseTo(0.1005, 12);
    const i = await only<OutputKpi>(outputKpiSql({ district: null, industry: '33' }));
    expect(i.output_yuan).toBe(24_002_500);
    expect(i.growth).toBeCloseTo(1900.25 / 2000 - 1, 12);
  });

  it('a district name with quotes is only a value: it matches nothing and breaks nothing', async () => {
    await loadRows(db, data);
    const k = await only<OutputKpi>(outputKpiSql({ district: "东城区' OR 1=1 --", industry: null }));
    expect(k.output_yuan).toBeNull();
    expect(k.above_scale_firms).toBe(0);
  });

  it('the trend has no growth where no year before exists, and its last point is the headline growth', async () => {
    await loadRows(db, data);
    const rows = await run<TrendRow>(trendSql(NO_FILTER));
    expect(rows.map((r) => r.period)).toEqual(['2023Q4', '2024Q4']);
    expect(rows[0]).toMatchObject({ output_10k: 3000, growth: null, comparable_firms: 0 });
    expect(rows[1].output_10k).toBeCloseTo(3500.75, 9);
    expect(rows[1].growth).toBeCloseTo((await only<OutputKpi>(outputKpiSql(NO_FILTER))).growth!, 12);
    const east2 = await run<TrendRow>(trendSql(east));
    expect(east2[1]).toMatchObject({ firms: 2, comparable_firms: 1 });
  });
});

describe('the growth distribution of the assessment quarter', () => {
  const pairs: [number, string, string, number?][] = [
    [1, '5003.00', '5403.24'], // exactly +8.00%
    [2, '8000.00', '8639.99'], // +7.9999%
    [3, '1000.00', '995.00'], // -0.5%
    [4, '1000.00', '400.00'], // -60%: below the range
    [5, '1000.00', '2000.00'], // +100%: above the range
    [6, '0.00', '100.00'], // no base: no growth
    [7, '1000.00', '1200.00', 0], // not above scale in 2024Q1
    [8, '6000.00', '6600.00'] // exactly +10%
  ];
  const data = {
    enterprises: pairs.map(([n]) => firm(n, n % 2 ? '东城区' : '西城区', '3311')),
    quarterly: pairs.flatMap(([n, base, cur, above = 1]) => [q(n, '2023Q1', base), q(n, '2024Q1', cur, above)])
  };

  it('puts a firm at exactly 8% in the 8% bin and one at 7.9999% in the 7% bin, and clamps the tails', async () => {
    await loadRows(db, data);
    const bins = await run<GrowthBin>(growthHistogramSql(NO_FILTER, { current: '2024Q1', base: '2023Q1' }, { lo: -30, hi: 50 }));
    expect(bins).toEqual([
      { pct: -31, firms: 1 },
      { pct: -1, firms: 1 },
      { pct: 7, firms: 1 },
      { pct: 8, firms: 1 },
      { pct: 10, firms: 1 },
      { pct: 50, firms: 1 }
    ]);
  });

  it('the district filter keeps only its firms', async () => {
    await loadRows(db, data);
    const bins = await run<GrowthBin>(growthHistogramSql(east, { current: '2024Q1', base: '2023Q1' }));
    expect(bins.reduce((n, b) => n + b.firms, 0)).toBe(3); // firms 1, 3, 5 (7 is not above scale)
  });
});

describe('the city growth the policies use', () => {
  it('reads the region table prepareAll built, equal to the headline growth when the latest quarter is the policy quarter', async () => {
    await loadRows(db, {
      enterprises: [firm(1, '东城区', '3670'), firm(2, '西城区', '3311')],
      quarterly: [q(1, '2023Q1', '4000.00'), q(2, '2023Q1', '1000.00'), q(1, '2024Q1', '4300.00'), q(2, '2024Q1', '1000.00')]
    });
    const pkg = packageById('changchun-2024q1');
    expect(cityGrowthPackage([packageById('jiangle-2024q1'), pkg])?.id).toBe('changchun-2024q1');
    await prepareAll(db, [pkg]);
    const city = await only<{ growth: number; firms: number }>(cityGrowthSql(pkg));
    expect(city.growth).toBeCloseTo(0.06, 12);
    expect(city.firms).toBe(2);
    expect((await only<OutputKpi>(outputKpiSql(NO_FILTER))).growth).toBeCloseTo(city.growth, 12);
  });
});

describe('flagged firms and outlay from the awards table', () => {
  const award = (n: number, clause: string, status: string, award_yuan: number, district: string, industry_code: string, pool_yuan: number | null = null) =>
    `('p', ${JSON.stringify(clause).replaceAll('"', "'")}, ${clause === 'a' ? 0 : 1}, '${firmId(n)}', '${district}', '${industry_code}', '${status}', ${award_yuan}, ${pool_yuan ?? 'NULL'})`;
  async function awards() {
    await db.exec(`CREATE OR REPLACE TABLE awards (package VARCHAR, clause VARCHAR, clause_order INTEGER, firm_id VARCHAR, district VARCHAR, industry_code VARCHAR, status VARCHAR, award_yuan BIGINT, pool_yuan BIGINT);
      INSERT INTO awards VALUES ${[
        award(1, 'a', 'paid', 100000, '东城区', '3670', 500000),
        award(1, 'b', 'paid', 200000, '东城区', '3670'),
        award(2, 'a', 'paid', 150000, '西城区', '3311', 500000),
        award(2, 'b', 'refused', 0, '西城区', '3311'),
        award(3, 'a', 'stacked', 0, '东城区', '3311', 500000),
        award(3, 'b', 'paid', 7, '东城区', '3311'),
        award(4, 'a', 'unknown', 0, '西城区', '3670', 500000)
      ].join(', ')}`);
  }

  it('a firm paid by two clauses counts once; outlay is the exact sum in yuan', async () => {
    await awards();
    expect(await only<AwardsKpi>(awardsKpiSql(NO_FILTER))).toEqual({ flagged: 3, awards: 4, clauses: 2, outlay_yuan: 450007 });
    expect(await only<AwardsKpi>(awardsKpiSql(east))).toEqual({ flagged: 2, awards: 3, clauses: 2, outlay_yuan: 300007 });
    expect(await only<AwardsKpi>(awardsKpiSql({ district: '东城区', industry: '33' }))).toEqual({ flagged: 1, awards: 1, clauses: 1, outlay_yuan: 7 });
  });

  it('the pools add one envelope per clause, whatever the number of rows', async () => {
    await awards();
    expect(await only(poolsSql())).toEqual({ pools_yuan: 500000, pooled_clauses: 1, pooled_outlay_yuan: 250000 });
  });

  it('by clause keeps every clause; by district ignores the district filter and applies the industry filter', async () => {
    await awards();
    expect((await run(outlayByClauseSql(east))).map((r) => [r.clause, r.firms, r.outlay_yuan])).toEqual([['a', 1, 100000], ['b', 2, 200007]]);
    // the firms of these awards are the data's firms (a township or school would not be in firm_profile)
    await db.exec(`CREATE OR REPLACE TABLE firm_profile AS SELECT DISTINCT firm_id FROM awards`);
    const byDistrict = await run<GroupOutlay>(outlayBySql('district', { district: '东城区', industry: '36' }));
    expect(byDistrict).toEqual([
      { key: '东城区', other_recipients: false, flagged: 1, outlay_yuan: 300000, firms: 1 },
      { key: '西城区', other_recipients: false, flagged: 0, outlay_yuan: 0, firms: 1 }
    ]);
    const byIndustry = await run<GroupOutlay>(outlayBySql('industry', east));
    expect(byIndustry).toEqual([
      { key: '36', other_recipients: false, flagged: 1, outlay_yuan: 300000, firms: 1 },
      { key: '33', other_recipients: false, flagged: 1, outlay_yuan: 7, firms: 1 }
    ]);
  });
});

describe('firms near a step: views of the near set the enterprise list reads (changchun-2024q1, tolerance 1 point / 50万)', () => {
  const years = (n: number, perQuarter: Record<number, string>) =>
    Object.entries(perQuarter).flatMap(([y, v]) => [1, 2, 3, 4].map((k) => q(n, `${y}Q${k}`, v)));
  const q1 = (n: number, base: string, cur: string) => [q(n, '2023Q1', base), q(n, '2024Q1', cur)];
  const data = {
    enterprises: [
      firm(1, '东城区', '3670'), firm(2, '东城区', '3311'), firm(3, '西城区', '3311'), firm(4, '西城区', '3670'),
      firm(5, '东城区', '2740'), firm(6, '西城区', '3670'), firm(7, '西城区', '3670'), firm(8, '东城区', '3311')
    ],
    quarterly: [
      ...years(1, { 2022: '1900.00', 2023: '2000.00', 2024: '2495.00' }), // 2024: 9,980万, 20万 short of a first 1亿: 0.4 of 50万
      ...years(2, { 2022: '1900.00', 2023: '2000.00', 2024: '2490.00' }), // 9,960万, 40万 short: 0.8
      ...years(3, { 2022: '1900.00', 2023: '2000.00', 2024: '2475.00' }), // 9,900万, 100万 short: beyond 50万
      ...years(4, { 2022: '2600.00', 2023: '2200.00', 2024: '2495.00' }), // reached 1亿 in 2022: not a first time
      ...q1(5, '6000.00', '6462.00'), // +7.7%: 0.3 points below 8%
      ...q1(6, '6000.00', '6444.00'), // +7.4%: 0.6 points below 8%
      ...q1(7, '6000.00', '6552.00'), // +9.2%: paid at 8%, 0.8 points below 10%
      ...q1(8, '4000.00', '4300.00') // +7.5% but Q1 output 700万 short of 高于5000万: beyond 50万
    ]
  };
  const evaluate = async () => {
    await loadRows(db, data);
    const pkg = packageById('changchun-2024q1');
    await prepareAll(db, [pkg]);
    await evaluateAll(db, [pkg], { [pkg.id]: { city_growth: 0.05 } });
    const near = nearStepsSql([pkg], { [pkg.id]: { city_growth: 0.05 } });
    await db.query(near.sql, near.params);
  };

  it('counts firms by step and band (within half the tolerance, within all of it) and lists them closest first', async () => {
    await evaluate();
    const summary = await run<NearSummary>(nearSummarySql(NO_FILTER));
    expect(summary.map((s) => [s.clause, s.step, s.near1, s.near2])).toEqual([
      ['c2-capacity', 'growth8', 1, 1],
      ['c3-milestone', 'step_1yi', 1, 1],
      ['c2-capacity', 'growth10', 0, 1]
    ]);
    const firms = await run<NearFirm>(nearFirmsSql(NO_FILTER, 10));
    expect(firms.map((f) => [f.step, f.firm_id])).toEqual([
      ['growth8', firmId(5)], // 0.3 of 1 point
      ['step_1yi', firmId(1)], // 20万 of 50万: 0.4
      ['growth8', firmId(6)], // 0.6
      ['growth10', firmId(7)], // 0.8 of 1 point
      ['step_1yi', firmId(2)] // 40万 of 50万: 0.8
    ]);
    expect(firms[1]).toMatchObject({ name: '企业1', blocking: [expect.objectContaining({ id: 'annual_output_1yi', value: 9980, threshold: 10000 })] });
    expect(firms[1].blocking[0].gap).toBeCloseTo(20, 9);
    expect(await only<{ firms: number; steps: number }>(nearCountSql(NO_FILTER))).toEqual({ firms: 5, steps: 5 });
  });

  it('a wider tolerance takes in the firms beyond it, as the list does', async () => {
    await evaluate();
    const wide = { points: 1, wan: 800 };
    const firms = (await run<NearFirm>(nearFirmsSql(NO_FILTER, 20, wide))).map((f) => f.firm_id);
    expect(new Set(firms)).toEqual(new Set([1, 2, 3, 5, 6, 7, 8].map(firmId)));
  });

  it('a filter narrows the counts and the list to its firms; every step near in the city keeps its row', async () => {
    await evaluate();
    const summary = await run<NearSummary>(nearSummarySql(east));
    expect(summary.map((s) => s.near1 + s.near2)).toEqual([1, 2, 0]);
    expect((await run<NearFirm>(nearFirmsSql({ district: null, industry: '36' }, 10))).map((f) => f.firm_id)).toEqual([firmId(1), firmId(6), firmId(7)]);
  });
});

describe.each(ENGINES)('the trend of a large data set, read a year at a time (%s)', async (_engine, open) => {
  const edb = await open();
  afterAll(() => edb.close());

  it('has the same rows as the trend read at once, with and without a filter', async () => {
    // three years, firms entering and leaving, a quarter below scale, a value missing
    const quarters = ['2022Q1', '2022Q2', '2022Q3', '2022Q4', '2023Q1', '2023Q2', '2023Q3', '2023Q4', '2024Q1', '2024Q2', '2024Q3', '2024Q4'];
    const rows = [1, 2, 3, 4].flatMap((n) =>
      quarters
        .filter((p, i) => (n === 3 ? i >= 3 : n === 4 ? i < 9 : true))
        .map((p, i) => ({ ...q(n, p, `${100 * n + 7 * i}.25`, n === 1 && p === '2024Q1' ? 0 : 1), ...(n === 2 && p === '2023Q2' ? { output_10k: null } : {}) }))
    );
    await loadRows(edb, { enterprises: [firm(1, '东城区', '3670'), firm(2, '西城区', '3311'), firm(3, '东城区', '3311'), firm(4, '西城区', '3670')], quarterly: rows });
    const summary = { table: 'quarterly' as const, rows: 3_000_000, periods: { first: '2022Q1', last: '2024Q4' } };
    expect(trendYears(summary)).toEqual([2022, 2023, 2024]);
    expect(trendYears({ ...summary, rows: TREND_BY_YEAR_ABOVE_ROWS })).toBeNull();
    expect(trendYears({ ...summary, periods: null })).toBeNull();
    const read = async (x: Sql) => (await edb.query(x.sql, x.params)) as unknown as TrendRow[];
    for (const f of [NO_FILTER, east, { district: null, industry: '33' }]) {
      const whole = await read(trendSql(f));
      expect(whole.map((r) => r.period)).toEqual(quarters);
      expect(whole.some((r) => r.growth !== null && r.comparable_firms > 0)).toBe(true);
      expect(await read(trendSql(f, trendYears(summary)))).toEqual(whole);
    }
  });
});
