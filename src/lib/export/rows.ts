/**
 * The flagged-firm export: one row per (firm, clause) of the `awards` view that passes a filter (packages,
 * district, industry division, clause, statuses), with the firm, the policy document and clause titles,
 * the tier, the award in yuan and 万元, and the evidence in words ("2024年一季度产值 6,200万元 > 5000万元；
 * 同比增速 9.1% ≥ 8%"). Non-paid rows (refused, unknown, near misses, excluded ...) carry their status and
 * the reason in words. Every filter value is a bound parameter. The evidence is computed on demand
 * (policy/evidence.ts) in one statement for all the selected firms, never per row.
 * Pure (no node: imports): the browser's export page and the CLI call the same function.
 */
import { ident, type Db, type Param } from '../db/types.ts';
import type { Clause, Package } from '../policy/schema.ts';
import type { Scenario } from '../policy/awards.ts';
import type { Evidence, Status } from '../policy/award-row.ts';
import { awardsWithEvidenceSql } from '../policy/evidence.ts';
import { leafIndex, type LeafInfo } from '../policy/explain.ts';
import { fillText } from '../policy/labels.ts';
import type { Dim } from '../policy/units.ts';
import { DEFAULT_TOLERANCE, findTargets, leafIds, nearMissTargets, stepGaps, type NearMissTarget, type StepGap, type Tolerance } from '../policy/near.ts';
import { clauseTitle, packageTitle, tierLabel } from '../policy/texts.ts';
import type { ParamValues } from '../policy/context.ts';
import { industryDivisionName } from '../format/industries.ts';
import { formatNumber, formatPoints, type Lang } from '../format/numbers.ts';
import { msg, type EnterpriseKey } from '../enterprises/messages.ts';
import type { ExportColumn, ExportRow } from './columns.ts';

/** Which rows: paid (default); refused (refused, below the floor); unknown (data missing); near (refused rows within the tolerance); other (excluded, stacked, pool used up). */
export type ExportStatus = 'paid' | 'refused' | 'unknown' | 'near' | 'other';
export const EXPORT_STATUSES: readonly ExportStatus[] = ['paid', 'refused', 'unknown', 'near', 'other'];

export interface ExportFilter {
  /** Package ids (default: every package given). */
  packages?: string[];
  district?: string;
  /** GB/T 4754 division, two digits. */
  industry?: string;
  /** Clause id, or `package:clause`. */
  clause?: string;
  /** Default ['paid']. */
  statuses?: ExportStatus[];
  /** For `near` (default: the app's, 1 个百分点 and 50 万元). */
  tolerance?: Tolerance;
}

export interface ExportOptions {
  /** The parameter overrides `awards` was evaluated with (the baseline: {}); evidence and labels follow them. */
  scenario?: Scenario;
  lang?: Lang;
  /** The awards view (default `awards`). */
  awards?: string;
}

const STATUS_SQL: Record<ExportStatus, Status[]> = {
  paid: ['paid'],
  refused: ['refused', 'below_floor'],
  unknown: ['unknown'],
  near: ['refused', 'below_floor'],
  other: ['excluded', 'stacked', 'pool_exhausted']
};

const BASE_COLUMNS: ExportColumn[] = [
  { key: 'name', zh: '企业名称', en: 'Firm name', kind: 'text' },
  { key: 'firm_id', zh: '统一社会信用代码', en: 'Unified social credit code', kind: 'text' },
  { key: 'district', zh: '区县', en: 'District', kind: 'text' },
  { key: 'industry', zh: '行业', en: 'Industry', kind: 'text' },
  { key: 'package_title', zh: '政策文件', en: 'Policy document', kind: 'text' },
  { key: 'clause_title', zh: '条款', en: 'Clause', kind: 'text' },
  { key: 'tier', zh: '档次', en: 'Tier', kind: 'text' },
  { key: 'award_yuan', zh: '奖补金额（元）', en: 'Award (yuan)', kind: 'yuan' },
  { key: 'award_wan', zh: '奖补金额（万元）', en: 'Award (10k yuan)', kind: 'wan' },
  { key: 'evidence', zh: '依据', en: 'Evidence', kind: 'text' }
];
const STATUS_COLUMNS: ExportColumn[] = [
  { key: 'status', zh: '状态', en: 'Status', kind: 'text' },
  { key: 'reason', zh: '原因', en: 'Reason', kind: 'text' }
];

