/**
 * 就高 across packages: where clauses of several packages evaluated together may pay the same firm, the
 * firm keeps only the highest award (on a tie, the first member in package then clause order); the
 * others become 'stacked'. Applied while the wide results (one row per firm) become (firm, clause) rows.
 */
import { literal } from '../db/types.ts';
import type { Package } from './schema.ts';
import { longFields, stackedByColumn } from './compile.ts';

export interface AcrossPlan {
  /** The 就高 groups among the packages evaluated together; members in package, then clause order. */
  groups: { id: string; members: { name: string; i: number; k: number }[] }[];
  /** `package:clause` -> index of its group. */
  groupOf: Map<string, number>;
}

/** 就高 groups restricted to the packages evaluated together (a group needs two members present). */
export function planAcross(packages: Package[]): AcrossPlan {
  const index = new Map(packages.map((p, i) => [p.id, i]));
  const where = (m: string) => {
    const [pkgId, clauseId] = m.split(':');
    const i = index.get(pkgId)!;
    const k = packages[i].clauses.findIndex((c) => c.id === clauseId);
    if (k < 0) throw new Error(`就高 group names unknown clause ${m}`);
    return { i, k };
  };
  const groupOf = new Map<string, number>();
  const groups = packages
    .flatMap((p) => p.acrossPackages)
    .map((g) => ({ id: g.id, names: g.members.filter((m) => index.has(m.split(':')[0])) }))
    .filter((g) => g.names.length > 1)
    .map((g, gi) => {
      const members = g.names.map((name) => ({ name, ...where(name) })).sort((a, b) => a.i - b.i || a.k - b.k);
      for (const m of members) groupOf.set(m.name, gi);
      return { id: g.id, members };
    });
  return { groups, groupOf };
}

/** Per firm, the member that wins each group (`winner_<g>`, NULL when no member is paid). `table(i)`: package i's wide result. */
export function acrossSql(plan: AcrossPlan, table: (i: number) => string): string {
  const used = [...new Set(plan.groups.flatMap((g) => g.members.map((m) => m.i)))];
  const winners = plan.groups.map((g, gi) => {
    const paid = g.members.map((m) => `CASE WHEN w${m.i}.st_${m.k} = 'paid' THEN w${m.i}.a_${m.k} END`);
    const best = `GREATEST(${paid.join(', ')})`;
    return `CASE ${g.members.map((m, r) => `WHEN ${paid[r]} = ${best} THEN ${literal(m.name)}`).join(' ')} END AS winner_${gi}`;
  });
  return `SELECT w${used[0]}.firm_id, ${winners.join(', ')} FROM ${used.map((i, n) => `${table(i)} w${i}${n ? ' USING (firm_id)' : ''}`).join(' JOIN ')}`;
}

/** Columns of the firm itself, read from the wide result as they are. */
const BASE = new Set(['firm_id', 'district', 'industry_code']);

/**
 * One row per (package, firm, clause) read from the wide results; 就高 losers (against `across`, see acrossSql)
 * become 'stacked'. `evidence`: whether the wide results carry evidence columns. Each package's wide result is
 * read once, its clauses unnested from a row: a reader of a few firms scans a table per package, not one per
 * clause (at 500,000 firms in the browser, one firm's rows cost a scan of 500,000 rows per clause).
 */
export function longSql(packages: Package[], plan: AcrossPlan, table: (i: number) => string, across: string | null, evidence = true): string {
  return packages
    .map((p, i) => {
      let joined = false;
      const rows = p.clauses.map((c, k) => {
        const name = `${p.id}:${c.id}`;
        const g = plan.groupOf.get(name);
        let over = {};
        if (g !== undefined && across) {
          joined = true;
          const lost = `st_${k} = 'paid' AND j.winner_${g} <> ${literal(name)}`;
          over = {
            status: `CASE WHEN ${lost} THEN 'stacked' ELSE st_${k} END`,
            award: `CASE WHEN ${lost} THEN 0 ELSE a_${k} END`,
            stackedBy: `CASE WHEN ${lost} THEN j.winner_${g} ELSE ${stackedByColumn(p, k)} END`
          };
        }
        return `{${longFields(p, k, over, evidence).filter(([f]) => !BASE.has(f)).map(([field, sql]) => `${literal(field)}: ${sql}`).join(', ')}}`;
      });
      // the firm's own columns stay columns of the scan, so a filter on the firm reaches it
      const select = longFields(p, 0, {}, evidence).map(([f]) => (BASE.has(f) ? f : `u.${f}`)).join(', ');
      return `SELECT ${select} FROM (SELECT firm_id, district, industry_code, UNNEST([${rows.join(',\n  ')}]) AS u FROM ${table(i)}${joined ? ` LEFT JOIN ${across} j USING (firm_id)` : ''})`;
    })
    .join('\nUNION ALL\n');
}
