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
const ids = (packages: Package[]) => packages.map((p) => literal(p.id)).join(', ') || 'NULL';
const notIn = (packages: Package[]) => (packages.length ? `package NOT IN (${ids(packages)})` : 'TRUE');
const isIn = (packages: Package[]) => (packages.length ? `package IN (${ids(packages)})` : 'FALSE');

const BASE_ROWS = 'sim_base';
const BASE_FIRMS = 'sim_base_firm';
const COLUMNS = 'package, firm_id, clause, clause_order, status, award_yuan, capped_yuan, pool_yuan';

/**
 * The baseline as a what-if reads it, built once per baseline evaluation: its rows copied out of the
 * `awards` view (reading the view unpivots every package each time), per (firm, package) amounts and
 * flags, and the totals by clause, district and industry. A what-if then touches only the rows of the
 * packages it evaluates again.
 */
export interface SimBase {
  key: string;
  clauses: ClauseResult[];
  districts: GroupResult[];
  industries: GroupResult[];
  recipients: number;
  unknown_firms: number;
  /** Baseline recipients of a set of packages in force (a set is asked for on every what-if: read once). */
  recipientsOf: Map<string, Promise<number>>;
}

let memo: { db: Db; key: string; job: Promise<SimBase> } | null = null;

/** The baseline summary for the `awards` evaluated now; `key` names that evaluation (baselineKey). */
export function simBase(db: Db, key: string): Promise<SimBase> {
  if (memo && memo.db === db && memo.key === key) return memo.job;
  const job = buildBase(db, key);
  const entry = { db, key, job };
  memo = entry;
  job.catch(() => {
    if (memo === entry) memo = null;
  });
  return job;
}

async function buildBase(db: Db, key: string): Promise<SimBase> {
  await db.exec(`CREATE OR REPLACE TABLE ${BASE_ROWS} AS SELECT ${COLUMNS} FROM awards`);
  await db.exec(`CREATE OR REPLACE TABLE ${BASE_FIRMS} AS SELECT firm_id, package, SUM(award_yuan)::BIGINT AS yuan, bool_or(status = 'paid') AS paid, bool_or(status = 'unknown') AS unknown
    FROM ${BASE_ROWS} GROUP BY firm_id, package`);
  const clauses = (await db.query<Row>(clauseSql(`(SELECT 0 AS side, * FROM ${BASE_ROWS} UNION ALL SELECT 1, * FROM ${BASE_ROWS})`))).map(clauseRow);
  const groups = async (key: string) => (await db.query<Row>(groupSql(`(SELECT 1 AS side, * FROM ${BASE_ROWS})`, key))).map(groupRow).map((g) => ({ ...g, base_yuan: g.now_yuan }));
  const [f] = await db.query<Row>(`SELECT count(DISTINCT firm_id) FILTER (WHERE paid)::INTEGER AS recipients,
    (SELECT count(*) FROM (SELECT firm_id FROM ${BASE_FIRMS} GROUP BY firm_id HAVING bool_or(unknown) AND NOT bool_or(paid)))::INTEGER AS unknown_firms FROM ${BASE_FIRMS}`);
  return { key, clauses, districts: await groups('p.district'), industries: await groups('p.industry_division'), recipients: n(f.recipients), unknown_firms: n(f.unknown_firms), recipientsOf: new Map() };
}

/** Totals by clause of rows with a `side` (0 baseline, 1 scenario). */
function clauseSql(both: string): string {
  return `SELECT package, clause, min(clause_order)::INTEGER AS clause_order,
    COALESCE(SUM(award_yuan) FILTER (WHERE side = 0), 0)::BIGINT AS base_yuan,
    COALESCE(SUM(award_yuan) FILTER (WHERE side = 1), 0)::BIGINT AS now_yuan,
    count(*) FILTER (WHERE side = 0 AND status = 'paid')::INTEGER AS base_recipients,
    count(*) FILTER (WHERE side = 1 AND status = 'paid')::INTEGER AS now_recipients,
    count(*) FILTER (WHERE side = 1 AND status = 'unknown')::INTEGER AS unknown,
    COALESCE(SUM(capped_yuan) FILTER (WHERE side = 1 AND status = 'unknown'), 0)::BIGINT AS unknown_yuan,
    count(*) FILTER (WHERE side = 1 AND status = 'unknown' AND capped_yuan IS NULL)::INTEGER AS unbounded,
    max(pool_yuan) FILTER (WHERE side = 1)::BIGINT AS pool_yuan,
    COALESCE(SUM(capped_yuan) FILTER (WHERE side = 1 AND status IN ('paid', 'pool_exhausted')), 0)::BIGINT AS claimed_yuan
  FROM ${both} GROUP BY package, clause ORDER BY package, clause_order`;
}

