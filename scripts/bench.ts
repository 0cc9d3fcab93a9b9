/**
 * npm run bench [-- --sizes city,province,nation] [--engines wasm,node] [--sensitivity-budget 180]
 * Generates the data sets once (cached in .bench-data/), serves the built app, runs /bench in headless
 * Chromium (DuckDB-WASM) and the same benchmark in Node (@duckdb/node-api), and prints one JSON line
 * per size and engine: size, engine, firms, rows, cold_start_ms (to the outlay), kpi_ms (to the operations
 * KPIs), trend_ms (to the trend as well), db_start_ms (bare DuckDB start), load_ms, prepare_ms, evaluate_all_ms (prepare included),
 * evidence_ms (one firm's evidence on demand), whatif_ms (the simulate page's what-if, + whatif_first_ms,
 * whatif_statements_ms, whatif_js_ms, whatif_evaluated), sweep_ms (+ sweep_points), sensitivity_ms (null when
 * --sensitivity-budget seconds ran out first; + sensitivity_params, sensitivity_params_measured,
 * sensitivity_evaluations, sensitivity_measured_ms), reference_ms, peak_mb (+ reference_firms, outlay_yuan; in
 * Chromium also peak_renderer_mb, the page's own process, idle_mb, all processes before the page loads, and
 * peak_by_stage, both peaks within each stage of the run);
 * then lines for the app's overview (navigation to kpi_ms, trend_ms, outlay_ms; load_ms: the data's load) in a
 * browser profile kept between launches, as a user's is: the embedded sample on a first visit and on the next
 * one and, with city, the city's files kept in the browser and opened the next morning (the browser launched again),
 * and /bench on every size once more in that browser (`browser: 'has run the app before'`: DuckDB's compiled code
 * is cached; the sensitivity is left out).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, buildIfNeeded, launchChromium, launchChromiumProfile, requireChromium, startPreview } from './lib/preview.mjs';
import { openNodeDb } from '../src/lib/db/node.ts';
import { runBench } from '../src/lib/bench/run.ts';
import { loadAllPackages } from './lib/policies.ts';
import { recordOverviewTimes } from './lib/overview-times.mjs';

const SIZES: Record<string, number> = { city: 3000, province: 50_000, nation: 500_000 };
const { values } = parseArgs({ options: { sizes: { type: 'string', default: 'city,province,nation' }, engines: { type: 'string', default: 'wasm,node' }, 'sensitivity-budget': { type: 'string', default: '180' } } });
const budgetMs = Number(values['sensitivity-budget']) * 1000;
if (!(budgetMs >= 0)) throw new Error(`--sensitivity-budget takes seconds, not ${values['sensitivity-budget']}`);
const sizes = values.sizes!.split(',');
const engines = values.engines!.split(',');
for (const s of sizes) if (!SIZES[s]) throw new Error(`unknown size ${s} (city, province, nation)`);

const CACHE = join(ROOT, '.bench-data');
function dataset(size: string): string {
  const dir = join(CACHE, size);
  if (!existsSync(join(dir, 'manifest.json'))) {
    mkdirSync(dir, { recursive: true });
    process.stderr.write(`bench: generating ${size} (${SIZES[size]} above-scale firms)…\n`);
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'scripts/generate-sample.ts'), '--firms', String(SIZES[size]), '--below-ratio', '0', '--years', '5', '--seed', '42', '--out', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`generating ${size} failed`);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(readdirSync(dir).filter((f) => f.endsWith('.parquet'))));
  }
  return dir;
}

/** The paths of a data set's files (generated when missing). */
function dataFiles(size: string): string[] {
  const dir = dataset(size);
  return (JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as string[]).map((name) => join(dir, name));
}

/**
 * Resident memory of Chromium, in MB: `total` of all its processes (browser, GPU, utilities, renderers; shared
 * pages count more than once) and the largest `renderer` (the page with its DuckDB worker and WebAssembly heap).
 */
function chromiumRss(): { total: number; renderer: number } {
  try {
    const out = execFileSync('ps', ['-C', 'chromium', '-o', 'rss=,args='], { encoding: 'utf8' });
    const rows = out.split('\n').filter((l) => l.trim()).map((l) => ({ kb: Number(l.trim().split(/\s+/)[0]) || 0, renderer: l.includes('--type=renderer') }));
    const mb = (kb: number) => Math.round(kb / 1024);
    return { total: mb(rows.reduce((a, r) => a + r.kb, 0)), renderer: mb(Math.max(0, ...rows.filter((r) => r.renderer).map((r) => r.kb))) };
  } catch {
    return { total: 0, renderer: 0 };
  }
}

const packages = loadAllPackages();

/** The overview's times as the page recorded them (recordOverviewTimes), once its outlay shows. */
async function overviewTimes(page: import('playwright-core').Page) {
  await page.waitForSelector('[data-testid="kpi-outlay"][data-state="ready"]', { timeout: 5 * 60_000 });
  const times = await page.evaluate(() => (window as any).__overviewTimes);
  const firms = await page.evaluate(() => (window as any).__dashboard.query('SELECT count(*)::INTEGER AS n FROM firm_profile'));
  return { firms: firms[0].n, kpi_ms: times.output, trend_ms: times.trend, outlay_ms: times.outlay };
}

