import { describe, it, expect, afterAll } from 'vitest';
import { openNodeDb } from '../../src/lib/db/node.ts';
import { evaluateRows } from './helpers/policy-run.ts';
import { referenceEvaluate } from '../../src/lib/policy/reference.ts';
import { loadRows } from './helpers/dataset.ts';
import { allPackageIds, packageById } from './helpers/packages.ts';
import { randomData, randomOverrides } from './helpers/random-data.ts';

const db = await openNodeDb();
afterAll(() => db.close());

describe('the SQL engine equals the plain-TypeScript reference evaluator, award for award', () => {
  for (const id of allPackageIds()) {
    it(`${id}: 12 random data sets with random parameter overrides`, async () => {
      const pkg = packageById(id);
      let paid = 0;
      for (let seed = 1; seed <= 12; seed++) {
        const data = randomData(seed);
        await loadRows(db, data);
        const values = seed % 3 === 0 ? {} : randomOverrides(pkg, seed);
        const sql = (await evaluateRows(db, pkg, values)).map((r) => ({ firm_id: r.firm_id, clause: r.clause, status: r.status, tier: r.tier, award_yuan: r.award_yuan }));
        const ref = referenceEvaluate(pkg, data, values);
        const key = (x: { firm_id: string; clause: string }) => `${x.clause}|${x.firm_id}`;
        const sort = <T extends { firm_id: string; clause: string }>(xs: T[]) => [...xs].sort((a, b) => (key(a) < key(b) ? -1 : 1));
        expect(sort(sql), `seed ${seed}, overrides ${JSON.stringify(values)}`).toEqual(sort(ref));
        paid += sql.filter((r) => r.status === 'paid').length;
      }
      expect(paid, 'the random data sets pay some award, so the comparison is not vacuous').toBeGreaterThan(0);
    });
  }
});
