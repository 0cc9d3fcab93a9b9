import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firmId } from './helpers/dataset.ts';

const ROOT = join(import.meta.dirname, '../..');
function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'scripts/evaluate.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A hand-made boundary set as a bureau would export it: Chinese headers. */
function boundaryFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cli-'));
  const firms = [1, 2, 3, 4];
  writeFileSync(join(dir, 'enterprises.csv'), ['统一社会信用代码,企业名称,区县,行业代码,失信被执行人,近三年重大事故', ...firms.map((n) => `${firmId(n)},企业${n},东城区,3670,0,0`)].join('\n'));
  const q = [
    [1, '5003.00', '5403.24'], // exactly +8%
    [2, '8000.00', '8639.99'], // one fen short of +8%
    [3, '4000.00', '5000.00'], // exactly 5000万 is not 高于 5000万
    [4, '6000.00', '6600.00'] // exactly +10%
  ] as const;
  writeFileSync(join(dir, 'quarterly.csv'), ['统一社会信用代码,期别,工业总产值,规上', ...q.flatMap(([n, a, b]) => [`${firmId(n)},2023Q1,${a},1`, `${firmId(n)},2024Q1,${b},1`])].join('\n'));
  return dir;
}

describe('npm run evaluate (CLI contract)', () => {
  it('writes one row per award paid, firm_id,clause,award_yuan first, exact at the 8% / 10% / 5000万 boundaries', () => {
    const dir = boundaryFolder();
    const out = join(dir, 'awards.csv');
    const r = cli('--data', dir, '--policy', 'changchun-2024q1', '--out', out, '--set', 'city_growth=0.05');
    expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0].startsWith('firm_id,clause,award_yuan,')).toBe(true);
    const paid = lines.slice(1).map((l) => l.split(',').slice(0, 3).join(','));
    expect(paid.sort()).toEqual([`${firmId(1)},c2-capacity,100000`, `${firmId(4)},c2-capacity,200000`].sort());
    expect(r.stderr).toMatch(/firms 4, awards 2, total 300000 yuan/);
  });

  it('--set changes a parameter (the 8% tier raised to 9% drops the firm at exactly 8%); --format parquet writes Parquet', () => {
    const dir = boundaryFolder();
    const out = join(dir, 'awards.parquet');
    const r = cli('--data', dir, '--policy', 'changchun-2024q1', '--out', out, '--set', 'city_growth=0.05', '--set', 'c2_tier1_growth=0.09');
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(out).subarray(0, 4).toString()).toBe('PAR1');
    expect(r.stderr).toMatch(/awards 1, total 200000 yuan/);
  });

  it('bad input exits 2 naming file, row, column and value, and writes nothing', () => {
    const dir = boundaryFolder();
    writeFileSync(join(dir, 'quarterly.csv'), `统一社会信用代码,期别,工业总产值,规上\n${firmId(1)},2024Q1,-12,1\n`);
    const out = join(dir, 'awards.csv');
    const r = cli('--data', dir, '--policy', 'changchun-2024q1', '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/quarterly\.csv.*row 2.*工业总产值.*-12/s);
    expect(existsSync(out)).toBe(false);
  });

  it('an unknown parameter or package is a usage error (exit 1)', () => {
    const dir = boundaryFolder();
    expect(cli('--data', dir, '--policy', 'changchun-2024q1', '--out', join(dir, 'x.csv'), '--set', 'no_such=1').code).toBe(1);
    expect(cli('--data', dir, '--policy', 'nowhere', '--out', join(dir, 'x.csv')).code).toBe(1);
  });
});
