/**
 * Checks the record structure of CSV text before DuckDB reads it, and repairs what DuckDB's reader would
 * otherwise get wrong without a word: it skips blank lines (shifting every later row number), treats a
 * line starting with '#' as a comment and drops it, and gives up on the whole file (or silently drops
 * rows) when one record has the wrong number of fields. Records are replaced, never removed, so DuckDB's
 * row order still gives the row numbers users see.
 */

export interface CsvLayout {
  /** CSV text for DuckDB: starts at the header record, every record has the header's field count. */
  text: string;
  /** 1-based record number of the header in the file (records above it are titles). */
  headerRow: number;
  header: string[];
  /** Data records after the header, blank ones included. */
  records: number;
  /** Row numbers (as in the file) of records that cannot be read as a row of the table; emptied in `text`. */
  malformed: { row: number; fields: number }[];
  /** Row number where a quoted field opens and never closes (the rest of the file is unreadable). */
  unclosedQuoteRow: number | null;
  /** Short records that are a note or total line ("注：…", "合计" with no trailing commas): emptied, reported as left out. */
  leftOut: { row: number; kind: 'total' | 'note'; text: string }[];
  /** Header records: the header row and, for a header split over two rows, the row above it. */
  headerRows: number;
}

/** A header chosen among the first records: its index, and the header itself when merged from two rows. */
export type HeaderPick = number | { index: number; header: string[]; rows: number };

const COMMA = 44;
const QUOTE = 34;
const NEWLINE = 10;
const SPACE = 32;
const HASH = 35;

/** Mutable scan state, reused for every record so a million rows allocate nothing. */
interface Cursor {
  end: number; // index just past the record (past its '\n')
  contentEnd: number; // index of the record's '\n' (or text length)
  fields: number;
  lastFilled: number; // 1-based index of the last non-empty field, 0 if none
  cutAt: number; // index of the comma that ends field `want` (-1 when there are not that many)
  firstFieldEnd: number;
  badQuote: boolean;
  unclosed: boolean;
}

/** Scans one record from `start`; collects field values into `values` when given. */
function scanRecord(text: string, start: number, want: number, c: Cursor, values: string[] | null, delim = COMMA): void {
  const n = text.length;
  let i = start;
  c.fields = 1;
  c.lastFilled = 0;
  c.cutAt = -1;
  c.firstFieldEnd = -1;
  c.badQuote = false;
  c.unclosed = false;
  for (;;) {
    let j = i;
    while (j < n && text.charCodeAt(j) === SPACE) j++;
    let filled = false;
    if (j < n && text.charCodeAt(j) === QUOTE) {
      const open = j;
      let k = j + 1;
      for (;;) {
        const q = text.indexOf('"', k);
        if (q < 0) {
          c.unclosed = true;
          c.contentEnd = c.end = n;
          return;
        }
        if (text.charCodeAt(q + 1) === QUOTE) {
          k = q + 2;
          continue;
        }
        k = q + 1;
        break;
      }
      filled = k - open > 2;
      if (values) values.push(text.slice(open + 1, k - 1).replaceAll('""', '"'));
      while (k < n && text.charCodeAt(k) === SPACE) k++;
      if (k < n && text.charCodeAt(k) !== delim && text.charCodeAt(k) !== NEWLINE) {
        // Text after a closing quote: DuckDB rejects the file, so the record is malformed.
        c.badQuote = true;
        const nl = text.indexOf('\n', k);
        k = nl < 0 ? n : nl;
      }
      i = k;
    } else {
      let k = i;
      for (; k < n; k++) {
        const ch = text.charCodeAt(k);
        if (ch === delim || ch === NEWLINE) break;
        if (ch !== SPACE && ch !== 13) filled = true;
      }
      if (values) values.push(text.slice(i, k));
      i = k;
    }
    if (filled) c.lastFilled = c.fields;
    if (c.fields === 1) c.firstFieldEnd = i;
    if (i >= n || text.charCodeAt(i) === NEWLINE) {
      c.contentEnd = i;
      c.end = i < n ? i + 1 : n;
      return;
    }
    if (c.fields === want) c.cutAt = i;
    i++;
    c.fields++;
  }
}

