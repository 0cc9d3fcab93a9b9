/**
 * A metric on a measure's highest yearly total before a year (`max_year_before`): the output's yearly totals come
 * from `firm_years`, built once per load; another measure's are summed by the package itself. Both give what a
 * plain query over the quarterly rows gives, firm by firm, on the sample; so does the first above-scale year read
 * beside them.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { openNodeDb } from '../../src/lib/db/node.ts';
import type { Db } from '../../src/lib/db/types.ts';
import { loadPackage } from '../../src/lib/policy/load.ts';
import { prepareAll } from '../../src/lib/policy/awards.ts';
import { metricsTable } from '../../src/lib/policy/metrics-sql.ts';
import type { Package } from '../../src/lib/policy/schema.ts';
import { packageById } from './helpers/packages.ts';
import { loadSample } from './helpers/sample.ts';

const METRIC = 'output_max_before_2024';

describe('highest yearly total before a year', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openNodeDb();
    await loadSample(db);
  }, 60_000);
  afterAll(() => db?.close());

  /** jiangle-2024q1 with its highest-earlier-year metric read on `measure` (same dimension), under another id. */
  function onMeasure(measure: string): Package {
    const raw = JSON.parse(JSON.stringify(packageById('jiangle-2024q1')));
    raw.metrics[METRIC].measure = measure;
    raw.id = `jiangle-on-${measure.replace(/_/g, '-')}`;
    return loadPackage(raw, raw.id);
  }

  /** Per firm: the metric as the package's table has it, and as a plain query over quarterly computes it (x 100). */
  async function compare(pkg: Package, measure: string) {
    await prepareAll(db, [pkg]);
    return db.query<{ firm_id: string; got: number | null; want: number }>(
      `SELECT m.firm_id, m."m_${METRIC}" AS got, COALESCE(y.best, 0) AS want FROM ${metricsTable(pkg)} m LEFT JOIN (
         SELECT firm_id, CAST(MAX(total) * 100 AS BIGINT) AS best FROM (
           SELECT firm_id, substr(period, 1, 4) AS year, SUM(${measure}) AS total FROM quarterly GROUP BY ALL) WHERE year < '2024' GROUP BY firm_id
       ) y USING (firm_id) WHERE m.recipient_kind = 'firm' ORDER BY m.firm_id`
    );
  }

  it('on output (from firm_years) and on sales (summed by the package) equals the plain query for every firm', async () => {
    const [output, sales] = [await compare(packageById('jiangle-2024q1'), 'output_10k'), await compare(onMeasure('sales_10k'), 'sales_10k')];
    for (const rows of [output, sales]) {
      expect(rows.length).toBe(4500); // every firm of the sample (townships and departments apart)
      expect(rows.filter((r) => r.got !== r.want)).toEqual([]);
      expect(rows.filter((r) => r.want > 0).length).toBeGreaterThan(3000); // most firms have an earlier year
    }
    expect(sales.some((r, i) => r.got !== output[i].got)).toBe(true); // the measure is read, not the output again
  }, 60_000);

  it('the first above-scale year, read with either yearly totals, equals the plain query for every firm', async () => {
    for (const pkg of [packageById('jiangle-2024q1'), onMeasure('sales_10k')]) {
      await prepareAll(db, [pkg]);
      const rows = await db.query<{ got: number | null; want: number | null }>(
        `SELECT m."m_first_above_scale_year" AS got, y.first AS want FROM ${metricsTable(pkg)} m LEFT JOIN (
           SELECT firm_id, COALESCE(MIN(CAST(substr(period, 1, 4) AS INTEGER)) FILTER (WHERE above_scale = 1), 0) AS first FROM quarterly GROUP BY firm_id
         ) y USING (firm_id) WHERE m.recipient_kind = 'firm'`
      );
      expect(rows.length).toBe(4500);
      expect(rows.filter((r) => r.got !== r.want)).toEqual([]);
      expect(rows.filter((r) => (r.want ?? 0) > 0).length).toBeGreaterThan(1000);
      expect(rows.some((r) => r.want === 0)).toBe(true); // firms never above scale read 0, not NULL
    }
  }, 60_000);
});
