/**
 * Evaluates several packages into one awards table, applies 就高 (take the highest across packages),
 * and summarises outlay by clause, district, industry and size band. Every UI view, export and the
 * CLI read this table.
 */
import { ident, literal, type Db, type Param } from '../db/types.ts';
import type { Package } from './schema.ts';
import { compileWide, longColumns } from './compile.ts';
import { packageStatements } from './evaluate.ts';
import type { ParamValues } from './context.ts';

export type Scenario = Record<string, ParamValues>;

/** Size bands by the firm's output in the latest year of the data (万元). */
export const SIZE_BANDS = [
  { id: 'lt20m', min: 0, zh: '2000万元以下', en: 'below 20 million' },
  { id: '20m-100m', min: 2000, zh: '2000万–1亿元', en: '20-100 million' },
  { id: '100m-500m', min: 10000, zh: '1亿–5亿元', en: '100-500 million' },
  { id: '500m-1b', min: 50000, zh: '5亿–10亿元', en: '500 million-1 billion' },
  { id: 'ge1b', min: 100000, zh: '10亿元以上', en: '1 billion and more' }
] as const;

/** Per-firm descriptors shared by every package (name, district, industry, size band). Once per load. */
export function firmProfileSql(): string {
  const band = `CASE ${[...SIZE_BANDS].reverse().map((b) => `WHEN latest_output_10k >= ${b.min} THEN ${literal(b.id)}`).join(' ')} END`;
  return `CREATE OR REPLACE TABLE firm_profile AS
WITH ids AS (SELECT firm_id FROM enterprises UNION SELECT firm_id FROM quarterly),
latest AS (SELECT max(substr(period, 1, 4)) AS y FROM quarterly),
annual AS (SELECT firm_id, SUM(output_10k) AS latest_output_10k FROM quarterly, latest WHERE substr(period, 1, 4) = latest.y GROUP BY firm_id)
SELECT ids.firm_id, e.name, e.district, e.industry_code, substr(e.industry_code, 1, 2) AS industry_division, annual.latest_output_10k,
  ${band} AS size_band
FROM ids LEFT JOIN enterprises e USING (firm_id) LEFT JOIN annual USING (firm_id)`;
}

/** The parameter-independent statements run once per data load (same text in every engine). */
export function prepareStatements(packages: Package[]): string[] {
  return [firmProfileSql(), ...packages.flatMap(packageStatements)];
}

export async function prepareAll(db: Db, packages: Package[]): Promise<void> {
  for (const sql of prepareStatements(packages)) await db.exec(sql);
}

interface AcrossPlan {
  /** The 就高 groups among the packages evaluated together. */
  groups: { id: string; members: { name: string; i: number; k: number; rank: number }[] }[];
  memberOf: Map<string, { g: number; rank: number }>;
}

/** 就高 groups restricted to the packages evaluated together; members ordered by (package, clause). */
function planAcross(packages: Package[]): AcrossPlan {
  const index = new Map(packages.map((p, i) => [p.id, i]));
  const where = (m: string) => {
    const [pkgId, clauseId] = m.split(':');
    const i = index.get(pkgId)!;
    const k = packages[i].clauses.findIndex((c) => c.id === clauseId);
    if (k < 0) throw new Error(`就高 group names unknown clause ${m}`);
    return { i, k };
  };
  const memberOf = new Map<string, { g: number; rank: number }>();
  const groups = packages
    .flatMap((p) => p.acrossPackages)
    .map((g) => ({ id: g.id, names: g.members.filter((m) => index.has(m.split(':')[0])) }))
    .filter((g) => g.names.length > 1)
    .map((g, gi) => {
      const members = g.names.map((name) => ({ name, ...where(name) })).sort((a, b) => a.i - b.i || a.k - b.k);
      return { id: g.id, members: members.map((m, rank) => (memberOf.set(m.name, { g: gi, rank }), { ...m, rank })) };
    });
  return { groups, memberOf };
}

