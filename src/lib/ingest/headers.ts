/**
 * Which canonical table a file holds, and which of its headers is which contract column.
 * Headers are compared after NFKC (full-width brackets and letters become ASCII), lower-casing and
 * removing white space and the '*' templates put on required columns.
 */
import { TABLES, type ColumnSpec, type TableName, type TableSpec } from './contract.ts';

export interface SourceColumn {
  /** Position in the file. */
  index: number;
  /** The header as written (trimmed). */
  source: string;
  /** Contract column it fills, or null (kept as an extra column). */
  target: string | null;
  /** Why a header that names a contract column does not fill it. */
  note?: { kind: 'duplicate'; of: string } | { kind: 'unit'; of: string; unit: string; expected: string };
}

export interface TableMatch {
  table: TableSpec;
  columns: SourceColumn[];
  missing: ColumnSpec[];
  matched: number;
}

export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/^[*※]+|[*※]+$/g, '');
}

/** Units a number column may carry in its header, e.g. 工业总产值（万元）. Other units are not converted. */
function unitsFor(column: ColumnSpec): string[] | null {
  if (column.kind === 'money_10k') return ['万元'];
  if (column.kind === 'money_usd') return ['美元', 'usd', 'us$', '$'];
  if (column.name === 'quantity') return null; // claims: persons, class hours, registrations ... by item
  if (column.name.endsWith('_kwh')) return ['千瓦时', 'kwh', 'kw·h', 'kw.h', 'kw-h', '度'];
  if (column.name.endsWith('_m3')) return ['立方米', 'm3', '方', '立方'];
  if (column.kind === 'count') return ['人', '个', '天', '日', '家'];
  if (column.kind === 'year') return ['年'];
  if (column.kind === 'quantity' || column.kind === 'number') return [];
  return null; // text-like columns: anything in brackets is a description
}

function namesOf(column: ColumnSpec): Set<string> {
  return new Set([column.name, ...column.aliases].map(normaliseHeader));
}

const NAMES = new Map<TableSpec, Map<ColumnSpec, Set<string>>>(
  TABLES.map((t) => [t, new Map(t.columns.map((c) => [c, namesOf(c)]))])
);

function lookup(spec: TableSpec, header: string): { column: ColumnSpec; unit?: string; unitOk: boolean } | null {
  const h = normaliseHeader(header);
  if (!h) return null;
  const names = NAMES.get(spec)!;
  for (const [column, set] of names) if (set.has(h)) return { column, unitOk: true };
  const bracket = /^(.+?)\((.+)\)$/.exec(h);
  if (!bracket) return null;
  const [, base, unit] = bracket;
  for (const [column, set] of names) {
    if (!set.has(base)) continue;
    const units = unitsFor(column);
    return { column, unit, unitOk: units === null || units.includes(unit) };
  }
  return null;
}

export function matchTable(spec: TableSpec, headers: string[]): TableMatch {
  const taken = new Map<string, string>();
  const columns: SourceColumn[] = headers.map((source, index) => {
    const hit = lookup(spec, source);
    if (!hit) return { index, source, target: null };
    const name = hit.column.name;
    if (!hit.unitOk) {
      const expected = unitsFor(hit.column)?.[0] ?? '';
      return { index, source, target: null, note: { kind: 'unit', of: name, unit: hit.unit!, expected } };
    }
    if (taken.has(name)) return { index, source, target: null, note: { kind: 'duplicate', of: taken.get(name)! } };
    taken.set(name, source);
    return { index, source, target: name };
  });
  const missing = spec.columns.filter((c) => c.required && !taken.has(c.name));
  return { table: spec, columns, missing, matched: taken.size };
}

/** How much a record looks like a header row: the most contract columns it names for any one table. */
export function headerScore(record: string[]): number {
  if (!record.length) return 0;
  return Math.max(...TABLES.map((t) => matchTable(t, record).matched));
}