const statusesOf = (f: ExportFilter): ExportStatus[] => (f.statuses?.length ? [...new Set(f.statuses)] : ['paid']);

/** The columns of the flagged-firm export: the ten of the list, plus 状态 and 原因 when rows other than paid are asked for. */
export function flaggedColumns(filter: ExportFilter = {}): ExportColumn[] {
  const s = statusesOf(filter);
  return s.length === 1 && s[0] === 'paid' ? BASE_COLUMNS : [...BASE_COLUMNS, ...STATUS_COLUMNS];
}

/** The packages the filter keeps, in the given order. */
export function filteredPackages(packages: Package[], filter: ExportFilter = {}): Package[] {
  return filter.packages?.length ? packages.filter((p) => filter.packages!.includes(p.id)) : packages;
}

/**
 * The WHERE clause over awards row `a` and firm_profile row `f`; values pushed to `params` (placeholders
 * $1.. in push order, so the same text can be used twice with the same parameters).
 */
export function filterSql(packages: Package[], filter: ExportFilter, params: Param[], a = 'a', f = 'f'): string {
  const bind = (v: Param) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where: string[] = [];
  const ids = filteredPackages(packages, filter).map((p) => p.id);
  where.push(ids.length ? `${a}.package IN (${ids.map(bind).join(', ')})` : 'FALSE');
  const statuses = [...new Set(statusesOf(filter).flatMap((s) => STATUS_SQL[s]))];
  where.push(`${a}.status IN (${statuses.map(bind).join(', ')})`);
  if (filter.district) where.push(`${f}.district = ${bind(filter.district)}`);
  if (filter.industry) where.push(`${f}.industry_division = ${bind(filter.industry)}`);
  if (filter.clause) {
    const [pkg, clause] = filter.clause.includes(':') ? filter.clause.split(':') : [null, filter.clause];
    where.push(`${a}.clause = ${bind(clause)}`);
    if (pkg) where.push(`${a}.package = ${bind(pkg)}`);
  }
  return where.join(' AND ');
}

/**
 * How many rows the export will hold (for "导出 N 行" before the download). Exact in SQL, except for a
 * near-miss filter without refused rows, which needs the evidence (then it is the rows' length).
 */
export async function countFlaggedRows(db: Db, packages: Package[], filter: ExportFilter = {}, opts: ExportOptions = {}): Promise<number> {
  const s = statusesOf(filter);
  if (s.includes('near') && !s.includes('refused')) return (await flaggedRows(db, packages, filter, opts)).length;
  const params: Param[] = [];
  const where = filterSql(packages, filter, params);
  const rows = await db.query<{ n: number }>(
    `SELECT count(*)::BIGINT AS n FROM ${ident(opts.awards ?? 'awards')} a LEFT JOIN firm_profile f ON f.firm_id = a.firm_id WHERE ${where}`,
    params
  );
  return Number(rows[0].n);
}

interface RawRow {
  package: string;
  firm_id: string;
  clause: string;
  status: Status;
  tier: string | null;
  award_yuan: number | null;
  capped_yuan: number | null;
  stacked_by: string | null;
  evidence: Evidence[] | null;
  exclusion_evidence: Evidence[] | null;
  name: string | null;
  district: string | null;
  industry_code: string | null;
}

const OP_SYMBOL: Record<string, string> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<', '=': '=', '!=': '≠' };

/**
 * A label written for a table column carries its unit or direction in brackets ("2024年一季度产值（万元，高于）");
 * the value and the comparison say it already (the same rule as describe.ts).
 */
const UNIT_BRACKET =
  /\s*[（(](?:(?:万元|元|美元|立方米|千瓦时|天|人|个|高于|低于|不低于|不高于|以上|以下|含|10k yuan|yuan|USD|US\$|m3|m³|kWh|days|persons|above|below|at least|at most)[，,、\s]*)+[）)]/g;
const bare = (label: string) => label.replace(UNIT_BRACKET, '');

/** Number formats built once (Intl.NumberFormat is slow to construct: 100,000 rows format ~500,000 values). */
const FORMATS = new Map<number, Intl.NumberFormat>();
const grouped = (v: number, digits: number) => {
  let f = FORMATS.get(digits);
  if (!f) FORMATS.set(digits, (f = new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })));
  return f.format(v);
};
/** Drops a ".00" / ".0000" that adds nothing: "6,200万元", "8%" (9.10% keeps its digits). */
const trim = (s: string) => s.replace(/(\d)\.0+(?!\d)/g, '$1');

