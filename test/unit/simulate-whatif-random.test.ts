/**
 * The what-if page's whole answer (kernel + baseline deltas) equals the same answer computed the long way in
 * SQL: the scenario's packages evaluated afresh into their own view and compared with the baseline row by
 * row, on the sample with every package in force, for random scenarios (overrides in several packages,
 * clauses switched off, a package re-based).
 */
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { openNodeDb } from '../../src/lib/db/node.ts';
import type { Db, Row } from '../../src/lib/db/types.ts';
import { prepareAll, evaluateAll } from '../../src/lib/policy/awards.ts';
import { applyScenario } from '../../src/lib/simulate/apply.ts';
import { baselineScenario, type ScenarioDoc } from '../../src/lib/simulate/scenario.ts';
import { outlayOf, prepareScenario, readAhead, runWhatIf, simBase, totalsOf, CHANGE_ROWS } from '../../src/lib/simulate/whatif.ts';
import { loadSample } from './helpers/sample.ts';
import { packageById, rebasedPackageById, allPackageIds } from './helpers/packages.ts';
import { randomOverrides, rng } from './helpers/random-data.ts';

const ALL = allPackageIds().map(packageById);
const rebase = (id: string, periods: Record<string, number>) => rebasedPackageById(id, periods);
let db: Db;
const prepared = new Set<string>();
const n = (v: unknown) => Number(v ?? 0);

function randomScenario(seed: number): ScenarioDoc {
  const r = rng(seed);
  const doc = baselineScenario(ALL.map((p) => p.id));
  for (const p of ALL) if (r.chance(0.5)) doc.set[p.id] = randomOverrides(p, seed * 31 + p.clauses.length) as Record<string, number>;
  if (r.chance(0.5)) {
    const p = r.pick(ALL);
    doc.off[p.id] = [r.pick(p.clauses).id];
  }
  if (seed % 4 === 0) doc.periods['changchun-2024q1'] = { year: 2023 };
  return doc;
}

/** The answer the long way: every firm's total over all packages, before (awards) and after (`now`). */
async function longWay(now: string) {
  const clauses = await db.query(`SELECT package, clause, SUM(award_yuan)::BIGINT AS now_yuan, count(*) FILTER (WHERE status = 'paid')::INTEGER AS now_recipients,
      count(*) FILTER (WHERE status = 'unknown')::INTEGER AS unknown, count(*) FILTER (WHERE status = 'unknown' AND capped_yuan IS NULL)::INTEGER AS unbounded,
      max(pool_yuan)::BIGINT AS pool_yuan, COALESCE(SUM(capped_yuan) FILTER (WHERE status IN ('paid', 'pool_exhausted')), 0)::BIGINT AS claimed_yuan
    FROM ${now} GROUP BY ALL`);
  const firms = `WITH b AS (SELECT firm_id, SUM(award_yuan) AS y, bool_or(status = 'paid') AS paid, bool_or(status = 'unknown') AS unk FROM awards GROUP BY 1),
      n AS (SELECT firm_id, SUM(award_yuan) AS y, bool_or(status = 'paid') AS paid, bool_or(status = 'unknown') AS unk FROM ${now} GROUP BY 1)
    SELECT firm_id, COALESCE(b.y, 0)::BIGINT AS base_yuan, COALESCE(n.y, 0)::BIGINT AS now_yuan, COALESCE(b.paid, FALSE) AS bp, COALESCE(n.paid, FALSE) AS np,
      COALESCE(b.unk, FALSE) AND NOT COALESCE(b.paid, FALSE) AS bo, COALESCE(n.unk, FALSE) AND NOT COALESCE(n.paid, FALSE) AS no FROM b FULL JOIN n USING (firm_id)`;
  const [c] = await db.query(`SELECT count(*) FILTER (WHERE NOT bp AND np)::INTEGER AS "new", count(*) FILTER (WHERE bp AND NOT np)::INTEGER AS dropped,
      count(*) FILTER (WHERE bp AND np AND now_yuan > base_yuan)::INTEGER AS gain, count(*) FILTER (WHERE bp AND np AND now_yuan < base_yuan)::INTEGER AS lose,
      count(*) FILTER (WHERE np)::INTEGER AS recipients, count(*) FILTER (WHERE no)::INTEGER AS open FROM (${firms})`);
  const rows = await db.query(`SELECT f.firm_id, base_yuan, now_yuan FROM (${firms}) f WHERE now_yuan <> base_yuan OR bp <> np ORDER BY abs(now_yuan - base_yuan) DESC, f.firm_id LIMIT ${CHANGE_ROWS}`);
  const groups = async (key: string) =>
    db.query(`SELECT ${key} AS key, p.firm_id IS NULL AS other, SUM(award_yuan)::BIGINT AS yuan FROM ${now} a LEFT JOIN firm_profile p USING (firm_id) GROUP BY ALL`);
  return { clauses, counts: c, rows, districts: await groups('p.district'), industries: await groups('p.industry_division') };
}

