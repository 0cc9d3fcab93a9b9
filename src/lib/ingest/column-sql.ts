/**
 * SQL that reads one contract column from users' text: how a cell is cleaned, parsed, checked and
 * typed. Pure functions from SQL expressions to SQL text, so validation runs inside DuckDB (no per-row
 * JavaScript) and reads the same on both engines. Codes returned here are the `Issue.code`s.
 */
import { SQL_TYPE, type ColumnSpec, type TableName } from './contract.ts';
import { usccCheckSql } from './uscc.ts';
import { aliasSql, valueAliases } from './value-aliases.ts';
import { literal } from '../db/types.ts';

/** Characters trimmed around every cell: spaces, tabs, no-break and ideographic spaces, stray BOMs. */
const WS = "' \t\n\r\u00a0\u3000\ufeff'";
/** Cells that mean "nothing here" in bureau spreadsheets. */
const EMPTY = `('', '-', '--', '—', '——', '－', '/', '／')`;

export const cleanSql = (raw: string) => `CASE WHEN trim(${raw}, ${WS}) IN ${EMPTY} THEN NULL ELSE trim(${raw}, ${WS}) END`;

/** Decimal text with optional thousands separators ("1,234.50"); NULL when it is not a number. */
export const numberSql = (s: string) =>
  `TRY_CAST(CASE WHEN contains(${s}, ',') THEN CASE WHEN regexp_full_match(${s}, '[+-]?\\d{1,3}(,\\d{3})+(\\.\\d*)?') ` +
  `THEN replace(${s}, ',', '') END ELSE ${s} END AS DECIMAL(38,10))`;

/** 2024Q1, 2024q1, 2024-Q1, 2024 Q1, Q1 2024, 2024年一季度, 2024年第1季度 -> '2024Q1'; NULL otherwise. */
export const periodPrepSql = (s: string) => `upper(replace(translate(${s}, '一二三四第', '1234'), ' ', ''))`;
export const periodSql = (u: string) =>
  `CASE WHEN regexp_full_match(${u}, '(19|20)\\d\\d[-_/.]?Q[1-4]') THEN left(${u}, 4) || 'Q' || right(${u}, 1) ` +
  `WHEN regexp_full_match(${u}, '(19|20)\\d\\d年[1-4]季度?') THEN left(${u}, 4) || 'Q' || substr(${u}, 6, 1) ` +
  `WHEN regexp_full_match(${u}, 'Q[1-4][-_/.]?(19|20)\\d\\d') THEN right(${u}, 4) || 'Q' || substr(${u}, 2, 1) END`;

/** 2024-02-01, 2024/2/1, 20240201, 2024.02.01, 2024年2月1日, with or without a time -> DATE; NULL otherwise. */
export const datePrepSql = (s: string) =>
  `regexp_replace(regexp_replace(regexp_replace(${s}, '[T ]\\d{1,2}:\\d{2}(:\\d{2}(\\.\\d+)?)?$', ''), '日$', ''), '[/.年月]', '-', 'g')`;
export const dateSql = (d: string) =>
  `CASE WHEN regexp_full_match(${d}, '\\d{8}') THEN TRY_CAST(substr(${d}, 1, 4) || '-' || substr(${d}, 5, 2) || '-' || substr(${d}, 7, 2) AS DATE) ` +
  `WHEN regexp_full_match(${d}, '\\d{4}-\\d{1,2}-\\d{1,2}') THEN TRY_CAST(${d} AS DATE) END`;

const FLAG_TRUE = `('1', '1.0', '是', 'y', 'yes', 'true', 't', '√')`;
const FLAG_FALSE = `('0', '0.0', '否', 'n', 'no', 'false', 'f', '×')`;

export interface ColumnRules {
  /** Normalised text from the cleaned text `s`, computed once before `parse` (defaults to `s`). */
  prep?(s: string): string;
  /** Parsed value from the prepared text (NULL when unreadable): the input of checks and of the typed value. */
  parse(n: string): string;
  /** The code of the error in this cell, or NULL. */
  error(s: string, p: string): string;
  /** The code of a warning on this cell (the row is still loaded), or NULL. */
  warning(s: string, p: string): string | null;
  /** The typed value stored in the canonical table. */
  value(p: string): string;
}

const whenRequired = (column: ColumnSpec, s: string) => `WHEN ${s} IS NULL THEN ${column.required ? "'empty_required'" : 'NULL'}`;

