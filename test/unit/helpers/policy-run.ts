import type { Db } from '../../../src/lib/db/types.ts';
import { prepareAll, evaluateAll } from '../../../src/lib/policy/awards.ts';
import type { AwardRow, Evidence } from '../../../src/lib/policy/award-row.ts';
import type { Package } from '../../../src/lib/policy/schema.ts';
import type { ParamValues } from '../../../src/lib/policy/context.ts';
import { loadRows, firmId } from './dataset.ts';
import { packageById } from './packages.ts';
import { awardsWithEvidenceSql, oneFirm } from '../../../src/lib/policy/evidence.ts';

export type Rows = Parameters<typeof loadRows>[1];

const COLUMNS = 'package, firm_id, district, industry_code, clause, status, tier, raw_yuan, capped_yuan, award_yuan, stacked_by';

/**
 * Evaluates one package on the loaded tables the way the app and the CLI do (prepareAll, then
 * evaluateAll into the `awards` view) and reads its rows: one per (firm, clause), clause by clause.
 */
export async function evaluateRows(db: Db, pkg: Package, values: ParamValues = {}): Promise<AwardRow[]> {
  await prepareAll(db, [pkg]);
  await evaluateAll(db, [pkg], { [pkg.id]: values });
  return db.query<AwardRow>(`SELECT ${COLUMNS} FROM awards ORDER BY clause_order, firm_id`);
}

export type FirmRow = AwardRow & { pool_yuan: number | null; pool_demand: number | null; evidence: Evidence[]; exclusion_evidence: Evidence[] };

/** The same evaluation, one firm's rows with their evidence computed on demand (as its profile reads them). */
export async function evaluateFirm(db: Db, pkg: Package, id: string, values: ParamValues = {}): Promise<FirmRow[]> {
  await prepareAll(db, [pkg]);
  await evaluateAll(db, [pkg], { [pkg.id]: values });
  const withEvidence = awardsWithEvidenceSql([pkg], { [pkg.id]: values }, oneFirm(id));
  const rows = await db.query(`SELECT ${COLUMNS}, pool_yuan, pool_demand, evidence, exclusion_evidence FROM (${withEvidence.sql}) ORDER BY clause_order`, withEvidence.params);
  return rows as unknown as FirmRow[];
}

/** Loads rows, then evaluates the package with parameter overrides: one row per (firm, clause). */
export function packageRunner(db: Db, id: string) {
  const pkg = packageById(id);
  return {
    pkg,
    async run(rows: Rows, values: ParamValues = {}): Promise<AwardRow[]> {
      await loadRows(db, rows);
      return evaluateRows(db, pkg, values);
    }
  };
}

/** The row of test firm n for a clause (throws when absent, so a typo cannot pass as "refused"). */
export function pick(rows: AwardRow[], n: number, clause: string): AwardRow {
  const row = rows.find((r) => r.firm_id === firmId(n) && r.clause === clause);
  if (!row) throw new Error(`no row for firm ${n} ${clause}`);
  return row;
}

/** A certification of test firm n. */
export const cert = (n: number, kind: string, grantedOn: string) => ({ firm_id: firmId(n), kind, granted_on: grantedOn });
