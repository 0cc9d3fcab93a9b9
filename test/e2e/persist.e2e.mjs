/**
 * The bureau's data stays in the browser: loaded on /data, it opens again on reload, in a new tab, after
 * 恢复示例数据 + 打开保存的数据, until it is forgotten. A failed store is reported; a damaged or foreign
 * copy falls back to the sample with a notice. Each test keeps its storage across
 * reloads (and starts empty).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from './harness.mjs';
import { TABLE_NAMES, openDataPage, sampleCounts, shownCounts, uploadFiles, waitForData } from './helpers.mjs';
import { makeUscc } from '../../src/lib/ingest/uscc.ts';

const firm = (n) => makeUscc(`91220101MA17${String(n).padStart(5, '0')}`);

/** Three small CSV files with Chinese names and headers; one quarterly row has a bad period and is rejected. */
function bureauFiles() {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-persist-'));
  const files = {
    '企业名录.csv': [
      '统一社会信用代码,企业名称,区县,行业代码,注册日期,是否制造业,联系人',
      `${firm(1)},吉林𠮷星汽车零部件有限公司,绿园区,3670,2015-03-02,是,张三`,
      `${firm(2)},长春轨道客车配件有限公司,朝阳区,3720,2018-11-20,是,`,
      `${firm(3)},九台电子元件有限公司,九台区,3981,2020-06-30,是,李四`
    ],
    '季度运行数据.csv': [
      '统一社会信用代码,期别,工业总产值（万元）,销售收入（万元）,工业用电,从业人员,规上',
      `${firm(1)},2024Q1,5230.55,5100.10,820000,312,1`,
      `${firm(1)},2023Q1,4800.00,4700.00,790000,300,1`,
      `${firm(2)},2024年一季度,1999.99,1800,120000,88,0`,
      `${firm(3)},2024Q1,3300.5,3200.25,300000,150,1`,
      `${firm(3)},2024Q5,1,1,1,1,1`
    ],
    'certifications.csv': ['firm_id,kind,granted_on', `${firm(1)},specialized_provincial,2023-06-01`, `${firm(3)},high_tech,2022-12-15`]
  };
  return Object.entries(files).map(([name, lines]) => {
    const path = join(dir, name);
    writeFileSync(path, lines.join('\n') + '\n');
    return path;
  });
}

const NAMES = ['企业名录.csv', '季度运行数据.csv', 'certifications.csv'];

/** What the page shows and holds: row counts, the header, the report's files, and each table's columns and rows. */
async function snapshot(page) {
  const data = await page.evaluate(async (names) => {
    const d = window.__dashboard;
    const tables = {};
    for (const n of names) {
      const columns = await d.query(`SELECT column_name || ' ' || column_type AS c FROM (DESCRIBE "${n}")`);
      const [{ rows }] = await d.query(`SELECT md5(coalesce(string_agg(t::VARCHAR, '|' ORDER BY t::VARCHAR), '')) AS rows FROM "${n}" t`);
      tables[n] = { columns: columns.map((r) => r.c).join(', '), rows };
    }
    return {
      source: d.source,
      loadedAt: d.loadedAt,
      files: d.report.files.map((f) => `${f.file}: ${f.rowsRead} read, ${f.rowsLoaded} loaded, ${f.rowsRejected} rejected`),
      errors: d.report.errorCount,
      tables
    };
  }, TABLE_NAMES);
  return {
    ...data,
    counts: await shownCounts(page),
    header: (await page.textContent('[data-testid="dataset-source"]'))?.trim(),
    fileRows: await page.$$eval('[data-testid="file-row"]', (rows) => rows.map((r) => r.getAttribute('data-file')))
  };
}

/** Milliseconds from navigation start to the first data ready, as the page measured it. */
const readyMs = (page) => page.evaluate(() => window.__dashboard.timings.readyMs);

async function reloadData(page) {
  await page.reload();
  await waitForData(page);
  await page.waitForFunction(
    (names) => names.every((n) => /^\d+$/.test(document.querySelector(`[data-testid="table-rows-${n}"]`)?.textContent?.trim() ?? '')),
    TABLE_NAMES
  );
}

const waitSaved = (page, status) => page.waitForFunction((s) => window.__dashboard.saved.status === s, status, { timeout: 60_000 });

/**
 * Edits the kept copy's IndexedDB record in the page: `formatDelta` shifts the record's format number
 * (a newer or older app wrote it), `cutTable` keeps only the first 100 bytes of that table. Plain data,
 * not code: the app's Content-Security-Policy forbids evaluating strings.
 */
