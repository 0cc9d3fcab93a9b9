/**
 * Parquet through the same DuckDB the app runs on: rows go into a scratch table (read from RFC 4180 text,
 * every column VARCHAR, then cast by kind), and `Db.exportQuery` writes it: COPY in Node (the CLI),
 * Arrow and parquet-wasm in the browser (db/wasm.ts). Column names are the English keys (stable for
 * programs); yuan BIGINT, 万元 DECIMAL(18,4), text VARCHAR. Text is written as it is (no CSV neutralisation:
 * Parquet is not opened by spreadsheets as formulas).
 */
import { ident, type Db } from '../db/types.ts';
import type { ExportColumn, ExportRow } from './columns.ts';
import { csvCell, quoteField } from './csv.ts';

const CAST: Record<ExportColumn['kind'], string> = { text: 'VARCHAR', yuan: 'BIGINT', int: 'BIGINT', wan: 'DECIMAL(18,4)' };

let counter = 0;

/** The rows as Parquet bytes, written by `db`. */
export async function parquetBytes(db: Db, columns: ExportColumn[], rows: ExportRow[]): Promise<Uint8Array> {
  const table = `export_parquet_${counter++}`;
  const cell = (v: ExportRow[string]) => (typeof v === 'string' ? quoteField(v) : csvCell(v));
  const lines = [columns.map((c) => quoteField(c.key)).join(','), ...rows.map((r) => columns.map((c) => cell(r[c.key])).join(','))];
  // read_csv needs a data row to know the columns: an empty export reads one row and keeps none
  const empty = rows.length === 0;
  if (empty) lines.push(columns.map(() => '').join(','));
  await db.loadCsvText(table, lines.join('\n') + '\n');
  try {
    const select = columns.map((c) => `CAST(NULLIF(${ident(c.key)}, '') AS ${CAST[c.kind]}) AS ${ident(c.key)}`).join(', ');
    return await db.exportQuery(`SELECT ${select} FROM ${ident(table)}${empty ? ' WHERE FALSE' : ''}`, 'parquet');
  } finally {
    await db.exec(`DROP TABLE IF EXISTS ${ident(table)}`);
  }
}