function clauseRow(c: Row): ClauseResult {
  const pool = c.pool_yuan === null || c.pool_yuan === undefined ? null : n(c.pool_yuan);
  // if every unknown assessment qualified: a pool still caps the clause
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
}

/** The change by district or industry: scenario minus baseline of rows with a side. */
function groupSql(both: string, key: string): string {
  return `SELECT CASE WHEN p.firm_id IS NULL THEN NULL ELSE ${key} END AS key, p.firm_id IS NULL AS other,
      COALESCE(SUM(b.award_yuan) FILTER (WHERE side = 0), 0)::BIGINT AS base_yuan, COALESCE(SUM(b.award_yuan) FILTER (WHERE side = 1), 0)::BIGINT AS now_yuan
    FROM ${both} b LEFT JOIN firm_profile p ON p.firm_id = b.firm_id GROUP BY 1, 2`;
}

const groupRow = (g: Row): GroupResult => ({ key: g.key === null || g.key === undefined ? null : String(g.key), other: Boolean(g.other), base_yuan: n(g.base_yuan), now_yuan: n(g.now_yuan) });

/** The baseline groups with the affected rows' change added; sorted as the page shows them. */
function mergeGroups(base: GroupResult[], delta: GroupResult[]): GroupResult[] {
  const id = (g: GroupResult) => `${g.other}|${g.key}`;
  const out = new Map(base.map((g) => [id(g), { ...g }]));
  for (const d of delta) {
    const g = out.get(id(d)) ?? { key: d.key, other: d.other, base_yuan: 0, now_yuan: 0 };
    g.now_yuan += d.now_yuan - d.base_yuan;
    out.set(id(d), g);
  }
  return [...out.values()].sort((a, b) => Number(a.other) - Number(b.other) || b.now_yuan - a.now_yuan || String(a.key ?? '\uffff').localeCompare(String(b.key ?? '\uffff')));
}

async function evaluateInto(db: Db, applied: Applied, affected: Package[]): Promise<void> {
  const now = ident(NOW_TABLE);
  if (!affected.length) return void (await db.exec(`CREATE OR REPLACE TABLE ${now} AS SELECT ${COLUMNS} FROM ${BASE_ROWS} LIMIT 0`));
  const all = compileAll(affected, applied.overrides, false);
  await db.query(`CREATE OR REPLACE TABLE ${now} AS SELECT ${COLUMNS} FROM (${all.sql})`, all.params);
}

