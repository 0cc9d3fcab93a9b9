/**
 * Fuzzing the ingest (issue 12): seeded random corruptions of valid CSV and XLSX files (byte flips,
 * truncation, inserted separators / quotes / line breaks, shuffled, duplicated and deleted cells and rows,
 * encoding swaps) never crash the reader. Every case ends in a clean load or a clear error, and for every
 * file rows read = rows loaded + rows rejected + rows left out (totals, notes).
 *
 * Two layers, because a full load (a dozen SQL statements per file) costs milliseconds while reading costs
 * microseconds: every case goes through the reading layer (decode, separator, header, record layout, XLSX
 * parsing) with its invariants; a seeded sample goes through full loads into DuckDB (node engine, one
 * database, several files per load). Sizes: FUZZ_CASES (default 10000), FUZZ_FULL (default 500) and
 * FUZZ_SEED; the counts and the time are printed.
 */
import { describe, it, expect, afterAll } from 'vitest';
import ExcelJS from 'exceljs';
import { openNodeDb } from '../../src/lib/db/node.ts';
import { loadFiles, type InputFile, type LoadReport } from '../../src/lib/ingest/load.ts';
import { readInput } from '../../src/lib/ingest/read-file.ts';
import { MESSAGE_CODES } from '../../src/lib/ingest/messages.ts';
import { ISSUE_SEVERITY } from '../../src/lib/ingest/codes.ts';
import { enterprisesCsv, firm } from '../fixtures/ingest/helpers.ts';
import { rng as seeded } from './helpers/random-data.ts';

const CASES = Number(process.env.FUZZ_CASES ?? 10000);
const FULL = Number(process.env.FUZZ_FULL ?? 500);
const SEED = Number(process.env.FUZZ_SEED ?? 20240331);
const XLSX_SHARE = 0.02; // of the reading-layer cases: XLSX parsing is ~100x slower than CSV reading

/** The tests' seeded generator (helpers/random-data.ts), with int(n) in [0, n). */
function rng(seed: number) {
  const r = seeded(seed);
  return { next: r.next, int: (n: number) => r.int(0, n - 1), pick: r.pick };
}
type Rng = ReturnType<typeof rng>;

const FIRMS = 6;
/** A valid quarterly file as bureaus make them: title, 单位 row, header, rows, a 合计 row and a note. */
function baseRows(year = 2024): string[][] {
  const rows: string[][] = [
    ['2024年一季度规上工业企业运行情况', '', '', '', '', ''],
    ['单位：万元', '', '', '', '', ''],
    ['统一社会信用代码', '企业名称', '期别', '工业总产值（万元）', '从业人员', '规上']
  ];
  for (let i = 1; i <= FIRMS; i++) rows.push([firm(i), `企业${i},"有限"公司`, i % 2 ? `${year}Q1` : `${year}年一季度`, `${(i * 1234.5).toFixed(2)}`, String(10 * i), i % 3 ? '是' : '1']);
  rows.push(['合计', '', '', '25926.00', '210', '']);
  rows.push(['注：产值为现价。', '', '', '', '', '']);
  return rows;
}

const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
const toCsv = (rows: string[][], sep = ',') => rows.map((r) => r.map(quote).join(sep)).join('\n') + '\n';

/** Corruptions of the rows (cells and rows shuffled, duplicated, deleted; text inserted in a cell). */
function corruptRows(r: Rng, rows: string[][]): string[][] {
  const out = rows.map((x) => [...x]);
  const n = 1 + r.int(3);
  for (let k = 0; k < n; k++) {
    const row = out[r.int(out.length)] ?? [];
    switch (r.int(8)) {
      case 0: // shuffle rows
        out.sort(() => r.next() - 0.5);
        break;
      case 1: // duplicate a row
        out.splice(r.int(out.length), 0, [...row]);
        break;
      case 2: // delete a row
        out.splice(r.int(out.length), 1);
        break;
      case 3: // delete a cell (the rest shift left)
        row.splice(r.int(row.length + 1), 1);
        break;
      case 4: // duplicate a cell
        if (row.length) row.splice(r.int(row.length), 0, row[r.int(row.length)]);
        break;
      case 5: // shuffle the cells of a row
        row.sort(() => r.next() - 0.5);
        break;
      case 6: // odd text in a cell
        if (row.length) row[r.int(row.length)] = r.pick(['合计', '小计', '注：', '--', '１２３', '1.5亿', '5000元', 'NaN', '-1', '2024年1-6月', '45382', '\u3000', '=SUM(A1)', '9.12E+17', '', '"', '\n']);
        break;
      default: // swap two cells across rows
        if (row.length) {
          const other = out[r.int(out.length)] ?? [];
          if (other.length) {
            const i = r.int(row.length), j = r.int(other.length);
            [row[i], other[j]] = [other[j], row[i]];
          }
        }
    }
  }
  return out;
}

