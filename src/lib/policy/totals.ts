/** Outlay and recipients read from an evaluation (the `awards` view): by clause, and by a firm descriptor. */
import { ident, type Db } from '../db/types.ts';

export interface ClauseTotal {
  package: string;
  clause: string;
  recipients: number;
  outlay_yuan: number;
  claimed_yuan: number;
  unknown: number;
  pool_yuan: number | null;
  /** Claims over the envelope (above 1 = oversubscribed); NULL without a pool. */
  pool_fill: number | null;
  /** Paid over claimed for pooled clauses (1 when the pool covers every claim). */
  pro_rata_ratio: number | null;
}

export async function totalsByClause(db: Db, table = 'awards'): Promise<ClauseTotal[]> {
  return db.query<ClauseTotal & Record<string, never>>(`SELECT *,
    CASE WHEN pool_yuan > 0 THEN claimed_yuan::DOUBLE / pool_yuan END AS pool_fill,
    CASE WHEN pool_yuan > 0 AND claimed_yuan > 0 THEN outlay_yuan::DOUBLE / claimed_yuan END AS pro_rata_ratio
  FROM (SELECT package, clause, min(clause_order) AS clause_order,
    count(*) FILTER (WHERE status = 'paid') AS recipients,
    COALESCE(SUM(award_yuan), 0)::BIGINT AS outlay_yuan,
    COALESCE(SUM(capped_yuan) FILTER (WHERE status IN ('paid', 'pool_exhausted')), 0)::BIGINT AS claimed_yuan,
    count(*) FILTER (WHERE status = 'unknown') AS unknown,
    max(pool_yuan) AS pool_yuan
  FROM ${ident(table)} GROUP BY package, clause) ORDER BY package, clause_order`);
}

/** Outlay and recipients grouped by a firm descriptor (district, industry_division, size_band). */
export async function totalsBy(db: Db, by: 'district' | 'industry_division' | 'size_band', table = 'awards') {
  return db.query<{ key: string | null; recipients: number; outlay_yuan: number; awards: number }>(
    `SELECT f.${by} AS key, count(DISTINCT a.firm_id) FILTER (WHERE a.status = 'paid') AS recipients,
       count(*) FILTER (WHERE a.status = 'paid') AS awards, COALESCE(SUM(a.award_yuan), 0)::BIGINT AS outlay_yuan
     FROM ${ident(table)} a JOIN firm_profile f USING (firm_id) GROUP BY 1 ORDER BY outlay_yuan DESC, key`
  );
}
