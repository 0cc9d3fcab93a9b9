import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { openNodeDb } from '../../src/lib/db/node.ts';
import { prepareAll, evaluateAll } from '../../src/lib/policy/awards.ts';
import { loadFirm, type FirmData } from '../../src/lib/enterprises/profile-sql.ts';
import { buildPackageViews, formatGap, type PackageView } from '../../src/lib/enterprises/profile.ts';
import { DEFAULT_TOLERANCE } from '../../src/lib/policy/near.ts';
import { clauseRef } from '../../src/lib/enterprises/messages.ts';
import { loadRows, firmId } from './helpers/dataset.ts';
import { allPackageIds, packageById } from './helpers/packages.ts';

const packages = allPackageIds().sort().map(packageById);
// clause 1's pool shrunk to 15万 so the one 30万 claim is paid pro rata
const SCENARIO = { 'changchun-2024q1': { c1_pool: 15 } };
const db = await openNodeDb();
afterAll(() => db.close());

function firm(n: number, extra: Record<string, unknown> = {}) {
  return { firm_id: firmId(n), name: `企业${n}`, district: '东城区', industry_code: '3670', registered_on: '2015-01-01', is_manufacturing: 1, dishonest_debtor: 0, major_accident_3y: 0, ...extra };
}
const q = (n: number, period: string, output: string) => ({ firm_id: firmId(n), period, output_10k: output, sales_10k: output, above_scale: 1, electricity_kwh: '100000.00' });

beforeAll(async () => {
  await loadRows(db, {
    enterprises: [1, 2, 3, 4, 5].map((n) => firm(n, n === 3 ? { dishonest_debtor: 1 } : {})),
    quarterly: [
      q(1, '2023Q1', '8000.00'), q(1, '2024Q1', '8639.99'), // one fen short of +8%
      q(2, '2023Q1', '6000.00'), q(2, '2024Q1', '6600.00'), // +10% and sales +600万: c2 20万 beats j1 6万 (就高)
      q(3, '2023Q1', '6000.00'), q(3, '2024Q1', '6600.00'), // 失信被执行人
      q(4, '2024Q1', '9000.00'), // no 2023Q1
      q(5, '2023Q1', '6000.00'), q(5, '2024Q1', '6100.00'),
      q(6, '2023Q1', '90000.00'), q(6, '2024Q1', '90000.00') // keeps the city growth low; not in the register
    ],
    spring_festival: [{ firm_id: firmId(5), year: 2024, continuous_days: 10, overtime_staff: 60, total_staff: 100 }]
  });
  await prepareAll(db, packages);
  await evaluateAll(db, packages, SCENARIO);
});

async function views(n: number, lang: 'zh' | 'en' = 'zh'): Promise<{ data: FirmData; pkgs: PackageView[] }> {
  const data = await loadFirm(db, firmId(n), packages, SCENARIO);
  return { data, pkgs: buildPackageViews(packages, data.awards, lang, DEFAULT_TOLERANCE) };
}
const clause = (pkgs: PackageView[], pkg: string, id: string) => pkgs.find((p) => p.id === pkg)!.clauses.find((c) => c.id === id)!;

