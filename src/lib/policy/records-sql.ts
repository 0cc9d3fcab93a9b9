/**
 * The records a project or claim clause assesses one by one (a firm's projects of a kind, its claims of an item),
 * joined to the firm's metrics row: per clause for evidence on demand (compile.ts), and all of a package's clauses
 * over one table in one pass for the evaluation (recordPassCte).
 */
import { literal } from '../db/types.ts';
import type { Clause, Package } from './schema.ts';
import { claimMatchSql, metricsTable, regionTable } from './metrics-sql.ts';
import { CLAIM_FIELD_DIM, claimField, projectField } from './condition-sql.ts';
import { Ctx } from './context.ts';

// A firm with no project of the kind is refused (or unknown when no project data was loaded at all).
const hasRecord = (id: string, table: string) => `(CASE WHEN ${id} IS NOT NULL THEN TRUE WHEN (SELECT count(*) FROM ${table}) = 0 THEN NULL ELSE FALSE END)`;
// In a table's pass every row is a record (ids are required) or, when the table is empty, a firm without one.
const hasInPass = (id: string) => `(CASE WHEN ${id} IS NOT NULL THEN TRUE END)`;
const PROJECT_FIELDS = ['project_id', 'fixed_asset_10k', 'equipment_10k', 'approved_spend_10k'];
const CLAIM_FIELDS = ['claim_id', 'quantity', 'amount_10k', 'amount_usd'];

/** The records a project or claim clause assesses one by one, joined to the firm's metrics row `m`. */
export interface Records {
  table: 'projects' | 'claims';
  /** Whether the firm has a record (the row's id not NULL); `inPass` the same within recordPassCte's rows. */
  has: { id: 'has_project' | 'has_claim'; sql: string; inPass: string };
  /** The record's id column in the joined row (evidence items name it). */
  id: string;
  /** Whether a record of the table (alias `p` or `c`) is one the clause assesses. */
  on: string;
  /** The record's fields `FROM` the metrics joined to the records: every firm, with NULL fields when it has no record. */
  join: string;
  /** The same rows whole: the firm's metrics (`m.*`) and the record's fields. */
  rows: string;
}

/**
 * Evidence on demand reads the metrics rows of its few firms once, from this CTE (clauseColumns): each record
 * clause filtering the whole metrics table again was a scan each (at nation size in DuckDB-WASM about 40 ms apiece).
 */
export const SELECTED = 'selected_firms';

const source = (table: Records['table']) => (table === 'projects' ? { a: 'p', fields: PROJECT_FIELDS } : { a: 'c', fields: CLAIM_FIELDS });

/** The record's fields as `<alias>_<field>`. */
function recordFields(table: Records['table']): string {
  const { a, fields } = source(table);
  return fields.map((f) => `${a}.${f} AS ${a}_${f}`).join(', ');
}

/** `m.*` (and the region's columns), then the record's fields. */
const wholeRow = (pkg: Package, table: Records['table']) => `m.*${pkg.regionGrowth ? ', r.*' : ''}, ${recordFields(table)}`;

/** `firms`: the records of the firms in SELECTED only, for evidence on demand; false: every firm. */
export function recordsOf(ctx: Ctx, clause: Clause, firms: boolean): Records {
  const project = clause.unit === 'project';
  if (project && !clause.projects) throw new Error(`${ctx.pkg.id}.${clause.id}: a project clause needs "projects"`);
  if (!project && !clause.claims) throw new Error(`${ctx.pkg.id}.${clause.id}: a claim clause needs "claims"`);
  const table = project ? 'projects' : 'claims';
  const { a, fields } = source(table);
  const on = project ? `p.kind = ${literal(clause.projects!.kind)} AND p.year = ${clause.projects!.year}` : claimMatchSql(clause.claims!, 'c.');
  const from = `FROM ${firms ? SELECTED : metricsTable(ctx.pkg)} m${ctx.pkg.regionGrowth ? ` CROSS JOIN ${regionTable(ctx.pkg)} r` : ''}
    LEFT JOIN ${table} ${a} ON ${a}.firm_id = m.firm_id AND ${on}`;
  return {
    table,
    has: { id: project ? 'has_project' : 'has_claim', sql: hasRecord(`${a}_${fields[0]}`, table), inPass: hasInPass(`${a}_${fields[0]}`) },
    id: `${a}_${fields[0]}`,
    on,
    join: `${recordFields(table)}
    ${from}`,
    rows: `SELECT ${wholeRow(ctx.pkg, table)}
    ${from}`
  };
}

