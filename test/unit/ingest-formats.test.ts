import { describe, it, expect, afterAll } from 'vitest';
import ExcelJS from 'exceljs';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { SQL_TYPE, TABLES } from '../../src/lib/ingest/contract.ts';
import { openNodeDb } from '../../src/lib/db/node.ts';
import { ENGINES, csv, enterprisesCsv, firm, issuesOf, load } from '../fixtures/ingest/helpers.ts';

/** Parquet bytes written by the native engine (the browser engine writes none offline). */
async function parquetOf(sql: string, format: 'parquet'): Promise<Uint8Array> {
  const writer = await openNodeDb();
  try {
    return await writer.exportQuery(sql, format);
  } finally {
    await writer.close();
  }
}

async function workbook(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const firms = wb.addWorksheet('企业名录');
  firms.addRow(['统一社会信用代码', '企业名称', '区县', '行业代码', '注册日期', '是否制造业', '联系人']);
  firms.addRow([firm(1), '长春一汽富维', '朝阳区', 3670, new Date(Date.UTC(2019, 2, 5)), true, '张三']);
  firms.addRow([firm(2), '长客配件', '绿园区', 3720, new Date(Date.UTC(2020, 0, 1)), false, null]);
  const quarterly = wb.addWorksheet('季度运行');
  quarterly.addRow(['2024年一季度规上工业企业运行情况']);
  quarterly.mergeCells('A1:F1');
  quarterly.addRow(['统一社会信用代码', '期别', '工业总产值（万元）', '销售收入（万元）', '从业人员', '规上']);
  quarterly.addRow([firm(1), '2024Q1', 12345.6, { formula: 'C3*0.9', result: 11111.04 }, 420, '是']);
  quarterly.addRow([firm(2), '2024年一季度', 0.1 + 0.2, 0.3, 30, 1]);
  quarterly.addRow([firm(2), '2023Q1', -5, 1, 30, 1]);
  const notes = wb.addWorksheet('说明');
  notes.addRow(['本表由统计科填报']);
  wb.addWorksheet('Sheet3');
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe.each(ENGINES)('ingest: file formats (%s)', async (_engine, open) => {
  const db = await open();
  afterAll(() => db.close());

  it('loads every sheet of an XLSX workbook as its own file, with Excel row numbers, typed cells and formula results', async () => {
    const report = await load(db, [{ name: '2024Q1.xlsx', bytes: await workbook() }]);
    expect(report.files.map((f) => [f.file, f.table, f.format, f.rowsRead, f.rowsLoaded])).toEqual([
      ['2024Q1.xlsx › 企业名录', 'enterprises', 'xlsx', 2, 2],
      ['2024Q1.xlsx › 季度运行', 'quarterly', 'xlsx', 3, 2],
      ['2024Q1.xlsx › 说明', null, 'xlsx', 0, 0]
    ]);
    expect(report.issues.map((i) => [i.severity, i.file, i.code, i.row, i.value])).toEqual([
      ['error', '2024Q1.xlsx › 季度运行', 'negative_money', 5, '-5'],
      ['warning', '2024Q1.xlsx › 说明', 'unrecognised_sheet', null, null]
    ]);
    expect(report.leftOut!.map((l) => [l.file, l.kind, l.row])).toEqual([['2024Q1.xlsx › 季度运行', 'title', 1]]);
    expect(await db.query('SELECT firm_id, industry_code, registered_on, is_manufacturing, "联系人" FROM enterprises ORDER BY firm_id')).toEqual([
      { firm_id: firm(1), industry_code: '3670', registered_on: '2019-03-05', is_manufacturing: 1, 联系人: '张三' },
      { firm_id: firm(2), industry_code: '3720', registered_on: '2020-01-01', is_manufacturing: 0, 联系人: null }
    ]);
    expect(await db.query('SELECT period, output_10k, sales_10k, above_scale FROM quarterly ORDER BY firm_id')).toEqual([
      { period: '2024Q1', output_10k: 12345.6, sales_10k: 11111.04, above_scale: 1 },
      { period: '2024Q1', output_10k: 0.3, sales_10k: 0.3, above_scale: 1 }
    ]);
  });

  it('loads Parquet with its own types and validates it like text', async () => {
    const parquet = await parquetOf(
      `SELECT * FROM (VALUES ('${firm(1)}', '2024Q1', 100.5::DECIMAL(18,2), 7::INTEGER, true, 'x'), ('${firm(2)}', '2024q2', -1.25::DECIMAL(18,2), 3::INTEGER, false, 'y')) ` +
        't(firm_id, period, output_10k, employees, above_scale, note)',
      'parquet'
    );
    const report = await load(db, [enterprisesCsv(2), { name: 'quarterly.parquet', bytes: parquet }]);
    expect(report.files[1]).toMatchObject({ format: 'parquet', table: 'quarterly', rowsRead: 2, rowsLoaded: 1, rowsRejected: 1 });
    expect(report.issues.map((i) => [i.code, i.row, i.value])).toEqual([['negative_money', 3, '-1.25']]);
    expect(await db.query('SELECT firm_id, period, output_10k, employees, above_scale, note FROM quarterly')).toEqual([
      { firm_id: firm(1), period: '2024Q1', output_10k: 100.5, employees: 7, above_scale: 1, note: 'x' }
    ]);
  });

  it('takes a clean Parquet file with the contract types as it is, columns in the contract and extras kept', async () => {
    const parquet = await parquetOf(
      `SELECT * FROM (VALUES ('${firm(1)}', '2024Q1', 100.5::DECIMAL(18,2), 1::TINYINT, 'a'), ('${firm(2)}', '2024Q2', 7.25::DECIMAL(18,2), 0::TINYINT, 'b')) ` +
        't(firm_id, period, output_10k, above_scale, remark)',
      'parquet'
    );
    const report = await load(db, [enterprisesCsv(2), { name: 'quarterly.parquet', bytes: parquet }]);
    expect(report.issues).toEqual([]);
    expect(report.files[1]).toMatchObject({ rowsRead: 2, rowsLoaded: 2, rowsRejected: 0 });
    const types = Object.fromEntries((await db.query<{ column_name: string; column_type: string }>('SELECT column_name, column_type FROM (DESCRIBE quarterly)')).map((t) => [t.column_name, t.column_type]));
    expect(types).toEqual({ ...Object.fromEntries(TABLES.find((t) => t.name === 'quarterly')!.columns.map((c) => [c.name, SQL_TYPE[c.kind]])), remark: 'VARCHAR' });
    expect(await db.query('SELECT firm_id, period, output_10k, sales_10k, above_scale, remark FROM quarterly ORDER BY firm_id')).toEqual([
      { firm_id: firm(1), period: '2024Q1', output_10k: 100.5, sales_10k: null, above_scale: 1, remark: 'a' },
      { firm_id: firm(2), period: '2024Q2', output_10k: 7.25, sales_10k: null, above_scale: 0, remark: 'b' }
    ]);
    const again = await load(db, [enterprisesCsv(2)]);
    expect(again.tables.find((t) => t.table === 'quarterly')?.rows).toBe(0);
  });

  it('loads an Arrow IPC file', async () => {
    const table = tableFromArrays({ firm_id: [firm(1), firm(2)], period: ['2024Q1', '2024Q1'], output_10k: Float64Array.from([12.5, 3]), above_scale: Int8Array.from([1, 0]) });
    const report = await load(db, [enterprisesCsv(2), { name: 'quarterly.arrow', bytes: tableToIPC(table, 'file') }]);
    expect(report.files[1]).toMatchObject({ format: 'arrow', table: 'quarterly', rowsLoaded: 2 });
    expect(report.issues).toEqual([]);
    expect(await db.query('SELECT output_10k, above_scale FROM quarterly ORDER BY firm_id')).toEqual([
      { output_10k: 12.5, above_scale: 1 },
      { output_10k: 3, above_scale: 0 }
    ]);
  });

  it('refuses an old .xls workbook with a clear error', async () => {
    const report = await load(db, [{ name: '名录.xls', bytes: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]) }]);
    expect(report.issues.map((i) => [i.severity, i.code])).toEqual([['error', 'unsupported_format']]);
    expect(report.issues[0].message.zh).toContain('另存为 .xlsx');
  });

  it('reports a file that matches no table instead of ignoring it', async () => {
    const report = await load(db, [csv('notes.csv', '编号,备注\n1,x\n')]);
    expect(report.files[0]).toMatchObject({ table: null, rowsRead: 1, rowsLoaded: 0, rowsRejected: 1 });
    expect(report.issues.map((i) => [i.severity, i.code])).toEqual([['error', 'unrecognised_file']]);
    expect(report.issues[0].message.zh).toContain('编号、备注');
  });

  it('chooses the table by headers when the file name gives no hint', async () => {
    const report = await load(db, [csv('data.csv', `firm_id,year,continuous_days,overtime_staff,total_staff\n${firm(1)},2024,10,5,50\n`)]);
    expect(report.files[0].table).toBe('spring_festival');
    expect(report.tables.find((t) => t.table === 'spring_festival')).toEqual({ table: 'spring_festival', rows: 1, periods: { first: '2024', last: '2024' } });
  });

  it('keeps unknown extra columns and leaves tables without a file empty but typed', async () => {
    const report = await load(db, [csv('enterprises.csv', `firm_id,name,district,industry_code,联系电话,Note\n${firm(1)},甲,朝阳区,3670,0431-1234,ok\n`)]);
    expect(report.files[0].columns.filter((c) => c.target === null).map((c) => c.source)).toEqual(['联系电话', 'Note']);
    expect(await db.query('SELECT "联系电话", "Note" FROM enterprises')).toEqual([{ 联系电话: '0431-1234', Note: 'ok' }]);
    for (const spec of TABLES.filter((t) => t.name !== 'enterprises')) {
      expect(report.tables.find((t) => t.table === spec.name)).toEqual({ table: spec.name, rows: 0, periods: null });
      const types = await db.query<{ column_name: string; column_type: string }>(`SELECT column_name, column_type FROM (DESCRIBE "${spec.name}")`);
      expect(types.map((t) => [t.column_name, t.column_type])).toEqual(spec.columns.map((c) => [c.name, SQL_TYPE[c.kind]]));
    }
  });

  it('replaces earlier loads: a table whose file is gone becomes empty', async () => {
    await load(db, [enterprisesCsv(1), csv('quarterly.csv', `firm_id,period,output_10k,above_scale\n${firm(1)},2024Q1,1,1\n`)]);
    const report = await load(db, [enterprisesCsv(1)]);
    expect(report.tables.find((t) => t.table === 'quarterly')?.rows).toBe(0);
    const leftovers = await db.query("SELECT table_name FROM information_schema.tables WHERE table_name LIKE '__ingest%'");
    expect(leftovers).toEqual([]);
  });

  it('warns about a header used twice and keeps the second column as an extra', async () => {
    const report = await load(db, [enterprisesCsv(1), csv('quarterly.csv', `firm_id,period,工业总产值,产值,above_scale\n${firm(1)},2024Q1,1,2,1\n`)]);
    expect(issuesOf(report, 'duplicate_column').map((i) => i.column)).toEqual(['产值']);
    expect(await db.query('SELECT output_10k, "产值" FROM quarterly')).toEqual([{ output_10k: 1, 产值: '2' }]);
  });
});
