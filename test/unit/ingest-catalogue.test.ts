/**
 * The catalogue of bad or awkward inputs (issue 12): each entry a file a bureau might really send, the
 * outcome and the message the statistician reads (file, row as Excel numbers it, column, value).
 * docs/input-catalogue.md is rendered from this table; the last test compares them
 * (`UPDATE_CATALOGUE=1 npx vitest run test/unit/ingest-catalogue.test.ts` rewrites it).
 * Runs on the node engine (the WASM engine runs the same SQL: the other ingest tests cover both).
 */
import { describe, it, expect, afterAll } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { openNodeDb } from '../../src/lib/db/node.ts';
import type { Db } from '../../src/lib/db/types.ts';
import type { InputFile, LoadReport } from '../../src/lib/ingest/load.ts';
import { loadPackageSource } from '../../src/lib/policy/load.ts';
import { packageById } from './helpers/packages.ts';
import { evaluateFirm } from './helpers/policy-run.ts';
import { csv, enterprisesCsv, firm, load } from '../fixtures/ingest/helpers.ts';

const DOC = new URL('../../docs/input-catalogue.md', import.meta.url);

type Outcome =
  | 'loaded'
  | 'loaded, warning'
  | 'loaded, rows left out'
  | 'row not loaded'
  | 'file not loaded'
  | 'package refused'
  | 'evaluated: unknown';

interface Case {
  id: string;
  /** What the input holds. */
  input: string;
  outcome: Outcome;
  files: (db: Db) => Promise<InputFile[]> | InputFile[];
  /** Assertions on the report and the tables; returns the message the catalogue quotes. */
  check: (r: LoadReport, db: Db) => Promise<string> | string;
}

const QH = '统一社会信用代码,企业名称,期别,工业总产值（万元）,销售收入（万元）,从业人员,规上';
const qrow = (n: number, o: { period?: string; output?: string; sales?: string; emp?: string; above?: string; name?: string } = {}) =>
  [firm(n), o.name ?? `企业${n}`, o.period ?? '2024Q1', o.output ?? '100', o.sales ?? '90', o.emp ?? '10', o.above ?? '1'].join(',');
/** enterprises 1..n and a quarterly CSV: lines above the header, header, rows. */
const quarterly = (n: number, rows: string[], o: { above?: string[]; header?: string; name?: string } = {}): InputFile[] => [
  enterprisesCsv(n),
  csv(o.name ?? '季度运行.csv', [...(o.above ?? []), o.header ?? QH, ...rows].join('\n') + '\n')
];
const fiveFirms = [1, 2, 3, 4, 5].map((n) => qrow(n));

async function xlsx(name: string, build: (wb: ExcelJS.Workbook) => void): Promise<InputFile> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return { name, bytes: new Uint8Array(await wb.xlsx.writeBuffer()) };
}

const fileOf = (r: LoadReport, table = 'quarterly') => r.files.find((f) => f.table === table)!;
const coded = (r: LoadReport, code: string) => r.issues.filter((i) => i.code === code);
/** The one finding of `code`, checked for row, column and value; its Chinese and English message. */
function finding(r: LoadReport, code: string, at: { row?: number | null; column?: string | null; value?: string | null; severity?: 'error' | 'warning' } = {}): string {
  const hits = coded(r, code).filter((i) => at.row === undefined || i.row === at.row);
  expect(hits.length, `${code} at ${at.row} in ${JSON.stringify(r.issues.map((i) => [i.code, i.row]))}`).toBeGreaterThan(0);
  const i = hits[0];
  if (at.row !== undefined) expect(i.row).toBe(at.row);
  if (at.column !== undefined) expect(i.column).toBe(at.column);
  if (at.value !== undefined) expect(i.value).toBe(at.value);
  if (at.severity) expect(i.severity).toBe(at.severity);
  if (i.row !== null) expect(i.message.zh).toContain(`第 ${i.row} 行`);
  return `${i.message.zh} / ${i.message.en}`;
}
function leftOut(r: LoadReport, kind: 'title' | 'total' | 'note', row: number): string {
  const l = r.leftOut!.find((x) => x.kind === kind && x.row === row);
  expect(l, `${kind} at row ${row} in ${JSON.stringify(r.leftOut)}`).toBeTruthy();
  expect(r.errorCount).toBe(0);
  return `${l!.message.zh} / ${l!.message.en}`;
}
const values = async (db: Db, sql: string) => (await db.query(sql)).map((row) => Object.values(row).join('|'));
const summary = (r: LoadReport, table = 'quarterly') => {
  const f = fileOf(r, table);
  return `rows read ${f.rowsRead}, loaded ${f.rowsLoaded}, rejected ${f.rowsRejected}, left out ${f.rowsLeftOut ?? 0}`;
};
const clean = (r: LoadReport) => {
  expect(r.errorCount, JSON.stringify(r.issues.map((i) => i.message.en))).toBe(0);
  expect(r.warningCount, JSON.stringify(r.issues.map((i) => i.message.en))).toBe(0);
};