export async function runWhatIf(db: Db, applied: Applied, base: SimBase): Promise<WhatIfResult> {
  const affected = affectedPackages(applied.packages, applied.overrides, applied.changed);
  await evaluateInto(db, applied, affected);
  const now = ident(NOW_TABLE);
  // only the affected packages' rows, both sides; everything else is the baseline summary
  const both = `(SELECT 0 AS side, * FROM ${BASE_ROWS} WHERE ${isIn(affected)} UNION ALL SELECT 1, * FROM ${now})`;
  const changed = new Map((await db.query<Row>(clauseSql(both))).map((c) => [`${c.package}:${c.clause}`, clauseRow(c)]));
  const inForce = new Set(applied.packages.map((p) => p.id));
  const kept = new Set(affected.map((p) => p.id));
  const clauses = [
    ...base.clauses.filter((c) => inForce.has(c.package) && !kept.has(c.package)),
    ...changed.values(),
    // a clause with no rows on either side (nothing assessed)
    ...base.clauses.filter((c) => kept.has(c.package) && !changed.has(`${c.package}:${c.clause}`)).map((c) => ({ ...c, now_yuan: 0, now_recipients: 0, unknown: 0, upper_yuan: 0, unbounded: 0, claimed_yuan: 0 }))
  ].sort((a, b) => a.package.localeCompare(b.package) || a.clause_order - b.clause_order);

  const districts = mergeGroups(base.districts, (await db.query<Row>(groupSql(both, 'p.district'))).map(groupRow));
  const industries = mergeGroups(base.industries, (await db.query<Row>(groupSql(both, 'p.industry_division'))).map(groupRow));

  // per firm: the affected packages from both sides, the other packages in force from the baseline
  const elsewhere = `SELECT firm_id, SUM(yuan) AS e_yuan, bool_or(paid) AS e_paid, bool_or(unknown) AS e_unknown FROM ${BASE_FIRMS}
    WHERE ${notIn(affected)} AND package IN (${ids(applied.packages)}) GROUP BY firm_id`;
  const perFirm = `WITH a AS (SELECT firm_id, COALESCE(SUM(award_yuan) FILTER (WHERE side = 0), 0) AS b_yuan, COALESCE(SUM(award_yuan) FILTER (WHERE side = 1), 0) AS n_yuan,
      COALESCE(bool_or(side = 0 AND status = 'paid'), FALSE) AS b_paid, COALESCE(bool_or(side = 1 AND status = 'paid'), FALSE) AS n_paid,
      COALESCE(bool_or(side = 0 AND status = 'unknown'), FALSE) AS b_unknown, COALESCE(bool_or(side = 1 AND status = 'unknown'), FALSE) AS n_unknown
    FROM ${both} GROUP BY firm_id),
    e AS (${elsewhere})
    SELECT a.firm_id, (b_yuan + COALESCE(e_yuan, 0))::BIGINT AS base_yuan, (n_yuan + COALESCE(e_yuan, 0))::BIGINT AS now_yuan,
      b_paid OR COALESCE(e_paid, FALSE) AS base_paid, n_paid OR COALESCE(e_paid, FALSE) AS now_paid,
      (b_unknown OR COALESCE(e_unknown, FALSE)) AND NOT (b_paid OR COALESCE(e_paid, FALSE)) AS base_open,
      (n_unknown OR COALESCE(e_unknown, FALSE)) AND NOT (n_paid OR COALESCE(e_paid, FALSE)) AS now_open
    FROM a LEFT JOIN e USING (firm_id)`;
  await db.exec(`CREATE OR REPLACE TEMP TABLE sim_firms AS ${perFirm}`);
  const [summary] = await db.query<Row>(`SELECT
      count(*) FILTER (WHERE NOT base_paid AND now_paid)::INTEGER AS "new", count(*) FILTER (WHERE base_paid AND NOT now_paid)::INTEGER AS dropped,
      count(*) FILTER (WHERE base_paid AND now_paid AND now_yuan > base_yuan)::INTEGER AS gain,
      count(*) FILTER (WHERE base_paid AND now_paid AND now_yuan < base_yuan)::INTEGER AS lose,
      (count(*) FILTER (WHERE now_open) - count(*) FILTER (WHERE base_open))::INTEGER AS open_change
    FROM sim_firms`);
  const kind = `CASE WHEN NOT base_paid AND now_paid THEN 'new' WHEN base_paid AND NOT now_paid THEN 'dropped' WHEN now_yuan > base_yuan THEN 'gain' ELSE 'lose' END`;
  const rows = await db.query<Row>(`SELECT f.firm_id, p.name, p.district, ${kind} AS kind, base_yuan, now_yuan FROM sim_firms f LEFT JOIN firm_profile p USING (firm_id)
    WHERE now_yuan <> base_yuan OR base_paid <> now_paid ORDER BY abs(now_yuan - base_yuan) DESC, f.firm_id LIMIT ${CHANGE_ROWS}`);

  const counts = { new: n(summary.new), dropped: n(summary.dropped), gain: n(summary.gain), lose: n(summary.lose) };
  const sum = (f: (c: ClauseResult) => number) => clauses.reduce((a, c) => a + f(c), 0);
  const baseRecipients = await recipientsIn(db, applied, base);
  return {
    total: {
      base_yuan: sum((c) => c.base_yuan),
      now_yuan: sum((c) => c.now_yuan),
      base_recipients: baseRecipients,
      now_recipients: baseRecipients + counts.new - counts.dropped,
      upper_yuan: sum((c) => c.upper_yuan),
      unknown_firms: base.unknown_firms + n(summary.open_change),
      unbounded: sum((c) => c.unbounded)
    },
    clauses,
    districts,
    industries,
    changes: {
      counts,
      rows: rows.map((r) => ({ firm_id: String(r.firm_id), name: (r.name as string) ?? null, district: (r.district as string) ?? null, kind: r.kind as ChangeKind, base_yuan: n(r.base_yuan), now_yuan: n(r.now_yuan) }))
    },
    evaluated: affected.map((p) => p.id)
  };
}

/** Recipients of the baseline among the packages in force (the summary holds all packages evaluated). */
function recipientsIn(db: Db, applied: Applied, base: SimBase): Promise<number> {
  const key = ids(applied.packages);
  let found = base.recipientsOf.get(key);
  if (!found) {
    found = db.query<Row>(`SELECT count(DISTINCT firm_id)::INTEGER AS n FROM ${BASE_FIRMS} WHERE paid AND package IN (${key})`).then(([r]) => n(r.n));
    base.recipientsOf.set(key, found);
    found.catch(() => base.recipientsOf.delete(key)); // a failure is not remembered
  }
  return found;
}