/** Per firm, the winner of each 就高 group: the highest paid award, on a tie the first member. */
function acrossSql(plan: AcrossPlan, table: (i: number) => string): string {
  const used = [...new Set(plan.groups.flatMap((g) => g.members.map((m) => m.i)))];
  const keys = plan.groups.map((g, gi) => {
    const best = `GREATEST(${g.members.map((m) => `CASE WHEN w${m.i}.st_${m.k} = 'paid' THEN w${m.i}.a_${m.k} * 1024 + ${1023 - m.rank} END`).join(', ')})`;
    return `${best} AS win_${gi}, CASE 1023 - (${best} % 1024) ${g.members.map((m) => `WHEN ${m.rank} THEN ${literal(m.name)}`).join(' ')} END AS winner_${gi}`;
  });
  return `SELECT w${used[0]}.firm_id, ${keys.join(', ')} FROM ${used.map((i, n) => `${table(i)} w${i}${n ? ' USING (firm_id)' : ''}`).join(' JOIN ')}`;
}

/** One row per (package, firm, clause), read from the wide results; 就高 losers become 'stacked'. */
function longSql(packages: Package[], plan: AcrossPlan, table: (i: number) => string, across: string | null): string {
  return packages
    .flatMap((p, i) =>
      p.clauses.map((c, k) => {
        const member = plan.memberOf.get(`${p.id}:${c.id}`);
        if (!member || !across) return `SELECT ${longColumns(p, k)} FROM ${table(i)}`;
        const lost = `st_${k} = 'paid' AND j.win_${member.g} <> a_${k} * 1024 + ${1023 - member.rank}`;
        return `SELECT ${longColumns(p, k, {
          status: `CASE WHEN ${lost} THEN 'stacked' ELSE st_${k} END`,
          award: `CASE WHEN ${lost} THEN 0 ELSE a_${k} END`,
          stackedBy: `CASE WHEN ${lost} THEN j.winner_${member.g} ELSE sb_${k} END`
        })} FROM ${table(i)} LEFT JOIN ${across} j USING (firm_id)`;
      })
    )
    .join('\nUNION ALL\n');
}

/** SQL + params of all packages' rows (one per package, firm and clause) after 就高 across packages. */
export function compileAll(packages: Package[], scenario: Scenario = {}, evidence = true): { sql: string; params: Param[] } {
  const params: Param[] = [];
  const ctes = packages.map((p, i) => `w${i} AS MATERIALIZED (${compileWide(p, scenario[p.id] ?? {}, { evidence, params }).sql})`);
  const plan = planAcross(packages);
  const table = (i: number) => `w${i}`;
  if (plan.groups.length) ctes.push(`j AS (${acrossSql(plan, table)})`);
  return { sql: `WITH ${ctes.join(',\n')}\n${longSql(packages, plan, table, plan.groups.length ? 'j' : null)}`, params };
}

/**
 * Evaluates a scenario into tables: one wide table per package (`<name>__w<i>`, a row per firm), the
 * 就高 winners (`<name>__j`), and the view `<name>` with one row per (package, firm, clause). Storing
 * the wide results keeps memory near one row per firm instead of one per clause.
 */
export async function evaluateAll(db: Db, packages: Package[], scenario: Scenario = {}, name = 'awards', evidence = true): Promise<void> {
  const table = (i: number) => ident(`${name}__w${i}`);
  // an earlier evaluation may have left a table or a view under this name
  for (const { kind } of await db.query<{ kind: string }>(
    `SELECT 'VIEW' AS kind FROM duckdb_views() WHERE view_name = $1 AND NOT internal UNION ALL SELECT 'TABLE' FROM duckdb_tables() WHERE table_name = $1`,
    [name]
  ))
    await db.exec(`DROP ${kind} ${ident(name)}`);
  for (const [i, p] of packages.entries()) {
    const wide = compileWide(p, scenario[p.id] ?? {}, { evidence });
    await db.query(`CREATE OR REPLACE TABLE ${table(i)} AS ${wide.sql}`, wide.params);
  }
  const plan = planAcross(packages);
  const across = plan.groups.length ? ident(`${name}__j`) : null;
  if (across) await db.exec(`CREATE OR REPLACE TABLE ${across} AS ${acrossSql(plan, table)}`);
  await db.exec(`CREATE VIEW ${ident(name)} AS ${longSql(packages, plan, table, across)}`);
}

