/**
 * A large quarterly CSV through the ingest (issue 12's 200 MB case, sized by INGEST_LARGE_MB).
 */
import { describe, it, expect, afterAll } from 'vitest';
import { openNodeDb } from '../../src/lib/db/node.ts';
import { enterprisesCsv, firm, load } from '../fixtures/ingest/helpers.ts';
import { QH, fileOf } from './catalogue/helpers.ts';

/**
 * A large quarterly CSV, generated: INGEST_LARGE_MB megabytes (default 20: a few seconds; 200 MB, the size
 * issue 12 names, takes about ten times as long and runs with INGEST_LARGE_MB=200). Prints the throughput.
 */
describe('ingest: a large file', async () => {
  const MB = Number(process.env.INGEST_LARGE_MB ?? 20);
  const db = await openNodeDb();
  afterAll(() => db.close());

  it(`loads a ${MB} MB quarterly CSV with a 合计 row, every row counted`, { timeout: 600_000 }, async () => {
    const firms = 20000; // 200 MB is 3.6 million rows: 180 quarters of 20,000 firms
    const line = (i: number) => `${firm((i % firms) + 1)},企业${(i % firms) + 1},${2000 + Math.floor(i / firms / 4)}Q${(Math.floor(i / firms) % 4) + 1},${(i % 9973) + 0.5},${i % 5000},${i % 300},1`;
    const bytesPerRow = new TextEncoder().encode(line(123456) + '\n').length;
    const rows = Math.floor((MB * 1e6) / bytesPerRow);
    const parts: string[] = [QH];
    for (let i = 0; i < rows; i++) parts.push(line(i));
    parts.push('合计,,,,,,');
    const bytes = new TextEncoder().encode(parts.join('\n') + '\n');
    parts.length = 0;
    const started = performance.now();
    const report = await load(db, [enterprisesCsv(firms), { name: '季度运行.csv', bytes }]);
    const seconds = (performance.now() - started) / 1000;
    const f = fileOf(report);
    expect(f).toMatchObject({ rowsRead: rows + 1, rowsLoaded: rows, rowsRejected: 0, rowsLeftOut: 1 });
    expect(report.errorCount).toBe(0);
    console.log(`large file: ${(bytes.length / 1e6).toFixed(0)} MB, ${rows} rows loaded in ${seconds.toFixed(1)} s (${(bytes.length / 1e6 / seconds).toFixed(1)} MB/s, ${Math.round(rows / seconds)} rows/s)`);
  });
});
