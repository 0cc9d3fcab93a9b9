/**
 * The award list as statisticians receive it (CLI contract, DESIGN.md section 4): one row per award
 * paid, `firm_id, clause, award_yuan` first, then evidence columns. Evidence is written as
 * `condition=value (op threshold) ✓|✗|?` with the condition ids of the package.
 */
import { ident } from '../db/types.ts';

const evidenceText = (col: string) =>
  `array_to_string(list_transform(${col}, e -> COALESCE(e.item || ':', '') || e.id || '=' || COALESCE(CAST(round(e.value, 6) AS VARCHAR), 'missing') ||
    ' [' || COALESCE(CAST(round(e.threshold, 6) AS VARCHAR), '-') || '] ' || CASE WHEN e.pass THEN '✓' WHEN e.pass IS NULL THEN '?' ELSE '✗' END), '; ')`;

export function paidAwardsSql(table = 'awards'): string {
  return `SELECT a.firm_id, a.clause, a.award_yuan, a.package, f.name, f.district, f.industry_code, a.tier,
    a.raw_yuan, a.capped_yuan, a.pool_yuan, ${evidenceText('a.evidence')} AS evidence
  FROM ${ident(table)} a LEFT JOIN firm_profile f USING (firm_id)
  WHERE a.status = 'paid'
  ORDER BY a.package, a.clause_order, a.award_yuan DESC, a.firm_id`;
}