describe('the what-if equals the long way in SQL on random scenarios (sample city, every package in force)', () => {
  beforeAll(async () => {
    db = await openNodeDb();
    await loadSample(db);
    await prepareAll(db, ALL);
    await evaluateAll(db, ALL);
  }, 120_000);
  afterAll(() => db.close());

  for (let seed = 1; seed <= 8; seed++) {
    it(`scenario ${seed}`, async () => {
      const doc = randomScenario(seed);
      const applied = applyScenario(doc, ALL, rebase);
      await prepareScenario(db, applied.packages, prepared);
      const base = await simBase(db, 'random');
      const r = await runWhatIf(db, applied, base);
      await evaluateAll(db, applied.packages, applied.overrides, 'check_now');
      const want = await longWay('check_now');
      const what = JSON.stringify(doc);

      const byName = (a: { package?: unknown; clause?: unknown }, b: { package?: unknown; clause?: unknown }) => (`${a.package}|${a.clause}` < `${b.package}|${b.clause}` ? -1 : 1);
      const got = r.clauses.filter((c) => want.clauses.some((w) => w.package === c.package && w.clause === c.clause)).sort(byName);
      expect(got.map((c) => [c.package, c.clause, c.now_yuan, c.now_recipients, c.unknown, c.unbounded, c.pool_yuan, c.claimed_yuan]), what).toEqual(
        [...want.clauses].sort(byName).map((w: Row) => [w.package, w.clause, n(w.now_yuan), n(w.now_recipients), n(w.unknown), n(w.unbounded), w.pool_yuan === null ? null : n(w.pool_yuan), n(w.claimed_yuan)])
      );
      for (const c of r.clauses.filter((c) => !got.includes(c))) expect(c.now_yuan, `${c.clause} is switched off`).toBe(0);
      expect(r.changes.counts, what).toEqual({ new: n(want.counts.new), dropped: n(want.counts.dropped), gain: n(want.counts.gain), lose: n(want.counts.lose) });
      expect(r.total.now_recipients).toBe(n(want.counts.recipients));
      expect(r.total.unknown_firms).toBe(n(want.counts.open));
      expect(r.changes.rows.map((x) => [x.firm_id, x.base_yuan, x.now_yuan])).toEqual(want.rows.map((x) => [x.firm_id, n(x.base_yuan), n(x.now_yuan)]));
      for (const [mine, theirs] of [[r.districts, want.districts], [r.industries, want.industries]] as const)
        for (const w of theirs) expect(mine.find((g) => g.other === w.other && g.key === (w.key ?? null))?.now_yuan, String(w.key)).toBe(n(w.yuan));

      expect(await outlayOf(db, applied, base)).toEqual({ outlay_yuan: r.total.now_yuan, recipients: r.total.now_recipients });
      const totals = await totalsOf(db, applied, base);
      expect(totals.recipients).toBe(r.total.now_recipients);
      expect(totals.clauses.reduce((a, c) => a + c.outlay_yuan, 0)).toBe(r.total.now_yuan);
      const one = want.clauses.find((w) => n(w.now_recipients) > 0)!;
      const [scoped] = await db.query(`SELECT SUM(award_yuan)::BIGINT AS y, count(DISTINCT firm_id) FILTER (WHERE status = 'paid')::INTEGER AS f FROM check_now WHERE package = $1 AND clause = $2`, [one.package as string, one.clause as string]);
      expect(await outlayOf(db, applied, base, { package: String(one.package), clause: String(one.clause) })).toEqual({ outlay_yuan: n(scoped.y), recipients: n(scoped.f) });
    });
  }

  it('gives the same answers when earlier edits come back (kept stacking, pool and 就高 outcomes), package by package', async () => {
    const base = await simBase(db, 'random');
    await readAhead(db, applyScenario(baselineScenario(ALL.map((p) => p.id)), ALL, rebase), base);
    for (const doc of [randomScenario(3), randomScenario(5), randomScenario(3), baselineScenario(ALL.map((p) => p.id)), randomScenario(5)]) {
      const applied = applyScenario(doc, ALL, rebase);
      await prepareScenario(db, applied.packages, prepared);
      await evaluateAll(db, applied.packages, applied.overrides, 'check_now');
      for (const pkg of applied.packages) {
        const [want] = await db.query(`SELECT COALESCE(SUM(award_yuan), 0)::BIGINT AS y, count(DISTINCT firm_id) FILTER (WHERE status = 'paid')::INTEGER AS f FROM check_now WHERE package = $1`, [pkg.id]);
        expect(await outlayOf(db, applied, base, { package: pkg.id }), `${pkg.id} ${JSON.stringify(doc)}`).toEqual({ outlay_yuan: n(want.y), recipients: n(want.f) });
      }
    }
  });
});
