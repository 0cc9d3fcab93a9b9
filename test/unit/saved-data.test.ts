/**
 * The bureau's data kept in the browser: the stored record and its versioning (saved-meta.ts), how the
 * load time and size read (format/loaded-at.ts), and that canonical tables kept as Parquet open again
 * through the ingest with the same columns, types and rows.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openNodeDb } from '../../src/lib/db/node.ts';
import { openCopy, tableColumns } from '../../src/lib/app/saved-copy.ts';
import type { InputFile } from '../../src/lib/ingest/report.ts';
import { ident } from '../../src/lib/db/types.ts';
import { loadFiles } from '../../src/lib/ingest/load.ts';
import {
  SAVED_FORMAT,
  makeMeta,
  parseMeta,
  parseReport,
  parseTables,
  restoredDifference,
  savedBytes,
  type SavedMeta,
  type SavedTable
} from '../../src/lib/app/saved-meta.ts';
import { formatLoadedAt, formatStoredSize } from '../../src/lib/format/loaded-at.ts';
import { csv, enterprisesCsv, firm } from '../fixtures/ingest/helpers.ts';

const quarterlyColumns = [
  { name: 'firm_id', type: 'VARCHAR' },
  { name: 'period', type: 'VARCHAR' },
  { name: 'output_10k', type: 'DECIMAL(18,2)' }
];

function meta(overrides: Partial<SavedMeta> = {}): SavedMeta {
  return {
    ...makeMeta({
      app: '0.1.0',
      loadedAt: new Date('2026-11-29T06:03:00Z'),
      savedAt: new Date('2026-11-29T06:03:02Z'),
      files: ['企业名录.xlsx', 'quarterly.csv', '资质.csv'],
      tables: [
        { table: 'enterprises', rows: 3, bytes: 900, columns: [{ name: 'firm_id', type: 'VARCHAR' }] },
        { table: 'quarterly', rows: 12, bytes: 1500, columns: quarterlyColumns }
      ]
    }),
    ...overrides
  };
}

/** What IndexedDB hands back is a structured clone; JSON is a stricter stand-in (no Dates, no undefined). */
const cloned = (v: unknown) => JSON.parse(JSON.stringify(v));

describe('saved data: the stored record', () => {
  it('a record just made is read back whole, active, in the current format', () => {
    const check = parseMeta(cloned(meta()));
    expect(check).toEqual({ ok: true, meta: meta() });
    if (!check.ok) return;
    expect(check.meta.format).toBe(SAVED_FORMAT);
    expect(check.meta.active).toBe(true);
    expect(check.meta.loadedAt).toBe('2026-11-29T06:03:00.000Z');
    expect(savedBytes(check.meta)).toBe(2400);
  });

  it('a copy written by an older version is refused as older, naming its format and version', () => {
    // Played by a later version of the app, which writes format SAVED_FORMAT + 1.
    expect(parseMeta(cloned(meta()), SAVED_FORMAT + 1)).toEqual({ ok: false, problem: 'older', format: SAVED_FORMAT, app: '0.1.0' });
  });

  it('a copy from a newer version is refused before any other field is trusted', () => {
    const newer = parseMeta({ format: SAVED_FORMAT + 1, app: '9.0.0', tables: 'a layout this version does not know' });
    expect(newer).toEqual({ ok: false, problem: 'newer', format: SAVED_FORMAT + 1, app: '9.0.0' });
  });

  it.each([
    ['nothing', null, 'no record'],
    ['an array', [], 'no record'],
    ['a format given as text', { ...meta(), format: '1' }, 'format'],
    ['format 0, never written', { ...meta(), format: 0 }, 'format'],
    ['no app version', { ...meta(), app: undefined }, 'app'],
    ['a load time that is not a time', { ...meta(), loadedAt: '11月29日' }, 'loadedAt'],
    ['no file names', { ...meta(), files: [] }, 'files'],
    ['no active flag', { ...meta(), active: 'yes' }, 'active'],
    ['a negative row count', { ...meta(), tables: [{ ...meta().tables[0], rows: -1 }] }, 'tables[0] (enterprises): rows / bytes'],
    ['a table without columns', { ...meta(), tables: [{ ...meta().tables[0], columns: [] }] }, 'tables[0] (enterprises): columns'],
    ['the same table twice', { ...meta(), tables: [meta().tables[0], meta().tables[0]] }, 'tables: a table twice']
  ])('a record with %s is corrupt', (_what, value, detail) => {
    expect(parseMeta(cloned(value))).toEqual({ ok: false, problem: 'corrupt', detail });
  });

  it('the stored report is accepted with its findings and refused when a part is missing', () => {
    const report = {
      files: [{ file: '季度.csv', table: 'quarterly', format: 'csv', encoding: 'gb18030', rowsRead: 5, rowsLoaded: 4, rowsRejected: 1, columns: [] }],
      issues: [{ severity: 'error', file: '季度.csv', table: 'quarterly', row: 4, column: '期别', value: '2024Q5', code: 'bad_period', message: { zh: '第 4 行', en: 'row 4' } }],
      tables: [{ table: 'quarterly', rows: 4, periods: { first: '2024Q1', last: '2024Q1' } }],
      errorCount: 1,
      warningCount: 0
    };
    expect(parseReport(cloned(report))).toEqual(report);
    expect(parseReport({ ...report, issues: undefined })).toBeNull();
    expect(parseReport({ ...report, issues: [{ ...report.issues[0], message: '第 4 行' }] })).toBeNull();
    expect(parseReport({ ...report, files: [{ ...report.files[0], rowsLoaded: '4' }] })).toBeNull();
    expect(parseReport('report')).toBeNull();
  });

  it('stored tables are named after their tables, and a missing or truncated one is named', () => {
    const m = meta();
    const bytes = [new Uint8Array(900), new Uint8Array(1500)];
    expect(parseTables(m, bytes)).toEqual([
      { name: 'enterprises.parquet', bytes: bytes[0] },
      { name: 'quarterly.parquet', bytes: bytes[1] }
    ]);
    expect(parseTables(m, [bytes[0], undefined])).toBe('quarterly: missing');
    expect(parseTables(m, [bytes[0], new Uint8Array(1499)])).toBe('quarterly: 1499 bytes, 1500 saved');
  });
});

