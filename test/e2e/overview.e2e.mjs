import assert from 'node:assert/strict';
import { test } from './harness.mjs';
import { waitForData } from './helpers.mjs';
import { openNodeDb } from '../../src/lib/db/node.ts';
import { evaluatedSample } from '../unit/helpers/sample.ts';
import { loadAllPackages } from '../../scripts/lib/policies.ts';
import { recordOverviewTimes } from '../../scripts/lib/overview-times.mjs';

const KPIS = ['kpi-total-output', 'kpi-growth', 'kpi-flagged', 'kpi-outlay'];

/**
 * The four headline numbers computed in Node from data/sample with the CLI's engine, by plain SQL written
 * here (not the page's builders): output and comparable growth of the latest quarter, paid firms, outlay.
 */
let sampleDb = null;
async function nodeDb() {
  if (sampleDb) return sampleDb;
  const db = await openNodeDb();
  const packages = loadAllPackages();
  await evaluatedSample(db, packages);
  sampleDb = db;
  return db;
}

async function expectedKpis(district = null) {
  const db = await nodeDb();
  const inDistrict = district === null ? '' : `AND firm_id IN (SELECT firm_id FROM enterprises WHERE district = $1)`;
  const params = district === null ? [] : [district];
  const [latest] = await db.query(`SELECT max(period) AS p FROM quarterly`);
  const year = Number(latest.p.slice(0, 4));
  const before = `${year - 1}${latest.p.slice(4)}`;
  const [out] = await db.query(
    `SELECT CAST(SUM(output_10k) * 10000 AS BIGINT) AS yuan FROM quarterly WHERE period = '${latest.p}' AND above_scale = 1 ${inDistrict}`,
    params
  );
  const [growth] = await db.query(
    `WITH now AS (SELECT firm_id, output_10k FROM quarterly WHERE period = '${latest.p}' AND above_scale = 1 ${inDistrict}),
      prior AS (SELECT firm_id, output_10k FROM quarterly WHERE period = '${before}')
     SELECT SUM(now.output_10k)::DOUBLE / SUM(prior.output_10k)::DOUBLE - 1 AS g FROM now JOIN prior USING (firm_id)`,
    params
  );
  const [paid] = await db.query(
    `SELECT count(DISTINCT firm_id) FILTER (WHERE status = 'paid') AS firms, CAST(SUM(award_yuan) AS BIGINT) AS yuan FROM awards WHERE TRUE ${district === null ? '' : 'AND district = $1'}`,
    params
  );
  return { 'kpi-total-output': Number(out.yuan), 'kpi-growth': growth.g, 'kpi-flagged': Number(paid.firms), 'kpi-outlay': Number(paid.yuan) };
}

/** Waits until every slot of the overview has settled for the current URL and returns the tiles' data-value numbers. */
async function shownKpis(page, previousSettled = 0) {
  await page.waitForFunction(
    ([ids, settled]) => {
      const root = document.querySelector('[data-testid="overview-page"]');
      if (!root || Number(root.getAttribute('data-settled')) <= settled) return false;
      return ids.every((id) => document.querySelector(`[data-testid="${id}"]`)?.getAttribute('data-state') === 'ready');
    },
    [KPIS, previousSettled],
    { timeout: 60_000 }
  );
  const values = {};
  for (const id of KPIS) {
    const raw = await page.getAttribute(`[data-testid="${id}"]`, 'data-value');
    assert.match(raw ?? '', /^-?\d+(\.\d+)?(e-?\d+)?$/, `${id} carries a numeric data-value (got "${raw}")`);
    values[id] = Number(raw);
  }
  return values;
}
/** Full-page screenshots with the page scrolled to the top and no tooltip open (sticky bars stay on top). */
async function tidy(page) {
  await page.mouse.move(0, 0);
  await page.evaluate(() => window.scrollTo(0, 0));
}
const settledNow = (page) => page.getAttribute('[data-testid="overview-page"]', 'data-settled').then(Number);

