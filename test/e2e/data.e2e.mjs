import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from './harness.mjs';
import { FIXTURES, browserCounts, openDataPage, resetToSample, sampleCounts, shownCounts, shownIssues, uploadFiles } from './helpers.mjs';

const GBK_FILE = '企业名录-gbk.csv';
// Third data row of the GBK file, i.e. row 4 as a spreadsheet numbers it (header = row 1): letter O for zero.
const BAD_ID = '91220101712345O3AP';

test('a GBK CSV with Chinese headers loads and its one bad row is reported with file, row, column and value', async ({ page, screenshot }) => {
  await openDataPage(page);
  await uploadFiles(page, [join(FIXTURES, GBK_FILE)]);
  const issues = await shownIssues(page);
  const rowIssues = issues.filter((i) => i.row !== '—');
  assert.equal(rowIssues.length, 1, `exactly one row is reported: ${JSON.stringify(issues, null, 1)}`);
  const [issue] = rowIssues;
  assert.equal(issue.severity, 'error');
  assert.equal(issue.file, GBK_FILE);
  assert.equal(issue.row, '4');
  assert.equal(issue.column, '统一社会信用代码');
  assert.equal(issue.value, BAD_ID);
  assert.ok(issue.message.length > 4, 'the message says what is wrong');
  assert.equal((await page.textContent('[data-testid="error-count"]'))?.trim(), '1');

  const file = page.locator(`[data-testid="file-row"][data-file="${GBK_FILE}"]`);
  assert.match((await file.textContent()) ?? '', /GB18030/);
  assert.equal((await file.locator('[data-testid="file-rows-read"]').textContent())?.trim(), '5');
  assert.equal((await file.locator('[data-testid="file-rows-loaded"]').textContent())?.trim(), '4');
  assert.equal((await file.locator('[data-testid="file-rows-rejected"]').textContent())?.trim(), '1');
  assert.equal((await shownCounts(page)).enterprises, 4);
  // The 4-byte GB18030 character survived decoding.
  const names = await page.evaluate(async () => (await window.__dashboard.query('SELECT name FROM enterprises ORDER BY name')).map((r) => r.name));
  assert.ok(names.includes('吉林𠮷星轨道交通装备有限公司'), names.join(', '));
  assert.equal(await page.getAttribute('[data-testid="db-status"]', 'data-source'), 'user');
  await screenshot('data-gbk-upload-zh');
  // The message follows the interface language.
  assert.match(issue.message, /第 4 行/);
  await page.click('[data-testid="lang-switch"]');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  const [english] = (await shownIssues(page)).filter((i) => i.row !== '—');
  assert.match(english.message, /row 4/);
  assert.doesNotMatch(english.message, /第 4 行/);
});

test('a duplicate firm-quarter is reported with both row numbers', async ({ page, screenshot }) => {
  await openDataPage(page);
  await uploadFiles(page, [join(FIXTURES, 'enterprises.csv'), join(FIXTURES, '季度运行-duplicate.csv')]);
  const issues = (await shownIssues(page)).filter((i) => i.file === '季度运行-duplicate.csv');
  assert.ok(issues.length >= 1, 'the duplicate is reported');
  assert.ok(issues.every((i) => i.severity === 'error'), JSON.stringify(issues));
  // Data rows 2 and 4 of the file, i.e. spreadsheet rows 3 and 5 (header = row 1).
  const mentioned = new Set(issues.flatMap((i) => [i.row, ...(i.message.match(/\d+/g) ?? [])]));
  assert.ok(mentioned.has('3') && mentioned.has('5'), `rows 3 and 5 are named: ${JSON.stringify(issues, null, 1)}`);
  assert.ok(issues.some((i) => i.value.includes('2024Q1') || i.message.includes('2024Q1') || i.column.includes('period')), 'the period is shown');
  await screenshot('data-duplicate-zh');
});

