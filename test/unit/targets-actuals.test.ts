/**
 * Each actual on a small fixture, with the expected figure worked out by hand (or by plain SQL): the
 * boundaries of a period (a firm that entered the statistics exactly in it, one the quarter before),
 * first certifications against renewals, indicators with and without a 全市 row, coverage, growth,
 * the year's digital firms, and the pipeline's ranking.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { openNodeDb } from '../../src/lib/db/node.ts';
import type { Db } from '../../src/lib/db/types.ts';
import { loadTargetSet } from '../../src/lib/targets/source.ts';
import { metricData } from '../../src/lib/targets/metrics.ts';
import { awardsContext } from '../../src/lib/targets/compute.ts';
import { packageById } from './helpers/packages.ts';
import { goalOf, progressOf } from '../../src/lib/targets/progress.ts';
import { pipelineOf } from '../../src/lib/targets/pipeline.ts';
import type { Target } from '../../src/lib/targets/schema.ts';

let db: Db;

/** A one-target set for a metric, value and period. */
function target(metric: string, value: string, period = 'year', comparison = 'at least', deadline = 'date(year, 12, 31)'): Target {
  const yaml = `id: t
title: 测试 | Test
issuer: 测试 | Test
sourceFile: x.txt
periods:
  year: {value: 2022, label: 年度 | Year, source: 一：“2022”}
targets:
  - id: x
    title: 测试 | Test
    metric: ${metric}
    comparison: ${comparison}
    value: ${value}
    period: ${period}
    deadline: ${deadline}
    source: 一：“2022”
`;
  return loadTargetSet(yaml, 't.yaml').targets[0];
}

const F = (n: number) => `F${String(n).padStart(17, '0')}`;
const quarters = ['2021Q1', '2021Q2', '2021Q3', '2021Q4', '2022Q1', '2022Q2', '2022Q3', '2022Q4'];

beforeAll(async () => {
  db = await openNodeDb();
  await db.exec(`CREATE TABLE enterprises (firm_id VARCHAR, name VARCHAR, district VARCHAR);
CREATE TABLE quarterly (firm_id VARCHAR, period VARCHAR, sales_10k DECIMAL(18,2), output_10k DECIMAL(18,2), above_scale TINYINT);
CREATE TABLE certifications (firm_id VARCHAR, kind VARCHAR, granted_on DATE);
CREATE TABLE projects (firm_id VARCHAR, project_id VARCHAR, kind VARCHAR, year INTEGER, fixed_asset_10k DECIMAL(18,2));
CREATE TABLE indicators (indicator VARCHAR, region VARCHAR, period VARCHAR, value DECIMAL(18,4));`);
  // above_scale by quarter 2021Q1..2022Q4 ('-' = no row)
  const firms: [number, string, string, number[]][] = [
    [1, 'A 恰在2022Q1入规', '东城区', [0, 0, 0, 0, 1, 1, 1, 1]],
    [2, 'B 2021Q4入规（上一季度）', '东城区', [0, 0, 0, 1, 1, 1, 1, 1]],
    [3, 'C 数据首季即规上', '西城区', [1, 1, 1, 1, 1, 1, 1, 1]],
    [4, 'D 2022Q4新建即规上', '西城区', [-1, -1, -1, -1, -1, -1, -1, 1]],
    [5, 'E 2022年两次入规只算一次', '西城区', [0, 0, 0, 0, 1, 0, 1, 1]],
    [6, 'G 规下', '东城区', [0, 0, 0, 0, 0, 0, 0, 0]],
    [7, 'H 规下', '东城区', [0, 0, 0, 0, 0, 0, 0, 0]],
    [8, 'I 2023Q1入规前', '东城区', [0, 0, 0, 0, 0, 0, 0, 0]]
  ];
  // below-scale revenue per quarter in 2022 (and 2021) for the pipeline: G 2022 = 4 x 480 = 1920 (+60% on 2021's 4 x 300),
  // H 2022 = 4 x 520 = 2080 (already past, flat), I 2022 = 4 x 300 = 1200 (flat): ranked H (past), G (projected past), I
  const sales: Record<number, [number, number]> = { 6: [300, 480], 7: [520, 520], 8: [300, 300] };
  for (const [n, name, district, flags] of firms) {
    await db.exec(`INSERT INTO enterprises VALUES ('${F(n)}', '${name}', '${district}')`);
    for (const [i, a] of flags.entries()) {
      if (a < 0) continue;
      const s = sales[n] ? sales[n][i < 4 ? 0 : 1] : 5000;
      await db.exec(`INSERT INTO quarterly VALUES ('${F(n)}', '${quarters[i]}', ${s}, ${s}, ${a})`);
    }
  }
  await db.exec(`INSERT INTO certifications VALUES
    ('${F(1)}', 'high_tech', '2019-05-01'), ('${F(1)}', 'high_tech', '2022-05-01'),
    ('${F(2)}', 'high_tech', '2022-01-01'), ('${F(3)}', 'high_tech', '2021-12-31'), ('${F(4)}', 'high_tech', '2022-12-31'),
    ('${F(5)}', 'specialized_municipal', '2021-03-01'), ('${F(6)}', 'specialized_municipal', '2022-02-01'),
    ('${F(1)}', 'specialized_municipal', '2020-01-01'), ('${F(1)}', 'specialized_provincial', '2022-06-30')`);
  await db.exec(`INSERT INTO projects VALUES
    ('${F(1)}', 'JG1', 'tech_reform', 2021, 100), ('${F(2)}', 'JG2', 'tech_reform', 2022, 80), ('${F(3)}', 'JG3', 'tech_reform', 2022, 40),
    ('${F(3)}', 'SZ1', 'digital', 2022, NULL), ('${F(3)}', 'SZ2', 'digital', 2022, NULL), ('${F(6)}', 'SZ3', 'digital', 2022, NULL), ('${F(2)}', 'SZ4', 'digital', 2021, NULL)`);
  // 5G: districts and a 全市 row in 2022Q1-Q3; 2022Q4 has district rows only
  await db.exec(`INSERT INTO indicators VALUES
    ('5g_stations_new', '东城区', '2022Q1', 10), ('5g_stations_new', '西城区', '2022Q1', 5), ('5g_stations_new', '全市', '2022Q1', 16),
    ('5g_stations_new', '全市', '2022Q2', 20), ('5g_stations_new', '全市', '2022Q3', 30),
    ('5g_stations_new', '东城区', '2022Q4', 7), ('5g_stations_new', '西城区', '2022Q4', 8),
    ('5g_stations_new', '全市', '2021Q4', 99),
    ('problems_resolved_rate', '全市', '2022Q2', 0.95), ('problems_resolved_rate', '全市', '2022Q3', 0.97), ('problems_resolved_rate', '东城区', '2022Q3', 0.99)`);
});
afterAll(() => db.close());

