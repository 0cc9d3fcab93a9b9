/**
 * Shared by the e2e runner and the benchmark: build the app when its sources changed, serve it with
 * `vite preview` on 127.0.0.1, and launch Debian Chromium with the flags this machine needs.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const HOST = '127.0.0.1';
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  // Belt and braces next to request routing: no host name resolves except the local server.
  `--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE ${HOST}`];

/** Exits with one clear line when Chromium is missing. */
export function requireChromium() {
  if (!existsSync(CHROMIUM)) {
    console.error(`Chromium not found at ${CHROMIUM}: install it with: sudo apt-get install -y chromium`);
    process.exit(1);
  }
}

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const name of readdirSync(path)) max = Math.max(max, newestMtime(join(path, name)));
  return max;
}

/** Runs `vite build` unless build/ is newer than every input. Returns false when the build failed. */
export function buildIfNeeded({ force = false, log = console.log } = {}) {
  const mark = join(ROOT, 'build', '200.html');
  const inputs = ['src', 'static', 'data', 'svelte.config.js', 'vite.config.ts', 'scripts/lib', 'package-lock.json'];
  const changed = Math.max(...inputs.map((p) => newestMtime(join(ROOT, p)))) > newestMtime(mark);
  if (!force && existsSync(mark) && !changed) {
    log('build is up to date');
    return true;
  }
  const t0 = Date.now();
  log('building the app (vite build)…');
  const build = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }
  });
  if (build.status !== 0) return false;
  log(`build done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return true;
}

function portFree(port) {
  return new Promise((resolve) => {
    const s = createServer().once('error', () => resolve(false)).once('listening', () => s.close(() => resolve(true)));
    s.listen(port, HOST);
  });
}

/** Starts `vite preview` on 4173 (or the next free port); resolves with its base URL and a stop function. */
export async function startPreview(wanted = Number(process.env.E2E_PORT || 4173)) {
  let port = wanted;
  while (!(await portFree(port))) if (++port > wanted + 50) throw new Error(`no free port near ${wanted}`);
  const baseURL = `http://${HOST}:${port}`;
  const server = spawn(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'preview', '--host', HOST, '--port', String(port), '--strictPort'], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true
  });
  let log = '';
  server.stdout.on('data', (d) => (log += d));
  server.stderr.on('data', (d) => (log += d));
  const stop = () => {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  process.on('exit', stop);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`vite preview exited:\n${log}`);
    try {
      if ((await fetch(baseURL + '/')).ok) return { baseURL, port, stop };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`vite preview did not answer on ${baseURL} within 30 s:\n${log}`);
}

/**
 * Chromium on a profile kept in `dir` (its HTTP cache, the compiled code it caches with it, IndexedDB), as a
 * user's browser is from one day to the next: close it and launch it again on the same `dir`.
 */
export async function launchChromiumProfile(dir) {
  const { chromium } = await import('playwright-core');
  return chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** Launches Chromium through playwright-core with a fresh profile. */
export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}
