import { BIGINT, BOOLEAN, DOUBLE, VARCHAR, DuckDBInstance, DuckDBDecimalValue, DuckDBDateValue, DuckDBTimestampValue, DuckDBListValue, DuckDBStructValue, type DuckDBConnection, type DuckDBPreparedStatement } from '@duckdb/node-api';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { COMPACT_ABOVE_BYTES, SESSION_SETTINGS, ident, literal, readCsvAllVarchar, type Columns, type Db, type Param, type Row, type Value } from './types.ts';

/** Converts a node-api value to the shared `Value` shape (see types.ts). */
export function toValue(v: unknown): Value {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof DuckDBDecimalValue) return v.toDouble();
  if (v instanceof DuckDBDateValue) return v.toString();
  if (v instanceof DuckDBTimestampValue) return v.toString();
  if (v instanceof DuckDBListValue) return v.items.map(toValue);
  if (v instanceof DuckDBStructValue) return Object.fromEntries(Object.entries(v.entries).map(([k, x]) => [k, toValue(x)]));
  return String(v);
}

class NodeDb implements Db {
  readonly engine = 'duckdb-node' as const;
  /**
   * The CLI has the machine's memory, not a wasm heap: it compresses only past a quarter of it (checkpoints took
   * 4.5 of the 14.4 s the 500,000 firms' evaluation took; uncompressed, that data set holds about 4.3 GB).
   */
  readonly compactAboveBytes = Math.max(COMPACT_ABOVE_BYTES, totalmem() / 4);
  private scratch = mkdtempSync(join(tmpdir(), 'duckdb-node-'));
  private counter = 0;
  constructor(private instance: DuckDBInstance, private conn: DuckDBConnection) {}

  /** Prepared statements by SQL text: a what-if re-runs the same text with new parameters, so it skips planning. */
  private prepared = new Map<string, DuckDBPreparedStatement>();

  private async read(sql: string, params: Param[]) {
    if (!params.length) return this.conn.runAndReadAll(sql);
    let stmt = this.prepared.get(sql);
    if (!stmt) {
      stmt = await this.conn.prepare(sql);
      if (this.prepared.size >= 64) this.prepared.delete(this.prepared.keys().next().value!);
      this.prepared.set(sql, stmt);
    }
    // Exact types: a whole number bound as DOUBLE would not match a BIGINT parameter and force a re-plan.
    stmt.bind(
      params.map((p) => (typeof p === 'number' && Number.isSafeInteger(p) ? BigInt(p) : p)) as never,
      params.map((p) => (typeof p === 'number' ? (Number.isSafeInteger(p) ? BIGINT : DOUBLE) : typeof p === 'boolean' ? BOOLEAN : VARCHAR)) as never
    );
    return stmt.runAndReadAll();
  }

  async query<T extends Row = Row>(sql: string, params: Param[] = []): Promise<T[]> {
    const reader = await this.read(sql, params);
    const names = reader.columnNames();
    return reader.getRows().map((r) => {
      const o: Row = {};
      names.forEach((n, i) => (o[n] = toValue(r[i])));
      return o as T;
    });
  }

  async columns(sql: string, params: Param[] = []): Promise<Columns> {
    const reader = await this.read(sql, params);
    const names = reader.columnNames();
    const types = reader.columnTypes();
    const raw = reader.getColumns();
    const columns: Columns['columns'] = {};
    names.forEach((n, i) => {
      const values = (raw[i] ?? []).map(toValue); // no rows: no column chunks at all
      const numeric = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|FLOAT|DOUBLE|DECIMAL|UTINYINT|USMALLINT|UINTEGER|UBIGINT)/.test(types[i].toString());
      columns[n] = numeric ? Float64Array.from(values, (v) => (v === null ? NaN : Number(v))) : values;
    });
    return { numRows: reader.currentRowCount, names, columns };
  }

  async exec(sql: string): Promise<void> {
    await this.conn.run(sql);
  }

  private scratchFile(ext: string, bytes: Uint8Array | string): string {
    const path = join(this.scratch, `f${this.counter++}.${ext}`);
    writeFileSync(path, bytes);
    return path;
  }

  async loadCsvText(table: string, text: string): Promise<void> {
    const path = this.scratchFile('csv', text);
    await this.exec(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT * FROM ${readCsvAllVarchar(path)}`);
  }

  async loadParquet(table: string, bytes: Uint8Array): Promise<void> {
    const path = this.scratchFile('parquet', bytes);
    await this.exec(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT * FROM read_parquet(${literal(path)})`);
  }

  async exportQuery(sql: string, format: 'csv' | 'parquet'): Promise<Uint8Array> {
    const path = join(this.scratch, `out${this.counter++}.${format}`);
    const options = format === 'csv' ? 'FORMAT csv, HEADER' : 'FORMAT parquet, COMPRESSION zstd';
    await this.exec(`COPY (${sql}) TO ${literal(path)} (${options})`);
    const bytes = readFileSync(path);
    rmSync(path);
    return new Uint8Array(bytes);
  }

  async close(): Promise<void> {
    this.conn.closeSync();
    this.instance.closeSync();
    rmSync(this.scratch, { recursive: true, force: true });
  }
}

export async function openNodeDb(): Promise<Db> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  await conn.run(SESSION_SETTINGS);
  return new NodeDb(instance, conn);
}