/** A value of a condition in its unit, compact for a cell (as explain.ts formatValue, without the no-break space). */
export function cellValue(v: number | null, dim: Dim, lang: Lang, digits = 2): string {
  const zh = lang === 'zh';
  if (v === null || v === undefined || Number.isNaN(v)) return zh ? '缺失' : 'missing';
  switch (dim) {
    case 'money':
      if (!zh) return `¥${trim(grouped(v * 10_000, 0))}`;
      return Math.abs(v) >= 10_000 ? `${trim(grouped(v / 10_000, digits))}亿元` : `${trim(grouped(v, digits))}万元`;
    case 'ratio':
      return `${trim(grouped(v * 100, digits))}%`;
    case 'year':
      return v === 0 ? (zh ? '从未' : 'never') : String(v);
    case 'flag':
      return v === 1 ? (zh ? '是' : 'yes') : zh ? '否' : 'no';
    case 'quantity':
      return trim(grouped(v, 2));
    case 'usd':
      return `${trim(grouped(v, 2))}${zh ? '美元' : ' USD'}`;
    default:
      return grouped(v, 0);
  }
}

/** Decimals that keep a value apart from its threshold (7.9999% against 8% must not read "8% ≥ 8%"). */
function digitsFor(e: Evidence, dim: Dim, lang: Lang): number {
  if (e.value === null || e.threshold === null || e.value === e.threshold || (dim !== 'ratio' && dim !== 'money')) return 2;
  let d = 2;
  while (d < 6 && cellValue(e.value, dim, lang, d) === cellValue(e.threshold, dim, lang, d)) d++;
  return d;
}

/** Per package: texts and indexes computed once for the whole export. */
interface ClauseCtx {
  clause: Clause;
  title: string;
  eligibility: Set<string>;
  tiers: Map<string, string>;
}
interface PackageCtx {
  pkg: Package;
  title: string;
  index: Map<string, LeafInfo>;
  /** Condition labels with the slots filled, unit brackets dropped. */
  labels: Map<string, string>;
  values: ParamValues;
  clauses: Map<string, ClauseCtx>;
}

function packageCtx(pkg: Package, values: ParamValues, lang: Lang): PackageCtx {
  const clauses = new Map<string, ClauseCtx>();
  for (const clause of pkg.clauses) {
    const tiers = new Map<string, string>();
    const a = clause.award;
    const ids = a.shape === 'tiers' ? a.tiers.map((t) => t.id) : a.shape === 'rate' ? (a.cases ?? []).map((k) => k.id) : [];
    for (const id of ids) tiers.set(id, tierLabel(pkg, clause, id, lang, values) ?? id);
    clauses.set(clause.id, { clause, title: clauseTitle(pkg, clause, lang, values), eligibility: new Set(leafIds(clause.eligibility, ['has_project', 'has_claim'])), tiers });
  }
  const index = leafIndex(pkg);
  const labels = new Map([...index].map(([id, info]) => [id, bare(fillText(info.label, pkg, lang, values))]));
  return { pkg, title: packageTitle(pkg, lang, values), index, labels, values, clauses };
}

function tierText(ctx: ClauseCtx, tier: string | null, lang: Lang): string {
  if (!tier) return '';
  const label = ctx.tiers.get(tier);
  if (label) return label;
  const steps = /^steps_(\d+)$/.exec(tier);
  return steps ? msg(lang, 'tier.steps', { n: steps[1] }) : tier;
}

/**
 * The conditions in words: "label value op threshold" ("2024年一季度产值 6,200万元 > 5000万元"). Paid: the
 * conditions met (what the award rests on). Otherwise: every condition, those not met marked. Project and
 * claim clauses: grouped by item ("项目 P1：...").
 */
