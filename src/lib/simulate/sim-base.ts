/**
 * The baseline as a what-if reads it, built once per baseline evaluation (SQL): its paid rows copied out of the
 * `awards` view, the totals by clause, district and industry, and per firm and package the amount and
 * whether it was paid or unknown, held in arrays over one index of firms. A what-if then evaluates only the
 * packages it changes, with the kernel (policy/kernel.ts) over the packages' metrics tables read once.
 */
import { compact, literal, type Db, type Row } from '../db/types.ts';
import type { Package } from '../policy/schema.ts';
import { tableKey } from '../policy/metrics-sql.ts';
import type { KernelTable } from '../policy/kernel.ts';
import { FIRM_PLACES_SQL, loadKernelTable } from '../policy/kernel-data.ts';

/** The baseline's paid (package, clause, firm) rows: a what-if's recipients by scope are read from it. */
export const BASE_PAID = 'sim_base_paid';
const BASE_FIRMS = 'sim_base_firm';

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

/** Recipients by index: the firm profile's firms first, then townships and departments met in the data. */
export interface FirmIndex {
  of: Map<string, number>;
  ids: string[];
  name: (string | null)[];
  district: (string | null)[];
  industry: (string | null)[];
  /** In the firm profile (a firm); otherwise a township, department or school. */
  profiled: boolean[];
}

/** Flags of a recipient in a baseline: paid by some clause, unknown in some clause, assessed at all. */
export const PAID_FLAG = 1, UNKNOWN_FLAG = 2, ASSESSED_FLAG = 4;

/** Baseline amounts and flags per recipient of the index (of one package, or summed over several). */
export interface BaseFirms {
  yuan: Float64Array;
  flags: Uint8Array;
}

/** A kernel table with each row's place in the firm index. */
export type IndexedTable = KernelTable & { at: Int32Array };

export interface SimBase {
  key: string;
  clauses: ClauseResult[];
  districts: GroupResult[];
  industries: GroupResult[];
  recipients: number;
  unknown_firms: number;
  firms: FirmIndex;
  byPackage: Map<string, BaseFirms>;
  /** The baseline summed over a set of packages, by their sorted ids (what a what-if keeps or compares with). */
  sums: Map<string, BaseFirms>;
  /** The firms paid in the baseline by some packages (and a clause), marked over the firm index: read once per set. */
  paidOf: Map<string, Promise<{ marks: Uint8Array; count: number }>>;
  /** Kernel tables by tableKey (a re-based package has its own). */
  tables: Map<string, Promise<IndexedTable>>;
}

const n = (v: unknown) => Number(v ?? 0);
export const ids = (packages: Package[]) => packages.map((p) => literal(p.id)).join(', ') || 'NULL';

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

/** The baseline's totals by clause. */
const CLAUSE_SQL = `SELECT package, clause, min(clause_order)::INTEGER AS clause_order,
    COALESCE(SUM(award_yuan), 0)::BIGINT AS yuan,
    count(*) FILTER (WHERE status = 'paid')::INTEGER AS recipients,
    count(*) FILTER (WHERE status = 'unknown')::INTEGER AS unknown,
    COALESCE(SUM(capped_yuan) FILTER (WHERE status = 'unknown'), 0)::BIGINT AS unknown_yuan,
    count(*) FILTER (WHERE status = 'unknown' AND capped_yuan IS NULL)::INTEGER AS unbounded,
    max(pool_yuan)::BIGINT AS pool_yuan,
    COALESCE(SUM(capped_yuan) FILTER (WHERE status IN ('paid', 'pool_exhausted')), 0)::BIGINT AS claimed_yuan
  FROM awards GROUP BY package, clause ORDER BY package, clause_order`;

export interface ClauseTally {
  package: string;
  clause: string;
  clause_order: number;
  base_yuan: number;
  base_recipients: number;
  now_yuan: number;
  now_recipients: number;
  unknown: number;
  unknown_yuan: number;
  unbounded: number;
  pool_yuan: number | null;
  claimed_yuan: number;
}

