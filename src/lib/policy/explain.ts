/**
 * Turns evidence rows into what a person reads: each condition with the firm's value against the
 * threshold, near misses in words ("差 0.40 个百分点"), and the data that is missing for unknowns.
 */
import type { Condition, Leaf, Package } from './schema.ts';
import { metricDim } from './metrics-sql.ts';
import { CLAIM_FIELD_DIM, EVIDENCE_REASONS } from './condition-sql.ts';
import type { Evidence } from './award-row.ts';
import type { Dim } from './units.ts';
import type { ParamValues } from './context.ts';
import { fillText } from './labels.ts';
import { formatNumber, formatPercent, formatPoints, formatWan, type Lang } from '../format/numbers.ts';

export interface LeafInfo {
  id: string;
  label: { zh: string; en: string };
  op: string;
  dim: Dim;
}

function leafInfo(pkg: Package, leaf: Leaf): LeafInfo {
  if ('compare' in leaf) {
    const { left, right, op } = leaf.compare;
    const side = 'metric' in left ? left : 'metric' in right ? right : null;
    const claim = 'claim' in left ? left : 'claim' in right ? right : null;
    const dim: Dim =
      side && 'metric' in side
        ? metricDim(pkg, side.metric)
        : claim && 'claim' in claim
          ? CLAIM_FIELD_DIM[claim.claim]
          : 'project' in left || 'project' in right
            ? 'money'
            : 'count';
    return { id: leaf.id, label: leaf.label, op, dim };
  }
  if ('growth' in leaf) return { id: leaf.id, label: leaf.label, op: leaf.growth.op, dim: 'ratio' };
  return { id: leaf.id, label: leaf.label, op: leaf.share.op, dim: 'ratio' };
}

function collect(pkg: Package, c: Condition, out: Map<string, LeafInfo>) {
  if ('all' in c) c.all.forEach((x) => collect(pkg, x, out));
  else if ('any' in c) c.any.forEach((x) => collect(pkg, x, out));
  else if ('not' in c) collect(pkg, c.not, out);
  else if (!out.has(c.id)) out.set(c.id, leafInfo(pkg, c));
}

/** Every condition of a package by id (clause conditions, tier and rate conditions, exclusions). */
export function leafIndex(pkg: Package): Map<string, LeafInfo> {
  const out = new Map<string, LeafInfo>();
  out.set('has_project', { id: 'has_project', label: { zh: '有符合类别与年份的项目', en: 'Has a project of the kind and year' }, op: '=', dim: 'flag' });
  out.set('has_claim', { id: 'has_claim', label: { zh: '有该事项的申报记录', en: 'Has a claim record of the item' }, op: '=', dim: 'flag' });
  for (const clause of pkg.clauses) {
    collect(pkg, clause.eligibility, out);
    const a = clause.award;
    if (a.shape === 'tiers') a.tiers.forEach((t) => collect(pkg, t.when, out));
    if (a.shape === 'rate') a.cases?.forEach((k) => collect(pkg, k.when, out));
  }
  pkg.exclusions.forEach((e) => collect(pkg, e.when, out));
  return out;
}

export function formatValue(v: number | null, dim: Dim, lang: Lang, digits = 2): string {
  if (v === null || v === undefined || Number.isNaN(v)) return lang === 'zh' ? '缺失' : 'missing';
  switch (dim) {
    case 'money':
      return formatWan(v, lang, digits);
    case 'ratio':
      return formatPercent(v, digits);
    case 'year':
      return v === 0 ? (lang === 'zh' ? '从未' : 'never') : String(v);
    case 'flag':
      return v === 1 ? (lang === 'zh' ? '是' : 'yes') : lang === 'zh' ? '否' : 'no';
    case 'quantity':
      return formatNumber(v, 2);
    case 'usd':
      return `${formatNumber(v, 2)} ${lang === 'zh' ? '美元' : 'USD'}`;
    default:
      return formatNumber(v, 0);
  }
}

