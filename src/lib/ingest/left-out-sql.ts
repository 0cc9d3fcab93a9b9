/**
 * Rows below the header that are not data: totals (合计 / 小计 rows: a total word in a cell, no firm id)
 * and notes (the first filled cell starts 注：, 数据来源：…, no firm id). Found in SQL over a file's rows,
 * listed (up to ISSUE_CAP per kind) and counted; the caller keeps them out of the file's rows.
 */
import { ident, literal, type Db } from '../db/types.ts';
import type { TableName } from './contract.ts';
import { usccFormatSql } from './column-sql.ts';
import { ISSUE_CAP } from './findings.ts';
import { leftOutMessage } from './messages.ts';
import type { LeftOutRow } from './read-file.ts';
import type { LeftOut } from './report.ts';
import { srcColumn } from './unit-plan.ts';

/** SQL (RE2) twins of csv-layout's TOTAL_LINE and NOTE_LINE, for cells. */
const TOTAL_CELL = '^[^0-9]{0,12}(合[ 　]*计|总[ 　]*计|小[ 　]*计|共[ 　]*计)[^0-9]{0,16}$';
const NOT_TOTAL = '公司|有限|集团|厂$|合作社';
const NOTE_CELL =
  '^(注|备注|说明|附注|数据来源|资料来源|来源|填报单位|填表单位|填报人|填表人|制表人|制表|审核人|审核|单位负责人|统计负责人|负责人|联系电话|联系人|报出日期|填报日期|填表日期|计量单位|金额单位|单位)[ 　]*[0-9]*[ 　]*[:：]|^注[ 　]*[0-9]';

/**
 * Writes the row numbers of the left-out rows of view `src` into table `name` and returns them listed and
 * counted, or null when there are none. `types`: the source columns' types; `firmIndex`: the source column
 * mapped to firm_id (a row with a valid id is always data).
 */
export async function findLeftOut(db: Db, src: string, name: string, types: string[], firmIndex: number | null): Promise<{ listed: LeftOutRow[]; count: number } | null> {
  const text = types.map((t, i) => (t === 'VARCHAR' ? i : -1)).filter((i) => i >= 0);
  if (!text.length) return null;
  const cell = (i: number) => `trim(${srcColumn(i)}, ' \t\r\n\u00a0\u3000\ufeff')`;
  const id = firmIndex === null ? null : types[firmIndex] === 'VARCHAR' ? srcColumn(firmIndex) : `CAST(${srcColumn(firmIndex)} AS VARCHAR)`;
  // cheap on millions of rows: a length first (a padded real id only reaches the CASE, which keeps it)
  const bad = (v: string) => `(${v} IS NULL OR length(${v}) <> 18 OR NOT ${usccFormatSql(v)})`;
  const idBad = id === null ? 'true' : bad(id);
  // A row with a well-formed id is data: when no distinct id is malformed (a clean file, where ids repeat
  // across quarters), no row is looked at (1,000,000 quarterly rows in DuckDB-WASM: 124 ms -> 30-60 ms). A
  // FILTER, not a WHERE: DuckDB would push a WHERE below the DISTINCT, onto every row.
  if (id !== null) {
    const [{ n }] = await db.query<{ n: number }>(`SELECT count(*) FILTER (WHERE ${bad('id')}) AS n FROM (SELECT DISTINCT ${id} AS id FROM ${ident(src)})`);
    if (!Number(n)) return null;
  }
  const total = text.map((i) => `(regexp_matches(${cell(i)}, ${literal(TOTAL_CELL)}) AND NOT regexp_matches(${cell(i)}, ${literal(NOT_TOTAL)}))`).join(' OR ');
  const first = text.length === 1 ? cell(text[0]) : `coalesce(${text.map((i) => `nullif(${cell(i)}, '')`).join(', ')})`;
  const shown = `concat_ws(' ', ${text.map((i) => `nullif(${cell(i)}, '')`).join(', ')})`;
  // Rows without a well-formed firm id first, then the patterns on those only.
  await db.exec(`CREATE OR REPLACE TABLE ${ident(name)} AS SELECT * FROM ${ident(src)} AS src WHERE ${idBad}`);
  const [{ n }] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${ident(name)}`);
  if (!Number(n)) return null;
  await db.exec(
    `CREATE OR REPLACE TABLE ${ident(name)} AS SELECT "row", kind, text FROM (SELECT src."__row" AS "row", ` +
      `CASE WHEN ${total} THEN 'total' WHEN regexp_matches(${first}, ${literal(NOTE_CELL)}) THEN 'note' END AS kind, left(${shown}, 120) AS text ` +
      `FROM ${ident(name)} AS src) WHERE kind IS NOT NULL`
  );
  const [{ c }] = await db.query<{ c: number }>(`SELECT count(*) AS c FROM ${ident(name)}`);
  if (!Number(c)) return null;
  const listed = await db.query<{ row: number; kind: 'total' | 'note'; text: string }>(
    `SELECT "row", kind, text FROM (SELECT *, row_number() OVER (PARTITION BY kind ORDER BY "row") AS rn FROM ${ident(name)}) WHERE rn <= ${ISSUE_CAP} ORDER BY "row"`
  );
  return { listed: listed.map((l) => ({ row: Number(l.row), kind: l.kind, text: l.text })), count: Number(c) };
}

/** A file's left-out rows as the load report lists them, in row order, each with its sentence. */
export function leftOutReport(file: string, table: TableName | null, unitRow: string | null, rows: LeftOutRow[]): LeftOut[] {
  return [...rows]
    .sort((a, b) => a.row - b.row)
    .map((l) => ({ file, table, row: l.row, kind: l.kind, text: l.text, message: leftOutMessage(l.kind, { file, row: l.row, text: l.text, unit: l.kind === 'title' ? unitRow : null }) }));
}
