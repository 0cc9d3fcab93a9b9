import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, copyFileSync, readdirSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firmId } from './helpers/dataset.ts';
import { openNodeDb } from '../../src/lib/db/node.ts';
import { literal } from '../../src/lib/db/types.ts';

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
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM: Excel on a Chinese PC reads the names right
    const lines = bytes.toString('utf8').slice(1).trim().split(/\r?\n/);
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

  it('the summary names the firms whose growth cannot be computed because the base quarter is zero, and in which clauses', () => {
    const dir = boundaryFolder();
    const outDir = mkdtempSync(join(tmpdir(), 'cli-out-'));
    const plain = cli('--data', dir, '--policy', 'changchun-2024q1', '--out', join(outDir, 'plain.csv'), '--set', 'city_growth=0.05');
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stderr).not.toMatch(/growth not computable|base is zero/);

    // firms 5 and 6: a zero 2023Q1 (growth not computable); firm 7: no 2023Q1 at all (data missing)
    writeFileSync(join(dir, 'enterprises.csv'), readFileSync(join(dir, 'enterprises.csv'), 'utf8') + [5, 6, 7].map((n) => `\n${firmId(n)},企业${n},东城区,3670,0,0`).join(''));
    const extra = [`${firmId(5)},2023Q1,0.00,1`, `${firmId(5)},2024Q1,6000.00,1`, `${firmId(6)},2023Q1,0,1`, `${firmId(6)},2024Q1,7000.00,1`, `${firmId(7)},2024Q1,6500.00,1`];
    writeFileSync(join(dir, 'quarterly.csv'), readFileSync(join(dir, 'quarterly.csv'), 'utf8') + '\n' + extra.join('\n'));
    const out = join(outDir, 'awards.csv');
    const r = cli('--data', dir, '--policy', 'changchun-2024q1', '--out', out, '--set', 'city_growth=0.05');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^firms 7, /m);
    expect(r.stderr).toMatch(/^ {2}changchun-2024q1 c2-capacity: 2 awards, 300000 yuan, 3 unknown \(1 data missing, 2 base is zero\)$/m);
    expect(r.stderr).toMatch(
      /^growth not computable: 2 firms have a zero base quarter \(增长基数为零，无法计算增速\), so the award is unknown, not refused, in 1 clause: changchun-2024q1 c2-capacity \S+ \(2 firms\)$/m
    );
  });

  it('on the sample city the summary names the 18 firms with a zero electricity base, and the awards are as before', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-sample-'));
    const r = cli('--data', join(ROOT, 'data/sample'), '--policy', 'all', '--out', join(dir, 'a.csv'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/firms 4500, awards 5543, total 491454802 yuan/);
    expect(r.stderr).toMatch(/^ {2}jiangle-2024q1 j2-electricity: 1191 awards, 19057577 yuan, 146 unknown \(128 data missing, 18 base is zero\)$/m);
    expect(r.stderr).toMatch(/^growth not computable: 18 firms have a zero base quarter \(增长基数为零，无法计算增速\), so the award is unknown, not refused, in 1 clause: jiangle-2024q1 j2-electricity 稳用电奖励 \(18 firms\)$/m);
    expect(r.stderr).toMatch(/^ {2}changchun-2024q1 c2-capacity: 394 awards, 71400000 yuan, 143 unknown \(data missing\)$/m);
  });

  it('an unknown parameter or package is a usage error (exit 1)', () => {
    const dir = boundaryFolder();
    expect(cli('--data', dir, '--policy', 'changchun-2024q1', '--out', join(dir, 'x.csv'), '--set', 'no_such=1').code).toBe(1);
    expect(cli('--data', dir, '--policy', 'nowhere', '--out', join(dir, 'x.csv')).code).toBe(1);
  });
});

