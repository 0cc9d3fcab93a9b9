/**
 * Where a data set's tables live. DuckDB's default in-memory database keeps tables uncompressed and writes
 * them 2.5-3.5x faster than the in-memory database attached with COMPRESS (`app`), which compresses what it
 * writes (DuckDB-WASM under Node, province: 1,000,000 quarterly rows inserted in 200 ms against 522 ms, the
 * whole load 3.6 s against 3.9 s, metrics and evaluation 2.6 s against 3.3 s). Uncompressed, the 500,000
 * firms took 4.3 GB, beyond the browser's 3.1 GiB wasm heap; compressed, 0.37 GB. So a data set whose files
 * are small stays uncompressed.
 */
import { COMPRESSED_DB as COMPRESSED, ident, type Db } from './types.ts';

/** Input bytes up to which a data set stays uncompressed (the bench's province in Parquet: 16 MB; its nation: 161 MB). */
export const PLAIN_UP_TO_BYTES = 64 * 1024 * 1024;

/** DuckDB's own in-memory database. */
const PLAIN = 'memory';

/**
 * Makes the database for a data set read from `files` the current one, emptying the other (a load replaces
 * the whole data set, so nothing in it is needed again).
 */
export async function useStorageFor(db: Db, files: { bytes: Uint8Array }[], plainUpTo = PLAIN_UP_TO_BYTES): Promise<void> {
  const bytes = files.reduce((a, f) => a + f.bytes.byteLength, 0);
  const target = bytes > plainUpTo ? COMPRESSED : PLAIN;
  const [{ current }] = await db.query<{ current: string }>('SELECT current_database() AS current');
  if (current === target) return;
  await db.exec(`USE ${target}`);
  if (current === COMPRESSED) return db.exec(`DETACH ${COMPRESSED}; ATTACH ':memory:' AS ${COMPRESSED} (COMPRESS)`);
  const objects = await db.query<{ kind: string; name: string }>(
    `SELECT 'VIEW' AS kind, view_name AS name FROM duckdb_views() WHERE database_name = '${PLAIN}' AND NOT internal
     UNION ALL SELECT 'TABLE', table_name FROM duckdb_tables() WHERE database_name = '${PLAIN}' ORDER BY kind DESC`
  );
  for (const o of objects) await db.exec(`DROP ${o.kind} IF EXISTS ${PLAIN}.main.${ident(o.name)}`);
}
