/**
 * One what-if against the baseline (sim-base.ts): the packages the scenario touches (and their 就高
 * partners) are evaluated again by the kernel (policy/kernel.ts, held equal to the SQL award for award);
 * everything else is the baseline. The answer is the outlay and recipients in all, by clause, district and
 * industry, the firms that gain or lose, pools, and the outlay as a range where data is missing. The same
 * code runs in the browser, the bench and the tests; evidence and exports stay in SQL.
 */
import { literal, type Db, type Row } from '../db/types.ts';
import type { Package } from '../policy/schema.ts';
import { affectedPackages } from '../policy/what-if.ts';
import { metricsTableSql, regionTableSql, tableKey } from '../policy/metrics-sql.ts';
import { PAID, POOL_EXHAUSTED, UNKNOWN_STATUS, type KernelClause, type KernelResult } from '../policy/kernel.ts';
import { applyAcross, evaluateKernel, paidRowsOf } from '../policy/kernel-evaluate.ts';
import { ASSESSED_FLAG, BASE_PAID, PAID_FLAG, UNKNOWN_FLAG, baseSums, clauseResult, ids, once, readTables, simBase, tableOf, type ClauseResult, type GroupResult, type SimBase } from './sim-base.ts';
import type { Applied } from './apply.ts';
import { Tally, mergeGroups } from './groups.ts';

export { simBase, type ClauseResult, type GroupResult, type SimBase };

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

/**
 * Reads the kernel table of every package in force and evaluates each once at the scenario's values, a
 * package at a time with a pause between (the page stays responsive). The simulate page starts it on
 * opening, so a planner's first edit of any package recomputes only the clauses the edit touches.
 */
export async function readAhead(db: Db, applied: Applied, base: SimBase): Promise<void> {
  const tables = await readTables(db, base, applied.packages);
  let done = warm.get(base);
  if (!done) warm.set(base, (done = new Set()));
  for (const [i, pkg] of applied.packages.entries()) {
    if (done.has(tableKey(pkg))) continue;
    done.add(tableKey(pkg));
    await new Promise((resolve) => setTimeout(resolve));
    for (const c of evaluateKernel(pkg, applied.overrides[pkg.id] ?? {}, tables[i], { tiers: false }).clauses) if (c.shared) paidRows(c);
  }
}

const warm = new WeakMap<SimBase, Set<string>>();

/** Firms marked over the firm index (1: paid), and how many. */
interface Paid {
  marks: Uint8Array;
  count: number;
}

interface Now {
  pkg: Package;
  at: Int32Array;
  result: KernelResult;
}

async function evaluateNow(db: Db, applied: Applied, base: SimBase, affected: Package[]): Promise<Now[]> {
  const tables = await Promise.all(affected.map((p) => tableOf(db, base, p)));
  const results = affected.map((p, i) => evaluateKernel(p, applied.overrides[p.id] ?? {}, tables[i], { tiers: false }));
  applyAcross(affected, results);
  return affected.map((pkg, i) => ({ pkg, at: tables[i].at, result: results[i] }));
}

/** What a budget covers: every package in force, one package, or one clause. */
export interface Scope {
  package?: string;
  clause?: string;
}
const inScope = (scope: Scope, pkg: string, clause: string) => (!scope.package || pkg === scope.package) && (!scope.clause || clause === scope.clause);
const scopeSql = (scope: Scope) => `${scope.package ? ` AND package = ${literal(scope.package)}` : ''}${scope.clause ? ` AND clause = ${literal(scope.clause)}` : ''}`;

/** The firms the baseline pays among `packages` (within a scope), marked over the firm index, and how many. */
function basePaid(db: Db, base: SimBase, packages: Package[], scope: Scope = {}): Promise<Paid> {
  const where = `package IN (${ids(packages)})${scopeSql(scope)}`;
  return once(base.paidOf, where, async () => {
    if (!scope.clause) {
      // the per-firm baseline already says who is paid by a package
      const { flags } = baseSums(base, packages.map((p) => p.id).filter((id) => !scope.package || id === scope.package));
      const marks = new Uint8Array(base.firms.ids.length);
      let count = 0;
      for (let g = 0; g < flags.length; g++) if (flags[g] & PAID_FLAG) (marks[g] = 1), count++;
      return { marks, count };
    }
    const r = await db.columns(`SELECT DISTINCT firm_id FROM ${BASE_PAID} WHERE ${where}`);
    const marks = new Uint8Array(base.firms.ids.length);
    for (const id of r.columns.firm_id as unknown[]) marks[base.firms.of.get(String(id))!] = 1;
    return { marks, count: r.numRows };
  });
}