function decimalRules(column: ColumnSpec, scale: number, limit: string, negative: string | null): ColumnRules {
  return {
    parse: numberSql,
    error: (s, p) =>
      `CASE ${whenRequired(column, s)} WHEN ${p} IS NULL OR abs(${p}) >= ${limit} THEN 'bad_number' ` +
      (negative ? `WHEN ${p} < 0 THEN '${negative}' ` : '') +
      'END',
    warning: (_s, p) => `CASE WHEN ${p} <> round(${p}, ${scale}) THEN 'excess_decimals' END`,
    value: (p) => `TRY_CAST(round(${p}, ${scale}) AS ${SQL_TYPE[column.kind]})`
  };
}

export function columnRules(column: ColumnSpec, table: TableName): ColumnRules {
  const simple = (parse: (n: string) => string, code: string, warning: ColumnRules['warning'] = () => null): ColumnRules => ({
    parse,
    error: (s, p) => `CASE ${whenRequired(column, s)} WHEN ${p} IS NULL THEN '${code}' END`,
    warning,
    value: (p) => p
  });
  switch (column.kind) {
    case 'money_10k':
      return decimalRules(column, 2, '1e16', 'negative_money');
    case 'quantity':
      return decimalRules(column, 2, '1e16', 'negative_value');
    case 'number':
      return decimalRules(column, 4, '1e14', null);
    case 'count':
      return {
        parse: numberSql,
        error: (s, p) =>
          `CASE ${whenRequired(column, s)} WHEN ${p} IS NULL OR abs(${p}) > 2147483647 THEN 'bad_number' ` +
          `WHEN ${p} <> trunc(${p}) THEN 'not_integer' WHEN ${p} < 0 THEN 'negative_value' END`,
        warning: () => null,
        value: (p) => `TRY_CAST(${p} AS INTEGER)`
      };
    case 'year':
      return {
        parse: (s) => numberSql(`regexp_replace(${s}, '年$', '')`),
        error: (s, p) => `CASE ${whenRequired(column, s)} WHEN ${p} IS NULL OR ${p} <> trunc(${p}) OR ${p} < 1900 OR ${p} > 2100 THEN 'bad_year' END`,
        warning: () => null,
        value: (p) => `TRY_CAST(${p} AS INTEGER)`
      };
    case 'flag':
      return simple(
        (s) => `CASE WHEN lower(${s}) IN ${FLAG_TRUE} THEN 1 WHEN lower(${s}) IN ${FLAG_FALSE} THEN 0 END::TINYINT`,
        'bad_flag'
      );
    case 'date':
      return {
        ...simple(dateSql, 'bad_date'),
        prep: datePrepSql,
        error: (s, p) => `CASE ${whenRequired(column, s)} WHEN ${p} IS NULL OR year(${p}) < 1900 OR year(${p}) > 2100 THEN 'bad_date' END`
      };
    case 'period':
      return { ...simple(periodSql, 'bad_period'), prep: periodPrepSql };
    case 'firm_id':
      return {
        parse: (s) => `upper(replace(${s}, ' ', ''))`,
        error: (s, p) => `CASE ${whenRequired(column, s)} WHEN NOT regexp_full_match(${p}, '[0-9A-HJ-NPQRTUWXY]{18}') THEN 'bad_uscc' END`,
        // Old registrations and typed-in codes fail the check character yet name real firms: warn, keep.
        warning: (_s, p) => `CASE WHEN NOT ${usccCheckSql(p)} THEN 'uscc_checksum' END`,
        value: (p) => p
      };
    case 'industry_code':
      // A section letter in front (C3670) is dropped; 3-digit codes are not padded (they may be 中类 codes).
      return {
        ...simple((n) => `CASE WHEN regexp_full_match(${n}, '\\d{4}') THEN ${n} END`, 'bad_industry_code'),
        prep: (s) => `regexp_replace(upper(${s}), '^[A-T]', '')`
      };
    case 'text': {
      const aliases = valueAliases(table, column.name);
      if (!aliases) return simple((n) => n, 'empty_required');
      const known = aliases.known;
      return simple(
        (n) => aliasSql(aliases, n),
        'empty_required',
        known ? (_s, p) => `CASE WHEN ${p} NOT IN (${known.map(literal).join(', ')}) THEN 'unknown_kind' END` : () => null
      );
    }
  }
}
