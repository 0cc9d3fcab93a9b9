import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openNodeDb } from '../../src/lib/db/node.ts';
import { literal, type Db } from '../../src/lib/db/types.ts';
import { CLAIM_ITEMS, CLAIM_LEVELS, SQL_TYPE, TABLES } from '../../src/lib/ingest/contract.ts';
import { isValidUscc, usccCheckSql } from '../../src/lib/ingest/uscc.ts';
import { generateSample, type SampleResult } from '../../scripts/lib/sample-generator.ts';

const TABLE_FILES = TABLES.map((t) => t.name);
const FOUR_SECTORS = `(industry_code IN ('3670', '3720', '2740') OR left(industry_code, 3) IN ('371', '397', '398', '276'))`;

describe('generate-sample', () => {
  const root = mkdtempSync(join(tmpdir(), 'generate-sample-test-'));
  const city = join(root, 'city');
  let result: SampleResult;
  let db: Db;
  const id = (key: string) => result.planted.find((p) => p.key === key)!.id;

  beforeAll(async () => {
    result = await generateSample({ firms: 1000, years: 5, seed: 42, out: city });
    db = await openNodeDb();
    for (const t of TABLE_FILES) await db.exec(`CREATE VIEW ${t} AS SELECT * FROM read_parquet(${literal(join(city, `${t}.parquet`))})`);
  }, 60_000);

  afterAll(async () => {
    await db?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('gives identical files for the same seed, and different data for another seed', async () => {
    const runs = ['a', 'b', 'c'].map((name) => join(root, name));
    await generateSample({ firms: 200, years: 5, seed: 7, out: runs[0] });
    await generateSample({ firms: 200, years: 5, seed: 7, out: runs[1] });
    await generateSample({ firms: 200, years: 5, seed: 8, out: runs[2] });
    for (const t of TABLE_FILES) {
      expect(readFileSync(join(runs[0], `${t}.parquet`)).equals(readFileSync(join(runs[1], `${t}.parquet`))), t).toBe(true);
    }
    expect(readFileSync(join(runs[0], 'quarterly.parquet')).equals(readFileSync(join(runs[2], 'quarterly.parquet')))).toBe(false);
  }, 60_000);

  it('writes every table with exactly the contract columns and types, and the row counts it reports', async () => {
    for (const spec of TABLES) {
      const described = await db.query<{ column_name: string; column_type: string }>(`DESCRIBE ${spec.name}`);
      expect(described.map((c) => [c.column_name, c.column_type]), spec.name).toEqual(spec.columns.map((c) => [c.name, SQL_TYPE[c.kind]]));
      const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${spec.name}`);
      expect(n, spec.name).toBe(result.rows[spec.name]);
    }
    expect(result.rows.enterprises).toBe(1500);
  });

  it('gives every firm a valid, unique 统一社会信用代码', async () => {
    const ids = (await db.query<{ firm_id: string }>('SELECT firm_id FROM enterprises')).map((r) => r.firm_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((x) => !isValidUscc(x))).toEqual([]);
    expect(ids.every((x) => x.startsWith('91'))).toBe(true);
    const [{ bad }] = await db.query<{ bad: number }>(`SELECT count(*) FILTER (NOT ${usccCheckSql('firm_id')})::INTEGER AS bad FROM enterprises`);
    expect(bad).toBe(0);
  });

  it('keeps names unique and every referring table pointing at a known firm', async () => {
    const [{ names }] = await db.query<{ names: number }>('SELECT count(DISTINCT name)::INTEGER AS names FROM enterprises');
    expect(names).toBe(1500);
    for (const t of ['quarterly', 'certifications', 'spring_festival', 'projects']) {
      const [{ orphans }] = await db.query<{ orphans: number }>(`SELECT count(*)::INTEGER AS orphans FROM ${t} WHERE firm_id NOT IN (SELECT firm_id FROM enterprises)`);
      expect(orphans, t).toBe(0);
    }
  });

  it('has no duplicate keys in any table', async () => {
    for (const spec of TABLES) {
      const key = spec.key.map((k) => `"${k}"`).join(', ');
      const [{ dups }] = await db.query<{ dups: number }>(`SELECT count(*)::INTEGER AS dups FROM (SELECT ${key} FROM ${spec.name} GROUP BY ALL HAVING count(*) > 1)`);
      expect(dups, spec.name).toBe(0);
    }
  });

  it('never writes negative money or quantities, and periods are YYYYQn from 2020Q1 to 2024Q4', async () => {
    const [q] = await db.query(
      `SELECT count(*) FILTER (output_10k < 0 OR sales_10k < 0 OR electricity_kwh < 0 OR gas_m3 < 0 OR employees < 0)::INTEGER AS negative,
              count(*) FILTER (NOT regexp_full_match(period, '\\d{4}Q[1-4]'))::INTEGER AS malformed, min(period) AS first, max(period) AS last,
              count(DISTINCT period)::INTEGER AS periods FROM quarterly`
    );
    expect(q).toEqual({ negative: 0, malformed: 0, first: '2020Q1', last: '2024Q4', periods: 20 });
    const [p] = await db.query(`SELECT count(*) FILTER (fixed_asset_10k < 0 OR equipment_10k < 0 OR approved_spend_10k < 0 OR equipment_10k > fixed_asset_10k)::INTEGER AS bad FROM projects`);
    expect(p.bad).toBe(0);
  });

  it('keeps money at two decimals through Parquet (hundredths survive exactly)', async () => {
    const [r] = await db.query(`SELECT output_10k::VARCHAR AS text FROM quarterly WHERE firm_id = $1 AND period = '2024Q1'`, [id('c2-growth-just-under-8pct')]);
    expect(r.text).toBe('8639.99');
  });

  it('draws a realistic industry mix with the four clause-5 sectors at 15-25% of firms', async () => {
    const [r] = await db.query(
      `SELECT avg(${FOUR_SECTORS}::INTEGER)::DOUBLE AS four, count(*) FILTER (NOT regexp_full_match(industry_code, '\\d{4}'))::INTEGER AS malformed,
              count(*) FILTER (is_manufacturing <> (industry_code BETWEEN '1300' AND '4399')::INTEGER)::INTEGER AS wrong_flag,
              count(*) FILTER (industry_code LIKE '44%' OR industry_code LIKE '46%')::INTEGER AS utilities,
              count(DISTINCT district)::INTEGER AS districts FROM enterprises`
    );
    expect(r.four as number).toBeGreaterThan(0.15);
    expect(r.four as number).toBeLessThan(0.25);
    expect(r).toMatchObject({ malformed: 0, wrong_flag: 0, districts: 8 });
    expect(r.utilities as number).toBeGreaterThan(10);
  });

  it('centres Q1-2024 year-on-year growth of above-scale firms between 3% and 9%, so the 8% and 10% tiers bite', async () => {
    const [g] = await db.query<{ mean: number; sd: number; share8: number; share10: number }>(
      `WITH g AS (SELECT a.output_10k / b.output_10k - 1 AS g FROM quarterly a JOIN quarterly b ON a.firm_id = b.firm_id AND b.period = '2023Q1'
                  WHERE a.period = '2024Q1' AND a.above_scale = 1)
       SELECT avg(g)::DOUBLE AS mean, stddev(g)::DOUBLE AS sd, avg((g >= 0.08)::INTEGER)::DOUBLE AS share8, avg((g >= 0.10)::INTEGER)::DOUBLE AS share10 FROM g`
    );
    expect(g.mean).toBeGreaterThan(0.03);
    expect(g.mean).toBeLessThan(0.09);
    expect(g.sd).toBeGreaterThan(0.06);
    expect(g.sd).toBeLessThan(0.18);
    expect(g.share8).toBeGreaterThan(0.2);
    expect(g.share10).toBeGreaterThan(0.15);
    expect(g.share10).toBeLessThan(g.share8);
  });

  it('lets firms enter above scale for the first time in 2024, some from 2024Q1, and leaves only at a yearly review', async () => {
    const [r] = await db.query<{ first2024: number; firstQ1: number }>(
      `WITH f AS (SELECT firm_id, min(period) FILTER (above_scale = 1) AS first FROM quarterly GROUP BY firm_id)
       SELECT count(*) FILTER (first LIKE '2024%')::INTEGER AS first2024, count(*) FILTER (first = '2024Q1')::INTEGER AS firstQ1 FROM f`
    );
    expect(r.first2024).toBeGreaterThan(10);
    expect(r.firstQ1).toBeGreaterThan(5);
    expect(r.firstQ1).toBeLessThan(r.first2024);
    const [{ midYearExits }] = await db.query<{ midYearExits: number }>(
      `SELECT count(*)::INTEGER AS midYearExits FROM (SELECT above_scale, lag(above_scale) OVER (PARTITION BY firm_id ORDER BY period) AS before, right(period, 1) AS q FROM quarterly)
       WHERE before = 1 AND above_scale = 0 AND q <> '1'`
    );
    expect(midYearExits).toBe(0);
  });

  it('has random firms as well as planted ones first reaching 1亿 of annual output in 2024', async () => {
    const firsts = await db.query<{ firm_id: string }>(
      `WITH annual AS (SELECT firm_id, left(period, 4) AS y, sum(output_10k) AS output FROM quarterly GROUP BY ALL)
       SELECT firm_id FROM annual GROUP BY firm_id HAVING min(y) FILTER (output >= 10000) = '2024'`
    );
    const ids = firsts.map((r) => r.firm_id);
    expect(ids).toContain(id('c3-first-reaches-1yi-exactly'));
    expect(ids.filter((x) => x.slice(8, 10) !== 'BD').length).toBeGreaterThan(5);
  });

  it('puts the planted boundary firms exactly on their boundaries', async () => {
    const q1 = async (key: string, period: string, column = 'output_10k') =>
      (await db.query<{ v: string }>(`SELECT ${column}::VARCHAR AS v FROM quarterly WHERE firm_id = $1 AND period = $2`, [id(key), period]))[0]?.v;
    expect([await q1('c1-q1-output-exactly-5000', '2024Q1'), await q1('c1-q1-output-exactly-5000', '2023Q1')]).toEqual(['5000.00', '4700.00']);
    expect([await q1('c2-growth-exactly-8pct', '2023Q1'), await q1('c2-growth-exactly-8pct', '2024Q1')]).toEqual(['5003.00', '5403.24']);
    expect([await q1('c2-growth-just-under-8pct', '2023Q1'), await q1('c2-growth-just-under-8pct', '2024Q1')]).toEqual(['8000.00', '8639.99']);
    expect([await q1('c2-growth-exactly-10pct', '2023Q1'), await q1('c2-growth-exactly-10pct', '2024Q1')]).toEqual(['6000.00', '6600.00']);
    expect([await q1('j1-sales-up-exactly-500', '2023Q1', 'sales_10k'), await q1('j1-sales-up-exactly-500', '2024Q1', 'sales_10k')]).toEqual(['3000.00', '3500.00']);
    expect(await q1('j2-electricity-up-exactly-5pct', '2024Q1', 'electricity_kwh')).toBe('1050000.00');
    expect(await q1('j3-gas-exactly-1000', '2024Q1', 'gas_m3')).toBe('1000.00');
    expect(await q1('j3-gas-999.99', '2024Q1', 'gas_m3')).toBe('999.99');

    const [annual] = await db.query(`SELECT sum(output_10k)::VARCHAR AS v FROM quarterly WHERE firm_id = $1 AND period LIKE '2024%'`, [id('c3-first-reaches-1yi-exactly')]);
    expect(annual.v).toBe('10000.00');
    const [spring] = await db.query(`SELECT continuous_days, overtime_staff, total_staff FROM spring_festival WHERE firm_id = $1 AND year = 2024`, [id('c1-4-days-half-overtime')]);
    expect(spring).toEqual({ continuous_days: 4, overtime_staff: 100, total_staff: 200 });
    const [project] = await db.query(`SELECT fixed_asset_10k::VARCHAR AS f, equipment_10k::VARCHAR AS e FROM projects WHERE firm_id = $1`, [id('c16-tech-reform-exactly-3000')]);
    expect(project).toEqual({ f: '3000.00', e: '2000.00' });
    const flags = await db.query(`SELECT dishonest_debtor, major_accident_3y FROM enterprises WHERE firm_id IN ($1, $2) ORDER BY dishonest_debtor DESC`, [id('excl-dishonest-debtor'), id('excl-major-accident')]);
    expect(flags).toEqual([{ dishonest_debtor: 1, major_accident_3y: 0 }, { dishonest_debtor: 0, major_accident_3y: 1 }]);
  });

  it('plants first-time events only where intended', async () => {
    const planted = `(SELECT firm_id FROM enterprises WHERE substr(firm_id, 9, 2) = 'BD')`;
    const steps = await db.query<{ step: number; firm_id: string }>(
      `WITH annual AS (SELECT firm_id, left(period, 4) AS y, sum(output_10k) AS output FROM quarterly WHERE firm_id IN ${planted} GROUP BY ALL)
       SELECT step, firm_id FROM annual, (VALUES (10000), (50000), (100000)) s(step) GROUP BY ALL HAVING min(y) FILTER (output >= step) = '2024' ORDER BY step, firm_id`
    );
    const byStep = (step: number) => steps.filter((s) => s.step === step).map((s) => s.firm_id).sort();
    expect(byStep(10000)).toEqual([id('c3-first-reaches-1yi-exactly')]);
    expect(byStep(50000)).toEqual([id('c3-first-reaches-5yi'), id('c3-5yi-and-10yi-in-2024')].sort());
    expect(byStep(100000)).toEqual([id('c3-5yi-and-10yi-in-2024')]);
    const entries = await db.query<{ firm_id: string; first: string }>(
      `SELECT firm_id, min(period) FILTER (above_scale = 1) AS first FROM quarterly WHERE firm_id IN ${planted} GROUP BY firm_id HAVING first LIKE '2024%' ORDER BY firm_id`
    );
    expect(entries.map((e) => e.firm_id).sort()).toEqual([id('c3-enters-scale-2024q1'), id('c16-registered-in-2024')].sort());
    const reentry = await db.query(`SELECT left(period, 4) AS y, max(above_scale) AS above FROM quarterly WHERE firm_id = $1 GROUP BY y ORDER BY y`, [id('c3-re-enters-scale-not-first')]);
    expect(reentry.map((r) => r.above)).toEqual([1, 1, 0, 0, 1]);
  });

  it('gives the planted firms the same ids whatever the seed', async () => {
    expect(id('c2-growth-exactly-8pct')).toBe('91220171BD0000024F');
    const other = await generateSample({ firms: 60, years: 5, seed: 99, out: join(root, 'other-seed') });
    expect(other.planted.map((p) => p.id)).toEqual(result.planted.map((p) => p.id));
  }, 30_000);

  it('keeps Spring Festival staff counts and certification kinds consistent', async () => {
    const [s] = await db.query(
      `SELECT count(*) FILTER (overtime_staff > total_staff OR out_of_province_staff > total_staff OR continuous_days NOT BETWEEN 0 AND 15)::INTEGER AS bad,
              count(DISTINCT firm_id)::INTEGER AS firms FROM spring_festival WHERE year = 2024`
    );
    expect(s.bad).toBe(0);
    expect(s.firms as number).toBeGreaterThan(50);
    const kinds = (await db.query<{ kind: string }>('SELECT DISTINCT kind FROM certifications ORDER BY kind')).map((r) => r.kind);
    expect(kinds).toEqual(expect.arrayContaining(['specialized_municipal', 'specialized_provincial', 'high_tech', 'strategic_emerging', 'cultivation_library']));
    const [lib] = await db.query(
      `SELECT count(*)::INTEGER AS n FROM certifications c WHERE kind = 'cultivation_library'
       AND EXISTS (SELECT 1 FROM quarterly q WHERE q.firm_id = c.firm_id AND q.above_scale = 1 AND q.period < concat(year(c.granted_on), 'Q1'))`
    );
    expect(lib.n).toBe(0); // nobody is put in the 小升规 library after already being above scale
  });

  it('writes claims for every item, for known firms or named townships, departments and institutions, in contract codes', async () => {
    const [c] = await db.query(
      `SELECT count(*) FILTER (recipient_kind = 'firm' AND firm_id NOT IN (SELECT firm_id FROM enterprises))::INTEGER AS orphans,
              count(*) FILTER (recipient_kind IN ('township', 'department') AND (item <> 'fdi_usd' OR firm_id IN (SELECT firm_id FROM enterprises)))::INTEGER
                + count(*) FILTER (recipient_kind = 'institution' AND (item NOT IN ('job_fair', 'tech_transfer_contract') OR firm_id IN (SELECT firm_id FROM enterprises)))::INTEGER AS odd_places,
              count(*) FILTER (quantity < 0 OR amount_10k < 0 OR amount_usd < 0)::INTEGER AS negative,
              count(*) FILTER (level IS NOT NULL AND level NOT IN (${CLAIM_LEVELS.map((l) => `'${l}'`).join(', ')}))::INTEGER AS unknown_levels,
              count(DISTINCT firm_id) FILTER (recipient_kind <> 'firm')::INTEGER AS places FROM claims`
    );
    expect(c).toEqual({ orphans: 0, odd_places: 0, negative: 0, unknown_levels: 0, places: expect.any(Number) });
    expect(c.places as number).toBeGreaterThan(3);
    const items = await db.query<{ item: string; n: number }>('SELECT item, count(*)::INTEGER AS n FROM claims GROUP BY item ORDER BY item');
    expect(items.map((r) => r.item)).toEqual(Object.keys(CLAIM_ITEMS).sort());
    expect(Object.values(result.claims.byItem).reduce((a, b) => a + b, 0)).toBe(result.rows.claims);
  });

  it('plants claims on the boundaries: one OEM at exactly 5000万 against 6000万 over two, fairs at the 3000元 cap, FDI at 100万 USD', async () => {
    const oem = async (key: string) =>
      (await db.query<{ v: string }>(`SELECT sum(amount_10k)::VARCHAR AS v FROM claims WHERE item = 'oem_supply' AND firm_id = $1 GROUP BY counterparty ORDER BY sum(amount_10k) DESC`, [id(key)])).map((r) => r.v);
    expect(await oem('c2-growth-exactly-8pct')).toEqual(['5000.00']);
    expect(await oem('c5-digital-capped')).toEqual(['3500.00', '2500.00']);
    expect(await oem('r-2021-spring-festival')).toEqual(['10000.00']);
    expect(await oem('c3-first-reaches-5yi')).toEqual(['4999.99', '800.00']);
    const fairs = await db.query(`SELECT amount_10k::VARCHAR AS cost FROM claims WHERE item = 'trade_fair' AND firm_id = $1 ORDER BY date`, [id('c1-q1-output-exactly-5000')]);
    expect(fairs).toEqual([{ cost: '0.80' }, { cost: '1.50' }]);
    const fdi = await db.query(
      `SELECT firm_id, recipient_kind, sum(amount_usd)::VARCHAR AS q1 FROM claims WHERE item = 'fdi_usd' AND date BETWEEN '2024-01-01' AND '2024-03-31'
       AND firm_id IN ('清河县商务局', '清河县新华镇', '青山县高峰镇') GROUP BY ALL ORDER BY firm_id`
    );
    expect(fdi).toEqual([
      { firm_id: '清河县商务局', recipient_kind: 'department', q1: '1000000.00' },
      { firm_id: '清河县新华镇', recipient_kind: 'township', q1: '999999.99' },
      { firm_id: '青山县高峰镇', recipient_kind: 'township', q1: '2500000.00' }
    ]);
    expect(result.claims.planted.map((p) => p.item)).toEqual(expect.arrayContaining(['oem_supply', 'trade_fair', 'fdi_usd', 'anchor_supplier', 'tech_transfer_contract']));
  });

  it('names as attracted suppliers only firms first above scale in 2024, with their 2024 output', async () => {
    const bad = await db.query(
      `WITH first AS (SELECT firm_id, min(period) FILTER (above_scale = 1) AS first, sum(output_10k) FILTER (period LIKE '2024%') AS output FROM quarterly GROUP BY firm_id)
       SELECT c.claim_id FROM claims c LEFT JOIN first f ON f.firm_id = c.counterparty
       WHERE c.item = 'anchor_supplier' AND (f.first NOT LIKE '2024%' OR f.first IS NULL OR f.output <> c.amount_10k OR c.firm_id = c.counterparty)`
    );
    expect(bad).toEqual([]);
    const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM claims WHERE item = 'anchor_supplier'`);
    expect(n).toBeGreaterThan(2);
  });

  it('sums the districts into the 全市 row of each count indicator', async () => {
    const mismatches = await db.query(
      `SELECT indicator, period FROM indicators WHERE indicator <> 'problems_resolved_rate'
       GROUP BY indicator, period HAVING sum(value) FILTER (region <> '全市') <> sum(value) FILTER (region = '全市')`
    );
    expect(mismatches).toEqual([]);
    const [rate] = await db.query(`SELECT min(value)::DOUBLE AS lo, max(value)::DOUBLE AS hi FROM indicators WHERE indicator = 'problems_resolved_rate'`);
    expect(rate.lo as number).toBeGreaterThan(0);
    expect(rate.hi as number).toBeLessThanOrEqual(1);
    const [invest] = await db.query(
      `SELECT (SELECT sum(value) FROM indicators WHERE indicator = 'tech_reform_investment_10k' AND region = '全市' AND period LIKE '2024%')::VARCHAR AS indicator,
              (SELECT sum(fixed_asset_10k) FROM projects WHERE kind = 'tech_reform' AND year = 2024)::VARCHAR AS projects`
    );
    expect(Number(invest.indicator)).toBe(Number(invest.projects));
  });
});
