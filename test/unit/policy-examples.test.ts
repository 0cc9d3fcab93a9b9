/**
 * Every worked example written beside a clause in data/policies/*.yaml, run through the evaluation the
 * app and the CLI use. The examples are the clauses' boundary cases (exactly at a threshold, one fen or
 * one unit below, 以上 vs 高于 ...) with the expected yuan worked out by hand from the seed text.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { openNodeDb } from '../../src/lib/db/node.ts';
import { runExample } from '../../src/lib/policy/examples.ts';
import { allPackageIds, packageById } from './helpers/packages.ts';

const db = await openNodeDb();
afterAll(() => db.close());

for (const id of allPackageIds()) {
  const pkg = packageById(id);
  describe(`${id} examples`, () => {
    for (const clause of pkg.clauses) {
      it(`${clause.id} has worked examples on both sides of its thresholds`, () => {
        expect(clause.examples.length).toBeGreaterThanOrEqual(2);
        expect(clause.examples.some((e) => (e.expect.award_yuan ?? 0) > 0 || e.expect.status === 'paid')).toBe(true);
        expect(clause.examples.some((e) => e.expect.status !== undefined && e.expect.status !== 'paid')).toBe(true);
      });
      for (const ex of clause.examples) {
        it(`${clause.id}: ${ex.name}`, async () => {
          const outcome = await runExample(db, pkg, clause.id, ex);
          expect(outcome.problems).toEqual([]);
        });
      }
    }
  });
}
