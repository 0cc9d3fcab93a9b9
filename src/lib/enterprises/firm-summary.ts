/**
 * Per-firm counts over the awards (clauses paid, refused, unknown, excluded and the award in all), built
 * once per data load so the unfiltered list reads one row per firm.
 */
import { ident, type Db } from '../db/types.ts';

export const FIRM_SUMMARY_TABLE = 'enterprise_firm_summary';

/** The per-firm counts the list shows; `scope` restricts them to a package / clause. */
export function perFirmSql(awards: string, scope = ''): string {
  return `SELECT a.firm_id,
    count(*) FILTER (WHERE a.status = 'paid') AS paid_clauses,
    CAST(COALESCE(SUM(a.award_yuan), 0) AS BIGINT) AS award_yuan,
    count(*) FILTER (WHERE a.status IN ('refused', 'below_floor')) AS refused_clauses,
    count(*) FILTER (WHERE a.status = 'unknown') AS unknown_clauses,
    count(*) FILTER (WHERE a.status = 'excluded') AS excluded_clauses
  FROM ${awards} a ${scope ? `WHERE ${scope}` : ''}
  GROUP BY a.firm_id`;
}

export function firmSummarySql(awards = 'awards'): string {
  return `CREATE OR REPLACE TABLE ${ident(FIRM_SUMMARY_TABLE)} AS ${perFirmSql(ident(awards))}`;
}

let built: { db: Db; version: unknown; job: Promise<void> } | null = null;

/** Builds the table once per data load (`version`, after the baseline awards); later callers wait for the same job. */
export function ensureFirmSummary(db: Db, version: unknown): Promise<void> {
  if (built && built.db === db && built.version === version) return built.job;
  const job = db.exec(firmSummarySql());
  built = { db, version, job };
  job.catch(() => (built = null));
  return job;
}