/** A policy package's YAML with one part replaced (the committed changchun-2024q1 package as the base). */
const PACKAGE_YAML = readFileSync(new URL('../../data/policies/changchun-2024q1.yaml', import.meta.url), 'utf8');
function packageError(edit: (yaml: string) => string): string {
  const yaml = edit(PACKAGE_YAML);
  expect(yaml).not.toBe(PACKAGE_YAML);
  try {
    loadPackageSource(yaml, 'broken.yaml');
  } catch (e) {
    return (e as Error).message.split('\n').slice(0, 3).join(' ');
  }
  throw new Error('the broken package loaded');
}

export const CASES: Case[] = [
  // ---- totals, notes, titles ----
  {
    id: 'total-bottom',
    input: '合计 row at the bottom, label in the id column, sums in the amount columns',
    outcome: 'loaded, rows left out',
    files: () => quarterly(5, [...fiveFirms, '合计,,500,450,50,']),
    check: async (r, db) => {
      expect(fileOf(r)).toMatchObject({ rowsRead: 6, rowsLoaded: 5, rowsRejected: 0, rowsLeftOut: 1 });
      expect(await values(db, 'SELECT sum(output_10k) FROM quarterly')).toEqual(['500']);
      return leftOut(r, 'total', 7);
    }
  },
  {
    id: 'total-name-column',
    input: '合 计 in the name column, id blank',
    outcome: 'loaded, rows left out',
    files: () => quarterly(2, [qrow(1), qrow(2), ',合 计,,200,180,20,']),
    check: (r) => (expect(fileOf(r).rowsLoaded).toBe(2), leftOut(r, 'total', 4))
  },
  {
    id: 'total-top',
    input: '总计 row right under the header',
    outcome: 'loaded, rows left out',
    files: () => quarterly(2, ['总计,,,200,180,20,', qrow(1), qrow(2)]),
    check: (r) => (expect(fileOf(r).rowsLoaded).toBe(2), leftOut(r, 'total', 2))
  },
  {
    id: 'subtotals',
    input: '小计（朝阳区） rows between groups and 全市合计 at the end',
    outcome: 'loaded, rows left out',
    files: () => quarterly(4, [qrow(1), qrow(2), ',小计（朝阳区）,,200,180,20,', qrow(3), qrow(4), ',小计（绿园区）,,200,180,20,', '全市合计,,,400,360,40,']),
    check: (r) => {
      expect(fileOf(r)).toMatchObject({ rowsRead: 7, rowsLoaded: 4, rowsLeftOut: 3 });
      expect(r.leftOut!.filter((l) => l.kind === 'total').map((l) => l.row)).toEqual([4, 7, 8]);
      return leftOut(r, 'total', 4);
    }
  },
  {
    id: 'firm-named-total',
    input: 'a firm whose name contains 合计 (合计科技有限公司) with a valid id',
    outcome: 'loaded',
    files: () => quarterly(1, [qrow(1, { name: '长春合计科技有限公司' })]),
    check: (r) => (clean(r), expect(r.leftOut).toEqual([]), summary(r))
  },
  {
    id: 'notes-below',
    input: '注：… line (one field, no trailing commas) and 数据来源：… under the table',
    outcome: 'loaded, rows left out',
    files: () => quarterly(2, [qrow(1), qrow(2), '', '注：1. 产值为现价。', '数据来源：市统计局,,,,,,']),
    check: (r) => {
      expect(fileOf(r)).toMatchObject({ rowsRead: 4, rowsLoaded: 2, rowsLeftOut: 2 });
      leftOut(r, 'note', 6);
      return leftOut(r, 'note', 5);
    }
  },
  {
    id: 'signature-rows',
    input: '单位负责人：… 填表人：… 报出日期：… spread over cells under the table',
    outcome: 'loaded, rows left out',
    files: () => quarterly(1, [qrow(1), '单位负责人：张三,,填表人：李四,,报出日期：2024年4月10日,,']),
    check: (r) => leftOut(r, 'note', 3)
  },
  {
    id: 'title-and-unit',
    input: 'title row and 单位：万元 above the header',
    outcome: 'loaded',
    files: () => quarterly(1, [qrow(1)], { above: ['2024年一季度规上工业企业主要指标,,,,,,', '单位：万元,,,,,,'] }),
    check: (r) => (clean(r), expect(fileOf(r).rowsLoaded).toBe(1), leftOut(r, 'title', 2))
  },
  {
    id: 'unit-row-yuan',
    input: '单位：元 above the header, amount headers without a unit',
    outcome: 'file not loaded',
    files: () => quarterly(1, [`${firm(1)},2024Q1,1000000,1`], { above: ['单位：元,,,'], header: '统一社会信用代码,期别,工业总产值,规上' }),
    check: (r) => (expect(fileOf(r)).toMatchObject({ rowsLoaded: 0, rowsRejected: 1 }), finding(r, 'unit_row_mismatch', { severity: 'error', value: '单位：元' }))
  },
  {
    id: 'unit-row-vs-header',
    input: '单位：元 above the header, but every amount header says （万元）',
    outcome: 'loaded',
    files: () => quarterly(1, [qrow(1)], { above: ['单位：元,,,,,,'] }),
    check: (r) => (clean(r), summary(r))
  },
  {
    id: 'header-unit-yuan',
    input: 'header 工业总产值（元）',
    outcome: 'file not loaded',
    files: () => quarterly(1, [`${firm(1)},2024Q1,1000000,1`], { header: '统一社会信用代码,期别,工业总产值（元）,规上' }),
    check: (r) => {
      const message = finding(r, 'missing_column', { severity: 'error' });
      expect(message).toContain('单位是 元');
      return message;
    }
  },
  // ---- headers ----
  {
    id: 'header-two-rows',
    input: 'header over two rows: 2024年一季度 over 工业总产值 | 销售收入',
    outcome: 'loaded',
    files: () => quarterly(1, [`${firm(1)},2024Q1,100,90,1`], { above: ['统一社会信用代码,期别,2024年一季度,,规上'], header: ',,工业总产值,销售收入,' }),
    check: async (r, db) => {
      clean(r);
      expect(await values(db, 'SELECT output_10k, sales_10k FROM quarterly')).toEqual(['100|90']);
      expect(fileOf(r).columns.map((c) => c.target)).toEqual(['firm_id', 'period', 'output_10k', 'sales_10k', 'above_scale']);
      return summary(r);
    }
  },
  {
    id: 'header-unit-row',
    input: 'a row of units (万元, 人) under the header names',
    outcome: 'loaded',
    files: () => quarterly(1, [`${firm(1)},2024Q1,100,10,1`], { above: ['统一社会信用代码,期别,工业总产值,从业人员,规上'], header: ',,万元,人,' }),
    check: async (r, db) => (clean(r), expect(await values(db, 'SELECT output_10k, employees FROM quarterly')).toEqual(['100|10']), `row 3 is the first data row; ${summary(r)}`)
  },
  {
    id: 'xlsx-merged-header',
    input: 'XLSX: 统一社会信用代码 merged over two header rows, 2024年一季度 merged over two columns, title merged across',
    outcome: 'loaded',
    files: async () => [
      enterprisesCsv(1),
      await xlsx('运行.xlsx', (wb) => {
        const ws = wb.addWorksheet('季度');
        ws.addRow(['2024年一季度运行情况']);
        ws.addRow(['统一社会信用代码', '期别', '2024年一季度', '', '规上']);
        ws.addRow(['', '', '工业总产值', '销售收入', '']);
        ws.addRow([firm(1), '2024Q1', 100, 90, '是']);
        ws.mergeCells('A1:E1');
        ws.mergeCells('A2:A3');
        ws.mergeCells('B2:B3');
        ws.mergeCells('C2:D2');
        ws.mergeCells('E2:E3');
      })
    ],
    check: async (r, db) => (clean(r), expect(await values(db, 'SELECT output_10k, sales_10k FROM quarterly')).toEqual(['100|90']), leftOut(r, 'title', 1))
  },
  {
    id: 'missing-column',
    input: 'quarterly file without the required 规上 column',
    outcome: 'file not loaded',
    files: () => quarterly(1, [`${firm(1)},2024Q1,100`], { header: '统一社会信用代码,期别,工业总产值' }),
    check: (r) => finding(r, 'missing_column', { severity: 'error', column: '规上' })
  },
  {
    id: 'extra-columns',
    input: 'extra columns (联系人, 备注) beside the contract columns',
    outcome: 'loaded',
    files: () => quarterly(1, [`${firm(1)},2024Q1,100,1,张三,无`], { header: '统一社会信用代码,期别,工业总产值,规上,联系人,备注' }),
    check: async (r, db) => (clean(r), expect(await values(db, 'SELECT "联系人", "备注" FROM quarterly')).toEqual(['张三|无']), 'kept as extra text columns 联系人, 备注')
  },
  // ---- cells ----
  {
    id: 'not-reported',
    input: '--, —, /, blank in an optional amount (销售收入)',
    outcome: 'loaded',
    files: () => quarterly(4, ['--', '—', '/', ''].map((v, i) => qrow(i + 1, { sales: v }))),
    check: async (r, db) => (clean(r), expect(await values(db, 'SELECT count(sales_10k) FROM quarterly')).toEqual(['0']), 'read as not reported (NULL); ' + summary(r))
  },
  {
    id: 'not-reported-required',
    input: '-- in a required amount (工业总产值)',
    outcome: 'row not loaded',
    files: () => quarterly(1, [qrow(1, { output: '--' })]),
    check: (r) => finding(r, 'empty_required', { row: 2, column: '工业总产值（万元）' })
  },
  {
    id: 'full-width',
    input: 'full-width digits and spaces: １２３４．５, 　８０　, ２０２４Ｑ１',
    outcome: 'loaded',
    files: () => quarterly(1, [qrow(1, { output: '１２３４．５', sales: '　８０　', period: '２０２４Ｑ１' })]),
    check: async (r, db) => (clean(r), expect(await values(db, 'SELECT period, output_10k, sales_10k FROM quarterly')).toEqual(['2024Q1|1234.5|80']), 'read as 2024Q1, 1234.5, 80')
  },
  {
    id: 'thousands',
    input: 'thousands separators "1,234.50" (quoted) and 1，234 (full-width comma)',
    outcome: 'loaded',
    files: () => quarterly(2, [qrow(1, { output: '"1,234.50"' }), qrow(2, { output: '1，234' })]),
    check: async (r, db) => (clean(r), expect(await values(db, 'SELECT output_10k FROM quarterly ORDER BY firm_id')).toEqual(['1234.5', '1234']), 'read as 1234.50 and 1234')
  },
  {
    id: 'bad-separators',
    input: 'misplaced separators "1,23" in an amount',
    outcome: 'row not loaded',
    files: () => quarterly(1, [qrow(1, { output: '"1,23"' })]),
    check: (r) => finding(r, 'bad_number', { row: 2, value: '1,23' })
  },
  {
    id: 'wan-suffix',
    input: '1200万 and 1200万元 in a 万元 column',
    outcome: 'loaded',
    files: () => quarterly(2, [qrow(1, { output: '1200万' }), qrow(2, { output: '1200万元' })]),
    check: async (r, db) => (clean(r), expect(await values(db, 'SELECT output_10k FROM quarterly')).toEqual(['1200', '1200']), 'the 万 is the column\'s unit: 1200')
  },
  {
    id: 'yi-suffix',
    input: '1.23456亿, 0.00001亿元 and 3亿 in a 万元 column',
    outcome: 'loaded',
    files: () => quarterly(3, [qrow(1, { output: '1.23456亿' }), qrow(2, { output: '0.00001亿元' }), qrow(3, { output: '3亿' })]),
    check: async (r, db) => {
      clean(r);
      expect(await values(db, 'SELECT CAST(output_10k AS VARCHAR) FROM quarterly ORDER BY firm_id')).toEqual(['12345.60', '0.10', '30000.00']);
      return '×10000 by moving the decimal point in the text: 12345.60, 0.10, 30000.00 万元';
    }
  },
  {
    id: 'yuan-suffix',
    input: '5000元 in a 万元 column, 1.2万 in a count',
    outcome: 'row not loaded',
    files: () => quarterly(2, [qrow(1, { output: '5000元' }), qrow(2, { emp: '1.2万' })]),
    check: (r) => (finding(r, 'bad_number', { row: 3, column: '从业人员', value: '1.2万' }), finding(r, 'bad_number', { row: 2, value: '5000元' }))
  },
  {
    id: 'nan-infinity',
    input: 'NaN and Infinity in amounts (a formula dividing by zero)',
    outcome: 'row not loaded',
    files: () => quarterly(2, [qrow(1, { output: 'NaN' }), qrow(2, { sales: 'Infinity' })]),
    check: (r) => (expect(coded(r, 'bad_number').map((i) => i.row)).toEqual([2, 3]), finding(r, 'bad_number', { row: 2, value: 'NaN' }))
  },
  {
    id: 'negative-output',
    input: 'negative output -12',
    outcome: 'row not loaded',
    files: () => quarterly(1, [qrow(1, { output: '-12' })]),
    check: (r) => finding(r, 'negative_money', { row: 2, column: '工业总产值（万元）', value: '-12' })
  },
  {
    id: 'decimals',
    input: 'amount with 4 decimals 12.3456 (computed from yuan)',
    outcome: 'loaded, warning',
    files: () => quarterly(1, [qrow(1, { output: '12.3456' })]),
    check: (r) => finding(r, 'excess_decimals', { row: 2, severity: 'warning' })
  },
  // ---- periods and dates ----
  {
    id: 'periods-accepted',
    input: 'periods 2024-Q1, 2024年一季度, 2024年第二季度, 2024年7-9月, 2024年10-12月',
    outcome: 'loaded',
    files: () => quarterly(5, ['2024-Q1', '2024年一季度', '2024年第二季度', '2024年7-9月', '2024年10-12月'].map((p, i) => qrow(i + 1, { period: p }))),
    check: async (r, db) => (clean(r), expect(await values(db, 'SELECT period FROM quarterly ORDER BY firm_id')).toEqual(['2024Q1', '2024Q1', '2024Q2', '2024Q3', '2024Q4']), 'read as 2024Q1, 2024Q1, 2024Q2, 2024Q3, 2024Q4')
  },
  {
    id: 'period-cumulative',
    input: 'period 2024年1-6月 (year to date)',
    outcome: 'row not loaded',
    files: () => quarterly(1, [qrow(1, { period: '2024年1-6月' })]),
    check: (r) => finding(r, 'bad_period', { row: 2, value: '2024年1-6月' })
  },
  {
    id: 'period-month',
    input: 'period 2024年3月 (a month)',
    outcome: 'row not loaded',
    files: () => quarterly(1, [qrow(1, { period: '2024年3月' })]),
    check: (r) => finding(r, 'bad_period', { row: 2, value: '2024年3月' })
  },
  {
    id: 'dates-text',
    input: 'dates as text 2024/3/31, 2024年3月31日, 20240331, ２０２４－０３－３１',
    outcome: 'loaded',
    files: () => [csv('企业名录.csv', ['统一社会信用代码,企业名称,区县,行业代码,注册日期', ...['2024/3/31', '2024年3月31日', '20240331', '２０２４－０３－３１'].map((d, i) => `${firm(i + 1)},企业,朝阳区,3670,${d}`)].join('\n'))],
    check: async (r, db) => (clean(r), expect(await values(db, 'SELECT DISTINCT registered_on FROM enterprises')).toEqual(['2024-03-31']), 'all read as 2024-03-31')
  },
  {
    id: 'date-serial',
    input: 'date as an Excel serial number 45382 (a General-formatted cell saved as CSV)',
    outcome: 'loaded, warning',
    files: () => [csv('企业名录.csv', `统一社会信用代码,企业名称,区县,行业代码,注册日期\n${firm(1)},企业,朝阳区,3670,45382\n`)],
    check: async (r, db) => (expect(await values(db, 'SELECT registered_on FROM enterprises')).toEqual(['2024-03-31']), finding(r, 'date_serial', { row: 2, value: '45382', severity: 'warning' }))
  },
  {
    id: 'date-impossible',
    input: 'impossible date 2024-02-30',
    outcome: 'row not loaded',
    files: () => [csv('企业名录.csv', `统一社会信用代码,企业名称,区县,行业代码,注册日期\n${firm(1)},企业,朝阳区,3670,2024-02-30\n`)],
    check: (r) => finding(r, 'bad_date', { row: 2, column: '注册日期', value: '2024-02-30' })
  },
  // ---- workbooks ----
  {
    id: 'xlsx-sheets',
    input: 'XLSX with sheets 企业名录, 季度运行数据 and 填表说明; numbers stored as text; a date cell',
    outcome: 'loaded, warning',
    files: async () => [
      await xlsx('2024年一季度.xlsx', (wb) => {
        const e = wb.addWorksheet('企业名录');
        e.addRow(['统一社会信用代码', '企业名称', '区县', '行业代码', '注册日期']);
        e.addRow([firm(1), '企业1', '朝阳区', '3670', new Date(Date.UTC(2024, 2, 31))]);
        const q = wb.addWorksheet('季度运行数据');
        q.addRow(['统一社会信用代码', '期别', '工业总产值（万元）', '规上']);
        q.addRow([firm(1), '2024年一季度', '12,345.6', '是']);
        q.addRow(['合计', '', '12,345.6', '']);
        wb.addWorksheet('填表说明').addRow(['请按季度填报']);
      })
    ],
    check: async (r, db) => {
      expect(r.files.map((f) => [f.file, f.table, f.rowsLoaded])).toEqual([
        ['2024年一季度.xlsx › 企业名录', 'enterprises', 1],
        ['2024年一季度.xlsx › 季度运行数据', 'quarterly', 1],
        ['2024年一季度.xlsx › 填表说明', null, 0]
      ]);
      expect(await values(db, 'SELECT registered_on FROM enterprises')).toEqual(['2024-03-31']);
      expect(await values(db, 'SELECT output_10k FROM quarterly')).toEqual(['12345.6']);
      leftOut(r, 'total', 3);
      return finding(r, 'unrecognised_sheet', { severity: 'warning' });
    }
  },
  {
    id: 'xls',
    input: 'old Excel 97-2003 .xls file',
    outcome: 'file not loaded',
    files: () => [{ name: '季度.xls', bytes: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]) }],
    check: (r) => finding(r, 'unsupported_format', { severity: 'error' })
  },
  {
    id: 'xlsx-broken',
    input: 'a .xlsx that is a damaged zip',
    outcome: 'file not loaded',
    files: () => [{ name: '季度.xlsx', bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]) }],
    check: (r) => finding(r, 'unsupported_format', { severity: 'error' })
  },
  // ---- text encodings and separators ----
  {
    id: 'gbk',
    input: 'CSV files saved as GBK ("ANSI" on a Chinese Windows), 2024年一季度 and "12,345.60" inside, one negative output',
    outcome: 'row not loaded',
    files: () => ['enterprises-gbk.csv', 'quarterly-gbk.csv'].map((f) => ({ name: f.replace('-gbk', ''), bytes: new Uint8Array(readFileSync(new URL(`../fixtures/ingest/${f}`, import.meta.url))) })),
    check: (r) => (expect(r.files.map((f) => f.encoding)).toEqual(['gb18030', 'gb18030']), finding(r, 'negative_money', { row: 4, column: '工业总产值（万元）', value: '-12' }))
  },
  {
    id: 'bad-utf8',
    input: 'UTF-8 file with a few damaged bytes after the first 64 KiB of Chinese text',
    outcome: 'loaded, warning',
    files: () => {
      const enc = new TextEncoder();
      const rows = Array.from({ length: 800 }, (_, i) => qrow(1, { name: '长春市某某汽车零部件制造有限公司长春市某某汽车零部件制造有限公司', period: `${1900 + Math.floor(i / 4)}Q${(i % 4) + 1}` }));
      const parts = [enc.encode([QH, ...rows].join('\n') + `\n${firm(2)},企`), new Uint8Array([0xff]), enc.encode(`业,2024Q1,1,1,1,1\n`)];
      const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      parts.reduce((at, p) => (bytes.set(p, at), at + p.length), 0);
      return [enterprisesCsv(2), { name: '季度.csv', bytes }];
    },
    check: async (r, db) => (expect(await values(db, `SELECT "企业名称" FROM quarterly WHERE firm_id = '${firm(2)}'`)).toEqual(['企\ufffd业']), finding(r, 'encoding_replaced', { severity: 'warning' }))
  },
  {
    id: 'bom',
    input: 'UTF-8 with a byte-order mark (Excel "CSV UTF-8")',
    outcome: 'loaded',
    files: () => [enterprisesCsv(1), csv('季度.csv', `\ufeff${QH}\n${qrow(1)}\n`)],
    check: (r) => (clean(r), summary(r))
  },
  {
    id: 'semicolon',
    input: 'semicolon-separated file (European Excel)',
    outcome: 'loaded',
    files: () => [enterprisesCsv(1), csv('季度.csv', `${QH.replaceAll(',', ';')}\n${qrow(1).replaceAll(',', ';')}\n`)],
    check: (r) => (clean(r), expect(fileOf(r).delimiter).toBe(';'), `separator ";"; ${summary(r)}`)
  },
  {
    id: 'tab',
    input: 'tab-separated file (copied from a web page)',
    outcome: 'loaded',
    files: () => [enterprisesCsv(1), csv('季度.txt', `${QH.replaceAll(',', '\t')}\n${qrow(1).replaceAll(',', '\t')}\n`)],
    check: (r) => (clean(r), expect(fileOf(r).delimiter).toBe('\t'), `separator tab; ${summary(r)}`)
  },
  {
    id: 'quoted-newline',
    input: 'a firm name with a line break inside quotes, and a bad industry code in the next record',
    outcome: 'row not loaded',
    files: () => [csv('企业名录.csv', `统一社会信用代码,企业名称,区县,行业代码\n${firm(1)},"长春一汽\n富维",朝阳区,3670\n${firm(2)},企业2,朝阳区,367\n`)],
    check: async (r, db) => {
      expect(await values(db, 'SELECT name FROM enterprises')).toEqual(['长春一汽\n富维']);
      return finding(r, 'bad_industry_code', { row: 3, value: '367' }) + ' (row numbers count the two-line record as one row, as Excel does)';
    }
  },
  {
    id: 'unclosed-quote',
    input: 'a quote that never closes',
    outcome: 'file not loaded',
    files: () => quarterly(1, [qrow(1, { name: '"企业1' })]),
    check: (r) => finding(r, 'malformed_csv', { row: 2 })
  },
  {
    id: 'extra-fields',
    input: 'a row with an unquoted comma in the name (one field too many)',
    outcome: 'row not loaded',
    files: () => quarterly(2, [qrow(1, { name: '长春,一汽' }), qrow(2)]),
    check: (r) => (expect(fileOf(r)).toMatchObject({ rowsLoaded: 1, rowsRejected: 1 }), finding(r, 'malformed_row', { row: 2 }))
  },
  {
    id: 'empty-file',
    input: 'an empty file (0 bytes)',
    outcome: 'file not loaded',
    files: () => [csv('季度.csv', '')],
    check: (r) => finding(r, 'unsupported_format', { severity: 'error' })
  },
  {
    id: 'header-only',
    input: 'header only, no data rows',
    outcome: 'loaded, warning',
    files: () => quarterly(1, []),
    check: (r) => finding(r, 'empty_file', { severity: 'warning' })
  },
  {
    id: 'binary',
    input: 'a binary file (an image) named .csv',
    outcome: 'file not loaded',
    files: () => [{ name: '季度.csv', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]) }],
    check: (r) => finding(r, 'unsupported_format')
  },
  // ---- keys and firms ----
  {
    id: 'duplicate-firm-quarter',
    input: 'the same firm and quarter twice (2024Q1 and 2024年一季度)',
    outcome: 'row not loaded',
    files: () => quarterly(1, [qrow(1), qrow(1, { period: '2024年一季度' })]),
    check: (r) => (expect(fileOf(r)).toMatchObject({ rowsLoaded: 0, rowsRejected: 2 }), finding(r, 'duplicate_key', { row: 2 }))
  },
  {
    id: 'unknown-firm',
    input: 'a firm in quarterly but not in enterprises',
    outcome: 'loaded, warning',
    files: () => quarterly(1, [qrow(1), qrow(2)]),
    check: (r) => finding(r, 'unknown_firm', { row: 3, severity: 'warning' })
  },
  {
    id: 'bad-uscc',
    input: 'firm ids: 17 characters; a letter O for a zero',
    outcome: 'row not loaded',
    files: () => quarterly(1, [qrow(1), `${firm(1).slice(0, 17)},企业,2024Q1,1,1,1,1`, `${firm(1).slice(0, 10)}O${firm(1).slice(11)},企业,2024Q2,1,1,1,1`]),
    check: (r) => (finding(r, 'bad_uscc', { row: 4 }), finding(r, 'bad_uscc', { row: 3, value: firm(1).slice(0, 17) }))
  },
  {
    id: 'uscc-scientific',
    input: 'firm id turned into 9.12201E+17 by Excel',
    outcome: 'row not loaded',
    files: () => quarterly(1, [qrow(1), '9.12201E+17,企业,2024Q1,1,1,1,1']),
    check: (r) => finding(r, 'bad_uscc', { row: 3, value: '9.12201E+17' })
  },
  {
    id: 'uscc-checksum',
    input: 'enterprise id failing only the GB 32100 check character',
    outcome: 'loaded, warning',
    files: () => {
      const bad = firm(1).slice(0, 17) + (firm(1)[17] === '0' ? '1' : '0');
      return [csv('企业名录.csv', `统一社会信用代码,企业名称,区县,行业代码\n${bad},企业,朝阳区,3670\n`)];
    },
    check: (r) => finding(r, 'uscc_checksum', { row: 2, severity: 'warning' })
  },
  // ---- Parquet ----
  {
    id: 'parquet-wrong-types',
    input: 'Parquet: firm_id as BIGINT, period as INTEGER 20241, output as text',
    outcome: 'row not loaded',
    files: async (db) => [
      { name: 'quarterly.parquet', bytes: await db.exportQuery("SELECT 912201011234567::BIGINT AS firm_id, 20241 AS period, '100' AS output_10k, 1 AS above_scale", 'parquet') }
    ],
    check: (r) => (finding(r, 'bad_period', { row: 2, value: '20241' }), finding(r, 'bad_uscc', { row: 2, value: '912201011234567' }))
  },
  {
    id: 'parquet-nan',
    input: 'Parquet: output as DOUBLE with NaN and -Infinity',
    outcome: 'row not loaded',
    files: async (db) => [
      enterprisesCsv(2),
      {
        name: 'quarterly.parquet',
        bytes: await db.exportQuery(`SELECT * FROM (VALUES ('${firm(1)}', '2024Q1', 'NaN'::DOUBLE, 1), ('${firm(2)}', '2024Q1', '-Infinity'::DOUBLE, 1)) t(firm_id, period, output_10k, above_scale)`, 'parquet')
      }
    ],
    check: (r) => (expect(coded(r, 'bad_number').length).toBe(2), finding(r, 'bad_number', { row: 2 }))
  },
  // ---- the engine and policy packages ----
  {
    id: 'zero-base-growth',
    input: 'output 0 in 2023Q1, 6000 in 2024Q1: growth for changchun-2024q1 c2-capacity',
    outcome: 'evaluated: unknown',
    files: () => quarterly(1, [qrow(1, { period: '2023Q1', output: '0' }), qrow(1, { output: '6000' })]),
    check: async (r, db) => {
      clean(r);
      const [row] = (await evaluateFirm(db, packageById('changchun-2024q1'), firm(1), { city_growth: 0.05 })).filter((x) => x.clause === 'c2-capacity');
      expect(row).toMatchObject({ status: 'unknown', award_yuan: 0 });
      expect(row.evidence.find((e) => e.id === 'growth_tier1')).toMatchObject({ value: null, pass: null });
      return 'the data loads; growth over a zero base is not a number, so the clause is "unknown" (no award) and the evidence shows the growth as missing (数据缺失)';
    }
  },
  {
    id: 'package-broken-tiers',
    input: 'policy package whose tier table row has no amount',
    outcome: 'package refused',
    files: () => [],
    check: () => packageError((y) => y.replace('{id: growth8, when: growth_tier1, amount: c2_tier1_amount,', '{id: growth8, when: growth_tier1,'))
  },
  {
    id: 'package-bad-expression',
    input: 'policy package with a condition that does not parse (output_q1 > > 5000)',
    outcome: 'package refused',
    files: () => [],
    check: () => packageError((y) => y.replace('eligibility: above_scale_q1 and output_q1_above and growth_vs_city and growth_tier1', 'eligibility: above_scale_q1 and (output_q1 > > 5000'))
  }
];

