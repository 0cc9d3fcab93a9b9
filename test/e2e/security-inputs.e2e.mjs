/**
 * Text a user types into the app's own fields: a scenario's name, and the targets' edit fields. Quotes,
 * backslashes, `%_`, SQL and markup are saved, reloaded and shown exactly as typed, as text, with no error;
 * a target's value takes a number only and its deadline a date (anything else is refused on the form, nothing
 * is stored), and stored edits holding anything else are left out. Beside security.e2e.mjs (firm names, search, requests).
 */
import assert from 'node:assert/strict';
import { test } from './harness.mjs';
import { waitForData } from './helpers.mjs';

/** Markup, a script, SQL, quotes, backslashes, LIKE wildcards, a replacement pattern ($') and a message slot ({name}). */
const HOSTILE = `<script>window.__xss=3</script><img src=x onerror="window.__xss=4"> ' OR 1=1 -- "方案" \\d\\\\ %_ $' {name} 「甲」`;
const NO_MARKUP = () => ({ xss: window.__xss ?? null, imgs: document.querySelectorAll('img[src="x"]').length, scripts: [...document.querySelectorAll('script')].filter((s) => s.textContent.includes('__xss')).length });
const CLEAN = { xss: null, imgs: 0, scripts: 0 };

async function simulateSettled(page) {
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid="simulate-page"]');
    return el && Number(el.dataset.settled) > 0 && el.dataset.running === 'false';
  }, null, { timeout: 60_000 });
}

const listedNames = (page) => page.$$eval('[data-testid="scenario-list"] tr .nm', (els) => els.map((e) => e.textContent));

test('security: a scenario named with markup, quotes, backslashes, %_ and SQL is saved, reloaded and shown exactly as text', async ({ page, context, screenshot }) => {
  await page.goto('/simulate');
  await waitForData(page);
  await simulateSettled(page);
  await page.fill('[data-testid="scenario-name"]', HOSTILE);
  await page.click('[data-testid="scenario-save"]');
  await page.waitForSelector('[data-testid="scenario-list"] tr');
  assert.deepEqual(await listedNames(page), [HOSTILE]);
  assert.equal(await page.inputValue('[data-testid="scenario-name"]'), HOSTILE);
  assert.equal(await page.$('[data-testid="scenario-notice"]'), null, 'no error');

  // reloaded: from IndexedDB (the list) and from the working copy (the name field, the summary's heading)
  await page.reload();
  await waitForData(page);
  await simulateSettled(page);
  await page.waitForSelector('[data-testid="scenario-list"] tr');
  assert.deepEqual(await listedNames(page), [HOSTILE]);
  assert.equal(await page.inputValue('[data-testid="scenario-name"]'), HOSTILE);
  assert.ok((await page.textContent('[data-testid="simulate-page"]')).includes(`：${HOSTILE}`), 'the summary heading names it as typed');

  // compared: its name heads a column and a bar
  await page.check('[data-testid="scenario-list"] tr input[type="checkbox"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="compare"]')?.dataset.columns === '2' && document.querySelector('[data-testid="compare-total-1"]'), null, { timeout: 60_000 });
  assert.equal(await page.textContent('[data-testid="compare-total-1"] .nm'), HOSTILE);
  assert.ok((await page.$$eval('[data-testid="compare"] th', (els) => els.map((e) => e.textContent))).includes(HOSTILE));

  // another tab that has it open is told its name exactly (a message slot filled once, as text)
  const other = await context.newPage();
  other.setDefaultTimeout(30_000);
  await other.goto('/simulate');
  await waitForData(other);
  await simulateSettled(other);
  await other.waitForSelector('[data-testid="scenario-list"] tr');
  await other.click('[data-testid="scenario-list"] tr button.link-btn:not(.danger)');
  await page.click('[data-testid="scenario-list"] tr button.link-btn:not(.danger)');
  await page.click('[data-testid="scenario-save"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="scenario-list"] tr').length === 1);
  await other.waitForSelector('[data-testid="scenario-elsewhere"]');
  assert.equal((await other.textContent('[data-testid="scenario-elsewhere-text"]')).trim(), `另一个标签页已修改了方案「${HOSTILE}」；此页显示的是修改前的内容。`);
  assert.deepEqual(await other.evaluate(NO_MARKUP), CLEAN);
  await other.close();

  await page.locator('[data-testid="scenarios"]').scrollIntoViewIfNeeded();
  await screenshot('security-hostile-scenario-name');
  assert.deepEqual(await page.evaluate(NO_MARKUP), CLEAN, 'nothing ran, no element came from the name');
}, { timeoutMs: 180_000 });

const J = '[data-key="jiangle-2024q1/new-above-scale-year"]';
const storedEdits = (page) => page.evaluate(() => localStorage.getItem('zcdx.targets.edits'));

async function openTargets(page) {
  await page.goto('/targets');
  await waitForData(page);
  await page.waitForFunction(() => document.querySelector('[data-testid="targets-page"]')?.dataset.status === 'ready', null, { timeout: 90_000 });
}