/** What a budget covers: every package in force, one package, or one clause. */
export interface Scope {
  package?: string;
  clause?: string;
}

/**
 * Outlay and recipients of a scenario only (sweeps, goal-seek, sensitivity): the affected packages
 * evaluated, the others' totals from the baseline summary; recipients as the firms paid in either.
 */
export async function outlayOf(db: Db, applied: Applied, base: SimBase, scope: Scope = {}): Promise<{ outlay_yuan: number; recipients: number }> {
  const affected = affectedPackages(applied.packages, applied.overrides, applied.changed);
  const inScope = (pkg: string, clause: string) => (!scope.package || pkg === scope.package) && (!scope.clause || clause === scope.clause);
  const kept = new Set(affected.map((p) => p.id));
  const inForce = new Set(applied.packages.map((p) => p.id));
  const fixed = base.clauses.filter((c) => inForce.has(c.package) && !kept.has(c.package) && inScope(c.package, c.clause)).reduce((a, c) => a + c.base_yuan, 0);
  if (!affected.length) {
    const [r] = await db.query<Row>(`SELECT count(DISTINCT firm_id)::INTEGER AS n FROM ${BASE_ROWS} WHERE status = 'paid' AND package IN (${ids(applied.packages)})${scopeSql(scope)}`);
    return { outlay_yuan: fixed, recipients: n(r.n) };
  }
  const all = compileAll(affected, applied.overrides, false);
  const [r] = await db.query<Row>(
    `WITH s AS (SELECT package, clause, firm_id, status, award_yuan FROM (${all.sql}) WHERE TRUE${scopeSql(scope)})
     SELECT (SELECT COALESCE(SUM(award_yuan), 0) FROM s)::BIGINT AS outlay_yuan,
       (SELECT count(*) FROM (SELECT firm_id FROM s WHERE status = 'paid' UNION SELECT firm_id FROM ${BASE_ROWS} WHERE status = 'paid' AND ${notIn(affected)} AND package IN (${ids(applied.packages)})${scopeSql(scope)}))::INTEGER AS recipients`,
    all.params
  );
  return { outlay_yuan: fixed + n(r.outlay_yuan), recipients: n(r.recipients) };
}

const scopeSql = (scope: Scope) => `${scope.package ? ` AND package = ${literal(scope.package)}` : ''}${scope.clause ? ` AND clause = ${literal(scope.clause)}` : ''}`;

/** Outlay and recipients by clause of a scenario, without touching `sim_now` (comparisons run beside the live what-if). */
export async function totalsOf(db: Db, applied: Applied, base: SimBase): Promise<{ clauses: { package: string; clause: string; outlay_yuan: number; recipients: number }[]; recipients: number }> {
  const affected = affectedPackages(applied.packages, applied.overrides, applied.changed);
  const kept = new Set(affected.map((p) => p.id));
  const inForce = new Set(applied.packages.map((p) => p.id));
  const fixed = base.clauses.filter((c) => inForce.has(c.package) && !kept.has(c.package)).map((c) => ({ package: c.package, clause: c.clause, clause_order: c.clause_order, outlay_yuan: c.base_yuan, recipients: c.base_recipients }));
  const all = affected.length ? compileAll(affected, applied.overrides, false) : null;
  const rows = all
    ? await db.query<Row>(
        `WITH s AS (SELECT package, clause, clause_order, firm_id, status, award_yuan FROM (${all.sql}))
         SELECT package, clause, min(clause_order)::INTEGER AS clause_order, COALESCE(SUM(award_yuan), 0)::BIGINT AS outlay_yuan, count(*) FILTER (WHERE status = 'paid')::INTEGER AS recipients,
           (SELECT count(*) FROM (SELECT firm_id FROM s WHERE status = 'paid' UNION SELECT firm_id FROM ${BASE_ROWS} WHERE status = 'paid' AND ${notIn(affected)} AND package IN (${ids(applied.packages)})))::INTEGER AS firms
         FROM s GROUP BY package, clause`,
        all.params
      )
    : [];
  const firms = all ? n(rows[0]?.firms) : await recipientsIn(db, applied, base);
  const clauses = [...fixed, ...rows.map((r) => ({ package: String(r.package), clause: String(r.clause), clause_order: n(r.clause_order), outlay_yuan: n(r.outlay_yuan), recipients: n(r.recipients) }))]
    .sort((a, b) => a.package.localeCompare(b.package) || a.clause_order - b.clause_order)
    .map(({ clause_order: _order, ...c }) => c);
  return { clauses, recipients: firms };
}
