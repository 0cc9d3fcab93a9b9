import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from './harness.mjs';
import { ROOT, waitForData } from './helpers.mjs';
import { openNodeDb } from '../../src/lib/db/node.ts';
import { literal } from '../../src/lib/db/types.ts';
import { loadTargetSet } from '../../src/lib/targets/source.ts';

/** Plain SQL over the sample's Parquet files, written here independently of the app's metric code. */
async function sampleSql(sql) {
  const db = await openNodeDb();
  try {
    for (const t of ['enterprises', 'quarterly', 'indicators'])
      await db.exec(`CREATE VIEW ${t} AS SELECT * FROM read_parquet(${literal(join(ROOT, 'data/sample', `${t}.parquet`))})`);
    return await db.query(sql);
  } finally {
    await db.close();
  }
}

const targetKeys = () =>
  readdirSync(join(ROOT, 'data/targets'))
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) => {
      const s = loadTargetSet(readFileSync(join(ROOT, 'data/targets', f), 'utf8'), f);
      return s.targets.map((t) => `${s.id}/${t.id}`);
    });

async function openTargets(page, after = 0) {
  await page.goto('/targets');
  await waitForData(page);
  await settled(page, after);
}

async function settled(page, after = 0) {
  await page.waitForFunction(
    (n) => {
      const el = document.querySelector('[data-testid="targets-page"]');
      return el && el.dataset.status === 'ready' && Number(el.dataset.settled) > n;
    },
    after,
    { timeout: 90_000 }
  );
}

const card = (key) => `[data-key="${key}"]`;

