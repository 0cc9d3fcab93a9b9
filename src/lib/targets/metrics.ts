/**
 * The actual of each target, computed in SQL over the loaded tables (the same text in the browser's
 * DuckDB-WASM and in Node's DuckDB): what counts is in docs/targets.md. Two shapes:
 * - flows (new above-scale firms, new certifications, indicator amounts): events by quarter, a firm
 *   or a region each, over every quarter of the data (earlier years give the seasonal profile);
 * - levels (a rate, a growth, a coverage, a year's firms or fund): one figure for the target's period,
 *   with its split by district and the firms behind it.
 * A metric the data cannot give says so (`noData` with the reason); it never returns an invented zero.
 */
import type { Db, Param } from '../db/types.ts';
import type { Text } from '../policy/source/text.ts';
import type { Metric, Target } from './schema.ts';

export const CITY_REGION = '全市';

/** A firm behind a count, for the lists that open its profile. */
export interface FirmRow {
  firm_id: string;
  name: string;
  district: string;
  /** The quarter it counts in (flows), or the target's year. */
  period: string;
  /** What it brings (1 for a firm; an amount for projects and awards, in the target's canonical unit). */
  value: number;
  /** A short note: the date granted, the project ids ... */
  note: string;
}

export interface FlowEvent {
  period: string;
  district: string;
  value: number;
  /** The firm, for firm counts (a firm counts once per target period: its first event in it). */
  firm_id: string | null;
  /** Whether it adds to the total (a district's row does not when the region has its own 全市 row). */
  inTotal: boolean;
}

export type MetricData =
  | { kind: 'noData'; reason: Text }
  | { kind: 'flow'; events: FlowEvent[]; firms: Map<string, FirmRow> | null; periods: string[] }
  | { kind: 'level'; value: number; byDistrict: { district: string; value: number }[]; firms: FirmRow[]; annual: boolean; note: Text | null };

const noData = (zh: string, en: string): MetricData => ({ kind: 'noData', reason: { zh, en } });

const quarterOf = (col: string) => `CAST(year(${col}) AS VARCHAR) || 'Q' || CAST(quarter(${col}) AS VARCHAR)`;

/** SQL: above-scale entries, one row per firm and quarter in which it became above-scale (0 -> 1, or first seen above scale after the data's first quarter). */
export const NEW_ABOVE_SCALE_SQL = `WITH q AS (
  SELECT firm_id, period, above_scale, lag(above_scale) OVER (PARTITION BY firm_id ORDER BY period) AS prev FROM quarterly
), start AS (SELECT min(period) AS p FROM quarterly)
SELECT q.firm_id, q.period, coalesce(e.district, '') AS district, coalesce(e.name, q.firm_id) AS name
FROM q CROSS JOIN start LEFT JOIN enterprises e USING (firm_id)
WHERE q.above_scale = 1 AND coalesce(q.prev, 0) = 0 AND q.period > start.p
ORDER BY q.period, q.firm_id`;

/** SQL ($1 kind): each firm's first certification of a kind. */
export const FIRST_CERTIFIED_SQL = `SELECT c.firm_id, min(c.granted_on) AS granted_on, ${quarterOf('min(c.granted_on)')} AS period,
  coalesce(any_value(e.district), '') AS district, coalesce(any_value(e.name), c.firm_id) AS name
FROM certifications c LEFT JOIN enterprises e USING (firm_id) WHERE c.kind = $1 GROUP BY c.firm_id ORDER BY period, c.firm_id`;

async function dataPeriods(db: Db): Promise<string[]> {
  const rows = await db.query<{ period: string }>(`SELECT DISTINCT period FROM quarterly ORDER BY period`);
  return rows.map((r) => r.period);
}

const inList = (values: string[], params: Param[]) => values.map((v) => (params.push(v), `$${params.length}`)).join(', ');

async function firmFlow(db: Db, sql: string, params: Param[], note: (r: Record<string, unknown>) => string): Promise<MetricData> {
  const rows = await db.query(sql, params);
  const firms = new Map<string, FirmRow>();
  const events: FlowEvent[] = rows.map((r) => {
    const firm_id = String(r.firm_id);
    const ev = { period: String(r.period), district: String(r.district), value: 1, firm_id, inTotal: true };
    // the list keeps each firm's events; the progress code picks the first one in the target's period
    firms.set(`${firm_id}|${ev.period}`, { firm_id, name: String(r.name), district: ev.district, period: ev.period, value: 1, note: note(r) });
    return ev;
  });
  return { kind: 'flow', events, firms, periods: await dataPeriods(db) };
}

