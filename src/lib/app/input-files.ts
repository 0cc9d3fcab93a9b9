/**
 * The files a load reads, as the ingest takes them (name + bytes): the sample city bundled with the app, and the
 * user's files from a file input or a drop.
 */
import type { InputFile } from '../ingest/load.ts';

/** The sample city's Parquet files, bundled as static assets (empty until `npm run generate-sample`). */
const SAMPLE_URLS = import.meta.glob('../../../data/sample/*.parquet', {
  query: '?url',
  import: 'default',
  eager: true
}) as Record<string, string>;

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

export async function fetchSample(): Promise<InputFile[]> {
  return Promise.all(
    Object.entries(SAMPLE_URLS).map(async ([path, url]) => {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`${baseName(path)}: HTTP ${res.status}`);
      return { name: baseName(path), bytes: new Uint8Array(await res.arrayBuffer()) };
    })
  );
}

export async function readFiles(files: File[]): Promise<InputFile[]> {
  return Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
}

/** DuckDB may detach the buffers it is given: hand it copies so a failed load can be retried. */
export const copies = (files: InputFile[]) => files.map((f) => ({ name: f.name, bytes: f.bytes.slice() }));