test('targets: every target, counts and firm lists equal SQL, the pipeline count, an edited target survives a reload and resets', async ({ page, screenshot }) => {
  await openTargets(page);
  // every target of every file, in order
  const keys = await page.$$eval('[data-key]', (els) => els.map((e) => e.dataset.key));
  assert.deepEqual(keys, targetKeys());
  assert.equal(await page.getAttribute('[data-testid="targets-page"]', 'data-asof'), '2024Q4');

  // new above-scale firms in 2022: firms whose above_scale turns 1 in a quarter of 2022
  const entered = await sampleSql(`SELECT DISTINCT firm_id FROM (
      SELECT firm_id, period, above_scale, lag(above_scale) OVER (PARTITION BY firm_id ORDER BY period) AS prev FROM quarterly)
    WHERE above_scale = 1 AND (prev = 0 OR (prev IS NULL AND period > (SELECT min(period) FROM quarterly))) AND period LIKE '2022Q%' ORDER BY firm_id`);
  const nas = card('sanmenxia-2022/new-above-scale');
  assert.equal(Number(await page.getAttribute(nas, 'data-actual')), entered.length);
  await page.click(`${nas} [data-testid="toggle"]`);
  await page.waitForSelector(`${nas} [data-testid="firm-list"]`);
  await page.click(`${nas} [data-testid="firm-list"] button.linkish`).catch(() => {});
  const listed = await page.$$eval(`${nas} [data-testid="firm-list"] tr[data-firm]`, (els) => els.map((e) => e.dataset.firm).sort());
  assert.deepEqual(listed, entered.map((r) => r.firm_id));
  const href = await page.getAttribute(`${nas} [data-testid="firm-list"] tr[data-firm] a`, 'href');
  assert.match(href, /^\/enterprises\/[0-9A-Z]{18}$/);

  // the pipeline: below-scale firms in 2024Q4 with all four quarters of 2024 and revenue >= 1000万 (half of 2000万)
  const [{ n: pipeline }] = await sampleSql(`WITH last AS (SELECT firm_id, arg_max(above_scale, period) AS a, max(period) AS p FROM quarterly GROUP BY firm_id)
    SELECT count(*)::INTEGER AS n FROM (SELECT q.firm_id FROM quarterly q JOIN last USING (firm_id)
      WHERE last.a = 0 AND last.p >= '2024Q3' AND q.period LIKE '2024Q%' GROUP BY q.firm_id HAVING count(*) = 4 AND sum(q.sales_10k) >= 1000)`);
  await page.waitForSelector(`${nas} [data-testid="pipeline"][data-count]:not([data-count=""])`);
  assert.equal(Number(await page.getAttribute(`${nas} [data-testid="pipeline"]`, 'data-count')), pipeline);
  assert.equal(await page.getAttribute(`${nas} [data-testid="pipeline"]`, 'data-needed'), '0');

  // 5G stations in 2022: the city's rows of the indicators table
  const [{ v: stations }] = await sampleSql(`SELECT CAST(sum(value) AS DOUBLE) AS v FROM indicators WHERE indicator = '5g_stations_new' AND region = '全市' AND period LIKE '2022Q%'`);
  assert.equal(Number(await page.getAttribute(card('sanmenxia-2022/g5-stations'), 'data-actual')), stations);

  // a realistic mix, and a target without data says so
  const statuses = await page.$$eval('[data-key]', (els) => els.map((e) => e.dataset.status));
  for (const s of ['met', 'behind', 'noData']) assert.ok(statuses.includes(s), `some target ${s}`);
  assert.match(await page.textContent(`${card('jiangle-2024q1/trade-above-limit-q1')} [data-testid="no-data"]`), /trade_above_limit_new/);
  await screenshot('targets-zh');

  // edit: jiangle's yearly target 10 -> 100 is no longer met (the year is over: missed), survives a reload, resets
  const j = card('jiangle-2024q1/new-above-scale-year');
  assert.equal(await page.getAttribute(j, 'data-status'), 'met');
  await page.click(`${j} [data-testid="edit"]`);
  await page.fill(`${j} [data-testid="edit-value"]`, '100');
  await page.click(`${j} [data-testid="edit-save"]`);
  await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.goal === '100', j);
  assert.equal(await page.getAttribute(j, 'data-status'), 'behind');
  await page.reload();
  await waitForData(page);
  await settled(page);
  assert.equal(await page.getAttribute(j, 'data-goal'), '100');
  assert.equal(await page.getAttribute(j, 'data-status'), 'behind');
  assert.ok(await page.isVisible(`${j} [data-testid="edited"]`));
  await page.click(`${j} [data-testid="reset"]`);
  await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.goal === '10', j);
  assert.equal(await page.getAttribute(j, 'data-status'), 'met');

  // re-base sanmenxia onto 2023: the count follows the year
  const before = Number(await page.getAttribute(nas, 'data-actual'));
  const s0 = Number(await page.getAttribute('[data-testid="targets-page"]', 'data-settled'));
  await page.selectOption('[data-testid="year-sanmenxia-2022"]', '2023');
  await settled(page, s0);
  const [{ n: in2023 }] = await sampleSql(`SELECT count(DISTINCT firm_id)::INTEGER AS n FROM (
      SELECT firm_id, period, above_scale, lag(above_scale) OVER (PARTITION BY firm_id ORDER BY period) AS prev FROM quarterly)
    WHERE above_scale = 1 AND (prev = 0 OR prev IS NULL) AND period LIKE '2023Q%'`);
  assert.equal(Number(await page.getAttribute(nas, 'data-actual')), in2023);
  assert.notEqual(in2023, before);
  await page.click('[data-testid="reset-all"]');

  // as of an earlier quarter: pace and projection, and the English switch
  const s1 = Number(await page.getAttribute('[data-testid="targets-page"]', 'data-settled'));
  await page.selectOption('[data-testid="asof"]', '2022Q2');
  await settled(page, s1);
  assert.equal(await page.getAttribute(nas, 'data-final'), 'false');
  await page.click(`${card('sanmenxia-2022/g5-stations')} [data-testid="toggle"]`);
  await page.waitForSelector(`${card('sanmenxia-2022/g5-stations')} [data-testid="cumulative-chart"]`);
  await screenshot('targets-asof-2022q2-zh');
  await page.click('[data-testid="lang-switch"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="summary"]')?.textContent.includes('Met'));
  assert.match(await page.textContent(`${card('sanmenxia-2022/g5-stations')} [data-testid="status"]`), /^(Behind|At risk|On track|Met)$/);
  await screenshot('targets-asof-2022q2-en');
});

test('targets: the overview line shows met / on track / behind and links to the page', async ({ page, screenshot }) => {
  await page.goto('/');
  await waitForData(page);
  await page.waitForFunction(() => document.querySelector('[data-testid="targets-line"]')?.dataset.state === 'ready' && document.querySelector('[data-testid="targets-line"]').dataset.met !== '', null, { timeout: 90_000 });
  const met = Number(await page.getAttribute('[data-testid="targets-line"]', 'data-met'));
  const behind = Number(await page.getAttribute('[data-testid="targets-line"]', 'data-behind'));
  assert.ok(met > 0 && behind > 0, `met ${met}, behind ${behind}`);
  assert.match(await page.textContent('[data-testid="targets-line"]'), /已完成/);
  await page.click('[data-testid="targets-link"]');
  await page.waitForURL(/\/targets$/);
  await settled(page);
  assert.equal(await page.getAttribute(card('sanmenxia-2022/new-above-scale'), 'data-status'), 'met');
  await screenshot('targets-from-overview');
});
