import type { Db } from '../../../src/lib/db/types.ts';
import { preparePackage, evaluatePackage, type AwardRow } from '../../../src/lib/policy/evaluate.ts';
import type { ParamValues } from '../../../src/lib/policy/context.ts';
import { loadRows, firmId } from './dataset.ts';
import { packageById } from './packages.ts';

export type Rows = Parameters<typeof loadRows>[1];

/** Loads rows, prepares the package and evaluates it with parameter overrides: one row per (firm, clause). */
export function packageRunner(db: Db, id: string) {
  const pkg = packageById(id);
  return {
    pkg,
    async run(rows: Rows, values: ParamValues = {}): Promise<AwardRow[]> {
      await loadRows(db, rows);
      await preparePackage(db, pkg);
      return evaluatePackage(db, pkg, values);
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
