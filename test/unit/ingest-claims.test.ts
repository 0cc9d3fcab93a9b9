import { describe, it, expect, afterAll } from 'vitest';
import { ENGINES, csv, enterprisesCsv, firm, issuesOf, load } from '../fixtures/ingest/helpers.ts';

/** The headers a bureau's 申报台账 carries, in Chinese. */
const HEADER = '申报编号,统一社会信用代码,单位类型,事项,级别,对象,数量,金额（万元）,金额（美元）,日期,备注';

describe.each(ENGINES)('ingest: the claims table (%s)', async (_engine, open) => {
  const db = await open();
  afterAll(() => db.close());

  it('reads a 申报台账 with Chinese headers and Chinese item, level and recipient names into codes', async () => {
    const rows = [
      `SB-001,${firm(1)},企业,马德里商标,,,3,,,2024-05-10,三件`,
      `SB-002,${firm(1)},,职业技能等级证书,中级工,示例职业技术学院,12,,,2024年6月1日,`,
      `SB-003,${firm(2)},,主机厂配套,,北方汽车集团,,"1,250.50",,2024/3/31,一季度`,
      `SB-004,清河县城关镇,乡镇,实际利用外资,,,,,"1,000,000.00",2024-03-31,`,
      `SB-005,${firm(2)},企业,trade_fair,,2024 工业品展销会,,0.8,,20240420,`
    ];
    const report = await load(db, [enterprisesCsv(2), csv('申报台账.csv', [HEADER, ...rows].join('\n'))]);
    expect(report.issues).toEqual([]);
    expect(report.files[1]).toMatchObject({ table: 'claims', rowsRead: 5, rowsLoaded: 5, rowsRejected: 0 });
    expect(report.files[1].columns.map((c) => c.target)).toEqual([
      'claim_id', 'firm_id', 'recipient_kind', 'item', 'level', 'counterparty', 'quantity', 'amount_10k', 'amount_usd', 'date', 'note'
    ]);
    const stored = await db.query(
      `SELECT claim_id, firm_id, recipient_kind, item, level, counterparty, quantity, CAST(amount_10k AS VARCHAR) AS amount_10k,
         CAST(amount_usd AS VARCHAR) AS amount_usd, CAST(date AS VARCHAR) AS date FROM claims ORDER BY claim_id`
    );
    expect(stored).toEqual([
      { claim_id: 'SB-001', firm_id: firm(1), recipient_kind: 'firm', item: 'madrid_trademark', level: null, counterparty: null, quantity: 3, amount_10k: null, amount_usd: null, date: '2024-05-10' },
      { claim_id: 'SB-002', firm_id: firm(1), recipient_kind: null, item: 'skill_certificate', level: 'middle', counterparty: '示例职业技术学院', quantity: 12, amount_10k: null, amount_usd: null, date: '2024-06-01' },
      { claim_id: 'SB-003', firm_id: firm(2), recipient_kind: null, item: 'oem_supply', level: null, counterparty: '北方汽车集团', quantity: null, amount_10k: '1250.50', amount_usd: null, date: '2024-03-31' },
      { claim_id: 'SB-004', firm_id: '清河县城关镇', recipient_kind: 'township', item: 'fdi_usd', level: null, counterparty: null, quantity: null, amount_10k: null, amount_usd: '1000000.00', date: '2024-03-31' },
      { claim_id: 'SB-005', firm_id: firm(2), recipient_kind: 'firm', item: 'trade_fair', level: null, counterparty: '2024 工业品展销会', quantity: null, amount_10k: '0.80', amount_usd: null, date: '2024-04-20' }
    ]);
  });

  it('rejects a missing claim number, a repeated one, negative amounts and quantities and an unreadable date, naming file, row, column and value', async () => {
    const rows = [
      `,${firm(1)},,madrid_trademark,,,1,,,2024-05-10,`,
      `SB-1,${firm(1)},,madrid_trademark,,,1,,,2024-05-10,`,
      `SB-1,${firm(1)},,madrid_trademark,,,2,,,2024-05-11,`,
      `SB-2,${firm(1)},,trade_fair,,展会,,-0.5,,2024-05-10,`,
      `SB-3,${firm(1)},,training_hours,,,-40,,,2024-05-10,`,
      `SB-4,县商务局,部门,fdi_usd,,,,,-100,2024-05-10,`,
      `SB-5,${firm(1)},,training_hours,,,40,,,2024-13-01,`,
      `SB-6,${firm(1)},,training_hours,,,2.5,,,2024-05-10,`
    ];
    const report = await load(db, [enterprisesCsv(1), csv('claims.csv', [HEADER, ...rows].join('\n'))]);
    expect(report.issues.map((i) => [i.severity, i.code, i.row, i.column, i.value])).toEqual([
      ['error', 'empty_required', 2, '申报编号', null],
      ['error', 'duplicate_key', 3, '申报编号', 'SB-1'],
      ['error', 'duplicate_key', 4, '申报编号', 'SB-1'],
      ['error', 'negative_money', 5, '金额（万元）', '-0.5'],
      ['error', 'negative_value', 6, '数量', '-40'],
      ['error', 'negative_money', 7, '金额（美元）', '-100'],
      ['error', 'bad_date', 8, '日期', '2024-13-01'],
      ['error', 'not_integer', 9, '数量', '2.5']
    ]);
    expect(issuesOf(report, 'negative_money')[1].message.zh).toContain('文件 claims.csv 第 7 行「金额（美元）」的值 "-100"');
    expect(report.files[1]).toMatchObject({ rowsRead: 8, rowsLoaded: 0, rowsRejected: 8 });
  });

  it('loads an unknown item or level with a warning, and rejects an unknown recipient kind', async () => {
    const rows = [`SB-1,${firm(1)},,瞪羚培育,,,1,,,2024-05-10,`, `SB-2,${firm(1)},,skill_certificate,技师,,1,,,2024-05-10,`, `SB-3,${firm(1)},协会,madrid_trademark,,,1,,,2024-05-10,`];
    const report = await load(db, [enterprisesCsv(1), csv('claims.csv', [HEADER, ...rows].join('\n'))]);
    expect(report.issues.map((i) => [i.severity, i.code, i.row, i.column, i.value])).toEqual([
      ['warning', 'unknown_kind', 2, '事项', '瞪羚培育'],
      ['warning', 'unknown_kind', 3, '级别', '技师'],
      ['error', 'bad_choice', 4, '单位类型', '协会']
    ]);
    expect(issuesOf(report, 'unknown_kind')[0].message.zh).toContain('madrid_trademark');
    expect(issuesOf(report, 'bad_choice')[0].message.zh).toContain('firm, township, department');
    expect((await db.query('SELECT item, level FROM claims ORDER BY claim_id')).map((r) => [r.item, r.level])).toEqual([['瞪羚培育', null], ['skill_certificate', '技师']]);
  });

  it('checks firm_id as a 统一社会信用代码 only where the recipient is a firm', async () => {
    const rows = [
      `SB-1,青山县石门镇,乡镇,fdi_usd,,,,,500000,2024-03-01,`,
      `SB-2,青山县石门镇,,fdi_usd,,,,,500000,2024-03-01,`,
      `SB-3,${firm(1).slice(0, 17)},企业,madrid_trademark,,,1,,,2024-05-10,`,
      `SB-4,${firm(2)},企业,madrid_trademark,,,1,,,2024-05-10,`,
      `SB-5,,部门,fdi_usd,,,,,1,2024-03-01,`
    ];
    const report = await load(db, [enterprisesCsv(1), csv('claims.csv', [HEADER, ...rows].join('\n'))]);
    expect(report.issues.map((i) => [i.severity, i.code, i.row, i.value])).toEqual([
      ['error', 'bad_uscc', 3, '青山县石门镇'],
      ['error', 'bad_uscc', 4, firm(1).slice(0, 17)],
      ['warning', 'unknown_firm', 5, firm(2)],
      ['error', 'empty_required', 6, null]
    ]);
    expect(issuesOf(report, 'bad_uscc')[0].message.zh).toContain('请在「单位类型」列填写 乡镇 或 部门');
    expect((await db.query('SELECT claim_id FROM claims ORDER BY claim_id')).map((r) => r.claim_id)).toEqual(['SB-1', 'SB-4']);
  });

  it('checks a township named without an enterprises file only by the recipient column, and firm ids by their format', async () => {
    const rows = [`SB-1,青山县石门镇,乡镇,fdi_usd,,,,,500000,2024-03-01,`, `SB-2,9122,,madrid_trademark,,,1,,,2024-05-10,`, `SB-3,${firm(3)},,madrid_trademark,,,1,,,2024-05-10,`];
    const report = await load(db, [csv('台账.csv', [HEADER, ...rows].join('\n'))]);
    expect(report.issues.map((i) => [i.severity, i.code, i.row])).toEqual([
      ['warning', 'unknown_firm', null],
      ['error', 'bad_uscc', 3]
    ]);
    expect(report.files[0]).toMatchObject({ table: 'claims', rowsLoaded: 2 });
  });

  it('leaves the claims table empty when no claims file is given', async () => {
    const report = await load(db, [enterprisesCsv(1)]);
    expect(report.tables.find((t) => t.table === 'claims')).toEqual({ table: 'claims', rows: 0, periods: null });
    expect(await db.query('SELECT count(*)::INTEGER AS n FROM claims')).toEqual([{ n: 0 }]);
  });

  it('does not take an amount in 元 or 万美元 for 万元 or dollars: the column is kept aside with a warning', async () => {
    const text = `申报编号,统一社会信用代码,事项,金额（元）,金额（万美元）,日期\nSB-1,${firm(1)},trade_fair,8000,1,2024-04-20\n`;
    const report = await load(db, [enterprisesCsv(1), csv('claims.csv', text)]);
    expect(report.issues.map((i) => [i.code, i.column])).toEqual([
      ['unit_mismatch', '金额（元）'],
      ['unit_mismatch', '金额（万美元）']
    ]);
    expect(await db.query('SELECT amount_10k, amount_usd FROM claims')).toEqual([{ amount_10k: null, amount_usd: null }]);
  });
});
