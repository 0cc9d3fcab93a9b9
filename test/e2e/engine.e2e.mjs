import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from './harness.mjs';
import { ROOT, waitForData } from './helpers.mjs';
import { openNodeDb } from '../../src/lib/db/node.ts';
import { loadFiles } from '../../src/lib/ingest/load.ts';
import { prepareStatements, compileAll } from '../../src/lib/policy/awards.ts';
import { loadAllPackages } from '../../scripts/lib/policies.ts';

const ORDER = 'ORDER BY package, clause, firm_id';
const awardsOf = (sql) => `SELECT package, clause, firm_id, status, tier, award_yuan::BIGINT AS award_yuan FROM (${sql}) ${ORDER}`;

test('the same compiled SQL gives the same awards in DuckDB-WASM (browser) and @duckdb/node-api (CLI) on the sample', async ({ page }) => {
  const packages = loadAllPackages();
  const statements = prepareStatements(packages);
  const { sql, params } = compileAll(packages);

  // Node evaluates while the page starts
  const inNode = (async () => {
    const db = await openNodeDb();
    try {
      const dir = join(ROOT, 'data/sample');
      await loadFiles(db, readdirSync(dir).filter((f) => f.endsWith('.parquet')).map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(dir, name))) })));
      for (const s of statements) await db.exec(s);
      return await db.query(awardsOf(sql), params);
    } finally {
      await db.close();
    }
  })();
  inNode.catch(() => {}); // met below

  await page.goto('/data');
  await waitForData(page);
  const browser = await page.evaluate(
    async ({ statements, sql, params }) => {
      const d = window.__dashboard;
      for (const s of statements) await d.query(s);
      return d.query(sql, params);
    },
    { statements, sql: awardsOf(sql), params }
  );

  const node = await inNode;
  const paid = node.filter((r) => r.status === 'paid');
  assert.ok(paid.length > 500, `the sample pays awards (${paid.length})`);
  for (const pkg of packages) assert.ok(paid.some((r) => r.package === pkg.id), `${pkg.id} pays someone on the sample`);
  assert.equal(browser.length, node.length);
  const differ = node.filter((r, i) => JSON.stringify(r) !== JSON.stringify(browser[i]));
  assert.deepEqual(differ.slice(0, 5), [], `${differ.length} rows differ`);
});