function editStoredCopy(page, { formatDelta = 0, cutTable = null }) {
  return page.evaluate(
    ({ formatDelta, cutTable }) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('zcdx-saved-data');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('copy', 'readwrite');
          const store = tx.objectStore('copy');
          const r = store.get('meta');
          r.onsuccess = () => store.put({ ...r.result, format: r.result.format + formatDelta }, 'meta');
          if (cutTable) {
            const q = store.get(`table:${cutTable}`);
            q.onsuccess = () => store.put(q.result.slice(0, 100), `table:${cutTable}`);
          }
          tx.oncomplete = () => (open.result.close(), resolve(true));
          tx.onerror = () => reject(tx.error);
        };
      }),
    { formatDelta, cutTable }
  );
}

test('data loaded on /data is kept in this browser: it opens again after a reload and in a new tab, and the sample is back once it is forgotten', async ({ page, context, screenshot }) => {
  const sample = await sampleCounts();
  await openDataPage(page);
  const sampleCold = await readyMs(page);
  assert.equal(await page.getAttribute('[data-testid="saved-copy"]', 'data-kept'), 'no');

  await uploadFiles(page, bureauFiles());
  await waitSaved(page, 'saved');
  const loaded = await snapshot(page);
  assert.equal(loaded.source, 'user');
  assert.deepEqual(loaded.counts, { ...Object.fromEntries(TABLE_NAMES.map((n) => [n, 0])), enterprises: 3, quarterly: 4, certifications: 2 });
  assert.match(loaded.header, /^用户数据 · 3 个文件 · \d{1,2}月\d{1,2}日 \d\d:\d\d 载入$/);
  assert.deepEqual(loaded.fileRows, NAMES);
  assert.equal(loaded.errors, 1);
  assert.equal(await page.getAttribute('[data-testid="saved-copy"]', 'data-showing'), 'yes');

  // Reload: the same data, the same report, the same load time; no sample in between.
  await reloadData(page);
  const storedWarm = await readyMs(page);
  assert.deepEqual(await snapshot(page), loaded);
  // opened as stored: its tables matched the record, so no row went through the checks again
  assert.equal(await page.evaluate(() => window.__dashboard.timings.copy), 'as-stored');
  assert.equal((await page.textContent('[data-testid="error-count"]'))?.trim(), '1');
  await screenshot('persist-data-reloaded-zh');

  // A new tab opens on the same data.
  const tab = await context.newPage();
  await tab.goto('/');
  await waitForData(tab);
  assert.equal(await tab.evaluate(() => window.__dashboard.source), 'user');
  assert.equal((await tab.textContent('[data-testid="dataset-source"]'))?.trim(), loaded.header);
  await tab.close();

  // English header names the files and the time too.
  await page.click('[data-testid="lang-switch"]');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.match((await page.textContent('[data-testid="dataset-source"]'))?.trim() ?? '', /^Your data · 3 files · loaded \d{1,2} [A-Z][a-z]{2} \d\d:\d\d$/);
  await screenshot('persist-data-reloaded-en');
  await page.click('[data-testid="lang-switch"]');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');

  // 恢复示例数据 keeps the copy (and says so); the next start opens the sample; 打开保存的数据 brings it back.
  const before = await page.evaluate(() => window.__dashboard.version);
  await page.click('[data-testid="reset-sample"]');
  await page.waitForFunction((v) => window.__dashboard.version > v && window.__dashboard.source === 'sample', before);
  await page.waitForSelector('[data-testid="load-notice"][data-kind="ok"]');
  assert.match((await page.textContent('[data-testid="load-notice"]')) ?? '', /本浏览器中保存的数据（3 个文件，.*载入）仍保留/);
  await page.waitForSelector('[data-testid="open-saved"]');
  await screenshot('persist-sample-with-saved-copy-zh');
  await reloadData(page);
  assert.equal(await page.evaluate(() => window.__dashboard.source), 'sample');
  assert.deepEqual(await shownCounts(page), sample);
  const v2 = await page.evaluate(() => window.__dashboard.version);
  await page.click('[data-testid="open-saved"]');
  await page.waitForFunction((v) => window.__dashboard.version > v && window.__dashboard.source === 'user', v2);
  await page.waitForSelector('[data-testid="load-notice"][data-kind="ok"]');
  assert.deepEqual(await snapshot(page), loaded);
  await reloadData(page);
  assert.deepEqual(await snapshot(page), loaded, 'reopened, it is again the copy the next start opens');

  // Forget: asks first; the data stays on screen; the next start opens the sample.
  await page.click('[data-testid="forget-saved"]');
  await page.waitForSelector('[data-testid="forget-confirm"]');
  await screenshot('persist-forget-confirm-zh');
  await page.click('[data-testid="forget-cancel"]');
  assert.equal(await page.getAttribute('[data-testid="saved-copy"]', 'data-kept'), 'yes');
  await page.click('[data-testid="forget-saved"]');
  await page.click('[data-testid="forget-confirm-yes"]');
  await page.waitForFunction(() => window.__dashboard.saved.meta === null);
  await page.waitForSelector('[data-testid="load-notice"][data-kind="ok"]');
  assert.equal(await page.getAttribute('[data-testid="saved-copy"]', 'data-kept'), 'no');
  assert.equal(await page.evaluate(() => window.__dashboard.source), 'user');
  await reloadData(page);
  const sampleWarm = await readyMs(page);
  assert.equal(await page.evaluate(() => window.__dashboard.source), 'sample');
  assert.deepEqual(await shownCounts(page), sample);
  assert.equal((await page.textContent('[data-testid="dataset-source"]'))?.trim(), '示例市 · 示例数据');
  assert.equal(await page.$('[data-testid="saved-start-notice"]'), null);
  console.log(`      navigation to ready: sample ${sampleCold} ms (first visit), ${sampleWarm} ms (reload); kept copy ${storedWarm} ms (reload)`);
}, { timeoutMs: 300_000 });

