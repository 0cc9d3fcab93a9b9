import { describe, it, expect, afterAll } from 'vitest';
import { ENGINES, enterprisesCsv } from '../fixtures/ingest/helpers.ts';
import { useStorageFor } from '../../src/lib/db/storage.ts';
import { loadFiles } from '../../src/lib/ingest/load.ts';
import type { Db } from '../../src/lib/db/types.ts';

const current = async (db: Db) => (await db.query<{ c: string }>('SELECT current_database() AS c'))[0].c;
const tablesIn = async (db: Db, database: string) =>
  (await db.query<{ t: string }>(`SELECT table_name AS t FROM duckdb_tables() WHERE database_name = '${database}' ORDER BY 1`)).map((r) => r.t);

describe.each(ENGINES)('storage of a data set (%s)', async (_engine, open) => {
  const db = await open();
  afterAll(() => db.close());
  const small = [enterprisesCsv(3)];

  it('keeps a small data set in the uncompressed database', async () => {
    await loadFiles(db, small);
    expect(await current(db)).toBe('memory');
    expect(await tablesIn(db, 'memory')).toContain('enterprises');
  });

  it('moves a data set above the limit to the compressed database and empties the other, and back', async () => {
    await db.exec('CREATE TABLE scratch AS SELECT 1 AS x; CREATE VIEW scratch_view AS SELECT * FROM scratch');
    const limit = small[0].bytes.byteLength - 1;
    await useStorageFor(db, small, limit);
    expect(await current(db)).toBe('app');
    expect(await tablesIn(db, 'memory')).toEqual([]);
    expect((await db.query(`SELECT count(*) AS n FROM duckdb_views() WHERE database_name = 'memory' AND NOT internal`))[0].n).toBe(0);
    await db.exec('CREATE TABLE kept AS SELECT 1 AS x');
    await useStorageFor(db, small, limit); // the same side: nothing is emptied
    expect(await tablesIn(db, 'app')).toEqual(['kept']);

    await useStorageFor(db, small);
    expect(await current(db)).toBe('memory');
    expect(await tablesIn(db, 'app')).toEqual([]);
    const report = await loadFiles(db, small);
    expect(report.tables.find((t) => t.table === 'enterprises')?.rows).toBe(3);
  });

  it('a statement prepared before a switch reads the tables of the database switched to', async () => {
    const read = () => db.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM enterprises WHERE firm_id <> $1', ['none']);
    await loadFiles(db, small);
    expect(await read()).toEqual([{ n: 3 }]);
    await useStorageFor(db, small, 0);
    await db.exec("CREATE TABLE enterprises AS SELECT 'x' AS firm_id");
    expect(await read()).toEqual([{ n: 1 }]);
    await loadFiles(db, [enterprisesCsv(2)]);
    expect(await current(db)).toBe('memory');
    expect(await read()).toEqual([{ n: 2 }]);
  });
});
