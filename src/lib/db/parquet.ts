import init, { readParquet, writeParquet, Table, WriterPropertiesBuilder, Compression } from 'parquet-wasm/esm';
import wasmUrl from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';

let ready: Promise<unknown> | undefined;
function start() {
  ready ??= init({ module_or_path: wasmUrl });
  return ready;
}

/** Parquet bytes -> Arrow IPC stream (DuckDB-WASM cannot read Parquet offline). */
export async function parquetToArrowIPC(bytes: Uint8Array): Promise<Uint8Array> {
  await start();
  return readParquet(bytes).intoIPCStream();
}

/** Arrow IPC stream -> Parquet bytes, ZSTD-compressed. */
export async function arrowIPCToParquet(ipc: Uint8Array): Promise<Uint8Array> {
  await start();
  const props = new WriterPropertiesBuilder().setCompression(Compression.ZSTD).build();
  return writeParquet(Table.fromIPCStream(ipc), props);
}
