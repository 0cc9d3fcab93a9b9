import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from './harness.mjs';
import { ROOT, cliTotal, waitForData } from './helpers.mjs';

/** The CLI's total outlay in yuan for the sample with these extra arguments (the engine planners cross-check with), once per arguments. */
const cliTotals = new Map();
function cliTotalOf(args) {
  const key = args.join(' ');
  if (!cliTotals.has(key)) cliTotals.set(key, cliTotal(args, join(mkdtempSync(join(tmpdir(), 'sim-')), 'x.csv')));
  return cliTotals.get(key);
}

/** Waits until the what-if on screen belongs to the scenario on screen and returns the total and delta tiles' values. */
async function settledTotals(page, after = -1) {
  await page.waitForFunction((n) => {
    const el = document.querySelector('[data-testid="simulate-page"]');
    return el && Number(el.dataset.settled) > n && el.dataset.running === 'false' && document.querySelector('[data-testid="outlay-total"]')?.dataset.state === 'ready';
  }, after, { timeout: 60_000 });
  return page.evaluate(() => ({
    settled: Number(document.querySelector('[data-testid="simulate-page"]').dataset.settled),
    total: Number(document.querySelector('[data-testid="outlay-total"]').dataset.value),
    delta: Number(document.querySelector('[data-testid="outlay-delta"]').dataset.value)
  }));
}

async function openSimulate(page, path = '/simulate', open = 'changchun-2024q1') {
  await page.goto(path);
  await waitForData(page);
  const totals = await settledTotals(page);
  if (open) await page.click(`[data-testid="params-${open}"] > summary`);
  return totals;
}

/** Types a value into a parameter's input and waits for the what-if that follows. */
async function setParam(page, testid, text, before) {
  await page.fill(`[data-testid="${testid}"] input`, text);
  return settledTotals(page, before.settled);
}

test('simulate: a tier threshold and an amount edited on the page move the total by exactly what the CLI gives', async ({ page, screenshot }) => {
  const BASE = ['--policy', 'all'];
  const A = [...BASE, '--set', 'changchun-2024q1.c2_tier1_growth=7%'];
  const B = [...A, '--set', 'changchun-2024q1.c2_tier1_amount=15'];
  [BASE, A, B].forEach(cliTotalOf); // the CLI runs while the page works
  const start = await openSimulate(page);
  const base = await cliTotalOf(BASE);
  assert.equal(start.total, base, 'the baseline outlay is the CLI total');
  assert.equal(start.delta, 0);

  const a = await setParam(page, 'param-c2_tier1_growth', '7', start);
  const expectedA = await cliTotalOf(A);
  assert.equal(a.total, expectedA);
  assert.equal(a.delta, expectedA - base);
  assert.ok(a.delta > 0, 'a lower threshold pays more');

  const b = await setParam(page, 'param-c2_tier1_amount', '15', a);
  const expectedB = await cliTotalOf(B);
  assert.equal(b.total, expectedB);
  assert.equal(b.delta, expectedB - base);
  // the firms that gain are listed with amounts before and after
  const gained = await page.locator('[data-testid="changes"] tr[data-kind="new"]').count();
  assert.ok(gained > 0, 'newly paid firms are listed');
  // a value off the unit's grid is refused in place and never reaches the engine
  await page.fill('[data-testid="param-c2_tier1_growth"] input', '7.00001');
  assert.ok(await page.locator('[data-testid="param-c2_tier1_growth"] .error').isVisible());
  await page.waitForTimeout(300);
  assert.equal(Number(await page.getAttribute('[data-testid="outlay-total"]', 'data-value')), expectedB);
  await screenshot('simulate-edited-zh');

  // unsaved edits survive a reload
  const reloaded = await openSimulate(page, '/simulate', null);
  assert.equal(reloaded.total, expectedB);
  assert.equal(await page.getAttribute('[data-testid="scenario-changes"]', 'data-count'), '2');

  // a newly paid firm opens its profile under the scenario: paid there at the scenario's amount, unpaid on the baseline profile
  const link = page.locator('[data-testid="changes"] tr[data-kind="new"] a').first();
  const firm = await link.evaluate((a) => a.closest('tr').dataset.firm);
  const nowYuan = await link.evaluate((a) => a.closest('tr').querySelectorAll('td')[4].textContent);
  await link.click();
  await page.waitForSelector('[data-testid="profile-scenario"]');
  await page.waitForFunction((id) => document.querySelector('[data-testid="firm-page"]')?.dataset.loading === 'false' && document.querySelector(`[data-testid="clause"][data-clause="c2-capacity"]`), firm);
  const scenarioStatus = await page.getAttribute('[data-testid="clause"][data-package="changchun-2024q1"][data-clause="c2-capacity"]', 'data-status');
  const scenarioAward = Number(await page.getAttribute('[data-testid="clause"][data-package="changchun-2024q1"][data-clause="c2-capacity"]', 'data-award-yuan'));
  assert.equal(scenarioStatus, 'paid');
  assert.equal(scenarioAward, 150_000, `the scenario's tier-1 amount (the list showed ${nowYuan})`);
  await screenshot('simulate-profile-under-scenario-zh');
  await page.click('[data-testid="profile-scenario"] a');
  await page.waitForFunction(() => !document.querySelector('[data-testid="profile-scenario"]') && document.querySelector('[data-testid="firm-page"]')?.dataset.loading === 'false');
  await page.waitForSelector('[data-testid="clause"][data-clause="c2-capacity"]');
  assert.notEqual(await page.getAttribute('[data-testid="clause"][data-package="changchun-2024q1"][data-clause="c2-capacity"]', 'data-status'), 'paid');
});

