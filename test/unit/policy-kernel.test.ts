/**
 * The what-if kernel equals the SQL engine, (firm, clause) for (firm, clause): status, tier, amount after
 * floor and cap, award, who stacked it and the pool, on random data near the thresholds with random
 * parameter overrides, with claims, with every package together (就高 across packages) and on the sample.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { openNodeDb } from '../../src/lib/db/node.ts';
import type { Db } from '../../src/lib/db/types.ts';
import type { Package } from '../../src/lib/policy/schema.ts';
import { evaluateAll, prepareAll, type Scenario } from '../../src/lib/policy/awards.ts';
import { STATUSES, type KernelTable } from '../../src/lib/policy/kernel.ts';
import { applyAcross, evaluateKernel } from '../../src/lib/policy/kernel-evaluate.ts';
import { loadKernelTable } from '../../src/lib/policy/kernel-data.ts';
import { loadRows } from './helpers/dataset.ts';
import { allPackageIds, packageById, rebasedPackageById } from './helpers/packages.ts';
import { randomData, randomOverrides } from './helpers/random-data.ts';
import { withClaims } from './helpers/random-claims.ts';
import { claimsPackage } from './helpers/claims-package.ts';
import { loadSample } from './helpers/sample.ts';
import { metricColumn, metricsTable } from '../../src/lib/policy/metrics-sql.ts';

const db = await openNodeDb();
afterAll(() => db.close());

const COLUMNS = ['package', 'firm_id', 'clause', 'status', 'tier', 'capped_yuan', 'award_yuan', 'stacked_by', 'pool_yuan'] as const;
type Row = Record<(typeof COLUMNS)[number], string | number | null>;
const key = (r: Row) => `${r.package}|${r.clause}|${r.firm_id}`;
const sorted = (rows: Row[]) => [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

async function sqlRows(database: Db, packages: Package[], scenario: Scenario): Promise<Row[]> {
  await prepareAll(database, packages);
  await evaluateAll(database, packages, scenario);
  const rows = await database.query(`SELECT ${COLUMNS.join(', ')} FROM awards`);
  return sorted(rows.map((r) => Object.fromEntries(COLUMNS.map((c) => [c, r[c] ?? null])) as Row));
}

async function kernelRows(database: Db, packages: Package[], scenario: Scenario, tables?: KernelTable[]): Promise<Row[]> {
  const results = [];
  for (const [i, p] of packages.entries()) results.push(evaluateKernel(p, scenario[p.id] ?? {}, tables?.[i] ?? (await loadKernelTable(database, p))));
  applyAcross(packages, results);
  return sorted(
    results.flatMap((r, i) =>
      r.clauses.flatMap((c) =>
        r.ids.map((firm_id, row) => ({
          package: packages[i].id,
          firm_id,
          clause: c.id,
          status: STATUSES[c.status[row]],
          tier: c.tier?.[row] ?? null,
          capped_yuan: Number.isNaN(c.capped[row]) ? null : c.capped[row],
          award_yuan: c.award[row],
          stacked_by: c.stackedBy!.get(row) ?? null,
          pool_yuan: c.pool
        }))
      )
    )
  );
}

/** Both engines on the loaded data; returns how many awards were paid (so no comparison is vacuous). */
async function same(packages: Package[], scenario: Scenario, what: string, tables?: KernelTable[]): Promise<number> {
  const sql = await sqlRows(db, packages, scenario);
  const kernel = await kernelRows(db, packages, scenario, tables);
  expect(kernel.length, what).toBe(sql.length);
  for (let i = 0; i < sql.length; i++) if (JSON.stringify(kernel[i]) !== JSON.stringify(sql[i])) expect(kernel[i], `${what}: row ${i}`).toEqual(sql[i]);
  return sql.filter((r) => r.status === 'paid').length;
}

