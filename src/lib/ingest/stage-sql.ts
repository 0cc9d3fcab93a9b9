/**
 * The staging query of one file: from its all-text rows (view with `__row` and columns c0, c1, ...)
 * to typed values, an error code and warning codes per cell, and the row's verdict, in one pass.
 *   level 1  s:<col>  cleaned text (trimmed, NULL for empty or '-')
 *   level 2  n:<col>  normalised text (e.g. '2024年一季度' -> '2024年1季度')
 *   level 3  p:<col>  parsed value (NULL when unreadable)
 *   level 4  v:<col>  typed value, e:<col> error code, w:<col> warning code, r:<k> row-check code
 *   level 5  __bad    any error in the row; __dup is set later when the key repeats
 */
import { ident } from '../db/types.ts';
import type { ColumnSpec, TableSpec } from './contract.ts';
import { cleanSql, columnRules } from './column-sql.ts';
import { ROW_CHECKS } from './row-checks.ts';
import { valueAliases } from './value-aliases.ts';

export interface MappedColumn {
  column: ColumnSpec;
  /** Position in the file (the view's column c<index>). */
  index: number;
  /** Header as written. */
  source: string;
}

export interface ExtraColumn {
  index: number;
  source: string;
  /** Column name in the canonical table. */
  name: string;
}

/** One place a finding can come from: a stage column holding a code (NULL = no finding). */
export interface Check {
  slot: number;
  severity: 'error' | 'warning';
  stageColumn: string;
  /** Position and header of the source column whose value the issue shows. */
  sourceIndex: number;
  source: string;
  /** A contract column whose stored value the message quotes, under `key`. */
  detail?: { key: string; column: string };
  staticDetail?: Record<string, string | number>;
}

export const srcColumn = (index: number) => ident(`c${index}`);
export const stageValue = (name: string) => ident(`v:${name}`);
export const extraColumn = (index: number) => ident(`x:${index}`);

export interface StagePlan {
  checks: Check[];
  /** CREATE TABLE statement for the stage. */
  sql(stage: string, src: string): string;
}

export function planStage(table: TableSpec, mapped: MappedColumn[], extras: ExtraColumn[]): StagePlan {
  const q = (prefix: string, name: string) => ident(`${prefix}:${name}`);
  const rules = mapped.map((m) => ({ ...m, rules: columnRules(m.column, table.name) }));
  const keep = ['"__row"', ...extras.map((x) => extraColumn(x.index))];
  const checks: Check[] = [];
  const level4: string[] = [];

  for (const m of rules) {
    const name = m.column.name;
    const [s, p] = [q('s', name), q('p', name)];
    level4.push(`${m.rules.value(p)} AS ${q('v', name)}`, `${m.rules.error(s, p)} AS ${q('e', name)}`);
    checks.push({ slot: checks.length, severity: 'error', stageColumn: q('e', name), sourceIndex: m.index, source: m.source });
    const warning = m.rules.warning(s, p);
    if (warning) {
      level4.push(`${warning} AS ${q('w', name)}`);
      const scale = m.column.kind === 'number' ? 4 : 2;
      const known = valueAliases(table.name, name)?.known;
      checks.push({
        slot: checks.length,
        severity: 'warning',
        stageColumn: q('w', name),
        sourceIndex: m.index,
        source: m.source,
        detail: { key: 'stored', column: name },
        staticDetail: { scale, known: known ? known.join(', ') : '' }
      });
    }
  }

  const byName = new Map(rules.map((m) => [m.column.name, m]));
  ROW_CHECKS.filter((c) => c.table === table.name).forEach((c, k) => {
    const anchor = byName.get(c.anchor);
    const needed = [c.anchor, c.detail.column];
    if (!anchor || !needed.every((n) => byName.has(n))) return;
    const col = q('r', String(k));
    level4.push(`CASE WHEN ${c.when((n) => q('p', n))} THEN '${c.code}' END AS ${col}`);
    checks.push({
      slot: checks.length,
      severity: 'warning',
      stageColumn: col,
      sourceIndex: anchor.index,
      source: anchor.source,
      detail: c.detail
    });
  });

  const errors = checks.filter((c) => c.severity === 'error').map((c) => `${c.stageColumn} IS NOT NULL`);
  const level1 = [...keep, ...rules.map((m) => `${cleanSql(srcColumn(m.index))} AS ${q('s', m.column.name)}`)];
  const level1Extras = extras.map((x) => `${srcColumn(x.index)} AS ${extraColumn(x.index)}`);
  const sNames = rules.map((m) => q('s', m.column.name));
  const level2 = [...keep, ...sNames, ...rules.map((m) => `${m.rules.prep ? m.rules.prep(q('s', m.column.name)) : q('s', m.column.name)} AS ${q('n', m.column.name)}`)];
  const level3 = [...keep, ...sNames, ...rules.map((m) => `${m.rules.parse(q('n', m.column.name))} AS ${q('p', m.column.name)}`)];

  return {
    checks,
    sql: (stage, src) =>
      `CREATE OR REPLACE TABLE ${ident(stage)} AS SELECT *, ${errors.length ? errors.join(' OR ') : 'false'} AS "__bad", false AS "__dup" FROM (` +
      `SELECT ${[...keep, ...level4].join(', ')} FROM (` +
      `SELECT ${level3.join(', ')} FROM (` +
      `SELECT ${level2.join(', ')} FROM (` +
      `SELECT ${['"__row"', ...level1.slice(keep.length), ...level1Extras].join(', ')} FROM ${ident(src)}))))`
  };
}