describe('the firm profile, clause by clause', () => {
  it('lists every clause of every package with a status in words, and the not-computable clauses', async () => {
    const { pkgs } = await views(1);
    expect(pkgs.map((p) => p.id)).toEqual(packages.map((p) => p.id));
    for (const [i, pkg] of packages.entries()) {
      expect(pkgs[i].clauses.map((c) => c.id)).toEqual(pkg.clauses.map((c) => c.id));
      expect(pkgs[i].clauses.every((c) => c.status !== null && c.statusText.length > 1)).toBe(true);
      expect(pkgs[i].notComputable.length).toBe(pkg.notComputable.length);
    }
  });

  it('one fen short of +8% reads as a near miss in words, naming the condition and the tier', async () => {
    const c2 = clause((await views(1)).pkgs, 'changchun-2024q1', 'c2-capacity');
    expect(c2.status).toBe('refused');
    expect(c2.near).toBe(true);
    expect(c2.gaps.map((g) => g.text)).toEqual(['同比增速（8%档）差 0.0001\u00a0个百分点，即可达到“增速8%以上”档']);
    const en = clause((await views(1, 'en')).pkgs, 'changchun-2024q1', 'c2-capacity');
    expect(en.gaps[0].text).toBe('Year-on-year growth (8% tier): 0.0001\u00a0pp short of tier “Growth 8% or more”');
  });

  it('each condition shows the firm value against the threshold, never a failed ratio that reads as equal', async () => {
    const c2 = clause((await views(1)).pkgs, 'changchun-2024q1', 'c2-capacity');
    const growth = c2.groups[0].conditions.find((c) => c.id === 'growth_tier1')!;
    expect(growth).toMatchObject({ value: '7.9999%', opSymbol: '≥', threshold: '8.00%', pass: false });
    const output = c2.groups[0].conditions.find((c) => c.id === 'output_q1_above')!;
    expect(output).toMatchObject({ value: '8,639.99\u00a0万元', opSymbol: '>', threshold: '5,000.00\u00a0万元', pass: true });
  });

  it('a paid clause carries its amount and tier; a clause beaten across packages names the winner (就高)', async () => {
    const { pkgs } = await views(2);
    expect(clause(pkgs, 'changchun-2024q1', 'c2-capacity')).toMatchObject({ status: 'paid', awardYuan: 200000, tierText: '增速10%以上' });
    const j1 = clause(pkgs, 'jiangle-2024q1', 'j1-sales-growth');
    expect(j1.status).toBe('stacked');
    expect(j1.stackedBy).toContain('支持重点企业充分释放产能');
  });

  it('an excluded firm shows the exclusion and its reason', async () => {
    const pkg = (await views(3)).pkgs.find((p) => p.id === 'changchun-2024q1')!;
    expect(pkg.exclusion?.reasons).toEqual(['失信被执行人']);
    expect(pkg.exclusion?.sources[0].quote).toContain('失信被执行人');
    expect(pkg.clauses.every((c) => c.status === 'excluded' && c.awardYuan === 0)).toBe(true);
    // +10% would have earned clause 2's 20万 tier: the cost of the exclusion is said
    expect(pkg.clauses.find((c) => c.id === 'c2-capacity')!.explanation).toBe('若不属排除情形，本条款按规则应兑现 20.00\u00a0万元。');
  });

  it('an unknown names the missing data', async () => {
    const c2 = clause((await views(4)).pkgs, 'changchun-2024q1', 'c2-capacity');
    expect(c2.status).toBe('unknown');
    expect(c2.missing.join(' ')).toContain('数据缺失');
    expect(c2.gaps).toEqual([]);
  });

  it('a pooled clause shows the pool and the pro-rata effect: 30万 due, 15万 paid', async () => {
    const c1 = clause((await views(5)).pkgs, 'changchun-2024q1', 'c1-spring-festival');
    expect(c1).toMatchObject({ status: 'paid', awardYuan: 150000, cappedYuan: 300000 });
    expect(c1.pool?.text.join(' ')).toContain('按比例兑现 50.00%');
  });

  it('assumed parameters are listed with the clause, marked with their reason', async () => {
    const c1 = clause((await views(5)).pkgs, 'changchun-2024q1', 'c1-spring-festival');
    expect(c1.assumptions.map((a) => a.label)).toEqual(expect.arrayContaining(['第二档连续生产天数', '超额时分配方式']));
    expect(c1.assumptions.every((a) => a.note.length > 5)).toBe(true);
    expect(clause((await views(5)).pkgs, 'changchun-2024q1', 'c2-capacity').assumptions).toEqual([]);
  });

  it('a firm only in the quarterly data still has a profile; an unknown id has none', async () => {
    const { data } = await views(6);
    expect(data.firm).toMatchObject({ firm_id: firmId(6), in_register: false });
    expect(data.quarters.map((x) => x.period)).toEqual(['2023Q1', '2024Q1']);
    expect((await loadFirm(db, "9122' OR 1=1 --", packages, SCENARIO)).firm).toBeNull();
  });

  it('gaps keep enough decimals to be non-zero', () => {
    expect(formatGap(0.00000125, 'ratio', 'zh')).toBe('0.0001\u00a0个百分点');
    expect(formatGap(0.004, 'ratio', 'en')).toBe('0.40\u00a0pp');
    expect(formatGap(0.01, 'money', 'zh')).toBe('0.01\u00a0万元');
  });

  it('clause references read in English as the packages cite them in Chinese', () => {
    expect(clauseRef('条款1（二）', 'en')).toBe('Clause 1 (2)');
    expect(clauseRef('八', 'en')).toBe('Item 8');
    expect(clauseRef('附则（三）', 'en')).toBe('Supplementary provisions (3)');
    expect(clauseRef('1-2,10,15', 'en')).toBe('Items 1-2, 10, 15');
    expect(clauseRef('条款1（二）', 'zh')).toBe('条款1（二）');
  });
});
