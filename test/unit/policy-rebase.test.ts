/**
 * Periods are parameters: changchun-2024q1 re-based to 2023 (2023Q1 against 2022Q1) pays, on the
 * committed sample, exactly what a plain computation straight from the raw rows gives for the clauses
 * whose rule is simple to restate (capacity, entering above-scale, specialized titles).
 * The independent side reads raw rows only and restates the seed sentences with BigInt arithmetic.
 */
import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { join } from 'node:path';
import { openNodeDb } from '../../src/lib/db/node.ts';
import { loadFiles } from '../../src/lib/ingest/load.ts';
import { prepareAll, evaluateAll } from '../../src/lib/policy/awards.ts';
import { readFolder } from '../../scripts/lib/read-folder.ts';
import { packageById, rebasedPackageById } from './helpers/packages.ts';

const db = await openNodeDb();
afterAll(() => db.close());

type Awards = Map<string, number>;

async function paid(clause: string): Promise<Awards> {
  const rows = await db.query<{ firm_id: string; award_yuan: number }>(`SELECT firm_id, award_yuan FROM awards WHERE clause = $1 AND status = 'paid'`, [clause]);
  return new Map(rows.map((r) => [r.firm_id, Number(r.award_yuan)]));
}

describe('changchun-2024q1 re-based to 2023 on the sample', () => {
  const pkg = rebasedPackageById('changchun-2024q1', { year: 2023 });
  let excluded = new Set<string>();
  const engine: Record<string, Awards> = {};

  beforeAll(async () => {
    const report = await loadFiles(db, readFolder(join(import.meta.dirname, '../../data/sample')));
    expect(report.errorCount).toBe(0);
    await prepareAll(db, [pkg]);
    await evaluateAll(db, [pkg]);
    for (const c of ['c2-capacity', 'c3-enter-scale', 'c4-specialized']) engine[c] = await paid(c);
    const flags = await db.query<{ firm_id: string }>(`SELECT firm_id FROM enterprises WHERE dishonest_debtor = 1 OR major_accident_3y = 1`);
    excluded = new Set(flags.map((f) => f.firm_id));
  });

  it('re-basing moves every period: metrics read 2023Q1 against 2022Q1, and the base year follows', () => {
    expect(pkg.periods.year.value).toBe(2023);
    expect(pkg.periods.base_year.value).toBe(2022);
    expect(pkg.metrics.output_q1).toMatchObject({ period: '2023Q1' });
    expect(pkg.metrics.output_q1_base).toMatchObject({ period: '2022Q1' });
    expect(pkg.regionGrowth).toMatchObject({ current: '2023Q1', base: '2022Q1' });
    expect(packageById('changchun-2024q1').metrics.output_q1).toMatchObject({ period: '2024Q1' });
  });

  it('capacity award (条款2): Q1 2023 output above 5000万, growth over 2022Q1 at least the city-wide growth and 8% / 10%', async () => {
    const rows = await db.query<{ firm_id: string; period: string; out: string | null; above: number | null }>(
      `SELECT firm_id, period, CAST(output_10k * 100 AS BIGINT)::VARCHAR AS out, above_scale AS above FROM quarterly WHERE period IN ('2022Q1', '2023Q1')`
    );
    const cur = new Map<string, { out: bigint | null; above: number | null }>();
    const base = new Map<string, bigint | null>();
    for (const r of rows) {
      const out = r.out === null ? null : BigInt(r.out);
      if (r.period === '2023Q1') cur.set(r.firm_id, { out, above: r.above });
      else base.set(r.firm_id, out);
    }
    // 全市规上工业产值增速 on a comparable basis: firms above-scale in 2023Q1 with output in both quarters
    let sumCur = 0n;
    let sumBase = 0n;
    for (const [id, c] of cur) {
      const b = base.get(id);
      if (c.above === 1 && c.out !== null && b !== null && b !== undefined) {
        sumCur += c.out;
        sumBase += b;
      }
    }
    const expected: Awards = new Map();
    for (const [id, c] of cur) {
      const b = base.get(id);
      if (excluded.has(id) || c.above !== 1 || c.out === null || c.out <= 500_000n || b === null || b === undefined || b <= 0n) continue;
      if (c.out * sumBase < sumCur * b) continue; // below the city's growth
      if (c.out * 100n >= b * 110n) expected.set(id, 200_000);
      else if (c.out * 100n >= b * 108n) expected.set(id, 100_000);
    }
    expect(expected.size).toBeGreaterThan(50);
    expect(engine['c2-capacity']).toEqual(expected);
  });

  it('entering above-scale (条款3): first above-scale quarter of the whole history falls in 2023', async () => {
    const rows = await db.query<{ firm_id: string; first: string }>(`SELECT firm_id, min(period) AS first FROM quarterly WHERE above_scale = 1 GROUP BY firm_id`);
    const expected: Awards = new Map(rows.filter((r) => r.first.startsWith('2023') && !excluded.has(r.firm_id)).map((r) => [r.firm_id, 200_000]));
    expect(expected.size).toBeGreaterThan(10);
    expect(engine['c3-enter-scale']).toEqual(expected);
  });

  it('specialized titles (条款4): the highest level first certified in 2023, 50万 / 20万 / 10万', async () => {
    const rows = await db.query<{ firm_id: string; kind: string; first: string }>(
      `SELECT firm_id, kind, strftime(min(granted_on), '%Y') AS first FROM certifications WHERE kind LIKE 'specialized_%' GROUP BY ALL`
    );
    const amount: Record<string, number> = { specialized_national: 500_000, specialized_provincial: 200_000, specialized_municipal: 100_000 };
    const expected: Awards = new Map();
    for (const r of rows) {
      if (r.first !== '2023' || excluded.has(r.firm_id)) continue;
      expected.set(r.firm_id, Math.max(expected.get(r.firm_id) ?? 0, amount[r.kind]));
    }
    expect(expected.size).toBeGreaterThan(10);
    expect(engine['c4-specialized']).toEqual(expected);
  });
});