export function evidenceWords(ctx: PackageCtx, evidence: Evidence[], paid: boolean, lang: Lang): string {
  const zh = lang === 'zh';
  const groups = new Map<string, string[]>();
  for (const e of evidence) {
    if (paid && e.pass !== true) continue;
    const info = ctx.index.get(e.id);
    const dim: Dim = info?.dim ?? 'count';
    const label = ctx.labels.get(e.id) ?? e.id;
    const d = digitsFor(e, dim, lang);
    let text: string;
    if (dim === 'flag' || e.threshold === null) text = `${label}${zh ? '：' : ': '}${cellValue(e.value, dim, lang, d)}`;
    else text = `${label} ${cellValue(e.value, dim, lang, d)} ${OP_SYMBOL[info?.op ?? ''] ?? info?.op ?? ''} ${cellValue(e.threshold, dim, lang, d)}`;
    if (e.pass === false) text += zh ? '（未满足）' : ' (not met)';
    else if (e.pass === null) text += zh ? '（数据缺失）' : ' (data missing)';
    const key = e.item ?? '';
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    if (!list.includes(text)) list.push(text);
  }
  const sep = zh ? '；' : '; ';
  return [...groups]
    .map(([item, parts]) => (item ? `${zh ? `项目 ${item}：` : `project ${item}: `}${parts.join(zh ? '，' : ', ')}` : parts.join(sep)))
    .join(sep);
}

function gapText(gap: number, unit: string, lang: Lang): string {
  if (unit === 'ratio') {
    let digits = 2;
    while (digits < 6 && Number((gap * 100).toFixed(digits)) === 0) digits++;
    return formatPoints(gap, lang, digits).replace('\u00a0', '');
  }
  if (unit === 'money') return cellValue(gap, 'money', lang);
  return formatNumber(gap, unit === 'quantity' || unit === 'usd' ? 2 : 0);
}

/** The closest measurable way to the next step, near ones first (as the firm profile reads it). */
function closestGap(evidence: Evidence[], targets: NearMissTarget[], tol: Tolerance): StepGap | null {
  let best: StepGap | null = null;
  for (const t of targets)
    for (const g of stepGaps(evidence, t, tol)) {
      if (!g.measurable) continue;
      if (!best || Number(g.near) > Number(best.near) || (g.near === best.near && g.missing.length < best.missing.length)) best = g;
    }
  return best;
}

function nearSentence(ctx: PackageCtx, clauseId: string, g: StepGap, lang: Lang): string {
  const c = ctx.clauses.get(clauseId)!;
  const parts = g.missing
    .map((e) => {
      return msg(lang, 'profile.near.part', { label: ctx.labels.get(e.id) ?? e.id, gap: gapText(e.gap!, e.unit, lang) });
    })
    .join(lang === 'zh' ? '、' : '; ');
  const tier = g.target.to === null ? null : tierText(c, g.target.to, lang);
  const text = tier === null ? msg(lang, 'profile.near.clause', { parts }) : msg(lang, 'profile.near.tier', { parts, tier });
  return (g.item ? (lang === 'zh' ? `项目 ${g.item}：` : `project ${g.item}: `) : '') + text;
}

/**
 * The flagged-firm rows for a filter, keys as in `flaggedColumns(filter)`; ordered by package, clause,
 * award (largest first), firm id. `packages`: the packages `awards` was evaluated with.
 */
