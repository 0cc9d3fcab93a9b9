/**
 * The parameter-independent part of an evaluation: one row per firm with every metric a package needs,
 * materialised once per data load (the Mosaic pre-aggregation idea). Metric values are integers on
 * their dimension's scale (see units.ts); NULL means the data to compute them is missing.
 */
import { ident, literal } from '../db/types.ts';
import type { Clause, Metric, Package } from './schema.ts';
import type { Dim } from './units.ts';
import { FIRM_YEAR_MEASURES } from './firm-profile.ts';

const MONEY_MEASURES = new Set(['output_10k', 'sales_10k']);
const QUANTITY_MEASURES = new Set(['electricity_kwh', 'gas_m3']);

export function metricDim(pkg: Package, name: string, seen: string[] = []): Dim {
  const m = pkg.metrics[name];
  if (!m) throw new Error(`${pkg.id}: unknown metric "${name}"`);
  switch (m.kind) {
    case 'quarter':
    case 'year':
    case 'max_year_before':
      return MONEY_MEASURES.has(m.measure) ? 'money' : QUANTITY_MEASURES.has(m.measure) ? 'quantity' : 'count';
    case 'first_above_scale_year':
    case 'cert_first_year':
      return 'year';
    case 'spring_festival':
      return 'count';
    case 'claims':
      return m.field === 'amount_10k' ? 'money' : m.field === 'amount_usd' ? 'usd' : 'count';
    case 'firm':
      return m.field === 'registered_year' ? 'year' : 'flag';
    case 'above_scale':
    case 'above_scale_in_year':
    case 'cert_between':
    case 'industry_in':
    case 'project_completed':
      return 'flag';
    case 'diff': {
      if (seen.includes(name)) throw new Error(`${pkg.id}: metric "${name}" refers to itself`);
      const a = metricDim(pkg, m.of[0], [...seen, name]);
      const b = metricDim(pkg, m.of[1], [...seen, name]);
      if (a !== b) throw new Error(`${pkg.id}: metric "${name}" subtracts ${b} from ${a}`);
      return a;
    }
  }
}

/**
 * Integer on the metric's scale: 万元 and kWh/m3 x 100 (the contract's two decimals are exact). A SUM of the
 * contract's DECIMAL(18,2) is a 128-bit DECIMAL(38,2): narrowed back first, the scaling is 2.5x faster on a
 * province (a total beyond 10^16 万元 fails the cast; it is never rounded).
 */
const scaled = (sumExpr: string, measure: string) =>
  MONEY_MEASURES.has(measure) || QUANTITY_MEASURES.has(measure) ? `CAST(CAST(${sumExpr} AS DECIMAL(18,2)) * 100 AS BIGINT)` : `CAST(${sumExpr} AS BIGINT)`;

export const metricColumn = (name: string) => ident(`m_${name}`);
/** Tables are named by the package and its years, so a package re-based for a what-if never replaces the baseline's. */
export const tableKey = (pkg: Package) => [pkg.id, ...Object.values(pkg.periods).map((p) => p.value)].join('__');

export const metricsTable = (pkg: Package) => ident(`metrics__${tableKey(pkg)}`);

/**
 * A firm with no row in a side table gets 0 (for years: 0 = never); a side table with no rows at all means
 * the data is missing (NULL, so conditions on it are unknown rather than false).
 */
const presentOrMissing = (p: Parts, table: SideTable, expr: string) => `CASE WHEN ${noRows(p, table)} THEN NULL ELSE COALESCE(${expr}, 0) END`;

type SideTable = 'certifications' | 'projects' | 'spring_festival' | 'claims';

/**
 * Whether a side table has no rows at all, read from the one-row `present` CTE: each table is counted
 * once per statement instead of once per metric (every scalar subquery costs DuckDB planning time).
 */
function noRows(p: Parts, table: SideTable): string {
  p.present.add(table);
  return `present.${table}_rows = 0`;
}

interface Parts {
  /** Side tables whose row count a metric reads (see noRows). */
  present: Set<SideTable>;
  quarterly: string[];
  /** Over the yearly totals (firm_years, or the package's own `annual`). */
  annual: string[];
  certs: string[];
  spring: string[];
  projects: string[];
  /** Per metric over claims: its value and its empty-field count per (firm, counterparty), then per firm. */
  claimGroups: string[];
  claimTotals: string[];
  select: string[];
}

