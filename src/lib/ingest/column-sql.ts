/**
 * SQL that reads one contract column from users' cells: how a cell is cleaned, parsed, checked and
 * typed. Pure functions from SQL expressions to SQL text, so validation runs inside DuckDB (no per-row
 * JavaScript) and reads the same on both engines. Codes returned here are `Issue.code`s.
 *
 * Expressions are built inline (a parsed value appears several times in one SELECT): DuckDB computes
 * a repeated subexpression once, but re-evaluates it for every reference across nested subqueries
 * (measured 10x slower), so nothing here relies on subquery levels.
 */
import { SQL_TYPE, type ColumnSpec, type TableName } from './contract.ts';
import { usccCheckSql } from './uscc.ts';
import { aliasSql, valueAliases } from './value-aliases.ts';
import { literal } from '../db/types.ts';

/** Characters trimmed around every cell: spaces, tabs, no-break and ideographic spaces, stray BOMs. */
const WS = "' \t\n\r\u00a0\u3000\ufeff'";
/** Cells that mean "nothing here" in bureau spreadsheets. */
const EMPTY = `('', '-', '--', '—', '——', '－', '－－', '/', '／', '\\', '…', '...')`;
/** Cheap test for a cell needing trim(): trim with a character list costs ~15x a few LIKEs in DuckDB. */
const PADDED = [' ', '\t', '\u3000', '\u00a0'].flatMap((c) => [`LIKE '${c}%'`, `LIKE '%${c}'`]);

/** True for a cell that cleanSql would change: counted once per column, so clean columns skip it. */
export const needsCleaningSql = (raw: string) => `(${PADDED.map((like) => `${raw} ${like}`).join(' OR ')} OR ${raw} IN ${EMPTY})`;

/** The cell as text, trimmed, NULL when empty or a dash. */
export const cleanSql = (raw: string) =>
  `CASE WHEN ${PADDED.map((like) => `${raw} ${like}`).join(' OR ')} THEN (CASE WHEN trim(${raw}, ${WS}) IN ${EMPTY} THEN NULL ELSE trim(${raw}, ${WS}) END) ` +
  `WHEN ${raw} IN ${EMPTY} THEN NULL ELSE ${raw} END`;

/** Numbers are parsed into DECIMAL(18,6): DuckDB parses text into a 128-bit DECIMAL(38,x) ~100x slower. */
export const PARSED_NUMBER = 'DECIMAL(18,6)';

/** Full-width digits and signs (typed with a Chinese input method) as ASCII. */
const halfWidth = (s: string) => `translate(${s}, '０１２３４５６７８９．，－＋　', '0123456789.,-+ ')`;

/** Decimal text with thousands separators ("1,234.50") -> DECIMAL; NULL when not a number. */
const plainNumberSql = (s: string) =>
  `TRY_CAST(CASE WHEN contains(${s}, ',') THEN CASE WHEN regexp_full_match(${s}, '[+-]?\\d{1,3}(,\\d{3})+(\\.\\d*)?') ` +
  `THEN replace(${s}, ',', '') END ELSE ${s} END AS ${PARSED_NUMBER})`;

/**
 * Decimal text -> DECIMAL(18,6); NULL when not a number or not below 10^12. Plain numbers are cast
 * directly; only the rest is looked at again: thousands separators ("1,234.50"), full-width digits
 * ("１２３．４"), NaN and Infinity (refused). With `tenThousand` (万元 columns) a 万 / 万元 suffix is the
 * column's own unit and is dropped, and 亿 / 亿元 is converted to 万元 by moving the decimal point four
 * places in the text (exact, no arithmetic at all); a 元 amount is refused.
 */
export const numberSql = (s: string, tenThousand = false) => {
  const t = `replace(${halfWidth(s)}, ' ', '')`;
  if (!tenThousand) return `COALESCE(TRY_CAST(${s} AS ${PARSED_NUMBER}), CASE WHEN NOT regexp_matches(${s}, '[a-zA-Z]') THEN ${plainNumberSql(t)} END)`;
  const wan = `regexp_replace(${t}, '万元?$', '')`;
  const yi = `regexp_extract(${t}, '^([+-]?[0-9]+)(?:\\.([0-9]*))?亿元?$', ['i', 'f'])`;
  const shifted = `(${yi}.i || rpad(left(coalesce(${yi}.f, ''), 4), 4, '0') || '.' || substr(coalesce(${yi}.f, ''), 5))`;
  return (
    `COALESCE(TRY_CAST(${s} AS ${PARSED_NUMBER}), CASE WHEN regexp_matches(${s}, '[a-zA-Z]') THEN NULL ` +
    `WHEN regexp_matches(${t}, '亿元?$') THEN CASE WHEN regexp_full_match(${t}, '[+-]?[0-9]+(\\.[0-9]*)?亿元?') THEN TRY_CAST(${shifted} AS ${PARSED_NUMBER}) END ` +
    `ELSE ${plainNumberSql(wan)} END)`
  );
};

