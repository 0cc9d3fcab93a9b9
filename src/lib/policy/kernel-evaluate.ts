/**
 * A package evaluated by the kernel (kernel.ts), in the order of compile.ts: exclusions, eligibility, raw
 * amount, floor and cap, stacking, pool allocation; then 就高 across packages evaluated together (across.ts).
 */
import type { Package } from './schema.ts';
import type { ParamValues } from './context.ts';
import { otherRecipients } from './metrics-sql.ts';
import { planAcross, type AcrossPlan } from './across.ts';
import {
  BELOW_FLOOR, Compiler, ELIGIBLE, EXCLUDED, PAID, POOL_EXHAUSTED, REFUSED, STACKED, UNKNOWN, UNKNOWN_STATUS, and, firmDomain, mulDiv, or, recordDomain,
  type Domain, type KernelClause, type KernelResult, type KernelTable, type Tri
} from './kernel.ts';

const MAX_CLAUSES = 64;
const NONE = new Int8Array(0);
const NO_AWARD = new Float64Array(0);

export interface KernelOptions {
  /** Name the tier or rate case reached (a what-if needs amounts only). */
  tiers?: boolean;
}

export function evaluateKernel(pkg: Package, values: ParamValues, t: KernelTable, options: KernelOptions = {}): KernelResult {
  if (pkg.clauses.length > MAX_CLAUSES) throw new Error(`${pkg.id}: more than ${MAX_CLAUSES} clauses`);
  const c = new Compiler(pkg, values, t);
  const n = t.ids.length;
  const firms = firmDomain(n);
  const tiers = options.tiers ?? true;
  const exclusions = pkg.exclusions.map((e) => e.when);
  const excluded = reuse(stages, t, `${pkg.id}|exclusions`, keyOf(c, exclusions, []), () => ({ status: excludedRows(c, pkg, t, firms), capped: new Float64Array(0), tier: null })).status;
  const stacking = new Set(pkg.stacking.flatMap((g) => g.clauses));
  const staged = pkg.clauses.map((clause) => reuse(stages, t, `${pkg.id}|${clause.id}`, keyOf(c, [clause, tiers, ...exclusions], [pkg.regionGrowth?.override.param]), () => clauseStage(c, clause, t, firms, excluded, tiers)));
  const out = (k: number) => ({ id: pkg.clauses[k].id, capped: staged[k].capped, tier: staged[k].tier, stackedBy: tiers ? new Map<number, string>() : null, pool: null });
  // a clause outside stacking groups and pools pays what its stage says: shared, read only (applyAcross
  // copies); the others' status and award are set below
  const clauses: KernelClause[] = pkg.clauses.map((clause, k) =>
    stacking.has(clause.id) || clause.pool ? { ...out(k), status: NONE, award: NO_AWARD } : { ...out(k), ...(staged[k].paid ??= paidAsStaged(staged[k])), shared: true }
  );
  const settledOnes = pkg.clauses.flatMap((clause, k) => (clauses[k].shared ? [] : [k]));
  if (!settledOnes.length) return { ids: t.ids, clauses };
  const settle = () => {
    // stacking and pools change the status and the award: the stages themselves stay as they were computed
    for (const k of settledOnes) Object.assign(clauses[k], { status: staged[k].status.slice(), award: new Float64Array(n) });
    stack(pkg, clauses, n);
    for (const k of settledOnes) allocate(c, pkg.clauses[k], clauses[k], n, firms);
    return settledOnes.map((k) => ({ status: clauses[k].status, award: clauses[k].award, pool: clauses[k].pool }));
  };
  if (tiers) settle(); // the rows' stacking winners are named per evaluation
  else {
    // a what-if that leaves every stacked or pooled clause's stage and pool as they were reuses their outcome
    const key = `${settledOnes.map((k) => serial(staged[k])).join()}|${keyOf(c, [pkg.stacking, ...settledOnes.map((k) => pkg.clauses[k].pool ?? null)], [])}`;
    reuse(settled, t, pkg.id, key, settle).forEach((r, i) => Object.assign(clauses[settledOnes[i]], r, { shared: true }));
  }
  return { ids: t.ids, clauses };
}