/** Recipients of the baseline among the packages in force. */
const recipientsIn = async (db: Db, applied: Applied, base: SimBase) => (await basePaid(db, base, applied.packages)).count;

/** The baseline's clauses of packages in force that the scenario leaves alone. */
function fixedClauses(applied: Applied, base: SimBase, affected: Package[]): ClauseResult[] {
  const inForce = new Set(applied.packages.map((p) => p.id));
  const kept = new Set(affected.map((p) => p.id));
  return base.clauses.filter((c) => inForce.has(c.package) && !kept.has(c.package));
}

export async function runWhatIf(db: Db, applied: Applied, base: SimBase): Promise<WhatIfResult> {
  const affected = affectedPackages(applied.packages, applied.overrides, applied.changed);
  const now = await evaluateNow(db, applied, base, affected);
  const baseClause = new Map(base.clauses.map((c) => [`${c.package}:${c.clause}`, c]));
  const changed = new Map<string, ClauseResult>();
  for (const { pkg, result } of now) {
    if (!result.ids.length) continue; // no rows: the clauses read as in the baseline's absence below
    result.clauses.forEach((c, k) => {
      const b = baseClause.get(`${pkg.id}:${c.id}`);
      const t = tally(c);
      const order = Math.min(k, b?.clause_order ?? k);
      changed.set(`${pkg.id}:${c.id}`, clauseResult({ package: pkg.id, clause: c.id, clause_order: order, base_yuan: b?.base_yuan ?? 0, base_recipients: b?.base_recipients ?? 0, pool_yuan: c.pool, ...t }));
    });
  }
  const kept = new Set(affected.map((p) => p.id));
  const clauses = [
    ...fixedClauses(applied, base, affected),
    ...changed.values(),
    // a clause of the baseline the scenario switched off
    ...base.clauses
      .filter((c) => kept.has(c.package) && !changed.has(`${c.package}:${c.clause}`))
      .map((c) => ({ ...c, now_yuan: 0, now_recipients: 0, unknown: 0, upper_yuan: 0, unbounded: 0, pool_yuan: null, claimed_yuan: 0 }))
  ].sort((a, b) => a.package.localeCompare(b.package) || a.clause_order - b.clause_order);

  const firms = perFirm(applied, base, affected, now);
  const sum = (f: (c: ClauseResult) => number) => clauses.reduce((a, c) => a + f(c), 0);
  const baseRecipients = await recipientsIn(db, applied, base);
  return {
    total: {
      base_yuan: sum((c) => c.base_yuan),
      now_yuan: sum((c) => c.now_yuan),
      base_recipients: baseRecipients,
      now_recipients: baseRecipients + firms.counts.new - firms.counts.dropped,
      upper_yuan: sum((c) => c.upper_yuan),
      unknown_firms: base.unknown_firms + firms.openChange,
      unbounded: sum((c) => c.unbounded)
    },
    clauses,
    districts: mergeGroups(base.districts, firms.districts),
    industries: mergeGroups(base.industries, firms.industries),
    changes: { counts: firms.counts, rows: firms.rows },
    evaluated: affected.map((p) => p.id)
  };
}

/** A clause's totals under the scenario; a clause the kernel reused as it was is summed once. */
interface ClauseTotals {
  now_yuan: number;
  now_recipients: number;
  unknown: number;
  unknown_yuan: number;
  unbounded: number;
  claimed_yuan: number;
}
function tally(c: KernelClause): ClauseTotals {
  const known = c.shared ? tallies.get(c.status) : undefined;
  if (known) return known;
  const t: ClauseTotals = { now_yuan: 0, now_recipients: 0, unknown: 0, unknown_yuan: 0, unbounded: 0, claimed_yuan: 0 };
  for (let row = 0; row < c.status.length; row++) {
    const s = c.status[row];
    t.now_yuan += c.award[row];
    if (s === PAID) t.now_recipients++;
    if (s === UNKNOWN_STATUS) {
      t.unknown++;
      if (Number.isNaN(c.capped[row])) t.unbounded++;
      else t.unknown_yuan += c.capped[row];
    }
    if (s === PAID || s === POOL_EXHAUSTED) t.claimed_yuan += c.capped[row];
  }
  if (c.shared) tallies.set(c.status, t);
  return t;
}
const tallies = new WeakMap<Int8Array, ClauseTotals>();

/**
 * Per recipient assessed by an affected package (either side): its total over the packages in force
 * before and after, paid and open (unknown, not paid) on each side; the change by district and industry.
 */
