/**
 * The SQL engine equals the plain-TypeScript reference evaluator on packages over the claims table:
 * random claims near the boundaries (dates at the ends of the range, amounts at the thresholds, records
 * without a counterparty or with a field missing, townships and departments) on top of random firms,
 * with random parameter overrides, and with no claims loaded at all.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { openNodeDb } from '../../src/lib/db/node.ts';
import { evaluateRows } from './helpers/policy-run.ts';
import { referenceEvaluate } from '../../src/lib/policy/reference.ts';
import { loadRows } from './helpers/dataset.ts';
import { randomData, randomOverrides } from './helpers/random-data.ts';
import { withClaims } from './helpers/random-claims.ts';
import { claimsPackage } from './helpers/claims-package.ts';

const db = await openNodeDb();
afterAll(() => db.close());

describe('claims: the SQL engine equals the reference evaluator, award for award', () => {
  const pkg = claimsPackage();
  it('on 16 random data sets with claims (some with random overrides) and 4 without any', async () => {
    let paid = 0;
    const clausesPaid = new Set<string>();
    for (let seed = 1; seed <= 20; seed++) {
      const base = randomData(seed, 30);
      const data = seed <= 16 ? withClaims(base, seed) : base;
      await loadRows(db, data as never);
      const values = seed % 2 === 0 ? randomOverrides(pkg, seed) : {};
      const sql = (await evaluateRows(db, pkg, values)).map((x) => ({ firm_id: x.firm_id, clause: x.clause, status: x.status, tier: x.tier, award_yuan: Number(x.award_yuan) }));
      const ref = referenceEvaluate(pkg, data, values);
      const key = (x: { firm_id: string; clause: string }) => `${x.clause}|${x.firm_id}`;
      const sort = <T extends { firm_id: string; clause: string }>(xs: T[]) => [...xs].sort((a, b) => (key(a) < key(b) ? -1 : 1));
      expect(sort(sql), `seed ${seed}, overrides ${JSON.stringify(values)}`).toEqual(sort(ref));
      for (const x of sql) if (x.status === 'paid') (paid++, clausesPaid.add(x.clause));
    }
    expect(paid).toBeGreaterThan(0);
    expect([...clausesPaid].sort(), 'every clause pays someone somewhere, so no comparison is vacuous').toEqual(pkg.clauses.map((c) => c.id).sort());
  });
});
