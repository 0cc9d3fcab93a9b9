/**
 * Findings from SQL. One pass counts every check of a file; only checks that found something are
 * listed into a findings table (unit, row, slot, code), from which at most `ISSUE_CAP` rows per file and
 * code are shown, with exact totals: a 10-million-row file with one systematic problem gives a readable
 * report and a true count, and a clean file costs one aggregate pass.
 */
import { ident, type Db } from '../db/types.ts';
import { ISSUE_SEVERITY } from './codes.ts';
import { srcColumn, type UnitPlan } from './unit-plan.ts';
import { usccFormatSql } from './column-sql.ts';

export const ISSUE_CAP = 200;
export const FINDINGS = '__ingest_find';
export const DUPLICATES = '__ingest_dup';
export const REJECTED = '__ingest_rejected';

const ERROR_CODES = Object.entries(ISSUE_SEVERITY)
  .filter(([, s]) => s === 'error')
  .map(([c]) => `'${c}'`)
  .join(', ');

export async function createFindings(db: Db): Promise<void> {
  await db.exec(`CREATE OR REPLACE TABLE ${FINDINGS} (unit INTEGER, "row" BIGINT, slot INTEGER, code VARCHAR)`);
}

/** Counts each check in one pass over the file, then lists the rows of the checks that found something. */
export async function collectFindings(db: Db, unit: number, plan: UnitPlan): Promise<void> {
  if (!plan.checks.length) return;
  const [counts] = await db.query<Record<string, number>>(`SELECT ${plan.checks.map((c) => `count(${c.code}) AS s${c.slot}`).join(', ')} FROM ${plan.from}`);
  const found = plan.checks.filter((c) => Number(counts[`s${c.slot}`]) > 0);
  if (!found.length) return;
  const selects = found.map(
    (c) => `SELECT ${unit}, src."__row", ${c.slot}, ${c.code} FROM ${plan.from} WHERE ${c.code} IS NOT NULL`
  );
  await db.exec(`INSERT INTO ${FINDINGS} ${selects.join(' UNION ALL ')}`);
}

/** Ids not in the loaded enterprises: 'bad_uscc' (error) when not even shaped like a USCC, else 'unknown_firm'. */
export async function collectFirmFindings(db: Db, unit: number, plan: UnitPlan): Promise<void> {
  if (!plan.firm) return;
  const id = plan.firm.value;
  const named = `${id} IS NOT NULL${plan.firm.when ? ` AND ${plan.firm.when}` : ''}`;
  // ids repeat across a firm's rows: when every distinct one is a loaded firm (the usual case), no row is joined
  const [{ n }] = await db.query<{ n: number }>(
    `SELECT count(*) AS n FROM (SELECT DISTINCT ${id} AS id FROM ${plan.from} WHERE ${named}) AS i ANTI JOIN enterprises AS e ON e.firm_id = i.id`
  );
  if (!Number(n)) return;
  await db.exec(
    `INSERT INTO ${FINDINGS} SELECT ${unit}, src."__row", ${plan.firm.slot}, CASE WHEN ${usccFormatSql(id)} THEN 'unknown_firm' ELSE 'bad_uscc' END ` +
      `FROM ${plan.from} ANTI JOIN enterprises AS e ON e.firm_id = ${id} WHERE ${named}`
  );
}

export interface KeyedUnit {
  unit: number;
  plan: UnitPlan;
}

/**
 * Rows whose key repeats, across all files of a table, into the duplicates table. Grouping 64-bit hashes
 * of the keys first (cheaper than grouping the keys) and comparing the keys themselves only for rows
 * whose hash repeats keeps the common case, no duplicates, to one aggregate.
 */
export async function collectDuplicates(db: Db, key: string[], units: KeyedUnit[]): Promise<void> {
  const k = key.map((_, i) => `k${i}`);
  await db.exec(`CREATE OR REPLACE TABLE ${DUPLICATES} (unit INTEGER, "row" BIGINT, ${k.map((c) => `${c} VARCHAR`).join(', ')}, n BIGINT)`);
  if (!units.length) return;
  const union = units
    .map(({ unit, plan }) => {
      const keys = key.map((c) => `CAST(${plan.values.get(c)} AS VARCHAR)`);
      return `SELECT ${unit} AS unit, src."__row" AS "row", ${keys.map((e, i) => `${e} AS k${i}`).join(', ')} FROM ${plan.from} WHERE ${keys.map((e) => `${e} IS NOT NULL`).join(' AND ')}`;
    })
    .join(' UNION ALL ');
  await db.exec(`CREATE OR REPLACE TABLE "__ingest_dupkeys" AS SELECT hash(${k.join(', ')}) AS h FROM (${union}) GROUP BY h HAVING count(*) > 1`);
  const [{ n }] = await db.query<{ n: number }>('SELECT count(*) AS n FROM "__ingest_dupkeys"');
  if (Number(n)) {
    await db.exec(
      `INSERT INTO ${DUPLICATES} SELECT * FROM (SELECT u.*, count(*) OVER (PARTITION BY ${k.join(', ')}) AS n FROM (${union}) AS u ` +
        `WHERE hash(${k.map((c) => `u.${c}`).join(', ')}) IN (SELECT h FROM "__ingest_dupkeys")) WHERE n > 1`
    );
  }
  await db.exec('DROP TABLE "__ingest_dupkeys"');
}

