import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from './harness.mjs';
import { ROOT, waitForData } from './helpers.mjs';

/** The CLI's total outlay in yuan for the sample with these extra arguments (the engine planners cross-check with). */
const cliTotals = new Map();
function cliTotal(args) {
  const key = args.join(' ');
  if (!cliTotals.has(key)) {
    const out = join(mkdtempSync(join(tmpdir(), 'sim-')), 'x.csv');
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'scripts/evaluate.ts'), '--data', join(ROOT, 'data/sample'), '--out', out, ...args], { cwd: ROOT, encoding: 'utf8' });
    const m = /total (\d+) yuan/.exec(r.stderr);
    assert.ok(m, `CLI failed: ${r.stderr}`);
    cliTotals.set(key, Number(m[1]));
  }
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
  const start = await openSimulate(page);
  const base = cliTotal(['--policy', 'all']);
  assert.equal(start.total, base, 'the baseline outlay is the CLI total');
  assert.equal(start.delta, 0);

  const a = await setParam(page, 'param-c2_tier1_growth', '7', start);
  const expectedA = cliTotal(['--policy', 'all', '--set', 'changchun-2024q1.c2_tier1_growth=7%']);
  assert.equal(a.total, expectedA);
  assert.equal(a.delta, expectedA - base);
  assert.ok(a.delta > 0, 'a lower threshold pays more');

  const b = await setParam(page, 'param-c2_tier1_amount', '15', a);
  const expectedB = cliTotal(['--policy', 'all', '--set', 'changchun-2024q1.c2_tier1_growth=7%', '--set', 'changchun-2024q1.c2_tier1_amount=15']);
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
  assert.equal(t2.total, cliTotal(['--scenario', file]));
  assert.ok(t2.delta > 0);
});
