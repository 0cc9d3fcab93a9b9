/**
 * The one interface every caller (browser pages, CLI scripts, tests) uses to talk to DuckDB.
 * Two implementations: `wasm.ts` (@duckdb/duckdb-wasm, browser) and `node.ts` (@duckdb/node-api).
 * The engine never knows which one it talks to (the Mosaic connector idea).
 */

/** A value as callers see it: DECIMAL and integers as number (exact below 2^53), DATE as 'YYYY-MM-DD', LIST as array, STRUCT as object. */
export type Value = null | boolean | number | string | Value[] | { [key: string]: Value };
export type Row = Record<string, Value>;
/** Bound parameters for `$1, $2, ...` placeholders. Typed values from users go here, never into SQL text. */
export type Param = null | boolean | number | string;

/** Column-wise result for large reads: numeric columns as Float64Array (NaN = NULL), others as arrays. */
export interface Columns {
  numRows: number;
  names: string[];
  columns: Record<string, Float64Array | Value[]>;
}

export interface Db {
  readonly engine: 'duckdb-wasm' | 'duckdb-node';
  /** Uncompressed table memory above which `compact` checkpoints: small in the browser, whose wasm heap is the limit. */
  readonly compactAboveBytes: number;
  /** Runs one statement with bound parameters and returns plain rows. */
  query<T extends Row = Row>(sql: string, params?: Param[]): Promise<T[]>;
  /** Runs one statement and returns its columns (numbers as Float64Array). */
  columns(sql: string, params?: Param[]): Promise<Columns>;
  /** Runs one or more statements, no result. */
  exec(sql: string): Promise<void>;
  /** Creates table `table` from CSV text with every column read as VARCHAR (validation casts later). */
  loadCsvText(table: string, text: string): Promise<void>;
  /** Creates table `table` from the bytes of a Parquet file, keeping its types. */
  loadParquet(table: string, bytes: Uint8Array): Promise<void>;
  /** Writes the result of `sql` as a file and returns its bytes. */
  exportQuery(sql: string, format: 'csv' | 'parquet'): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** Quotes an identifier (table or column name) for SQL text. Names come from code or from file headers. */
export function ident(name: string): string {
  return '"' + name.replaceAll('"', '""') + '"';
}

/** Quotes a string literal for the rare places DuckDB does not accept a bound parameter (DDL, COPY). */
export function literal(text: string): string {
  return "'" + text.replaceAll("'", "''") + "'";
}

/**
 * SQL with its `$n` placeholders replaced by the bound integers, for a statement run once: DuckDB plans a
 * prepared CREATE TABLE ... AS again when it runs, so binding costs a second plan (a package's evaluation at
 * city size in DuckDB-WASM: 141 ms bound, 107 ms inlined). Only whole numbers are inlined (the compiled
 * policies bind nothing else); quoted text and identifiers are left as they are.
 */
export function inlineIntegers(sql: string, params: Param[]): string {
  return sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\$(\d+)/g, (token, n: string | undefined) => {
    if (n === undefined) return token;
    const v = params[Number(n) - 1];
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new Error(`parameter $${n} is not a whole number: ${String(v)}`);
    return v < 0 ? `(${v})` : String(v); // `x-$1` must not become the comment `x--5`
  });
}

/**
 * Settings both engines start with: fail fast instead of fetching extensions from the internet; a second
 * in-memory database `app`, attached with COMPRESS, for data sets too large to keep uncompressed (storage.ts).
 */
export const SESSION_SETTINGS = `SET autoload_known_extensions=false; SET autoinstall_known_extensions=false; ATTACH ':memory:' AS app (COMPRESS);`;
/** The compressed database of SESSION_SETTINGS. */
export const COMPRESSED_DB = 'app';

/**
 * Uncompressed table memory above which the browser's `compact` checkpoints: below it a checkpoint costs more
 * time than it saves, and well above it the 500,000 firms do not fit the wasm heap.
 */
export const COMPACT_ABOVE_BYTES = 256 * 1024 * 1024;

/**
 * Compresses the tables written since the last call when they hold much memory (after a load, the metrics,
 * each package's evaluation); only in the compressed database: the default one never compresses.
 */
export async function compact(db: Db, aboveBytes = db.compactAboveBytes): Promise<void> {
  const [m] = await db.query<{ compressed: boolean; bytes: number }>(
    `SELECT current_database() = '${COMPRESSED_DB}' AS compressed, COALESCE((SELECT SUM(memory_usage_bytes) FROM duckdb_memory() WHERE tag = 'IN_MEMORY_TABLE'), 0)::DOUBLE AS bytes`
  );
  if (m.compressed && Number(m.bytes) > aboveBytes) await db.exec('CHECKPOINT');
}

/** The read_csv call both engines use: every column VARCHAR (validation casts later), header row. */
export function readCsvAllVarchar(path: string): string {
  return `read_csv(${literal(path)}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', strict_mode = true)`;
}