/** Index of the header among the first records of a sheet or CSV (title rows above it are skipped). */
export function pickHeaderRow(records: string[][]): number {
  let best = -1;
  let bestScore = 0;
  records.forEach((r, i) => {
    const s = headerScore(r);
    if (s > bestScore) [best, bestScore] = [i, s];
  });
  if (best >= 0) return best;
  const firstFilled = records.findIndex((r) => r.some((v) => v.trim() !== ''));
  return Math.max(firstFilled, 0);
}

function hintedTables(name: string): Set<TableName> {
  const n = normaliseHeader(name);
  return new Set(TABLES.filter((t) => t.fileHints.some((h) => n.includes(normaliseHeader(h)))).map((t) => t.name));
}

/**
 * The table a file holds: names in the sheet (else file) name narrow the choice, headers decide it.
 * A table whose required columns are all present beats a hinted one that lacks some; with no complete
 * table, the hinted or best-matching one is returned with what it misses (`null`: nothing fits).
 */
export function chooseTable(fileName: string, sheetName: string | null, headers: string[]): TableMatch | null {
  const matches = TABLES.map((t) => matchTable(t, headers));
  const sheetHints = sheetName ? hintedTables(sheetName) : new Set<TableName>();
  const hints = sheetHints.size ? sheetHints : hintedTables(fileName.replace(/\.[^.]*$/, ''));
  const best = (list: TableMatch[]) => list.reduce<TableMatch | null>((a, m) => (!a || m.matched > a.matched ? m : a), null);
  const complete = matches.filter((m) => m.matched > 0 && !m.missing.length);
  // a workbook's name hints at its data sheets, not at a notes sheet that names no column at all
  const hinted = matches.filter((m) => hints.has(m.table.name) && (m.matched > 0 || !sheetName || sheetHints.size > 0));
  const choice =
    best(complete.filter((m) => hints.has(m.table.name))) ??
    best(complete) ??
    best(hinted) ??
    best(matches.filter((m) => m.matched >= 2));
  return choice;
}

/** Unit words a header row below the names may hold (工业总产值 over 万元). */
const UNIT_CELL = /^[（(]?(万元|元|千元|亿元|百万元|美元|人|个|家|天|日|年|千瓦时|万千瓦时|kwh|立方米|万立方米|m3|方)[）)]?$/i;

const namesColumn = (h: string) => TABLES.some((t) => lookup(t, h) !== null);

/**
 * One header from two rows (a header split over two rows, or merged cells): a name in the lower row
 * wins, a unit under a name is added in brackets, a name over an empty cell (a cell merged down) is kept.
 */
export function mergeHeaderRows(upper: string[], lower: string[]): string[] {
  const width = Math.max(upper.length, lower.length);
  return Array.from({ length: width }, (_, i) => {
    const u = (upper[i] ?? '').trim();
    const l = (lower[i] ?? '').trim();
    if (!l) return u;
    if (!u || u === l || namesColumn(l)) return l;
    if (namesColumn(u) && UNIT_CELL.test(l)) return `${u}（${l.replace(/^[（(]|[）)]$/g, '')}）`;
    if (namesColumn(u + l)) return u + l;
    return namesColumn(u) ? u : l;
  });
}

/**
 * The header among the first records: the best single row, or two rows merged when together they name
 * more contract columns (then `index` is the lower row and `rows` 2).
 */
export function pickHeader(records: string[][]): { index: number; header: string[]; rows: number } {
  const index = pickHeaderRow(records);
  const single = (records[index] ?? []).map((v) => v.trim());
  let best = { index, header: single, rows: 1, score: headerScore(single) };
  for (const [u, l] of [[index - 1, index], [index, index + 1]]) {
    if (u < 0 || l >= records.length || !records[u]?.length || !records[l]?.length) continue;
    const merged = mergeHeaderRows(records[u], records[l]);
    const score = headerScore(merged);
    // a row of units under the names (万元, 人) is part of the header even when it names nothing new
    const units = l === index + 1 && records[l].some((v) => v.trim()) && records[l].every((v) => !v.trim() || UNIT_CELL.test(v.trim()));
    if (score > best.score || (units && score === best.score)) best = { index: l, header: merged, rows: 2, score };
  }
  return { index: best.index, header: best.header, rows: best.rows };
}
