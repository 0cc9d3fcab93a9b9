/**
 * The benchmark, run in the browser page /bench (scripts/bench.ts drives it in headless Chromium):
 * load a data set, read the overview's operations KPIs and trend (they need no evaluation), evaluate
 * every package, read one firm's evidence on demand, time the planners' what-if (src/lib/simulate: one
 * what-if, a sweep of 20 and the sensitivity over every numeric parameter in force), and time the
 * plain-TypeScript reference evaluator on the same data in the same process.
 */
import type { Db, Param } from '../db/types.ts';
import type { InputFile } from '../ingest/load.ts';
import { loadFiles } from '../ingest/load.ts';
import type { Package } from '../policy/schema.ts';
import { prepareAll, evaluateAll } from '../policy/awards.ts';
import { totalsByClause } from '../policy/totals.ts';
import { tableKey } from '../policy/metrics-sql.ts';
import { baselineScenario, type ScenarioDoc } from '../simulate/scenario.ts';
import { applyScenario } from '../simulate/apply.ts';
import { outlayOf, prepareScenario, readAhead, runWhatIf, simBase } from '../simulate/whatif.ts';
import { runSweep, sensitivity, sweepValues } from '../simulate/analysis.ts';
import { referenceEvaluate, type RefData } from '../policy/reference.ts';
import { awardsWithEvidenceSql, oneFirm } from '../policy/evidence.ts';
import { outputKpiSql } from '../overview/kpi-sql.ts';
import { trendSql, trendYears } from '../overview/trend-sql.ts';
import { NO_FILTER } from '../overview/filter.ts';

export interface BenchResult {
  /** From the start (navigation, or before opening the database) to the total outlay read after the evaluation. */
  cold_start_ms: number;
  /** From the start to the overview's operations KPIs (its output tile), read as soon as the data is in. */
  kpi_ms: number;
  /** From the start to the overview's trend chart as well, read next (as the overview does). */
  trend_ms: number;
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
  /** The next firm's evidence: the same statement again with another firm (a profile opened after another). */
  evidence_next_ms: number;
  /**
   * One what-if of the simulate page (runWhatIf: totals + deltas by clause, district, industry, firms that
   * gain or lose), all shipped packages in force, changchun-2024q1 c2_tier1_growth 0.08 -> 0.071 ... 0.075 (each
   * a fresh edit): median of 5 after a warm-up (0.08 -> 0.07); `whatif_first_ms` is the warm-up: the baseline summary, the kernel tables of every package
   * in force read and each package evaluated once (as the simulate page does on opening: readAhead) and the first what-if.
   */
  whatif_ms: number;
  whatif_first_ms: number;
  /**
   * The SQL statements of one what-if (the median run), in ms: none once the first what-if has read the
   * kernel's tables and the baseline's paid firms; `whatif_js_ms` is the rest (the kernel evaluating the
   * affected packages, then the deltas by clause, district, industry and firm).
   */
  whatif_statements_ms: number[];
  whatif_js_ms: number;
  /** Packages evaluated again by that what-if (the changed one and its 就高 partners). */
  whatif_evaluated: string[];
  /** runSweep over sweepValues(c2_tier1_growth, 0.05, 0.12, 20), each point an outlayOf. */
  sweep_ms: number;
  sweep_points: number;
  /**
   * sensitivity() over every numeric parameter of the packages in force, each side an outlayOf; null when
   * the time budget ran out first: then only the first `sensitivity_params_measured` parameters (in
   * package-file order) were measured, taking `sensitivity_measured_ms` (nothing is extrapolated).
   */
  sensitivity_ms: number | null;
  /** Numeric parameters of the packages in force (those sensitivity moves). */
  sensitivity_params: number;
  sensitivity_params_measured: number;
  sensitivity_evaluations: number;
  sensitivity_measured_ms: number;
  reference_ms: number;
  reference_firms: number;
  outlay_yuan: number;
}

const now = () => performance.now();

const PKG = 'changchun-2024q1';
const PARAM = 'c2_tier1_growth';
/** Time budget of the sensitivity at one size (it stops between parameters once spent). */
export const SENSITIVITY_BUDGET_MS = 180_000;

/** The bench runs on the shipped packages as published: nothing is re-based. */
const noRebase = (id: string): Package => {
  throw new Error(`the bench does not re-base ${id}`);
};

