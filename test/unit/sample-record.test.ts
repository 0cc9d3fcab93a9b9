/**
 * The app opens the sample city by its record (src/lib/app/sample.ts) instead of loading it through the
 * ingest on every visit. These tests hold the record to what the ingest says of the committed files today, and
 * show that a file the ingest would change gets no record.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openNodeDb } from '../../src/lib/db/node.ts';
import { literal } from '../../src/lib/db/types.ts';
import { TABLES } from '../../src/lib/ingest/contract.ts';
import { RECORD_FILE, sampleRecord } from '../../scripts/lib/sample-record.ts';

const SAMPLE = 'data/sample';

describe('the sample city opened by its record', () => {
  const root = mkdtempSync(join(tmpdir(), 'sample-record-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** The sample's files, with `enterprises.parquet` rewritten by `select` (SQL over the original). */
  async function sampleWith(name: string, select: string): Promise<string> {
    const dir = join(root, name);
    mkdirSync(dir);
    const db = await openNodeDb();
    try {
      await db.exec(`CREATE TABLE e AS SELECT * FROM read_parquet(${literal(join(SAMPLE, 'enterprises.parquet'))})`);
      await db.exec(`COPY (${select}) TO ${literal(join(dir, 'enterprises.parquet'))} (FORMAT parquet)`);
    } finally {
      await db.close();
    }
    for (const t of TABLES) if (t.name !== 'enterprises') copyFileSync(join(SAMPLE, `${t.name}.parquet`), join(dir, `${t.name}.parquet`));
    return dir;
  }

  it('is what the ingest says of the committed files today (else: npm run generate-sample)', async () => {
    const committed = JSON.parse(readFileSync(join(SAMPLE, RECORD_FILE), 'utf8'));
    const now = await sampleRecord(SAMPLE);
    expect(now).toEqual(committed);
    expect(now.tables.map((t) => t.table).sort()).toEqual(TABLES.map((t) => t.name).sort());
    expect(now.tables.find((t) => t.table === 'quarterly')!.rows).toBe(102_834);
  }, 60_000);

  it('is refused when a file is not its table as the ingest makes it', async () => {
    // a firm twice: an error, not loaded
    await expect(sampleRecord(await sampleWith('twice', `SELECT * FROM e UNION ALL (SELECT * FROM e ORDER BY firm_id LIMIT 1)`))).rejects.toThrow(
      /the sample must load clean \([1-9]\d* errors/
    );
    // a name with a trailing space: loaded clean, but the ingest trims it
    await expect(sampleRecord(await sampleWith('spaces', `SELECT * REPLACE (CASE WHEN firm_id = (SELECT min(firm_id) FROM e) THEN name || ' ' ELSE name END AS name) FROM e`))).rejects.toThrow(
      "enterprises.parquet: its cells are not the table's as the ingest makes it"
    );
    // a flag stored as text: loaded clean, but the column becomes the contract's type
    await expect(sampleRecord(await sampleWith('types', `SELECT * REPLACE (is_manufacturing::VARCHAR AS is_manufacturing) FROM e`))).rejects.toThrow(
      "enterprises.parquet: its columns are not the table's as the ingest makes it"
    );
  }, 60_000);
});