/** 2024Q1, 2024q1, 2024-Q1, 2024 Q1, Q1 2024, 2024年一季度, 2024年第1季度 -> '2024Q1'; NULL otherwise. */
export const periodSql = (s: string) => {
  const u = `upper(replace(translate(${s}, '０１２３４５６７８９ＱｑＱ－—～~至一二三四　第', '0123456789QQQ-----1234 '), ' ', ''))`;
  // 2024年1-3月 (exactly one quarter's months) is that quarter; other runs of months are refused
  const months = `regexp_extract(${u}, '^((?:19|20)\\d\\d)年0?(1-0?3|4-0?6|7-0?9|10-12)月(份)?$', ['y', 'm'])`;
  return (
    `CASE WHEN regexp_full_match(${u}, '(19|20)\\d\\d[-_/.]?Q[1-4]') THEN left(${u}, 4) || 'Q' || right(${u}, 1) ` +
    `WHEN regexp_full_match(${u}, '(19|20)\\d\\d年0?(1-0?3|4-0?6|7-0?9|10-12)月份?') THEN ${months}.y || 'Q' || ((TRY_CAST(split_part(${months}.m, '-', 1) AS INTEGER) + 2) // 3)::VARCHAR ` +
    `WHEN regexp_full_match(${u}, '(19|20)\\d\\d年[1-4]季度?') THEN left(${u}, 4) || 'Q' || substr(${u}, 6, 1) ` +
    `WHEN regexp_full_match(${u}, 'Q[1-4][-_/.]?(19|20)\\d\\d') THEN right(${u}, 4) || 'Q' || substr(${u}, 2, 1) END`
  );
};

/** 2024-02-01, 2024/2/1, 20240201, 2024.02.01, 2024年2月1日, with or without a time -> DATE; NULL otherwise. */
export const dateSql = (s0: string) => {
  const s = halfWidth(s0);
  const dashed = `regexp_replace(regexp_replace(regexp_replace(${s}, '[T ]\\d{1,2}:\\d{2}(:\\d{2}(\\.\\d+)?)?$', ''), '日$', ''), '[/.年月]', '-', 'g')`;
  return (
    `CASE WHEN regexp_full_match(${s}, '\\d{8}') THEN TRY_CAST(substr(${s}, 1, 4) || '-' || substr(${s}, 5, 2) || '-' || substr(${s}, 7, 2) AS DATE) ` +
    // an Excel serial number (1900 date system; 10000-73050 is 1927-05-18 to 2099-12-31)
    `WHEN regexp_full_match(${s}, '[1-7]\\d{4}(\\.0+)?') AND TRY_CAST(${s} AS DOUBLE) <= 73050 THEN CAST(DATE '1899-12-30' + CAST(TRY_CAST(${s} AS DOUBLE) AS INTEGER) AS DATE) ` +
    `WHEN regexp_full_match(${dashed}, '\\d{4}-\\d{1,2}-\\d{1,2}') THEN TRY_CAST(${dashed} AS DATE) END`
  );
};

/** 18 characters of the USCC alphabet (upper case only, as GB 32100-2015 writes them). */
export const usccFormatSql = (s: string) => `(length(${s}) = 18 AND NOT regexp_matches(${s}, '[^0-9A-HJ-NPQRTUWXY]'))`;

const FLAG_TRUE = `('1', '1.0', '是', 'y', 'yes', 'true', 't', '√')`;
const FLAG_FALSE = `('0', '0.0', '否', 'n', 'no', 'false', 'f', '×')`;

/** Inline SQL for one cell: its typed value, and the code of its error / warning (NULL when none). */
export interface CellSql {
  value: string;
  error: string | null;
  warning: string | null;
}

