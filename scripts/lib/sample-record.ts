/**
 * The record of the sample city that the app opens it by (src/lib/app/sample.ts): the ingest's load report of
 * its files and, for every table with rows, its rows and column types, as a kept copy records them. Made only
 * when every file is exactly its canonical table (same name, same columns, same cells, nothing rejected or
 * left out): only then is opening the files as they are the same as loading them through the ingest.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openNodeDb } from '../../src/lib/db/node.ts';
import { ident, type Db } from '../../src/lib/db/types.ts';
import { loadFiles } from '../../src/lib/ingest/load.ts';
import { tableColumns } from '../../src/lib/app/saved-copy.ts';
import type { SampleRecord } from '../../src/lib/app/sample.ts';

export const RECORD_FILE = 'load-record.json';

/** Every row of a table, as one order-independent fingerprint (row count and a sum of row hashes). */
async function fingerprint(db: Db, table: string): Promise<string> {
  const [r] = await db.query<{ n: number; h: string }>(`SELECT count(*)::INTEGER AS n, COALESCE(SUM(hash(t::VARCHAR)::HUGEINT), 0)::VARCHAR AS h FROM ${ident(table)} t`);
  return `${r.n}:${r.h}`;
}

export async function sampleRecord(dir: string): Promise<SampleRecord> {
  const files = readdirSync(dir).filter((f) => f.endsWith('.parquet')).sort().map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(dir, name))) }));
  const ingested = await openNodeDb();
  const asIs = await openNodeDb();
  try {
    const report = await loadFiles(ingested, files.map((f) => ({ ...f, bytes: f.bytes.slice() })));
    const problem = report.errorCount || report.warningCount || report.leftOutCount ? `${report.errorCount} errors, ${report.warningCount} warnings, ${report.leftOutCount} rows left out` : null;
    if (problem) throw new Error(`${dir}: the sample must load clean (${problem})`);
    const tables: SampleRecord['tables'] = [];
    for (const t of report.tables.filter((s) => s.rows > 0)) {
      const file = files.find((f) => f.name === `${t.table}.parquet`);
      if (!file || report.files.filter((f) => f.table === t.table).length !== 1) throw new Error(`${dir}: table ${t.table} must come from ${t.table}.parquet alone`);
      await asIs.loadParquet(t.table, file.bytes.slice());
      const columns = await tableColumns(ingested, t.table);
      if (JSON.stringify(await tableColumns(asIs, t.table)) !== JSON.stringify(columns)) throw new Error(`${file.name}: its columns are not the table's as the ingest makes it`);
      if ((await fingerprint(asIs, t.table)) !== (await fingerprint(ingested, t.table))) throw new Error(`${file.name}: its cells are not the table's as the ingest makes it`);
      tables.push({ table: t.table, rows: t.rows, bytes: file.bytes.length, columns });
    }
    return { report, tables };
  } finally {
    await ingested.close();
    await asIs.close();
  }
}

export async function writeSampleRecord(dir: string): Promise<void> {
  writeFileSync(join(dir, RECORD_FILE), JSON.stringify(await sampleRecord(dir), null, 1) + '\n');
}
