#!/usr/bin/env node
/**
 * End-to-end runner: builds the app if its sources changed, serves it with `vite preview` on 127.0.0.1,
 * drives Debian Chromium with playwright-core through test/e2e/*.e2e.mjs, and exits non-zero on failure.
 * The tests share one browser profile, whose storage is cleared before each test: a test starts as a new user
 * would, in a browser that has its HTTP cache, and with it DuckDB's compiled WebAssembly (the cache saved
 * 2-3 s on every page load). Requests to any host but 127.0.0.1 fail to resolve (Chromium's host rules) and
 * are recorded; page errors, console errors and off-host requests fail the test. No request is routed:
 * routing would turn the HTTP cache off.
 *
 *   node scripts/e2e.mjs [name filter]      E2E_REBUILD=1 forces a build; E2E_HEADED=1 shows the window.
 * Writes test-results/e2e.json ({ passed, failed, tests }) and screenshots to test-results/.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';
import { ROOT, HOST, CHROMIUM, CHROMIUM_ARGS as ARGS, requireChromium, buildIfNeeded, startPreview } from './lib/preview.mjs';

requireChromium();
register(); // lets tests import the app's TypeScript modules (contract, Node DB)
const { chromium } = await import('playwright-core');

const RESULTS = join(ROOT, 'test-results');
mkdirSync(RESULTS, { recursive: true });

const started = Date.now();
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

if (!buildIfNeeded({ force: process.env.E2E_REBUILD === '1', log: (m) => console.log(`e2e: ${m}`) })) {
  console.error('e2e: vite build failed');
  writeFileSync(join(RESULTS, 'e2e.json'), JSON.stringify({ passed: 0, failed: 1, tests: [{ name: 'vite build', ok: false }] }));
  console.log('e2e: 0 passed, 1 failed');
  process.exit(1);
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

/** The running test's records; the profile-wide listeners below write into it. */
let current = null;

function watchProfile(context) {
  context.on('request', (req) => {
    const url = req.url();
    if (current && !isLocal(url) && !current.offHost.includes(url)) current.offHost.push(url);
  });
  const watch = (page) => {
    page.on('pageerror', (e) => current?.problem(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') current?.problem(`console error: ${m.text()}`);
    });
  };
  context.on('page', watch);
}

/** A new page on fresh storage: every page of the test before is closed, this origin's storage cleared. */
async function freshPage(context) {
  for (const p of context.pages()) await p.close();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.clearDataForOrigin', {
    origin: new URL(baseURL).origin,
    storageTypes: 'cookies,file_systems,indexeddb,local_storage,websql,service_workers,cache_storage,shared_storage,storage_buckets'
  });
  await cdp.detach();
  return page;
}

/** A second browser, launched when a test first asks for it: nothing in common with the shared profile. */
let other = null;
const otherBrowser = () => (other ??= chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS }));

/** Listeners a test added to the shared context, removed when it ends. */
function listenersOf(context) {
  return new Map(context.eventNames().map((e) => [e, context.listeners(e)]));
}
function removeAddedListeners(context, before) {
  for (const e of context.eventNames())
    for (const l of context.listeners(e)) if (!(before.get(e) ?? []).includes(l)) context.off(e, l);
}

async function runOne(context, t) {
  const offHost = [];
  const problems = [];
  // Fail fast: the first page error or console error ends the test (reported with the rest, if any).
  let failNow;
  const firstProblem = new Promise((_, reject) => (failNow = reject));
  firstProblem.catch(() => {});
  current = {
    offHost,
    problem(text) {
      problems.push(text);
      failNow(new Error(text));
    }
  };
  const page = await freshPage(context);
  page.setDefaultTimeout(30_000);
  const listeners = listenersOf(context);
  const shots = [];
  const ctx = {
    page,
    context,
    /** For a test that needs a browser of its own (e.g. a shared link opened elsewhere). */
    otherBrowser,
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
  removeAddedListeners(context, listeners);
  current = null;
  for (const p of context.pages()) await p.close().catch(() => {});
  return { name: t.name, ok: !error, ms: Date.now() - t0, error, screenshots: shots };
}

const results = [];
let context;
let baseURL;
const profile = mkdtempSync(join(tmpdir(), 'e2e-profile-'));
let stopServer = () => {};
try {
  ({ baseURL, stop: stopServer } = await startPreview());
  const headed = process.env.E2E_HEADED === '1';
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: !headed,
    args: headed ? ARGS.filter((a) => a !== '--headless') : ARGS,
    baseURL,
    viewport: { width: 1440, height: 900 },
    deviceScaleFactor: 1,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai'
  });
  watchProfile(context);
  console.log(`e2e: ${selected.length} tests against ${baseURL} (${CHROMIUM})`);
  if (!selected.length) throw new Error(filter ? `no e2e test name contains "${filter}"` : 'no e2e tests found in test/e2e');
  for (const t of selected) {
    const r = await runOne(context, t);
    results.push(r);
    console.log(`${r.ok ? '  ✓' : '  ✗'} ${r.name} (${secs(r.ms)})`);
    if (!r.ok) console.log(r.error.split('\n').map((l) => '      ' + l).join('\n'));
  }
} catch (e) {
  results.push({ name: 'e2e setup', ok: false, ms: 0, error: String(e.stack || e), screenshots: [] });
  console.log(`  ✗ e2e setup\n${String(e.stack || e)}`);
} finally {
  await context?.close().catch(() => {});
  await other?.then((b) => b.close()).catch(() => {});
  stopServer();
  rmSync(profile, { recursive: true, force: true });
}

const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
writeFileSync(join(RESULTS, 'e2e.json'), JSON.stringify({ passed, failed, ms: Date.now() - started, tests: results }, null, 2));
console.log(`e2e: ${passed} passed, ${failed} failed (${secs(Date.now() - started)})`);
process.exit(failed ? 1 : 0);