const enc = new TextEncoder();
const gbk = (() => {
  // GB18030 bytes of the Chinese text, for encoding swaps (TextEncoder writes UTF-8 only): a small table.
  const table: Record<string, number[]> = { 企: [0xc6, 0xf3], 业: [0xd2, 0xb5], 合: [0xba, 0xcf], 计: [0xbc, 0xc6], 规: [0xb9, 0xe6], 上: [0xc9, 0xcf] };
  return (s: string) => new Uint8Array([...s].flatMap((ch) => table[ch] ?? (ch.charCodeAt(0) < 128 ? [ch.charCodeAt(0)] : [0xa1, 0xa1])));
})();

/** Corruptions of the bytes of a text file. */
function corruptBytes(r: Rng, text: string): Uint8Array {
  let bytes = enc.encode(text);
  const n = 1 + r.int(3);
  for (let k = 0; k < n; k++) {
    const at = r.int(bytes.length + 1);
    switch (r.int(7)) {
      case 0: // flip bytes
        bytes = bytes.slice();
        for (let j = 0; j < 1 + r.int(4) && bytes.length; j++) bytes[r.int(bytes.length)] ^= 1 << r.int(8);
        break;
      case 1: // truncate
        bytes = bytes.slice(0, at);
        break;
      case 2: // insert a separator, quote or line break
        bytes = new Uint8Array([...bytes.slice(0, at), ...enc.encode(r.pick([',', '"', '\n', '\r\n', ';', '\t', '""', ',"', '"\n'])), ...bytes.slice(at)]);
        break;
      case 3: // encoding swap: the file as GB18030
        bytes = gbk(new TextDecoder().decode(bytes));
        break;
      case 4: // BOM added or removed
        bytes = bytes[0] === 0xef ? bytes.slice(3) : new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]);
        break;
      case 5: // UTF-16 (Excel's "Unicode text")
        bytes = new Uint8Array(Buffer.from(new TextDecoder().decode(bytes), 'utf16le'));
        break;
      default: // a run of random bytes
        bytes = new Uint8Array([...bytes.slice(0, at), ...Array.from({ length: 1 + r.int(8) }, () => r.int(256)), ...bytes.slice(at)]);
    }
  }
  return bytes;
}

/** A corrupted CSV: rows first (sometimes), then bytes (sometimes), with a separator of its choice. */
function fuzzCsv(r: Rng, i: number, year = 2024): InputFile {
  const rows = r.next() < 0.6 ? corruptRows(r, baseRows(year)) : baseRows(year);
  const text = toCsv(rows, r.next() < 0.1 ? r.pick(['\t', ';']) : ',');
  const bytes = r.next() < 0.6 ? corruptBytes(r, text) : enc.encode(text);
  return { name: `季度${i}.csv`, bytes };
}

async function xlsxOf(rows: string[][], sheet: string): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  for (const row of rows) ws.addRow(row.map((v) => (/^\d+(\.\d+)?$/.test(v) && v.length < 12 ? Number(v) : v)));
  if (rows.length > 1) ws.mergeCells('A1:F1');
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** A corrupted XLSX: cells and rows corrupted before writing, or bytes of a valid workbook corrupted after. */
async function fuzzXlsx(r: Rng, i: number, valid: Uint8Array, year = 2024): Promise<InputFile> {
  if (r.next() < 0.5) return { name: `运行${i}.xlsx`, bytes: await xlsxOf(corruptRows(r, baseRows(year)), r.pick(['季度运行', '一季度', 'Sheet1', '说明'])) };
  let bytes = valid.slice();
  switch (r.int(3)) {
    case 0:
      for (let j = 0; j < 1 + r.int(8); j++) bytes[r.int(bytes.length)] ^= 1 << r.int(8);
      break;
    case 1:
      bytes = bytes.slice(0, r.int(bytes.length));
      break;
    default:
      bytes = new Uint8Array([...bytes.slice(0, 4), ...Array.from({ length: 64 }, () => r.int(256)), ...bytes.slice(68)]);
  }
  return { name: `运行${i}.xlsx`, bytes };
}

const ROW_CODES = new Set(Object.keys(ISSUE_SEVERITY));