describe('the what-if kernel equals the SQL engine, award for award', () => {
  for (const id of allPackageIds()) {
    it(`${id}: 12 random data sets with random parameter overrides`, async () => {
      const pkg = packageById(id);
      let paid = 0;
      for (let seed = 1; seed <= 12; seed++) {
        await loadRows(db, randomData(seed));
        const values = seed % 3 === 0 ? {} : randomOverrides(pkg, seed + 100);
        paid += await same([pkg], { [id]: values }, `seed ${seed}, overrides ${JSON.stringify(values)}`);
      }
      expect(paid).toBeGreaterThan(0);
    });
  }

  it('claims, townships and departments: 12 random data sets with claims, 2 without any', async () => {
    const pkg = claimsPackage();
    let paid = 0;
    for (let seed = 1; seed <= 14; seed++) {
      const base = randomData(seed, 30);
      await loadRows(db, (seed <= 12 ? withClaims(base, seed) : base) as never);
      const values = seed % 2 === 0 ? randomOverrides(pkg, seed) : {};
      paid += await same([pkg], { [pkg.id]: values }, `seed ${seed}, overrides ${JSON.stringify(values)}`);
    }
    expect(paid).toBeGreaterThan(0);
  });

  it('pools allocated by rank: envelopes that end exactly on a claim, ties and missing ranks; and pro rata', async () => {
    const pkg = packageById('changchun-2024q1');
    const pools = pkg.clauses.filter((c) => c.pool?.rankBy);
    let exact = 0, exhausted = 0;
    for (let seed = 31; seed <= 42; seed++) {
      await loadRows(db, randomData(seed, 80));
      const open = Object.fromEntries(pools.flatMap((c) => [[c.pool!.allocation.param, 'rank'], [c.pool!.amount.param, 1_000_000]]));
      await sqlRows(db, [pkg], { [pkg.id]: open });
      const scenario: Record<string, string | number> = { ...open };
      for (const c of pools) {
        // the claims in rank order; the envelope set to the running total at some claim (or a small one)
        const claims = await db.query<{ capped_yuan: number }>(
          `SELECT a.capped_yuan FROM awards a JOIN ${metricsTable(pkg)} m USING (firm_id) WHERE a.clause = $1 AND a.status = 'paid'
           ORDER BY m.${metricColumn(c.pool!.rankBy!)} DESC NULLS LAST, firm_id`,
          [c.id]
        );
        let running = 0;
        const ends = claims.slice(0, -1).map((x) => (running += Number(x.capped_yuan))).filter((y) => y % 100 === 0);
        scenario[c.pool!.amount.param] = ends.length ? ends[seed % ends.length] / 10000 : 20;
        if (ends.length) exact++;
        if (seed % 4 === 0) scenario[c.pool!.allocation.param] = 'pro_rata';
      }
      await same([pkg], { [pkg.id]: scenario }, `seed ${seed}, ${JSON.stringify(scenario)}`);
      exhausted += (await db.query(`SELECT count(*)::INTEGER AS n FROM awards WHERE status = 'pool_exhausted'`))[0].n as number;
    }
    expect(exact, 'some envelope ends exactly on a claim').toBeGreaterThan(3);
    expect(exhausted, 'some claim finds its pool used up').toBeGreaterThan(0);
  });

  it('one table, scenario after scenario: a clause computed for other values is never reused for these', async () => {
    const packages = allPackageIds().map(packageById);
    await loadRows(db, randomData(51, 60));
    await prepareAll(db, packages);
    const tables = await Promise.all(packages.map((p) => loadKernelTable(db, p)));
    const scenarios = [1, 2, 1, 3, 0, 2, 0].map((k) => (k ? Object.fromEntries(packages.map((p, i) => [p.id, randomOverrides(p, k * 100 + i)])) : {}));
    for (const [i, scenario] of scenarios.entries()) await same(packages, scenario, `scenario ${i}`, tables);
  });

  it('every package together (就高 across packages), 6 random data sets with overrides in each package', async () => {
    const packages = allPackageIds().map(packageById);
    let stacked = 0;
    for (let seed = 21; seed <= 26; seed++) {
      await loadRows(db, randomData(seed, 60));
      const scenario = Object.fromEntries(packages.map((p, i) => [p.id, seed % 2 ? randomOverrides(p, seed * 10 + i) : {}]));
      await same(packages, scenario, `seed ${seed}`);
      stacked += (await db.query(`SELECT count(*)::INTEGER AS n FROM awards WHERE status = 'stacked'`))[0].n as number;
    }
    expect(stacked, 'some award is stacked, so stacking and 就高 are compared').toBeGreaterThan(0);
  });

  it('the committed sample: every package at its published values, and re-based to 2023', async () => {
    await loadSample(db);
    const packages = allPackageIds().map(packageById);
    expect(await same(packages, {}, 'sample')).toBeGreaterThan(1000);
    const rebased = [rebasedPackageById('changchun-2024q1', { year: 2023 })];
    expect(await same(rebased, {}, 'sample, 2023')).toBeGreaterThan(100);
  });
});
