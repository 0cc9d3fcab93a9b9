/**
 * For the CLI summary: the unknown awards whose growth could not be computed because the base quarter is
 * zero (evidence reason 'zero_base', the profile's 增长基数为零，无法计算增速), by clause, so the summary can
 * tell them apart from data that is missing. Reads the evidence of the firms with an unknown row only
 * (src/lib/policy/evidence.ts); awards are not touched.
 */
import type { Db } from '../../src/lib/db/types.ts';
import type { Package } from '../../src/lib/policy/schema.ts';
import type { Scenario } from '../../src/lib/policy/awards.ts';
import { awardsWithEvidenceSql, firmsWithStatus } from '../../src/lib/policy/evidence.ts';
import { EVIDENCE_REASONS } from '../../src/lib/policy/condition-sql.ts';
import { literal } from '../../src/lib/db/types.ts';

export interface ZeroBase {
  package: string;
  clause: string;
  /** Unknown rows of `awards` with a zero base (one per firm for a firm clause). */
  rows: number;
  firms: number;
}

/** Unknown rows with a zero-base growth, by clause (in package and clause order); plus the distinct firms over all clauses. */
export async function zeroBaseUnknowns(db: Db, packages: Package[], scenario: Scenario): Promise<{ clauses: ZeroBase[]; firms: number }> {
  if (!packages.length) return { clauses: [], firms: 0 };
  const q = awardsWithEvidenceSql(packages, scenario, firmsWithStatus('unknown'));
  const hits = `SELECT package, clause, firm_id FROM (${q.sql}) WHERE status = 'unknown'
    AND len(list_filter(evidence, e -> e.pass IS NULL AND e.reason = ${literal(EVIDENCE_REASONS.zeroBase)})) > 0`;
  const rows = await db.query<{ package: string; clause: string; rows: number; firms: number; all_firms: number }>(
    `WITH z AS MATERIALIZED (${hits})
     SELECT package, clause, count(*)::INTEGER AS rows, count(DISTINCT firm_id)::INTEGER AS firms,
       (SELECT count(DISTINCT firm_id) FROM z)::INTEGER AS all_firms
     FROM z GROUP BY package, clause`,
    q.params
  );
  const order = (p: string, c: string) => {
    const i = packages.findIndex((x) => x.id === p);
    return i * 10_000 + (packages[i]?.clauses.findIndex((x) => x.id === c) ?? 0);
  };
  const clauses = rows
    .map((r) => ({ package: r.package, clause: r.clause, rows: Number(r.rows), firms: Number(r.firms) }))
    .sort((a, b) => order(a.package, a.clause) - order(b.package, b.clause));
  return { clauses, firms: Number(rows[0]?.all_firms ?? 0) };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * The summary's sentence, e.g. `growth not computable: 18 firms have a zero base quarter (增长基数为零，
 * 无法计算增速), so their award is unknown, not refused, in 1 clause: jiangle-2024q1 j2-electricity 用电量… (18 firms)`.
 * No line when there are none.
 */
export function zeroBaseLines(found: { clauses: ZeroBase[]; firms: number }, packages: Package[]): string[] {
  if (!found.clauses.length) return [];
  const title = (p: string, c: string) => packages.find((x) => x.id === p)?.clauses.find((x) => x.id === c)?.title.zh;
  const each = found.clauses.map((z) => {
    const t = title(z.package, z.clause);
    return `${z.package} ${z.clause}${t ? ` ${t}` : ''} (${plural(z.firms, 'firm', 'firms')})`;
  });
  return [
    `growth not computable: ${plural(found.firms, 'firm has', 'firms have')} a zero base quarter (增长基数为零，无法计算增速), ` +
      `so the award is unknown, not refused, in ${plural(found.clauses.length, 'clause', 'clauses')}: ${each.join('; ')}`
  ];
}

/** The per-clause summary's unknown part: `, 146 unknown (128 data missing, 18 base is zero)`. */
export function unknownPart(unknown: number, zeroBaseRows: number): string {
  if (!unknown) return '';
  if (!zeroBaseRows) return `, ${unknown} unknown (data missing)`;
  const missing = unknown - zeroBaseRows;
  return `, ${unknown} unknown (${missing ? `${missing} data missing, ` : ''}${zeroBaseRows} base is zero)`;
}