function assertKpis(shown, expected, where) {
  assert.equal(shown['kpi-total-output'], expected['kpi-total-output'], `${where}: above-scale output in yuan`);
  assert.ok(Math.abs(shown['kpi-growth'] - expected['kpi-growth']) < 1e-9, `${where}: growth ${shown['kpi-growth']} vs ${expected['kpi-growth']}`);
  assert.equal(shown['kpi-flagged'], expected['kpi-flagged'], `${where}: flagged firms`);
  assert.equal(shown['kpi-outlay'], expected['kpi-outlay'], `${where}: outlay in yuan`);
}

test('overview: the four KPIs equal a Node computation on the sample, a district click filters every KPI and the URL, and the chip restores them', async ({ page, screenshot }) => {
  const expected = await expectedKpis();
  assert.ok(expected['kpi-total-output'] > 0 && expected['kpi-flagged'] > 0 && expected['kpi-outlay'] > 0, JSON.stringify(expected));

  await page.goto('/');
  await waitForData(page);
  const all = await shownKpis(page);
  assertKpis(all, expected, 'whole city');

  // every chart has drawn
  await page.waitForSelector('[data-testid="chart-trend"][data-state="ready"] svg rect');
  await page.waitForSelector('[data-testid="chart-growth"][data-state="ready"] svg rect');
  const clauseRows = await page.$$eval('[data-testid="clause-bars-row"]', (r) => r.length);
  const clauseCount = loadAllPackages().reduce((n, p) => n + p.clauses.length, 0);
  assert.equal(clauseRows, clauseCount, 'one bar per clause of every package');
  const rowKeys = await page.$$eval('[data-testid="district-bars-row"]', (rows) => rows.map((r) => r.getAttribute('data-key')));
  const districts = rowKeys.filter((k) => k !== '·others');
  assert.equal(districts.length, 8, `eight districts: ${districts}`);
  // awards to townships, departments and schools have a row of their own, so the bars add up to the outlay
  assert.ok(rowKeys.includes('·others'), 'a row for recipients other than firms');
  assert.ok((await page.$$('[data-testid="near-bars-row"]')).length >= 3, 'near-threshold bars');
  assert.ok((await page.$$('[data-testid="near-row"]')).length > 0, 'near-threshold firms listed');
  await tidy(page);
  await screenshot('overview-page-zh');

  // click the district with the largest outlay
  const district = districts[0];
  const before = await settledNow(page);
  await page.click(`[data-testid="district-bars-row"][data-key="${district}"]`);
  await page.waitForFunction((d) => new URL(location.href).searchParams.get('district') === d, district);
  const filtered = await shownKpis(page, before);
  for (const id of KPIS) assert.notEqual(filtered[id], all[id], `${id} changes with the district filter`);
  assertKpis(filtered, await expectedKpis(district), district);
  assert.match((await page.textContent('[data-testid="filter-chip-district"]')) ?? '', new RegExp(district));
  assert.equal(await page.getAttribute(`[data-testid="district-bars-row"][data-key="${district}"]`, 'aria-pressed'), 'true');
  await tidy(page);
  await screenshot('overview-page-filtered-zh');

  // the chip clears the filter and the numbers come back
  const before2 = await settledNow(page);
  await page.click('[data-testid="filter-clear-district"]');
  await page.waitForFunction(() => !new URL(location.href).searchParams.has('district'));
  assert.deepEqual(await shownKpis(page, before2), all);
  assert.equal(await page.$('[data-testid="filter-chip-district"]'), null);
});

test('overview: a link with ?district= reproduces the filtered view, and an industry click adds ?industry=', async ({ page }) => {
  const db = await nodeDb();
  const [{ d }] = await db.query(`SELECT district AS d FROM enterprises GROUP BY 1 ORDER BY count(*) LIMIT 1`);
  await page.goto(`/?district=${encodeURIComponent(d)}`);
  await waitForData(page);
  assertKpis(await shownKpis(page), await expectedKpis(d), `link to ${d}`);
  assert.match((await page.textContent('[data-testid="filter-chip-district"]')) ?? '', new RegExp(d));

  const industry = await page.getAttribute('[data-testid="industry-bars-row"]', 'data-key');
  const before = await settledNow(page);
  await page.click(`[data-testid="industry-bars-row"][data-key="${industry}"]`);
  await page.waitForFunction((i) => new URL(location.href).searchParams.get('industry') === i, industry);
  const both = await shownKpis(page, before);
  const [paid] = await db.query(
    `SELECT count(DISTINCT firm_id) FILTER (WHERE status = 'paid') AS n FROM awards WHERE district = $1 AND substr(industry_code, 1, 2) = $2`,
    [d, industry]
  );
  assert.equal(both['kpi-flagged'], Number(paid.n), 'district and industry filters combine');
  assert.equal(new URL(page.url()).searchParams.get('district'), d, 'the district stays in the URL');

  // the near-threshold list filters too: its district cell toggles the district off again
  await page.waitForSelector('[data-testid="near-district"]');
  assert.equal((await page.textContent('[data-testid="near-district"]'))?.trim(), d);
  await page.click('[data-testid="near-district"]');
  await page.waitForFunction(() => !new URL(location.href).searchParams.has('district'));
  assert.equal(new URL(page.url()).searchParams.get('industry'), industry, 'the industry stays');
});

