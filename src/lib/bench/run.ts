/**
 * The benchmark, run in the browser page /bench (scripts/bench.ts drives it in headless Chromium):
 * load a data set, read the overview's operations KPIs and trend (they need no evaluation), evaluate
 * every package, read one firm's evidence on demand, time one what-if and a sweep of 20, and time the
 * plain-TypeScript reference evaluator on the same data in the same process.
 */
import type { Db } from '../db/types.ts';
import type { InputFile } from '../ingest/load.ts';
import { loadFiles } from '../ingest/load.ts';
import type { Package } from '../policy/schema.ts';
import { prepareAll, evaluateAll } from '../policy/awards.ts';
import { totalsByClause } from '../policy/totals.ts';
import { scenarioTotals } from '../policy/what-if.ts';
import { referenceEvaluate, type RefData } from '../policy/reference.ts';
import { awardsWithEvidenceSql, oneFirm } from '../policy/evidence.ts';
import { outputKpiSql } from '../overview/kpi-sql.ts';
import { trendSql } from '../overview/trend-sql.ts';
import { NO_FILTER } from '../overview/filter.ts';

export interface BenchResult {
  /** From the start (navigation, or before opening the database) to the total outlay read after the evaluation. */
  cold_start_ms: number;
  /** From the start to the overview's operations KPIs and trend, read as soon as the data is in. */
  kpi_ms: number;
  /** The bare database start (in the page: DuckDB-WASM instantiated, no data), to read cold start against. */
  db_start_ms: number | null;
  firms: number;
  rows: number;
  load_ms: number;
  /** The parameter-independent tables (per-firm metrics) of evaluate_all_ms. */
  prepare_ms: number;
  evaluate_all_ms: number;
  /** One firm's evidence (every clause), on demand, as its profile reads it. */
  evidence_ms: number;
  whatif_ms: number;
  sweep_ms: number;
  reference_ms: number;
  reference_firms: number;
  outlay_yuan: number;
}

const now = () => performance.now();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A what-if: totals by clause with changchun-2024q1's 8% tier moved (it and its 就高 partner re-evaluated). */
function whatIf(db: Db, packages: Package[], growth: number) {
  return scenarioTotals(db, packages, { 'changchun-2024q1': { c2_tier1_growth: growth } });
}

async function referenceData(db: Db, limit: number): Promise<RefData> {
  const firms = `(SELECT firm_id FROM firm_profile ORDER BY firm_id LIMIT ${limit})`;
  const pull = (table: string, cols: string) => db.query(`SELECT ${cols} FROM ${table} WHERE firm_id IN ${firms}`) as never;
  return {
    enterprises: await pull('enterprises', `firm_id, name, district, industry_code, registered_on::VARCHAR AS registered_on, is_manufacturing, dishonest_debtor, major_accident_3y`),
    quarterly: await pull('quarterly', `firm_id, period, output_10k::VARCHAR AS output_10k, sales_10k::VARCHAR AS sales_10k, electricity_kwh::VARCHAR AS electricity_kwh, gas_m3::VARCHAR AS gas_m3, employees, above_scale`),
    certifications: await pull('certifications', `firm_id, kind, granted_on::VARCHAR AS granted_on`),
    spring_festival: await pull('spring_festival', `*`),
    projects: await pull('projects', `firm_id, project_id, kind, year, fixed_asset_10k::VARCHAR AS fixed_asset_10k, equipment_10k::VARCHAR AS equipment_10k, approved_spend_10k::VARCHAR AS approved_spend_10k, completed_on::VARCHAR AS completed_on`)
  };
}

/**
 * `startedAt`: when the cold start began on performance.now()'s clock (0 in a page: navigation start);
 * `dbStartMs`: how long opening the database took.
 */
export async function runBench(db: Db, packages: Package[], files: InputFile[], startedAt = 0, referenceLimit = 50_000, dbStartMs: number | null = null): Promise<BenchResult> {
  let stage = 'load';
  try {
    return { ...(await measure(db, packages, files, startedAt, referenceLimit, (s) => (stage = s))), db_start_ms: dbStartMs === null ? null : Math.round(dbStartMs) };
  } catch (e) {
    throw new Error(`during ${stage}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

async function measure(db: Db, packages: Package[], files: InputFile[], startedAt: number, referenceLimit: number, at: (stage: string) => void): Promise<Omit<BenchResult, 'db_start_ms'>> {
  let t = now();
  const report = await loadFiles(db, files);
  if (report.errorCount) throw new Error(`bench data has ${report.errorCount} errors: ${report.issues[0]?.message.en}`);
  const load_ms = now() - t;

  at('kpi');
  for (const q of [outputKpiSql(NO_FILTER), trendSql(NO_FILTER)]) await db.query(q.sql, q.params);
  const kpi_ms = now() - startedAt;

  at('evaluate');
  t = now();
  await prepareAll(db, packages);
  const prepare_ms = now() - t;
  await evaluateAll(db, packages);
  const totals = await totalsByClause(db);
  const evaluate_all_ms = now() - t;
  const cold_start_ms = now() - startedAt;

  at('evidence');
  const [{ firm_id }] = await db.query<{ firm_id: string }>(`SELECT firm_id FROM awards GROUP BY firm_id ORDER BY SUM(award_yuan) DESC, firm_id LIMIT 1`);
  t = now();
  const ev = awardsWithEvidenceSql(packages, {}, oneFirm(firm_id));
  await db.query(ev.sql, ev.params);
  const evidence_ms = now() - t;

  at('what-if');
  await whatIf(db, packages, 0.09); // warm-up
  const times: number[] = [];
  for (const g of [0.07, 0.085, 0.09, 0.095, 0.11]) {
    t = now();
    await whatIf(db, packages, g);
    times.push(now() - t);
  }
  const whatif_ms = median(times);

  t = now();
  for (let i = 0; i < 20; i++) await whatIf(db, packages, Number((0.05 + i * 0.005).toFixed(3)));
  const sweep_ms = now() - t;

  at('reference');
  const data = await referenceData(db, referenceLimit);
  t = now();
  for (const pkg of packages) referenceEvaluate(pkg, data);
  const reference_ms = now() - t;

  const firms = (await db.query<{ n: number }>('SELECT count(*) AS n FROM firm_profile'))[0].n;
  const rows = (await db.query<{ n: number }>('SELECT count(*) AS n FROM quarterly'))[0].n;
  return {
    cold_start_ms: Math.round(cold_start_ms),
    kpi_ms: Math.round(kpi_ms),
    firms,
    rows,
    load_ms: Math.round(load_ms),
    prepare_ms: Math.round(prepare_ms),
    evaluate_all_ms: Math.round(evaluate_all_ms),
    evidence_ms: Math.round(evidence_ms),
    whatif_ms: Math.round(whatif_ms * 10) / 10,
    sweep_ms: Math.round(sweep_ms),
    reference_ms: Math.round(reference_ms),
    reference_firms: Math.min(firms, referenceLimit),
    outlay_yuan: totals.reduce((a, x) => a + x.outlay_yuan, 0)
  };
}
