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
}

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
function scanRecord(text: string, start: number, want: number, c: Cursor, values: string[] | null): void {
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
      if (k < n && text.charCodeAt(k) !== COMMA && text.charCodeAt(k) !== NEWLINE) {
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
        if (ch === COMMA || ch === NEWLINE) break;
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
export function firstRecords(text: string, max: number): { values: string[]; start: number }[] {
  const out: { values: string[]; start: number }[] = [];
  const c = newCursor();
  let i = 0;
  while (i < text.length && out.length < max) {
    const values: string[] = [];
    scanRecord(text, i, 0, c, values);
    out.push({ values, start: i });
    if (c.unclosed) break;
    i = c.end;
  }
  return out;
}

/** Normalises line endings; `pickHeader` chooses the header among the first records (index). */
export function layoutCsv(input: string, pickHeader: (records: string[][]) => number): CsvLayout {
  const text = input.includes('\r') ? input.replace(/\r\n?/g, '\n') : input;
  const head = firstRecords(text, 12);
  const headerIndex = head.length ? Math.max(0, Math.min(pickHeader(head.map((r) => r.values)), head.length - 1)) : 0;
  const headerStart = head[headerIndex]?.start ?? 0;
  const header = head[headerIndex]?.values.map((v) => v.trim()) ?? [];
  const want = Math.max(header.length, 1);
  // A record may stop before trailing columns that have no header (Excel's extra commas): padded.
  let least = want;
  while (least > 1 && !header[least - 1]) least--;
  const headerRow = headerIndex + 1;

  const c = newCursor();
  const pieces: string[] = [];
  let copiedTo = headerStart;
  const malformed: CsvLayout['malformed'] = [];
  let unclosedQuoteRow: number | null = null;
  let records = 0;
  scanRecord(text, headerStart, 0, c, null);
  if (c.unclosed) unclosedQuoteRow = headerRow;
  let i = c.end;
  const emptyRecord = ','.repeat(want - 1);
  const replace = (from: number, to: number, by: string) => {
    pieces.push(text.slice(copiedTo, from), by);
    copiedTo = to;
  };
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
      malformed.push({ row, fields: c.fields });
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
  return { text: out, headerRow, header, records, malformed, unclosedQuoteRow };
}