test('a failure to keep data in this browser (no space) is reported on /data and the next visit opens the sample', async ({ page }) => {
  // Every table write fails as a full disk would.
  await page.addInitScript(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (value, key) {
      if (String(key).startsWith('table:')) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.call(this, value, key);
    };
  });
  await openDataPage(page);
  await uploadFiles(page, bureauFiles());
  await waitSaved(page, 'failed');
  assert.equal(await page.getAttribute('[data-testid="saved-failed"]', 'data-kind'), 'quota');
  assert.match((await page.textContent('[data-testid="saved-failed"]')) ?? '', /未能保存到本浏览器：存储空间不足/);
  assert.equal(await page.evaluate(() => window.__dashboard.source), 'user', 'the data loaded is still on screen');
  await reloadData(page);
  assert.equal(await page.evaluate(() => window.__dashboard.source), 'sample');
  assert.equal(await page.$('[data-testid="saved-start-notice"]'), null, 'nothing half-saved to complain about');
  assert.equal(await page.getAttribute('[data-testid="saved-copy"]', 'data-kept'), 'no');
});

test('data kept in this browser by a newer version, or damaged, falls back to the sample with a notice', async ({ page, screenshot }) => {
  const sample = await sampleCounts();
  await openDataPage(page);
  await uploadFiles(page, bureauFiles());
  await waitSaved(page, 'saved');

  // Written by a newer version: refused, kept, the sample shows with a notice on every page.
  await editStoredCopy(page, { formatDelta: 1 });
  await page.goto('/');
  await waitForData(page);
  await page.waitForSelector('[data-testid="saved-start-notice"][data-problem="newer"]');
  assert.equal(await page.evaluate(() => window.__dashboard.source), 'sample');
  await screenshot('persist-notice-newer-zh');

  // Damaged (a table cut short): refused and removed; after that, a clean start.
  await editStoredCopy(page, { formatDelta: -1, cutTable: 'quarterly' });
  await openDataPage(page);
  await page.waitForSelector('[data-testid="saved-start-notice"][data-problem="corrupt"][data-removed="true"]');
  assert.match((await page.textContent('[data-testid="saved-start-notice"]')) ?? '', /quarterly: 100 bytes/);
  assert.equal(await page.evaluate(() => window.__dashboard.source), 'sample');
  assert.deepEqual(await shownCounts(page), sample);
  await screenshot('persist-notice-damaged-zh');
  await page.click('[data-testid="saved-start-notice-dismiss"]');
  assert.equal(await page.$('[data-testid="saved-start-notice"]'), null);
  await reloadData(page);
  assert.equal(await page.$('[data-testid="saved-start-notice"]'), null);
  assert.equal(await page.getAttribute('[data-testid="saved-copy"]', 'data-kept'), 'no');
});
