import type { Db, Param } from '../../../src/lib/db/types.ts';
import { TABLES, createTableSql, type TableName } from '../../../src/lib/ingest/contract.ts';
import { makeUscc } from '../../../src/lib/ingest/uscc.ts';

type Rows = Partial<Record<TableName, Record<string, unknown>[]>>;

/** Replaces the canonical tables with the given rows (absent tables empty). Values are bound, not pasted. */
export async function loadRows(db: Db, rows: Rows): Promise<void> {
  for (const spec of TABLES) {
    await db.exec(createTableSql(spec));
    const list = rows[spec.name] ?? [];
    const cols = [...new Set(list.flatMap((r) => Object.keys(r)))];
    for (const c of cols) if (!spec.columns.some((x) => x.name === c)) throw new Error(`${spec.name} has no column ${c}`);
    // many rows per statement, every value bound
    for (let start = 0; start < list.length; start += 200) {
      const chunk = list.slice(start, start + 200);
      const params: Param[] = [];
      const tuples = chunk.map((row) => `(${cols.map((c) => (params.push((row[c] ?? null) as Param), `$${params.length}`)).join(', ')})`);
      await db.query(`INSERT INTO "${spec.name}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}`, params);
    }
  }
}

/** A valid USCC for test firm number n. */
export function firmId(n: number): string {
  return makeUscc('9122010' + String(n).padStart(10, '0'));
}