type ClaimsMetric = Extract<Metric, { kind: 'claims' }>;

/** SQL condition selecting a claims metric's (or a claim clause's) records; `c` qualifies the columns. */
export function claimMatchSql(m: { item: string; level?: string; from?: string; to?: string }, c = ''): string {
  const parts = [`${c}item = ${literal(m.item)}`];
  if (m.level) parts.push(`${c}level = ${literal(m.level)}`);
  if (m.from) parts.push(`${c}"date" >= DATE ${literal(m.from)}`);
  if (m.to) parts.push(`${c}"date" <= DATE ${literal(m.to)}`);
  return parts.join(' AND ');
}

function addClaimsMetric(m: ClaimsMetric, col: string, p: Parts) {
  const k = p.claimGroups.length / 2;
  const match = claimMatchSql(m);
  if (m.field === 'count') p.claimGroups.push(`count(*) FILTER (WHERE ${match}) AS x${k}`, `0 AS n${k}`);
  else p.claimGroups.push(`SUM(${m.field}) FILTER (WHERE ${match}) AS x${k}`, `count(*) FILTER (WHERE ${match} AND ${m.field} IS NULL) AS n${k}`);
  // a counted record with the field empty makes the total unknown, not smaller
  const total = `CASE WHEN SUM(n${k}) > 0 THEN NULL ELSE COALESCE(${m.agg === 'sum' ? 'SUM' : 'MAX'}(x${k}), 0) END`;
  p.claimTotals.push(`CAST(${m.field === 'amount_10k' || m.field === 'amount_usd' ? `${total} * 100` : total} AS BIGINT) AS ${col}`);
  // no claims loaded at all: unknown; none of this firm: 0
  p.select.push(`CASE WHEN ${noRows(p, 'claims')} THEN NULL WHEN ct.firm_id IS NULL THEN 0 ELSE ct.${col} END AS ${col}`);
}

/** Recipients other than firms that some clause of the package pays (townships, departments). */
export function otherRecipients(pkg: Package): string[] {
  return [...new Set(pkg.clauses.flatMap((c: Clause) => c.recipients ?? []))].filter((r) => r !== 'firm').sort();
}