function formatGap(gap: number, dim: Dim, lang: Lang, digits: number): string {
  if (dim === 'ratio') return formatPoints(gap, lang, digits);
  if (dim === 'money') return formatWan(gap, lang, digits);
  return formatNumber(gap, dim === 'quantity' || dim === 'usd' ? 2 : 0);
}

/**
 * Decimals that keep a failed value visibly apart from its threshold: 7.9999% against 8% must not read
 * "8.00% ≥ 8.00%", nor its gap "0.00 个百分点".
 */
function digitsFor(e: Evidence, dim: Dim, lang: Lang): number {
  if (e.pass !== false || e.value === null || e.threshold === null || (dim !== 'ratio' && dim !== 'money')) return 2;
  let d = 2;
  while (d < 6 && formatValue(e.value, dim, lang, d) === formatValue(e.threshold, dim, lang, d)) d++;
  return d;
}

export interface ExplainedCondition {
  id: string;
  item: string | null;
  label: string;
  value: string;
  op: string;
  threshold: string;
  pass: boolean | null;
  /** How far from passing, in words, for a failed lower/upper bound. */
  gap: string | null;
  /** Raw gap in display units (ratio or 万元...), for near-miss filters. */
  gapValue: number | null;
  /** Why an unknown is not missing data: 'zero_base' (a growth whose base quarter is zero); null otherwise. */
  reason: string | null;
}


/** What a zero base makes of a growth: the value shown, and the line under "missing data". */
export const ZERO_BASE = {
  value: { zh: '基数为零', en: 'base is zero' },
  line: { zh: '增长基数为零，无法计算增速', en: 'the base is zero: growth cannot be computed' }
} as const;

/** `values`: the parameter values the evidence was decided with (a what-if's), so a label's slots show them. */
export function explainEvidence(pkg: Package, evidence: Evidence[], lang: Lang, index = leafIndex(pkg), values: ParamValues = {}): ExplainedCondition[] {
  return (evidence as Evidence[]).map((e) => {
    const reason = e.pass === null ? (e.reason ?? null) : null;
    const info = index.get(e.id) ?? { id: e.id, label: { zh: e.id, en: e.id }, op: '', dim: 'count' as Dim };
    let gapValue = e.gap;
    if (gapValue !== null && gapValue <= 0) gapValue = info.dim === 'ratio' ? 0.000001 : 0.01; // a strict bound met exactly
    const digits = digitsFor(e, info.dim, lang);
    // for a maximum (<, <=) the gap is how far the value is over it
    const over = info.op === '<' || info.op === '<=';
    const gapText = gapValue === null ? '' : formatGap(gapValue, info.dim, lang, digits);
    return {
      id: e.id,
      item: e.item,
      label: fillText(info.label, pkg, lang, values),
      value: reason === EVIDENCE_REASONS.zeroBase ? ZERO_BASE.value[lang] : formatValue(e.value, info.dim, lang, digits),
      op: info.op,
      threshold: formatValue(e.threshold, info.dim, lang),
      pass: e.pass,
      gap:
        gapValue === null || info.dim === 'flag' || info.dim === 'year'
          ? null
          : lang === 'zh'
            ? `${over ? '超出' : '差'} ${gapText}`
            : `${gapText} ${over ? 'over' : 'short'}`,
      gapValue: info.dim === 'flag' || info.dim === 'year' ? null : gapValue,
      reason
    };
  });
}

/**
 * One line per unknown condition ("2023Q1 output: data missing"); a growth over a zero base says so
 * ("…：增长基数为零，无法计算增速"): the data is there, the rate is not computable.
 */
export function missingData(conditions: ExplainedCondition[], lang: Lang): string[] {
  return conditions
    .filter((c) => c.pass === null)
    .map((c) => `${c.label}${lang === 'zh' ? '：' : ': '}${c.reason === EVIDENCE_REASONS.zeroBase ? ZERO_BASE.line[lang] : lang === 'zh' ? '数据缺失' : 'data missing'}`);
}
