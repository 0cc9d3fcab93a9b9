/**
 * A user's file -> the units that become tables: a CSV, each non-empty XLSX sheet, a Parquet or Arrow
 * file. Decoding is the only per-row JavaScript; rows reach DuckDB as CSV text or Parquet bytes.
 */
import type { Db } from '../db/types.ts';
import { decodeText, type TextEncodingName } from './decode-text.ts';
import { layoutCsv, sniffDelimiter, toCommaSeparated } from './csv-layout.ts';
import { toCsvText } from './csv-write.ts';
import { headerScore, pickHeader } from './headers.ts';
import type { IssueCode } from './codes.ts';

export type SourceFormat = 'csv' | 'xlsx' | 'parquet' | 'arrow';

/** A finding made while reading, before any table is known. */
export interface Note {
  code: IssueCode;
  row?: number | null;
  column?: string | null;
  value?: string | null;
  detail?: Record<string, string | number>;
}

/** A row that is not data: a title above the header, a total or a note below it. */
export interface LeftOutRow {
  row: number;
  kind: 'title' | 'total' | 'note';
  text: string;
}

export interface FileUnit {
  /** 'q.csv', or 'book.xlsx › 季度' for a sheet. */
  name: string;
  fileName: string;
  sheet: string | null;
  format: SourceFormat;
  encoding?: TextEncodingName;
  /** 1-based row of the header in the file; data row i (0-based) is row headerRow + 1 + i. */
  headerRow: number;
  /** Data records DuckDB must end up with (text formats), null when DuckDB reads the file itself. */
  records: number | null;
  /** Records that are not rows of the table (wrong field count): emptied, reported, counted as rejected. */
  malformed: { row: number; fields: number }[];
  /** Headers as written, in file order (null until DuckDB has read a Parquet file). */
  header: string[] | null;
  notes: Note[];
  /** Rows left out while reading: titles above the header; for CSV, short note or total lines below it. */
  leftOut: LeftOutRow[];
  /** The unit a row above the header declares for the table's amounts (单位：万元), if any. */
  unitRow: string | null;
  /** Field separator of a text file when it is not a comma. */
  delimiter?: string;
  /** Set when the unit cannot be loaded at all. */
  fatal: Note | null;
  /** Creates table `table` from the unit's rows (all VARCHAR for text formats). */
  load(db: Db, table: string): Promise<void>;
}