const run = async (t: Target, asOf = '2022Q4') => progressOf(goalOf(t), await metricData(db, t, asOf), asOf);

describe('new above-scale firms', () => {
  it('counts the firms that entered in the period: exactly in its first quarter yes, the quarter before no, a new firm yes, a re-entry once', async () => {
    const p = await run(target('new_above_scale', '3家'));
    expect(p.actual).toBe(3);
    expect(p.firms.map((f) => [f.firm_id, f.period])).toEqual([[F(1), '2022Q1'], [F(5), '2022Q1'], [F(4), '2022Q4']]);
    expect(p.status).toBe('met');
    // the plain-SQL count agrees
    const [{ n }] = await db.query<{ n: number }>(`SELECT count(DISTINCT firm_id)::INTEGER AS n FROM (SELECT firm_id, period, above_scale,
      lag(above_scale) OVER (PARTITION BY firm_id ORDER BY period) AS prev FROM quarterly)
      WHERE above_scale = 1 AND (prev = 0 OR (prev IS NULL AND period > '2021Q1')) AND period BETWEEN '2022Q1' AND '2022Q4'`);
    expect(n).toBe(3);
    // the quarter before belongs to 2021; the data's first quarter is never an entry
    const t21 = { ...target('new_above_scale', '3家'), first: '2021Q1', last: '2021Q4', deadline: '2021-12-31', year: 2021 };
    expect((await run(t21)).firms.map((f) => f.firm_id)).toEqual([F(2)]);
  });
  it('a Q1 target counts Q1 only, and is final after Q1', async () => {
    const p = await run(target('new_above_scale', '2家', 'quarter(year, 1)', 'at least', 'date(year, 3, 31)'), '2022Q2');
    expect([p.actual, p.status, p.final]).toEqual([2, 'met', true]);
  });
  it('as of mid-year, the firms up to that quarter only, and by district', async () => {
    const p = await run(target('new_above_scale', '4家'), '2022Q2');
    expect(p.actual).toBe(2);
    expect(p.districts.map((d) => [d.district, d.actual])).toEqual([['东城区', 1], ['西城区', 1]]);
  });
});

