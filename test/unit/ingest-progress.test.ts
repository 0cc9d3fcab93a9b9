/**
 * A load reports its steps as it goes and stops between two of them when cancelled; the next load then
 * gives what it gives on a fresh database (nothing of the cancelled one is left).
 */
import { describe, it, expect, afterAll } from 'vitest';
import { openNodeDb } from '../../src/lib/db/node.ts';
import { loadFiles, type LoadProgress } from '../../src/lib/ingest/load.ts';
import { TABLES } from '../../src/lib/ingest/contract.ts';
import { enterprisesCsv } from '../fixtures/ingest/helpers.ts';

describe('ingest: progress and cancel', async () => {
  const db = await openNodeDb();
  afterAll(() => db.close());
  const files = [enterprisesCsv(30), enterprisesCsv(5, 'more.csv')];

  it('names every file read, every table checked and the summary, in order, counting up to the total', async () => {
    const seen: LoadProgress[] = [];
    const report = await loadFiles(db, files, { onProgress: (p) => seen.push(p) });
    expect(seen.map((p) => [p.step, p.name])).toEqual([['read', 'enterprises.csv'], ['read', 'more.csv'], ...TABLES.map((t) => ['check', t.name]), ['summary', '']]);
    expect(seen.map((p) => p.done)).toEqual(seen.map((_, i) => i));
    expect(new Set(seen.map((p) => p.total))).toEqual(new Set([2 + TABLES.length + 1]));
    expect(report).toEqual(await loadFiles(db, files)); // told or not, the same load
  });

  it('a cancel stops the load before its next step, rejecting with the reason; the next load is whole', async () => {
    const fresh = await loadFiles(db, files);
    await loadFiles(db, [enterprisesCsv(3)]);
    const cancel = new AbortController();
    const steps: string[] = [];
    const stopped = loadFiles(db, files, {
      signal: cancel.signal,
      onProgress: (p) => {
        steps.push(`${p.step}:${p.name}`);
        if (p.step === 'check' && p.name === 'quarterly') cancel.abort();
      }
    });
    await expect(stopped).rejects.toMatchObject({ name: 'AbortError' });
    expect(steps.at(-1)).toBe('check:quarterly'); // no step after it ran
    const again = await loadFiles(db, files);
    expect(again.tables).toEqual(fresh.tables);
    expect(again.issues).toEqual(fresh.issues);
    const [left] = await db.query(`SELECT (SELECT count(*) FROM duckdb_tables() WHERE starts_with(table_name, '__ingest')) + (SELECT count(*) FROM duckdb_views() WHERE starts_with(view_name, '__ingest')) AS n`);
    expect(Number(left.n)).toBe(0);
  });
});