async function indicatorFlow(db: Db, code: string, target: Target): Promise<MetricData> {
  const rows = await db.query<{ region: string; period: string; value: number }>(
    `SELECT region, period, CAST(value AS DOUBLE) AS value FROM indicators WHERE indicator = $1 ORDER BY period, region`,
    [code]
  );
  if (!rows.length) return noData(`区域指标表中没有“${code}”的数据`, `The indicators table has no "${code}" rows`);
  if (!rows.some((r) => r.period >= target.first && r.period <= target.last))
    return noData(`区域指标表中没有“${code}”在 ${target.first}–${target.last} 的数据`, `The indicators table has no "${code}" rows for ${target.first}-${target.last}`);
  const periods = [...new Set(rows.map((r) => r.period))];
  const events: FlowEvent[] = [];
  const hasCity = new Set(rows.filter((r) => r.region === CITY_REGION).map((r) => r.period));
  for (const r of rows) {
    // the city's own row is the total; without one, the districts add up
    if (r.region === CITY_REGION) events.push({ period: r.period, district: CITY_REGION, value: r.value, firm_id: null, inTotal: true });
    else events.push({ period: r.period, district: r.region, value: r.value, firm_id: null, inTotal: !hasCity.has(r.period) });
  }
  return { kind: 'flow', events, firms: null, periods };
}

/** A rate: its value in the last quarter of the period up to `asOf` (the city row, else the districts' mean). */
async function indicatorLevel(db: Db, code: string, target: Target, asOf: string): Promise<MetricData> {
  const upTo = asOf < target.last ? asOf : target.last;
  const rows = await db.query<{ region: string; period: string; value: number }>(
    `SELECT region, period, CAST(value AS DOUBLE) AS value FROM indicators WHERE indicator = $1 AND period BETWEEN $2 AND $3 ORDER BY period DESC, region`,
    [code, target.first, upTo]
  );
  if (!rows.length) return noData(`区域指标表中没有“${code}”在 ${target.first}–${upTo} 的数据`, `The indicators table has no "${code}" rows for ${target.first}-${upTo}`);
  const latest = rows[0].period;
  const at = rows.filter((r) => r.period === latest);
  const city = at.find((r) => r.region === CITY_REGION);
  const districts = at.filter((r) => r.region !== CITY_REGION);
  const value = city ? city.value : districts.reduce((s, r) => s + r.value, 0) / districts.length;
  return {
    kind: 'level',
    value,
    byDistrict: districts.map((r) => ({ district: r.region, value: r.value })),
    firms: [],
    annual: false,
    note: { zh: `${latest} 的数值`, en: `value of ${latest}` }
  };
}

