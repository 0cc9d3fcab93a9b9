import assert from 'node:assert/strict';
import { test } from './harness.mjs';
import { openDataPage, sampleCounts, shownCounts, browserCounts, waitForData, TABLE_NAMES } from './helpers.mjs';

test('the overview and every page open with no request leaving 127.0.0.1', async ({ page, offHost, screenshot }) => {
  const requested = [];
  page.on('request', (r) => requested.push(r.url()));
  await page.goto('/');
  await waitForData(page);
  assert.equal((await page.textContent('[data-testid="product-name"]'))?.trim(), '政策兑现 · 工业运行');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.equal(await page.getAttribute('[data-testid="db-status"]', 'data-status'), 'ready');
  assert.match((await page.textContent('[data-testid="dataset-source"]')) ?? '', /示例市/);
  await screenshot('overview-zh');
  for (const [id, heading] of [['enterprises', '企业'], ['simulate', '政策模拟'], ['targets', '目标监测'], ['export', '导出'], ['data', '数据与校验'], ['overview', '总览']]) {
    await page.click(`[data-testid="nav-${id}"]`);
    await page.waitForFunction((h) => document.querySelector('h1')?.textContent?.trim() === h, heading);
  }
  assert.ok(requested.length > 5, 'the page made its local requests');
  assert.deepEqual(offHost, [], 'no request left 127.0.0.1');
  assert.deepEqual(requested.filter((u) => !/^(http:\/\/127\.0\.0\.1:\d+\/|data:|blob:)/.test(u)), []);
});

test('the data page shows every table, claims included, with the row counts native DuckDB reads from the sample files', async ({ page, screenshot }) => {
  const expected = await sampleCounts();
  assert.ok(expected.enterprises > 0 && expected.quarterly > 0, `the sample has firms and quarters: ${JSON.stringify(expected)}`);
  await openDataPage(page);
  assert.deepEqual(await shownCounts(page), expected);
  assert.deepEqual(await browserCounts(page), expected);
  const titles = await page.$$eval('[data-testid="tables-card"] tbody tr', (rows) => rows.map((r) => r.getAttribute('data-testid')));
  assert.deepEqual(titles, TABLE_NAMES.map((n) => `table-${n}`));
  assert.equal(await page.getAttribute('[data-testid="db-status"]', 'data-source'), 'sample');
  await screenshot('data-zh');
});
