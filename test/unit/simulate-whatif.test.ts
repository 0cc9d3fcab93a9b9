import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { openNodeDb } from '../../src/lib/db/node.ts';
import type { Db } from '../../src/lib/db/types.ts';
import { prepareAll, evaluateAll } from '../../src/lib/policy/awards.ts';
import { totalsByClause } from '../../src/lib/policy/totals.ts';
import { applyScenario } from '../../src/lib/simulate/apply.ts';
import { baselineScenario, parseScenario, type ScenarioDoc } from '../../src/lib/simulate/scenario.ts';
import { outlayOf, prepareScenario, runWhatIf, simBase } from '../../src/lib/simulate/whatif.ts';
import { loadSample } from './helpers/sample.ts';
import { packageById, rebasedPackageById, allPackageIds } from './helpers/packages.ts';

const ALL = allPackageIds().map(packageById);
const rebase = (id: string, periods: Record<string, number>) => rebasedPackageById(id, periods);
const CC = 'changchun-2024q1';

let db: Db;
const prepared = new Set<string>();

/** The scenario's outlay by clause evaluated the long way: its packages evaluated afresh into their own view. */
async function independentTotals(doc: ScenarioDoc, name: string) {
  const applied = applyScenario(doc, ALL, rebase);
  await prepareScenario(db, applied.packages, prepared);
  await evaluateAll(db, applied.packages, applied.overrides, name);
  return totalsByClause(db, name);
}

async function whatIf(doc: ScenarioDoc) {
  const applied = applyScenario(parseScenario(doc, ALL), ALL, rebase);
  await prepareScenario(db, applied.packages, prepared);
  return runWhatIf(db, applied, await simBase(db, 'test'));
}