/** The records a project or claim clause assesses, a row each with its firm and fields on their scale (the kernel reads them). */
export function recordRowsSql(pkg: Package, clause: Clause): string {
  const records = recordsOf(new Ctx(pkg, {}), clause, false);
  const fields = clause.unit === 'project' ? PROJECT_FIELDS.slice(1).map((f) => `${projectField(f)} AS p_${f}`) : CLAIM_FIELDS.slice(1).map((f) => `${claimField(f as keyof typeof CLAIM_FIELD_DIM)} AS c_${f}`);
  return `SELECT firm_id, ${fields.join(', ')} FROM (SELECT m.firm_id AS firm_id, ${records.join}) WHERE ${records.id} IS NOT NULL ORDER BY firm_id`;
}

/** What record clause k brings to its table's pass: its records, its leaf columns, whether a record qualifies (`ok`) and its amount. */
export interface RecordPart {
  k: number;
  records: Records;
  leaves: { alias: string; sql: string }[];
  ok: string;
  amount: string;
}

/** The CTE of a table's pass: per firm, `found_k` (a record of clause k), `eligible_k` and `raw_k` (the amounts summed). */
export const recordPass = (table: Records['table']) => `rec_${table}`;

/**
 * The evaluation's record clauses over one table, in one pass: every firm's records of any of the clauses joined
 * once and grouped once, `mt_k` saying which clause a record is for, instead of a join and a GROUP BY per clause
 * (liaoyuan-industry's seven claim clauses were 140 of its statement's 190 ms at city size in DuckDB-WASM). A firm
 * with records of none of the clauses is not in it (refused with 0, as a firm with no record of clause k is). When
 * the table is empty every firm comes once with NULL fields, for every clause: then the clauses are unknown, not
 * refused.
 */
export function recordPassCte(pkg: Package, parts: RecordPart[]): string {
  const table = parts[0].records.table;
  const { a } = source(table);
  const region = pkg.regionGrowth ? ` CROSS JOIN ${regionTable(pkg)} r` : '';
  const matches = (none: boolean) => parts.map((p) => `${none ? 'TRUE' : `(${p.records.on})`} AS mt_${p.k}`).join(', ');
  const rows = `SELECT ${wholeRow(pkg, table)}, ${matches(false)}
    FROM ${metricsTable(pkg)} m${region} JOIN ${table} ${a} ON ${a}.firm_id = m.firm_id AND (${parts.map((p) => `(${p.records.on})`).join(' OR ')})
    UNION ALL SELECT ${wholeRow(pkg, table)}, ${matches(true)}
    FROM (SELECT * FROM ${metricsTable(pkg)} WHERE (SELECT count(*) FROM ${table}) = 0) m${region} LEFT JOIN ${table} ${a} ON ${a}.firm_id = m.firm_id`;
  const leaves = parts.flatMap((p) => p.leaves).map((l) => `, ${l.sql} AS ${l.alias}`).join('');
  const perRecord = parts.map(({ k, ok, amount }) => `mt_${k}, (${ok}) AS ok_${k}, ${amount} AS amount_${k}`);
  const perFirm = parts.map(({ k }) => {
    const w = ` FILTER (WHERE mt_${k})`;
    return `bool_or(mt_${k}) AS found_${k},
    CASE WHEN bool_or(ok_${k})${w} THEN TRUE WHEN bool_or(ok_${k} IS NULL)${w} THEN NULL ELSE FALSE END AS eligible_${k},
    CASE WHEN bool_or(ok_${k} AND amount_${k} IS NULL)${w} THEN NULL ELSE CAST(COALESCE(SUM(CASE WHEN ok_${k} THEN amount_${k} ELSE 0 END)${w}, 0) AS BIGINT) END AS raw_${k}`;
  });
  return `${recordPass(table)} AS (SELECT firm_id, ${perFirm.join(',\n    ')}
  FROM (SELECT firm_id, ${perRecord.join(', ')} FROM (SELECT *${leaves} FROM (${rows})))
  GROUP BY firm_id)`;
}
