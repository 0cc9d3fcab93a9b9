/**
 * What the XLSX 说明 sheet states about the input, in the browser: the files and when they were loaded,
 * the period and rows per table (from the load report), and a SHA-256 of the input computed with
 * crypto.subtle the way the CLI computes it (each file's name, then its bytes, files in name order), over:
 * - the sample city's bundled files (then it equals the CLI's hash of `--data data/sample`);
 * - for the user's data: the copy kept in this browser (each table as Parquet), or when no copy is kept,
 *   the tables as loaded, exported as Parquet. The original files' bytes are not kept after a load.
 * The sheet says which (`hashedOver`).
 */
import { ident, type Db } from '../../db/types.ts';
import type { Dataset } from '../../app/dataset.svelte.ts';
import type { InputFile } from '../../ingest/report.ts';
import { readSavedCopy } from '../../app/saved-copy.ts';
import { formatLoadedAt } from '../../format/loaded-at.ts';
import { formatPeriodRange } from '../../format/numbers.ts';
import type { ExportStatement } from '../xlsx.ts';
import type { ExportSource } from './source.ts';

export type HashedOver = 'files' | 'saved' | 'tables';

const SAMPLE_URLS = import.meta.glob('../../../../data/sample/*.parquet', { query: '?url', import: 'default', eager: true }) as Record<string, string>;

/** SHA-256 (hex) of each file's name then its bytes, in name order (as scripts/evaluate.ts). */
export async function filesSha256(files: InputFile[]): Promise<string> {
  const enc = new TextEncoder();
  const parts = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).flatMap((f) => [enc.encode(f.name), f.bytes]);
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  const digest = await crypto.subtle.digest('SHA-256', all);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function sampleFiles(): Promise<InputFile[]> {
  return Promise.all(
    Object.entries(SAMPLE_URLS).map(async ([path, url]) => {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
      return { name: path.slice(path.lastIndexOf('/') + 1), bytes: new Uint8Array(await res.arrayBuffer()) };
    })
  );
}

async function tableFiles(db: Db, dataset: Dataset): Promise<InputFile[]> {
  const files: InputFile[] = [];
  for (const t of dataset.report?.tables ?? []) {
    if (t.rows > 0) files.push({ name: `${t.table}.parquet`, bytes: await db.exportQuery(`SELECT * FROM ${ident(t.table)}`, 'parquet') });
  }
  return files;
}

let cached: { version: number; hex: string; over: HashedOver } | null = null;

/** The input's SHA-256 for the data on screen, and what it was computed over (once per data load). */
export async function inputSha256(db: Db, dataset: Dataset): Promise<{ hex: string; over: HashedOver }> {
  const version = dataset.version;
  if (cached?.version === version) return cached;
  let over: HashedOver;
  let files: InputFile[];
  if (dataset.source === 'sample') {
    over = 'files';
    files = await sampleFiles();
  } else if (dataset.showingSaved && dataset.saved.meta) {
    over = 'saved';
    files = (await readSavedCopy(dataset.saved.meta)).files;
  } else {
    over = 'tables';
    files = await tableFiles(db, dataset);
  }
  const hex = await filesSha256(files);
  cached = { version, hex, over };
  return cached;
}

const OVER_ZH: Record<HashedOver, string> = {
  files: '载入的文件（按文件名排序，依次计入文件名与内容）',
  saved: '本机保存的数据副本（各表 Parquet，按表名排序）',
  tables: '载入后的各表（导出为 Parquet，按表名排序）'
};

/** The 说明 sheet's content for an export of `source` under `filterWords`. */
export async function exportStatement(db: Db, dataset: Dataset, source: ExportSource, chosen: ExportSource['packages'], filterWords: string): Promise<{ statement: ExportStatement; extra: [string, string][] }> {
  const report = dataset.report;
  const hash = await inputSha256(db, dataset);
  const rowsOf = new Map((report?.files ?? []).map((f) => [f.file, f.rowsLoaded]));
  const quarterly = report?.tables.find((t) => t.table === 'quarterly')?.periods ?? null;
  const statement: ExportStatement = {
    files: dataset.fileNames.map((name) => ({ name, rows: rowsOf.get(name) ?? null })),
    period: quarterly ? formatPeriodRange(quarterly, 'zh') : undefined,
    tableRows: Object.fromEntries((report?.tables ?? []).map((t) => [t.table, t.rows])),
    inputSha256: hash.hex,
    packages: chosen,
    scenarioName: source.name,
    changed: source.changed,
    filter: filterWords,
    generatedAt: new Date()
  };
  const loaded = dataset.source === 'sample' ? '内置示例数据（示例市）' : dataset.loadedAt ? `${formatLoadedAt(dataset.loadedAt, 'zh')}（${dataset.loadedAt}）` : '—';
  const extra: [string, string][] = [
    ['数据载入时间', loaded],
    ['SHA-256 计算范围', OVER_ZH[hash.over]]
  ];
  return { statement, extra };
}