if (engines.includes('wasm')) {
  requireChromium();
  if (!buildIfNeeded({ log: (m: string) => process.stderr.write(`bench: ${m}\n`) })) process.exit(1);
  // The data sets reach the page as a user's files do, through a file input (a file of 100+ MB passed as a
  // path, not sent over the DevTools connection; the app's Content-Security-Policy allows no other origin).
  for (const size of sizes) dataset(size);
  const { baseURL, stop } = await startPreview();
  const browser = await launchChromium();
  try {
    for (const size of sizes) {
      const context = await browser.newContext();
      const page = await context.newPage();
      let stage = 'start';
      page.on('console', (m) => {
        if (!m.text().startsWith('bench stage: ')) return;
        stage = m.text().slice('bench stage: '.length);
        process.stderr.write(`bench: ${size} ${stage}…\n`);
      });
      let peak = 0, peakRenderer = 0;
      // the peaks met in each stage (the memory target is for loading and evaluating; later stages add the what-if's and the reference's data)
      const byStage: Record<string, { mb: number; renderer_mb: number }> = {};
      const idle = chromiumRss().total; // the browser with a blank page, before the app
      const poll = setInterval(() => {
        const now = chromiumRss();
        peak = Math.max(peak, now.total);
        peakRenderer = Math.max(peakRenderer, now.renderer);
        const s = (byStage[stage.split(' (')[0]] ??= { mb: 0, renderer_mb: 0 });
        s.mb = Math.max(s.mb, now.total);
        s.renderer_mb = Math.max(s.renderer_mb, now.renderer);
      }, 200);
      await page.goto(`${baseURL}/bench?size=${size}&budget=${budgetMs}${size === 'nation' ? '&memory=1' : ''}`, { waitUntil: 'domcontentloaded' });
      await page.setInputFiles('[data-testid="bench-files"]', dataFiles(size));
      let crashed = false;
      page.on('crash', () => (crashed = true));
      try {
        await page.waitForFunction(() => (window as any).__bench || (window as any).__benchError, null, { timeout: 90 * 60_000, polling: 250 });
      } catch (e) {
        // a tab that runs out of memory dies: say in which stage, and go on with the other sizes
        clearInterval(poll);
        console.log(JSON.stringify({ size, engine: 'duckdb-wasm', error: `${crashed ? 'the page crashed' : String(e).split('\n')[0]} during ${stage}`, peak_mb: peak }));
        await context.close().catch(() => {});
        continue;
      }
      clearInterval(poll);
      const error = await page.evaluate(() => (window as any).__benchError);
      // a size that fails (e.g. out of memory) is reported as such and the others still run
      if (error) console.log(JSON.stringify({ size, engine: 'duckdb-wasm', error: String(error).split('\n')[0], peak_mb: peak }));
      else console.log(JSON.stringify({ ...(await page.evaluate(() => (window as any).__bench)), peak_mb: peak, peak_renderer_mb: peakRenderer, idle_mb: idle, peak_by_stage: byStage }));
      await page.context().close();
    }
  } finally {
    await browser.close();
  }
  // The app itself, in a browser profile kept from one launch to the next as a user's is: the embedded sample
  // on a first visit, then on the next visit (the browser has the app's files and DuckDB's compiled code cached).
  const profile = mkdtempSync(join(tmpdir(), 'bench-profile-'));
  const visit = async (label: string, path: string, then?: (page: import('playwright-core').Page) => Promise<void>) => {
    const browser = await launchChromiumProfile(profile);
    try {
      const page = await browser.newPage();
      await page.addInitScript(recordOverviewTimes);
      await page.goto(`${baseURL}${path}`);
      if (then) await then(page);
      else {
        const times = await overviewTimes(page);
        const opened = await page.evaluate(() => (window as any).__dashboard.timings);
        console.log(JSON.stringify({ size: label, engine: 'duckdb-wasm', page: path, ...times, load_ms: opened.loadMs, opened: opened.copy }));
      }
      await page.waitForTimeout(5000); // a user stays on the page: the browser caches the compiled code meanwhile
    } finally {
      await browser.close();
    }
  };
  try {
    await visit('sample', '/');
    await visit('sample (next visit)', '/');
    if (sizes.includes('city')) {
      // The next morning: the city's files loaded on /data and kept in this browser, then the browser opened again
      await visit('city (loading the files)', '/data', async (page) => {
        await page.waitForFunction(() => (window as any).__dashboard?.status === 'ready' && (window as any).__dashboard.report, null, { timeout: 5 * 60_000 });
        await page.setInputFiles('[data-testid="file-input"]', dataFiles('city'));
        await page.waitForFunction(() => (window as any).__dashboard.saved.status === 'saved', null, { timeout: 5 * 60_000 });
      });
      await visit('city (kept copy, next morning)', '/');
    }
    // a user's files loaded in a browser that has run the app before (the lines above the app's are a first visit)
    for (const size of sizes) {
      await visit(size, `/bench?size=${size}&budget=0${size === 'nation' ? '&memory=1' : ''}`, async (page) => {
        await page.setInputFiles('[data-testid="bench-files"]', dataFiles(size));
        await page.waitForFunction(() => (window as any).__bench || (window as any).__benchError, null, { timeout: 90 * 60_000, polling: 250 });
        const r = await page.evaluate(() => (window as any).__bench ?? { error: (window as any).__benchError });
        console.log(JSON.stringify({ ...r, browser: 'has run the app before' }));
      });
    }
  } finally {
    rmSync(profile, { recursive: true, force: true });
    stop();
  }
}

if (engines.includes('node')) {
  for (const size of sizes) {
    const paths = dataFiles(size);
    const t0 = performance.now();
    const db = await openNodeDb();
    const dbStartMs = performance.now() - t0;
    const files = paths.map((path) => ({ name: basename(path), bytes: new Uint8Array(readFileSync(path)) }));
    const result = await runBench(db, packages, files, { startedAt: t0, dbStartMs, sensitivityBudgetMs: budgetMs });
    console.log(JSON.stringify({ size, engine: 'duckdb-node', ...result, peak_mb: Math.round(process.memoryUsage().rss / 1048576) }));
    await db.close();
  }
}
