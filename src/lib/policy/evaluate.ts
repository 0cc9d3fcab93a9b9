/**
 * Runs a package on the loaded tables: `prepare` materialises the parameter-independent metrics once per
 * data load; `evaluate` re-applies parameters (a what-if) to that small table.
 */
import type { Db, Row } from '../db/types.ts';
import type { Package } from './schema.ts';
import { metricsTableSql } from './metrics-sql.ts';
import { compilePackage, regionTableSql } from './compile.ts';
import type { ParamValues } from './context.ts';

export type Status = 'paid' | 'refused' | 'unknown' | 'excluded' | 'stacked' | 'below_floor' | 'pool_exhausted';

export interface Evidence {
  id: string;
  item: string | null;
  unit: string;
  value: number | null;
  threshold: number | null;
  pass: boolean | null;
  /** How far a failed bound is from passing, in display units (ratio, 万元 ...). */
  gap: number | null;
}

export interface AwardRow extends Row {
  package: string;
  firm_id: string;
  district: string | null;
  industry_code: string | null;
  clause: string;
  status: Status;
  tier: string | null;
  raw_yuan: number;
  capped_yuan: number;
  award_yuan: number;
  stacked_by: string | null;
}

/** The parameter-independent tables of one package (metrics, region growth), once per data load. */
export function packageStatements(pkg: Package): string[] {
  return [metricsTableSql(pkg), regionTableSql(pkg)].filter((s): s is string => s !== null);
}

export async function preparePackage(db: Db, pkg: Package): Promise<void> {
  for (const sql of packageStatements(pkg)) await db.exec(sql);
}

/** Every (firm, clause) row, without evidence (what-ifs, totals). */
export async function evaluatePackage(db: Db, pkg: Package, values: ParamValues = {}): Promise<AwardRow[]> {
  const { sql, params } = compilePackage(pkg, values);
  return db.query<AwardRow>(
    `SELECT package, firm_id, district, industry_code, clause, status, tier, raw_yuan, capped_yuan, award_yuan, stacked_by FROM (${sql}) ORDER BY clause_order, firm_id`,
    params
  );
}

/** The rows of one firm with evidence, for its profile and explanations. */
export async function explainFirm(db: Db, pkg: Package, firmId: string, values: ParamValues = {}): Promise<(AwardRow & { evidence: Evidence[]; exclusion_evidence: Evidence[] })[]> {
  const { sql, params } = compilePackage(pkg, values);
  const rows = await db.query(
    `SELECT package, firm_id, district, industry_code, clause, status, tier, raw_yuan, capped_yuan, award_yuan, stacked_by, pool_yuan, pool_demand,
       evidence, exclusion_evidence
     FROM (${sql}) WHERE firm_id = $${params.length + 1} ORDER BY clause_order`,
    [...params, firmId]
  );
  return rows as never;
}
