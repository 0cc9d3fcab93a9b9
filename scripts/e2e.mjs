#!/usr/bin/env node
/**
 * End-to-end runner: builds the app if its sources changed, serves it with `vite preview` on 127.0.0.1,
 * drives Debian Chromium with playwright-core through test/e2e/*.e2e.mjs, and exits non-zero on failure.
 * Every test gets a fresh browser context (fresh storage) with requests to any host but 127.0.0.1 blocked
 * and recorded; page errors, console errors and off-host requests fail the test.
 *
 *   node scripts/e2e.mjs [name filter]      E2E_REBUILD=1 forces a build; E2E_HEADED=1 shows the window.
 * Writes test-results/e2e.json ({ passed, failed, tests }) and screenshots to test-results/.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  console.error(`Chromium not found at ${CHROMIUM}: install it with: sudo apt-get install -y chromium`);
  process.exit(1);
}

register(); // lets tests import the app's TypeScript modules (contract, Node DB)
const { chromium } = await import('playwright-core');

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = join(ROOT, 'test-results');
const HOST = '127.0.0.1';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  // Belt and braces next to the request routing below: no host name resolves except the local server.
  `--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE ${HOST}`];
mkdirSync(RESULTS, { recursive: true });

const started = Date.now();
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

// ---- build if needed -------------------------------------------------------------------------
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const name of readdirSync(path)) max = Math.max(max, newestMtime(join(path, name)));
  return max;
}
const BUILD_MARK = join(ROOT, 'build', '200.html');
const inputs = ['src', 'static', 'data/sample', 'svelte.config.js', 'vite.config.ts', 'package-lock.json'];
const sourcesChanged = Math.max(...inputs.map((p) => newestMtime(join(ROOT, p)))) > newestMtime(BUILD_MARK);
if (process.env.E2E_REBUILD === '1' || !existsSync(BUILD_MARK) || sourcesChanged) {
  const t0 = Date.now();
  console.log('e2e: building the app (vite build)…');
  const build = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }
  });
  if (build.status !== 0) {
    console.error('e2e: vite build failed');
    writeFileSync(join(RESULTS, 'e2e.json'), JSON.stringify({ passed: 0, failed: 1, tests: [{ name: 'vite build', ok: false }] }));
    console.log('e2e: 0 passed, 1 failed');
    process.exit(1);
  }
  console.log(`e2e: build done in ${secs(Date.now() - t0)}`);
} else {
  console.log('e2e: build is up to date');
}

// ---- serve -----------------------------------------------------------------------------------
function portFree(port) {
  return new Promise((resolve) => {
    const s = createServer().once('error', () => resolve(false)).once('listening', () => s.close(() => resolve(true)));
    s.listen(port, HOST);
  });
}
async function choosePort() {
  const wanted = Number(process.env.E2E_PORT || 4173);
  if (await portFree(wanted)) return wanted;
  for (let p = wanted + 1; p < wanted + 50; p++) if (await portFree(p)) return p;
  throw new Error(`no free port near ${wanted}`);
}
const port = await choosePort();
if (port !== 4173) console.log(`e2e: port 4173 is busy, serving on ${port}`);
const baseURL = `http://${HOST}:${port}`;
const server = spawn(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'preview', '--host', HOST, '--port', String(port), '--strictPort'], {
  cwd: ROOT,
  env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  stdio: ['ignore', 'pipe', 'pipe'],
  detached: true
});
let serverLog = '';
server.stdout.on('data', (d) => (serverLog += d));
server.stderr.on('data', (d) => (serverLog += d));
const stopServer = () => {
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {
    // already gone
  }
};
process.on('exit', stopServer);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

async function waitForServer() {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`vite preview exited:\n${serverLog}`);
    try {
      const res = await fetch(baseURL + '/');
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`vite preview did not answer on ${baseURL} within 30 s:\n${serverLog}`);
}

// ---- tests -----------------------------------------------------------------------------------
const { registered } = await import(pathToFileURL(join(ROOT, 'test/e2e/harness.mjs')).href);
const filter = process.argv[2]?.toLowerCase();
const files = readdirSync(join(ROOT, 'test/e2e')).filter((f) => f.endsWith('.e2e.mjs') || f.endsWith('.e2e.ts')).sort();
for (const f of files) await import(pathToFileURL(join(ROOT, 'test/e2e', f)).href);
const selected = registered.filter((t) => !filter || t.name.toLowerCase().includes(filter));

const isLocal = (url) => {
  if (/^(data|blob|about|chrome-error):/.test(url)) return true;
  try {
    return new URL(url).hostname === HOST;
  } catch {
    return false;
  }
};

const slug = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);

async function runOne(browser, t) {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 1440, height: 900 },
    deviceScaleFactor: 1,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai'
  });
  const offHost = [];
  const problems = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    if (!offHost.includes(url)) offHost.push(url);
    return route.abort('blockedbyclient');
  });
  context.on('request', (req) => {
    if (!isLocal(req.url()) && !offHost.includes(req.url())) offHost.push(req.url());
  });
  // Fail fast: the first page error or console error ends the test (reported with the rest, if any).
  let failNow;
  const firstProblem = new Promise((_, reject) => (failNow = reject));
  firstProblem.catch(() => {});
  const problem = (text) => {
    problems.push(text);
    failNow(new Error(text));
  };
  const watch = (page) => {
    page.on('pageerror', (e) => problem(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problem(`console error: ${m.text()}`);
    });
  };
  context.on('page', watch);
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const shots = [];
  const ctx = {
    page,
    context,
    baseURL,
    offHost,
    /** Saves a full-page screenshot as test-results/<name>.png. */
    async screenshot(name) {
      const path = join(RESULTS, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      shots.push(relative(ROOT, path));
      return path;
    }
  };
  const t0 = Date.now();
  let error = null;
  try {
    await Promise.race([
      t.fn(ctx),
      firstProblem,
      new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out after ${secs(t.timeoutMs)}`)), t.timeoutMs).unref())
    ]);
    if (offHost.length) throw new Error(`requests left ${HOST}:\n  ${offHost.join('\n  ')}`);
    if (problems.length) throw new Error(problems.join('\n'));
  } catch (e) {
    const lines = [...problems];
    if (offHost.length) lines.push(`requests left ${HOST}:`, ...offHost.map((u) => `  ${u}`));
    const own = problems.length && String(e.message) === problems[0] ? null : String(e.stack || e);
    error = own && !own.startsWith(`Error: requests left`) ? [...lines, own].join('\n') : lines.join('\n');
    try {
      await ctx.screenshot(`FAILED-${slug(t.name)}`);
    } catch {
      // the page may be gone
    }
  }
  await context.close().catch(() => {});
  return { name: t.name, ok: !error, ms: Date.now() - t0, error, screenshots: shots };
}

const results = [];
let browser;
try {
  await waitForServer();
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: process.env.E2E_HEADED !== '1', args: process.env.E2E_HEADED === '1' ? ARGS.filter((a) => a !== '--headless') : ARGS });
  console.log(`e2e: ${selected.length} tests against ${baseURL} (Chromium ${browser.version()})`);
  if (!selected.length) throw new Error(filter ? `no e2e test name contains "${filter}"` : 'no e2e tests found in test/e2e');
  for (const t of selected) {
    const r = await runOne(browser, t);
    results.push(r);
    console.log(`${r.ok ? '  ✓' : '  ✗'} ${r.name} (${secs(r.ms)})`);
    if (!r.ok) console.log(r.error.split('\n').map((l) => '      ' + l).join('\n'));
  }
} catch (e) {
  results.push({ name: 'e2e setup', ok: false, ms: 0, error: String(e.stack || e), screenshots: [] });
  console.log(`  ✗ e2e setup\n${String(e.stack || e)}`);
} finally {
  await browser?.close().catch(() => {});
  stopServer();
}

const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
writeFileSync(join(RESULTS, 'e2e.json'), JSON.stringify({ passed, failed, ms: Date.now() - started, tests: results }, null, 2));
console.log(`e2e: ${passed} passed, ${failed} failed (${secs(Date.now() - started)})`);
process.exit(failed ? 1 : 0);
