/**
 * One what-if against the baseline `awards`: the packages the scenario touches (and their 就高 partners)
 * are evaluated again without evidence into `sim_now`; everything else is the baseline. The answer is the
 * outlay and recipients in all, by clause, district and industry, the firms that gain or lose, pools, and
 * the outlay as a range where data is missing. The same code runs in the browser, the bench and the tests.
 */
import { ident, literal, type Db, type Row } from '../db/types.ts';
import type { Package } from '../policy/schema.ts';
import { compileAll } from '../policy/awards.ts';
import { affectedPackages } from '../policy/what-if.ts';
import { metricsTableSql, tableKey } from '../policy/metrics-sql.ts';
import { regionTableSql } from '../policy/compile.ts';
import type { Applied } from './apply.ts';

export const NOW_TABLE = 'sim_now';

export interface ClauseResult {
  package: string;
  clause: string;
  clause_order: number;
  base_yuan: number;
  now_yuan: number;
  base_recipients: number;
  now_recipients: number;
  /** Assessments whose outcome needs data that is missing, under the scenario. */
  unknown: number;
  /** The most the clause could pay if every unknown assessment qualified (an upper bound). */
  upper_yuan: number;
  /** Unknown assessments whose amount cannot be bounded either (the amount itself needs missing data). */
  unbounded: number;
  pool_yuan: number | null;
  claimed_yuan: number;
}

export interface GroupResult {
  key: string | null;
  /** Townships, departments and schools paid by a clause: no district or industry of their own. */
  other: boolean;
  base_yuan: number;
  now_yuan: number;
}

export type ChangeKind = 'new' | 'dropped' | 'gain' | 'lose';

export interface FirmChange {
  firm_id: string;
  name: string | null;
  district: string | null;
  kind: ChangeKind;
  base_yuan: number;
  now_yuan: number;
}

export interface WhatIfResult {
  total: { base_yuan: number; now_yuan: number; base_recipients: number; now_recipients: number; upper_yuan: number; unknown_firms: number; unbounded: number };
  clauses: ClauseResult[];
  districts: GroupResult[];
  industries: GroupResult[];
  changes: { counts: Record<ChangeKind, number>; rows: FirmChange[] };
  /** Packages evaluated again (the rest is read from the baseline). */
  evaluated: string[];
}

/** Rows of firms that gain or lose kept for the table (the counts cover all). */
export const CHANGE_ROWS = 200;

/**
 * Builds the parameter-independent tables of packages the baseline did not prepare (a package re-based
 * onto another year has its own). `prepared` remembers them for this data load.
 */
export async function prepareScenario(db: Db, packages: Package[], prepared: Set<string>): Promise<void> {
  for (const p of packages) {
    if (prepared.has(tableKey(p))) continue;
    for (const sql of [metricsTableSql(p), regionTableSql(p)]) if (sql) await db.exec(sql);
    prepared.add(tableKey(p));
  }
}

const n = (v: unknown) => Number(v ?? 0);
const notIn = (packages: Package[]) => (packages.length ? `package NOT IN (${packages.map((p) => literal(p.id)).join(', ')})` : 'TRUE');