test('restoring the sample brings back the sample row counts after loading other files', async ({ page }) => {
  const expected = await sampleCounts();
  await openDataPage(page);
  await uploadFiles(page, [join(FIXTURES, 'enterprises.csv')]);
  assert.equal((await shownCounts(page)).enterprises, 2);
  await resetToSample(page);
  assert.deepEqual(await shownCounts(page), expected);
  assert.equal((await page.textContent('[data-testid="error-count"]'))?.trim(), '0');
  assert.equal(await page.getAttribute('[data-testid="db-status"]', 'data-source'), 'sample');
});

test('the language switch turns the page into English and the choice survives a reload', async ({ page, screenshot }) => {
  await openDataPage(page);
  assert.equal((await page.textContent('h1'))?.trim(), '数据与校验');
  await page.click('[data-testid="lang-switch"]');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.equal((await page.textContent('h1'))?.trim(), 'Data and validation');
  assert.equal((await page.textContent('[data-testid="nav-overview"]'))?.trim(), 'Overview');
  assert.equal((await page.textContent('[data-testid="table-enterprises"] .name'))?.trim(), 'Enterprises');
  assert.match((await page.textContent('[data-testid="reset-sample"]')) ?? '', /Restore sample data/);
  await screenshot('data-en');
  await openDataPage(page);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal((await page.textContent('h1'))?.trim(), 'Data and validation');
  await page.click('[data-testid="lang-switch"]');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  assert.equal((await page.textContent('h1'))?.trim(), '数据与校验');
});

test('a file that cannot be read is reported plainly and the data loaded before it stays in place', async ({ page, screenshot }) => {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-'));
  const broken = join(dir, 'quarterly.parquet');
  writeFileSync(broken, Buffer.from('PAR1 this is not a parquet file PAR1'));
  await openDataPage(page);
  const expected = await sampleCounts();
  await uploadFiles(page, [broken]);
  assert.equal(await page.getAttribute('[data-testid="load-notice"]', 'data-kind'), 'error');
  assert.match(await page.textContent('[data-testid="load-notice"]'), /之前的数据仍在使用/);
  const issues = await shownIssues(page);
  assert.ok(issues.length >= 1 && issues.every((i) => i.file === 'quarterly.parquet' && i.severity === 'error'), JSON.stringify(issues));
  // nothing could be loaded: the sample is still the data on every screen
  assert.deepEqual(await shownCounts(page), expected);
  assert.deepEqual(await browserCounts(page), expected);
  assert.equal(await page.getAttribute('[data-testid="db-status"]', 'data-source'), 'sample');
  await screenshot('data-broken-file-zh');
  await resetToSample(page);
  assert.deepEqual(await shownCounts(page), expected);
});

test('dropping files on the drop zone loads them like the file picker', async ({ page }) => {
  await openDataPage(page);
  const before = await page.evaluate(() => window.__dashboard.version);
  const csv = readFileSync(join(FIXTURES, 'enterprises.csv'), 'utf8');
  const transfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'enterprises.csv', { type: 'text/csv' }));
    return dt;
  }, csv);
  await page.dispatchEvent('[data-testid="drop-zone"]', 'dragenter', { dataTransfer: transfer });
  await page.dispatchEvent('[data-testid="drop-zone"]', 'drop', { dataTransfer: transfer });
  await page.waitForFunction((v) => window.__dashboard.version > v && window.__dashboard.status === 'ready', before);
  await page.waitForSelector('[data-testid="load-notice"]');
  assert.equal((await shownCounts(page)).enterprises, 2);
  assert.equal(await page.getAttribute('[data-testid="db-status"]', 'data-source'), 'user');
});

