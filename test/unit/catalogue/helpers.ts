/** Shared pieces of the input catalogue's entries (ingest-catalogue.test.ts): the entry type, file builders and the checks that return the quoted message. */
import { expect } from 'vitest';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Db } from '../../../src/lib/db/types.ts';
import type { InputFile, LoadReport } from '../../../src/lib/ingest/load.ts';
import { csv, enterprisesCsv, firm } from '../../fixtures/ingest/helpers.ts';
import { loadPackageSource } from '../../../src/lib/policy/load.ts';

export type Outcome =
  | 'loaded'
  | 'loaded, warning'
  | 'loaded, rows left out'
  | 'row not loaded'
  | 'file not loaded'
  | 'package refused'
  | 'evaluated: unknown';

export interface Case {
  id: string;
  /** What the input holds. */
  input: string;
  outcome: Outcome;
  files: (db: Db) => Promise<InputFile[]> | InputFile[];
  /** Assertions on the report and the tables; returns the message the catalogue quotes. */
  check: (r: LoadReport, db: Db) => Promise<string> | string;
}

export const QH = '统一社会信用代码,企业名称,期别,工业总产值（万元）,销售收入（万元）,从业人员,规上';
export const qrow = (n: number, o: { period?: string; output?: string; sales?: string; emp?: string; above?: string; name?: string } = {}) =>
  [firm(n), o.name ?? `企业${n}`, o.period ?? '2024Q1', o.output ?? '100', o.sales ?? '90', o.emp ?? '10', o.above ?? '1'].join(',');
/** enterprises 1..n and a quarterly CSV: lines above the header, header, rows. */
export const quarterly = (n: number, rows: string[], o: { above?: string[]; header?: string; name?: string } = {}): InputFile[] => [
  enterprisesCsv(n),
  csv(o.name ?? '季度运行.csv', [...(o.above ?? []), o.header ?? QH, ...rows].join('\n') + '\n')
];
export const fiveFirms = [1, 2, 3, 4, 5].map((n) => qrow(n));

export async function xlsx(name: string, build: (wb: ExcelJS.Workbook) => void): Promise<InputFile> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return { name, bytes: new Uint8Array(await wb.xlsx.writeBuffer()) };
}

export const fileOf = (r: LoadReport, table = 'quarterly') => r.files.find((f) => f.table === table)!;
export const coded = (r: LoadReport, code: string) => r.issues.filter((i) => i.code === code);
/** The one finding of `code`, checked for row, column and value; its Chinese and English message. */
export function finding(r: LoadReport, code: string, at: { row?: number | null; column?: string | null; value?: string | null; severity?: 'error' | 'warning' } = {}): string {
  const hits = coded(r, code).filter((i) => at.row === undefined || i.row === at.row);
  expect(hits.length, `${code} at ${at.row} in ${JSON.stringify(r.issues.map((i) => [i.code, i.row]))}`).toBeGreaterThan(0);
  const i = hits[0];
  if (at.row !== undefined) expect(i.row).toBe(at.row);
  if (at.column !== undefined) expect(i.column).toBe(at.column);
  if (at.value !== undefined) expect(i.value).toBe(at.value);
  if (at.severity) expect(i.severity).toBe(at.severity);
  if (i.row !== null) expect(i.message.zh).toContain(`第 ${i.row} 行`);
  return `${i.message.zh} / ${i.message.en}`;
}
export function leftOut(r: LoadReport, kind: 'title' | 'total' | 'note', row: number): string {
  const l = r.leftOut!.find((x) => x.kind === kind && x.row === row);
  expect(l, `${kind} at row ${row} in ${JSON.stringify(r.leftOut)}`).toBeTruthy();
  expect(r.errorCount).toBe(0);
  return `${l!.message.zh} / ${l!.message.en}`;
}
export const values = async (db: Db, sql: string) => (await db.query(sql)).map((row) => Object.values(row).join('|'));
export const summary = (r: LoadReport, table = 'quarterly') => {
  const f = fileOf(r, table);
  return `rows read ${f.rowsRead}, loaded ${f.rowsLoaded}, rejected ${f.rowsRejected}, left out ${f.rowsLeftOut ?? 0}`;
};
export const clean = (r: LoadReport) => {
  expect(r.errorCount, JSON.stringify(r.issues.map((i) => i.message.en))).toBe(0);
  expect(r.warningCount, JSON.stringify(r.issues.map((i) => i.message.en))).toBe(0);
};

/** A policy package's YAML with one part replaced (the committed changchun-2024q1 package as the base). */
export const PACKAGE_YAML = readFileSync(new URL('../../../data/policies/changchun-2024q1.yaml', import.meta.url), 'utf8');
export function packageError(edit: (yaml: string) => string): string {
  const yaml = edit(PACKAGE_YAML);
  expect(yaml).not.toBe(PACKAGE_YAML);
  try {
    loadPackageSource(yaml, 'broken.yaml');
  } catch (e) {
    return (e as Error).message.split('\n').slice(0, 3).join(' ');
  }
  throw new Error('the broken package loaded');
}