function addMetric(pkg: Package, name: string, m: Metric, p: Parts) {
  const col = metricColumn(name);
  const alias = `${col}`;
  switch (m.kind) {
    case 'quarter': {
      // the q CTE only holds firms with quarterly rows, so COALESCE there leaves firms without any row NULL
      const value = `SUM(${m.measure}) FILTER (WHERE period = ${literal(m.period)})`;
      const present = `count(*) FILTER (WHERE period = ${literal(m.period)}) > 0`;
      p.quarterly.push(`${scaled(m.absentAsZero ? `CASE WHEN ${present} THEN ${value} ELSE 0 END` : value, m.measure)} AS ${alias}`);
      p.select.push(`q.${col}`);
      return;
    }
    case 'year': {
      // a quarter reported with the value missing makes the annual total unknown, not smaller
      const inYear = `period LIKE ${literal(`${m.year}Q_`)}`;
      p.quarterly.push(`${scaled(`CASE WHEN count(*) FILTER (WHERE ${inYear} AND ${m.measure} IS NULL) > 0 THEN NULL ELSE SUM(${m.measure}) FILTER (WHERE ${inYear}) END`, m.measure)} AS ${alias}`);
      p.select.push(`q.${col}`);
      return;
    }
    case 'max_year_before':
      p.annual.push(`${scaled(`COALESCE(MAX(total_${m.measure}) FILTER (WHERE year < ${m.year}), 0)`, m.measure)} AS ${alias}`);
      p.select.push(`a.${col}`);
      return;
    case 'above_scale':
      p.quarterly.push(`CAST(MAX(above_scale) FILTER (WHERE period = ${literal(m.period)}) AS BIGINT) AS ${alias}`);
      p.select.push(`q.${col}`);
      return;
    case 'above_scale_in_year':
      p.quarterly.push(`CAST(MAX(above_scale) FILTER (WHERE period LIKE ${literal(`${m.year}Q_`)}) AS BIGINT) AS ${alias}`);
      p.select.push(`q.${col}`);
      return;
    case 'first_above_scale_year':
      // 0 = never above-scale in the data (NULL only when the firm has no quarterly row at all); from firm_years:
      // reading the year out of every quarterly row took a quarter of a package's metrics at province size
      p.annual.push(`CAST(COALESCE(MIN(year) FILTER (WHERE above_scale = 1), 0) AS BIGINT) AS ${alias}`);
      p.select.push(`a.${col}`);
      return;
    case 'cert_first_year':
      p.certs.push(`MIN(year(granted_on)) FILTER (WHERE kind IN (${m.kinds.map(literal).join(', ')})) AS ${alias}`);
      p.select.push(`CAST(${presentOrMissing(p, 'certifications', `c.${col}`)} AS BIGINT) AS ${col}`);
      return;
    case 'cert_between': {
      const from = m.from ? ` AND granted_on >= DATE ${literal(m.from)}` : '';
      p.certs.push(`MAX(CASE WHEN kind IN (${m.kinds.map(literal).join(', ')})${from} AND granted_on <= DATE ${literal(m.to)} THEN 1 ELSE 0 END) AS ${alias}`);
      p.select.push(`CAST(${presentOrMissing(p, 'certifications', `c.${col}`)} AS BIGINT) AS ${col}`);
      return;
    }
    case 'spring_festival':
      // no record for the year: 0 (nothing declared); a record with the field empty: NULL (unknown)
      p.spring.push(`CASE WHEN count(*) FILTER (WHERE year = ${m.year}) = 0 THEN 0 ELSE MAX(${m.field}) FILTER (WHERE year = ${m.year}) END AS ${alias}`);
      p.select.push(`CAST(CASE WHEN ${noRows(p, 'spring_festival')} THEN NULL WHEN s.${col} IS NULL AND s.firm_id IS NULL THEN 0 ELSE s.${col} END AS BIGINT) AS ${col}`);
      return;
    case 'firm':
      p.select.push(
        m.field === 'registered_year' ? `CAST(year(e.registered_on) AS BIGINT) AS ${col}` : `CAST(e.${m.field} AS BIGINT) AS ${col}`
      );
      return;
    case 'industry_in':
      p.select.push(
        `CASE WHEN e.industry_code IS NULL THEN NULL WHEN ${m.prefixes.map((x) => `starts_with(e.industry_code, ${literal(x)})`).join(' OR ')} THEN 1 ELSE 0 END::BIGINT AS ${col}`
      );
      return;
    case 'claims':
      addClaimsMetric(m, col, p);
      return;
    case 'project_completed':
      p.projects.push(`MAX(CASE WHEN completed_on BETWEEN DATE ${literal(m.from)} AND DATE ${literal(m.to)} THEN 1 ELSE 0 END) AS ${alias}`);
      p.select.push(`CAST(${presentOrMissing(p, 'projects', `p.${col}`)} AS BIGINT) AS ${col}`);
      return;
    case 'diff':
      metricDim(pkg, name);
      // Filled in a second pass: it refers to other metrics' final columns.
      return;
  }
}