describe('saved data: a copy opened again matches what was kept', () => {
  const opened = (changes: Record<string, unknown> = {}) => [
    { table: 'enterprises', rows: 3, columns: [{ name: 'firm_id', type: 'VARCHAR' }, { name: 'name', type: 'VARCHAR' }] },
    { table: 'quarterly', rows: 12, columns: quarterlyColumns, ...changes },
    { table: 'projects', rows: 0, columns: [{ name: 'firm_id', type: 'VARCHAR' }] }
  ];

  it('the same rows and columns (empty tables aside) are no difference', () => {
    expect(restoredDifference(meta(), opened())).toBeNull();
  });

  it('a column the contract gained since is no difference', () => {
    expect(restoredDifference(meta(), opened({ columns: [...quarterlyColumns, { name: 'gas_m3', type: 'DECIMAL(18,2)' }] }))).toBeNull();
  });

  it('fewer rows, a lost column, a changed type or rows nobody kept are differences', () => {
    expect(restoredDifference(meta(), opened({ rows: 11 }))).toBe('quarterly: 11 rows, 12 saved');
    expect(restoredDifference(meta(), opened({ columns: quarterlyColumns.slice(0, 2) }))).toBe('quarterly.output_10k: missing');
    expect(restoredDifference(meta(), opened({ columns: [...quarterlyColumns.slice(0, 2), { name: 'output_10k', type: 'DOUBLE' }] }))).toBe(
      'quarterly.output_10k: DOUBLE, DECIMAL(18,2) saved'
    );
    expect(restoredDifference(meta(), opened().filter((t) => t.table !== 'quarterly'))).toBe('quarterly: missing');
    expect(restoredDifference(meta(), [...opened(), { table: 'claims', rows: 2, columns: [] }])).toBe('claims: 2 rows, none saved');
  });
});

describe('saved data: when it was loaded and how big it is', () => {
  const now = new Date('2026-12-01T02:00:00Z');
  it('reads as month, day and time in China time, in both languages', () => {
    expect(formatLoadedAt('2026-11-29T06:03:00Z', 'zh', now, 'Asia/Shanghai')).toBe('11月29日 14:03');
    expect(formatLoadedAt('2026-11-29T06:03:00Z', 'en', now, 'Asia/Shanghai')).toBe('29 Nov 14:03');
  });

  it('a load late on 31 December UTC is already New Year in China, and carries the year when it is not this one', () => {
    expect(formatLoadedAt('2025-12-31T17:30:00Z', 'zh', now, 'Asia/Shanghai')).toBe('1月1日 01:30');
    expect(formatLoadedAt('2025-12-30T17:30:00Z', 'zh', now, 'Asia/Shanghai')).toBe('2025年12月31日 01:30');
    expect(formatLoadedAt('2025-12-30T17:30:00Z', 'en', now, 'Asia/Shanghai')).toBe('31 Dec 2025 01:30');
  });

  it('an unreadable time reads as nothing rather than "Invalid Date"', () => {
    expect(formatLoadedAt('yesterday', 'zh', now)).toBe('');
  });

  it('sizes read as Windows shows them', () => {
    expect(formatStoredSize(512)).toBe('512 B');
    expect(formatStoredSize(420 * 1024)).toBe('420 KB');
    expect(formatStoredSize(1_677_722)).toBe('1.6 MB');
    expect(formatStoredSize(25 * 1024 * 1024)).toBe('25 MB');
  });
});