describe('what-if against the baseline (sample city, one package in force)', () => {
  beforeAll(async () => {
    db = await openNodeDb();
    await loadSample(db);
    const inForce = [packageById(CC)];
    await prepareAll(db, inForce);
    await evaluateAll(db, inForce);
  }, 120_000);
  afterAll(() => db.close());

  it('the published text changes nothing', async () => {
    const r = await whatIf(baselineScenario([CC]));
    const base = await totalsByClause(db);
    expect(r.evaluated).toEqual([]);
    expect(r.total.now_yuan).toBe(base.reduce((a, t) => a + t.outlay_yuan, 0));
    expect(r.total.now_yuan).toBe(r.total.base_yuan);
    expect(r.changes.counts).toEqual({ new: 0, dropped: 0, gain: 0, lose: 0 });
    expect(r.clauses.map((c) => [c.clause, c.now_yuan])).toEqual(base.map((t) => [t.clause, t.outlay_yuan]));
  });

  it('a lower growth tier pays what a fresh evaluation with that value pays, clause by clause', async () => {
    const doc = { ...baselineScenario([CC]), set: { [CC]: { c2_tier1_growth: 0.07 } } };
    const r = await whatIf(doc);
    const fresh = await independentTotals(doc, 'check_a');
    expect(r.clauses.map((c) => [c.clause, c.now_yuan, c.now_recipients])).toEqual(fresh.map((t) => [t.clause, t.outlay_yuan, t.recipients]));
    expect(r.total.now_yuan).toBeGreaterThan(r.total.base_yuan);
    // districts and recipients as the fresh evaluation has them
    const byDistrict = await db.query<{ key: string | null; yuan: number }>(
      `SELECT p.district AS key, SUM(a.award_yuan)::BIGINT AS yuan FROM check_a a LEFT JOIN firm_profile p USING (firm_id) WHERE p.firm_id IS NOT NULL GROUP BY 1`
    );
    for (const d of byDistrict) expect(r.districts.find((g) => !g.other && g.key === d.key)?.now_yuan, String(d.key)).toBe(Number(d.yuan));
    const baseByDistrict = await db.query<{ key: string | null; yuan: number }>(
      `SELECT p.district AS key, SUM(a.award_yuan)::BIGINT AS yuan FROM awards a LEFT JOIN firm_profile p USING (firm_id) WHERE p.firm_id IS NOT NULL GROUP BY 1`
    );
    for (const d of baseByDistrict) expect(r.districts.find((g) => !g.other && g.key === d.key)?.base_yuan, String(d.key)).toBe(Number(d.yuan));
    const [{ firms }] = await db.query<{ firms: number }>(`SELECT count(DISTINCT firm_id) FILTER (WHERE status = 'paid')::INTEGER AS firms FROM check_a`);
    expect(r.total.now_recipients).toBe(firms);
    // every firm that changed gained: a lower threshold only adds
    expect(r.changes.counts.lose + r.changes.counts.dropped).toBe(0);
    const delta = r.changes.rows.reduce((a, f) => a + f.now_yuan - f.base_yuan, 0);
    if (r.changes.counts.new + r.changes.counts.gain <= r.changes.rows.length) expect(delta).toBe(r.total.now_yuan - r.total.base_yuan);
    expect(await outlayOf(db, applyScenario(doc, ALL, rebase), await simBase(db, 'test'))).toEqual({ outlay_yuan: r.total.now_yuan, recipients: r.total.now_recipients });
  });

  it('an added 15% tier pays 30万 instead of 20万 to exactly the tier-2 firms that grew 15% or more', async () => {
    const doc = {
      ...baselineScenario([CC]),
      tiers: { [CC]: { 'c2-capacity': [{ id: 'growth8' }, { id: 'growth10' }, { id: 'added-1', like: 'growth10', threshold: 0.15, amount: 30 }] } }
    };
    const r = await whatIf(doc);
    // independent count: paid at tier 2 in the baseline, Q1 growth >= 15% in integers (cur x 100 >= base x 115)
    const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM awards a
      JOIN quarterly c ON c.firm_id = a.firm_id AND c.period = '2024Q1' JOIN quarterly b ON b.firm_id = a.firm_id AND b.period = '2023Q1'
      WHERE a.clause = 'c2-capacity' AND a.status = 'paid' AND a.tier = 'growth10' AND CAST(round(c.output_10k * 100) AS HUGEINT) * 100 >= CAST(round(b.output_10k * 100) AS HUGEINT) * 115`);
    expect(n).toBeGreaterThan(0);
    const c2 = r.clauses.find((c) => c.clause === 'c2-capacity')!;
    expect(c2.now_yuan - c2.base_yuan).toBe(n * 100_000);
    expect(c2.now_recipients).toBe(c2.base_recipients);
    expect(r.changes.counts.gain).toBe(n);
  });

  it('a clause switched off removes exactly its outlay when it stacks with nothing', async () => {
    const pkg = packageById(CC);
    const clause = pkg.clauses.find((c) => !pkg.stacking.some((g) => g.clauses.includes(c.id)) && !c.pool)!;
    const r = await whatIf({ ...baselineScenario([CC]), off: { [CC]: [clause.id] } });
    const base = (await totalsByClause(db)).find((t) => t.clause === clause.id)!;
    expect(base.outlay_yuan).toBeGreaterThan(0);
    expect(r.total.base_yuan - r.total.now_yuan).toBe(base.outlay_yuan);
    expect(r.clauses.find((c) => c.clause === clause.id)!.now_yuan).toBe(0);
  });

  it('re-basing onto 2023 equals a fresh evaluation of the package compiled for 2023, beside the baseline tables', async () => {
    const doc = { ...baselineScenario([CC]), periods: { [CC]: { year: 2023 } } };
    const r = await whatIf(doc);
    const fresh = await independentTotals(doc, 'check_b');
    expect(r.total.now_yuan).toBe(fresh.reduce((a, t) => a + t.outlay_yuan, 0));
    expect(r.total.now_yuan).not.toBe(r.total.base_yuan);
    // the baseline's own tables are untouched
    expect((await whatIf(baselineScenario([CC]))).total.now_yuan).toBe(r.total.base_yuan);
  });

  it('the outlay range: at least what is paid; at most that plus every unknown assessment qualifying', async () => {
    const r = await whatIf(baselineScenario([CC]));
    for (const c of r.clauses) {
      expect(c.upper_yuan).toBeGreaterThanOrEqual(c.now_yuan);
      if (c.unknown === 0) expect(c.upper_yuan).toBe(c.now_yuan);
      if (c.pool_yuan !== null) expect(c.upper_yuan).toBeLessThanOrEqual(Math.max(c.pool_yuan, c.now_yuan));
    }
  });
});