const startsWith = (bytes: Uint8Array, ...sig: number[]) => sig.every((b, i) => bytes[i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

export function sniffFormat(name: string, bytes: Uint8Array): SourceFormat | 'xls' | 'binary' {
  if (startsWith(bytes, ...ascii('PAR1'))) return 'parquet';
  if (startsWith(bytes, ...ascii('ARROW1')) || startsWith(bytes, 0xff, 0xff, 0xff, 0xff)) return 'arrow';
  if (startsWith(bytes, 0x50, 0x4b, 0x03, 0x04)) return 'xlsx';
  if (startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0)) return 'xls';
  const ext = /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
  if (ext === 'parquet' || ext === 'xlsx' || ext === 'xls' || ext === 'arrow' || ext === 'feather') return ext === 'feather' ? 'arrow' : (ext as SourceFormat | 'xls');
  const probe = bytes.subarray(0, 4096);
  if (probe.includes(0)) return 'binary';
  return 'csv';
}

function unsupported(file: string, format: SourceFormat, zh: string, en: string): FileUnit {
  return {
    name: file,
    fileName: file,
    sheet: null,
    format,
    headerRow: 1,
    records: 0,
    malformed: [],
    header: null,
    notes: [],
    leftOut: [],
    unitRow: null,
    fatal: { code: 'unsupported_format', detail: { zh, en } },
    load: async () => {}
  };
}

/** The unit a title or unit row declares for amounts: 单位：万元, 金额单位：元, （单位：亿元）. */
export const UNIT_ROW = /(?:金额|计量|价值量|产值)?单位\s*[:：]\s*(万元|元|千元|百万元|亿元)/;

const rowText = (r: string[]) => r.map((v) => v.trim()).filter((v, i, a) => v && a.indexOf(v) === i).join(' ');

/** Rows above the header (`first`, 0-based): titles and unit rows, left out; the unit they declare. */
function titleRows(rows: string[][], first: number): { leftOut: LeftOutRow[]; unitRow: string | null } {
  const leftOut: LeftOutRow[] = [];
  let unitRow: string | null = null;
  rows.slice(0, first).forEach((r, i) => {
    const text = rowText(r ?? []);
    if (!text) return;
    unitRow ??= UNIT_ROW.exec(text)?.[1] ?? null;
    leftOut.push({ row: i + 1, kind: 'title', text: text.slice(0, 120) });
  });
  return { leftOut, unitRow };
}

const scoreRecords = (records: string[][]) => Math.max(0, ...records.map(headerScore));

/** Rows of text cells (row 1 first) -> a unit loaded through CSV text. */
function textRowsUnit(name: string, fileName: string, sheet: string | null, format: SourceFormat, rows: string[][]): FileUnit {
  const pick = format === 'arrow' ? { index: 0, header: rows[0] ?? [], rows: 1 } : pickHeader(rows.slice(0, 12).map((r) => r ?? []));
  const h = pick.index;
  const data = rows.slice(h + 1);
  let width = pick.header.length;
  for (const r of data) if (r.length > width) width = r.length;
  const header = Array.from({ length: width }, (_, i) => (pick.header[i] ?? '').trim());
  const titles = titleRows(rows, h + 1 - pick.rows);
  const text = toCsvText(header, data);
  return {
    name,
    fileName,
    sheet,
    format,
    headerRow: h + 1,
    records: data.length,
    malformed: [],
    header,
    notes: [],
    ...titles,
    fatal: null,
    load: (db, table) => db.loadCsvText(table, text)
  };
}

function csvUnit(file: { name: string; bytes: Uint8Array }): FileUnit {
  const decoded = decodeText(file.bytes);
  if (!/[^\s,;\ufeff]/.test(decoded.text)) return unsupported(file.name, 'csv', '文件是空的（没有任何内容）。', 'the file is empty (nothing in it).');
  const { encoding, lossy } = decoded;
  const delimiter = sniffDelimiter(decoded.text, scoreRecords);
  const text = delimiter === ',' ? decoded.text : toCommaSeparated(decoded.text, delimiter);
  let records: string[][] = [];
  const layout = layoutCsv(text, (first) => pickHeader((records = first)));
  const notes: Note[] = [];
  const titles = titleRows(records, layout.headerRow - 1);
  const below: LeftOutRow[] = layout.leftOut.map((l) => ({ ...l }));
  if (lossy) notes.push({ code: 'encoding_replaced' });
  return {
    name: file.name,
    fileName: file.name,
    sheet: null,
    format: 'csv',
    encoding,
    headerRow: layout.headerRow,
    records: layout.records,
    malformed: layout.malformed,
    header: layout.header,
    notes,
    leftOut: [...titles.leftOut, ...below],
    unitRow: titles.unitRow,
    ...(delimiter === ',' ? {} : { delimiter }),
    fatal: layout.unclosedQuoteRow === null ? null : { code: 'malformed_csv', row: layout.unclosedQuoteRow },
    load: (db, table) => db.loadCsvText(table, layout.text)
  };
}

export async function readInput(file: { name: string; bytes: Uint8Array }): Promise<FileUnit[]> {
  const format = sniffFormat(file.name, file.bytes);
  switch (format) {
    case 'csv':
      try {
        return [csvUnit(file)];
      } catch (e) {
        // A JavaScript string holds at most ~512 M characters: bigger text files cannot be decoded whole.
        return [unsupported(file.name, 'csv', `文本无法读取（${(e as Error).message}）；超过约 500 MB 的 CSV 请另存为 Parquet。`, `the text cannot be read (${(e as Error).message}); save CSV files over about 500 MB as Parquet.`)];
      }
    case 'parquet':
      return [
        {
          name: file.name,
          fileName: file.name,
          sheet: null,
          format,
          headerRow: 1,
          records: null,
          malformed: [],
          header: null,
          notes: [],
          leftOut: [],
          unitRow: null,
          fatal: null,
          load: (db, table) => db.loadParquet(table, file.bytes)
        }
      ];
    case 'xlsx': {
      const { readXlsx } = await import('./xlsx.ts');
      let sheets;
      try {
        sheets = await readXlsx(file.bytes);
      } catch (e) {
        return [unsupported(file.name, 'xlsx', `不是有效的 .xlsx 工作簿（${(e as Error).message}）。请在 Excel 中重新保存为 .xlsx。`, `not a valid .xlsx workbook (${(e as Error).message}). Save it again as .xlsx from Excel.`)];
      }
      return sheets
        .filter((s) => s.rows.some((r) => r.some((v) => v.trim() !== '')))
        .map((s) => textRowsUnit(`${file.name} › ${s.sheet}`, file.name, s.sheet, 'xlsx', s.rows));
    }
    case 'arrow': {
      const { readArrowIpc } = await import('./arrow-ipc.ts');
      try {
        const { header, rows } = readArrowIpc(file.bytes);
        return [textRowsUnit(file.name, file.name, null, 'arrow', [header, ...rows])];
      } catch (e) {
        return [unsupported(file.name, 'arrow', `Arrow/Feather 文件无法读取（${(e as Error).message}；压缩的 Feather 不受支持）。请另存为 Parquet 或 CSV。`, `the Arrow/Feather file cannot be read (${(e as Error).message}; compressed Feather is not supported). Save it as Parquet or CSV.`)];
      }
    }
    case 'xls':
      return [unsupported(file.name, 'xlsx', '这是旧版 Excel 97-2003（.xls）文件，不受支持。请在 Excel 中另存为 .xlsx 或“CSV UTF-8”。', 'this is an old Excel 97-2003 (.xls) file, which is not supported. Save it from Excel as .xlsx or "CSV UTF-8".')];
    case 'binary':
      return [unsupported(file.name, 'csv', '这不是文本文件（CSV），也不是 .xlsx、Parquet 或 Arrow 文件。', 'it is neither a text (CSV) file nor an .xlsx, Parquet or Arrow file.')];
  }
}
