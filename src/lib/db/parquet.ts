import init, { readParquet, writeParquet, Table, WriterPropertiesBuilder, Compression, ParquetFile } from 'parquet-wasm/esm';
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

/**
 * Parquet bytes -> Arrow IPC streams of about `rows` rows each (whole row groups), so a large file
 * never sits in memory as one uncompressed copy. Each chunk reads only its row groups' bytes: reading
 * them out of the whole file copied all of it into parquet-wasm's memory once per chunk (27 times for
 * the nation's 138 MB quarterly file).
 */
export async function* parquetToArrowIPCChunks(bytes: Uint8Array, rows = 1_000_000): AsyncGenerator<Uint8Array> {
  await startParquet();
  const file = await ParquetFile.fromFile(new Blob([bytes as BlobPart]));
  try {
    const meta = file.metadata();
    const groups = meta.numRowGroups();
    if (groups === 0) {
      yield readParquet(bytes).intoIPCStream();
      return;
    }
    let batch: number[] = [];
    let batchRows = 0;
    for (let i = 0; i < groups; i++) {
      batch.push(i);
      batchRows += meta.rowGroup(i).numRows();
      if (batchRows >= rows || i === groups - 1) {
        yield (await file.read({ rowGroups: batch, batchSize: Math.max(batchRows, 1) })).intoIPCStream();
        batch = [];
        batchRows = 0;
      }
    }
  } finally {
    file.free();
  }
}

/** Arrow IPC stream -> Parquet bytes, ZSTD-compressed. */
export async function arrowIPCToParquet(ipc: Uint8Array): Promise<Uint8Array> {
  await startParquet();
  const props = new WriterPropertiesBuilder().setCompression(Compression.ZSTD).build();
  return writeParquet(Table.fromIPCStream(ipc), props);
}