const FILE_LEVEL = new Set(['unsupported_format', 'csv_read_failed', 'malformed_csv', 'unrecognised_file', 'missing_column', 'unit_row_mismatch']);
const results = new Map<string, string>();

describe('ingest: catalogue of bad and awkward inputs', async () => {
  const db = await openNodeDb();
  afterAll(() => db.close());

  it.each(CASES.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const files = await c.files(db);
    const report = files.length ? await load(db, files) : ({ files: [], issues: [], tables: [], errorCount: 0, warningCount: 0 } as LoadReport);
    for (const f of report.files) expect(f.rowsRead, f.file).toBe(f.rowsLoaded + f.rowsRejected + (f.rowsLeftOut ?? 0));
    const shown = await c.check(report, db);
    const outcome: Outcome = !files.length
      ? 'package refused'
      : c.outcome === 'evaluated: unknown'
        ? c.outcome
        : report.issues.some((i) => i.severity === 'error' && FILE_LEVEL.has(i.code))
          ? 'file not loaded'
          : report.errorCount
            ? 'row not loaded'
            : report.warningCount
              ? 'loaded, warning'
              : (report.leftOutCount ?? 0) > 0
                ? 'loaded, rows left out'
                : 'loaded';
    expect(outcome).toBe(c.outcome);
    results.set(c.id, shown);
  });

  it('has at least 40 entries, and docs/input-catalogue.md lists each with its outcome and message', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    if (results.size !== CASES.length) return; // a filtered run: the document is checked on full runs only
    const cellText = (s: string) => s.replace(/\n/g, '⏎').replace(/\|/g, '\\|');
    const lines = [
      '# 输入目录 / Input catalogue',
      '',
      'Bad or awkward inputs a bureau may send, what the ingest does with each, and the message the statistician',
      'reads (file, row as Excel numbers it, column, value). Generated from `test/unit/ingest-catalogue.test.ts`,',
      'which runs every entry and fails when this file differs (`UPDATE_CATALOGUE=1 npx vitest run',
      'test/unit/ingest-catalogue.test.ts` rewrites it). Outcomes: **loaded**; **loaded, warning** (rows loaded, a',
      'value deserves a look); **loaded, rows left out** (totals, notes: 说明, not errors); **row not loaded** (the',
      'rows with errors; the rest load); **file not loaded**; **package refused** (policy YAML).',
      '',
      'Decisions: a 万 / 万元 suffix in a 万元 column is the unit; 亿 / 亿元 is converted ×10000 by moving the decimal',
      'point in the text (exact); 元 is refused, as is any unit on a count. A 单位：万元 row above the header is',
      'honoured; 单位：元 (or 千元, 亿元) is refused for the whole file unless every amount header states its unit.',
      'Periods: 2024Q1, 2024-Q1, Q1 2024, 2024年一季度 / 第一季度 and 2024年1-3月 (months making exactly one quarter)',
      'are read; a run of months that is not one quarter (2024年1-6月, year to date) and a month are refused with',
      'their own message. Dates: 2024-03-31, 2024/3/31, 20240331, 2024年3月31日, full-width digits, XLSX date cells;',
      'an Excel serial number (10000-73050, i.e. 1927-2099) is read with a warning naming the date.',
      '',
      `| # | id | input | outcome | message (中文 / English) |`,
      `|---|---|---|---|---|`,
      ...CASES.map((c, i) => `| ${i + 1} | ${c.id} | ${cellText(c.input)} | ${c.outcome} | ${cellText(results.get(c.id)!)} |`),
      '',
      `Large file and fuzzing: see the end of \`test/unit/ingest-catalogue.test.ts\` (large file) and`,
      '`test/unit/ingest-fuzz.test.ts`.',
      ''
    ];
    const doc = lines.join('\n');
    if (process.env.UPDATE_CATALOGUE) writeFileSync(DOC, doc);
    expect(readFileSync(DOC, 'utf8')).toBe(doc);
  });
});

