import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { InputFile } from '../../src/lib/ingest/load.ts';

const DATA_FILE = /\.(csv|xlsx|parquet|arrow|feather)$/i;

/** The data files of a folder (not recursive), as the ingest layer takes them. */
export function readFolder(dir: string): InputFile[] {
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`--data ${dir}: not a folder`);
  const files = readdirSync(dir).filter((f) => DATA_FILE.test(f)).sort();
  if (!files.length) throw new Error(`--data ${dir}: no CSV, XLSX, Parquet or Arrow files in it`);
  return files.map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(dir, name))) }));
}