const withParam = (doc: ScenarioDoc, pkg: string, name: string, value: number): ScenarioDoc => ({ ...doc, set: { ...doc.set, [pkg]: { ...doc.set[pkg], [name]: value } } });

/** A Db that records how long each statement takes (to split one what-if into its statements). */
function timed(db: Db, log: number[]): Db {
  const time = <T>(f: () => Promise<T>) => async () => {
    const t = now();
    try {
      return await f();
    } finally {
      log.push(now() - t);
    }
  };
  return Object.assign(Object.create(db) as Db, {
    query: (sql: string, params?: Param[]) => time(() => db.query(sql, params))(),
    exec: (sql: string) => time(() => db.exec(sql))()
  });
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

export interface BenchOptions {
  /** When the cold start began on performance.now()'s clock (0 in a page: navigation start). */
  startedAt?: number;
  /** How long opening the database took. */
  dbStartMs?: number | null;
  referenceLimit?: number;
  sensitivityBudgetMs?: number;
  /** Told each stage as it begins (the bench driver reports the stage a crashed page was in). */
  onStage?: (stage: string) => void | Promise<void>;
}

export async function runBench(db: Db, packages: Package[], files: InputFile[], options: BenchOptions = {}): Promise<BenchResult> {
  const { startedAt = 0, dbStartMs = null, referenceLimit = 50_000, sensitivityBudgetMs = SENSITIVITY_BUDGET_MS, onStage } = options;
  let stage = 'load';
  await onStage?.(stage);
  const at = async (s: string) => {
    stage = s;
    await onStage?.(s);
  };
  try {
    return { ...(await measure(db, packages, files, startedAt, referenceLimit, sensitivityBudgetMs, at)), db_start_ms: dbStartMs === null ? null : Math.round(dbStartMs) };
  } catch (e) {
    throw new Error(`during ${stage}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

async function measure(db: Db, packages: Package[], files: InputFile[], startedAt: number, referenceLimit: number, sensitivityBudgetMs: number, at: (stage: string) => Promise<void>): Promise<Omit<BenchResult, 'db_start_ms'>> {
  let t = now();
  const report = await loadFiles(db, files);
  if (report.errorCount) throw new Error(`bench data has ${report.errorCount} errors: ${report.issues[0]?.message.en}`);
  const load_ms = now() - t;

  await at('kpi');
  const kpi = outputKpiSql(NO_FILTER);
  await db.query(kpi.sql, kpi.params);
  const kpi_ms = now() - startedAt;
  const trend = trendSql(NO_FILTER, trendYears(report.tables.find((s) => s.table === 'quarterly')));
  await db.query(trend.sql, trend.params);
  const trend_ms = now() - startedAt;

  await at('evaluate');
  t = now();
  await prepareAll(db, packages);
  const prepare_ms = now() - t;
  await evaluateAll(db, packages);
  const totals = await totalsByClause(db);
  const evaluate_all_ms = now() - t;
  const cold_start_ms = now() - startedAt;

  await at('evidence');
  const paid = await db.query<{ firm_id: string }>(`SELECT firm_id FROM awards GROUP BY firm_id ORDER BY SUM(award_yuan) DESC, firm_id LIMIT 2`);
  const evidenceOf = async (firmId: string) => {
    const t = now();
    const ev = awardsWithEvidenceSql(packages, {}, oneFirm(firmId));
    await db.query(ev.sql, ev.params);
    return now() - t;
  };
  const evidence_ms = await evidenceOf(paid[0].firm_id);
  const evidence_next_ms = await evidenceOf(paid[1].firm_id);

  await at('what-if');
  // the simulate page's what-if against the baseline awards just evaluated (their per-firm tables are prepared)
  const doc = baselineScenario(packages.map((p) => p.id));
  const spec = packages.find((p) => p.id === PKG)?.parameters[PARAM];
  if (!spec || spec.value !== 0.08) throw new Error(`${PKG} ${PARAM} is not the published 0.08 tier`);
  const applied = applyScenario(withParam(doc, PKG, PARAM, 0.07), packages, noRebase);
  const prepared = new Set(packages.map(tableKey));
  await prepareScenario(db, applied.packages, prepared); // nothing to build: every package in force was prepared above
  // the baseline summary a what-if reads, built once per baseline (counted in whatif_first_ms)
  t = now();
  const sb = await simBase(db, `bench-${Math.random()}`);
  await readAhead(db, applyScenario(doc, packages, noRebase), sb); // as the simulate page does on opening
  const first = await runWhatIf(db, applied, sb);
  const whatif_first_ms = now() - t;
  const runs: { ms: number; statements: number[] }[] = [];
  // each run a fresh edit (a value not computed before, as a planner's next keystroke), not the same one again
  for (const v of [0.071, 0.072, 0.073, 0.074, 0.075]) {
    const statements: number[] = [];
    const edit = applyScenario(withParam(doc, PKG, PARAM, v), packages, noRebase);
    t = now();
    await runWhatIf(timed(db, statements), edit, sb);
    runs.push({ ms: now() - t, statements });
  }
  if ((await runWhatIf(db, applied, sb)).total.now_yuan !== first.total.now_yuan) throw new Error('the what-if gave two answers');
  const mid = [...runs].sort((a, b) => a.ms - b.ms)[Math.floor(runs.length / 2)];

  const values = sweepValues(spec, 0.05, 0.12, 20);
  t = now();
  await runSweep(values, (v) => outlayOf(db, applyScenario(withParam(doc, PKG, PARAM, v), packages, noRebase), sb));
  const sweep_ms = now() - t;

  await at('sensitivity');
  const base = await outlayOf(db, applyScenario(doc, packages, noRebase), sb);
  const params = packages.flatMap((pkg) =>
    Object.entries(pkg.parameters)
      .filter(([, p]) => p.unit !== 'choice' && typeof p.value === 'number')
      .map(([name, p]) => ({ name: `${pkg.id}/${name}`, p, value: p.value }))
  );
  let evaluations = 0;
  const f = (key: string, v: number) => {
    evaluations++;
    const [pkg, name] = [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)];
    return outlayOf(db, applyScenario(withParam(doc, pkg, name, v), packages, noRebase), sb);
  };
  // one parameter per call, so the budget can stop it between parameters (the sort of the rows is free)
  let measured = 0;
  t = now();
  for (const row of params) {
    if (now() - t > sensitivityBudgetMs) break;
    await sensitivity([row], f, base.outlay_yuan);
    measured++;
  }
  const sensitivity_measured_ms = now() - t;

  await at('reference');
  const data = await referenceData(db, referenceLimit);
  t = now();
  for (const pkg of packages) referenceEvaluate(pkg, data);
  const reference_ms = now() - t;

  const firms = (await db.query<{ n: number }>('SELECT count(*) AS n FROM firm_profile'))[0].n;
  const rows = (await db.query<{ n: number }>('SELECT count(*) AS n FROM quarterly'))[0].n;
  return {
    cold_start_ms: Math.round(cold_start_ms),
    kpi_ms: Math.round(kpi_ms),
    trend_ms: Math.round(trend_ms),
    firms,
    rows,
    load_ms: Math.round(load_ms),
    prepare_ms: Math.round(prepare_ms),
    evaluate_all_ms: Math.round(evaluate_all_ms),
    evidence_ms: Math.round(evidence_ms),
    evidence_next_ms: Math.round(evidence_next_ms),
    whatif_ms: Math.round(mid.ms * 10) / 10,
    whatif_first_ms: Math.round(whatif_first_ms * 10) / 10,
    whatif_statements_ms: mid.statements.map((x) => Math.round(x * 10) / 10),
    whatif_js_ms: Math.round((mid.ms - mid.statements.reduce((a, x) => a + x, 0)) * 10) / 10,
    whatif_evaluated: first.evaluated,
    sweep_ms: Math.round(sweep_ms),
    sweep_points: values.length,
    sensitivity_ms: measured === params.length ? Math.round(sensitivity_measured_ms) : null,
    sensitivity_params: params.length,
    sensitivity_params_measured: measured,
    sensitivity_evaluations: evaluations,
    sensitivity_measured_ms: Math.round(sensitivity_measured_ms),
    reference_ms: Math.round(reference_ms),
    reference_firms: Math.min(firms, referenceLimit),
    outlay_yuan: totals.reduce((a, x) => a + x.outlay_yuan, 0)
  };
}