export function clauseResult(c: ClauseTally): ClauseResult {
  const { unknown_yuan, ...rest } = c;
  // if every unknown assessment qualified: a pool still caps the clause
  const upper = c.unknown === 0 ? c.now_yuan : c.pool_yuan !== null ? Math.max(c.now_yuan, Math.min(c.pool_yuan, c.claimed_yuan + unknown_yuan)) : c.now_yuan + unknown_yuan;
  return { ...rest, upper_yuan: upper };
}

/** The baseline's outlay by district or industry (townships and the like apart). */
function groupSql(key: string): string {
  return `SELECT CASE WHEN p.firm_id IS NULL THEN NULL ELSE ${key} END AS key, p.firm_id IS NULL AS other, COALESCE(SUM(b.yuan), 0)::BIGINT AS yuan
    FROM ${BASE_FIRMS} b LEFT JOIN firm_profile p ON p.firm_id = b.firm_id GROUP BY 1, 2`;
}

async function buildBase(db: Db, key: string): Promise<SimBase> {
  // read from the `awards` of this baseline now: a copy of all its rows would be one per firm and clause
  await db.exec(`CREATE OR REPLACE TABLE ${BASE_PAID} AS SELECT package, clause, firm_id FROM awards WHERE status = 'paid'`);
  const clauses = (await db.query<Row>(CLAUSE_SQL)).map((c) =>
    clauseResult({
      package: String(c.package),
      clause: String(c.clause),
      clause_order: n(c.clause_order),
      base_yuan: n(c.yuan),
      base_recipients: n(c.recipients),
      now_yuan: n(c.yuan),
      now_recipients: n(c.recipients),
      unknown: n(c.unknown),
      unknown_yuan: n(c.unknown_yuan),
      unbounded: n(c.unbounded),
      pool_yuan: c.pool_yuan === null || c.pool_yuan === undefined ? null : n(c.pool_yuan),
      claimed_yuan: n(c.claimed_yuan)
    })
  );
  const packages = [...new Set(clauses.map((c) => c.package))];
  // per firm and package, one package at a time (at 500,000 firms one aggregate over all of them ran the
  // browser's DuckDB out of memory)
  await db.exec(`CREATE OR REPLACE TABLE ${BASE_FIRMS} (firm_id VARCHAR, package VARCHAR, yuan BIGINT, paid BOOLEAN, unknown BOOLEAN)`);
  for (const pkg of packages)
    await db.exec(`INSERT INTO ${BASE_FIRMS} SELECT firm_id, package, SUM(award_yuan)::BIGINT, bool_or(status = 'paid'), bool_or(status = 'unknown')
      FROM awards WHERE package = ${literal(pkg)} GROUP BY firm_id, package`);
  await compact(db);
  const groups = async (key: string) =>
    (await db.query<Row>(groupSql(key))).map((g) => ({ key: g.key === null || g.key === undefined ? null : String(g.key), other: Boolean(g.other), base_yuan: n(g.yuan), now_yuan: n(g.yuan) }));
  const [f] = await db.query<Row>(`SELECT count(DISTINCT firm_id) FILTER (WHERE paid)::INTEGER AS recipients,
    (SELECT count(*) FROM (SELECT firm_id FROM ${BASE_FIRMS} GROUP BY firm_id HAVING bool_or(unknown) AND NOT bool_or(paid)))::INTEGER AS unknown_firms FROM ${BASE_FIRMS}`);

  // the index follows firm_id order, so a firm's place can be read as a number (g) instead of its id
  const profile = await db.columns(`SELECT firm_id, name, district, industry_division FROM firm_profile ORDER BY firm_id`);
  const firms: FirmIndex = { of: new Map(), ids: [], name: [], district: [], industry: [], profiled: [] };
  (profile.columns.firm_id as unknown[]).forEach((id, i) => {
    firms.of.set(String(id), i);
    firms.ids.push(String(id));
    firms.name.push((profile.columns.name as (string | null)[])[i]);
    firms.district.push((profile.columns.district as (string | null)[])[i]);
    firms.industry.push((profile.columns.industry_division as (string | null)[])[i]);
    firms.profiled.push(true);
  });
  const perPackage = [];
  for (const pkg of packages)
    perPackage.push({
      pkg,
      rows: await db.columns(
        `SELECT p.g, CASE WHEN p.g IS NULL THEN b.firm_id END AS other, b.yuan, b.paid::INTEGER AS paid, b.unknown::INTEGER AS unknown
        FROM ${BASE_FIRMS} b LEFT JOIN (${FIRM_PLACES_SQL}) p USING (firm_id) WHERE b.package = $1`,
        [pkg]
      )
    });
  // recipients outside the firm profile (townships, departments) join the index before its size is known
  const places = perPackage.map(({ rows }) => Int32Array.from(rows.columns.g as Float64Array, (g, i) => (Number.isNaN(g) ? indexOf(firms, String((rows.columns.other as unknown[])[i])) : g)));
  const size = firms.ids.length;
  const byPackage = new Map<string, BaseFirms>();
  perPackage.forEach(({ pkg, rows }, k) => {
    const b = { yuan: new Float64Array(size), flags: new Uint8Array(size) };
    const [yuan, paid, unknown] = [rows.columns.yuan, rows.columns.paid, rows.columns.unknown] as Float64Array[];
    for (let i = 0; i < rows.numRows; i++) {
      const g = places[k][i];
      b.yuan[g] = yuan[i];
      b.flags[g] = ASSESSED_FLAG | (paid[i] ? PAID_FLAG : 0) | (unknown[i] ? UNKNOWN_FLAG : 0);
    }
    byPackage.set(pkg, b);
  });
  return {
    key,
    clauses,
    districts: await groups('p.district'),
    industries: await groups('p.industry_division'),
    recipients: n(f.recipients),
    unknown_firms: n(f.unknown_firms),
    firms,
    byPackage,
    sums: new Map(),
    paidOf: new Map(),
    tables: new Map()
  };
}

