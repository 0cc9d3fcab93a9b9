import { describe, it, expect, afterAll } from 'vitest';
import { openNodeDb } from '../../src/lib/db/node.ts';
import { evaluateRows } from './helpers/policy-run.ts';
import { loadRows, firmId } from './helpers/dataset.ts';
import { packageById } from './helpers/packages.ts';

const db = await openNodeDb();
afterAll(() => db.close());
const firm = (n: number) => ({ firm_id: firmId(n), name: `企业${n}`, district: '湖滨区', industry_code: '3311', dishonest_debtor: 0, major_accident_3y: 0 });
const cert = (n: number, kind: string, on: string) => ({ firm_id: firmId(n), kind, granted_on: on });

async function run(id: string, certifications: ReturnType<typeof cert>[], firms: number) {
  const pkg = packageById(id);
  await loadRows(db, { enterprises: Array.from({ length: firms }, (_, i) => firm(i + 1)), certifications });
  return evaluateRows(db, pkg);
}
const award = (rows: Awaited<ReturnType<typeof run>>, n: number) => rows.find((r) => r.firm_id === firmId(n))!;

describe('sanmenxia-2022: 境内首发上市 500万, 新三板挂牌 80万, 中原股权交易中心交易板挂牌 20万 (listed in 2022)', () => {
  it('pays each market its amount, the highest when a firm lists twice in 2022, nothing for a 2021 or 2023 listing', async () => {
    const rows = await run('sanmenxia-2022', [
      cert(1, 'listing_ipo', '2022-12-31'),
      cert(2, 'listing_neeq', '2022-01-01'),
      cert(3, 'listing_regional', '2022-06-30'),
      cert(4, 'listing_regional', '2022-03-01'), cert(4, 'listing_neeq', '2022-09-01'),
      cert(5, 'listing_ipo', '2021-12-31'),
      cert(6, 'listing_neeq', '2023-01-01')
    ], 6);
    expect([1, 2, 3, 4].map((n) => award(rows, n))).toMatchObject([
      { status: 'paid', tier: 'listing_ipo', award_yuan: 5000000 },
      { status: 'paid', tier: 'listing_neeq', award_yuan: 800000 },
      { status: 'paid', tier: 'listing_regional', award_yuan: 200000 },
      { status: 'paid', tier: 'listing_neeq', award_yuan: 800000 }
    ]);
    expect([5, 6].map((n) => award(rows, n).status)).toEqual(['refused', 'refused']);
  });

  it('with no certification data loaded at all, listing awards are unknown', async () => {
    const rows = await run('sanmenxia-2022', [], 1);
    expect(award(rows, 1).status).toBe('unknown');
  });
});

describe('liaoyuan-industry item 21: 首发上市、新三板挂牌、吉林省区域性股权市场挂牌 100万 / 50万 / 10万', () => {
  it('pays the listing of 2024 by market', async () => {
    const rows = (await run('liaoyuan-industry', [cert(1, 'listing_ipo', '2024-05-01'), cert(2, 'listing_neeq', '2024-01-01'), cert(3, 'listing_regional', '2024-12-31'), cert(4, 'listing_ipo', '2023-12-31')], 4)).filter(
      (r) => r.clause === 'l21-listing'
    );
    expect([1, 2, 3, 4].map((n) => award(rows, n).award_yuan)).toEqual([1000000, 500000, 100000, 0]);
  });
});