describe('certifications, projects, indicators', () => {
  it('new high-tech firms are first certifications: a renewal is not new', async () => {
    const p = await run(target('certified(high_tech)', '2家'));
    expect(p.firms.map((f) => f.firm_id).sort()).toEqual([F(2), F(4)]);
  });
  it('firms with a digital project of the year, counted once', async () => {
    const p = await run(target('firms_with_projects(digital)', '600户'));
    expect([p.actual, p.firms.map((f) => f.firm_id)]).toEqual([2, [F(3), F(6)]]);
    expect(p.status).toBe('behind');
  });
  it('coverage: above-scale firms of the year with a tech-reform or digital project that year', async () => {
    // above scale in 2022: A, B, C, D, E (5); with a 2022 project: B (JG2), C (JG3, SZ1, SZ2) -> 2/5
    const p = await run(target('coverage(tech_reform, digital)', '100%'));
    expect(p.actual).toBeCloseTo(0.4, 12);
    expect(p.firms.map((f) => f.firm_id)).toEqual([F(2), F(3)]);
  });
  it('growth of tech-reform investment: (80 + 40) / 100 - 1 = 20%', async () => {
    const p = await run(target('growth(tech_reform)', '21%'));
    expect(p.actual).toBeCloseTo(0.2, 12);
    expect(p.status).toBe('behind'); // the year is over: 20% < 21%
  });
  it('a kind the projects table never records is no data, not zero', async () => {
    const p = await run(target('coverage(rd)', '100%'));
    expect(p.status).toBe('noData');
    expect(p.reason?.en).toMatch(/no rd projects/);
  });
  it('an indicator adds the 全市 rows, and the districts where a quarter has no 全市 row', async () => {
    const p = await run(target('indicator(5g_stations_new)', '700个'));
    expect(p.actual).toBe(16 + 20 + 30 + 15);
    expect(p.quarters.map((q) => q.actual)).toEqual([16, 36, 66, 81]);
    expect(p.districts.map((d) => [d.district, d.actual])).toEqual([['东城区', 17], ['西城区', 13]]);
  });
  it('a rate is the latest quarter of the period up to as-of', async () => {
    expect((await run(target('indicator(problems_resolved_rate)', '96%'))).actual).toBe(0.97);
    expect((await run(target('indicator(problems_resolved_rate)', '96%'), '2022Q2')).status).toBe('atRisk'); // 0.95 >= 0.9 x 0.96
  });
  it('an indicator with no rows says so', async () => {
    const p = await run(target('indicator(green_factories_new)', '5家'));
    expect(p.status).toBe('noData');
    expect(p.reason?.zh).toContain('green_factories_new');
  });
});

describe('awards against a fund', () => {
  it('a document not in force, or assessed on another year, is named by its title, never by its id', async () => {
    const pkg = packageById('changchun-2024q1');
    const t = target('awards(changchun-2024q1, c5-digital)', '1.5亿元', 'year', 'at most');
    const none = JSON.stringify(await metricData(db, t, '2022Q4', awardsContext(db, [], async () => {}, [pkg])));
    const otherYear = JSON.stringify(await metricData(db, t, '2022Q4', awardsContext(db, [pkg], async () => {})));
    for (const text of [none, otherYear]) {
      expect(text).toContain(pkg.title.zh);
      expect(text).not.toContain('changchun-2024q1');
    }
    expect(otherYear).toContain('按 2024 年测算，目标年度为 2022 年');
  });
});

describe('the pipeline', () => {
  it('ranks below-scale firms within reach: past the standard first, then projected past it, then by distance', async () => {
    const t = target('new_above_scale', '5家');
    const p = await pipelineOf(db, t, '2022Q4', 2, { standard10k: 2000, reach: 0.5 });
    expect(p!.firms.map((f) => [f.firm_id, f.revenue10k, f.distance10k])).toEqual([
      [F(7), 2080, -80],
      [F(6), 1920, 80],
      [F(8), 1200, 800]
    ]);
    expect(p!.firms[1].trend).toBeCloseTo(0.6, 12);
    // a higher reach drops the farthest
    expect((await pipelineOf(db, t, '2022Q4', 2, { standard10k: 2000, reach: 0.7 }))!.firms.map((f) => f.firm_id)).toEqual([F(7), F(6)]);
  });
  it('for the provincial 专精特新 target, the municipal ones not yet provincial', async () => {
    const p = await pipelineOf(db, target('certified(specialized_provincial)', '20家'), '2022Q4', 1);
    expect(p!.firms.map((f) => f.firm_id).sort()).toEqual([F(5), F(6)]);
    // as of 2022Q1 (ends 2022-03-31), F1 was not yet provincial (2022-06-30): it is one level below then
    const q1 = await pipelineOf(db, target('certified(specialized_provincial)', '20家'), '2022Q1', 1);
    expect(q1!.firms.map((f) => f.firm_id).sort()).toEqual([F(1), F(5), F(6)]);
  });
});
