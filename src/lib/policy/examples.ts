/**
 * Runs a clause's worked examples through the evaluation the app and the CLI use (prepareAll +
 * evaluateAll into the `awards` view): the example's firm becomes rows of the contract's tables,
 * the package is prepared and evaluated with the example's overrides, and the firm's row is compared
 * with what the example expects.
 */
import type { Db, Param } from '../db/types.ts';
import { TABLES, createTableSql, type TableName } from '../ingest/contract.ts';
import { makeUscc } from '../ingest/uscc.ts';
import { evaluateAll, prepareAll } from './awards.ts';
import type { Example, ExampleFirm, Package } from './schema.ts';

export type TableRows = Partial<Record<TableName, Record<string, unknown>[]>>;

/** A valid 统一社会信用代码 for example firm n (1 = the example's firm, 2.. = `others`). */
export const exampleFirmId = (n: number): string => makeUscc('9122010' + String(n).padStart(10, '0'));

/** Replaces the contract's tables with the given rows (absent tables empty). Values are bound, not pasted. */
export async function loadRows(db: Db, rows: TableRows): Promise<void> {
  for (const spec of TABLES) {
    await db.exec(createTableSql(spec));
    const list = rows[spec.name] ?? [];
    const cols = [...new Set(list.flatMap((r) => Object.keys(r)))];
    for (const c of cols) if (!spec.columns.some((x) => x.name === c)) throw new Error(`${spec.name} has no column ${c}`);
    for (let start = 0; start < list.length; start += 200) {
      const chunk = list.slice(start, start + 200);
      const params: Param[] = [];
      const tuples = chunk.map((row) => `(${cols.map((c) => (params.push((row[c] ?? null) as Param), `$${params.length}`)).join(', ')})`);
      await db.query(`INSERT INTO "${spec.name}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}`, params);
    }
  }
}

/** Defaults that keep examples short: an honest manufacturing firm, above-scale in every quarter given. */
const ENTERPRISE = { name: '示例企业', district: '示例区', industry_code: '3411', registered_on: '2015-01-01', is_manufacturing: 1, dishonest_debtor: 0, major_accident_3y: 0 };

/** Decimals travel as their text, so 5403.24万 reaches the DECIMAL column exactly as written. */
const exact = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'number' && !Number.isInteger(v) ? String(v) : v]));

/** Who example firm n is: a 统一社会信用代码, or the name of a township / department. */
const RECIPIENT_NAME = { township: '镇', department: '局', institution: '学院' } as const;
const recipientId = (firm: ExampleFirm, n: number) => (firm.recipient ? `示例${RECIPIENT_NAME[firm.recipient]}${n}` : exampleFirmId(n));

function firmRows(firm: ExampleFirm, n: number, into: Required<TableRows>): void {
  const firm_id = recipientId(firm, n);
  if (firm.recipient) {
    for (const [i, c] of (firm.claims ?? []).entries()) into.claims.push(exact({ claim_id: `C${n}-${i + 1}`, firm_id, recipient_kind: firm.recipient, ...c }));
    return;
  }
  into.enterprises.push({ firm_id, ...ENTERPRISE, name: `${ENTERPRISE.name}${n}`, ...firm.enterprise });
  for (const [period, q] of Object.entries(firm.quarterly ?? {})) {
    const cols = typeof q === 'number' ? { output_10k: q } : q;
    into.quarterly.push(exact({ firm_id, period, above_scale: 1, sales_10k: cols.output_10k ?? null, ...cols }));
  }
  for (const [kind, granted_on] of Object.entries(firm.certifications ?? {})) into.certifications.push({ firm_id, kind, granted_on });
  for (const [year, rec] of Object.entries(firm.spring_festival ?? {})) into.spring_festival.push(exact({ firm_id, year: Number(year), ...rec }));
  for (const [i, p] of (firm.projects ?? []).entries()) into.projects.push(exact({ firm_id, project_id: `P${n}-${i + 1}`, ...p }));
  for (const [i, c] of (firm.claims ?? []).entries()) into.claims.push(exact({ claim_id: `C${n}-${i + 1}`, firm_id, ...c }));
}

/** The example as rows of the contract's tables. */
export function exampleRows(ex: Example): TableRows {
  const into = Object.fromEntries(TABLES.map((t) => [t.name, []])) as unknown as Required<TableRows>;
  [ex.firm, ...(ex.others ?? [])].forEach((f, i) => firmRows(f, i + 1, into));
  return into;
}

export interface ExampleOutcome {
  status: string;
  award_yuan: number;
  tier: string | null;
  /** What differs from the expectation, in words; empty when the example holds. */
  problems: string[];
}

export async function runExample(db: Db, pkg: Package, clauseId: string, ex: Example): Promise<ExampleOutcome> {
  await loadRows(db, exampleRows(ex));
  await prepareAll(db, [pkg]);
  await evaluateAll(db, [pkg], { [pkg.id]: ex.set ?? {} });
  const [row] = await db.query<{ status: string; award_yuan: number; tier: string | null }>(
    `SELECT status, award_yuan, tier FROM awards WHERE firm_id = $1 AND clause = $2`,
    [recipientId(ex.firm, 1), clauseId]
  );
  if (!row) return { status: 'missing', award_yuan: 0, tier: null, problems: [`no award row for clause ${clauseId}`] };
  const problems: string[] = [];
  const e = ex.expect;
  if (e.status !== undefined && e.status !== row.status) problems.push(`status ${row.status}, expected ${e.status}`);
  if (e.award_yuan !== undefined && e.award_yuan !== Number(row.award_yuan)) problems.push(`award ${row.award_yuan} yuan, expected ${e.award_yuan}`);
  if (e.tier !== undefined && e.tier !== row.tier) problems.push(`tier ${row.tier}, expected ${e.tier}`);
  return { ...row, award_yuan: Number(row.award_yuan), problems };
}