/** Rows not loaded: any error finding, or a repeated key. */
export async function collectRejected(db: Db): Promise<void> {
  await db.exec(
    `CREATE OR REPLACE TABLE ${REJECTED} AS SELECT DISTINCT unit, "row" FROM (SELECT unit, "row" FROM ${FINDINGS} WHERE code IN (${ERROR_CODES}) UNION ALL SELECT unit, "row" FROM ${DUPLICATES})`
  );
}

export async function rejectedCount(db: Db, unit: number): Promise<number> {
  const [{ n }] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${REJECTED} WHERE unit = ${unit}`);
  return Number(n);
}

export interface Hit {
  row: number;
  code: string;
  slot: number;
  value: string | null;
  detail: string | null;
}

export interface Hits {
  listed: Hit[];
  /** Exact number of findings per code. */
  totals: Map<string, number>;
}

const caseOf = (arms: [number, string][]) => (arms.length ? `CASE r.slot ${arms.map(([s, sql]) => `WHEN ${s} THEN ${sql}`).join(' ')} END` : 'NULL');

/** Errors of every row, warnings of loaded rows: the first `ISSUE_CAP` per code with their values, and totals. */
export async function listFindings(db: Db, unit: number, plan: UnitPlan): Promise<Hits> {
  const slots: [number, number][] = plan.checks.map((c) => [c.slot, c.sourceIndex]);
  if (plan.firm) slots.push([plan.firm.slot, plan.firm.index]);
  const value = caseOf(slots.map(([slot, index]) => [slot, `CAST(src.${srcColumn(index)} AS VARCHAR)`]));
  const detail = caseOf(plan.checks.filter((c) => c.detail && plan.values.has(c.detail.column)).map((c) => [c.slot, `CAST(${plan.values.get(c.detail!.column)} AS VARCHAR)`]));
  const rows = await db.query<{ row: number; code: string; slot: number; total: number; value: string | null; detail: string | null }>(
    `WITH f AS (SELECT "row", slot, code FROM ${FINDINGS} WHERE unit = ${unit} ` +
      `AND (code IN (${ERROR_CODES}) OR "row" NOT IN (SELECT "row" FROM ${REJECTED} WHERE unit = ${unit}))), ` +
      `ranked AS (SELECT *, row_number() OVER (PARTITION BY code ORDER BY "row", slot) AS rn, count(*) OVER (PARTITION BY code) AS total FROM f), ` +
      `top AS (SELECT * FROM ranked WHERE rn <= ${ISSUE_CAP}) ` +
      `SELECT r."row", r.code, r.slot, r.total, ${value} AS value, ${detail} AS detail FROM ${plan.from} JOIN top AS r ON src."__row" = r."row" ORDER BY r."row", r.slot`
  );
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.code, Number(r.total));
  return { listed: rows.map((r) => ({ row: Number(r.row), code: r.code, slot: Number(r.slot), value: r.value, detail: r.detail })), totals };
}

export interface DuplicateHit {
  row: number;
  /** How many rows share the key, this one included. */
  n: number;
  /** Up to 10 other rows as [unit index, row]. */
  others: [number, number][];
  key: string;
}

/** The first `ISSUE_CAP` repeated-key rows of a file with the rows they clash with, and their total. */
export async function listDuplicates(db: Db, unit: number, keyCount: number): Promise<{ listed: DuplicateHit[]; total: number }> {
  const [{ total }] = await db.query<{ total: number }>(`SELECT count(*) AS total FROM ${DUPLICATES} WHERE unit = ${unit}`);
  if (!Number(total)) return { listed: [], total: 0 };
  const k = Array.from({ length: keyCount }, (_, i) => `k${i}`);
  const rows = await db.query<{ row: number; n: number; others: string; key: string }>(
    `WITH mine AS (SELECT * FROM ${DUPLICATES} WHERE unit = ${unit} ORDER BY "row" LIMIT ${ISSUE_CAP}) ` +
      `SELECT m."row", m.n, array_to_string(list(o.unit || ':' || o."row" ORDER BY o.unit, o."row")[1:10], ',') AS others, ` +
      `concat_ws(' / ', ${k.map((c) => `m.${c}`).join(', ')}) AS key ` +
      `FROM mine AS m JOIN ${DUPLICATES} AS o ON ${k.map((c) => `o.${c} = m.${c}`).join(' AND ')} AND NOT (o.unit = m.unit AND o."row" = m."row") ` +
      `GROUP BY m."row", m.n, ${k.map((c) => `m.${c}`).join(', ')} ORDER BY m."row"`
  );
  return {
    total: Number(total),
    listed: rows.map((r) => ({
      row: Number(r.row),
      n: Number(r.n),
      key: r.key,
      others: r.others.split(',').map((p) => p.split(':').map(Number) as [number, number])
    }))
  };
}