export async function runWhatIf(db: Db, applied: Applied): Promise<WhatIfResult> {
  const affected = affectedPackages(applied.packages, applied.overrides, applied.changed);
  const unaffected = notIn(affected);
  const now = ident(NOW_TABLE);
  if (affected.length) {
    const all = compileAll(affected, applied.overrides, false);
    await db.query(
      `CREATE OR REPLACE TABLE ${now} AS SELECT package, firm_id, clause, clause_order, status, award_yuan, capped_yuan, pool_yuan FROM (${all.sql})`,
      all.params
    );
  } else {
    await db.exec(`CREATE OR REPLACE TABLE ${now} AS SELECT package, firm_id, clause, clause_order, status, award_yuan, capped_yuan, pool_yuan FROM awards LIMIT 0`);
  }
  const inForce = applied.packages.map((p) => literal(p.id)).join(', ');
  // both sides in one relation: side 0 the baseline, side 1 the scenario (the baseline where unaffected)
  const both = `(SELECT 0 AS side, package, firm_id, clause, clause_order, status, award_yuan, capped_yuan, pool_yuan FROM awards WHERE package IN (${inForce})
    UNION ALL SELECT 1, package, firm_id, clause, clause_order, status, award_yuan, capped_yuan, pool_yuan FROM awards WHERE package IN (${inForce}) AND ${unaffected}
    UNION ALL SELECT 1, * FROM ${now})`;

  const clauses = await db.query<Row>(`SELECT package, clause, min(clause_order)::INTEGER AS clause_order,
    COALESCE(SUM(award_yuan) FILTER (WHERE side = 0), 0)::BIGINT AS base_yuan,
    COALESCE(SUM(award_yuan) FILTER (WHERE side = 1), 0)::BIGINT AS now_yuan,
    count(*) FILTER (WHERE side = 0 AND status = 'paid')::INTEGER AS base_recipients,
    count(*) FILTER (WHERE side = 1 AND status = 'paid')::INTEGER AS now_recipients,
    count(*) FILTER (WHERE side = 1 AND status = 'unknown')::INTEGER AS unknown,
    COALESCE(SUM(capped_yuan) FILTER (WHERE side = 1 AND status = 'unknown'), 0)::BIGINT AS unknown_yuan,
    count(*) FILTER (WHERE side = 1 AND status = 'unknown' AND capped_yuan IS NULL)::INTEGER AS unbounded,
    max(pool_yuan) FILTER (WHERE side = 1)::BIGINT AS pool_yuan,
    COALESCE(SUM(capped_yuan) FILTER (WHERE side = 1 AND status IN ('paid', 'pool_exhausted')), 0)::BIGINT AS claimed_yuan
  FROM ${both} GROUP BY package, clause ORDER BY package, clause_order`);

  const groups = (key: string) =>
    db.query<Row>(`SELECT CASE WHEN p.firm_id IS NULL THEN NULL ELSE ${key} END AS key, p.firm_id IS NULL AS other,
      COALESCE(SUM(b.award_yuan) FILTER (WHERE side = 0), 0)::BIGINT AS base_yuan, COALESCE(SUM(b.award_yuan) FILTER (WHERE side = 1), 0)::BIGINT AS now_yuan
    FROM ${both} b LEFT JOIN firm_profile p ON p.firm_id = b.firm_id GROUP BY 1, 2 ORDER BY other, now_yuan DESC, key NULLS LAST`);
  const districts = await groups('p.district');
  const industries = await groups('p.industry_division');

  const perFirm = `SELECT firm_id, COALESCE(SUM(award_yuan) FILTER (WHERE side = 0), 0)::BIGINT AS base_yuan, COALESCE(SUM(award_yuan) FILTER (WHERE side = 1), 0)::BIGINT AS now_yuan,
      bool_or(side = 0 AND status = 'paid') AS base_paid, bool_or(side = 1 AND status = 'paid') AS now_paid, bool_or(side = 1 AND status = 'unknown') AS now_unknown
    FROM ${both} GROUP BY firm_id`;
  const kind = `CASE WHEN NOT base_paid AND now_paid THEN 'new' WHEN base_paid AND NOT now_paid THEN 'dropped' WHEN now_yuan > base_yuan THEN 'gain' ELSE 'lose' END`;
  const [summary] = await db.query<Row>(`WITH f AS (${perFirm})
    SELECT count(*) FILTER (WHERE base_paid)::INTEGER AS base_recipients, count(*) FILTER (WHERE now_paid)::INTEGER AS now_recipients,
      count(*) FILTER (WHERE now_unknown AND NOT now_paid)::INTEGER AS unknown_firms,
      count(*) FILTER (WHERE NOT base_paid AND now_paid)::INTEGER AS "new", count(*) FILTER (WHERE base_paid AND NOT now_paid)::INTEGER AS dropped,
      count(*) FILTER (WHERE base_paid AND now_paid AND now_yuan > base_yuan)::INTEGER AS gain,
      count(*) FILTER (WHERE base_paid AND now_paid AND now_yuan < base_yuan)::INTEGER AS lose
    FROM f`);
  const rows = await db.query<Row>(`WITH f AS (${perFirm})
    SELECT f.firm_id, p.name, p.district, ${kind} AS kind, base_yuan, now_yuan FROM f LEFT JOIN firm_profile p USING (firm_id)
    WHERE now_yuan <> base_yuan OR base_paid <> now_paid ORDER BY abs(now_yuan - base_yuan) DESC, firm_id LIMIT ${CHANGE_ROWS}`);

  const clauseRows: ClauseResult[] = clauses.map((c) => {
    const pool = c.pool_yuan === null || c.pool_yuan === undefined ? null : n(c.pool_yuan);
    const upper = n(c.unknown) === 0 ? n(c.now_yuan) : pool !== null ? Math.max(n(c.now_yuan), Math.min(pool, n(c.claimed_yuan) + n(c.unknown_yuan))) : n(c.now_yuan) + n(c.unknown_yuan);
    return {
      package: String(c.package),
      clause: String(c.clause),
      clause_order: n(c.clause_order),
      base_yuan: n(c.base_yuan),
      now_yuan: n(c.now_yuan),
      base_recipients: n(c.base_recipients),
      now_recipients: n(c.now_recipients),
      unknown: n(c.unknown),
      upper_yuan: upper,
      unbounded: n(c.unbounded),
      pool_yuan: pool,
      claimed_yuan: n(c.claimed_yuan)
    };
  });
  const group = (g: Record<string, unknown>): GroupResult => ({ key: g.key === null ? null : String(g.key), other: Boolean(g.other), base_yuan: n(g.base_yuan), now_yuan: n(g.now_yuan) });
  const sum = (f: (c: ClauseResult) => number) => clauseRows.reduce((a, c) => a + f(c), 0);
  return {
    total: {
      base_yuan: sum((c) => c.base_yuan),
      now_yuan: sum((c) => c.now_yuan),
      base_recipients: n(summary.base_recipients),
      now_recipients: n(summary.now_recipients),
      upper_yuan: sum((c) => c.upper_yuan),
      unknown_firms: n(summary.unknown_firms),
      unbounded: sum((c) => c.unbounded)
    },
    clauses: clauseRows,
    districts: districts.map(group),
    industries: industries.map(group),
    changes: {
      counts: { new: n(summary.new), dropped: n(summary.dropped), gain: n(summary.gain), lose: n(summary.lose) },
      rows: rows.map((r) => ({ firm_id: String(r.firm_id), name: (r.name as string) ?? null, district: (r.district as string) ?? null, kind: r.kind as ChangeKind, base_yuan: n(r.base_yuan), now_yuan: n(r.now_yuan) }))
    },
    evaluated: affected.map((p) => p.id)
  };
}