async function kindsRecorded(db: Db, kinds: string[]): Promise<boolean> {
  const params: Param[] = [];
  const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM projects WHERE kind IN (${inList(kinds, params)})`, params);
  return n > 0;
}

/** Above-scale firms of the year (above scale in a quarter of it up to asOf) and whether they have a project of the kinds that year. */
async function coverage(db: Db, kinds: string[], target: Target, asOf: string): Promise<MetricData> {
  if (!(await kindsRecorded(db, kinds)))
    return noData(`项目表中没有 ${kinds.join('、')} 类项目的记录`, `The projects table records no ${kinds.join(' / ')} projects`);
  const upTo = asOf < target.last ? asOf : target.last;
  const params: Param[] = [target.first, upTo, target.year];
  const rows = await db.query<{ firm_id: string; name: string; district: string; covered: boolean; projects: string }>(
    `WITH firms AS (SELECT DISTINCT firm_id FROM quarterly WHERE above_scale = 1 AND period BETWEEN $1 AND $2),
p AS (SELECT firm_id, string_agg(project_id, ', ' ORDER BY project_id) AS projects FROM projects WHERE year = $3 AND kind IN (${inList(kinds, params)}) GROUP BY firm_id)
SELECT f.firm_id, coalesce(e.name, f.firm_id) AS name, coalesce(e.district, '') AS district, p.firm_id IS NOT NULL AS covered, coalesce(p.projects, '') AS projects
FROM firms f LEFT JOIN p USING (firm_id) LEFT JOIN enterprises e USING (firm_id) ORDER BY f.firm_id`,
    params
  );
  if (!rows.length) return noData(`${target.year} 年没有规上工业企业的季度数据`, `No above-scale firms in the quarterly data of ${target.year}`);
  const by = new Map<string, [number, number]>();
  for (const r of rows) {
    const d = by.get(r.district) ?? [0, 0];
    d[0] += r.covered ? 1 : 0;
    d[1] += 1;
    by.set(r.district, d);
  }
  const covered = rows.filter((r) => r.covered);
  return {
    kind: 'level',
    value: covered.length / rows.length,
    byDistrict: [...by].map(([district, [c, n]]) => ({ district, value: c / n })),
    firms: covered.map((r) => ({ firm_id: r.firm_id, name: r.name, district: r.district, period: String(target.year), value: 1, note: r.projects })),
    annual: true,
    note: { zh: `规上企业 ${rows.length} 家，其中 ${covered.length} 家有项目`, en: `${covered.length} of ${rows.length} above-scale firms have a project` }
  };
}

async function firmsWithProjects(db: Db, kinds: string[], target: Target): Promise<MetricData> {
  if (!(await kindsRecorded(db, kinds)))
    return noData(`项目表中没有 ${kinds.join('、')} 类项目的记录`, `The projects table records no ${kinds.join(' / ')} projects`);
  const params: Param[] = [target.year];
  const rows = await db.query<{ firm_id: string; name: string; district: string; projects: string; n: number }>(
    `SELECT p.firm_id, coalesce(any_value(e.name), p.firm_id) AS name, coalesce(any_value(e.district), '') AS district,
  string_agg(p.project_id, ', ' ORDER BY p.project_id) AS projects, count(*)::INTEGER AS n
FROM projects p LEFT JOIN enterprises e USING (firm_id) WHERE p.year = $1 AND p.kind IN (${inList(kinds, params)}) GROUP BY p.firm_id ORDER BY p.firm_id`,
    params
  );
  return levelOfFirms(rows.map((r) => ({ firm_id: r.firm_id, name: r.name, district: r.district, period: String(target.year), value: 1, note: r.projects })), {
    zh: `${target.year} 年项目表口径（全年）`,
    en: `projects of ${target.year} (whole year)`
  });
}

function levelOfFirms(firms: FirmRow[], note: Text, sum = false): MetricData {
  const by = new Map<string, number>();
  for (const f of firms) by.set(f.district, (by.get(f.district) ?? 0) + (sum ? f.value : 1));
  return {
    kind: 'level',
    value: firms.reduce((s, f) => s + (sum ? f.value : 1), 0),
    byDistrict: [...by].map(([district, value]) => ({ district, value })),
    firms,
    annual: true,
    note
  };
}

async function growth(db: Db, kind: string, target: Target): Promise<MetricData> {
  const rows = await db.query<{ firm_id: string; name: string; district: string; year: number; invest: number; projects: string }>(
    `SELECT p.firm_id, coalesce(any_value(e.name), p.firm_id) AS name, coalesce(any_value(e.district), '') AS district, p.year,
  CAST(sum(p.fixed_asset_10k) AS DOUBLE) AS invest, string_agg(p.project_id, ', ' ORDER BY p.project_id) AS projects
FROM projects p LEFT JOIN enterprises e USING (firm_id) WHERE p.kind = $1 AND p.year IN ($2, $3) AND p.fixed_asset_10k IS NOT NULL GROUP BY p.firm_id, p.year`,
    [kind, target.year - 1, target.year]
  );
  const sum = (y: number, d?: string) => rows.filter((r) => r.year === y && (d === undefined || r.district === d)).reduce((s, r) => s + r.invest, 0);
  const base = sum(target.year - 1);
  const now = sum(target.year);
  if (!(base > 0) || !(now > 0))
    return noData(`项目表中缺少 ${target.year - 1} 或 ${target.year} 年 ${kind} 项目的投资额，无法计算增速`, `The projects table lacks ${kind} investment for ${target.year - 1} or ${target.year}: no growth can be computed`);
  const districts = [...new Set(rows.map((r) => r.district))].sort();
  return {
    kind: 'level',
    value: now / base - 1,
    byDistrict: districts.filter((d) => sum(target.year - 1, d) > 0).map((d) => ({ district: d, value: sum(target.year, d) / sum(target.year - 1, d) - 1 })),
    firms: rows
      .filter((r) => r.year === target.year)
      .sort((a, b) => b.invest - a.invest)
      .map((r) => ({ firm_id: r.firm_id, name: r.name, district: r.district, period: String(target.year), value: r.invest, note: r.projects })),
    annual: true,
    note: { zh: `${target.year} 年 ${fmt(now)} 万元，${target.year - 1} 年 ${fmt(base)} 万元`, en: `${fmt(now)} (10k yuan) in ${target.year} against ${fmt(base)} in ${target.year - 1}` }
  };
}

const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 2 });

export interface AwardsContext {
  /** Package ids evaluated into `awards` and the year each is assessed on. */
  inForce: Map<string, number>;
  /** Makes the `awards` view current (the baseline of the packages in force). */
  ensure: () => Promise<void>;
  /** The titles of the shipped documents and their clauses, so notes name them as the notices do. */
  titles: Map<string, { title: Text; clauses: Map<string, Text> }>;
}

async function awardsTotal(db: Db, packageId: string, clause: string, target: Target, ctx: AwardsContext | null): Promise<MetricData> {
  const year = ctx?.inForce.get(packageId);
  const doc = ctx?.titles.get(packageId);
  const [title, item] = [doc?.title ?? { zh: packageId, en: packageId }, doc?.clauses.get(clause) ?? { zh: clause, en: clause }];
  if (!ctx || year === undefined) return noData(`《${title.zh}》未纳入本地区执行的政策，没有测算兑现金额`, `"${title.en}" is not among the policies in force: its awards are not computed`);
  if (year !== target.year) return noData(`《${title.zh}》按 ${year} 年测算，目标年度为 ${target.year} 年`, `"${title.en}" is assessed on ${year}, the target on ${target.year}`);
  await ctx.ensure();
  const rows = await db.query<{ firm_id: string; name: string; district: string; yuan: number }>(
    `SELECT a.firm_id, coalesce(any_value(e.name), a.firm_id) AS name, coalesce(any_value(e.district), '') AS district, CAST(sum(a.award_yuan) AS DOUBLE) AS yuan
FROM awards a LEFT JOIN enterprises e USING (firm_id) WHERE a.package = $1 AND a.clause = $2 AND a.status = 'paid' GROUP BY a.firm_id ORDER BY yuan DESC, a.firm_id`,
    [packageId, clause]
  );
  return levelOfFirms(
    rows.map((r) => ({ firm_id: r.firm_id, name: r.name, district: r.district, period: String(target.year), value: r.yuan / 10_000, note: '' })),
    { zh: `按《${title.zh}》${item.zh}测算的奖补合计`, en: `awards of "${item.en}" ("${title.en}") as computed` },
    true
  );
}

/** The data behind one target. `asOf` is the last quarter counted ('YYYYQn'). */
export async function metricData(db: Db, target: Target, asOf: string, awards: AwardsContext | null = null): Promise<MetricData> {
  const m: Metric = target.metric;
  switch (m.kind) {
    case 'new_above_scale':
      return firmFlow(db, NEW_ABOVE_SCALE_SQL, [], () => '');
    case 'certified':
      return firmFlow(db, FIRST_CERTIFIED_SQL, [m.cert], (r) => String(r.granted_on));
    case 'indicator':
      return target.value.unit.kind === 'ratio' ? indicatorLevel(db, m.code, target, asOf) : indicatorFlow(db, m.code, target);
    case 'coverage':
      return coverage(db, m.projectKinds, target, asOf);
    case 'firms_with_projects':
      return firmsWithProjects(db, m.projectKinds, target);
    case 'growth':
      return growth(db, m.projectKind, target);
    case 'awards':
      return awardsTotal(db, m.packageId, m.clause, target, awards);
  }
}
