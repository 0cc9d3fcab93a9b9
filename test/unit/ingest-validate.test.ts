import { describe, it, expect, afterAll } from 'vitest';
import { ENGINES, csv, enterprisesCsv, firm, issuesOf, load } from '../fixtures/ingest/helpers.ts';

const QUARTERLY = 'firm_id,period,output_10k,employees,above_scale';

describe.each(ENGINES)('ingest: validation (%s)', async (_engine, open) => {
  const db = await open();
  afterAll(() => db.close());

  it('normalises the ways bureaus write a quarter to YYYYQn and rejects the rest', async () => {
    const periods = ['2024Q1', '2024q2', '2024-Q3', '2024 Q4', '2023年一季度', '2023年2季度', '2023年第三季度', 'Q4 2023', '一季度', '2024Q5', '24Q1'];
    const rows = periods.map((p, i) => `${firm(i + 1)},${p},1,1,1`);
    const report = await load(db, [enterprisesCsv(periods.length), csv('quarterly.csv', [QUARTERLY, ...rows].join('\n'))]);
    expect((await db.query('SELECT period FROM quarterly ORDER BY firm_id')).map((r) => r.period)).toEqual([
      '2024Q1', '2024Q2', '2024Q3', '2024Q4', '2023Q1', '2023Q2', '2023Q3', '2023Q4'
    ]);
    expect(issuesOf(report, 'bad_period').map((i) => [i.row, i.value])).toEqual([[10, '一季度'], [11, '2024Q5'], [12, '24Q1']]);
    expect(issuesOf(report, 'bad_period')[0].message.zh).toContain('缺少年份');
    expect(report.tables.find((t) => t.table === 'quarterly')?.periods).toEqual({ first: '2023Q1', last: '2024Q4' });
  });

  it('reads 万 / 亿 suffixes, full-width digits, 2024年1-3月 and leaves totals and notes out, on this engine too', async () => {
    const rows = [`${firm(1)},2024年1-3月,1.23456亿,5,1`, `${firm(2)},２０２４Ｑ２,1200万元,５,1`, `${firm(3)},2024年1-6月,1,5,1`, '合计,,,,', '注：单位万元'];
    const report = await load(db, [enterprisesCsv(3), csv('q.csv', [QUARTERLY, ...rows].join('\n'))]);
    expect(await db.query('SELECT period, CAST(output_10k AS VARCHAR) AS o, employees FROM quarterly ORDER BY firm_id')).toEqual([
      { period: '2024Q1', o: '12345.60', employees: 5 },
      { period: '2024Q2', o: '1200.00', employees: 5 }
    ]);
    expect(issuesOf(report, 'bad_period').map((i) => [i.row, i.value])).toEqual([[4, '2024年1-6月']]);
    expect(report.leftOut!.map((l) => [l.kind, l.row])).toEqual([['total', 5], ['note', 6]]);
    expect(report.files[1]).toMatchObject({ rowsRead: 5, rowsLoaded: 2, rowsRejected: 1, rowsLeftOut: 2 });
  });

  it('reports a duplicate firm-quarter on both rows, naming the other row, and loads neither', async () => {
    const rows = [`${firm(1)},2024Q1,10,5,1`, `${firm(2)},2024Q1,20,5,1`, `${firm(1)},2024年一季度,11,5,1`];
    const report = await load(db, [enterprisesCsv(2), csv('q.csv', [QUARTERLY, ...rows].join('\n'))]);
    const dups = issuesOf(report, 'duplicate_key');
    expect(dups.map((i) => [i.severity, i.row, i.column, i.value])).toEqual([
      ['error', 2, 'firm_id + period', `${firm(1)} / 2024Q1`],
      ['error', 4, 'firm_id + period', `${firm(1)} / 2024Q1`]
    ]);
    expect(dups[0].message.zh).toContain('第 2 行与第 4 行');
    expect(dups[1].message.en).toContain('as row 2');
    expect(dups[0].message.zh).toContain('所有重复的行都未载入');
    expect(report.files[1]).toMatchObject({ rowsRead: 3, rowsLoaded: 1, rowsRejected: 2 });
    expect(await db.query('SELECT firm_id FROM quarterly')).toEqual([{ firm_id: firm(2) }]);
  });

  it('finds a key repeated in another file and names that file', async () => {
    const report = await load(db, [
      enterprisesCsv(1),
      csv('q1.csv', `${QUARTERLY}\n${firm(1)},2024Q1,10,5,1\n`),
      csv('q1 (1).csv', `${QUARTERLY}\n${firm(1)},2024Q1,10,5,1\n`)
    ]);
    expect(issuesOf(report, 'duplicate_key').map((i) => [i.file, i.row])).toEqual([['q1.csv', 2], ['q1 (1).csv', 2]]);
    expect(issuesOf(report, 'duplicate_key')[0].message.zh).toContain('文件 q1 (1).csv 第 2 行');
  });

  it('rejects negative money, non-integer and negative counts, and rounds extra decimals with a warning', async () => {
    const rows = [`${firm(1)},2024Q1,-0.01,5,1`, `${firm(2)},2024Q1,1,2.5,1`, `${firm(3)},2024Q1,1,-2,1`, `${firm(4)},2024Q1,2.345,2,1`, `${firm(5)},2024Q1,abc,2,1`];
    const report = await load(db, [enterprisesCsv(5), csv('q.csv', [QUARTERLY, ...rows].join('\n'))]);
    expect(report.issues.map((i) => [i.severity, i.code, i.row, i.column, i.value])).toEqual([
      ['error', 'negative_money', 2, 'output_10k', '-0.01'],
      ['error', 'not_integer', 3, 'employees', '2.5'],
      ['error', 'negative_value', 4, 'employees', '-2'],
      ['warning', 'excess_decimals', 5, 'output_10k', '2.345'],
      ['error', 'bad_number', 6, 'output_10k', 'abc']
    ]);
    expect(issuesOf(report, 'excess_decimals')[0].message.zh).toContain('已四舍五入为 2.35 后载入');
    expect(await db.query('SELECT output_10k FROM quarterly')).toEqual([{ output_10k: 2.35 }]);
  });

  it('reads 是/否, Y/N and true/false as flags and rejects other values', async () => {
    const flags = ['是', '否', 'Y', 'n', 'TRUE', 'false', '1', '0', '2', '有'];
    const rows = flags.map((f, i) => `${firm(i + 1)},2024Q1,1,1,${f}`);
    const report = await load(db, [enterprisesCsv(flags.length), csv('q.csv', [QUARTERLY, ...rows].join('\n'))]);
    expect((await db.query('SELECT above_scale FROM quarterly ORDER BY firm_id')).map((r) => r.above_scale)).toEqual([1, 0, 1, 0, 1, 0, 1, 0]);
    expect(issuesOf(report, 'bad_flag').map((i) => [i.row, i.value])).toEqual([[10, '2'], [11, '有']]);
  });

  it('reads dates written as 2024-02-01, 2024/2/1, 20240201, 2024年2月1日 or as an Excel serial (with a warning) and rejects impossible ones', async () => {
    const dates = ['2024-02-01', '2024/2/1', '20240201', '2024年2月1日', '2024-02-01 00:00:00', '2024-02-30', '45323', '24-2-1'];
    const rows = dates.map((d, i) => `${firm(i + 1)},企业,朝阳区,3670,${d}`);
    const report = await load(db, [csv('企业名录.csv', ['firm_id,name,district,industry_code,registered_on', ...rows].join('\n'))]);
    expect((await db.query('SELECT DISTINCT registered_on FROM enterprises')).map((r) => r.registered_on)).toEqual(['2024-02-01']);
    expect(issuesOf(report, 'bad_date').map((i) => [i.row, i.value])).toEqual([[7, '2024-02-30'], [9, '24-2-1']]);
    expect(issuesOf(report, 'date_serial').map((i) => [i.severity, i.row, i.value])).toEqual([['warning', 8, '45323']]);
    expect(issuesOf(report, 'date_serial')[0].message.zh).toContain('读作 2024-02-01');
  });

  it('rejects firm ids that are not 18 USCC characters and loads, with a warning, ids that fail only the check character', async () => {
    const good = firm(1);
    const badCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const rows = [`${good},甲,朝阳区,3670`, `${badCheck},乙,朝阳区,3670`, '9.12201E+17,丙,朝阳区,3670', '91220101MA17I0000X,丁,朝阳区,3670', `${firm(5).toLowerCase()},戊,朝阳区,3670`];
    const report = await load(db, [csv('firms.csv', ['统一社会信用代码,企业名称,区县,行业代码', ...rows].join('\n'))]);
    expect(report.issues.map((i) => [i.severity, i.code, i.row])).toEqual([
      ['warning', 'uscc_checksum', 3],
      ['error', 'bad_uscc', 4],
      ['error', 'bad_uscc', 5],
      ['error', 'bad_uscc', 6]
    ]);
    const [checksum, excel, letter, lower] = report.issues;
    expect(checksum.message.zh).toContain('仍已载入');
    expect(excel.message.zh).toContain('科学计数法');
    expect(letter.message.zh).toContain('不使用的字符 I');
    expect(lower.message.zh).toContain('小写');
    expect((await db.query('SELECT firm_id FROM enterprises')).map((r) => r.firm_id).sort()).toEqual([good, badCheck].sort());
  });

  it('checks firm ids of other tables against the enterprises: unknown ones warn, malformed ones are errors', async () => {
    const rows = [`${firm(1)},2024Q1,1,1,1`, `${firm(2)},2024Q1,1,1,1`, `${firm(3).slice(0, 17)},2024Q1,1,1,1`];
    const report = await load(db, [enterprisesCsv(1), csv('q.csv', [QUARTERLY, ...rows].join('\n'))]);
    expect(report.issues.map((i) => [i.severity, i.code, i.row, i.value])).toEqual([
      ['warning', 'unknown_firm', 3, firm(2)],
      ['error', 'bad_uscc', 4, firm(3).slice(0, 17)]
    ]);
    expect(report.files[1]).toMatchObject({ rowsLoaded: 2, rowsRejected: 1 });
  });

  it('warns about loaded rows whose firm is not in the enterprises file', async () => {
    const report = await load(db, [enterprisesCsv(1), csv('q.csv', `${QUARTERLY}\n${firm(1)},2024Q1,1,1,1\n${firm(2)},2024Q1,1,1,1\n`)]);
    expect(report.issues.map((i) => [i.severity, i.code, i.row, i.value])).toEqual([['warning', 'unknown_firm', 3, firm(2)]]);
    expect(report.files[1].rowsLoaded).toBe(2);
  });

  it('trims spaces around the firm ids of other tables, repeated over quarters, before checking them against the enterprises', async () => {
    const rows = [`${firm(1)},2024Q1,1,1,1`, ` ${firm(1)},2024Q2,1,1,1`, `${firm(2)}\u3000,2024Q1,1,1,1`, `${firm(2)},2024Q2,1,1,1`];
    const report = await load(db, [enterprisesCsv(2), csv('q.csv', [QUARTERLY, ...rows].join('\n'))]);
    expect(report.issues).toEqual([]);
    expect((await db.query('SELECT firm_id, period FROM quarterly ORDER BY firm_id, period')).map((r) => `${r.firm_id} ${r.period}`)).toEqual([
      `${firm(1)} 2024Q1`, `${firm(1)} 2024Q2`, `${firm(2)} 2024Q1`, `${firm(2)} 2024Q2`
    ]);
  });

  it('warns once per file when there is no enterprises file to check firm ids against', async () => {
    const report = await load(db, [csv('q.csv', `${QUARTERLY}\n${firm(1)},2024Q1,1,1,1\n`)]);
    expect(report.issues.map((i) => [i.severity, i.code, i.row])).toEqual([['warning', 'unknown_firm', null]]);
  });

  it('warns about quarterly output with no employees', async () => {
    const report = await load(db, [enterprisesCsv(1), csv('q.csv', `${QUARTERLY}\n${firm(1)},2024Q1,100,0,1\n`)]);
    expect(report.issues.map((i) => [i.code, i.row, i.column, i.value])).toEqual([['output_without_employees', 2, 'employees', '0']]);
    expect(report.issues[0].message.zh).toContain('工业总产值为 100.00 万元');
  });

  it('does not load a file that lacks a required column, and says which headers would do', async () => {
    const report = await load(db, [enterprisesCsv(1), csv('季度.csv', `统一社会信用代码,期别,规上\n${firm(1)},2024Q1,1\n`)]);
    expect(report.files[1]).toMatchObject({ table: 'quarterly', rowsRead: 1, rowsLoaded: 0, rowsRejected: 1 });
    expect(report.issues.map((i) => [i.severity, i.code, i.column])).toEqual([['error', 'missing_column', '工业总产值']]);
    expect(report.issues[0].message.zh).toContain('output_10k、工业总产值');
    expect(report.tables.find((t) => t.table === 'quarterly')?.rows).toBe(0);
  });

  it('does not take a money column in 元 for 万元: the file misses the column and the message says why', async () => {
    const report = await load(db, [enterprisesCsv(1), csv('季度.csv', `统一社会信用代码,期别,工业总产值（元）,规上\n${firm(1)},2024Q1,12000000,1\n`)]);
    expect(report.issues.map((i) => i.code)).toEqual(['missing_column']);
    expect(report.issues[0].message.zh).toContain('列「工业总产值（元）」的单位是 元，需要 万元');
  });

  it('keeps an optional column in another unit as an extra column, with a warning', async () => {
    const report = await load(db, [enterprisesCsv(1), csv('季度.csv', `统一社会信用代码,期别,工业总产值,销售收入（元）,规上\n${firm(1)},2024Q1,1,10000,1\n`)]);
    expect(report.issues.map((i) => [i.severity, i.code, i.column])).toEqual([['warning', 'unit_mismatch', '销售收入（元）']]);
    expect(await db.query('SELECT sales_10k, "销售收入（元）" AS yuan FROM quarterly')).toEqual([{ sales_10k: null, yuan: '10000' }]);
  });

  it('rejects empty required cells and accepts empty optional ones', async () => {
    const report = await load(db, [enterprisesCsv(2), csv('q.csv', `firm_id,period,output_10k,sales_10k,above_scale\n${firm(1)},2024Q1,,,1\n${firm(2)},2024Q1,5,-,1\n`)]);
    expect(report.issues.map((i) => [i.code, i.row, i.column])).toEqual([['empty_required', 2, 'output_10k']]);
    expect(await db.query('SELECT output_10k, sales_10k FROM quarterly')).toEqual([{ output_10k: 5, sales_10k: null }]);
  });

  it('lists at most 200 rows per file and problem, then says how many more, with exact counts', async () => {
    const rows = Array.from({ length: 250 }, (_, i) => `${firm(i + 1)},2024Q1,-1,1,1`);
    const report = await load(db, [enterprisesCsv(250), csv('q.csv', [QUARTERLY, ...rows].join('\n'))]);
    const negative = issuesOf(report, 'negative_money');
    expect(negative).toHaveLength(201);
    expect(negative.slice(0, 200).map((i) => i.row)).toEqual(Array.from({ length: 200 }, (_, i) => i + 2));
    expect(negative[200]).toMatchObject({ row: null, severity: 'error' });
    expect(negative[200].message.zh).toContain('还有 50 行存在同样的问题');
    expect(report.errorCount).toBe(250);
    expect(report.files[1]).toMatchObject({ rowsRead: 250, rowsLoaded: 0, rowsRejected: 250 });
  });

  it('maps Chinese certification kinds to codes and warns about unknown kinds', async () => {
    const text = `统一社会信用代码,认定类别,认定日期\n${firm(1)},专精特新“小巨人”,2024-01-05\n${firm(1)},high_tech,2023-12-01\n${firm(1)},瞪羚企业,2024-03-01\n`;
    const report = await load(db, [enterprisesCsv(1), csv('资质认定.csv', text)]);
    expect(report.issues.map((i) => [i.severity, i.code, i.row, i.value])).toEqual([['warning', 'unknown_kind', 4, '瞪羚企业']]);
    expect((await db.query('SELECT kind FROM certifications ORDER BY granted_on')).map((r) => r.kind)).toEqual(['high_tech', 'specialized_national', '瞪羚企业']);
  });

  it('rejects industry codes that are not 4 digits and drops a leading section letter', async () => {
    const text = `firm_id,name,district,industry_code\n${firm(1)},甲,朝阳区,C3670\n${firm(2)},乙,朝阳区,367\n`;
    const report = await load(db, [csv('enterprises.csv', text)]);
    expect(report.issues.map((i) => [i.code, i.row, i.value])).toEqual([['bad_industry_code', 3, '367']]);
    expect(await db.query('SELECT industry_code FROM enterprises')).toEqual([{ industry_code: '3670' }]);
  });
});