/** The invariants of a report: counts add up, every issue has a known code and a bilingual message. */
function checkReport(report: LoadReport, label: string) {
  for (const f of report.files) {
    const sum = f.rowsLoaded + f.rowsRejected + (f.rowsLeftOut ?? 0);
    if (f.rowsRead !== sum || f.rowsLoaded < 0 || f.rowsRejected < 0) throw new Error(`${label} ${f.file}: read ${f.rowsRead} ≠ loaded ${f.rowsLoaded} + rejected ${f.rowsRejected} + left out ${f.rowsLeftOut}`);
  }
  for (const i of report.issues) {
    if (!ROW_CODES.has(i.code) || !i.message.zh || !i.message.en) throw new Error(`${label}: issue ${i.code} without a message`);
    if (i.row !== null && !(i.row >= 1)) throw new Error(`${label}: issue ${i.code} at row ${i.row}`);
  }
  for (const l of report.leftOut ?? []) if (!(l.row >= 1) || !l.message.zh) throw new Error(`${label}: left out row ${l.row}`);
}

describe('ingest: fuzz', async () => {
  const db = await openNodeDb();
  afterAll(() => db.close());

  it(`reads ${CASES} corrupted CSV and XLSX files without crashing; every unit is readable or says why not`, { timeout: 120_000 }, async () => {
    const r = rng(SEED);
    const valid = await xlsxOf(baseRows(), '季度运行');
    const started = performance.now();
    const outcomes = { csv: 0, xlsx: 0, fatal: 0, units: 0, leftOut: 0, malformed: 0 };
    for (let i = 0; i < CASES; i++) {
      const isXlsx = r.next() < XLSX_SHARE;
      const file = isXlsx ? await fuzzXlsx(r, i, valid) : fuzzCsv(r, i);
      outcomes[isXlsx ? 'xlsx' : 'csv']++;
      let units;
      try {
        units = await readInput(file);
      } catch (e) {
        throw new Error(`case ${i} (seed ${SEED}): the reader threw ${(e as Error).message}`);
      }
      for (const u of units) {
        outcomes.units++;
        if (u.fatal) {
          outcomes.fatal++;
          expect(MESSAGE_CODES).toContain(u.fatal.code);
          continue;
        }
        expect(u.headerRow, `case ${i}`).toBeGreaterThanOrEqual(1);
        if (u.records !== null) {
          const below = u.leftOut.filter((l) => l.kind !== 'title');
          outcomes.leftOut += below.length;
          outcomes.malformed += u.malformed.length;
          // every record set aside is a record of the file, after the header, counted once
          const rows = [...u.malformed.map((m) => m.row), ...below.map((l) => l.row)];
          expect(new Set(rows).size, `case ${i}`).toBe(rows.length);
          for (const row of rows) expect(row > u.headerRow && row <= u.headerRow + u.records, `case ${i} row ${row}`).toBe(true);
        }
      }
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`fuzz, reading layer: ${CASES} cases (${outcomes.csv} CSV, ${outcomes.xlsx} XLSX) in ${seconds.toFixed(1)} s; ${outcomes.units} units, ${outcomes.fatal} refused whole, ${outcomes.malformed} malformed records, ${outcomes.leftOut} left out`);
  });

  it(`loads ${FULL} corrupted files into DuckDB: a clean load or clear errors, rows read = loaded + rejected + left out`, { timeout: 120_000 }, async () => {
    const r = rng(SEED + 1);
    const valid = await xlsxOf(baseRows(), '季度运行');
    const started = performance.now();
    const BATCH = 12;
    let files = 0, loaded = 0, rejected = 0, leftOut = 0, errors = 0;
    for (let b = 0; b * BATCH < FULL; b++) {
      const batch: InputFile[] = [enterprisesCsv(FIRMS, '企业名录.csv')];
      // each file of a batch has its own quarter, so that files do not clash with each other as duplicates
      for (let i = b * BATCH; i < Math.min(FULL, (b + 1) * BATCH); i++) {
        const year = 2001 + (i % BATCH);
        batch.push(r.next() < 0.15 ? await fuzzXlsx(r, i, valid, year) : fuzzCsv(r, i, year));
      }
      let report: LoadReport;
      try {
        report = await loadFiles(db, batch);
      } catch (e) {
        throw new Error(`batch ${b} (seed ${SEED + 1}): the load threw ${(e as Error).message}`);
      }
      checkReport(report, `batch ${b}`);
      files += report.files.length - 1;
      for (const f of report.files.slice(1)) {
        loaded += f.rowsLoaded;
        rejected += f.rowsRejected;
        leftOut += f.rowsLeftOut ?? 0;
      }
      errors += report.errorCount;
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`fuzz, full loads: ${FULL} files (${files} units) in ${seconds.toFixed(1)} s; rows loaded ${loaded}, rejected ${rejected}, left out ${leftOut}; ${errors} errors reported`);
    expect(loaded).toBeGreaterThan(0);
    expect(leftOut).toBeGreaterThan(0);
  });
});
