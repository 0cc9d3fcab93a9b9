/**
 * The one evaluation path of the app, the CLI, the benchmark and the tests: `prepareAll` materialises
 * the parameter-independent tables once per data load; `evaluateAll` runs a scenario (parameter
 * overrides per package) into the `awards` view, one row per (package, firm, clause) with its status,
 * tier and amounts, with 就高 across the packages evaluated together (across.ts). The evidence of a row
 * (each condition's value, threshold and outcome) is computed on demand for the rows a screen shows
 * (evidence.ts), not for every (firm, clause) at evaluation.
 */
import { compact, ident, inlineIntegers, type Db, type Param } from '../db/types.ts';
import type { Package } from './schema.ts';
import { compileWide } from './compile.ts';
import { metricsTableSql, regionTableSql } from './metrics-sql.ts';
import { firmProfileSql, firmYearsSql } from './firm-profile.ts';
import { acrossSql, longByFirmSql, longSql, planAcross } from './across.ts';
import type { ParamValues } from './context.ts';

/** Parameter overrides per package id (a what-if). */
export type Scenario = Record<string, ParamValues>;

/** The parameter-independent statements run once per data load (same text in every engine). */
export function prepareStatements(packages: Package[]): string[] {
  const perPackage = (p: Package) => [metricsTableSql(p), regionTableSql(p)].filter((s): s is string => s !== null);
  return [firmYearsSql(), firmProfileSql(), ...packages.flatMap(perPackage)];
}

export async function prepareAll(db: Db, packages: Package[], step?: () => void): Promise<void> {
  for (const sql of prepareStatements(packages)) {
    await db.exec(sql);
    step?.();
  }
  await compact(db);
}

/** One statement (SQL + params) giving the rows of the `awards` view for a scenario; `evidence` false for totals only. */
export function compileAll(packages: Package[], scenario: Scenario = {}, evidence = true): { sql: string; params: Param[] } {
  const params: Param[] = [];
  const ctes = packages.map((p, i) => `w${i} AS MATERIALIZED (${compileWide(p, scenario[p.id] ?? {}, { evidence, params }).sql})`);
  const plan = planAcross(packages);
  const table = (i: number) => `w${i}`;
  if (plan.groups.length) ctes.push(`j AS (${acrossSql(plan, table)})`);
  return { sql: `WITH ${ctes.join(',\n')}\n${longSql(packages, plan, table, plan.groups.length ? 'j' : null, evidence)}`, params };
}

/**
 * Evaluates a scenario into tables: one wide table per package (`<name>__w<i>`, a row per firm), the
 * 就高 winners (`<name>__j`), and the view `<name>` with one row per (package, firm, clause), without
 * evidence (see evidence.ts), with its twin for reading a few firms (byFirmView). Storing the wide results keeps
 * memory near one row per firm instead of one per clause.
 */
export async function evaluateAll(db: Db, packages: Package[], scenario: Scenario = {}, name = 'awards', step?: () => void): Promise<void> {
  const table = (i: number) => ident(`${name}__w${i}`);
  // An earlier evaluation left a view under this name (or, in older code, a table). Dropping it blind is one round
  // trip; asking duckdb_views() first took 60-90 ms at city size in DuckDB-WASM (it lists every internal view).
  await db.exec(`DROP VIEW IF EXISTS ${ident(name)}`).catch(() => db.exec(`DROP TABLE ${ident(name)}`));
  for (const [i, p] of packages.entries()) {
    const wide = compileWide(p, scenario[p.id] ?? {}, { evidence: false });
    await db.exec(`CREATE OR REPLACE TABLE ${table(i)} AS ${inlineIntegers(wide.sql, wide.params)}`);
    await compact(db); // one package's table uncompressed at a time
    step?.();
  }
  const plan = planAcross(packages);
  const across = plan.groups.length ? ident(`${name}__j`) : null;
  if (across) await db.exec(`CREATE OR REPLACE TABLE ${across} AS ${acrossSql(plan, table)}`);
  await db.exec(`CREATE VIEW ${ident(name)} AS ${longSql(packages, plan, table, across, false)}`);
  await db.exec(`CREATE OR REPLACE VIEW ${ident(byFirmView(name))} AS ${longByFirmSql(packages, plan, table, across)}`);
}

/** The view with the same rows as the `name` view, faster to read for a few firms (see longByFirmSql). */
export const byFirmView = (name: string) => `${name}__by_firm`;
