/**
 * The `awards` view and its twin for reading a few firms (byFirmView) hold the same rows: every column of every
 * (package, firm, clause) row on the sample, all packages evaluated together (就高 across packages included).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { openNodeDb } from '../../src/lib/db/node.ts';
import { ident, type Db } from '../../src/lib/db/types.ts';
import { byFirmView } from '../../src/lib/policy/awards.ts';
import { loadAllPackages } from '../../scripts/lib/policies.ts';
import { evaluatedSample } from './helpers/sample.ts';

describe('the awards view read by clause and by firm', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openNodeDb();
    await evaluatedSample(db, loadAllPackages());
  }, 60_000);
  afterAll(() => db?.close());

  it('have the same columns and the same rows', async () => {
    const columns = (v: string) => db.query(`SELECT column_name, column_type FROM (DESCRIBE ${ident(v)})`);
    expect(await columns(byFirmView('awards'))).toEqual(await columns('awards'));
    const [diff] = await db.query<{ n: number; only_view: number; only_twin: number }>(
      `SELECT (SELECT count(*) FROM awards)::INTEGER AS n,
         (SELECT count(*) FROM (SELECT * FROM awards EXCEPT ALL SELECT * FROM ${ident(byFirmView('awards'))}))::INTEGER AS only_view,
         (SELECT count(*) FROM (SELECT * FROM ${ident(byFirmView('awards'))} EXCEPT ALL SELECT * FROM awards))::INTEGER AS only_twin`
    );
    expect(diff).toEqual({ n: 229_748, only_view: 0, only_twin: 0 });
    const stacked = await db.query(`SELECT count(*)::INTEGER AS n FROM ${ident(byFirmView('awards'))} WHERE status = 'stacked' AND stacked_by LIKE '%:%'`);
    expect(stacked[0].n).toBeGreaterThan(0); // 就高 across packages is in the twin too
  });
});
