/** The user's files as the ingest takes them (name + bytes), from a file input or a drop. */
import type { InputFile } from '../ingest/load.ts';

export async function readFiles(files: File[]): Promise<InputFile[]> {
  return Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
}

/** DuckDB may detach the buffers it is given: hand it copies so a failed load can be retried. */
export const copies = (files: InputFile[]) => files.map((f) => ({ name: f.name, bytes: f.bytes.slice() }));