/** What a budget covers: every package in force, one package, or one clause. */
export interface Scope {
  package?: string;
  clause?: string;
}

/** Outlay and recipients of a scenario only (sweeps, goal-seek, sensitivity): no breakdowns. */
export async function outlayOf(db: Db, applied: Applied, scope: Scope = {}): Promise<{ outlay_yuan: number; recipients: number }> {
  const affected = affectedPackages(applied.packages, applied.overrides, applied.changed);
  const inForce = applied.packages.map((p) => literal(p.id)).join(', ');
  const all = affected.length ? compileAll(affected, applied.overrides, false) : null;
  const parts = [`SELECT package, clause, firm_id, status, award_yuan FROM awards WHERE package IN (${inForce}) AND ${notIn(affected)}`];
  if (all) parts.push(`SELECT package, clause, firm_id, status, award_yuan FROM (${all.sql})`);
  const where = [scope.package ? `package = ${literal(scope.package)}` : '', scope.clause ? `clause = ${literal(scope.clause)}` : ''].filter(Boolean);
  const [r] = await db.query<Row>(
    `SELECT COALESCE(SUM(award_yuan), 0)::BIGINT AS outlay_yuan, count(DISTINCT firm_id) FILTER (WHERE status = 'paid')::INTEGER AS recipients
     FROM (${parts.join(' UNION ALL ')})${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`,
    all?.params ?? []
  );
  return { outlay_yuan: n(r.outlay_yuan), recipients: n(r.recipients) };
}

/** Outlay and recipients by clause of a scenario, without touching `sim_now` (comparisons run beside the live what-if). */
export async function totalsOf(db: Db, applied: Applied): Promise<{ clauses: { package: string; clause: string; outlay_yuan: number; recipients: number }[]; recipients: number }> {
  const affected = affectedPackages(applied.packages, applied.overrides, applied.changed);
  const inForce = applied.packages.map((p) => literal(p.id)).join(', ');
  const all = affected.length ? compileAll(affected, applied.overrides, false) : null;
  const parts = [`SELECT package, clause, clause_order, firm_id, status, award_yuan FROM awards WHERE package IN (${inForce}) AND ${notIn(affected)}`];
  if (all) parts.push(`SELECT package, clause, clause_order, firm_id, status, award_yuan FROM (${all.sql})`);
  const rows = await db.query<Row>(
    `WITH r AS (${parts.join(' UNION ALL ')})
     SELECT package, clause, min(clause_order) AS clause_order, COALESCE(SUM(award_yuan), 0)::BIGINT AS outlay_yuan, count(*) FILTER (WHERE status = 'paid')::INTEGER AS recipients,
       (SELECT count(DISTINCT firm_id) FILTER (WHERE status = 'paid') FROM r)::INTEGER AS firms
     FROM r GROUP BY package, clause ORDER BY package, clause_order`,
    all?.params ?? []
  );
  return { clauses: rows.map((r) => ({ package: String(r.package), clause: String(r.clause), outlay_yuan: n(r.outlay_yuan), recipients: n(r.recipients) })), recipients: n(rows[0]?.firms) };
}