/** Status and award of a clause no stacking or pool touches: a claim that would be paid is paid in full. */
function paidAsStaged(stage: Stage): { status: Int8Array; award: Float64Array } {
  const n = stage.status.length;
  const status = new Int8Array(n), award = new Float64Array(n);
  for (let row = 0; row < n; row++) {
    const eligible = stage.status[row] === ELIGIBLE;
    status[row] = eligible ? PAID : stage.status[row];
    award[row] = eligible ? stage.capped[row] : 0;
  }
  return { status, award };
}

/** A clause up to its floor and cap: status before stacking and pools (ELIGIBLE for a claim to pay), capped amount, tier. */
interface Stage {
  status: Int8Array;
  capped: Float64Array;
  tier: (string | null)[] | null;
  /** What the clause pays when nothing else touches it (computed when first asked for). */
  paid?: { status: Int8Array; award: Float64Array };
}

/**
 * A clause's stage depends only on its own text and the parameters it names (and the exclusions'): a what-if,
 * a sweep or a sensitivity run changes one parameter, so the other clauses' stages are reused. The two most
 * recent stages of each clause are kept per table.
 */
type Kept<T> = WeakMap<KernelTable, Map<string, Map<string, T>>>;
const stages: Kept<Stage> = new WeakMap();
/** Stacked and pooled clauses' status, award and pool per package, after a what-if (no tiers named). */
const settled: Kept<{ status: Int8Array; award: Float64Array; pool: number | null }[]> = new WeakMap();
const serials = new WeakMap<object, number>();
let made = 0;
/** A number telling an object apart from every other (a stage in a key). */
const serial = (o: object) => serials.get(o) ?? (serials.set(o, ++made), made);
function reuse<T>(cache: Kept<T>, t: KernelTable, name: string, key: string, make: () => T): T {
  let byName = cache.get(t);
  if (!byName) cache.set(t, (byName = new Map()));
  let kept = byName.get(name);
  if (!kept) byName.set(name, (kept = new Map()));
  let value = kept.get(key);
  if (value) kept.delete(key);
  else {
    value = make();
    if (kept.size >= 2) kept.delete(kept.keys().next().value!);
  }
  kept.set(key, value); // most recent last
  return value;
}

