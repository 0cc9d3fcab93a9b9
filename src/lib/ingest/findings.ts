/**
 * Findings from SQL, at most `ISSUE_CAP` listed per file and code, with exact totals, so a 10-million-row
 * file with one systematic problem gives a readable report and a true count.
 */
import type { Db } from '../db/types.ts';
import { ident } from '../db/types.ts';
import { srcColumn, stageValue, type Check } from './stage-sql.ts';

export const ISSUE_CAP = 200;

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

async function capped(db: Db, hitsSql: string, valueSql: string, detailSql: string, src: string, stage: string): Promise<Hits> {
  const rows = await db.query<{ row: number; code: string; slot: number; total: number; value: string | null; detail: string | null }>(
    `WITH hits AS (${hitsSql}), ` +
      `ranked AS (SELECT *, row_number() OVER (PARTITION BY code ORDER BY "__row", slot) AS rn, count(*) OVER (PARTITION BY code) AS total FROM hits) ` +
      `SELECT r."__row" AS row, r.code, r.slot, r.total, ${valueSql} AS value, ${detailSql} AS detail ` +
      `FROM ranked r JOIN ${ident(src)} src ON src."__row" = r."__row" JOIN ${ident(stage)} st ON st."__row" = r."__row" ` +
      `WHERE r.rn <= ${ISSUE_CAP} ORDER BY r."__row", r.slot`
  );
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.code, Number(r.total));
  return { listed: rows.map((r) => ({ row: Number(r.row), code: r.code, slot: Number(r.slot), value: r.value, detail: r.detail })), totals };
}

const caseOf = (arms: [number, string][]) => (arms.length ? `CASE r.slot ${arms.map(([s, sql]) => `WHEN ${s} THEN ${sql}`).join(' ')} END` : 'NULL');

/** Cell errors (every row) and warnings (rows that are loaded) recorded in the stage table. */
export function checkHits(db: Db, checks: Check[], stage: string, src: string): Promise<Hits> {
  if (!checks.length) return Promise.resolve({ listed: [], totals: new Map() });
  const hits = checks
    .map(
      (c) =>
        `SELECT "__row", ${c.slot} AS slot, ${c.stageColumn} AS code FROM ${ident(stage)} WHERE ${c.stageColumn} IS NOT NULL` +
        (c.severity === 'warning' ? ' AND NOT "__bad" AND NOT "__dup"' : '')
    )
    .join(' UNION ALL ');
  const value = caseOf(checks.map((c) => [c.slot, `src.${srcColumn(c.sourceIndex)}`]));
  const detail = caseOf(checks.filter((c) => c.detail).map((c) => [c.slot, `CAST(st.${stageValue(c.detail!.column)} AS VARCHAR)`]));
  return capped(db, hits, value, detail, src, stage);
}

/** Loaded rows whose firm is not in the loaded enterprises. */
export function unknownFirmHits(db: Db, stage: string, src: string, firmIndex: number): Promise<Hits> {
  const hits =
    `SELECT s."__row", 0 AS slot, 'unknown_firm' AS code FROM ${ident(stage)} s ` +
    `ANTI JOIN enterprises e ON e.firm_id = s.${stageValue('firm_id')} WHERE NOT s."__bad" AND NOT s."__dup"`;
  return capped(db, hits, `src.${srcColumn(firmIndex)}`, 'NULL', src, stage);
}

export interface DuplicateHit {
  row: number;
  /** How many rows share the key, this one included. */
  n: number;
  /** Up to 10 other rows as [unit index, row]. */
  others: [number, number][];
  key: string;
}

/**
 * Marks rows whose key repeats (across all files of a table) and returns, per file, the first rows
 * with the rows they clash with. `stages[i]` is unit i's stage table (null when it was not staged).
 */
export async function findDuplicates(
  db: Db,
  key: string[],
  stages: { unit: number; stage: string }[]
): Promise<{ listed: Map<number, DuplicateHit[]>; totals: Map<number, number> }> {
  const listed = new Map<number, DuplicateHit[]>();
  const totals = new Map<number, number>();
  if (!stages.length) return { listed, totals };
  const k = key.map((_, i) => `k${i}`);
  const union = stages
    .map(
      ({ unit, stage }) =>
        `SELECT ${unit} AS "__unit", "__row", ${key.map((c, i) => `${stageValue(c)} AS k${i}`).join(', ')} FROM ${ident(stage)} ` +
        `WHERE ${key.map((c) => `${ident(`e:${c}`)} IS NULL`).join(' AND ')}`
    )
    .join(' UNION ALL ');
  await db.exec(
    `CREATE OR REPLACE TABLE "__ingest_dup" AS WITH keys AS (${union}) ` +
      `SELECT keys.*, g.n FROM keys JOIN (SELECT ${k.join(', ')}, count(*) AS n FROM keys GROUP BY ALL HAVING count(*) > 1) g USING (${k.join(', ')})`
  );
  for (const { unit, stage } of stages) {
    const [{ total }] = await db.query<{ total: number }>(`SELECT count(*) AS total FROM "__ingest_dup" WHERE "__unit" = ${unit}`);
    if (!Number(total)) continue;
    totals.set(unit, Number(total));
    await db.exec(`UPDATE ${ident(stage)} SET "__dup" = true WHERE "__row" IN (SELECT "__row" FROM "__ingest_dup" WHERE "__unit" = ${unit})`);
    const rows = await db.query<{ row: number; n: number; others: string; key: string }>(
      `WITH mine AS (SELECT * FROM "__ingest_dup" WHERE "__unit" = ${unit} ORDER BY "__row" LIMIT ${ISSUE_CAP}) ` +
        `SELECT m."__row" AS row, m.n, array_to_string(list(o."__unit" || ':' || o."__row" ORDER BY o."__unit", o."__row")[1:10], ',') AS others, ` +
        `concat_ws(' / ', ${k.map((c) => `CAST(m.${c} AS VARCHAR)`).join(', ')}) AS key ` +
        `FROM mine m JOIN "__ingest_dup" o ON ${k.map((c) => `o.${c} = m.${c}`).join(' AND ')} AND NOT (o."__unit" = m."__unit" AND o."__row" = m."__row") ` +
        `GROUP BY m."__row", m.n, ${k.map((c) => `m.${c}`).join(', ')} ORDER BY m."__row"`
    );
    listed.set(
      unit,
      rows.map((r) => ({
        row: Number(r.row),
        n: Number(r.n),
        key: r.key,
        others: r.others.split(',').map((p) => p.split(':').map(Number) as [number, number])
      }))
    );
  }
  return { listed, totals };
}