function newCursor(): Cursor {
  return { end: 0, contentEnd: 0, fields: 0, lastFilled: 0, cutAt: -1, firstFieldEnd: -1, badQuote: false, unclosed: false };
}

/** The first `max` records as field values (for choosing the header row), with their start offsets. */
export function firstRecords(text: string, max: number, delim = ','): { values: string[]; start: number }[] {
  const out: { values: string[]; start: number }[] = [];
  const c = newCursor();
  const d = delim.charCodeAt(0);
  let i = 0;
  while (i < text.length && out.length < max) {
    const values: string[] = [];
    scanRecord(text, i, 0, c, values, d);
    out.push({ values, start: i });
    if (c.unclosed) break;
    i = c.end;
  }
  return out;
}

/** Normalises line endings; `pickHeader` chooses the header among the first records (index). */
export function layoutCsv(input: string, pickHeader: (records: string[][]) => HeaderPick): CsvLayout {
  const text = input.includes('\r') ? input.replace(/\r\n?/g, '\n') : input;
  const head = firstRecords(text, 12);
  const pick = head.length ? pickHeader(head.map((r) => r.values)) : 0;
  const picked = typeof pick === 'number' ? { index: pick, header: null, rows: 1 } : pick;
  const headerIndex = head.length ? Math.max(0, Math.min(picked.index, head.length - 1)) : 0;
  const headerRows = headerIndex === picked.index ? picked.rows : 1;
  // A header over two rows starts at the upper one: DuckDB reads that record as its header, and the
  // lower one becomes an empty record (dropped as blank), so row numbers stay as in the file.
  const headerStart = head[headerIndex - headerRows + 1]?.start ?? 0;
  const header = (headerIndex === picked.index && picked.header) || (head[headerIndex]?.values.map((v) => v.trim()) ?? []);
  const want = Math.max(header.length, 1);
  // A record may stop before trailing columns that have no header (Excel's extra commas): padded.
  let least = want;
  while (least > 1 && !header[least - 1]) least--;
  const headerRow = headerIndex + 2 - headerRows;

  const c = newCursor();
  const pieces: string[] = [];
  let copiedTo = headerStart;
  const malformed: CsvLayout['malformed'] = [];
  let unclosedQuoteRow: number | null = null;
  let records = 0;
  const leftOut: CsvLayout['leftOut'] = [];
  const emptyRecord = ','.repeat(want - 1);
  const replace = (from: number, to: number, by: string) => {
    pieces.push(text.slice(copiedTo, from), by);
    copiedTo = to;
  };
  scanRecord(text, headerStart, 0, c, null);
  if (c.unclosed) unclosedQuoteRow = headerRow;
  if (headerRows > 1 && !c.unclosed) {
    // the merged header replaces the upper record; the lower one is emptied
    replace(headerStart, c.contentEnd, header.map(quoteField).join(','));
    const lower = c.end;
    scanRecord(text, lower, 0, c, null);
    records++;
    if (c.unclosed) unclosedQuoteRow = headerRow + 1;
    else replace(lower, c.contentEnd, emptyRecord);
  }
  let i = c.end;
  while (unclosedQuoteRow === null && i < text.length) {
    const start = i;
    scanRecord(text, start, want, c, null);
    records++;
    const row = headerRow + records;
    if (c.unclosed) {
      unclosedQuoteRow = row;
      break;
    }
    const blank = c.fields === 1 && c.lastFilled === 0;
    if (blank) {
      if (want > 1) replace(start, c.contentEnd, emptyRecord);
    } else if (c.badQuote || c.fields < least || (c.fields > want && c.lastFilled > want)) {
      const line = c.badQuote || c.fields >= least ? null : leftOutLine(text, start);
      if (line) leftOut.push({ row, ...line });
      else malformed.push({ row, fields: c.fields });
      replace(start, c.contentEnd, emptyRecord);
    } else if (c.fields !== want || text.charCodeAt(start) === HASH) {
      // Trailing empty fields beyond the header are cut off, missing ones under unnamed columns added;
      // a first field starting with '#' is quoted so it is not read as a comment.
      let body = text.slice(start, c.fields > want ? c.cutAt : c.contentEnd) + ','.repeat(Math.max(0, want - c.fields));
      if (text.charCodeAt(start) === HASH) {
        const first = c.firstFieldEnd - start;
        body = '"' + body.slice(0, first).replaceAll('"', '""') + '"' + body.slice(first);
      }
      replace(start, c.contentEnd, body);
    }
    i = c.end;
  }
  const out = pieces.length ? pieces.join('') + text.slice(copiedTo) : headerStart ? text.slice(headerStart) : text;
  return { text: out, headerRow, header, records, malformed, unclosedQuoteRow, leftOut, headerRows };
}

