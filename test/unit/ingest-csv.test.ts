import { describe, it, expect, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { ENGINES, csv, enterprisesCsv, firm, issuesOf, load } from '../fixtures/ingest/helpers.ts';

const fixture = (name: string) => ({ name, bytes: new Uint8Array(readFileSync(new URL(`../fixtures/ingest/${name}`, import.meta.url))) });

describe.each(ENGINES)('ingest: CSV files (%s)', async (_engine, open) => {
  const db = await open();
  afterAll(() => db.close());

  it('loads a GBK CSV with Chinese headers and reports exactly its one bad row by file, row, column and value', async () => {
    const report = await load(db, [fixture('enterprises-gbk.csv'), fixture('quarterly-gbk.csv')]);
    expect(report.files.map((f) => [f.file, f.table, f.encoding, f.rowsRead, f.rowsLoaded, f.rowsRejected])).toEqual([
      ['enterprises-gbk.csv', 'enterprises', 'gb18030', 3, 3, 0],
      ['quarterly-gbk.csv', 'quarterly', 'gb18030', 4, 3, 1]
    ]);
    expect(report.issues.map((i) => [i.severity, i.file, i.row, i.column, i.value, i.code])).toEqual([
      ['error', 'quarterly-gbk.csv', 4, '工业总产值（万元）', '-12', 'negative_money']
    ]);
    expect(report.issues[0].message.zh).toBe('文件 quarterly-gbk.csv 第 4 行「工业总产值（万元）」的值 "-12" 为负数，金额不能为负；该行未载入。');
    expect(report.errorCount).toBe(1);
    expect(report.warningCount).toBe(0);
    const names = await db.query('SELECT name FROM enterprises ORDER BY firm_id');
    expect(names.map((r) => r.name)).toContain('吉林省𠀀药业有限公司'); // a 4-byte GB18030 character survives
    expect(await db.query('SELECT period, output_10k, sales_10k, electricity_kwh, employees, above_scale FROM quarterly ORDER BY period, output_10k')).toEqual([
      { period: '2023Q1', output_10k: 11020, sales_10k: 10000, electricity_kwh: 340000, employees: 410, above_scale: 1 },
      { period: '2024Q1', output_10k: 5300, sales_10k: 5100.5, electricity_kwh: 210000, employees: 300, above_scale: 1 },
      { period: '2024Q1', output_10k: 12345.6, sales_10k: 11000, electricity_kwh: 350000, employees: 420, above_scale: 1 }
    ]);
  });

  it('reads a UTF-8 file with a byte-order mark with a clean first header', async () => {
    const text = '\ufeff统一社会信用代码,企业名称,区县,行业代码\n' + `${firm(1)},甲,朝阳区,3670\n`;
    const report = await load(db, [csv('名录.csv', text)]);
    expect(report.files[0]).toMatchObject({ table: 'enterprises', encoding: 'utf-8', rowsLoaded: 1 });
    expect(report.files[0].columns[0]).toEqual({ source: '统一社会信用代码', target: 'firm_id' });
  });

  it('accepts thousands separators and surrounding spaces in numbers', async () => {
    const text = `firm_id,period,output_10k,sales_10k,employees,above_scale\n${firm(1)}, 2024Q1 ,"  1,234,567.89 ", 12 ," 1,200 ",1\n`;
    const report = await load(db, [enterprisesCsv(1), csv('quarterly.csv', text)]);
    expect(report.issues).toEqual([]);
    expect(await db.query('SELECT output_10k, sales_10k, employees FROM quarterly')).toEqual([{ output_10k: 1234567.89, sales_10k: 12, employees: 1200 }]);
  });

  it('rejects a number whose thousands separators are misplaced', async () => {
    const text = `firm_id,period,output_10k,above_scale\n${firm(1)},2024Q1,"12,34.5",1\n`;
    const report = await load(db, [enterprisesCsv(1), csv('quarterly.csv', text)]);
    expect(report.issues.map((i) => [i.code, i.row, i.value])).toEqual([['bad_number', 2, '12,34.5']]);
  });

  it('keeps row numbers true across blank lines, a first field starting with # and CRLF line ends', async () => {
    // DuckDB's reader skips blank lines and drops '#' lines as comments: both would shift or lose rows.
    const rows = [
      'firm_id,period,output_10k,above_scale',
      `${firm(1)},2024Q1,1,1`,
      '',
      `#${firm(2)},2024Q1,2,1`,
      '   ',
      `${firm(3)},2024Q1,-3,1`
    ];
    const report = await load(db, [enterprisesCsv(3), csv('quarterly.csv', rows.join('\r\n') + '\r\n')]);
    expect(report.files[1]).toMatchObject({ rowsRead: 3, rowsLoaded: 1, rowsRejected: 2 });
    expect(report.issues.map((i) => [i.code, i.row, i.value])).toEqual([
      ['bad_uscc', 4, `#${firm(2)}`],
      ['negative_money', 6, '-3']
    ]);
  });

  it('reports a row with the wrong number of fields and loads the others', async () => {
    const text = `firm_id,period,output_10k,above_scale\n${firm(1)},2024Q1,1,1\n${firm(2)},2024Q1,1,234.5,1\n${firm(3)},2024Q1,3,1,,\n`;
    const report = await load(db, [enterprisesCsv(3), csv('quarterly.csv', text)]);
    expect(report.files[1]).toMatchObject({ rowsRead: 3, rowsLoaded: 2, rowsRejected: 1 });
    expect(report.issues.map((i) => [i.code, i.row])).toEqual([['malformed_row', 3]]);
    expect(report.issues[0].message.en).toContain('has 5 fields but the header has 4 columns');
  });

  it('rejects the whole file when a quote never closes, saying where it opens', async () => {
    const text = `firm_id,period,output_10k,above_scale\n${firm(1)},2024Q1,1,1\n${firm(2)},"2024Q1,1,1\n`;
    const report = await load(db, [csv('quarterly.csv', text)]);
    expect(report.files[0]).toMatchObject({ rowsRead: 0, rowsLoaded: 0, rowsRejected: 0 });
    expect(report.issues.map((i) => [i.severity, i.code, i.row])).toEqual([['error', 'malformed_csv', 3]]);
  });

  it('leaves title and unit rows above the header out, as notes, and numbers rows from the top of the file', async () => {
    const text = `2024年一季度工业企业运行情况表,,,\n单位：万元,,,\n统一社会信用代码,期别,工业总产值,规上\n${firm(1)},2024Q1,-1,1\n`;
    const report = await load(db, [enterprisesCsv(1), csv('运行.csv', text)]);
    expect(report.issues.map((i) => [i.severity, i.code, i.row])).toEqual([['error', 'negative_money', 4]]);
    expect(report.leftOut!.map((l) => [l.kind, l.row, l.text])).toEqual([
      ['title', 1, '2024年一季度工业企业运行情况表'],
      ['title', 2, '单位：万元']
    ]);
    expect(report.leftOut![1].message.zh).toContain('与数据口径一致');
    expect(report.files[1]).toMatchObject({ rowsRead: 1, rowsLeftOut: 0 });
  });
});
