/**
 * Nothing is lost when the browser is closed: a real profile directory (as a user's browser keeps one), data
 * loaded on /data, a scenario saved on /simulate and a target edited on /targets; the whole browser is closed
 * and a new one started on the same profile, which opens on the same data, the scenario and the edit.
 * This test launches its own Chromium on a profile of its own (the runner's shared profile stays open), with the runner's flags, its
 * blocking of any other host and its failing on a page or console error.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { test } from './harness.mjs';
import { TABLE_NAMES, openDataPage, shownCounts, uploadFiles, waitForData } from './helpers.mjs';
import { CHROMIUM, CHROMIUM_ARGS, HOST } from '../../scripts/lib/preview.mjs';
import { makeUscc } from '../../src/lib/ingest/uscc.ts';

const firm = (n) => makeUscc(`91220101MA19${String(n).padStart(5, '0')}`);

function bureauFiles() {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-restart-'));
  const files = {
    '企业名录.csv': ['统一社会信用代码,企业名称,区县,行业代码,注册日期,是否制造业', `${firm(1)},重启测试甲公司,绿园区,3670,2015-03-02,是`, `${firm(2)},重启测试乙公司,朝阳区,3720,2018-11-20,是`, `${firm(3)},重启测试丙公司,九台区,3981,2020-06-30,是`],
    '季度运行数据.csv': ['统一社会信用代码,期别,工业总产值（万元）,销售收入（万元）,规上', `${firm(1)},2023Q1,4800,4700,1`, `${firm(1)},2024Q1,5230.55,5100.1,1`, `${firm(2)},2024Q1,1999.99,1800,0`, `${firm(3)},2024Q1,3300.5,3200.25,1`]
  };
  return Object.entries(files).map(([name, lines]) => {
    const path = join(dir, name);
    writeFileSync(path, lines.join('\n') + '\n');
    return path;
  });
}

/** A persistent context on `profile`, set up as the runner sets up its contexts; `problems` collects page and console errors and off-host requests. */
async function launch(profile, baseURL, problems) {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    baseURL,
    viewport: { width: 1440, height: 900 },
    deviceScaleFactor: 1,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai'
  });
  const local = (url) => /^(data|blob|about|chrome-error|chrome):/.test(url) || (() => { try { return new URL(url).hostname === HOST; } catch { return false; } })();
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (local(url)) return route.continue();
    problems.push(`request left ${HOST}: ${url}`);
    return route.abort('blockedbyclient');
  });
  const watch = (page) => {
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return { context, page: context.pages()[0] ?? (await context.newPage()) };
}

async function simulateSettled(page) {
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid="simulate-page"]');
    return el && Number(el.dataset.settled) > 0 && el.dataset.running === 'false' && document.querySelector('[data-testid="outlay-total"]')?.dataset.state === 'ready';
  }, null, { timeout: 60_000 });
}

async function openTargets(page) {
  await page.goto('/targets');
  await waitForData(page);
  await page.waitForFunction(() => document.querySelector('[data-testid="targets-page"]')?.dataset.status === 'ready', null, { timeout: 90_000 });
}

const J = '[data-key="jiangle-2024q1/new-above-scale-year"]';
const GROWTH = '[data-testid="param-c2_tier1_growth"] input';

test('a browser restart on the same profile keeps the loaded data, a saved scenario and an edited target', async ({ baseURL }) => {
  const profile = mkdtempSync(join(tmpdir(), 'e2e-profile-'));
  const problems = [];
  let run = null;
  try {
    // ---- first browser ----
    run = await launch(profile, baseURL, problems);
    let { page } = run;
    await openDataPage(page);
    await uploadFiles(page, bureauFiles());
    await page.waitForFunction(() => window.__dashboard.saved.status === 'saved', null, { timeout: 60_000 });
    const counts = await shownCounts(page);
    assert.deepEqual(counts, { ...Object.fromEntries(TABLE_NAMES.map((n) => [n, 0])), enterprises: 3, quarterly: 4 });
    const header = (await page.textContent('[data-testid="dataset-source"]'))?.trim();
    assert.match(header ?? '', /^用户数据 · 2 个文件 · /);

    await page.click('[data-testid="nav-simulate"]');
    await page.waitForSelector('[data-testid="simulate-page"]');
    await simulateSettled(page);
    await page.click('[data-testid="params-changchun-2024q1"] > summary');
    await page.fill(GROWTH, '7');
    await page.fill('[data-testid="scenario-name"]', '重启前保存的方案');
    await page.click('[data-testid="scenario-save"]');
    await page.waitForSelector('[data-testid="scenario-open-重启前保存的方案"]');
    const savedAt = await page.textContent('[data-testid="scenario-list"] tr td.muted');

    await openTargets(page);
    await page.click(`${J} [data-testid="edit"]`);
    await page.fill(`${J} [data-testid="edit-value"]`, '100');
    await page.fill(`${J} [data-testid="edit-deadline"]`, '2024-11-30');
    await page.click(`${J} [data-testid="edit-save"]`);
    await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.goal === '100', J);
    assert.deepEqual(problems, []);

    // ---- the whole browser closed; a new one on the same profile ----
    await run.context.close();
    run = null;
    run = await launch(profile, baseURL, problems);
    ({ page } = run);

    await openDataPage(page);
    assert.equal(await page.evaluate(() => window.__dashboard.source), 'user');
    assert.deepEqual(await shownCounts(page), counts);
    assert.equal((await page.textContent('[data-testid="dataset-source"]'))?.trim(), header);
    assert.deepEqual(await page.evaluate(async () => (await window.__dashboard.query('SELECT name FROM enterprises ORDER BY name')).map((r) => r.name)), ['重启测试丙公司', '重启测试乙公司', '重启测试甲公司'].sort());

    await page.click('[data-testid="nav-simulate"]');
    await page.waitForSelector('[data-testid="simulate-page"]');
    await simulateSettled(page);
    await page.waitForSelector('[data-testid="scenario-open-重启前保存的方案"]');
    assert.equal(await page.textContent('[data-testid="scenario-list"] tr td.muted'), savedAt);
    // the scenario being edited is back too (its name and value), and the saved one opens with its value
    await page.click('[data-testid="params-changchun-2024q1"] > summary');
    assert.equal(await page.inputValue('[data-testid="scenario-name"]'), '重启前保存的方案');
    assert.equal(await page.inputValue(GROWTH), '7');
    await page.click('[data-testid="reset"]');
    await page.waitForFunction((sel) => document.querySelector(sel)?.value !== '7', GROWTH);
    await page.click('[data-testid="scenario-open-重启前保存的方案"]');
    await page.waitForFunction((sel) => document.querySelector(sel)?.value === '7', GROWTH);

    await openTargets(page);
    assert.equal(await page.getAttribute(J, 'data-goal'), '100');
    assert.ok(await page.isVisible(`${J} [data-testid="edited"]`));
    assert.match(await page.textContent(J), /2024-11-30/);
    assert.deepEqual(problems, []);
  } finally {
    await run?.context.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  }
}, { timeoutMs: 240_000 });
