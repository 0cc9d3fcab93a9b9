/**
 * The one CSV writer of the browser and the CLI: UTF-8 with a byte-order mark (Excel and WPS on a Chinese
 * Windows PC read UTF-8 only with it), RFC 4180 (comma, CRLF line ends, a field quoted when it holds a
 * comma, a quote, CR or LF, quotes doubled), and the OWASP CSV-injection rule: a *text* cell starting with
 * = + - @ TAB or CR gets a leading single quote, so a spreadsheet shows it instead of running it.
 * Number cells are written as numbers and never touched (a negative amount stays -12). See docs/exports.md.
 */
import { header, type ExportColumn, type ExportRow, type ExportValue } from './columns.ts';

export const BOM = '\uFEFF';

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell as a spreadsheet may safely open it: formula-looking text gets a leading '. */
export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** RFC 4180 quoting of one field. */
export function quoteField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One cell: null empty, numbers as written by JS (integers exact), text neutralised and quoted. */
export function csvCell(value: ExportValue | boolean | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  // text, even in a number column (a huge integer arrives as a string): neutralised
  return quoteField(neutralise(String(value)));
}

export interface CsvOptions {
  /** Header language (default zh). */
  lang?: 'zh' | 'en';
  /** Start with the byte-order mark (default true). */
  bom?: boolean;
}

/** The CSV text (BOM first unless `bom: false`). Chunked joins keep 100,000 rows fast. */
export function toCsv(columns: ExportColumn[], rows: ExportRow[], opts: CsvOptions = {}): string {
  const lang = opts.lang ?? 'zh';
  const lines: string[] = [columns.map((c) => quoteField(neutralise(header(c, lang)))).join(',')];
  for (const r of rows) lines.push(columns.map((c) => csvCell(r[c.key])).join(','));
  return (opts.bom === false ? '' : BOM) + lines.join('\r\n') + '\r\n';
}

/** The CSV as UTF-8 bytes (EF BB BF first), ready for a Blob or a file. */
export function csvBytes(columns: ExportColumn[], rows: ExportRow[], opts: CsvOptions = {}): Uint8Array {
  return new TextEncoder().encode(toCsv(columns, rows, opts));
}
