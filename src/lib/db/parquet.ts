import init, { readParquet, writeParquet, transformParquetStream, Table, WriterPropertiesBuilder, Compression, ParquetFile } from 'parquet-wasm/esm';
import wasmUrl from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';

let ready: Promise<unknown> | undefined;
/** Fetches and compiles parquet-wasm once; called early (while DuckDB starts) so the first load does not wait for it. */
export function startParquet() {
  ready ??= init({ module_or_path: wasmUrl });
  return ready;
}

/** Parquet bytes -> Arrow IPC stream (DuckDB-WASM cannot read Parquet offline). */
export async function parquetToArrowIPC(bytes: Uint8Array): Promise<Uint8Array> {
  await startParquet();
  return readParquet(bytes).intoIPCStream();
}

/** Rows of a chunk of Arrow IPC that DuckDB-WASM inserts at a time. */
export const CHUNK_ROWS = 250_000;

/** Arrow IPC decoded ahead (decodeAhead), by the Parquet bytes it came from; taken once. */
const ahead = new WeakMap<Uint8Array, Promise<Uint8Array[]>>();

/**
 * Decodes small Parquet files while DuckDB-WASM starts (this thread only waits for its worker then), so that
 * opening the sample or a kept copy only inserts them. Files above `maxBytes` in all are decoded as they are
 * inserted, a chunk at a time (a large copy decoded whole would sit in memory twice). One file at a time, each
 * after a task of its own, so the page can render between them. Returns how many files it decodes.
 */
export function decodeAhead(files: { bytes: Uint8Array }[], maxBytes = 16 * 1024 * 1024): number {
  if (files.reduce((a, f) => a + f.bytes.byteLength, 0) > maxBytes) return 0;
  let queued = 0;
  let previous: Promise<unknown> = startParquet();
  for (const { bytes } of files) {
    if (ahead.has(bytes)) continue;
    const decoded = previous.then(async () => {
      await new Promise((resolve) => setTimeout(resolve));
      const chunks: Uint8Array[] = [];
      for await (const ipc of parquetToArrowIPCChunks(bytes, CHUNK_ROWS)) chunks.push(ipc);
      return chunks;
    });
    decoded.catch(() => {}); // met again, as its error, when the file is inserted
    ahead.set(bytes, decoded);
    previous = decoded.catch(() => {});
    queued += 1;
  }
  return queued;
}

/** The file's Arrow IPC chunks: decoded ahead, or now. */
export async function* arrowChunksOf(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  const decoded = ahead.get(bytes);
  ahead.delete(bytes);
  if (decoded) yield* await decoded;
  else yield* parquetToArrowIPCChunks(bytes, CHUNK_ROWS);
}

/**
 * Parquet bytes -> Arrow IPC streams of about `rows` rows each (whole row groups), so a large file
 * never sits in memory as one uncompressed copy. A file of several chunks reads each chunk's row groups
 * from the file: reading them out of the whole file copied all of it into parquet-wasm's memory once per
 * chunk (27 times for the nation's 138 MB quarterly file: 5.0 s of decoding in Node, 3.9 s without).
 */
export async function* parquetToArrowIPCChunks(bytes: Uint8Array, rows = 1_000_000): AsyncGenerator<Uint8Array> {
  await startParquet();
  const file = await ParquetFile.fromFile(new Blob([bytes as BlobPart]));
  try {
    const meta = file.metadata();
    const chunks: { groups: number[]; rows: number }[] = [];
    for (let i = 0; i < meta.numRowGroups(); i++) {
      const last = chunks.at(-1);
      if (!last || last.rows >= rows) chunks.push({ groups: [], rows: 0 });
      chunks.at(-1)!.groups.push(i);
      chunks.at(-1)!.rows += meta.rowGroup(i).numRows();
    }
    if (chunks.length <= 1) {
      yield readParquet(bytes).intoIPCStream();
      return;
    }
    for (const c of chunks) yield (await file.read({ rowGroups: c.groups, batchSize: Math.max(c.rows, 1) })).intoIPCStream();
  } finally {
    file.free();
  }
}

const writerProps = () => new WriterPropertiesBuilder().setCompression(Compression.ZSTD).setMaxRowGroupSize(CHUNK_ROWS).build();

/** Arrow IPC stream -> Parquet bytes, ZSTD-compressed. */
export async function arrowIPCToParquet(ipc: Uint8Array): Promise<Uint8Array> {
  await startParquet();
  return writeParquet(Table.fromIPCStream(ipc), writerProps());
}

/**
 * Arrow IPC chunks (each a stream with its schema) -> one Parquet file, a row group at a time, so only a chunk and
 * the compressed output are in memory: the nation's quarterly table written in one piece (its rows in JavaScript,
 * as IPC and in parquet-wasm at once) took the page from 1.3 to 6.9 GB.
 */
export async function arrowIPCChunksToParquet(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  await startParquet();
  const it = chunks[Symbol.asyncIterator]();
  const batches = new ReadableStream({
    async pull(controller) {
      const next = await it.next();
      if (next.done) controller.close();
      else for (const batch of Table.fromIPCStream(next.value).recordBatches()) controller.enqueue(batch);
    }
  });
  return new Uint8Array(await new Response(await transformParquetStream(batches, writerProps())).arrayBuffer());
}
