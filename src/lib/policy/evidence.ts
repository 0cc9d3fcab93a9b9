/**
 * Evidence on demand: the conditions each (firm, clause) was decided on (the firm's value, the threshold,
 * pass or not, the gap), computed only for the firms a screen shows (a profile, an export, the near set),
 * not for every (firm, clause) at evaluation: building those lists was most of an evaluation's cost.
 * Evidence depends only on the firm's own rows and the parameter values (stacking and pools never enter
 * it), so the evidence statement restricted to some firms gives exactly what a full evaluation would.
 * The scenario must be the one the awards were evaluated with (the baseline: `{}`).
 */
import { ident, literal, type Param } from '../db/types.ts';
import type { Package } from './schema.ts';
import { byFirmView, type Scenario } from './awards.ts';
import { compileEvidence } from './compile.ts';

/** Which firms: SQL that may follow `firm_id IN` (a bound `$1`, or a subquery) and its parameters. */
export interface FirmSelection {
  sql: string;
  params: Param[];
}

/** One firm, by id (a bound parameter). */
export const oneFirm = (firmId: string): FirmSelection => ({ sql: '$1', params: [firmId] });

/** The firms with a row of the given status in `awards` (e.g. every firm paid something). */
export const firmsWithStatus = (status: string, awards = 'awards'): FirmSelection => ({
  sql: `SELECT DISTINCT firm_id FROM ${ident(awards)} WHERE status = ${literal(status)}`,
  params: []
});

/**
 * One row per (package, firm, clause) of the selected firms (null: every firm): `evidence`, `exclusion_evidence`.
 * A package's clauses are unnested from its one row per firm: a branch per clause over a materialized CTE was a
 * pipeline each, and DuckDB sets every pipeline and expression up again on each run (one firm's profile at city
 * size in DuckDB-WASM, the statement prepared: 310 -> 190 ms, of which the operators' own work is about 20 ms).
 */
function evidenceRowsSql(packages: Package[], scenario: Scenario, firms: FirmSelection | null): { sql: string; params: Param[] } {
  const params: Param[] = [...(firms?.params ?? [])];
  const rows = packages.map((p) => {
    const clauses = p.clauses.map((c, k) => `{'clause': ${literal(c.id)}, 'evidence': ev_${k}}`).join(', ');
    const ev = compileEvidence(p, scenario[p.id] ?? {}, firms?.sql ?? null, params).sql;
    return `SELECT ${literal(p.id)} AS package, firm_id, u.clause, u.evidence, exclusion_evidence FROM (SELECT firm_id, exclusion_evidence, UNNEST([${clauses}]) AS u FROM (${ev}))`;
  });
  return { sql: rows.join('\nUNION ALL\n'), params };
}

/** The rows of `awards` for the selected firms, each with its evidence and exclusion evidence (columns `a.*`, evidence, exclusion_evidence). */
export function awardsWithEvidenceSql(packages: Package[], scenario: Scenario, firms: FirmSelection | null, awards = 'awards'): { sql: string; params: Param[] } {
  const ev = evidenceRowsSql(packages, scenario, firms);
  // the firms named again on the awards side: the filter reaches every package's table under the view
  // instead of the whole view being built to meet the few evidence rows (minutes at 500,000 firms in the browser)
  const rows = firms ? `(SELECT * FROM ${ident(byFirmView(awards))} WHERE firm_id IN (${firms.sql}))` : ident(awards);
  return {
    sql: `SELECT a.*, ev.evidence, ev.exclusion_evidence FROM ${rows} a JOIN (${ev.sql}) ev USING (package, firm_id, clause)`,
    params: ev.params
  };
}