test('security: a target value typed as markup, SQL, quotes or %_ is refused on the form and nothing is stored; stored edits holding such text are left out, nothing of it shown', async ({ page }) => {
  await openTargets(page);
  const goal = await page.getAttribute(J, 'data-goal');
  await page.click(`${J} [data-testid="edit"]`);
  for (const text of ['<script>window.__xss=5</script>', "' OR 1=1 --", '%_', '"12"', '12\\', '1; DROP TABLE quarterly', '<img src=x onerror="window.__xss=6">']) {
    await page.fill(`${J} [data-testid="edit-value"]`, text);
    await page.click(`${J} [data-testid="edit-save"]`);
    await page.waitForSelector(`${J} [data-testid="edit-value"][aria-invalid="true"]`);
    assert.equal(await page.inputValue(`${J} [data-testid="edit-value"]`), text, 'the field keeps what was typed, as typed');
    assert.equal(await storedEdits(page), null, `nothing stored for ${text}`);
    assert.equal(await page.getAttribute(J, 'data-goal'), goal);
  }
  assert.match(await page.textContent(`${J} [data-testid="edit-form"]`), /请填写数字/);
  // the date field takes a date only: the browser drops anything else
  await page.$eval(`${J} [data-testid="edit-deadline"]`, (el) => {
    el.value = "<script>' OR 1=1 --";
  });
  assert.equal(await page.inputValue(`${J} [data-testid="edit-deadline"]`), '');
  // a number with spaces around it is a number
  await page.fill(`${J} [data-testid="edit-value"]`, ' 12 ');
  await page.fill(`${J} [data-testid="edit-deadline"]`, '2024-12-31');
  await page.click(`${J} [data-testid="edit-save"]`);
  await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.goal === '12', J);
  assert.deepEqual(JSON.parse(await storedEdits(page)).targets, { 'jiangle-2024q1/new-above-scale-year': { lo: 12 } });

  // reloaded: the same
  await openTargets(page);
  assert.equal(await page.getAttribute(J, 'data-goal'), '12');
  assert.match(await page.textContent(J), /截止 2024-12-31/);

  // stored edits holding text instead (written by hand, another version): each such value is left out (the
  // notice's applies), the valid ones kept, nothing of the text reaches the page, no error
  const hostile = `<img src=x onerror="window.__xss=7">' OR 1=1 -- \\%_`;
  const noticeDeadline = (await page.textContent(`[data-key="jiangle-2024q1/new-above-scale-q1"]`)).match(/截止 (\d{4}-\d{2}-\d{2})/)[1];
  await page.evaluate((h) => localStorage.setItem('zcdx.targets.edits', JSON.stringify({
    periods: { 'sanmenxia-2022': { year: h } },
    targets: { 'jiangle-2024q1/new-above-scale-year': { lo: 12, deadline: h }, 'jiangle-2024q1/new-above-scale-q1': { lo: h, hi: '9', deadline: '2024-06-30' }, x: h }
  })), hostile);
  await openTargets(page);
  assert.equal(await page.getAttribute(J, 'data-goal'), '12');
  assert.match(await page.textContent(J), /截止 2024-12-31/, 'the notice\'s deadline');
  const q1 = '[data-key="jiangle-2024q1/new-above-scale-q1"]';
  assert.match(await page.textContent(q1), /截止 2024-06-30/, 'the valid deadline is kept');
  assert.notEqual(noticeDeadline, '2024-06-30');
  assert.ok(!(await page.textContent('[data-testid="targets-page"]')).includes('onerror'));
  assert.deepEqual(await page.evaluate(NO_MARKUP), CLEAN);
}, { timeoutMs: 180_000 });

test('security: number fields (the overview budget, a simulate parameter, the sweep range) refuse hostile text where it is typed; nothing moves', async ({ page }) => {
  await page.goto('/');
  await waitForData(page);
  await page.waitForSelector('[data-testid="kpi-outlay"][data-state="ready"]', { timeout: 60_000 });
  // the budget shows once the pools are read too (a query of its own, after the outlay's)
  await page.waitForSelector('[data-testid="budget-edit"]');
  const budget = await page.getAttribute('[data-testid="kpi-outlay"]', 'data-budget');
  assert.notEqual(budget, '');
  await page.click('[data-testid="budget-edit"]');
  await page.fill('[data-testid="budget-input"]', HOSTILE);
  await page.click('[data-testid="budget-save"]');
  await page.waitForSelector('[data-testid="budget-input"][aria-invalid="true"]');
  assert.equal(await page.getAttribute('[data-testid="kpi-outlay"]', 'data-budget'), budget, 'the budget is unchanged');
  assert.deepEqual(await page.evaluate(NO_MARKUP), CLEAN);

  await page.goto('/simulate');
  await waitForData(page);
  await simulateSettled(page);
  const total = await page.getAttribute('[data-testid="outlay-total"]', 'data-value');
  await page.click('[data-testid="params-changchun-2024q1"] > summary');
  const field = '[data-testid="param-c2_tier1_growth"]';
  await page.fill(`${field} input`, HOSTILE);
  await page.waitForSelector(`${field} input[aria-invalid="true"]`);
  assert.ok(await page.locator(`${field} .error`).isVisible(), 'the refusal is said beside the field');
  assert.equal(await page.getAttribute(field, 'data-changed'), 'false', 'the scenario keeps the published value');
  assert.equal(await page.getAttribute('[data-testid="outlay-total"]', 'data-value'), total, 'the outlay does not move');

  await page.click('[data-testid="tab-sweep"]');
  await page.selectOption('[data-testid="sweep-param"]', 'changchun-2024q1|c2_tier1_growth');
  await page.fill('[data-testid="sweep-from"]', HOSTILE);
  await page.click('[data-testid="sweep-run"]');
  await page.waitForSelector('[data-testid="sweep"] .error');
  assert.equal(await page.$('[data-testid="sweep-chart"]'), null, 'no sweep was run');
  assert.deepEqual(await page.evaluate(NO_MARKUP), CLEAN);
});
