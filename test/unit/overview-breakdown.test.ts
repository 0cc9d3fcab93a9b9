/**
 * The overview's outlay by district and by industry on the sample city: townships, departments and
 * schools that some clause pays have a row of their own, so the rows add up to the whole outlay.
 */
import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { openNodeDb } from '../../src/lib/db/node.ts';
import { evaluatedSample } from './helpers/sample.ts';
import { outlayBySql, type GroupOutlay } from '../../src/lib/overview/breakdown-sql.ts';
import { NO_FILTER } from '../../src/lib/overview/filter.ts';
import { loadAllPackages } from '../../scripts/lib/policies.ts';

const db = await openNodeDb();
afterAll(() => db.close());

beforeAll(async () => {
  const packages = loadAllPackages();
  await evaluatedSample(db, packages);
}, 120_000);

describe('outlay by district and industry', () => {
  for (const by of ['district', 'industry'] as const) {
    it(`by ${by}: the rows add up to the outlay, with one row for recipients other than firms`, async () => {
      const { sql, params } = outlayBySql(by, NO_FILTER);
      const rows = await db.query<GroupOutlay & Record<string, never>>(sql, params);
      const [{ total, places }] = await db.query<{ total: number; places: number }>(
        `SELECT SUM(award_yuan)::BIGINT AS total, count(DISTINCT firm_id) FILTER (WHERE status = 'paid' AND firm_id NOT IN (SELECT firm_id FROM firm_profile))::INTEGER AS places FROM awards`
      );
      expect(rows.reduce((a, r) => a + Number(r.outlay_yuan), 0)).toBe(Number(total));
      const others = rows.filter((r) => r.other_recipients);
      expect(others).toHaveLength(1);
      expect(others[0]).toMatchObject({ key: null, flagged: places });
      expect(places).toBeGreaterThan(3);
      if (by === 'district') expect(rows.filter((r) => !r.other_recipients).map((r) => r.key).sort()).toEqual(['东城区', '北山区', '南湖区', '清河县', '经开区', '西城区', '青山县', '高新区'].sort());
    });
  }
});
