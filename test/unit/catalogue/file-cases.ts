/** Catalogue entries on what a file holds: periods and dates, workbooks, encodings and separators, keys and firms, Parquet, the engine and policy packages. */
import { expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { packageById } from '../helpers/packages.ts';
import { evaluateFirm } from '../helpers/policy-run.ts';
import { csv, enterprisesCsv, firm } from '../../fixtures/ingest/helpers.ts';
import { QH, qrow, quarterly, xlsx, fileOf, coded, finding, leftOut, values, summary, clean, packageError } from './helpers.ts';
import type { Case } from './helpers.ts';

export const FILE_CASES: Case[] = [
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
    files: () => ['enterprises-gbk.csv', 'quarterly-gbk.csv'].map((f) => ({ name: f.replace('-gbk', ''), bytes: new Uint8Array(readFileSync(new URL(`../../fixtures/ingest/${f}`, import.meta.url))) })),
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
      expect(row.evidence.find((e) => e.id === 'growth_tier1')).toMatchObject({ value: null, pass: null, reason: 'zero_base' });
      return 'the data loads; growth over a zero base is not a number, so the clause is "unknown" (no award); the evidence gives the reason (the profile says 增长基数为零，无法计算增速) and the CLI summary counts such firms per clause';
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