/** 'empty_required' for an empty required cell; null (no check at all) for an optional column. */
export const requiredSql = (column: ColumnSpec, s: string) => (column.required ? `CASE WHEN ${s} IS NULL THEN 'empty_required' END` : null);

const orEmpty = (column: ColumnSpec, s: string) => `WHEN ${s} IS NULL THEN ${column.required ? "'empty_required'" : 'NULL'}`;

function decimalCell(column: ColumnSpec, s: string, p: string, scale: number, negative: string | null, warnDecimals: boolean): CellSql {
  return {
    value: `TRY_CAST(round(${p}, ${scale}) AS ${SQL_TYPE[column.kind]})`,
    error: `CASE ${orEmpty(column, s)} WHEN ${p} IS NULL THEN 'bad_number' ${negative ? `WHEN ${p} < 0 THEN '${negative}' ` : ''}END`,
    warning: warnDecimals ? `CASE WHEN ${p} <> round(${p}, ${scale}) THEN 'excess_decimals' END` : null
  };
}

function countCell(column: ColumnSpec, s: string, p: string, code: 'count' | 'year'): CellSql {
  return {
    value: `TRY_CAST(${p} AS INTEGER)`,
    error:
      code === 'count'
        ? `CASE ${orEmpty(column, s)} WHEN ${p} IS NULL OR abs(${p}) > 2147483647 THEN 'bad_number' WHEN ${p} <> trunc(${p}) THEN 'not_integer' WHEN ${p} < 0 THEN 'negative_value' END`
        : `CASE ${orEmpty(column, s)} WHEN ${p} IS NULL OR ${p} <> trunc(${p}) OR ${p} < 1900 OR ${p} > 2100 THEN 'bad_year' END`,
    warning: null
  };
}

function parsedCell(column: ColumnSpec, s: string, p: string, code: string, warning: string | null = null): CellSql {
  return { value: p, error: `CASE ${orEmpty(column, s)} WHEN ${p} IS NULL THEN '${code}' END`, warning };
}

export interface CellOptions {
  /** Check the USCC format of firm ids per row (else the caller checks ids against the enterprises). */
  firmFormat?: boolean;
  /** `raw` is already cleaned (trimmed, NULL when empty). */
  cleaned?: boolean;
}

/** A cell read from text: `raw` is a VARCHAR SQL expression (a column of a CSV, or a cast). */
export function textCellSql(column: ColumnSpec, table: TableName, raw: string, options: CellOptions = {}): CellSql {
  const s = options.cleaned ? raw : cleanSql(raw);
  switch (column.kind) {
    case 'money_10k':
      return decimalCell(column, s, numberSql(s, true), 2, 'negative_money', true);
    case 'money_usd':
      return decimalCell(column, s, numberSql(s), 2, 'negative_money', true);
    case 'quantity':
      return decimalCell(column, s, numberSql(s), 2, 'negative_value', true);
    case 'number':
      return decimalCell(column, s, numberSql(s), 4, null, true);
    case 'count':
      return countCell(column, s, numberSql(s), 'count');
    case 'year':
      return countCell(column, s, numberSql(`regexp_replace(${s}, '年$', '')`), 'year');
    case 'flag':
      return parsedCell(column, s, `CASE WHEN lower(${s}) IN ${FLAG_TRUE} THEN 1 WHEN lower(${s}) IN ${FLAG_FALSE} THEN 0 END::TINYINT`, 'bad_flag');
    case 'date': {
      const p = dateSql(s);
      return {
        value: p,
        error: `CASE ${orEmpty(column, s)} WHEN ${p} IS NULL OR year(${p}) < 1900 OR year(${p}) > 2100 THEN 'bad_date' END`,
        warning: `CASE WHEN regexp_full_match(${s}, '[1-7]\\d{4}(\\.0+)?') AND ${p} IS NOT NULL THEN 'date_serial' END`
      };
    }
    case 'period':
      return parsedCell(column, s, periodSql(s), 'bad_period');
    case 'industry_code':
      // A section letter in front (C3670) is dropped; 3-digit codes are not padded (they may be 中类 codes).
      return parsedCell(column, s, `CASE WHEN regexp_full_match(${s}, '\\d{4}') THEN ${s} WHEN regexp_full_match(${s}, '[A-Ta-t]\\d{4}') THEN substr(${s}, 2) END`, 'bad_industry_code');
    case 'firm_id':
      if (options.firmFormat === false) return { value: s, error: requiredSql(column, s), warning: null };
      return {
        value: s,
        error: `CASE ${orEmpty(column, s)} WHEN NOT ${usccFormatSql(s)} THEN 'bad_uscc' END`,
        // The check character is tested where firms are registered (enterprises): old registrations
        // and typed-in codes fail it yet name real firms, so it is a warning.
        warning: table === 'enterprises' ? `CASE WHEN ${usccFormatSql(s)} AND NOT ${usccCheckSql(s)} THEN 'uscc_checksum' END` : null
      };
    case 'text': {
      const aliases = valueAliases(table, column.name);
      if (!aliases) return { value: s, error: requiredSql(column, s), warning: null };
      const p = aliasSql(aliases, s);
      const known = aliases.known;
      const unknown = known ? `${p} NOT IN (${known.map(literal).join(', ')})` : null;
      if (unknown && aliases.strict) return { value: p, error: `CASE ${orEmpty(column, s)} WHEN ${unknown} THEN 'bad_choice' END`, warning: null };
      return {
        value: p,
        error: requiredSql(column, s),
        warning: unknown ? `CASE WHEN ${unknown} THEN 'unknown_kind' END` : null
      };
    }
  }
}

