import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { openNodeDb } from '../../src/lib/db/node.ts';
import { evaluatedSample } from './helpers/sample.ts';
import { nearStepsSql } from '../../src/lib/policy/near-sql.ts';
import { gapCounts, type Tolerance } from '../../src/lib/policy/near.ts';
import { firmSummarySql } from '../../src/lib/enterprises/firm-summary.ts';
import { listSql, type ListRow } from '../../src/lib/enterprises/list-sql.ts';
import { DEFAULT_FILTERS } from '../../src/lib/enterprises/list-filters.ts';
import { nearCountSql, nearFirmsSql, nearSummarySql, OVERVIEW_TOLERANCE, type NearFirm, type NearSummary } from '../../src/lib/overview/near-sql.ts';
import { NO_FILTER, type OverviewFilter } from '../../src/lib/overview/filter.ts';
import { loadAllPackages } from '../../scripts/lib/policies.ts';

const db = await openNodeDb();
afterAll(() => db.close());

beforeAll(async () => {
  const packages = loadAllPackages();
  await evaluatedSample(db, packages);
  const near = nearStepsSql(packages);
  await db.query(near.sql, near.params);
  await db.exec(firmSummarySql());
}, 120_000);

/** The firms the list shows under 差一点 for a tolerance (every page at once). */
async function listNear(tol: Tolerance, filter: OverviewFilter = NO_FILTER): Promise<string[]> {
  const f = { ...DEFAULT_FILTERS, status: 'near' as const, points: tol.points, wan: tol.wan, district: filter.district ?? '', industry: filter.industry ?? '' };
  const { sql, params } = listSql(f, 100_000);
  return (await db.query<ListRow>(sql, params)).map((r) => r.firm_id).sort();
}

/** The firms the overview's 临界企业 card lists for a tolerance (no limit). */
async function overviewNear(tol: Tolerance, filter: OverviewFilter = NO_FILTER): Promise<string[]> {
  const { sql, params } = nearFirmsSql(filter, 100_000, tol);
  const rows = (await db.query(sql, params)) as unknown as NearFirm[];
  return [...new Set(rows.map((r) => r.firm_id))].sort();
}

describe('one definition of near: the overview and the enterprise list count the same firms on the sample city', () => {
  for (const tol of [OVERVIEW_TOLERANCE, { points: 2, wan: 100 }, { points: 0.5, wan: null }, { points: null, wan: 500 }] as Tolerance[]) {
    it(`within ${tol.points ?? '—'} points / ${tol.wan ?? '—'} 万元 the overview's near firms are the list's 差一点 firms`, async () => {
      const list = await listNear(tol);
      expect(list.length).toBeGreaterThan(0);
      expect(await overviewNear(tol)).toEqual(list);
      const { sql, params } = nearCountSql(NO_FILTER, tol);
      expect((await db.query<{ firms: number }>(sql, params))[0].firms).toBe(list.length);
    });
  }

  it('under a district filter too, and the overview bars add up to the firms near each step', async () => {
    const [{ d }] = await db.query<{ d: string }>(`SELECT district AS d FROM firm_profile WHERE district IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`);
    const filter = { district: d, industry: null };
    expect(await overviewNear(OVERVIEW_TOLERANCE, filter)).toEqual(await listNear(OVERVIEW_TOLERANCE, filter));
    const { sql, params } = nearSummarySql(NO_FILTER);
    const steps = (await db.query(sql, params)) as unknown as NearSummary[];
    expect(steps.every((s) => s.near1 + s.near2 === s.city_firms)).toBe(true);
  });

  it('a money minimum of zero asks whether a firm has any amount: a firm with none is not near it, 10万 short of 1亿 or 0.3 points below 0% are', async () => {
    const e = { id: 'x', item: null, pass: false as const };
    expect(gapCounts({ ...e, unit: 'money', value: 0, threshold: 0, gap: 0 })).toBe(false);
    expect(gapCounts({ ...e, unit: 'money', value: 9990, threshold: 10000, gap: 10 })).toBe(true);
    expect(gapCounts({ ...e, unit: 'ratio', value: -0.003, threshold: 0, gap: 0.003 })).toBe(true);
    const [{ n }] = await db.query<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM (SELECT unnest(blocking) AS b FROM near_steps) WHERE b.unit = 'money' AND b.threshold = 0`
    );
    expect(n).toBe(0);
  });
});