test('a bureau spreadsheet with a title, a 合计 row and a note loads; the rows left out are listed as their own kind, in Chinese and English', async ({ page, screenshot }) => {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-'));
  const quarterly = join(dir, '季度运行-合计.csv');
  const [a, b] = readFileSync(join(FIXTURES, 'enterprises.csv'), 'utf8').split('\n').slice(1, 3).map((l) => l.split(',')[0]);
  writeFileSync(
    quarterly,
    [
      '2024年一季度规上工业企业运行情况,,,',
      '单位：万元,,,',
      '统一社会信用代码,期别,工业总产值,规上',
      `${a},2024Q1,1200,1`,
      `${b},2024年一季度,800,1`,
      '合计,,2000,',
      '注：产值为现价。'
    ].join('\n') + '\n'
  );
  await openDataPage(page);
  await uploadFiles(page, [join(FIXTURES, 'enterprises.csv'), quarterly]);
  assert.equal((await page.textContent('[data-testid="error-count"]'))?.trim(), '0');
  assert.equal((await shownCounts(page)).quarterly, 2);
  assert.match((await page.textContent('[data-testid="load-notice"]')) ?? '', /2 行合计或注释已略过/);
  const file = page.locator('[data-testid="file-row"][data-file="季度运行-合计.csv"]');
  assert.equal((await file.locator('[data-testid="file-rows-read"]').textContent())?.trim(), '4');
  assert.equal((await file.locator('[data-testid="file-rows-loaded"]').textContent())?.trim(), '2');
  assert.equal((await file.locator('[data-testid="file-rows-left-out"]').textContent())?.trim(), '2');
  assert.equal((await page.textContent('[data-testid="left-out-count"]'))?.trim(), '2');
  const kinds = await page.$$eval('[data-testid="left-out-kind"]', (els) => els.map((e) => [e.getAttribute('data-kind'), e.textContent?.trim()]));
  assert.deepEqual(kinds.map(([k]) => k), ['total', 'note', 'title']);
  const rows = await page.$$eval('[data-testid="left-out-row"]', (els) => els.map((e) => [e.getAttribute('data-kind'), e.querySelector('[data-testid="left-out-row-number"]')?.textContent?.trim()]));
  assert.deepEqual(rows, [['title', '1'], ['title', '2'], ['total', '6'], ['note', '7']]);
  assert.match((await page.textContent('[data-testid="left-out"]')) ?? '', /第 6 行是合计或小计行/);
  await page.locator('[data-testid="left-out"]').scrollIntoViewIfNeeded();
  await screenshot('data-left-out-zh');
  await page.click('[data-testid="lang-switch"]');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  const english = (await page.textContent('[data-testid="left-out"]')) ?? '';
  assert.match(english, /Rows left out \(totals, notes, titles\)/);
  assert.match(english, /row 6 is a total or subtotal row/);
  await page.click('[data-testid="lang-switch"]');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
});

test('a long load shows its steps with a progress bar, and cancelling it keeps the data in use before', async ({ page, screenshot }) => {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-'));
  const big = join(dir, '季度运行-大.csv');
  const lines = ['统一社会信用代码,期别,工业总产值,销售收入,工业用电,天然气,从业人员,规上'];
  for (let i = 0; i < 400_000; i++) lines.push(`9122010171234501AM,${1000 + Math.floor(i / 4)}Q${(i % 4) + 1},${(i % 9973) + 0.25},${i % 5000},${i % 70000},0,${i % 300},1`);
  writeFileSync(big, lines.join('\n') + '\n');
  await openDataPage(page);
  const expected = await sampleCounts();
  const version = await page.evaluate(() => window.__dashboard.version);
  await page.setInputFiles('[data-testid="file-input"]', [join(FIXTURES, 'enterprises.csv'), big]);
  await page.waitForSelector('[data-testid="load-progress"]');
  const text = await page.textContent('[data-testid="load-progress"]');
  assert.match(text, /正在(读取文件|校验并入库)/);
  assert.match(text, /第 \d+ \/ 10 步/); // 2 files, 7 tables, the summary
  await screenshot('data-load-progress');
  await page.click('[data-testid="load-cancel"]');
  await page.waitForSelector('[data-testid="load-notice"]', { timeout: 60_000 });
  assert.equal(await page.getAttribute('[data-testid="load-notice"]', 'data-kind'), 'warn');
  assert.match(await page.textContent('[data-testid="load-notice"]'), /已取消载入/);
  await page.waitForFunction(() => window.__dashboard.status === 'ready');
  assert.equal(await page.getAttribute('[data-testid="db-status"]', 'data-source'), 'sample');
  assert.deepEqual(await shownCounts(page), expected);
  assert.deepEqual(await browserCounts(page), expected);
  assert.ok((await page.evaluate(() => window.__dashboard.version)) > version, 'the sample was loaded again');
  assert.equal(await page.$('[data-testid="load-progress"]'), null);
});