function perFirm(applied: Applied, base: SimBase, affected: Package[], now: Now[]) {
  const size = base.firms.ids.length;
  const nYuan = new Float64Array(size), nFlags = new Uint8Array(size);
  for (const { at, result } of now) {
    if (!result.clauses.length) continue;
    for (let row = 0; row < at.length; row++) nFlags[at[row]] |= ASSESSED_FLAG;
    for (const c of result.clauses) {
      const sparse = sparseOf(c);
      if (!sparse) {
        // computed for this what-if alone: one pass, nothing kept
        const { status, award } = c;
        for (let row = 0; row < status.length; row++) {
          const g = at[row];
          nYuan[g] += award[row];
          nFlags[g] |= flagOf(status[row]);
        }
        continue;
      }
      const { rows, award, flags } = sparse;
      for (let i = 0; i < rows.length; i++) {
        const g = at[rows[i]];
        nYuan[g] += award[i];
        nFlags[g] |= flags[i];
      }
    }
  }
  const kept = new Set(affected.map((p) => p.id));
  const before = baseSums(base, [...kept]);
  const elsewhere = baseSums(base, applied.packages.map((p) => p.id).filter((id) => !kept.has(id)));
  const known = before.flags.length; // recipients met after the baseline was read have no baseline

  const counts: Record<ChangeKind, number> = { new: 0, dropped: 0, gain: 0, lose: 0 };
  let openChange = 0;
  const districts = new Tally(base.firms, base.firms.district), industries = new Tally(base.firms, base.firms.industry);
  const rows: (FirmChange & { delta: number })[] = [];
  for (let g = 0; g < size; g++) {
    const bFlags = g < known ? before.flags[g] : 0, nowFlags = nFlags[g];
    if (!((bFlags | nowFlags) & ASSESSED_FLAG)) continue;
    const bYuan = g < known ? before.yuan[g] : 0;
    // a firm of the baseline whose amount stands changes no group (each such group is in the baseline's)
    if (bYuan !== nYuan[g] || !(bFlags & ASSESSED_FLAG)) {
      districts.add(g, bYuan, nYuan[g]);
      industries.add(g, bYuan, nYuan[g]);
    }
    const eFlags = g < known ? elsewhere.flags[g] : 0, eYuan = g < known ? elsewhere.yuan[g] : 0;
    const baseYuan = bYuan + eYuan, nowYuan = nYuan[g] + eYuan;
    const basePaidNow = ((bFlags | eFlags) & PAID_FLAG) !== 0, nowPaid = ((nowFlags | eFlags) & PAID_FLAG) !== 0;
    openChange += Number(((nowFlags | eFlags) & UNKNOWN_FLAG) !== 0 && !nowPaid) - Number(((bFlags | eFlags) & UNKNOWN_FLAG) !== 0 && !basePaidNow);
    if (!basePaidNow && nowPaid) counts.new++;
    else if (basePaidNow && !nowPaid) counts.dropped++;
    else if (basePaidNow && nowPaid && nowYuan !== baseYuan) counts[nowYuan > baseYuan ? 'gain' : 'lose']++;
    if (nowYuan === baseYuan && basePaidNow === nowPaid) continue;
    const kind: ChangeKind = !basePaidNow && nowPaid ? 'new' : basePaidNow && !nowPaid ? 'dropped' : nowYuan > baseYuan ? 'gain' : 'lose';
    rows.push({ firm_id: base.firms.ids[g], name: base.firms.name[g], district: base.firms.district[g], kind, base_yuan: baseYuan, now_yuan: nowYuan, delta: Math.abs(nowYuan - baseYuan) });
  }
  rows.sort((a, b) => b.delta - a.delta || (a.firm_id < b.firm_id ? -1 : a.firm_id > b.firm_id ? 1 : 0));
  return { counts, openChange, districts: districts.groups(), industries: industries.groups(), rows: rows.slice(0, CHANGE_ROWS).map(({ delta: _delta, ...r }) => r) };
}

/** The outlay in scope, and the recipients: the baseline's `paid` (not changed) plus the firms the kernel pays. */
function paidNow(now: Now[], scope: Scope, paid: Paid, size: number): { outlay: number; recipients: number } {
  const marks = new Uint8Array(size); // the index may have grown since the marks were read
  marks.set(paid.marks);
  let outlay = 0, recipients = paid.count;
  for (const { pkg, at, result } of now)
    for (const c of result.clauses) {
      if (!inScope(scope, pkg.id, c.id)) continue;
      const paid = sparseOf(c);
      if (!paid) {
        const { status, award } = c;
        for (let row = 0; row < status.length; row++) {
          outlay += award[row];
          if (status[row] === PAID && !marks[at[row]]) (marks[at[row]] = 1), recipients++;
        }
        continue;
      }
      outlay += paid.outlay;
      for (const row of paidRowsOf(c.status)) if (!marks[at[row]]) (marks[at[row]] = 1), recipients++;
    }
  return { outlay, recipients };
}

