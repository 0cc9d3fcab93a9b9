/** Catalogue entries on a sheet's shape: totals, notes and titles; headers; cells. */
import { expect } from 'vitest';
import { enterprisesCsv, firm } from '../../fixtures/ingest/helpers.ts';
import { qrow, quarterly, fiveFirms, xlsx, fileOf, coded, finding, leftOut, values, summary, clean } from './helpers.ts';
import type { Case } from './helpers.ts';

export const SHEET_CASES: Case[] = [
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
];
