import { describe, it, expect } from 'vitest';
import { chooseTable, matchTable, normaliseHeader, pickHeaderRow } from '../../src/lib/ingest/headers.ts';
import { TABLE_BY_NAME } from '../../src/lib/ingest/contract.ts';
import { layoutCsv } from '../../src/lib/ingest/csv-layout.ts';
import { decodeText } from '../../src/lib/ingest/decode-text.ts';
import { dateText, excelCellText, plainNumber } from '../../src/lib/ingest/cell-text.ts';
import { sniffFormat } from '../../src/lib/ingest/read-file.ts';
import { toCsvText } from '../../src/lib/ingest/csv-write.ts';

describe('ingest parts: headers', () => {
  it('compares headers without case, spaces, full-width brackets or required-column stars', () => {
    expect(normaliseHeader(' *工业总产值（万元） ')).toBe(normaliseHeader('工业总产值(万元)'));
    expect(normaliseHeader('Firm_ID')).toBe('firm_id');
    expect(normaliseHeader('ＦＩＲＭ＿ＩＤ')).toBe('firm_id');
  });

  it('accepts a unit in brackets only when it is the contract unit', () => {
    const m = matchTable(TABLE_BY_NAME.quarterly, ['统一社会信用代码', '期别', '工业总产值 (万元)', '工业用电(kWh)', '天然气（万立方米）', '规上']);
    expect(m.columns.map((c) => c.target)).toEqual(['firm_id', 'period', 'output_10k', 'electricity_kwh', null, 'above_scale']);
    expect(m.columns[4].note).toEqual({ kind: 'unit', of: 'gas_m3', unit: '万立方米', expected: '立方米' });
  });

  it('takes descriptions in brackets after text columns', () => {
    const m = matchTable(TABLE_BY_NAME.enterprises, ['统一社会信用代码（18位）', '企业名称（全称）', '区县', '行业代码']);
    expect(m.missing).toEqual([]);
  });

  it('prefers the table named by the sheet, then the file, and otherwise the table the headers complete', () => {
    const headers = ['统一社会信用代码', '企业名称', '区县', '行业代码'];
    expect(chooseTable('2024.xlsx', '企业名录', headers)?.table.name).toBe('enterprises');
    expect(chooseTable('data.csv', null, headers)?.table.name).toBe('enterprises');
    expect(chooseTable('项目.csv', null, ['统一社会信用代码', '项目编号', '类别', '年份'])?.table.name).toBe('projects');
    expect(chooseTable('季度.csv', null, ['统一社会信用代码', '期别'])).toMatchObject({ table: { name: 'quarterly' }, missing: [{ name: 'output_10k' }, { name: 'above_scale' }] });
    expect(chooseTable('notes.csv', null, ['编号', '备注'])).toBeNull();
  });

  it('finds the header below title rows', () => {
    expect(pickHeaderRow([['2024年一季度运行情况'], ['单位：万元'], ['统一社会信用代码', '期别', '工业总产值', '规上'], ['x', 'y', '1', '1']])).toBe(2);
    expect(pickHeaderRow([['a', 'b'], ['1', '2']])).toBe(0);
  });
});

describe('ingest parts: CSV structure', () => {
  const first = () => 0;

  it('replaces blank and malformed records instead of dropping them, so record numbers hold', () => {
    const layout = layoutCsv('a,b\n1,2\n\n3,4,5\n"x"y,6\n7,8,,\n', first);
    expect(layout.records).toBe(5);
    expect(layout.malformed).toEqual([
      { row: 4, fields: 3 },
      { row: 5, fields: 1 }
    ]);
    expect(layout.text).toBe('a,b\n1,2\n,\n,\n,\n7,8\n');
  });

  it('pads a record that stops before trailing columns without a header', () => {
    const layout = layoutCsv('a,b,,\n1,2\n3\n', first);
    expect(layout.text).toBe('a,b,,\n1,2,,\n,,,\n');
    expect(layout.malformed).toEqual([{ row: 3, fields: 1 }]);
  });

  it('quotes a first field starting with # so DuckDB does not read the line as a comment', () => {
    expect(layoutCsv('a,b\n#1,2\n', first).text).toBe('a,b\n"#1",2\n');
  });

  it('keeps quoted commas, quotes and line breaks inside a field', () => {
    const layout = layoutCsv('a,b\n"1,234.50","say ""hi""\nthere"\n', first);
    expect(layout.records).toBe(1);
    expect(layout.malformed).toEqual([]);
  });

  it('reports where a quote opens and never closes', () => {
    expect(layoutCsv('a,b\n1,2\n"3,4\n5,6\n', first).unclosedQuoteRow).toBe(3);
  });

  it('writes CSV that quotes every non-empty cell and pads short rows', () => {
    expect(toCsvText(['a', 'b'], [['#1', 'x,"y"'], ['2']])).toBe('"a","b"\n"#1","x,""y"""\n"2",\n');
  });
});

describe('ingest parts: decoding and cells', () => {
  it('detects GBK when the bytes are not UTF-8', () => {
    const gbk = new Uint8Array([0xc6, 0xf3, 0xd2, 0xb5]); // 企业 in GBK
    expect(decodeText(gbk)).toEqual({ text: '企业', encoding: 'gb18030', lossy: false });
    expect(decodeText(new TextEncoder().encode('\ufeff企业'))).toEqual({ text: '企业', encoding: 'utf-8', lossy: false });
  });

  it('writes spreadsheet numbers as Excel shows them, never in exponent form', () => {
    expect(plainNumber(0.1 + 0.2)).toBe('0.3');
    expect(plainNumber(1234.5)).toBe('1234.5');
    expect(plainNumber(1e-7)).toBe('0.0000001');
    expect(plainNumber(123456789012345680000)).toBe('123456789012346000000');
  });

  it('writes dates as calendar dates and formula cells by their result', () => {
    expect(dateText(Date.UTC(2024, 1, 1))).toBe('2024-02-01');
    expect(dateText(Date.UTC(2024, 1, 1) - 1)).toBe('2024-02-01'); // Excel's float serials land a millisecond early
    expect(excelCellText({ formula: 'A1*2', result: 12.5 })).toBe('12.5');
    expect(excelCellText({ richText: [{ text: '长春' }, { text: '一汽' }] })).toBe('长春一汽');
    expect(excelCellText({ error: '#N/A' })).toBe('#N/A');
  });

  it('tells formats by their bytes before their names', () => {
    expect(sniffFormat('x.csv', new TextEncoder().encode('PAR1....'))).toBe('parquet');
    expect(sniffFormat('x.csv', new Uint8Array([0x50, 0x4b, 0x03, 0x04]))).toBe('xlsx');
    expect(sniffFormat('x.xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]))).toBe('xls');
    expect(sniffFormat('x.txt', new TextEncoder().encode('a,b\n'))).toBe('csv');
  });
});
