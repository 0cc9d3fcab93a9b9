/**
 * Two tabs of the app in one browser (one context: the same IndexedDB and localStorage): what one tab
 * saves (a scenario, target edits, the kept data) is announced to the other, which says so with a button
 * to load the new state instead of showing, and later saving over, the old one.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from './harness.mjs';
import { ROOT, openDataPage, uploadFiles, waitForData } from './helpers.mjs';
import { makeUscc } from '../../src/lib/ingest/uscc.ts';

const shot = (page, name) => page.screenshot({ path: join(ROOT, 'test-results', `${name}.png`), fullPage: false });

async function secondTab(context) {
  const tab = await context.newPage();
  tab.setDefaultTimeout(30_000);
  return tab;
}

async function simulateSettled(page, after = -1) {
  await page.waitForFunction((n) => {
    const el = document.querySelector('[data-testid="simulate-page"]');
    return el && Number(el.dataset.settled) > n && el.dataset.running === 'false';
  }, after, { timeout: 60_000 });
  return page.evaluate(() => Number(document.querySelector('[data-testid="simulate-page"]').dataset.settled));
}

async function openSimulate(page) {
  await page.goto('/simulate');
  await waitForData(page);
  await simulateSettled(page);
  await page.click('[data-testid="params-changchun-2024q1"] > summary');
}

const GROWTH = '[data-testid="param-c2_tier1_growth"] input';

test('two tabs: a scenario saved in one appears in the other; the tab that has it open is told and reloads it on request', async ({ page, context }) => {
  const a = page;
  const b = await secondTab(context);
  await openSimulate(a);
  await openSimulate(b);
  const published = await b.inputValue(GROWTH);

  // A saves a new scenario: B's list has it at once; B does not have it open, so no notice
  await a.fill('[data-testid="scenario-name"]', '方案甲');
  await a.click('[data-testid="scenario-save"]');
  await b.waitForSelector('[data-testid="scenario-open-方案甲"]');
  assert.equal(await b.$('[data-testid="scenario-elsewhere"]'), null);

  // B opens it; A changes a value and saves it again: B keeps what it shows and says so
  await b.click('[data-testid="scenario-open-方案甲"]');
  let settledA = await simulateSettled(a);
  await a.fill(GROWTH, '7');
  settledA = await simulateSettled(a, settledA);
  await a.click('[data-testid="scenario-save"]');
  await b.waitForSelector('[data-testid="scenario-elsewhere"]');
  assert.equal((await b.textContent('[data-testid="scenario-elsewhere-text"]'))?.trim(), '另一个标签页已修改了方案「方案甲」；此页显示的是修改前的内容。');
  assert.equal(await b.inputValue(GROWTH), published, 'the tab told is not overwritten');
  assert.equal(await a.$('[data-testid="scenario-elsewhere"]'), null, 'the tab that saved is not told');
  await b.locator('[data-testid="scenario-elsewhere"]').scrollIntoViewIfNeeded();
  await shot(b, 'cross-tab-scenario-zh');

  // 重新载入: B shows the scenario as saved in A
  await b.click('[data-testid="scenario-elsewhere-reload"]');
  await b.waitForFunction((sel) => document.querySelector(sel)?.value === '7', GROWTH);
  assert.equal(await b.$('[data-testid="scenario-elsewhere"]'), null);

  // A deletes it: B's list drops it, B keeps it on screen and says so (no reload: there is nothing to load)
  await a.click('[data-testid="scenario-list"] tr button.danger');
  await b.waitForSelector('[data-testid="scenario-elsewhere"]');
  assert.match(await b.textContent('[data-testid="scenario-elsewhere-text"]'), /^另一个标签页已删除了方案「方案甲」/);
  assert.equal(await b.$('[data-testid="scenario-elsewhere-reload"]'), null);
  assert.equal(await b.$('[data-testid="scenario-open-方案甲"]'), null);
  assert.equal(await b.inputValue(GROWTH), '7');

  // English
  await b.click('[data-testid="lang-switch"]');
  await b.waitForFunction(() => document.documentElement.lang === 'en');
  assert.match(await b.textContent('[data-testid="scenario-elsewhere-text"]'), /^The scenario “方案甲” was deleted in another tab/);

  // each tab's working scenario is its own across a reload (B's value, not A's)
  await b.reload();
  await waitForData(b);
  await simulateSettled(b);
  await b.click('[data-testid="params-changchun-2024q1"] > summary');
  assert.equal(await b.inputValue(GROWTH), '7');
  await a.fill(GROWTH, '9');
  await simulateSettled(a, settledA);
  await b.reload();
  await waitForData(b);
  await simulateSettled(b);
  await b.click('[data-testid="params-changchun-2024q1"] > summary');
  assert.equal(await b.inputValue(GROWTH), '7');
}, { timeoutMs: 240_000 });

async function openTargets(page) {
  await page.goto('/targets');
  await waitForData(page);
  await page.waitForFunction(() => document.querySelector('[data-testid="targets-page"]')?.dataset.status === 'ready', null, { timeout: 90_000 });
}

async function editTarget(page, key, value) {
  const c = `[data-key="${key}"]`;
  await page.click(`${c} [data-testid="edit"]`);
  await page.fill(`${c} [data-testid="edit-value"]`, value);
  await page.click(`${c} [data-testid="edit-save"]`);
  await page.waitForFunction(([sel, v]) => document.querySelector(sel)?.dataset.goal === v, [c, value]);
}

const goal = (page, key) => page.getAttribute(`[data-key="${key}"]`, 'data-goal');
const storedKeys = (page) => page.evaluate(() => Object.keys(JSON.parse(localStorage.getItem('zcdx.targets.edits') ?? '{}').targets ?? {}).sort());

test('two tabs: a target edited in one is announced in the other, which reloads it on request and does not undo it with its own edit', async ({ page, context }) => {
  const a = page;
  const b = await secondTab(context);
  await openTargets(a);
  await openTargets(b);
  // three targets counted in firms (家): the value typed is the goal
  const [k1, k2, k3] = ['jiangle-2024q1/new-above-scale-year', 'sanmenxia-2022/new-above-scale', 'sanmenxia-2022/high-tech'];
  const before1 = await goal(b, k1);

  await editTarget(a, k1, '4321');
  await b.waitForSelector('[data-testid="targets-elsewhere"]');
  assert.equal((await b.textContent('[data-testid="targets-elsewhere-text"]'))?.trim(), '另一个标签页已修改了目标任务（目标值、截止日期或考核年度）；此页显示的是修改前的内容。');
  assert.equal(await goal(b, k1), before1, 'B still shows the target as it was');
  assert.equal(await a.$('[data-testid="targets-elsewhere"]'), null);
  await shot(b, 'cross-tab-targets-zh');
  await b.click('[data-testid="targets-elsewhere-reload"]');
  await b.waitForFunction((k) => document.querySelector(`[data-key="${k}"]`)?.dataset.goal === '4321', k1);
  assert.equal(await b.$('[data-testid="targets-elsewhere"]'), null);

  // A edits another target; B, told but not reloaded, edits a third: all three edits are kept
  await editTarget(a, k2, '765');
  await b.waitForSelector('[data-testid="targets-elsewhere"]');
  await b.click('[data-testid="lang-switch"]');
  await b.waitForFunction(() => document.documentElement.lang === 'en');
  assert.match(await b.textContent('[data-testid="targets-elsewhere-text"]'), /^The targets .* were changed in another tab; this page shows them as they were before\.$/);
  await editTarget(b, k3, '55');
  assert.deepEqual(await storedKeys(b), [k1, k2, k3].sort());
  assert.equal(await goal(b, k2), '765', 'B shows the other tab\'s edit from its own edit on');
  assert.equal(await b.$('[data-testid="targets-elsewhere"]'), null);
  await a.waitForSelector('[data-testid="targets-elsewhere"]');
  await a.click('[data-testid="targets-elsewhere-reload"]');
  await a.waitForFunction((k) => document.querySelector(`[data-key="${k}"]`)?.dataset.goal === '55', k3);
  assert.equal(await goal(a, k1), '4321');
}, { timeoutMs: 240_000 });

function twoFiles() {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-cross-tab-'));
  const firm = (n) => makeUscc(`91220101MA18${String(n).padStart(5, '0')}`);
  const files = {
    'enterprises.csv': ['firm_id,name,district,industry_code,registered_on,is_manufacturing', `${firm(1)},甲公司,绿园区,3670,2015-03-02,1`, `${firm(2)},乙公司,朝阳区,3720,2018-11-20,1`],
    'quarterly.csv': ['firm_id,period,output_10k,sales_10k,above_scale', `${firm(1)},2024Q1,100,90,1`, `${firm(2)},2024Q1,200,180,1`]
  };
  return Object.entries(files).map(([name, lines]) => {
    const path = join(dir, name);
    writeFileSync(path, lines.join('\n') + '\n');
    return path;
  });
}

test('two tabs: data kept in one is announced in the other, which opens it on request; forgetting it there is announced too', async ({ page, context }) => {
  const a = page;
  const b = await secondTab(context);
  await openDataPage(a);
  await b.goto('/');
  await waitForData(b);

  await uploadFiles(a, twoFiles());
  await a.waitForFunction(() => window.__dashboard.saved.status === 'saved', null, { timeout: 60_000 });
  await b.waitForSelector('[data-testid="data-elsewhere"]');
  assert.match((await b.textContent('[data-testid="data-elsewhere-text"]'))?.trim() ?? '', /^另一个标签页载入了新数据，替换了本浏览器中保存的数据（2 个文件，\d{1,2}月\d{1,2}日 \d\d:\d\d 载入）；此页显示的仍是之前的数据。$/);
  assert.equal(await b.evaluate(() => window.__dashboard.source), 'sample');
  assert.equal(await a.$('[data-testid="data-elsewhere"]'), null);
  await shot(b, 'cross-tab-data-zh');

  const v = await b.evaluate(() => window.__dashboard.version);
  await b.click('[data-testid="data-elsewhere-reload"]');
  await b.waitForFunction((n) => window.__dashboard.version > n && window.__dashboard.status === 'ready' && window.__dashboard.source === 'user', v, { timeout: 60_000 });
  assert.equal(await b.evaluate(async () => Number((await window.__dashboard.query('SELECT count(*)::INTEGER AS n FROM enterprises'))[0].n)), 2);
  assert.equal(await b.$('[data-testid="data-elsewhere"]'), null);

  // A forgets the copy B now shows: B is told (no button: nothing to open), in English too
  await a.click('[data-testid="forget-saved"]');
  await a.click('[data-testid="forget-confirm-yes"]');
  await b.waitForSelector('[data-testid="data-elsewhere"]');
  assert.match(await b.textContent('[data-testid="data-elsewhere-text"]'), /^另一个标签页已删除了本浏览器中保存的数据/);
  assert.equal(await b.$('[data-testid="data-elsewhere-reload"]'), null);
  await b.click('[data-testid="lang-switch"]');
  await b.waitForFunction(() => document.documentElement.lang === 'en');
  assert.match(await b.textContent('[data-testid="data-elsewhere-text"]'), /^The kept data was removed from this browser in another tab/);
  await b.click('[data-testid="data-elsewhere-dismiss"]');
  assert.equal(await b.$('[data-testid="data-elsewhere"]'), null);
  assert.equal(await b.evaluate(() => window.__dashboard.saved.meta), null, 'B knows nothing is kept now');
}, { timeoutMs: 240_000 });