test('simulate: an added tier pays what the CLI pays for the same scenario file', async ({ page }) => {
  const start = await openSimulate(page);
  await page.click('[data-testid="tier-add-c2-capacity"]');
  const added = await settledTotals(page, start.settled);
  const row = page.locator('[data-testid="tier-table-c2-capacity"] tr[data-tier^="added-"]');
  assert.equal(await row.count(), 1);
  const id = await row.getAttribute('data-tier');
  const t1 = await setParam(page, `tier-threshold-${id}`, '15', added);
  const t2 = await setParam(page, `tier-amount-${id}`, '30', t1);
  const file = join(mkdtempSync(join(tmpdir(), 'sim-')), 's.json');
  const packages = ['changchun-2021q1', 'changchun-2024q1', 'jiangle-2024q1', 'liaoyuan-industry', 'sanmenxia-2022'];
  writeFileSync(file, JSON.stringify({ format: 'zcdx-scenario', version: 1, name: 't', packages, tiers: { 'changchun-2024q1': { 'c2-capacity': [{ id: 'growth8' }, { id: 'growth10' }, { id, like: 'growth10', threshold: 0.15, amount: 30 }] } } }));
  assert.equal(t2.total, await cliTotalOf(['--scenario', file]));
  assert.ok(t2.delta > 0);
});

test('simulate: a sweep draws outlay against the parameter, goal-seek meets a budget, sensitivity ranks the knobs', async ({ page, screenshot }) => {
  const ONE = ['--policy', 'changchun-2024q1'];
  cliTotalOf(ONE); // the CLI runs while the page works
  let start = await openSimulate(page, '/simulate', null);
  // one document in force (a county's choice): the others' boxes unticked, each a new baseline
  for (const id of ['changchun-2021q1', 'jiangle-2024q1', 'liaoyuan-industry', 'sanmenxia-2022']) {
    await page.uncheck(`[data-testid="in-force-${id}"]`);
    start = await settledTotals(page, start.settled);
  }
  assert.equal(start.total, await cliTotalOf(ONE), 'the outlay of the one package in force');
  assert.deepEqual(await page.evaluate(() => JSON.parse(localStorage.getItem('zcdx.packagesInForce'))), ['changchun-2024q1']);
  // sweep: the default parameter over its default range, 20 values
  await page.click('[data-testid="tab-sweep"]');
  await page.selectOption('[data-testid="sweep-param"]', 'changchun-2024q1|c2_tier1_growth');
  await page.fill('[data-testid="sweep-from"]', '4');
  await page.fill('[data-testid="sweep-to"]', '12');
  await page.click('[data-testid="sweep-run"]');
  await page.waitForSelector('[data-testid="sweep-chart"]', { timeout: 90_000 });
  const points = Number(await page.getAttribute('[data-testid="sweep-chart"]', 'data-points'));
  assert.equal(points, 20);
  await screenshot('simulate-sweep-zh');

  // goal-seek: the growth threshold that keeps the whole set within the current outlay minus 100万
  await page.click('[data-testid="tab-goal"]');
  await page.selectOption('[data-testid="goal-param"]', 'changchun-2024q1|c2_tier1_growth');
  const budgetWan = Math.floor(start.total / 10_000) - 100;
  await page.fill('[data-testid="goal-budget"]', String(budgetWan));
  await page.fill('[data-testid="goal-lo"]', '0');
  await page.fill('[data-testid="goal-hi"]', '30');
  await page.click('[data-testid="goal-run"]');
  await page.waitForSelector('[data-testid="goal-answer"]', { timeout: 90_000 });
  const kind = await page.getAttribute('[data-testid="goal-answer"]', 'data-kind');
  const outlay = Number(await page.getAttribute('[data-testid="goal-answer"]', 'data-outlay'));
  assert.equal(kind, 'met');
  assert.ok(outlay <= budgetWan * 10_000, `${outlay} within ${budgetWan}万`);
  // applying the answer makes the page's total that outlay
  const before = await settledTotals(page);
  await page.click('[data-testid="goal-apply"]');
  const applied = await settledTotals(page, before.settled);
  assert.equal(applied.total, outlay);
  await screenshot('simulate-goal-zh');

  // sensitivity over every numeric parameter of the packages in force: a tornado sorted by effect
  await page.click('[data-testid="tab-sens"]');
  await page.click('[data-testid="sens-run"]');
  await page.waitForSelector('[data-testid="tornado"]', { timeout: 240_000 });
  const swings = await page.$$eval('[data-testid="tornado"] .trow', (rows) => rows.map((r) => Number(r.getAttribute('data-swing'))));
  assert.ok(swings.length >= 5, `${swings.length} parameters move the outlay`);
  assert.deepEqual(swings, [...swings].sort((a, b) => b - a));
  await screenshot('simulate-sensitivity-zh');

  // the overview's outlay uses the same packages in force
  await page.goto('/');
  await waitForData(page);
  await page.waitForFunction(() => document.querySelector('[data-testid="kpi-outlay"]')?.dataset.state === 'ready', null, { timeout: 60_000 });
  assert.equal(Number(await page.getAttribute('[data-testid="kpi-outlay"]', 'data-value')), await cliTotalOf(ONE));
}, { timeoutMs: 400_000 });

