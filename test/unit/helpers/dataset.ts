import type { Db } from '../../../src/lib/db/types.ts';
import { TABLES, createTableSql, type TableName } from '../../../src/lib/ingest/contract.ts';
import { makeUscc } from '../../../src/lib/ingest/uscc.ts';

type Rows = Partial<Record<TableName, Record<string, unknown>[]>>;

/** Replaces the canonical tables with the given rows (absent tables empty). Values are bound, not pasted. */
export async function loadRows(db: Db, rows: Rows): Promise<void> {
  for (const spec of TABLES) {
    await db.exec(createTableSql(spec));
    for (const row of rows[spec.name] ?? []) {
      const cols = Object.keys(row);
      const placeholders = cols.map((c, i) => {
        const kind = spec.columns.find((x) => x.name === c)?.kind;
        if (!kind) throw new Error(`${spec.name} has no column ${c}`);
        return `$${i + 1}`;
      });
      await db.query(`INSERT INTO "${spec.name}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${placeholders.join(', ')})`, cols.map((c) => row[c] as never));
    }
  }
}

/** A valid USCC for test firm number n. */
export function firmId(n: number): string {
  return makeUscc('9122010' + String(n).padStart(10, '0'));
}
