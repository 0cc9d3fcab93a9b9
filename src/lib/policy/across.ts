/**
 * 就高 across packages: where clauses of several packages evaluated together may pay the same firm, the
 * firm keeps only the highest award (on a tie, the first member in package then clause order); the
 * others become 'stacked'. Applied while the wide results (one row per firm) become (firm, clause) rows.
 */
import { literal } from '../db/types.ts';
import type { Package } from './schema.ts';
import { longFields, selectList, stackedByColumn } from './compile.ts';

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

/** Package i's clauses as (firm, clause) row columns (longFields), 就高 losers against `across` made 'stacked'. */
function clauseFields(p: Package, plan: AcrossPlan, across: string | null, evidence: boolean) {
  return p.clauses.map((c, k) => {
    const name = `${p.id}:${c.id}`;
    const g = plan.groupOf.get(name);
    if (g === undefined || !across) return { fields: longFields(p, k, {}, evidence), joined: false };
    const lost = `st_${k} = 'paid' AND j.winner_${g} <> ${literal(name)}`;
    const over = {
      status: `CASE WHEN ${lost} THEN 'stacked' ELSE st_${k} END`,
      award: `CASE WHEN ${lost} THEN 0 ELSE a_${k} END`,
      stackedBy: `CASE WHEN ${lost} THEN j.winner_${g} ELSE ${stackedByColumn(p, k)} END`
    };
    return { fields: longFields(p, k, over, evidence), joined: true };
  });
}

const withAcross = (from: string, joined: boolean, across: string | null) => (joined ? `${from} LEFT JOIN ${across} j USING (firm_id)` : from);

/**
 * One row per (package, firm, clause) read from the wide results; 就高 losers (against `across`, see acrossSql)
 * become 'stacked'. `evidence`: whether the wide results carry evidence columns. Reads each wide result once per
 * clause: the fastest for reading every firm (totals, lists, the simulate page's baseline).
 */
export function longSql(packages: Package[], plan: AcrossPlan, table: (i: number) => string, across: string | null, evidence = true): string {
  return packages
    .flatMap((p, i) =>
      clauseFields(p, plan, across, evidence).map(({ fields, joined }) => `SELECT ${selectList(fields)} FROM ${withAcross(table(i), joined, across)}`)
    )
    .join('\nUNION ALL\n');
}

/** Columns of the firm itself, read from the wide result as they are. */
const BASE = new Set(['firm_id', 'district', 'industry_code']);

/**
 * The same rows as longSql, each package's wide result read once with its clauses unnested from the firm's row: a
 * reader of a few firms scans a table per package instead of one per clause (one firm at 500,000 firms in Node:
 * 27 ms instead of 103 ms), while reading every firm this way was slower in the browser (province: the simulate
 * page's baseline 3.4 s -> 5.6 s), hence both.
 */
export function longByFirmSql(packages: Package[], plan: AcrossPlan, table: (i: number) => string, across: string | null): string {
  return packages
    .map((p, i) => {
      const clauses = clauseFields(p, plan, across, false);
      const rows = clauses.map(({ fields }) => `{${fields.filter(([f]) => !BASE.has(f)).map(([f, sql]) => `${literal(f)}: ${sql}`).join(', ')}}`);
      // the firm's own columns stay columns of the scan, so a filter on the firm reaches it
      const select = clauses[0].fields.map(([f]) => (BASE.has(f) ? f : `u.${f}`)).join(', ');
      const from = withAcross(table(i), clauses.some((c) => c.joined), across);
      return `SELECT ${select} FROM (SELECT firm_id, district, industry_code, UNNEST([${rows.join(',\n  ')}]) AS u FROM ${from})`;
    })
    .join('\nUNION ALL\n');
}