describe('saved data: canonical tables kept as Parquet load again unchanged (node engine)', async () => {
  const first = await openNodeDb();
  const second = await openNodeDb();
  const third = await openNodeDb();
  afterAll(async () => {
    await first.close();
    await second.close();
    await third.close();
  });

  it('every table comes back with the same columns, types and rows, extra columns included', async () => {
    const quarterly = csv(
      '季度运行.csv',
      [
        '统一社会信用代码,期别,工业总产值（万元）,销售收入（万元）,规上,备注',
        `${firm(1)},2024Q1,12345.6789,100,是,首季`,
        `${firm(2)},2024年一季度,0.30,0.3,0,`,
        `${firm(2)},2024Q5,1,1,1,坏期别`
      ].join('\n') + '\n'
    );
    const report = await loadFiles(first, [enterprisesCsv(3, '企业名录.csv'), quarterly]);
    expect(report.errorCount).toBe(1);

    const kept = report.tables.filter((t) => t.rows > 0);
    const files = [];
    for (const t of kept) files.push({ name: `${t.table}.parquet`, bytes: await first.exportQuery(`SELECT * FROM ${ident(t.table)}`, 'parquet') });
    const again = await loadFiles(second, files);
    expect(again.errorCount).toBe(0);

    for (const t of report.tables) {
      const describe = (db: typeof first) => db.query(`SELECT column_name, column_type FROM (DESCRIBE ${ident(t.table)})`);
      const rows = (db: typeof first) => db.query(`SELECT * FROM ${ident(t.table)} ORDER BY ALL`);
      expect(await describe(second), t.table).toEqual(await describe(first));
      expect(await rows(second), t.table).toEqual(await rows(first));
    }
    const q = await second.query<{ output_10k: string; 备注: string | null }>(`SELECT CAST(output_10k AS VARCHAR) AS output_10k, "备注" FROM quarterly ORDER BY firm_id`);
    expect(q).toEqual([
      { output_10k: '12345.68', 备注: '首季' },
      { output_10k: '0.30', 备注: null }
    ]);
  });

  it('a copy opens as it was stored (no row checked again) when its tables match the record; otherwise through the ingest, and a difference that remains refuses it', async () => {
    const sample = readdirSync('data/sample').filter((f) => f.endsWith('.parquet'));
    const report = await loadFiles(first, sample.map((name) => ({ name, bytes: new Uint8Array(readFileSync(join('data/sample', name))) })));
    expect(report.errorCount).toBe(0);
    const kept = report.tables.filter((t) => t.rows > 0);
    const files: InputFile[] = [];
    const tables: SavedTable[] = [];
    for (const t of kept) {
      const bytes = await first.exportQuery(`SELECT * FROM ${ident(t.table)}`, 'parquet');
      files.push({ name: `${t.table}.parquet`, bytes });
      tables.push({ table: t.table, rows: t.rows, bytes: bytes.length, columns: await tableColumns(first, t.table) });
    }
    const record = makeMeta({ app: '0.1.0', loadedAt: new Date(), savedAt: new Date(), files: sample, tables });

    expect(await openCopy(third, record, files)).toBe('as-stored');
    for (const t of report.tables) {
      const sum = (db: typeof first) => db.query(`SELECT count(*)::INTEGER AS n, CAST(SUM(hash(t)) AS VARCHAR) AS h FROM ${ident(t.table)} t`);
      expect(await sum(third), t.table).toEqual(await sum(first));
      expect(await tableColumns(third, t.table), t.table).toEqual(await tableColumns(first, t.table));
    }

    // a record that no longer matches its tables: read through the ingest, which cannot make them match
    const wrong = { ...record, tables: record.tables.map((t) => (t.table === 'quarterly' ? { ...t, rows: t.rows + 1 } : t)) };
    await expect(openCopy(third, wrong, files)).rejects.toThrow(/quarterly: \d+ rows, \d+ saved/);
  });
});
