/**
 * The browser reads a Parquet file in chunks of whole row groups (src/lib/db/parquet.ts): every row comes
 * through once, in file order, with the types of the whole file read at once.
 */
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import { initSync, readParquet } from 'parquet-wasm/esm';
import { openNodeDb } from '../../src/lib/db/node.ts';
import { arrowChunksOf, arrowIPCChunksToParquet, decodeAhead, parquetToArrowIPCChunks } from '../../src/lib/db/parquet.ts';

const require = createRequire(import.meta.url);
let bytes: Uint8Array;
let dir: string;

beforeAll(async () => {
  // parquet-wasm initialised here; the module's own start then finds it ready (no fetch in Node)
  initSync({ module: readFileSync(require.resolve('parquet-wasm/esm/parquet_wasm_bg.wasm')) });
  dir = mkdtempSync(join(tmpdir(), 'parquet-chunks-'));
  const db = await openNodeDb();
  const file = join(dir, 'q.parquet');
  // 10,000 rows; asked for row groups of 1,000, DuckDB writes five of up to 2,048 rows (its vector size)
  await db.exec(`COPY (SELECT 'firm' || (i // 20) AS firm_id, (2020 + (i % 20) // 4)::VARCHAR || 'Q' || (1 + i % 4)::VARCHAR AS period,
      CASE WHEN i % 97 = 0 THEN NULL ELSE (i * 1.25)::DECIMAL(18,2) END AS output_10k, (i % 3 = 0) AS flag
    FROM range(10000) t(i)) TO '${file}' (FORMAT parquet, ROW_GROUP_SIZE 1000)`);
  await db.close();
  bytes = new Uint8Array(readFileSync(file));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rowsOf = (ipc: Uint8Array[]) => ipc.flatMap((chunk) => tableFromIPC(chunk).toArray().map((r) => JSON.stringify(r.toJSON())));

describe('parquetToArrowIPCChunks', () => {
  it('gives every row once, in order, in chunks of whole row groups', async () => {
    const whole = rowsOf([readParquet(bytes).intoIPCStream()]);
    expect(whole).toHaveLength(10_000);
    const chunks: Uint8Array[] = [];
    for await (const c of parquetToArrowIPCChunks(bytes, 3000)) chunks.push(c);
    const sizes = chunks.map((c) => tableFromIPC(c).numRows);
    expect(sizes.length).toBeGreaterThan(1);
    expect(sizes.reduce((a, n) => a + n, 0)).toBe(10_000);
    expect(rowsOf(chunks)).toEqual(whole);
    // the same schema as the whole file read at once
    const types = (ipc: Uint8Array) => tableFromIPC(ipc).schema.fields.map((f) => `${f.name}:${f.type}`);
    expect(types(chunks[1])).toEqual(types(readParquet(bytes).intoIPCStream()));
  });

  it('gives the whole file as one chunk when it is smaller than a chunk', async () => {
    const chunks: Uint8Array[] = [];
    for await (const c of parquetToArrowIPCChunks(bytes)) chunks.push(c);
    expect(chunks).toHaveLength(1);
    expect(tableFromIPC(chunks[0]).numRows).toBe(10_000);
  });
});

describe('arrowIPCChunksToParquet', () => {
  it('writes chunks streamed one after another as one file: every row once, in order, with the types of the whole', async () => {
    const chunks: Uint8Array[] = [];
    for await (const c of parquetToArrowIPCChunks(bytes, 3000)) chunks.push(c);
    expect(chunks.length).toBeGreaterThan(1);
    async function* stream() {
      yield* chunks;
    }
    const written = readParquet(await arrowIPCChunksToParquet(stream())).intoIPCStream();
    const whole = readParquet(bytes).intoIPCStream();
    expect(rowsOf([written])).toEqual(rowsOf([whole]));
    const types = (ipc: Uint8Array) => tableFromIPC(ipc).schema.fields.map((f) => `${f.name}:${f.type}`);
    expect(types(written)).toEqual(types(whole));
  });
});

describe('decodeAhead', () => {
  const all = async (chunks: AsyncIterable<Uint8Array>) => {
    const out: Uint8Array[] = [];
    for await (const c of chunks) out.push(c);
    return out;
  };

  it('decodes the files before they are read, once: the same rows as decoding them then', async () => {
    const copy = bytes.slice();
    expect(decodeAhead([{ bytes: copy }])).toBe(1);
    expect(decodeAhead([{ bytes: copy }])).toBe(0); // already on its way
    const first = await all(arrowChunksOf(copy));
    expect(rowsOf(first)).toEqual(rowsOf(await all(parquetToArrowIPCChunks(bytes))));
    // taken: a second read decodes again, into new buffers
    const second = await all(arrowChunksOf(copy));
    expect(second[0]).not.toBe(first[0]);
    expect(rowsOf(second)).toEqual(rowsOf(first));
  });

  it('leaves files above the limit in all to be decoded as they are read', async () => {
    const copy = bytes.slice();
    expect(decodeAhead([{ bytes: copy }, { bytes: bytes.slice() }], bytes.byteLength * 2 - 1)).toBe(0);
    const [whole] = await all(arrowChunksOf(copy));
    expect(tableFromIPC(whole).numRows).toBe(10_000);
  });

  it('gives a file that does not decode its error when it is read', async () => {
    const broken = bytes.slice(0, 100);
    decodeAhead([{ bytes: broken }]);
    await expect(all(arrowChunksOf(broken))).rejects.toThrow();
  });
});
