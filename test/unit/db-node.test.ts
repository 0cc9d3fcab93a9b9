import { describe, it, expect, afterAll } from 'vitest';
import { openNodeDb } from '../../src/lib/db/node.ts';
import { compact } from '../../src/lib/db/types.ts';

describe('Node DB interface', async () => {
  const db = await openNodeDb();
  afterAll(() => db.close());

  it('binds parameters instead of pasting them into SQL', async () => {
    const rows = await db.query('SELECT $1::VARCHAR AS name, $2::DECIMAL(18,2) AS money', ["O'Brien; DROP TABLE x", 5403.24]);
    expect(rows).toEqual([{ name: "O'Brien; DROP TABLE x", money: 5403.24 }]);
  });

  it('loads CSV text with every column as text and keeps Chinese headers', async () => {
    await db.loadCsvText('raw', '企业名称,工业总产值\n甲厂,"1,234.50"\n乙厂,7\n');
    expect(await db.query('SELECT * FROM raw')).toEqual([
      { 企业名称: '甲厂', 工业总产值: '1,234.50' },
      { 企业名称: '乙厂', 工业总产值: '7' }
    ]);
  });

  it('returns numeric columns as Float64Array', async () => {
    const c = await db.columns('SELECT range::BIGINT AS n, range::VARCHAR AS s FROM range(3)');
    expect(Array.from(c.columns.n as Float64Array)).toEqual([0, 1, 2]);
    expect(c.columns.s).toEqual(['0', '1', '2']);
  });

  it('round-trips Parquet with exact decimals and dates', async () => {
    const bytes = await db.exportQuery("SELECT 79.19::DECIMAL(18,2) AS m, DATE '2024-02-10' AS d", 'parquet');
    await db.loadParquet('p', bytes);
    expect(await db.query('SELECT * FROM p')).toEqual([{ m: 79.19, d: '2024-02-10' }]);
  });

  it('compresses the tables of the compressed database when they hold much memory, leaving their contents as they were', async () => {
    await db.exec('USE app');
    const tableBytes = async () => Number((await db.query<{ b: number }>(`SELECT SUM(memory_usage_bytes)::DOUBLE AS b FROM duckdb_memory() WHERE tag = 'IN_MEMORY_TABLE'`))[0].b);
    await db.exec(`CREATE TABLE wide AS SELECT i AS firm, CASE WHEN i % 7 = 0 THEN 'paid' ELSE 'refused' END AS status, (i % 100)::BIGINT AS yuan, NULL::BIGINT AS pool FROM range(1000000) r(i)`);
    const sum = `SELECT SUM(yuan)::BIGINT AS y, count(*) FILTER (WHERE status = 'paid')::INTEGER AS paid, count(pool)::INTEGER AS pools FROM wide`;
    const before = await db.query(sum);
    const loose = await tableBytes();
    await compact(db, loose + 1); // below the threshold: nothing happens
    expect(await tableBytes()).toBe(loose);
    await compact(db, 0);
    expect(await tableBytes()).toBeLessThan(loose / 4);
    expect(await db.query(sum)).toEqual(before);
    expect(before).toEqual([{ y: 49500000, paid: 142858, pools: 0 }]);
    // the default database never compresses: no checkpoint is spent on it
    await db.exec('USE memory; CREATE TABLE plain AS SELECT * FROM app.main.wide; DROP TABLE app.main.wide');
    const plain = await tableBytes();
    await compact(db, 0);
    expect(await tableBytes()).toBe(plain);
  });
});