/**
 * A large quarterly CSV, generated: INGEST_LARGE_MB megabytes (default 20: a few seconds; 200 MB, the size
 * issue 12 names, takes about ten times as long and runs with INGEST_LARGE_MB=200). Prints the throughput.
 */
describe('ingest: a large file', async () => {
  const MB = Number(process.env.INGEST_LARGE_MB ?? 20);
  const db = await openNodeDb();
  afterAll(() => db.close());

  it(`loads a ${MB} MB quarterly CSV with a 合计 row, every row counted`, { timeout: 600_000 }, async () => {
    const firms = 20000; // 200 MB is 3.6 million rows: 180 quarters of 20,000 firms
    const line = (i: number) => `${firm((i % firms) + 1)},企业${(i % firms) + 1},${2000 + Math.floor(i / firms / 4)}Q${(Math.floor(i / firms) % 4) + 1},${(i % 9973) + 0.5},${i % 5000},${i % 300},1`;
    const bytesPerRow = new TextEncoder().encode(line(123456) + '\n').length;
    const rows = Math.floor((MB * 1e6) / bytesPerRow);
    const parts: string[] = [QH];
    for (let i = 0; i < rows; i++) parts.push(line(i));
    parts.push('合计,,,,,,');
    const bytes = new TextEncoder().encode(parts.join('\n') + '\n');
    parts.length = 0;
    const started = performance.now();
    const report = await load(db, [enterprisesCsv(firms), { name: '季度运行.csv', bytes }]);
    const seconds = (performance.now() - started) / 1000;
    const f = fileOf(report);
    expect(f).toMatchObject({ rowsRead: rows + 1, rowsLoaded: rows, rowsRejected: 0, rowsLeftOut: 1 });
    expect(report.errorCount).toBe(0);
    console.log(`large file: ${(bytes.length / 1e6).toFixed(0)} MB, ${rows} rows loaded in ${seconds.toFixed(1)} s (${(bytes.length / 1e6 / seconds).toFixed(1)} MB/s, ${Math.round(rows / seconds)} rows/s)`);
  });
});