/**
 * The rows that matter of a clause the kernel reuses, from its second use on: arrays met once (a sweep's
 * or an edit's clause, computed for one what-if) are cheaper to sum in one pass than to index.
 */
function sparseOf(c: KernelClause): Sparse | null {
  if (!c.shared) return null;
  if (paidOfClause.has(c.status)) return paidOfClause.get(c.status)!;
  if (metOnce.has(c.status)) return paidRows(c);
  metOnce.add(c.status);
  return null;
}
const metOnce = new WeakSet<Int8Array>();

/**
 * A reused clause's outlay and the rows that matter to a what-if (an award, paid or unknown) with their
 * amount and flags, once per clause (most rows of most clauses are refused with nothing).
 */
function paidRows(c: KernelClause): Sparse {
  const known = paidOfClause.get(c.status);
  if (known) return known;
  const { status, award } = c;
  let count = 0;
  for (let row = 0; row < status.length; row++) if (award[row] !== 0 || flagOf(status[row])) count++;
  const out: Sparse = { outlay: 0, rows: new Int32Array(count), award: new Float64Array(count), flags: new Uint8Array(count) };
  for (let row = 0, i = 0; row < status.length; row++) {
    if (award[row] === 0 && !flagOf(status[row])) continue;
    out.outlay += award[row];
    out.rows[i] = row;
    out.award[i] = award[row];
    out.flags[i++] = flagOf(status[row]);
  }
  paidOfClause.set(c.status, out);
  return out;
}
/** A status as a what-if's per-firm flags. */
const flagOf = (status: number) => (status === PAID ? PAID_FLAG : status === UNKNOWN_STATUS ? UNKNOWN_FLAG : 0);

interface Sparse {
  outlay: number;
  rows: Int32Array;
  award: Float64Array;
  flags: Uint8Array;
}
const paidOfClause = new WeakMap<Int8Array, Sparse>();

/**
 * Outlay and recipients of a scenario only (sweeps, goal-seek, sensitivity): the affected packages
 * evaluated, the others' totals from the baseline summary; recipients as the firms paid in either.
 */
export async function outlayOf(db: Db, applied: Applied, base: SimBase, scope: Scope = {}): Promise<{ outlay_yuan: number; recipients: number }> {
  const affected = affectedPackages(applied.packages, applied.overrides, applied.changed);
  const fixed = fixedClauses(applied, base, affected).filter((c) => inScope(scope, c.package, c.clause)).reduce((a, c) => a + c.base_yuan, 0);
  const kept = new Set(affected.map((p) => p.id));
  const paid = await basePaid(db, base, applied.packages.filter((p) => !kept.has(p.id)), scope);
  const { outlay, recipients } = paidNow(await evaluateNow(db, applied, base, affected), scope, paid, base.firms.ids.length);
  return { outlay_yuan: fixed + outlay, recipients };
}

/** Outlay and recipients by clause of a scenario (comparisons run beside the live what-if). */
export async function totalsOf(db: Db, applied: Applied, base: SimBase): Promise<{ clauses: { package: string; clause: string; outlay_yuan: number; recipients: number }[]; recipients: number }> {
  const affected = affectedPackages(applied.packages, applied.overrides, applied.changed);
  const kept = new Set(affected.map((p) => p.id));
  const rows = fixedClauses(applied, base, affected).map((c) => ({ package: c.package, clause: c.clause, clause_order: c.clause_order, outlay_yuan: c.base_yuan, recipients: c.base_recipients }));
  const now = await evaluateNow(db, applied, base, affected);
  for (const { pkg, result } of now) {
    if (!result.ids.length) continue;
    result.clauses.forEach((c, k) => {
      let outlay = 0, recipients = 0;
      for (let row = 0; row < result.ids.length; row++) (outlay += c.award[row]), (recipients += c.status[row] === PAID ? 1 : 0);
      rows.push({ package: pkg.id, clause: c.id, clause_order: k, outlay_yuan: outlay, recipients });
    });
  }
  const { recipients } = paidNow(now, {}, await basePaid(db, base, applied.packages.filter((p) => !kept.has(p.id))), base.firms.ids.length);
  const clauses = rows.sort((a, b) => a.package.localeCompare(b.package) || a.clause_order - b.clause_order).map(({ clause_order: _order, ...c }) => c);
  return { clauses, recipients };
}