export interface ClauseTotal {
  package: string;
  clause: string;
  recipients: number;
  outlay_yuan: number;
  claimed_yuan: number;
  unknown: number;
  pool_yuan: number | null;
  /** Claims over the envelope (above 1 = oversubscribed); NULL without a pool. */
  pool_fill: number | null;
  /** Paid over claimed for pooled clauses (1 when the pool covers every claim). */
  pro_rata_ratio: number | null;
}

export async function totalsByClause(db: Db, table = 'awards'): Promise<ClauseTotal[]> {
  return db.query<ClauseTotal & Record<string, never>>(`SELECT *,
    CASE WHEN pool_yuan > 0 THEN claimed_yuan::DOUBLE / pool_yuan END AS pool_fill,
    CASE WHEN pool_yuan > 0 AND claimed_yuan > 0 THEN outlay_yuan::DOUBLE / claimed_yuan END AS pro_rata_ratio
  FROM (SELECT package, clause, min(clause_order) AS clause_order,
    count(*) FILTER (WHERE status = 'paid') AS recipients,
    COALESCE(SUM(award_yuan), 0)::BIGINT AS outlay_yuan,
    COALESCE(SUM(capped_yuan) FILTER (WHERE status IN ('paid', 'pool_exhausted')), 0)::BIGINT AS claimed_yuan,
    count(*) FILTER (WHERE status = 'unknown') AS unknown,
    max(pool_yuan) AS pool_yuan
  FROM ${ident(table)} GROUP BY package, clause) ORDER BY package, clause_order`);
}

/** Outlay and recipients grouped by a firm descriptor (district, industry_division, size_band). */
export async function totalsBy(db: Db, by: 'district' | 'industry_division' | 'size_band', table = 'awards') {
  return db.query<{ key: string | null; recipients: number; outlay_yuan: number; awards: number }>(
    `SELECT f.${by} AS key, count(DISTINCT a.firm_id) FILTER (WHERE a.status = 'paid') AS recipients,
       count(*) FILTER (WHERE a.status = 'paid') AS awards, COALESCE(SUM(a.award_yuan), 0)::BIGINT AS outlay_yuan
     FROM ${ident(table)} a JOIN firm_profile f USING (firm_id) GROUP BY 1 ORDER BY outlay_yuan DESC, key`
  );
}

/** The packages a what-if must evaluate again: those with overrides and, transitively, their 就高 partners. */
export function affectedPackages(packages: Package[], scenario: Scenario): Package[] {
  const ids = new Set(Object.keys(scenario).filter((id) => Object.keys(scenario[id] ?? {}).length));
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of packages)
      for (const g of p.acrossPackages) {
        const members = new Set([p.id, ...g.members.map((m) => m.split(':')[0])]);
        if ([...members].some((id) => ids.has(id)) && [...members].some((id) => !ids.has(id) && packages.some((q) => q.id === id))) {
          for (const id of members) if (packages.some((q) => q.id === id)) ids.add(id);
          grew = true;
        }
      }
  }
  return packages.filter((p) => ids.has(p.id));
}

export interface ScenarioTotal {
  package: string;
  clause: string;
  outlay_yuan: number;
  recipients: number;
}

/**
 * Outlay and recipients by clause under a scenario: the affected packages are evaluated again without
 * evidence (a prepared statement, so only the parameters change between what-ifs); the others are read
 * from the baseline table.
 */
export async function scenarioTotals(db: Db, packages: Package[], scenario: Scenario, baseline = 'awards'): Promise<ScenarioTotal[]> {
  const affected = affectedPackages(packages, scenario);
  const totals = (from: string) => `SELECT package, clause, SUM(award_yuan)::BIGINT AS outlay_yuan, count(*) FILTER (WHERE status = 'paid') AS recipients FROM ${from} GROUP BY ALL`;
  const parts: string[] = [];
  let params: Param[] = [];
  if (affected.length) {
    const all = compileAll(affected, scenario, false);
    params = all.params;
    parts.push(totals(`(${all.sql})`));
  }
  const others = packages.filter((p) => !affected.includes(p)).map((p) => literal(p.id));
  if (others.length) parts.push(totals(`${ident(baseline)} WHERE package IN (${others.join(', ')})`));
  return db.query<ScenarioTotal & Record<string, never>>(`SELECT * FROM (${parts.join(' UNION ALL ')}) ORDER BY package, clause`, params);
}
