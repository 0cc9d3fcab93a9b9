import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { openNodeDb } from '../../src/lib/db/node.ts';
import { prepareAll, evaluateAll } from '../../src/lib/policy/awards.ts';
import { listSql, type ListRow } from '../../src/lib/enterprises/list-sql.ts';
import { nearStepsSql } from '../../src/lib/policy/near-sql.ts';
import { firmSummarySql } from '../../src/lib/enterprises/firm-summary.ts';
import { nearMissTargets } from '../../src/lib/policy/near.ts';
import { DEFAULT_FILTERS } from '../../src/lib/enterprises/list-filters.ts';
import { loadFirm } from '../../src/lib/enterprises/profile-sql.ts';
import { buildPackageViews } from '../../src/lib/enterprises/profile.ts';
import { loadRows, firmId } from './helpers/dataset.ts';
import { packageById } from './helpers/packages.ts';

const pkg = packageById('changchun-2024q1');
const db = await openNodeDb();
afterAll(() => db.close());

const firm = (n: number) => ({ firm_id: firmId(n), name: `企业${n}`, district: '东城区', industry_code: '3311', registered_on: '2010-01-01', is_manufacturing: 1, dishonest_debtor: 0, major_accident_3y: 0 });
/** Four quarters adding up to `annual` (万元, two decimals), above scale. */
function year(n: number, y: number, annual: number) {
  const fen = Math.round(annual * 100);
  const q = Math.floor(fen / 4);
  return [1, 2, 3, 4].map((k) => {
    const v = ((k === 4 ? fen - 3 * q : q) / 100).toFixed(2);
    return { firm_id: firmId(n), period: `${y}Q${k}`, output_10k: v, sales_10k: v, above_scale: 1 };
  });
}

beforeAll(async () => {
  await loadRows(db, {
    enterprises: [1, 2, 3].map(firm),
    quarterly: [
      ...year(1, 2023, 10500), ...year(1, 2024, 49999.99), // passed 1亿 before; 0.01万 short of 5亿
      ...year(2, 2023, 10500), ...year(2, 2024, 12000), // passed 1亿 before: the 1亿 milestone is out of reach
      ...year(3, 2023, 9000), ...year(3, 2024, 9990) // 10万 short of a first 1亿
    ]
  });
  await prepareAll(db, [pkg]);
  await evaluateAll(db, [pkg]);
  const near = nearStepsSql([pkg]);
  await db.query(near.sql, near.params);
  await db.exec(firmSummarySql());
});

const near = async (wan: number) => {
  const { sql, params } = listSql({ ...DEFAULT_FILTERS, pkg: pkg.id, clause: 'c3-milestone', status: 'near', points: null, wan });
  return (await db.query<ListRow>(sql, params)).map((r) => r.firm_id).sort();
};

describe('near misses of a step with alternatives (changchun-2024q1 clause 3, first past 1亿 / 5亿 / ...)', () => {
  it('each tier is a way to the step; only minimums count as gaps, never an exceeded maximum', () => {
    const entry = nearMissTargets([pkg]).filter((t) => t.clause === 'c3-milestone' && t.from === '');
    expect(entry.map((t) => t.to)).toEqual(['step_1yi', 'step_5yi', 'step_10yi', 'step_50yi', 'step_100yi']);
    expect(entry[1].measurable).toEqual(['annual_output_5yi']);
    expect(entry[1].ids).toEqual(expect.arrayContaining(['above_scale_2024', 'annual_output_5yi', 'prior_max_5yi']));
  });

  it('0.01万 short of 5亿 after passing 1亿 before is a near miss of the 5亿 step, at 0.01万 and not below', async () => {
    expect(await near(0.01)).toEqual([firmId(1)]);
    expect(await near(0.009)).toEqual([]);
  });

  it('a firm that passed 1亿 before is no near miss of the 1亿 step however wide the tolerance, only of 5亿', async () => {
    expect(await near(10_000)).not.toContain(firmId(2));
    expect(await near(38_000)).toContain(firmId(2)); // 12000 -> 50000 is 38000万 short
  });

  it('10万 short of a first 1亿 is a near miss within 10万', async () => {
    expect(await near(10)).toEqual([firmId(1), firmId(3)]);
  });

  it('the profile names the closest tier in words', async () => {
    const data = await loadFirm(db, firmId(1), [pkg]);
    const [view] = buildPackageViews([pkg], data.awards, 'zh', { points: null, wan: 1 });
    const c3 = view.clauses.find((c) => c.id === 'c3-milestone')!;
    expect(c3.near).toBe(true);
    expect(c3.gaps.map((g) => g.text)).toEqual(['2024年产值达到5亿元差 0.01\u00a0万元，即可达到“首次突破5亿元”档']);
  });
});
