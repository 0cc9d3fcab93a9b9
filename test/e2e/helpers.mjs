/** Shared steps for the end-to-end tests (run under tsx, so the app's TypeScript modules import directly). */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TABLES } from '../../src/lib/ingest/contract.ts';
import { openNodeDb } from '../../src/lib/db/node.ts';
import { literal } from '../../src/lib/db/types.ts';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = join(ROOT, 'test/fixtures/e2e');
export const TABLE_NAMES = TABLES.map((t) => t.name);

/** Row counts of the embedded sample as native DuckDB reads them from data/sample/*.parquet (absent file: 0). */
export async function sampleCounts() {
  const db = await openNodeDb();
  try {
    const counts = {};
    for (const name of TABLE_NAMES) {
      const path = join(ROOT, 'data/sample', `${name}.parquet`);
      counts[name] = existsSync(path)
        ? Number((await db.query(`SELECT count(*)::INTEGER AS n FROM read_parquet(${literal(path)})`))[0].n)
        : 0;
    }
    return counts;
  } finally {
    await db.close();
  }
}

/** Waits until the shared database has started and the first dataset is on screen. */
export async function waitForData(page) {
  await page.waitForFunction(() => window.__dashboard !== undefined);
  await page.evaluate(() => window.__dashboard.ready);
  await page.waitForFunction(() => window.__dashboard.status === 'ready' && window.__dashboard.report !== null);
}

/** Opens /data and waits until every table's row count is shown. */
export async function openDataPage(page) {
  await page.goto('/data');
  await waitForData(page);
  await page.waitForFunction(
    (names) => names.every((n) => /^\d+$/.test(document.querySelector(`[data-testid="table-rows-${n}"]`)?.textContent?.trim() ?? '')),
    TABLE_NAMES
  );
}

/** The row counts the /data page shows, by table. */
export async function shownCounts(page) {
  const counts = {};
  for (const name of TABLE_NAMES) {
    const text = (await page.textContent(`[data-testid="table-rows-${name}"]`))?.trim() ?? '';
    counts[name] = /^\d+$/.test(text) ? Number(text) : text;
  }
  return counts;
}

/** Row counts the in-page DuckDB holds, by table. */
export async function browserCounts(page) {
  return page.evaluate(async (names) => {
    const out = {};
    for (const n of names) out[n] = Number((await window.__dashboard.query(`SELECT count(*)::INTEGER AS n FROM "${n}"`))[0].n);
    return out;
  }, TABLE_NAMES);
}

/** Loads files through the file picker and waits for the load to finish (new version, page idle). */
export async function uploadFiles(page, paths) {
  const before = await page.evaluate(() => window.__dashboard.version);
  await page.setInputFiles('[data-testid="file-input"]', paths);
  await page.waitForFunction((v) => window.__dashboard.version > v && window.__dashboard.status === 'ready', before, { timeout: 60_000 });
  await page.waitForSelector('[data-testid="load-notice"]');
}

/** Clicks "restore sample" and waits for the sample to be back. */
export async function resetToSample(page) {
  const before = await page.evaluate(() => window.__dashboard.version);
  await page.click('[data-testid="reset-sample"]');
  await page.waitForFunction((v) => window.__dashboard.version > v && window.__dashboard.source === 'sample', before, { timeout: 60_000 });
  await page.waitForSelector('[data-testid="load-notice"][data-kind="ok"]');
}

/** The issues table as plain objects (all severities shown). */
export async function shownIssues(page) {
  return page.$$eval('[data-testid="issue-row"]', (rows) =>
    rows.map((r) => {
      const cell = (id) => r.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() ?? '';
      return {
        severity: r.getAttribute('data-severity'),
        code: r.getAttribute('data-code'),
        file: cell('issue-file'),
        row: cell('issue-row-number'),
        column: cell('issue-column'),
        value: cell('issue-value'),
        message: cell('issue-message')
      };
    })
  );
}

/**
 * The CLI's total outlay in yuan on the sample (`npm run evaluate` with these extra arguments, writing `out`), run
 * as a planner runs it; a promise, so that the CLI works while the page does.
 */
export function cliTotal(args, out) {
  const total = new Promise((resolve, reject) => {
    const cli = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'scripts/evaluate.ts'), '--data', join(ROOT, 'data/sample'), '--out', out, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    cli.stderr.on('data', (d) => (stderr += d));
    cli.on('error', reject);
    cli.on('close', () => {
      const m = /total (\d+) yuan/.exec(stderr);
      if (m) resolve(Number(m[1]));
      else reject(new Error(`CLI failed: ${stderr}`));
    });
  });
  total.catch(() => {}); // met where the test awaits it, once its page has worked
  return total;
}
