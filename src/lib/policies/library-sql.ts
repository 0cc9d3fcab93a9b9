/**
 * What the library reads from the shared database: recipients and outlay per document (firms paid by
 * any clause, counted once) and per clause (totalsByClause), and the quarters the data holds, so each
 * document can say whether the data covers the periods it is assessed on.
 */
import type { Db } from '../db/types.ts';
import { totalsByClause, type ClauseTotal } from '../policy/totals.ts';

export interface DocumentTotal {
  package: string;
  recipients: number;
  outlay_yuan: number;
}

export const documentTotalsSql = `SELECT package, count(DISTINCT firm_id) FILTER (WHERE status = 'paid')::INTEGER AS recipients,
  COALESCE(SUM(award_yuan), 0)::BIGINT AS outlay_yuan
FROM awards GROUP BY package ORDER BY package`;

export const dataQuartersSql = `SELECT DISTINCT period FROM quarterly WHERE period IS NOT NULL ORDER BY period`;

export interface LibraryTotals {
  documents: Map<string, DocumentTotal>;
  /** By "package:clause". */
  clauses: Map<string, ClauseTotal>;
  /** Quarters present in the quarterly table. */
  quarters: Set<string>;
}

export async function loadLibraryTotals(db: Db): Promise<LibraryTotals> {
  const documents = await db.query<DocumentTotal & Record<string, never>>(documentTotalsSql);
  const clauses = await totalsByClause(db);
  const quarters = await db.query<{ period: string }>(dataQuartersSql);
  return {
    documents: new Map(documents.map((d) => [d.package, { ...d, recipients: Number(d.recipients), outlay_yuan: Number(d.outlay_yuan) }])),
    clauses: new Map(clauses.map((c) => [`${c.package}:${c.clause}`, { ...c, recipients: Number(c.recipients), outlay_yuan: Number(c.outlay_yuan), unknown: Number(c.unknown) }])),
    quarters: new Set(quarters.map((q) => q.period))
  };
}