test('a policy evaluation that runs out of memory says at which step, and what to do, on every page', async ({ page, screenshot }) => {
  await openDataPage(page); // the data page loads the sample but evaluates nothing
  // room for what the data holds, not for the evaluation's per-firm metrics
  const limit = await page.evaluate(async () => {
    const [{ used, limit }] = await window.__dashboard.query(`SELECT sum(memory_usage_bytes)::BIGINT AS used, current_setting('memory_limit') AS limit FROM duckdb_memory()`);
    await window.__dashboard.query(`SET memory_limit = '${Math.ceil(Number(used) / 1e6) + 1}MB'`);
    return limit;
  });
  await page.click('[data-testid="nav-overview"]');
  await page.waitForSelector('[data-testid="out-of-memory"]', { timeout: 60_000 });
  await page.evaluate((limit) => window.__dashboard.query(`SET memory_limit = '${limit}'`), limit);
  assert.equal(await page.getAttribute('[data-testid="out-of-memory"]', 'data-step'), 'metrics');
  assert.equal(await page.getAttribute('[data-testid="kpi-outlay"]', 'data-state'), 'error');
  const text = await page.textContent('[data-testid="out-of-memory"]');
  assert.match(text, /浏览器内存不足，政策测算在“企业指标计算”这一步未能完成/);
  assert.match(text, /npm run evaluate/);
  await screenshot('out-of-memory-zh');
  // with memory back, the next screen's evaluation succeeds and the notice goes
  await page.click('[data-testid="nav-simulate"]');
  await page.waitForFunction(() => /^\d+$/.test(document.querySelector('[data-testid="outlay-total"]')?.getAttribute('data-value') ?? ''), null, { timeout: 60_000 });
  await page.waitForFunction(() => !document.querySelector('[data-testid="out-of-memory"]'));
});

test('the evaluation of files just loaded can be cancelled from the header: the data before them comes back', async ({ page, screenshot }) => {
  await openDataPage(page);
  const expected = await sampleCounts();
  await uploadFiles(page, [join(FIXTURES, 'enterprises.csv')]);
  assert.equal(await page.getAttribute('[data-testid="db-status"]', 'data-source'), 'user');
  await page.click('[data-testid="nav-overview"]');
  // clicked in the page as soon as the chip offers it (the evaluation of two firms is quick)
  await page.waitForFunction(() => {
    const stop = document.querySelector('[data-testid="evaluation-cancel"]');
    stop?.click();
    return !!stop;
  }, null, { polling: 'raf', timeout: 60_000 });
  await page.waitForSelector('[data-testid="evaluation-cancelled"]', { timeout: 60_000 });
  await page.waitForFunction(() => window.__dashboard.source === 'sample' && window.__dashboard.status === 'ready');
  assert.match(await page.textContent('[data-testid="evaluation-cancelled"]'), /已取消对刚载入数据的政策测算，已恢复为载入前的数据/);
  await page.waitForSelector('[data-testid="kpi-outlay"][data-state="ready"]', { timeout: 60_000 });
  assert.deepEqual(await browserCounts(page), expected);
  await screenshot('evaluation-cancelled-zh');
  // the copy kept of the cancelled files no longer opens at start-up
  assert.equal(await page.evaluate(() => window.__dashboard.saved.meta?.active ?? false), false);
  await page.click('[data-testid="evaluation-cancelled-dismiss"]');
  assert.equal(await page.$('[data-testid="evaluation-cancelled"]'), null);
  // a load whose evaluation ran to the end has nothing left to cancel
  await page.click('[data-testid="nav-data"]');
  await uploadFiles(page, [join(FIXTURES, 'enterprises.csv')]);
  assert.equal(await page.evaluate(() => window.__dashboard.undoable), true);
  await page.click('[data-testid="nav-overview"]');
  await page.waitForFunction(() => window.__dashboard.source === 'user' && document.querySelector('[data-testid="kpi-outlay"]')?.getAttribute('data-state') === 'ready' && !window.__dashboard.evaluating, null, { timeout: 60_000 });
  assert.equal(await page.evaluate(() => window.__dashboard.undoable), false);
});
