/**
 * The sample city (示例市) bundled with the app: its Parquet files (Vite `?url` assets, no network) and the
 * record the ingest made of them when they were generated (`data/sample/load-record.json`, written by
 * `npm run generate-sample`): the load report and every table's rows and column types. The files are the
 * canonical tables as the ingest leaves them (test/unit/sample-record.test.ts checks it, cell by cell), so
 * the start opens them as a kept copy is opened, without checking every row again on every visit.
 */
import type { InputFile, LoadReport } from '../ingest/report.ts';
import type { SavedTable } from './saved-meta.ts';
import record from '../../../data/sample/load-record.json';

const SAMPLE_URLS = import.meta.glob('../../../data/sample/*.parquet', {
  query: '?url',
  import: 'default',
  eager: true
}) as Record<string, string>;

export interface SampleRecord {
  report: LoadReport;
  /** The tables with rows, in the order of `files`. */
  tables: SavedTable[];
}

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** The sample's files, in the order of its record's tables, with the record. */
export async function fetchSample(): Promise<SampleRecord & { files: InputFile[] }> {
  const { report, tables } = record as unknown as SampleRecord;
  const urls = new Map(Object.entries(SAMPLE_URLS).map(([path, url]) => [baseName(path), url]));
  const files = await Promise.all(
    tables.map(async ({ table }) => {
      const name = `${table}.parquet`;
      const url = urls.get(name);
      if (!url) throw new Error(`${name}: not bundled`);
      const res = await fetch(url);
      if (!res.ok) throw new Error(`${name}: HTTP ${res.status}`);
      return { name, bytes: new Uint8Array(await res.arrayBuffer()) };
    })
  );
  return { report, tables, files };
}