const INTEGER_TYPE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/;
const NUMBER_TYPE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL\((\d+),(\d+)\))$/;

/**
 * A cell of a typed source column (Parquet) whose type already fits the contract: no round trip through
 * text. `col` is the column reference. Null when the type does not fit: then read it as text.
 */
export function typedCellSql(column: ColumnSpec, col: string, sourceType: string): CellSql | null {
  const cell = typedCell(column, col, sourceType);
  // Same type as the contract: rows that pass the checks are stored as they are.
  return cell && sourceType === SQL_TYPE[column.kind] ? { ...cell, value: col } : cell;
}

function typedCell(column: ColumnSpec, col: string, sourceType: string): CellSql | null {
  const target = SQL_TYPE[column.kind];
  const number = NUMBER_TYPE.exec(sourceType);
  const scale = number?.[3] !== undefined ? Number(number[3]) : INTEGER_TYPE.test(sourceType) ? 0 : null; // null: FLOAT/DOUBLE
  switch (column.kind) {
    case 'money_10k':
    case 'money_usd':
    case 'quantity':
    case 'number': {
      if (!number) return null;
      const keep = column.kind === 'number' ? 4 : 2;
      const negative = column.kind === 'money_10k' || column.kind === 'money_usd' ? 'negative_money' : column.kind === 'quantity' ? 'negative_value' : null;
      const exact = sourceType === target;
      const p = exact ? col : `TRY_CAST(${col} AS ${PARSED_NUMBER})`;
      const cell = decimalCell(column, col, p, keep, negative, scale === null || scale > keep);
      return exact ? { ...cell, value: col } : cell;
    }
    case 'count':
    case 'year':
      if (!number) return null;
      return countCell(column, col, INTEGER_TYPE.test(sourceType) ? col : `TRY_CAST(${col} AS ${PARSED_NUMBER})`, column.kind);
    case 'flag':
      if (sourceType === 'BOOLEAN') return parsedCell(column, col, `CAST(${col} AS TINYINT)`, 'bad_flag');
      if (!number) return null;
      return parsedCell(column, col, `CASE WHEN ${col} = 1 THEN 1 WHEN ${col} = 0 THEN 0 END::TINYINT`, 'bad_flag');
    case 'date':
      if (sourceType !== 'DATE' && !sourceType.startsWith('TIMESTAMP')) return null;
      return { value: `CAST(${col} AS DATE)`, error: `CASE ${orEmpty(column, col)} WHEN year(${col}) < 1900 OR year(${col}) > 2100 THEN 'bad_date' END`, warning: null };
    default:
      return null;
  }
}

/**
 * Columns with few distinct values (periods, flags, years, codes, dates, kinds): checked once per
 * distinct value instead of once per row (a 10-million-row file has some 20 periods).
 */
export function isCategorical(column: ColumnSpec, table: TableName): boolean {
  if (['period', 'flag', 'year', 'industry_code', 'date'].includes(column.kind)) return true;
  return column.kind === 'text' && valueAliases(table, column.name) !== null;
}