describe('npm run evaluate --scenario (a planner scenario file on the sample city)', () => {
  const SAMPLE = join(ROOT, 'data/sample');
  const dir = mkdtempSync(join(tmpdir(), 'cli-scenario-'));
  const scenarioFile = (name: string, body: Record<string, unknown>) => {
    const file = join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify({ format: 'zcdx-scenario', version: 1, name, packages: ['changchun-2024q1'], ...body }));
    return file;
  };
  /** Runs the CLI on the sample and reads its summary: total and per-clause outlay, and the paid rows. */
  const run = (...args: string[]) => {
    const out = join(dir, `out-${Math.random().toString(36).slice(2)}.csv`);
    const r = cli('--data', SAMPLE, '--out', out, ...args);
    expect(r.code, r.stderr).toBe(0);
    const total = Number(/total (\d+) yuan/.exec(r.stderr)![1]);
    const clauses = Object.fromEntries([...r.stderr.matchAll(/^ {2}\S+ (\S+): \d+ awards, (\d+) yuan/gm)].map((m) => [m[1], Number(m[2])]));
    const rows = readFileSync(out, 'utf8').trim().split('\n').slice(1);
    return { total, clauses, rows };
  };
  let base: ReturnType<typeof run> | undefined;
  const baseline = () => (base ??= run('--policy', 'changchun-2024q1'));

  it('a scenario setting a value gives the same result as --set (and --policy naming the same package is accepted)', () => {
    const file = scenarioFile('tier1-7pct', { set: { 'changchun-2024q1': { c2_tier1_growth: 0.07 } } });
    const viaScenario = run('--scenario', file, '--policy', 'changchun-2024q1');
    const viaSet = run('--policy', 'changchun-2024q1', '--set', 'changchun-2024q1.c2_tier1_growth=0.07');
    expect(viaScenario.total).toBe(viaSet.total);
    expect(viaScenario.rows.sort()).toEqual(viaSet.rows.sort());
    expect(viaScenario.total).toBeGreaterThan(baseline().total); // a lower threshold pays more firms
  });

  it('an added tier row (>= 15% pays 30万) pays 10万 more to each tier-2 firm growing 15% or more, and nothing else changes', () => {
    // independently of the scenario: the baseline's tier-2 (growth10) rows whose growth (evidence) is >= 15%
    const qualifying = baseline().rows.filter((l) => {
      if (!l.includes(',c2-capacity,') || !l.includes(',growth10,')) return false;
      const growth = Number(/growth_tier2=([0-9.]+)/.exec(l)![1]);
      return growth >= 0.15;
    }).length;
    expect(qualifying).toBeGreaterThan(10);
    const file = scenarioFile('added-15pct', {
      tiers: { 'changchun-2024q1': { 'c2-capacity': [{ id: 'growth8' }, { id: 'growth10' }, { id: 'added-1', like: 'growth10', threshold: 0.15, amount: 30 }] } }
    });
    const r = run('--scenario', file);
    expect(r.total - baseline().total).toBe(qualifying * 100000);
    expect(r.clauses['c2-capacity'] - baseline().clauses['c2-capacity']).toBe(qualifying * 100000);
    expect({ ...r.clauses, 'c2-capacity': 0 }).toEqual({ ...baseline().clauses, 'c2-capacity': 0 });
    const added = r.rows.filter((l) => l.includes(',c2-capacity,') && l.includes(',added-1,'));
    expect(added.length).toBe(qualifying);
    expect(added.every((l) => l.split(',')[2] === '300000')).toBe(true);
  });

  it('a clause switched off removes exactly its outlay', () => {
    const b = baseline();
    expect(b.clauses['c5-digital']).toBeGreaterThan(0);
    const r = run('--scenario', scenarioFile('no-digital', { off: { 'changchun-2024q1': ['c5-digital'] } }));
    expect(r.total).toBe(b.total - b.clauses['c5-digital']);
    const { ['c5-digital']: _gone, ...others } = b.clauses;
    expect(r.clauses).toEqual(others);
    expect(r.rows.some((l) => l.includes(',c5-digital,'))).toBe(false);
  });

  it('a bad scenario file exits 1 with "scenario <file>: <message>", before reading the data', () => {
    const notJson = join(dir, 'broken.json');
    writeFileSync(notJson, '{"format": "zcdx-scenario", "version": 1, "packa');
    let r = cli('--data', SAMPLE, '--scenario', notJson, '--out', join(dir, 'x.csv'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`scenario ${notJson}: `);
    expect(r.stderr).toMatch(/JSON/);

    const unknown = scenarioFile('unknown-param', { set: { 'changchun-2024q1': { c2_no_such: 1 } } });
    r = cli('--data', SAMPLE, '--scenario', unknown, '--out', join(dir, 'x.csv'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^scenario ${unknown.replace(/[.\\]/g, '\\$&')}: .*c2_no_such`));

    r = cli('--data', SAMPLE, '--scenario', join(dir, 'missing.json'), '--out', join(dir, 'x.csv'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`scenario ${join(dir, 'missing.json')}: `);
  });

  it('refuses --set on top of --scenario, and a --policy naming other packages', () => {
    const file = scenarioFile('plain', {});
    let r = cli('--data', SAMPLE, '--scenario', file, '--set', 'c2_tier1_growth=0.07', '--out', join(dir, 'x.csv'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--set cannot be combined with --scenario/);
    r = cli('--data', SAMPLE, '--scenario', file, '--policy', 'changchun-2024q1,jiangle-2024q1', '--out', join(dir, 'x.csv'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/name different packages/);
  });
});

describe('npm run evaluate --format notice (the 公示名单 through the export modules)', () => {
  const SAMPLE = join(ROOT, 'data/sample');
  const dir = mkdtempSync(join(tmpdir(), 'cli-notice-'));
  const read = async (file: string) => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    return wb;
  };
  /** Per sheet: the 合计 (万元) and the sum of its rows, in yuan. */
  const sheetTotals = (ws: import('exceljs').Worksheet) => {
    let rows = 0;
    let total: number | null = null;
    ws.eachRow((row, n) => {
      if (n <= 3) return;
      if (row.getCell(1).value === '合计') total = Math.round((row.getCell(6).value as number) * 10_000);
      else if (total === null && typeof row.getCell(6).value === 'number') rows += Math.round((row.getCell(6).value as number) * 10_000);
    });
    return { rows, total };
  };

  it('one sheet per package; each 合计 is the sum of its rows, and together they are the total paid', async () => {
    const out = join(dir, 'notice.xlsx');
    const r = cli('--data', SAMPLE, '--policy', 'changchun-2024q1,jiangle-2024q1', '--out', out, '--format', 'notice');
    expect(r.code, r.stderr).toBe(0);
    const total = Number(/total (\d+) yuan/.exec(r.stderr)![1]);
    const wb = await read(out);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['长春2024一季度', '将乐2024一季度']);
    expect(wb.worksheets[0].getCell(1, 1).value).toBe('长春市2024年一季度稳增长政策兑现企业名单（公示）');
    const sums = wb.worksheets.map(sheetTotals);
    for (const s of sums) expect(s.total).toBe(s.rows);
    expect(sums.reduce((n, s) => n + s.total!, 0)).toBe(total);
  }, 120_000);

  it('--by-district: one sheet per district, only its firms, adding up to the total', async () => {
    const out = join(dir, 'districts.xlsx');
    const r = cli('--data', SAMPLE, '--policy', 'changchun-2024q1', '--out', out, '--format', 'notice', '--by-district');
    expect(r.code, r.stderr).toBe(0);
    const total = Number(/total (\d+) yuan/.exec(r.stderr)![1]);
    const wb = await read(out);
    expect(wb.worksheets.length).toBeGreaterThan(1);
    let sum = 0;
    for (const ws of wb.worksheets) {
      const districts = new Set<string>();
      ws.eachRow((row, n) => {
        if (n > 3 && typeof row.getCell(1).value === 'number') districts.add(String(row.getCell(4).value));
      });
      expect([...districts]).toEqual([ws.name]);
      const s = sheetTotals(ws);
      expect(s.total).toBe(s.rows);
      sum += s.total!;
    }
    expect(sum).toBe(total);
    expect(cli('--data', SAMPLE, '--policy', 'changchun-2024q1', '--out', join(dir, 'x.csv'), '--by-district').code).toBe(1);
  }, 120_000);

  it('--format xlsx writes the 说明 sheet (with the SHA-256 of the input) before the rows', async () => {
    const out = join(dir, 'awards.xlsx');
    const r = cli('--data', SAMPLE, '--policy', 'changchun-2024q1', '--out', out, '--set', 'c2_tier1_growth=7%');
    expect(r.code, r.stderr).toBe(0);
    const wb = await read(out);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['说明', 'awards']);
    const info = wb.worksheets[0].getSheetValues().flat().map(String).join('\n');
    expect(info).toMatch(/输入数据 SHA-256\n[0-9a-f]{64}/);
    expect(info).toContain('基线 8% → 7%');
    expect(wb.worksheets[1].getRow(1).getCell(1).value).toBe('firm_id');
  }, 120_000);
});

describe('npm run evaluate on a bureau-style quarterly.csv (合计 row, note and title rows)', () => {
  const SAMPLE = join(ROOT, 'data/sample');
  const dir = mkdtempSync(join(tmpdir(), 'cli-left-out-'));
  /** The sample with quarterly.parquet as quarterly.csv; `dress` adds a bureau's rows around the data. */
  async function folder(name: string, dress: (csv: string) => string): Promise<string> {
    const to = join(dir, name);
    mkdirSync(to);
    for (const f of readdirSync(SAMPLE).filter((f) => f.endsWith('.parquet') && f !== 'quarterly.parquet')) copyFileSync(join(SAMPLE, f), join(to, f));
    const db = await openNodeDb();
    const csv = Buffer.from(await db.exportQuery(`SELECT * FROM read_parquet(${literal(join(SAMPLE, 'quarterly.parquet'))}) ORDER BY firm_id, period`, 'csv')).toString('utf8');
    await db.close();
    writeFileSync(join(to, 'quarterly.csv'), dress(csv));
    return to;
  }
  const run = (data: string) => {
    const out = join(data, 'awards.csv');
    const r = cli('--data', data, '--policy', 'all', '--out', out);
    return { ...r, total: Number(/total (\d+) yuan/.exec(r.stderr)?.[1]), bytes: existsSync(out) ? readFileSync(out) : null };
  };

  it('exit 0, the same awards as without the 合计 row, and stderr says how many rows of which file were left out and why', async () => {
    const plain = await folder('plain', (csv) => csv);
    const header = (csv: string) => csv.slice(0, csv.indexOf('\n'));
    const columns = (csv: string) => header(csv).split(',').length;
    const totalRow = (csv: string) => ['合计', ...Array(columns(csv) - 1).fill('')].join(',');
    const withTotal = await folder('total', (csv) => csv.trimEnd() + '\n' + totalRow(csv) + '\n');
    const bureau = await folder('bureau', (csv) =>
      '2024年一季度工业企业运行情况表\n' + csv.trimEnd() + '\n' + totalRow(csv) + '\n' + '注：数据来源：统计局快报\n'
    );

    const a = run(plain);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stderr).not.toMatch(/left out/);
    expect(a.total).toBe(491454802);

    const b = run(withTotal);
    expect(b.code, b.stderr).toBe(0);
    expect(b.total).toBe(a.total);
    expect(b.bytes!.equals(a.bytes!)).toBe(true);
    expect(b.stderr).toMatch(/^left out: quarterly\.csv: 1 row \(1 total \(合计\/总计\/小计\)\) \(not data, not an error\)$/m);
    expect(b.stderr.match(/^left out:/gm)).toHaveLength(1); // the Parquet files have none

    const c = run(bureau);
    expect(c.code, c.stderr).toBe(0);
    expect(c.total).toBe(a.total);
    expect(c.stderr).toMatch(/^left out: quarterly\.csv: 2 rows \(1 total \(合计\/总计\/小计\), 1 note \(注：\/数据来源：\)\); 1 title row \(above the header: 标题\/单位\) \(not data, not an error\)$/m);
    // the left-out lines come with the load summary, before the awards summary
    expect(c.stderr.indexOf('left out:')).toBeLessThan(c.stderr.indexOf('firms '));
  }, 120_000);
});