const quoteField = (v: string) => (/[",\n\r]/.test(v) || v.startsWith('#') ? `"${v.replaceAll('"', '""')}"` : v);

/**
 * A record too short to be a row that is a note (its first filled field starts 注：, 数据来源：…) or a
 * total (合计 in one of its first fields, no firm id first): its filled fields as text, else null.
 */
function leftOutLine(text: string, start: number): { kind: 'total' | 'note'; text: string } | null {
  const values: string[] = [];
  scanRecord(text, start, 0, newCursor(), values);
  const filled = values.map((v) => v.trim()).filter(Boolean);
  if (!filled.length) return null;
  const total = values.slice(0, 3).some((v) => TOTAL_LINE.test(v.trim())) && !/^[0-9A-Z]{18}$/.test(values[0].trim());
  const shown = filled.join(' ').slice(0, 120);
  return total ? { kind: 'total', text: shown } : NOTE_LINE.test(filled[0]) ? { kind: 'note', text: shown } : null;
}

/** Notes bureaus write below (or above) a table: 注：…, 数据来源：…, 填报单位：…, 单位：万元. */
export const NOTE_LINE = /^\s*(注|备注|说明|附注|数据来源|资料来源|来源|填报单位|填表单位|填报人|填表人|制表人|制表|审核人|审核|单位负责人|统计负责人|负责人|联系电话|联系人|报出日期|填报日期|填表日期|计量单位|金额单位|单位)\s*\d*\s*[:：]|^\s*注\s*\d/;
/** Totals and subtotals: 合计, 总计, 小计, 共计, with a label around them (全市合计, 小计（朝阳区）); not firm names. */
export const TOTAL_LINE = /^[^0-9]{0,12}(合\s*计|总\s*计|小\s*计|共\s*计)[^0-9]{0,16}$/;

/**
 * The separator of a text file: comma unless tab, semicolon or '|' makes a better header among the first
 * records (the contract's column names are the test, so a comma inside a title does not decide it).
 */
export function sniffDelimiter(text: string, score: (records: string[][]) => number): ',' | '\t' | ';' | '|' {
  const probe = text.slice(0, 64 * 1024);
  let best: ',' | '\t' | ';' | '|' = ',';
  let bestScore = score(firstRecords(probe, 12).map((r) => r.values));
  for (const d of ['\t', ';', '|'] as const) {
    if (!probe.includes(d)) continue;
    const s = score(firstRecords(probe, 12, d).map((r) => r.values));
    if (s > bestScore) [best, bestScore] = [d, s];
  }
  return best;
}

/** Text separated by `delim` as comma-separated text (same records, same order). */
export function toCommaSeparated(input: string, delim: string): string {
  const text = input.includes('\r') ? input.replace(/\r\n?/g, '\n') : input;
  return firstRecords(text, Infinity, delim)
    .map((r) => r.values.map(quoteField).join(','))
    .join('\n');
}