test('simulate: two saved scenarios survive a reload and compare side by side; a shared link opens the same numbers in a fresh browser; a corrupt stored scenario is reported', async ({ page, context, otherBrowser, baseURL, screenshot }) => {
  let t = await openSimulate(page);
  t = await setParam(page, 'param-c2_tier1_growth', '7', t);
  const totalA = t.total;
  await page.fill('[data-testid="scenario-name"]', '增速7%');
  await page.click('[data-testid="scenario-save"]');
  await page.waitForSelector('[data-testid="scenario-list"] tr');
  t = await setParam(page, 'param-c2_tier1_amount', '30', t);
  const totalB = t.total;
  await page.fill('[data-testid="scenario-name"]', '增速7%且奖30万');
  await page.click('[data-testid="scenario-copy"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="scenario-list"] tr').length === 2);

  // the scenario's JSON, as the page exports it, gives the CLI the same total
  const [json] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="scenario-json"]')]);
  const jsonPath = join(mkdtempSync(join(tmpdir(), 'sim-')), 'exported.json');
  writeFileSync(jsonPath, readFileSync(await json.path()));
  assert.equal(await cliTotalOf(['--scenario', jsonPath]), totalB);

  // share the second before reloading
  await page.click('[data-testid="scenario-share"]');
  const link = await page.inputValue('[data-testid="share-link"]');
  assert.match(link, /\/simulate#s=/);

  // a damaged record written straight into the store
  await page.evaluate(async () => {
    const db = await new Promise((res, rej) => {
      const r = indexedDB.open('zcdx-scenarios', 1);
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    await new Promise((res, rej) => {
      const tx = db.transaction('scenarios', 'readwrite');
      tx.objectStore('scenarios').put({ savedAt: new Date().toISOString(), doc: { format: 'zcdx-scenario', version: 1, name: '坏方案', packages: ['no-such-package'] } }, 'broken-1');
      tx.oncomplete = res;
      tx.onerror = () => rej(tx.error);
    });
    db.close();
  });

  await page.reload();
  await waitForData(page);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="scenario-list"] tr').length === 2);
  const broken = await page.textContent('[data-testid="scenario-broken"]');
  assert.match(broken, /坏方案/);
  assert.match(broken, /no-such-package/);

  await page.check('[data-testid="compare-增速7%"]');
  await page.check('[data-testid="compare-增速7%且奖30万"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="compare"]')?.dataset.columns === '3' && document.querySelector('[data-testid="compare-total-2"]'));
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="compare-total-2"]')?.dataset.value) > 0);
  const shown = await page.$$eval('[data-testid^="compare-total-"]', (els) => els.map((e) => Number(e.dataset.value)));
  assert.deepEqual(shown.slice(1), [totalA, totalB]);
  await screenshot('simulate-compare-zh');

  // the comparison downloads as CSV (BOM, one column per scenario) and XLSX
  const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="compare-csv"]')]);
  const csvText = readFileSync(await csv.path(), 'utf8');
  assert.ok(csvText.startsWith('\uFEFF'), 'CSV starts with a BOM');
  const totalLine = csvText.split('\r\n').find((l) => l.startsWith('合计'));
  assert.ok(totalLine?.includes(String(totalA)) && totalLine.includes(String(totalB)), totalLine);
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="compare-xlsx"]')]);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(await xlsx.path());
  const sheet = wb.worksheets[0];
  const last = sheet.getRow(sheet.rowCount).values.slice(1);
  assert.equal(last[0], '合计');
  assert.ok(last.includes(totalA) && last.includes(totalB), JSON.stringify(last));

  // in English
  await page.click('[data-testid="lang-switch"]');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.match(await page.textContent('[data-testid="simulate-page"] h1'), /Policy simulation/);
  await screenshot('simulate-compare-en');

  // another browser (no storage, no cache) opens the link on the same numbers
  const fresh = await (await otherBrowser()).newContext({ baseURL, locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
  try {
    const other = await fresh.newPage();
    await other.goto(link);
    await waitForData(other);
    await other.waitForFunction((want) => Number(document.querySelector('[data-testid="outlay-total"]')?.dataset.value) === want && document.querySelector('[data-testid="outlay-total"]')?.dataset.state === 'ready', totalB, { timeout: 60_000 });
    assert.match(await other.textContent('[data-testid="scenario-notice"]'), /分享链接/);
  } finally {
    await fresh.close();
  }
  void context;
}, { timeoutMs: 300_000 });
