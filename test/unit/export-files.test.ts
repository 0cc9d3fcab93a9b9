/**
 * The export modules on the sample city: flagged-firm rows, CSV (BOM, RFC 4180, CSV-injection), XLSX
 * (说明 sheet, frozen header, autofilter, formula text kept text), Parquet (read back by DuckDB), the
 * 公示名单 and the 属地推荐清单, filters and file names. Totals checked against the awards view.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { openNodeDb } from '../../src/lib/db/node.ts';
import type { Db } from '../../src/lib/db/types.ts';
import { loadAllPackages } from '../../scripts/lib/policies.ts';
import { evaluatedSample } from './helpers/sample.ts';
import { flaggedRows, flaggedColumns, countFlaggedRows } from '../../src/lib/export/rows.ts';
import { csvBytes, neutralise } from '../../src/lib/export/csv.ts';
import { flaggedXlsx, noticeXlsx, displayWidth } from '../../src/lib/export/xlsx.ts';
import { parquetBytes } from '../../src/lib/export/parquet.ts';
import { noticeLists, splitByDistrict, noticeCells } from '../../src/lib/export/notice.ts';
import { exportFileName, noticeTitle } from '../../src/lib/export/names.ts';
import type { Package } from '../../src/lib/policy/schema.ts';
import { parseCsv } from './helpers/csv.ts';

const EVIL = '=HYPERLINK("http://x","y")';

async function readXlsx(bytes: Uint8Array) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return wb;
}

let db: Db;
let packages: Package[];
let evilFirm: string;
const dir = mkdtempSync(join(tmpdir(), 'export-'));

const paidTotal = async (where = 'TRUE') =>
  (await db.query<{ n: number; s: number }>(`SELECT count(*)::BIGINT AS n, coalesce(sum(award_yuan), 0)::BIGINT AS s FROM awards a LEFT JOIN firm_profile f USING (firm_id) WHERE status = 'paid' AND ${where}`))[0];

beforeAll(async () => {
  db = await openNodeDb();
  packages = loadAllPackages();
  await evaluatedSample(db, packages);
  // a firm paid something is renamed to a formula, as a hostile or careless source file might name it
  evilFirm = (await db.query<{ firm_id: string }>(`SELECT firm_id FROM awards WHERE status = 'paid' ORDER BY firm_id LIMIT 1`))[0].firm_id;
  await db.query(`UPDATE firm_profile SET name = $1 WHERE firm_id = $2`, [EVIL, evilFirm]);
  await db.query(`UPDATE enterprises SET name = $1 WHERE firm_id = $2`, [EVIL, evilFirm]);
}, 120_000);
afterAll(() => db?.close());

describe('flagged-firm rows', () => {
  it('one row per paid (firm, clause), Chinese columns, totals equal to the awards view, evidence in words with units', async () => {
    const rows = await flaggedRows(db, packages);
    const t = await paidTotal();
    expect(rows.length).toBe(Number(t.n));
    expect(rows.reduce((n, r) => n + (r.award_yuan as number), 0)).toBe(Number(t.s));
    expect(flaggedColumns().map((c) => c.zh)).toEqual(['企业名称', '统一社会信用代码', '区县', '行业', '政策文件', '条款', '档次', '奖补金额（元）', '奖补金额（万元）', '依据']);
    const c2 = rows.find((r) => r.clause_title === '支持重点企业充分释放产能' && r.tier === '增速10%以上')!;
    expect(c2.evidence).toMatch(/2024年一季度产值 [\d,.]+(万|亿)元 > 5,000万元/);
    expect(c2.evidence).toMatch(/同比增速.* [\d.]+% ≥ 10%/);
    expect(c2.award_wan).toBe((c2.award_yuan as number) / 10_000);
    expect(rows.every((r) => r.evidence !== '' && r.package_title !== '')).toBe(true);
  }, 60_000);

  it('a filtered export holds only the filtered firms (district, industry, package, clause as bound parameters)', async () => {
    const filter = { district: '东城区', industry: '36', packages: ['changchun-2024q1'] };
    const rows = await flaggedRows(db, packages, filter);
    const t = await paidTotal(`a.package = 'changchun-2024q1' AND f.district = '东城区' AND f.industry_division = '36'`);
    expect(rows.length).toBe(Number(t.n));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.district === '东城区' && String(r.industry).startsWith('36 '))).toBe(true);
    expect(await countFlaggedRows(db, packages, filter)).toBe(rows.length);
    const clause = await flaggedRows(db, packages, { clause: 'changchun-2024q1:c2-capacity' });
    expect(clause.every((r) => r.clause_title === '支持重点企业充分释放产能')).toBe(true);
    // a quote in a filter value is a value, not SQL
    expect(await flaggedRows(db, packages, { district: "东城区' OR '1'='1" })).toEqual([]);
  }, 60_000);

  it('refused, unknown and near-miss rows carry their status and the reason in words', async () => {
    const rows = await flaggedRows(db, packages, { statuses: ['near', 'unknown'], packages: ['changchun-2021q1'] });
    expect(flaggedColumns({ statuses: ['near'] }).map((c) => c.zh).slice(-2)).toEqual(['状态', '原因']);
    const near = rows.filter((r) => r.status === '差一点');
    const unknown = rows.filter((r) => r.status === '数据不全');
    expect(near.length).toBeGreaterThan(0);
    expect(unknown.length).toBeGreaterThan(0);
    expect(near.length + unknown.length).toBe(rows.length);
    expect(near.every((r) => /差 [\d,.]+(个百分点|万元)/.test(String(r.reason)) && !String(r.reason).includes('{'))).toBe(true);
    expect(unknown.every((r) => String(r.reason).includes('数据缺失'))).toBe(true);
    expect(rows.every((r) => r.award_yuan === 0)).toBe(true);
  }, 60_000);
});

describe('CSV', () => {
  it('starts with the BOM, parses back to the same rows and total, and a formula name comes out inert', async () => {
    const rows = await flaggedRows(db, packages);
    const columns = flaggedColumns();
    const bytes = csvBytes(columns, rows);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const parsed = parseCsv(new TextDecoder().decode(bytes.subarray(3)));
    expect(parsed[0]).toEqual(columns.map((c) => c.zh));
    const body = parsed.slice(1);
    expect(body.length).toBe(rows.length);
    const yuan = columns.findIndex((c) => c.key === 'award_yuan');
    expect(body.reduce((n, r) => n + Number(r[yuan]), 0)).toBe(Number((await paidTotal()).s));
    const evil = body.filter((r) => r[1] === evilFirm);
    expect(evil.length).toBeGreaterThan(0);
    expect(evil.every((r) => r[0] === `'${EVIL}`)).toBe(true);
    // DuckDB reads it back the same (BOM and quoting understood)
    const file = join(dir, 'rows.csv');
    writeFileSync(file, bytes);
    const back = await db.query<{ n: number; s: number }>(`SELECT count(*)::BIGINT AS n, sum("奖补金额（元）")::BIGINT AS s FROM read_csv('${file}', header = true)`);
    expect(Number(back[0].n)).toBe(rows.length);
    expect(Number(back[0].s)).toBe(Number((await paidTotal()).s));
  }, 60_000);

  it('neutralises text cells starting with = + - @ TAB CR, never numbers', () => {
    for (const s of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(neutralise(s)).toBe(`'${s}`);
    expect(neutralise('示例企业')).toBe('示例企业');
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(csvBytes([{ key: 'a', zh: 'a', en: 'a', kind: 'yuan' }, { key: 'b', zh: 'b', en: 'b', kind: 'text' }], [{ a: -12, b: '-12' }]));
    expect(text).toBe('\uFEFFa,b\r\n-12,\'-12\r\n');
  });
});

describe('XLSX', () => {
  it('has the 说明 sheet first, a frozen header, an autofilter, 万元 / 元 formats, and formula text stays a string', async () => {
    const rows = await flaggedRows(db, packages);
    const bytes = await flaggedXlsx(flaggedColumns(), rows, {
      files: [{ name: 'enterprises.parquet', rows: 4500 }],
      period: '2019年一季度 至 2024年四季度',
      inputSha256: 'ab'.repeat(32),
      packages,
      scenarioName: null,
      changed: [{ package: 'changchun-2024q1', name: 'c2_tier1_growth', label: '一档增速', baseline: '8%', value: '7%' }],
      generatedAt: new Date(2024, 3, 15, 9, 30, 0)
    });
    const wb = await readXlsx(bytes);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['说明', '企业清单']);
    const info = wb.worksheets[0].getSheetValues().flat().map(String).join('\n');
    expect(info).toContain('ab'.repeat(32));
    expect(info).toContain('enterprises.parquet');
    expect(info).toContain('基线 8% → 7%');
    expect(info).toContain('2024-04-15 09:30:00');
    expect(info).toContain('长春市全力实现一季度“开门红”若干政策措施实施细则（工信部分）');
    const ws = wb.worksheets[1];
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBeTruthy();
    expect(ws.getRow(1).getCell(1).value).toBe('企业名称');
    expect(ws.rowCount).toBe(rows.length + 1);
    expect(ws.getColumn(8).numFmt).toBe('#,##0');
    expect(ws.getColumn(9).numFmt).toBe('#,##0.00');
    expect(ws.getColumn(1).width).toBeGreaterThanOrEqual(displayWidth('示例吉江农业机械有限公司'));
    let evil = 0;
    let total = 0;
    ws.eachRow((row, n) => {
      if (n === 1) return;
      total += row.getCell(8).value as number;
      if (row.getCell(2).value === evilFirm) {
        evil++;
        const cell = row.getCell(1);
        expect(cell.type).toBe(ExcelJS.ValueType.String);
        expect(cell.formula).toBeUndefined();
        expect(cell.value).toBe(EVIL);
      }
    });
    expect(evil).toBeGreaterThan(0);
    expect(total).toBe(Number((await paidTotal()).s));
  }, 60_000);

  it('counts CJK characters as 2 for column widths', () => {
    expect(displayWidth('长春abc')).toBe(7);
  });
});

describe('Parquet', () => {
  it('read back by DuckDB: same row count and total', async () => {
    const rows = await flaggedRows(db, packages);
    const bytes = await parquetBytes(db, flaggedColumns(), rows);
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('PAR1');
    const file = join(dir, 'rows.parquet');
    writeFileSync(file, bytes);
    const back = await db.query<{ n: number; s: number; evil: number }>(
      `SELECT count(*)::BIGINT AS n, sum(award_yuan)::BIGINT AS s, count(*) FILTER (WHERE name = $1)::BIGINT AS evil FROM read_parquet('${file}')`,
      [EVIL]
    );
    expect(Number(back[0].n)).toBe(rows.length);
    expect(Number(back[0].s)).toBe(Number((await paidTotal()).s));
    expect(Number(back[0].evil)).toBeGreaterThan(0);
  }, 60_000);
});

describe('公示名单 and 属地推荐清单', () => {
  it('per package: 合计 equals the sum of its rows and the package outlay; XLSX prints on A4 with the header repeated', async () => {
    const notices = await noticeLists(db, packages, {}, { date: new Date(2024, 3, 15) });
    expect(notices.map((n) => n.package)).toEqual(packages.map((p) => p.id));
    for (const n of notices) {
      const outlay = await paidTotal(`a.package = '${n.package}'`);
      expect(n.rows.length).toBe(Number(outlay.n));
      expect(n.totalYuan).toBe(Number(outlay.s));
      expect(n.rows.reduce((s, r) => s + (r.award_yuan as number), 0)).toBe(n.totalYuan);
      expect(n.rows.map((r) => r.seq)).toEqual(n.rows.map((_, i) => i + 1));
    }
    const cc = notices.find((n) => n.package === 'changchun-2024q1')!;
    expect(cc.title).toBe('长春市2024年一季度稳增长政策兑现企业名单（公示）');
    expect(cc.issuer).toBe('长春市工业和信息化局');
    expect(cc.dateText).toBe('2024年4月15日');

    const wb = await readXlsx(await noticeXlsx(notices));
    expect(wb.worksheets.length).toBe(notices.length);
    const ws = wb.getWorksheet('长春2024一季度')!;
    expect(ws.getCell(1, 1).value).toBe(cc.title);
    expect(ws.getRow(3).values).toEqual([undefined, '序号', '企业名称', '统一社会信用代码', '区县', '奖补项目', '奖补金额（万元）']);
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, printTitlesRow: '3:3' });
    const totalRow = 3 + cc.rows.length + 1;
    expect(ws.getCell(totalRow, 1).value).toBe('合计');
    const sum = cc.rows.reduce((s, r) => s + (r.award_wan as number), 0);
    expect(ws.getCell(totalRow, 6).value).toBeCloseTo(sum, 6);
    expect(Math.round((ws.getCell(totalRow, 6).value as number) * 10_000)).toBe(cc.totalYuan);
    expect(ws.getCell(totalRow + 2, 1).value).toBe('长春市工业和信息化局');
    expect(ws.getCell(totalRow + 3, 1).value).toBe('2024年4月15日');
  }, 60_000);

  it('split by district: each sheet holds only its district and the sums add up to the package', async () => {
    const [cc] = await noticeLists(db, packages, { packages: ['changchun-2024q1'] });
    const parts = splitByDistrict(cc);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.reduce((s, p) => s + p.totalYuan, 0)).toBe(cc.totalYuan);
    expect(parts.reduce((s, p) => s + p.rows.length, 0)).toBe(cc.rows.length);
    const wb = await readXlsx(await noticeXlsx(parts));
    for (const p of parts) {
      const ws = wb.getWorksheet(p.sheet)!;
      const districts = new Set<string>();
      for (let r = 4; r < 4 + p.rows.length; r++) districts.add(String(ws.getCell(r, 4).value));
      expect([...districts]).toEqual([p.district]);
      expect(Math.round((ws.getCell(4 + p.rows.length, 6).value as number) * 10_000)).toBe(p.totalYuan);
    }
  }, 60_000);

  it('print cells: the header, each value as plain text (a formula-like name verbatim), 万元 with two decimals, the 合计', async () => {
    const notices = await noticeLists(db, packages, {});
    const all = notices.map(noticeCells);
    expect(all[0].head).toEqual(notices[0].columns.map((c) => c.zh));
    expect(all[0].head[0]).toBe('序号');
    const texts = all.flatMap((n) => n.rows.flatMap((r) => r.map((c) => c.text)));
    expect(texts).toContain(EVIL);
    for (const [i, n] of all.entries()) {
      expect(n.rows).toHaveLength(notices[i].rows.length);
      expect(n.total).toMatch(/^\d{1,3}(,\d{3})*\.\d{2}$/);
      // 万元 to the fen of 万 (hundredths), rounded half up from the exact yuan
      expect(Math.round(Number(n.total.replaceAll(',', '')) * 100)).toBe(Math.round(notices[i].totalYuan / 100));
      // 序号 and amounts are numbers (set right), names and items text
      expect(n.rows[0][0].num).toBe(true);
      expect(n.rows[0][1].num).toBe(false);
    }
  }, 60_000);
});

describe('file names', () => {
  it('say kind, package, scenario and period', () => {
    const cc = packages.find((p) => p.id === 'changchun-2024q1')!;
    const ly = packages.find((p) => p.id === 'liaoyuan-industry')!;
    expect(exportFileName('公示名单', [cc], null, 'xlsx')).toBe('公示名单_长春2024一季度_基线_2024Q1.xlsx');
    expect(exportFileName('属地推荐清单', [cc, ly], '增速7%: 方案/A', '.xlsx')).toBe('属地推荐清单_长春2024一季度+辽源2024_增速7%_ 方案_A_2024Q1+2024.xlsx');
    expect(noticeTitle(ly)).toBe('辽源市2024年惠企政策兑现企业名单（公示）');
  });
});
