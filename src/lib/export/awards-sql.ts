/**
 * The award list as statisticians receive it (CLI contract, DESIGN.md section 4): one row per award
 * paid, `firm_id, clause, award_yuan` first, then evidence columns. Evidence is written as
 * `condition=value (op threshold) ✓|✗|?` with the condition ids of the package.
 */
import { ident, type Db } from '../db/types.ts';
import type { Package } from '../policy/schema.ts';
import type { Scenario } from '../policy/awards.ts';
import { awardsWithEvidenceSql, firmsWithStatus } from '../policy/evidence.ts';

const evidenceText = (col: string) =>
  `array_to_string(list_transform(${col}, e -> COALESCE(e.item || ':', '') || e.id || '=' || COALESCE(CAST(round(e.value, 6) AS VARCHAR), 'missing') ||
    ' [' || COALESCE(CAST(round(e.threshold, 6) AS VARCHAR), '-') || '] ' || CASE WHEN e.pass THEN '✓' WHEN e.pass IS NULL THEN '?' ELSE '✗' END), '; ')`;

/** The export SELECT over `table`: rows of `awards` with their evidence (see paidAwardsTable). */
export function paidAwardsSql(table = PAID_TABLE): string {
  return `SELECT a.firm_id, a.clause, a.award_yuan, a.package, f.name, f.district, f.industry_code, a.tier,
    a.raw_yuan, a.capped_yuan, a.pool_yuan, ${evidenceText('a.evidence')} AS evidence
  FROM ${ident(table)} a LEFT JOIN firm_profile f USING (firm_id)
  WHERE a.status = 'paid'
  ORDER BY a.package, a.clause_order, a.award_yuan DESC, a.firm_id`;
}

export const PAID_TABLE = 'paid_awards';

/**
 * Keeps the paid rows of `awards` with their evidence, computed for the paid firms only, as the table
 * `paid_awards` (so the export is one plain query). `packages` and `scenario`: what `awards` was evaluated with.
 */
export async function paidAwardsTable(db: Db, packages: Package[], scenario: Scenario = {}, awards = 'awards'): Promise<void> {
  const rows = awardsWithEvidenceSql(packages, scenario, firmsWithStatus('paid', awards), awards);
  await db.query(`CREATE OR REPLACE TABLE ${ident(PAID_TABLE)} AS SELECT * FROM (${rows.sql}) WHERE status = 'paid'`, rows.params);
}
