/**
 * Determinism (issue 12): the same inputs give the same awards and the same export bytes. The sample is
 * evaluated twice in two separate databases, and each run exports CSV, XLSX (a fixed generatedAt) and
 * Parquet; the second run happens with the clock a year and a few seconds later, so anything taken from
 * the time of writing (exceljs docProps, zip entry times) would show. The CLI run twice writes the same
 * CSV. (Browser against CLI: test/e2e/engine.e2e.mjs.)
 */
import { describe, it, expect, afterAll, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openNodeDb } from '../../src/lib/db/node.ts';
import type { Db } from '../../src/lib/db/types.ts';
import { loadAllPackages } from '../../scripts/lib/policies.ts';
import { evaluatedSample } from './helpers/sample.ts';
import { flaggedRows, flaggedColumns } from '../../src/lib/export/rows.ts';
import { csvBytes } from '../../src/lib/export/csv.ts';
import { flaggedXlsx, noticeXlsx, setZipTimes } from '../../src/lib/export/xlsx.ts';
import { parquetBytes } from '../../src/lib/export/parquet.ts';
import { noticeLists } from '../../src/lib/export/notice.ts';

const ROOT = join(import.meta.dirname, '../..');
const GENERATED_AT = new Date('2024-04-15T09:30:00+08:00');
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const dbs: Db[] = [];
afterAll(async () => {
  for (const db of dbs) await db.close();
});

/** One full run in a fresh database, at clock time `now`: awards, then the exports' bytes. */
async function run(now: Date) {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(now);
  try {
    const db = await openNodeDb();
    dbs.push(db);
    const packages = loadAllPackages();
    await evaluatedSample(db, packages);
    const awards = await db.query(
      `SELECT package, firm_id, clause, status, tier, raw_yuan, capped_yuan, award_yuan, stacked_by FROM awards ORDER BY package, clause, firm_id`
    );
    const columns = flaggedColumns();
    const rows = await flaggedRows(db, packages);
    const unknownColumns = flaggedColumns({ statuses: ['unknown'] });
    const unknownRows = await flaggedRows(db, packages, { statuses: ['unknown'] });
    const statement = { files: [{ name: 'quarterly.parquet' }], inputSha256: '0'.repeat(64), packages, scenarioName: null, changed: [], generatedAt: GENERATED_AT };
    const notices = await noticeLists(db, packages, {}, { date: GENERATED_AT });
    return {
      awards: sha(new TextEncoder().encode(JSON.stringify(awards))),
      paid: rows.length,
      csv: sha(csvBytes(columns, rows)),
      csvUnknown: sha(csvBytes(unknownColumns, unknownRows)),
      xlsx: await flaggedXlsx(columns, rows, statement),
      notice: await noticeXlsx(notices, undefined, GENERATED_AT),
      parquet: sha(await parquetBytes(db, columns, rows))
    };
  } finally {
    vi.useRealTimers();
  }
}

describe('the same inputs give the same bytes', () => {
  it('two evaluations of the sample, a year apart on the clock: same awards, same CSV, XLSX, 公示名单 XLSX and Parquet bytes', async () => {
    const a = await run(new Date('2025-01-01T00:00:00Z'));
    const b = await run(new Date('2026-02-03T04:05:07Z'));
    expect(a.paid).toBe(5543);
    expect(b.awards).toBe(a.awards);
    expect(b.csv).toBe(a.csv);
    expect(b.csvUnknown).toBe(a.csvUnknown);
    expect(b.parquet).toBe(a.parquet);
    expect(sha(b.xlsx)).toBe(sha(a.xlsx));
    expect(sha(b.notice)).toBe(sha(a.notice));
    // the time the workbook states is generatedAt: docProps and every zip entry (MS-DOS time, UTC)
    const text = Buffer.from(a.xlsx).toString('latin1');
    expect(text).toMatch(/PK/);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(a.xlsx.buffer.slice(a.xlsx.byteOffset, a.xlsx.byteOffset + a.xlsx.byteLength) as ArrayBuffer);
    expect(wb.created.toISOString()).toBe(GENERATED_AT.toISOString());
    expect(wb.modified.toISOString()).toBe(GENERATED_AT.toISOString());
    expect(wb.worksheets.map((s) => s.name)).toEqual(['说明', '企业清单']);
  }, 240_000);

  it('setZipTimes rewrites every entry time and leaves a zip that still reads', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('a').addRow(['x', 1]);
    const bytes = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const at = new Date('2024-04-15T01:30:10Z');
    setZipTimes(bytes, at);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const times = new Set<string>();
    for (let i = 0; i + 4 <= bytes.length; i++) {
      if (view.getUint32(i, true) === 0x04034b50) times.add(`${view.getUint16(i + 10, true)}/${view.getUint16(i + 12, true)}`);
    }
    expect([...times]).toEqual([`${(1 << 11) | (30 << 5) | 5}/${((2024 - 1980) << 9) | (4 << 5) | 15}`]);
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(bytes.buffer as ArrayBuffer);
    expect(back.getWorksheet('a')!.getRow(1).getCell(1).value).toBe('x');
  });

  it('the CLI run twice writes byte-identical CSV (and Parquet)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'determinism-'));
    const cli = (out: string) => {
      const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'scripts/evaluate.ts'), '--data', join(ROOT, 'data/sample'), '--policy', 'all', '--out', out], { cwd: ROOT, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/total 491454802 yuan/);
      return readFileSync(out);
    };
    const first = cli(join(dir, 'a.csv'));
    const second = cli(join(dir, 'b.csv'));
    expect(first.length).toBeGreaterThan(1000);
    expect(second.equals(first)).toBe(true);
    expect(cli(join(dir, 'b.parquet')).equals(cli(join(dir, 'a.parquet')))).toBe(true);
  }, 120_000);
});