test('overview: English labels on the axes and tiles after the language switch, tooltips with exact values', async ({ page, screenshot }) => {
  await page.goto('/');
  await waitForData(page);
  await shownKpis(page);
  await page.waitForSelector('[data-testid="chart-trend"] svg');
  const zhAxis = await page.$$eval('[data-testid="chart-trend"] svg text', (t) => t.map((x) => x.textContent));
  assert.ok(zhAxis.includes('产值（亿元）'), `Chinese axis label: ${zhAxis.slice(-3)}`);

  await page.click('[data-testid="lang-switch"]');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  const enTrend = await page.$$eval('[data-testid="chart-trend"] svg text', (t) => t.map((x) => x.textContent));
  assert.ok(enTrend.includes('Output (¥ bn)') && enTrend.includes('YoY growth'), `English trend axes: ${enTrend.slice(-3)}`);
  const enHist = await page.$$eval('[data-testid="chart-growth"] svg text', (t) => t.map((x) => x.textContent));
  assert.ok(enHist.includes('Output growth, year on year') && enHist.includes('Firms'), 'English histogram axes');
  assert.match((await page.textContent('[data-testid="kpi-total-output"]')) ?? '', /Above-scale industrial output[\s\S]*¥[\d.,]+\sbn/);

  // hover the last quarter: the tooltip shows the period, the output and the growth with 2 decimals
  const box = await page.locator('[data-testid="chart-trend"] svg rect.hit').last().boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const tip = await page.textContent('[data-testid="chart-trend"] [data-testid="chart-tooltip"]');
  assert.match(tip ?? '', /2024 Q4[\s\S]*¥[\d.,]+\sbn[\s\S]*[+-]?\d+\.\d{2}%/);
  await screenshot('overview-page-en');
});

test('overview: the print layout hides the navigation and fits A4', async ({ page, screenshot }) => {
  await page.goto('/');
  await waitForData(page);
  await shownKpis(page);
  await page.waitForSelector('[data-testid="near-table"][data-state="ready"]');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('[data-testid="nav-data"]'), false, 'navigation hidden in print');
  assert.equal(await page.isVisible('[data-testid="print"]'), false, 'buttons hidden in print');
  await page.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `nothing wider than the page (${overflow}px)`);
  await screenshot('overview-page-print');
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  assert.ok(pages >= 3 && pages <= 8, `the overview prints on a few A4 pages (${pages})`);
});

test('overview: the budget set on the outlay tile is kept in the browser and survives a reload', async ({ page }) => {
  await page.goto('/');
  await waitForData(page);
  await shownKpis(page);
  const pools = await page.getAttribute('[data-testid="kpi-outlay"]', 'data-budget');
  const db = await nodeDb();
  const [{ y }] = await db.query(`SELECT CAST(SUM(p) AS BIGINT) AS y FROM (SELECT max(pool_yuan) AS p FROM awards GROUP BY package, clause)`);
  assert.equal(Number(pools), Number(y), 'the default budget is the sum of the clause pools');
  assert.match((await page.textContent('[data-testid="kpi-outlay"]')) ?? '', /资金池/);

  await page.click('[data-testid="budget-edit"]');
  await page.fill('[data-testid="budget-input"]', '50,000');
  await page.click('[data-testid="budget-save"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="kpi-outlay"]')?.getAttribute('data-budget') === '500000000');
  assert.match((await page.textContent('[data-testid="kpi-outlay"]')) ?? '', /5\.00\s亿元[\s\S]*手动设定/);
  await page.reload();
  await waitForData(page);
  await shownKpis(page);
  assert.equal(await page.getAttribute('[data-testid="kpi-outlay"]', 'data-budget'), '500000000', 'kept after a reload');
});

