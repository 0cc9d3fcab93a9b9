#!/usr/bin/env node
/**
 * `npm test`: every vitest unit/integration test, then the end-to-end tests in Chromium.
 * Ends with one plain line, `N passed, N failed`, summing both; exits non-zero if anything failed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = join(ROOT, 'test-results');
mkdirSync(RESULTS, { recursive: true });
rmSync(join(RESULTS, 'summary.txt'), { force: true });
const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

function run(label, args, jsonFile) {
  rmSync(jsonFile, { force: true });
  const t0 = Date.now();
  console.log(`\n== ${label} ==`);
  const r = spawnSync(process.execPath, args, { cwd: ROOT, env, stdio: 'inherit' });
  const ms = Date.now() - t0;
  return { status: r.status ?? 1, ms, json: existsSync(jsonFile) ? JSON.parse(readFileSync(jsonFile, 'utf8')) : null };
}

// 1. vitest: default reporter on screen, JSON to a file for counting.
const vitestJson = join(RESULTS, 'vitest.json');
const unit = run('unit and integration tests (vitest)', [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`], vitestJson);
let unitPassed = 0;
let unitFailed = 0;
if (unit.json) {
  unitPassed = unit.json.numPassedTests ?? 0;
  // A file that fails to import has no failed test in it: count it as one failure.
  const brokenFiles = (unit.json.testResults ?? []).filter((f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed')).length;
  unitFailed = (unit.json.numFailedTests ?? 0) + brokenFiles;
}
if (unit.status !== 0 && unitFailed === 0) unitFailed = 1; // vitest crashed or found nothing it could run

// 2. end-to-end tests in Chromium.
const e2eJson = join(RESULTS, 'e2e.json');
const e2e = run('end-to-end tests (Chromium)', [join(ROOT, 'scripts/e2e.mjs')], e2eJson);
let e2ePassed = e2e.json?.passed ?? 0;
let e2eFailed = e2e.json?.failed ?? 0;
if (e2e.status !== 0 && e2eFailed === 0) e2eFailed = 1;

console.log(`\nvitest: ${unitPassed} passed, ${unitFailed} failed (${secs(unit.ms)}); e2e: ${e2ePassed} passed, ${e2eFailed} failed (${secs(e2e.ms)})`);
const passed = unitPassed + e2ePassed;
const failed = unitFailed + e2eFailed;
const line = `${passed} passed, ${failed} failed`;
writeFileSync(join(RESULTS, 'summary.txt'), line + '\n');
console.log(line);
process.exit(failed ? 1 : 0);
