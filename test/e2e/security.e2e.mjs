import assert from 'node:assert/strict';
import { test } from './harness.mjs';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, waitForData } from './helpers.mjs';

const HOSTILE = `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'"\\%_`;

/** Navigates inside the app (the data changed in the page's database would be lost by a reload). */
async function go(page, nav) {
  await page.click(`[data-testid="nav-${nav}"]`);
}

test('security: a firm named with HTML shows as text on every screen, and search text with quotes, backslashes and %_ cannot change a query', async ({ page, screenshot }) => {
  await page.goto('/enterprises');
  await waitForData(page);
  await page.waitForSelector('[data-testid="firm-row"]');
  const total = Number(await page.getAttribute('[data-testid="list-total"]', 'data-total'));

  // LIKE wildcards and quotes typed by a user are plain characters: none of the sample's names has them
  for (const q of ['%', '_', "' OR 1=1 --", '\\', '%_%']) {
    await page.fill('[data-testid="list-search"]', q);
    await page.waitForFunction((want) => new URL(location.href).searchParams.get('q') === want && document.querySelector('[data-testid="list-total"]')?.dataset.total !== undefined, q);
    await page.waitForFunction(() => document.querySelector('[data-testid="list-total"]')?.dataset.total === '0', null, { timeout: 30_000 });
  }

  // the paid firm with the largest award gets a hostile name in the app's own tables
  const firm = await page.evaluate(async (name) => {
    const [row] = await window.__dashboard.query(`SELECT firm_id FROM awards WHERE status = 'paid' GROUP BY firm_id ORDER BY SUM(award_yuan) DESC, firm_id LIMIT 1`);
    await window.__dashboard.query(`UPDATE firm_profile SET name = $1 WHERE firm_id = $2`, [name, row.firm_id]);
    await window.__dashboard.query(`UPDATE enterprises SET name = $1 WHERE firm_id = $2`, [name, row.firm_id]);
    return row.firm_id;
  }, HOSTILE);

  // found by a part of that name, quotes and all, as one firm
  await page.fill('[data-testid="list-search"]', `onerror="window`);
  await page.waitForFunction((id) => document.querySelectorAll('[data-testid="firm-row"]').length === 1 && document.querySelector(`[data-testid="firm-row"][data-firm="${id}"]`), firm);
  assert.ok((await page.textContent(`[data-testid="firm-row"][data-firm="${firm}"]`)).includes(HOSTILE), 'the list shows the name as typed');
  await page.fill('[data-testid="list-search"]', '');
  await page.waitForFunction((n) => document.querySelector('[data-testid="list-total"]')?.dataset.total === String(n), total);

  // its profile
  await page.fill('[data-testid="list-search"]', firm);
  await page.waitForFunction((id) => new URL(location.href).searchParams.get('q') === id && document.querySelector('[data-testid="list-total"]')?.dataset.total === '1', firm);
  await page.click(`[data-testid="firm-row"][data-firm="${firm}"] a`);
  await page.waitForURL(/\/enterprises\/9/);
  await page.waitForFunction(() => document.querySelector('[data-testid="firm-page"]')?.dataset.loading === 'false' && document.querySelector('[data-testid="clause"]'));
  assert.ok((await page.textContent('[data-testid="firm-page"]')).includes(HOSTILE), 'the profile shows the name as text');
  await screenshot('security-hostile-name-profile');

  // the public-notice print view lists it (paid) as text
  await go(page, 'export');
  await page.waitForSelector('[data-testid="export-notice-print"]:not(.disabled)', { timeout: 60_000 });
  // in this tab (it opens a new one, whose fresh database would not have the renamed firm)
  await page.evaluate(() => document.querySelector('[data-testid="export-notice-print"]').removeAttribute('target'));
  await page.click('[data-testid="export-notice-print"]');
  await page.waitForFunction((name) => document.body.innerText.includes(name), HOSTILE, { timeout: 60_000 });

  // nothing ran, and no element came from the name
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.equal(await page.evaluate(() => document.querySelectorAll('img[src="x"]').length), 0);
}, { timeoutMs: 180_000 });

test('security: a whole session (upload files, simulate, export) sends every request to this origin only', async ({ page, context, baseURL }) => {
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  const origin = new URL(baseURL).origin;

  await page.goto('/data');
  await waitForData(page);
  const before = await page.evaluate(() => window.__dashboard.version);
  // the sample's own files, uploaded as a bureau would load its data
  const dir = join(ROOT, 'data/sample');
  await page.setInputFiles('[data-testid="file-input"]', readdirSync(dir).filter((f) => f.endsWith('.parquet')).map((f) => join(dir, f)));
  await page.waitForFunction((v) => window.__dashboard.version > v && window.__dashboard.status === 'ready', before, { timeout: 60_000 });

  await go(page, 'simulate');
  await page.waitForFunction(() => document.querySelector('[data-testid="outlay-total"]')?.dataset.state === 'ready', null, { timeout: 60_000 });
  await page.click('[data-testid="params-changchun-2024q1"] > summary');
  await page.fill('[data-testid="param-c2_tier1_growth"] input', '7');
  await page.waitForFunction(() => document.querySelector('[data-testid="simulate-page"]')?.dataset.running === 'false' && document.querySelector('[data-testid="outlay-total"]')?.dataset.state === 'ready');

  await go(page, 'export');
  await page.waitForSelector('[data-testid="export-csv"]:not([disabled])', { timeout: 60_000 });
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click('[data-testid="export-csv"]')]);
  assert.ok((await dl.path()) !== null);

  const foreign = requests.filter((u) => !u.startsWith(origin + '/') && !/^(blob|data):/.test(u));
  assert.ok(requests.length > 10, `${requests.length} requests recorded`);
  assert.deepEqual(foreign, [], 'every request stays on this origin');
}, { timeoutMs: 180_000 });