/** SQL creating the package's per-firm metrics table (after firm_years and firm_profile, see firm-profile.ts). */
export function metricsTableSql(pkg: Package): string {
  const p: Parts = { present: new Set(), quarterly: [], annual: [], certs: [], spring: [], projects: [], claimGroups: [], claimTotals: [], select: [] };
  for (const [name, m] of Object.entries(pkg.metrics)) addMetric(pkg, name, m, p);
  const diffs = Object.entries(pkg.metrics).filter(([, m]) => m.kind === 'diff');

  const others = otherRecipients(pkg);
  // The firms are firm_profile's (every firm id of enterprises and quarterly, once; built first at each load):
  // that union over every quarterly row once per load, not once per package.
  // Townships and departments a clause pays are rows too, named by the firm_id of their claims.
  const ctes = others.length
    ? [
        `firms AS (SELECT firm_id, 'firm' AS recipient_kind FROM firm_profile
  UNION ALL SELECT c.firm_id, min(c.recipient_kind) FROM claims c ANTI JOIN firm_profile f USING (firm_id)
  WHERE c.recipient_kind IN (${others.map(literal).join(', ')}) GROUP BY c.firm_id)`
      ]
    : [`firms AS (SELECT firm_id FROM firm_profile)`];
  const joins = ['LEFT JOIN enterprises e USING (firm_id)'];
  const side = (name: string, list: string[], from: string) => {
    if (!list.length) return;
    ctes.push(`${name} AS (SELECT firm_id, ${list.join(', ')} FROM ${from} GROUP BY firm_id)`);
    joins.push(`LEFT JOIN ${name} USING (firm_id)`);
  };
  side('q', p.quarterly, 'quarterly');
  if (p.annual.length) {
    // the output's yearly totals are firm_years' (built once per load); a package reading another measure's sums its own
    const measures = [...new Set(Object.values(pkg.metrics).flatMap((m) => (m.kind === 'max_year_before' ? [m.measure] : [])))].sort();
    const own = measures.some((x) => !FIRM_YEAR_MEASURES.includes(x));
    if (own) ctes.push(`annual AS (SELECT firm_id, CAST(substr(period, 1, 4) AS INTEGER) AS year, ${measures.map((x) => `SUM(${x}) AS total_${x}`).join(', ')}, MAX(above_scale) AS above_scale FROM quarterly GROUP BY ALL)`);
    side('a', p.annual, own ? 'annual' : 'firm_years');
  }
  side('c', p.certs, 'certifications');
  side('s', p.spring, 'spring_festival');
  side('p', p.projects, 'projects');
  if (p.claimGroups.length) {
    // per (firm, counterparty) first, so a metric may take the largest counterparty's total
    ctes.push(`claim_groups AS (SELECT firm_id, ${p.claimGroups.join(', ')} FROM claims GROUP BY firm_id, counterparty, CASE WHEN counterparty IS NULL THEN claim_id END)`);
    ctes.push(`ct AS (SELECT firm_id, ${p.claimTotals.join(', ')} FROM claim_groups GROUP BY firm_id)`);
    joins.push('LEFT JOIN ct USING (firm_id)');
  }

  const kind = others.length ? ', recipient_kind' : '';
  if (p.present.size) {
    ctes.push(`present AS (SELECT ${[...p.present].sort().map((t) => `(SELECT count(*) FROM ${t}) AS ${t}_rows`).join(', ')})`);
    joins.push('CROSS JOIN present');
  }
  const base = `WITH ${ctes.join(',\n')}\nSELECT firm_id, e.district, e.industry_code${kind}${p.select.length ? ', ' + p.select.join(', ') : ''}\nFROM firms ${joins.join(' ')}`;
  // diff metrics: a - b over the first pass (chains of diffs resolve in declaration order)
  let sql = base;
  for (const [name, m] of diffs) {
    if (m.kind !== 'diff') continue;
    sql = `SELECT *, ${metricColumn(m.of[0])} - ${metricColumn(m.of[1])} AS ${metricColumn(name)} FROM (${sql})`;
  }
  return `CREATE OR REPLACE TABLE ${metricsTable(pkg)} AS ${sql}`;
}

export const regionTable = (pkg: Package) => ident(`region__${tableKey(pkg)}`);

/** Region-wide growth on a comparable basis: firms above-scale in the current quarter with output in both quarters. */
export function regionTableSql(pkg: Package): string | null {
  const r = pkg.regionGrowth;
  if (!r) return null;
  return `CREATE OR REPLACE TABLE ${regionTable(pkg)} AS
SELECT CAST(COALESCE(SUM(cur.output_10k * 100), 0) AS HUGEINT) AS region_current, CAST(COALESCE(SUM(base.output_10k * 100), 0) AS HUGEINT) AS region_base, count(*) AS region_firms
FROM quarterly cur JOIN quarterly base ON base.firm_id = cur.firm_id AND base.period = ${literal(r.base)}
WHERE cur.period = ${literal(r.current)} AND cur.above_scale = 1`;
}
