/**
 * How one file's rows become contract rows: for every mapped column an inline SQL expression for its
 * typed value and for its error and warning codes, over the file's row view (`src`, columns c0, c1, ...).
 * Nothing is materialised per row. Three ways to read a column, cheapest first:
 *   typed        a Parquet column whose type fits (DECIMAL(18,2) money, DATE...): used as it is;
 *   dictionary   periods, flags, codes, dates, kinds: checked once per distinct value; when every value
 *                is already canonical the column is only cast, else rows join their value's verdict;
 *   per row      amounts and ids read from text (CSV, XLSX): parsed in place.
 */
import { ident, type Db } from '../db/types.ts';
import { SQL_TYPE, type ColumnSpec, type TableSpec } from './contract.ts';
import { cleanSql, isCategorical, requiredSql, textCellSql, typedCellSql, type CellSql } from './column-sql.ts';
import { ROW_CHECKS } from './row-checks.ts';
import { valueAliases } from './value-aliases.ts';

export interface MappedColumn {
  column: ColumnSpec;
  /** Position in the file (the view's column c<index>). */
  index: number;
  /** Header as written. */
  source: string;
  /** DuckDB type of the source column (VARCHAR for text formats). */
  type: string;
  /** A text column with no cell to trim or empty out (then it is read as it is). */
  clean: boolean;
}

export interface ExtraColumn {
  index: number;
  source: string;
  type: string;
}

/** One place a finding can come from: an SQL expression giving a code (NULL = no finding). */
export interface Check {
  slot: number;
  code: string;
  /** Position and header of the source column whose value the issue shows. */
  sourceIndex: number;
  source: string;
  /** A contract column whose stored value the message quotes, under `key`. */
  detail?: { key: string; column: string };
  staticDetail?: Record<string, string | number>;
}

export interface UnitPlan {
  /** FROM clause giving the file's rows (alias `src`) and the dictionaries they join. */
  from: string;
  /** Typed value of each contract column the file has. */
  values: Map<string, string>;
  /** Extra columns as text. */
  extras: { index: number; source: string; sql: string }[];
  checks: Check[];
  /**
   * The firm id column, for the check against the enterprises (slot: its findings' slot); `when`: the
   * rows whose id names a firm (tables with a recipient column), `detail` for the message.
   */
  firm: { index: number; source: string; value: string; slot: number; when: string | null; detail?: Record<string, string> } | null;
  /** Tables made for the plan (dictionaries), to drop at the end. */
  tables: string[];
  /**
   * Every column is stored as it is in the file (same type, nothing to clean): the file's table can
   * become the canonical table by renaming, without copying millions of rows.
   */
  passThrough: boolean;
}

export const srcColumn = (index: number) => ident(`c${index}`);

/** Said with a malformed id in a table whose rows may name townships or departments instead of firms. */
const RECIPIENT_HINT = {
  recipientZh: '；如受奖对象是乡镇或部门，请在「单位类型」列填写 乡镇 或 部门',
  recipientEn: ' If the recipient is a township or a department, say so in the recipient_kind column (township, department).'
};
const ref = (index: number) => `src.${srcColumn(index)}`;

/**
 * Checks a categorical column once per distinct value; returns how rows read it. Built in small steps
 * (distinct values, cleaned, verdicts): on a small table that is cheap, and it keeps each statement's
 * expressions small (DuckDB spends long planning one huge nested expression).
 */
async function dictionaryCell(db: Db, table: TableSpec, m: MappedColumn, src: string, name: string, joins: string[], tables: string[]): Promise<CellSql> {
  const raw = m.type === 'VARCHAR' ? ref(m.index) : `CAST(${ref(m.index)} AS VARCHAR)`;
  const cell = textCellSql(m.column, table.name, 's', { cleaned: true });
  const target = SQL_TYPE[m.column.kind];
  const cleaned = `${name}_s`;
  tables.push(name);
  // one batch (in the browser each call is a round trip to DuckDB's worker), still three small statements
  await db.exec(
    [
      `CREATE OR REPLACE TABLE ${ident(cleaned)} AS SELECT raw, ${cleanSql('raw')} AS s FROM (SELECT DISTINCT ${raw} AS raw FROM ${ident(src)} AS src)`,
      `CREATE OR REPLACE TABLE ${ident(name)} AS SELECT raw, ${cell.value} AS v, ${cell.error ?? 'NULL'} AS e, ${cell.warning ?? 'NULL'} AS w FROM ${ident(cleaned)}`,
      `DROP TABLE ${ident(cleaned)}`
    ].join(';\n')
  );
  const [{ dirty }] = await db.query<{ dirty: number }>(
    `SELECT count(*) AS dirty FROM ${ident(name)} WHERE raw IS NOT NULL AND (e IS NOT NULL OR w IS NOT NULL OR v IS DISTINCT FROM TRY_CAST(raw AS ${target}))`
  );
  if (!Number(dirty)) return { value: m.type === target ? raw : `TRY_CAST(${raw} AS ${target})`, error: requiredSql(m.column, raw), warning: null };
  const alias = `d${m.index}`;
  joins.push(`LEFT JOIN ${ident(name)} AS ${alias} ON ${alias}.raw = ${raw}`);
  const empty = m.column.required ? "'empty_required'" : 'NULL';
  return { value: `${alias}.v`, error: `CASE WHEN ${raw} IS NULL THEN ${empty} ELSE ${alias}.e END`, warning: `${alias}.w` };
}