const texts = new WeakMap<object, { json: string; names: string[] }>();
/** The text of what a stage reads and the values of every parameter it names (text and names read once per object). */
function keyOf(c: Compiler, parts: unknown[], more: (string | undefined)[]): string {
  const names = new Set<string>(more.filter((x): x is string => x !== undefined));
  const text = parts.map((part) => {
    if (typeof part !== 'object' || part === null) return JSON.stringify(part);
    let known = texts.get(part);
    if (!known) {
      const json = JSON.stringify(part);
      texts.set(part, (known = { json, names: [...json.matchAll(/"param":"([^"]+)"/g)].map((m) => m[1]) }));
    }
    for (const name of known.names) names.add(name);
    return known.json;
  });
  return JSON.stringify([text, [...names].sort().map((name) => [name, c.ctx.raw(name)])]);
}

function excludedRows(c: Compiler, pkg: Package, t: KernelTable, firms: Domain): Int8Array {
  const n = t.ids.length;
  const excluded = new Int8Array(n);
  for (const e of pkg.exclusions) {
    const x = c.condition(e.when, firms);
    for (let row = 0; row < n; row++) excluded[row] = or(excluded[row], x[row]);
  }
  // exclusions (失信, accidents) are about firms: a township or department is never excluded
  if (otherRecipients(pkg).length) for (let row = 0; row < n; row++) if (t.kinds![row] !== 'firm') excluded[row] = 0;
  return excluded;
}

function clauseStage(c: Compiler, clause: Package['clauses'][number], t: KernelTable, firms: Domain, excluded: Int8Array, tiers: boolean): Stage {
  const pkg = c.pkg;
  const n = t.ids.length;
  const others = otherRecipients(pkg).length > 0;
  const records = clause.unit === 'firm' ? null : t.records[clause.id];
  if (clause.unit !== 'firm' && !records) throw new Error(`${pkg.id}.${clause.id}: no records loaded for the kernel`);
  if (clause.capPerRecord && !records) throw new Error(`${pkg.id}.${clause.id}: "capPerRecord" needs unit project or claim`);
  const d = records ? recordDomain(records, clause.unit as 'project' | 'claim') : firms;
  const eligible = c.condition(clause.eligibility, d);
  const award = c.award(clause.award, d, !records && tiers);
  const capPerRecord = clause.capPerRecord ? c.yuan(clause.capPerRecord.param) : null;
  const floor = clause.floor ? { yuan: c.yuan(clause.floor.amount.param), raise: clause.floor.mode === 'raise' } : null;
  const cap = clause.cap ? c.yuan(clause.cap.param) : null;
  const gate = others ? recipientGate(t, clause.recipients ?? ['firm']) : null;

  const out: Stage = { status: new Int8Array(n), capped: new Float64Array(n), tier: award.tier };
  for (let row = 0; row < n; row++) {
    let e: Tri;
    let raw: number;
    if (!records) {
      e = eligible[row];
      raw = award.amount[row];
    } else {
      // each record assessed on its own (ok = has a record and eligible), then summed per firm
      let anyTrue = false, anyUnknown = false, unknownAmount = false, sum = 0;
      for (let i = d.first![row]; i < d.first![row + 1]; i++) {
        const ok = and(d.rec![i] >= 0 ? 1 : records.loaded ? 0 : UNKNOWN, eligible[i]);
        let amount = award.amount[i];
        if (capPerRecord !== null && amount > capPerRecord) amount = capPerRecord;
        if (ok === UNKNOWN) anyUnknown = true;
        if (ok !== 1) continue;
        anyTrue = true;
        if (Number.isNaN(amount)) unknownAmount = true;
        else sum += amount;
      }
      e = anyTrue ? 1 : anyUnknown ? UNKNOWN : 0;
      raw = unknownAmount ? NaN : sum;
    }
    if (gate && !gate[row]) e = 0;
    let capped = e !== 1 ? 0 : raw;
    if (e === 1 && !Number.isNaN(raw)) {
      if (floor) capped = floor.raise ? Math.max(capped, floor.yuan) : capped < floor.yuan ? 0 : capped;
      if (cap !== null) capped = Math.min(capped, cap);
    }
    out.capped[row] = capped;
    const x = excluded[row];
    out.status[row] =
      x === 1 ? EXCLUDED : e === UNKNOWN ? UNKNOWN_STATUS : e === 0 ? REFUSED : x === UNKNOWN || Number.isNaN(capped) ? UNKNOWN_STATUS : capped <= 0 ? BELOW_FLOOR : ELIGIBLE;
  }
  return out;
}

const gates = new WeakMap<KernelTable, Map<string, Uint8Array>>();
/** Rows a clause may pay (its recipients' kinds), once per table. */
function recipientGate(t: KernelTable, kinds: string[]): Uint8Array {
  let byKinds = gates.get(t);
  if (!byKinds) gates.set(t, (byKinds = new Map()));
  let gate = byKinds.get(kinds.join());
  if (!gate) byKinds.set(kinds.join(), (gate = Uint8Array.from(t.kinds!, (k) => (k !== null && kinds.includes(k) ? 1 : 0))));
  return gate;
}

/** Within a stacking group the highest capped claim stays, on a tie the earlier clause. */
function stack(pkg: Package, clauses: KernelClause[], n: number): void {
  const order = new Map(pkg.clauses.map((c, k) => [c.id, k]));
  const groupOf = new Map<number, number>();
  pkg.stacking.forEach((g, gi) => g.clauses.forEach((id) => groupOf.set(order.get(id)!, gi)));
  const groups = pkg.stacking.map((g) => g.clauses.map((id) => order.get(id)!));
  const before: Int8Array[] = [];
  for (const k of groupOf.keys()) before[k] = clauses[k].status.slice();
  // each group's winning clause per row (-1: none eligible), all read from the statuses before stacking
  const winners = groups.map((members) => {
    const best = new Int8Array(n).fill(-1);
    const status = members.map((k) => before[k]), capped = members.map((k) => clauses[k].capped);
    for (let row = 0; row < n; row++) {
      let b = -1;
      for (let m = 0; m < members.length; m++)
        if (status[m][row] === ELIGIBLE && (b < 0 || capped[m][row] > capped[b][row] || (capped[m][row] === capped[b][row] && members[m] < members[b]))) b = m;
      best[row] = b < 0 ? -1 : members[b];
    }
    return best;
  });
  for (const [k, gi] of groupOf) {
    const { status, stackedBy } = clauses[k];
    const was = before[k], won = winners[gi];
    for (let row = 0; row < n; row++) {
      if (was[row] !== ELIGIBLE || won[row] === k) continue;
      status[row] = STACKED;
      stackedBy?.set(row, pkg.clauses[won[row]].id);
    }
  }
}

/** Awards: the capped claim, or its share of an oversubscribed pool (pro rata, or by rank until the pool is spent). */
function allocate(c: Compiler, clause: Package['clauses'][number], out: KernelClause, n: number, firms: Domain): void {
  const pool = clause.pool ? c.yuan(clause.pool.amount.param) : null;
  const byRank = clause.pool ? c.ctx.choice(clause.pool.allocation.param) === 'rank' : false;
  out.pool = pool;
  const { status, capped, award } = out;
  let demand = 0;
  for (let row = 0; row < n; row++)
    if (status[row] === ELIGIBLE) (demand += capped[row]), (award[row] = capped[row]);
    else award[row] = 0;
  if (pool !== null && demand > pool) {
    if (byRank) {
      const rank = c.metric(clause.pool!.rankBy!, firms);
      // ORDER BY rank DESC NULLS LAST, firm_id: rows are in firm_id order
      const rows = Array.from({ length: n }, (_, i) => i).filter((row) => out.status[row] === ELIGIBLE);
      const key = (row: number) => rank[row];
      rows.sort((a, b) => {
        const x = key(a), y = key(b);
        if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) === Number.isNaN(y) ? a - b : Number.isNaN(x) ? 1 : -1;
        return x === y ? a - b : y - x;
      });
      let cumulative = 0;
      for (const row of rows) {
        cumulative += out.capped[row];
        if (cumulative > pool) out.award[row] = 0;
      }
    } else for (let row = 0; row < n; row++) if (status[row] === ELIGIBLE) award[row] = mulDiv(capped[row], pool, demand);
  }
  for (let row = 0; row < n; row++) if (status[row] === ELIGIBLE) status[row] = award[row] <= 0 ? POOL_EXHAUSTED : PAID;
}

/**
 * 就高 across the packages evaluated together: per firm present in every package of a group's tables (the
 * SQL joins them), the highest paid member stays (on a tie the first in package, then clause order).
 */
export function applyAcross(packages: Package[], results: KernelResult[]): void {
  const plan = planAcross(packages);
  if (!plan.groups.length) return;
  const members = plan.groups.flatMap((g) => g.members.map((m) => results[m.i].clauses[m.k]));
  const first = results[plan.groups[0].members[0].i].ids;
  if (members.some((cl) => cl.stackedBy)) return contest(plan, results); // the rows' winners are named per evaluation
  // a what-if that leaves every member's status and award as they were reuses the outcome
  const key = members.map((cl) => `${serial(cl.status)}:${serial(cl.award)}`).join();
  let kept = contested.get(first);
  if (!kept) contested.set(first, (kept = new Map()));
  let outcome = kept.get(key);
  if (!outcome) {
    contest(plan, results);
    outcome = members.map((cl) => ({ status: cl.status, award: cl.award }));
    if (kept.size >= 2) kept.delete(kept.keys().next().value!);
    kept.set(key, outcome);
  }
  members.forEach((cl, i) => Object.assign(cl, outcome[i], { shared: true }));
}
/** The 就高 outcome of the last two sets of members' inputs, per firm list. */
const contested = new WeakMap<string[], Map<string, { status: Int8Array; award: Float64Array }[]>>();

function contest(plan: AcrossPlan, results: KernelResult[]): void {
  const used = [...new Set(plan.groups.flatMap((g) => g.members.map((m) => m.i)))];
  const first = results[used[0]].ids;
  const joined = joinedRows(first, used.map((i) => results[i].ids));
  const groups = plan.groups.map((g, gi) =>
    g.members.map((m) => ({ ...m, cl: results[m.i].clauses[m.k], rows: positions(first, results[m.i].ids), back: positions(results[m.i].ids, first), last: plan.groupOf.get(m.name) === gi }))
  );
  // every group's contested firms (two or more members paid) with the winner's place in the group, found
  // before any member changes, from the members' paid rows; a firm paid by one member only keeps its award
  const count = new Uint8Array(first.length);
  const contests = groups.map((members) => {
    const at: number[] = [];
    const paid = members.map((m) => paidRowsOf(m.cl.status, m.cl.shared === true));
    members.forEach((m, k) => {
      for (const row of paid[k]) {
        const j = m.back[row];
        if (j >= 0 && joined[j] && ++count[j] === 2) at.push(j);
      }
    });
    at.sort((a, b) => a - b);
    members.forEach((m, k) => paid[k].forEach((row) => m.back[row] >= 0 && (count[m.back[row]] = 0)));
    const winner = at.map((j) => {
      let b = -1, top = 0;
      members.forEach((m, k) => {
        const row = m.rows[j];
        if (m.cl.status[row] === PAID && (b < 0 || m.cl.award[row] > top)) (b = k), (top = m.cl.award[row]);
      });
      return b;
    });
    return { at, winner };
  });
  groups.forEach((members, gi) =>
    members.forEach((m, k) => {
      // a member named in two groups answers to the last (as longSql reads plan.groupOf)
      if (!m.last) return;
      const { at, winner } = contests[gi];
      for (let c = 0; c < at.length; c++) {
        const row = m.rows[at[c]];
        if (m.cl.status[row] !== PAID || winner[c] === k) continue;
        // the kernel's reused arrays are read only: the member loses an award here, so it gets its own
        if (m.cl.shared) Object.assign(m.cl, { status: m.cl.status.slice(), award: m.cl.award.slice(), shared: false });
        m.cl.status[row] = STACKED;
        m.cl.award[row] = 0;
        m.cl.stackedBy?.set(row, members[winner[c]].name);
      }
    })
  );
}

const paidLists = new WeakMap<Int8Array, Int32Array>();
/** The rows a status array pays, once per array that is read only (`kept`: the kernel's shared arrays). */
export function paidRowsOf(status: Int8Array, kept = true): Int32Array {
  let rows = paidLists.get(status);
  if (!rows) {
    let n = 0;
    for (let row = 0; row < status.length; row++) if (status[row] === PAID) n++;
    rows = new Int32Array(n);
    for (let row = 0, i = 0; row < status.length; row++) if (status[row] === PAID) rows[i++] = row;
    if (kept) paidLists.set(status, rows);
  }
  return rows;
}

const joins = new WeakMap<string[], Map<string, Uint8Array>>();
/** The firms of `first` present in every table (the SQL's inner join keeps only those), once per set of tables. */
function joinedRows(first: string[], tables: string[][]): Uint8Array {
  let byTables = joins.get(first);
  if (!byTables) joins.set(first, (byTables = new Map()));
  const key = tables.map(serial).join();
  let joined = byTables.get(key);
  if (!joined) {
    joined = new Uint8Array(first.length).fill(1);
    for (const ids of tables) {
      const rows = positions(first, ids);
      for (let j = 0; j < first.length; j++) if (rows[j] < 0) joined[j] = 0;
    }
    byTables.set(key, joined);
  }
  return joined;
}

const aligned = new WeakMap<string[], WeakMap<string[], Int32Array>>();
/** The row in `to` of each id of `from` (-1 when absent), once per pair of tables. */
function positions(from: string[], to: string[]): Int32Array {
  let byTo = aligned.get(from);
  if (!byTo) aligned.set(from, (byTo = new WeakMap()));
  let pos = byTo.get(to);
  if (!pos) {
    const rowOf = new Map(to.map((id, row) => [id, row]));
    byTo.set(to, (pos = Int32Array.from(from, (id) => rowOf.get(id) ?? -1)));
  }
  return pos;
}