test('overview: a filter that matches no firm shows empty charts and dashes, not zeros or errors', async ({ page, screenshot }) => {
  await page.goto('/?district=' + encodeURIComponent('不存在的区'));
  await waitForData(page);
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="overview-page"]')?.getAttribute('data-settled')) > 0, null, { timeout: 60_000 });
  assert.equal(await page.getAttribute('[data-testid="kpi-total-output"]', 'data-value'), '', 'no output to show');
  assert.equal(await page.getAttribute('[data-testid="kpi-flagged"]', 'data-value'), '0');
  for (const chart of ['trend', 'growth', 'clauses']) {
    assert.equal(await page.getAttribute(`[data-testid="chart-${chart}"]`, 'data-state'), 'empty', `${chart} says it has nothing to show`);
  }
  assert.equal(await page.getAttribute('[data-testid="chart-district"]', 'data-state'), 'ready', 'the district chart still offers every district');
  assert.match((await page.textContent('[data-testid="chart-trend"]')) ?? '', /当前筛选下没有数据/);
  await tidy(page);
  await screenshot('overview-page-empty');
});

test('overview: when the awards cannot be read the tiles and charts say so', async ({ page }) => {
  await page.goto('/');
  await waitForData(page);
  const before = (await shownKpis(page), await settledNow(page));
  await page.evaluate(() => window.__dashboard.query('ALTER VIEW awards RENAME TO awards_hidden'));
  try {
    await page.click('[data-testid="district-bars-row"]');
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="overview-page"]')?.getAttribute('data-settled')) > n || document.querySelector('[data-testid="chart-near"]')?.getAttribute('data-state') === 'error', before);
    await page.waitForSelector('[data-testid="chart-clauses"][data-state="error"]');
    assert.equal(await page.getAttribute('[data-testid="kpi-outlay"]', 'data-state'), 'error');
    assert.match((await page.textContent('[data-testid="kpi-outlay"]')) ?? '', /无法计算/);
    assert.match((await page.textContent('[data-testid="chart-district"]')) ?? '', /读取失败/);
    assert.equal(await page.getAttribute('[data-testid="kpi-total-output"]', 'data-state'), 'ready', 'the quarterly numbers still show');
  } finally {
    await page.evaluate(() => window.__dashboard.query('ALTER VIEW awards_hidden RENAME TO awards'));
  }
});

test('overview: on a cold start the output KPI and the trend show while the policy evaluation is still running', async ({ page }) => {
  await page.addInitScript(recordOverviewTimes);
  await page.goto('/');
  await page.waitForSelector('[data-testid="kpi-outlay"][data-state="ready"]', { timeout: 60_000 });
  const times = await page.evaluate(() => window.__overviewTimes);
  assert.ok(times.output > 0 && times.trend > 0 && times.outlay > 0, JSON.stringify(times));
  assert.equal(times.outlayStateAtOutput, 'loading', 'the outlay (needs the evaluation) was still loading when the output KPI appeared');
  assert.ok(times.output < times.outlay && times.trend < times.outlay, `output ${times.output} ms, trend ${times.trend} ms, before the outlay ${times.outlay} ms`);
  // the header's chip counted the evaluation's steps up while it ran
  const steps = times.evaluating.map((s) => s.split('/').map(Number));
  assert.ok(steps.length >= 2, JSON.stringify(times.evaluating));
  assert.ok(steps.every(([done, total], i) => total === steps[0][1] && done <= total && (i === 0 || done > steps[i - 1][0])), JSON.stringify(times.evaluating));
  assert.equal(await page.$('[data-testid="evaluating"]'), null, 'the chip is back to the data source once the evaluation ended');
  console.log(`    cold start to the output KPI ${times.output} ms, the trend ${times.trend} ms, the outlay ${times.outlay} ms; evaluation steps seen ${times.evaluating.join(' ')}`);
});