/** The baseline of these packages summed per recipient (amounts added, flags or-ed), once per set. */
export function baseSums(base: SimBase, packages: string[]): BaseFirms {
  const key = [...packages].sort().join(',');
  let sums = base.sums.get(key);
  if (!sums) {
    const size = base.byPackage.values().next().value?.yuan.length ?? 0;
    sums = { yuan: new Float64Array(size), flags: new Uint8Array(size) };
    for (const id of packages) {
      const b = base.byPackage.get(id);
      if (!b) continue;
      for (let g = 0; g < size; g++) {
        sums.yuan[g] += b.yuan[g];
        sums.flags[g] |= b.flags[g];
      }
    }
    base.sums.set(key, sums);
  }
  return sums;
}

/** The index of a recipient, added (as not in the firm profile) when first met. */
export function indexOf(firms: FirmIndex, id: string): number {
  let g = firms.of.get(id);
  if (g === undefined) {
    g = firms.ids.length;
    firms.of.set(id, g);
    firms.ids.push(id);
    firms.name.push(null);
    firms.district.push(null);
    firms.industry.push(null);
    firms.profiled.push(false);
  }
  return g;
}

/** A package's kernel table, read once per baseline and periods. */
export function tableOf(db: Db, base: SimBase, pkg: Package): Promise<IndexedTable> {
  return once(base.tables, tableKey(pkg), () => loadKernelTable(db, pkg, { ids: base.firms.ids, place: (id) => indexOf(base.firms, id) }));
}

/** The kernel tables of these packages, read ahead (the simulate page starts it on opening, so later edits compute at once). */
export const readTables = (db: Db, base: SimBase, packages: Package[]) => Promise.all(packages.map((p) => tableOf(db, base, p)));

/** Read once per key; a failure is not remembered. */
export function once<T>(cache: Map<string, Promise<T>>, key: string, read: () => Promise<T>): Promise<T> {
  let found = cache.get(key);
  if (!found) {
    found = read();
    cache.set(key, found);
    found.catch(() => cache.delete(key));
  }
  return found;
}
