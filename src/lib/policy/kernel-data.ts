/**
 * What the kernel reads, once per data load and package periods: the package's metrics table, its region
 * row and the records its project and claim clauses assess, as typed arrays in firm_id order.
 */
import type { Db } from '../db/types.ts';
import type { Package } from './schema.ts';
import { metricsTable, regionTable } from './metrics-sql.ts';
import { recordRowsSql } from './records-sql.ts';
import type { KernelRecords, KernelTable } from './kernel.ts';

/** A value the kernel cannot hold exactly as a float64 integer is refused by name, never rounded. */
function checkExact(pkg: Package, column: string, values: Float64Array, owner: (i: number) => string): Float64Array {
  for (let i = 0; i < values.length; i++)
    if (Math.abs(values[i]) > Number.MAX_SAFE_INTEGER) throw new Error(`${pkg.id}: ${column} of ${owner(i)} is ${values[i]}, beyond the range the simulation computes exactly`);
  return values;
}

/** Each firm of the profile with its place in firm_id order (where simulate's firm index keeps it). */
export const FIRM_PLACES_SQL = `SELECT firm_id, (row_number() OVER (ORDER BY firm_id) - 1)::INTEGER AS g FROM firm_profile`;

/** An index of recipients: the profile's firms in firm_id order, then others as met (`place` adds them). */
export interface FirmPlaces {
  ids: string[];
  place(id: string): number;
}

/**
 * A package's kernel table; given an index, also each row's place in it (`at`), read as numbers: at 500,000
 * firms, reading the ids as text took seconds.
 */
export async function loadKernelTable(db: Db, pkg: Package): Promise<KernelTable>;
export async function loadKernelTable(db: Db, pkg: Package, places: FirmPlaces): Promise<KernelTable & { at: Int32Array }>;
export async function loadKernelTable(db: Db, pkg: Package, places?: FirmPlaces): Promise<KernelTable & { at?: Int32Array }> {
  const m = places
    ? await db.columns(`SELECT p.g, CASE WHEN p.g IS NULL THEN m.firm_id END AS other, m.* EXCLUDE (firm_id) FROM ${metricsTable(pkg)} m LEFT JOIN (${FIRM_PLACES_SQL}) p USING (firm_id) ORDER BY m.firm_id`)
    : await db.columns(`SELECT * FROM ${metricsTable(pkg)} ORDER BY firm_id`);
  const at = places ? Int32Array.from(m.columns.g as Float64Array, (g, i) => (Number.isNaN(g) ? places.place(String((m.columns.other as unknown[])[i])) : g)) : undefined;
  const ids = at ? Array.from(at, (g) => places!.ids[g]) : (m.columns.firm_id as unknown[]).map(String);
  const metrics: Record<string, Float64Array> = {};
  for (const name of m.names) if (name.startsWith('m_')) metrics[name] = checkExact(pkg, name, m.columns[name] as Float64Array, (i) => ids[i]);
  const kinds = m.names.includes('recipient_kind') ? (m.columns.recipient_kind as (string | null)[]) : null;

  let region: KernelTable['region'] = null;
  if (pkg.regionGrowth) {
    const [r] = await db.query<{ region_current: number; region_base: number }>(`SELECT region_current, region_base FROM ${regionTable(pkg)}`);
    region = { current: Number(r.region_current), base: Number(r.region_base) };
    if (!Number.isSafeInteger(region.current) || !Number.isSafeInteger(region.base)) throw new Error(`${pkg.id}: the region's output is beyond the range the simulation computes exactly`);
  }

  const rowOf = new Map(ids.map((id, row) => [id, row]));
  const records: Record<string, KernelRecords> = {};
  // whether the projects / claims tables have rows at all, read once for the package's clauses
  const [loaded] = await db.query<{ projects: boolean; claims: boolean }>(`SELECT (SELECT count(*) FROM projects) > 0 AS projects, (SELECT count(*) FROM claims) > 0 AS claims`);
  for (const clause of pkg.clauses) {
    if (clause.unit === 'firm') continue;
    const r = await db.columns(recordRowsSql(pkg, clause));
    const owners = (r.columns.firm_id as unknown[]).map((id) => rowOf.get(String(id))!);
    // rows come in firm_id order, so each firm's records are contiguous
    const start = new Int32Array(ids.length + 1);
    for (const row of owners) start[row + 1]++;
    for (let row = 0; row < ids.length; row++) start[row + 1] += start[row];
    const fields: Record<string, Float64Array> = {};
    for (const name of r.names) if (name !== 'firm_id') fields[name] = checkExact(pkg, name, r.columns[name] as Float64Array, (i) => ids[owners[i]]);
    records[clause.id] = { start, fields, loaded: Boolean(clause.unit === 'project' ? loaded.projects : loaded.claims) };
  }
  return { ids, metrics, kinds, region, records, at };
}
