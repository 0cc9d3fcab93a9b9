import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openNodeDb } from '../../src/lib/db/node.ts';
import { loadFiles } from '../../src/lib/ingest/load.ts';
import { prepareAll, evaluateAll, compileAll, type Scenario } from '../../src/lib/policy/awards.ts';
import { awardsWithEvidenceSql, firmsWithStatus, oneFirm, type FirmSelection } from '../../src/lib/policy/evidence.ts';
import { loadAllPackages } from '../../scripts/lib/policies.ts';

const SAMPLE = join(import.meta.dirname, '../../data/sample');
const packages = loadAllPackages();
const db = await openNodeDb();
afterAll(() => db.close());

beforeAll(async () => {
  const files = readdirSync(SAMPLE).filter((f) => f.endsWith('.parquet')).map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(SAMPLE, name))) }));
  expect((await loadFiles(db, files)).errorCount).toBe(0);
  await prepareAll(db, packages);
}, 120_000);

const KEY = 'package, firm_id, clause';
const COLS = `${KEY}, status, award_yuan::BIGINT AS award_yuan, to_json(evidence)::VARCHAR AS evidence, to_json(exclusion_evidence)::VARCHAR AS exclusion_evidence`;

/** The rows of the full evaluation with evidence for every (firm, clause), as the evaluation computed it before evidence was on demand. */
async function fullRows(scenario: Scenario, where = 'TRUE', params: (string | number)[] = []) {
  const all = compileAll(packages, scenario);
  const n = all.params.length;
  const w = where.replace(/\$(\d+)/g, (_, d) => `$${Number(d) + n}`);
  return db.query(`SELECT ${COLS} FROM (${all.sql}) WHERE ${w} ORDER BY ${KEY}`, [...all.params, ...params]);
}

async function onDemand(scenario: Scenario, firms: FirmSelection | null) {
  const q = awardsWithEvidenceSql(packages, scenario, firms);
  return db.query(`SELECT ${COLS} FROM (${q.sql}) ORDER BY ${KEY}`, q.params);
}

describe('evidence on demand equals the evidence a full evaluation computes for every (firm, clause)', () => {
  const scenarios: Record<string, Scenario> = {
    baseline: {},
    'a what-if (8% tier at 9%, city growth from the data, pool 15万)': { 'changchun-2024q1': { c2_tier1_growth: 0.09, city_growth: null, c1_pool: 15 } }
  };
  for (const [name, scenario] of Object.entries(scenarios)) {
    it(`${name}: every firm, the firms paid, and one firm at a time`, async () => {
      await evaluateAll(db, packages, scenario);
      const full = await fullRows(scenario);
      expect(full.length).toBeGreaterThan(10_000);
      expect(await onDemand(scenario, null)).toEqual(full);

      const paid = await onDemand(scenario, firmsWithStatus('paid'));
      expect(paid).toEqual(await fullRows(scenario, `firm_id IN (SELECT firm_id FROM awards WHERE status = 'paid')`));
      expect(paid.length).toBeLessThan(full.length);

      // a firm with projects, one excluded, one paid most: each alone
      const ids = await db.query<{ firm_id: string }>(`SELECT firm_id FROM (
        (SELECT firm_id FROM projects ORDER BY firm_id LIMIT 1) UNION ALL (SELECT firm_id FROM awards WHERE status = 'excluded' ORDER BY firm_id LIMIT 1)
        UNION ALL (SELECT firm_id FROM awards GROUP BY firm_id ORDER BY SUM(award_yuan) DESC, firm_id LIMIT 1))`);
      expect(ids.length).toBe(3);
      for (const { firm_id } of ids) {
        const one = await onDemand(scenario, oneFirm(firm_id));
        expect(one.length).toBe(packages.reduce((a, p) => a + p.clauses.length, 0));
        expect(one).toEqual(await fullRows(scenario, 'firm_id = $1', [firm_id]));
      }
    }, 120_000);
  }
});