export async function planUnit(
  db: Db,
  unit: number,
  src: string,
  table: TableSpec,
  mapped: MappedColumn[],
  extras: ExtraColumn[],
  enterprisesLoaded: boolean
): Promise<UnitPlan> {
  const joins: string[] = [];
  const tables: string[] = [];
  const values = new Map<string, string>();
  const checks: Check[] = [];
  // Outside the enterprises table an id is checked against the loaded enterprises (one join) instead
  // of per row; the format is then checked only for the ids that are not there.
  const firmFormat = table.name === 'enterprises' || !enterprisesLoaded;
  // Where a recipient column says who firm_id names, only firms' ids are checked as USCCs (a township
  // is named by its name); the condition is known once every column is planned.
  const recipient = table.recipientColumn ? mapped.find((m) => m.column.name === table.recipientColumn) : undefined;
  let isFirm: string | null = null;
  let firmCheck: { check: Check; otherwise: string | null } | null = null;

  for (const m of mapped) {
    const typed = m.type === 'VARCHAR' ? null : typedCellSql(m.column, ref(m.index), m.type);
    const raw = m.type === 'VARCHAR' ? ref(m.index) : `CAST(${ref(m.index)} AS VARCHAR)`;
    const cell =
      typed ??
      (isCategorical(m.column, table.name)
        ? await dictionaryCell(db, table, m, src, `__ingest_dict_${unit}_${m.index}`, joins, tables)
        : textCellSql(m.column, table.name, raw, { firmFormat, cleaned: m.clean }));
    values.set(m.column.name, cell.value);
    const at = { sourceIndex: m.index, source: m.source };
    const known = valueAliases(table.name, m.column.name)?.known;
    if (cell.error && m.column.kind === 'firm_id' && table.recipientColumn) {
      const check: Check = { slot: checks.length, code: cell.error, ...at, staticDetail: RECIPIENT_HINT };
      checks.push(check);
      firmCheck = { check, otherwise: textCellSql(m.column, table.name, raw, { firmFormat: false, cleaned: m.clean }).error };
    } else if (cell.error) checks.push({ slot: checks.length, code: cell.error, ...at, ...(known ? { staticDetail: { known: known.join(', ') } } : {}) });
    if (cell.warning) {
      checks.push({
        slot: checks.length,
        code: cell.warning,
        ...at,
        detail: { key: 'stored', column: m.column.name },
        staticDetail: { scale: m.column.kind === 'number' ? 4 : 2, known: known ? known.join(', ') : '' }
      });
    }
  }

  if (recipient) {
    isFirm = `(COALESCE(${values.get(recipient.column.name)}, 'firm') = 'firm')`;
    if (firmCheck) firmCheck.check.code = `CASE WHEN ${isFirm} THEN ${firmCheck.check.code} ELSE ${firmCheck.otherwise ?? 'NULL'} END`;
  }

  const byName = new Map(mapped.map((m) => [m.column.name, m]));
  for (const c of ROW_CHECKS.filter((c) => c.table === table.name)) {
    const anchor = byName.get(c.anchor);
    if (!anchor || !byName.has(c.detail.column)) continue;
    checks.push({
      slot: checks.length,
      code: `CASE WHEN ${c.when((n) => values.get(n)!)} THEN '${c.code}' END`,
      sourceIndex: anchor.index,
      source: anchor.source,
      detail: c.detail
    });
  }

  const firmColumn = table.refersToFirms && !firmFormat ? byName.get('firm_id') : undefined;
  const passThrough =
    !joins.length &&
    mapped.every((m) => values.get(m.column.name) === ref(m.index) && m.type === SQL_TYPE[m.column.kind]) &&
    extras.every((x) => x.type === 'VARCHAR');
  return {
    from: [`${ident(src)} AS src`, ...joins].join(' '),
    values,
    extras: extras.map((x) => ({ index: x.index, source: x.source, sql: x.type === 'VARCHAR' ? ref(x.index) : `CAST(${ref(x.index)} AS VARCHAR)` })),
    checks,
    firm: firmColumn
      ? { index: firmColumn.index, source: firmColumn.source, value: values.get('firm_id')!, slot: checks.length, when: isFirm, ...(table.recipientColumn ? { detail: RECIPIENT_HINT } : {}) }
      : null,
    tables,
    passThrough
  };
}
