import { ident, type Db } from '../db/types.ts';
import { needsCleaningSql } from './column-sql.ts';
import { srcColumn } from './unit-plan.ts';

/**
 * For each text column of view `src`, a count that is 0 when cleanSql would change none of its cells
 * (`t<index>`), so that clean columns skip trimming. The firm id column is looked at once per distinct id
 * (ids repeat across a firm's quarters: 1,000,000 quarterly rows in DuckDB-WASM, about 110 ms -> 25-60 ms).
 */
export async function countPadded(db: Db, src: string, columns: number[], firmIndex: number | null): Promise<Record<string, number>> {
  const rows = columns.filter((i) => i !== firmIndex);
  const [counts] = rows.length
    ? await db.query<Record<string, number>>(`SELECT ${rows.map((i) => `count(*) FILTER (WHERE ${needsCleaningSql(srcColumn(i))}) AS t${i}`).join(', ')} FROM ${ident(src)}`)
    : [{} as Record<string, number>];
  if (firmIndex === null || !columns.includes(firmIndex)) return counts;
  const [firm] = await db.query<Record<string, number>>(
    `SELECT count(*) FILTER (WHERE ${needsCleaningSql('id')}) AS t${firmIndex} FROM (SELECT DISTINCT ${srcColumn(firmIndex)} AS id FROM ${ident(src)})`
  );
  return { ...counts, ...firm };
}