export async function flaggedRows(db: Db, packages: Package[], filter: ExportFilter = {}, opts: ExportOptions = {}): Promise<ExportRow[]> {
  const lang = opts.lang ?? 'zh';
  const scenario = opts.scenario ?? {};
  const awards = opts.awards ?? 'awards';
  const chosen = filteredPackages(packages, filter);
  if (!chosen.length) return [];
  const statuses = statusesOf(filter);
  const params: Param[] = [];
  const where = filterSql(packages, filter, params, 'xa', 'xf');
  const firms = { sql: `SELECT DISTINCT xa.firm_id FROM ${ident(awards)} xa LEFT JOIN firm_profile xf ON xf.firm_id = xa.firm_id WHERE ${where}`, params };
  const ev = awardsWithEvidenceSql(chosen, scenario, firms, awards);
  const order = new Map(chosen.map((p, i) => [p.id, i]));
  const raw = (await db.query(
    `SELECT xa.package, xa.firm_id, xa.clause, xa.clause_order, xa.status, xa.tier, xa.award_yuan, xa.capped_yuan, xa.stacked_by,
       xa.evidence, xa.exclusion_evidence, xf.name, xf.district, xf.industry_code
     FROM (${ev.sql}) xa LEFT JOIN firm_profile xf ON xf.firm_id = xa.firm_id
     WHERE ${where}
     ORDER BY xa.clause_order, xa.award_yuan DESC, xa.firm_id`,
    ev.params
  )) as unknown as (RawRow & { clause_order: number })[];
  raw.sort((a, b) => order.get(a.package)! - order.get(b.package)! || a.clause_order - b.clause_order);

  const ctxs = new Map(chosen.map((p) => [p.id, packageCtx(p, scenario[p.id] ?? {}, lang)]));
  const targets = statuses.includes('near') || statuses.includes('refused') ? nearMissTargets(chosen) : [];
  const tol = filter.tolerance ?? DEFAULT_TOLERANCE;
  const wantRefused = statuses.includes('refused');
  const wantNear = statuses.includes('near');
  const withStatus = flaggedColumns(filter).length > BASE_COLUMNS.length;
  const industryNames = new Map<string, string>();
  const industry = (code: string | null) => {
    const key = code ?? '';
    if (!industryNames.has(key)) industryNames.set(key, code ? industryDivisionName(code, lang) : '');
    return industryNames.get(key)!;
  };

  const out: ExportRow[] = [];
  for (const r of raw) {
    const ctx = ctxs.get(r.package)!;
    const c = ctx.clauses.get(r.clause)!;
    const evidence = r.evidence ?? [];
    const paid = r.status === 'paid';
    let statusText = msg(lang, `status.${r.status}` as EnterpriseKey);
    let reason = '';
    if (r.status === 'refused' || r.status === 'below_floor') {
      const gap = closestGap(evidence, findTargets(targets, r.package, r.clause, r.status, r.tier), tol);
      const near = !!gap?.near;
      if (!(near ? wantNear || wantRefused : wantRefused)) continue;
      if (near) statusText = msg(lang, 'profile.near.badge');
      if (r.status === 'below_floor') reason = msg(lang, 'profile.clause.belowFloor');
      else if (gap) reason = nearSentence(ctx, r.clause, gap, lang);
      else {
        const unmet = [...new Set(evidence.filter((e) => e.pass === false && c.eligibility.has(e.id)).map((e) => ctx.labels.get(e.id) ?? e.id))];
        reason = unmet.length ? `${lang === 'zh' ? '未满足：' : 'Not met: '}${unmet.join(lang === 'zh' ? '、' : '; ')}` : '';
      }
    } else if (r.status === 'unknown') {
      const missingOf = (list: Evidence[]) => list.filter((e) => e.pass === null).map((e) => `${ctx.labels.get(e.id) ?? e.id}${lang === 'zh' ? '：数据缺失' : ': data missing'}`);
      let missing = missingOf(evidence);
      if (!missing.length) missing = missingOf(r.exclusion_evidence ?? []);
      reason = [...new Set(missing)].join(lang === 'zh' ? '；' : '; ') || (lang === 'zh' ? '计算奖补金额所需的数据缺失' : 'data needed for the amount is missing');
    } else if (r.status === 'excluded') {
      const why = (r.exclusion_evidence ?? []).filter((e) => e.pass === true).map((e) => ctx.labels.get(e.id) ?? e.id);
      reason = `${lang === 'zh' ? '排除条件：' : 'Excluded: '}${[...new Set(why)].join(lang === 'zh' ? '、' : '; ')}`;
    } else if (r.status === 'stacked') {
      const [pid, cid] = r.stacked_by?.includes(':') ? r.stacked_by.split(':') : [r.package, r.stacked_by ?? ''];
      const other = ctxs.get(pid)?.clauses.get(cid)?.title ?? packages.find((p) => p.id === pid)?.clauses.find((x) => x.id === cid)?.title[lang] ?? cid;
      reason = lang === 'zh' ? `已按“${other}”兑现，不重复享受` : `Paid under "${other}" instead (no stacking)`;
    } else if (r.status === 'pool_exhausted') {
      reason = msg(lang, 'profile.clause.poolExhausted', { capped: `${formatNumber(r.capped_yuan ?? 0)}${lang === 'zh' ? '元' : ' yuan'}` });
    }
    const yuan = paid ? (r.award_yuan ?? 0) : 0;
    const row: ExportRow = {
      name: r.name,
      firm_id: r.firm_id,
      district: r.district,
      industry: industry(r.industry_code),
      package_title: ctx.title,
      clause_title: c.title,
      tier: paid ? tierText(c, r.tier, lang) : '',
      award_yuan: yuan,
      award_wan: yuan / 10_000,
      evidence: evidenceWords(ctx, evidence, paid, lang)
    };
    if (withStatus) {
      row.status = statusText;
      row.reason = reason;
    }
    out.push(row);
  }
  return out;
}


