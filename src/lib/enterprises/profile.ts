/**
 * One firm's awards as people read them: every package, every clause with its status, amount and tier,
 * each condition as the firm's value against the threshold, the gap to the next step in words, the
 * data missing behind an unknown, exclusions, stacking, pools, the clause source and its assumptions.
 * Pure: rows and packages in, view model out (tested without a browser).
 */
import type { Clause, Package } from '../policy/schema.ts';
import type { Evidence, Status } from '../policy/award-row.ts';
import { explainEvidence, leafIndex, missingData, type ExplainedCondition } from '../policy/explain.ts';
import { formatNumber, formatPercent, formatPoints, formatWan, formatYuan, type Lang } from '../format/numbers.ts';
import { fillText, formatParamValue } from '../policy/labels.ts';
import { clauseTitle, packageTitle, tierLabel } from '../policy/texts.ts';
import { findTargets, leafIds, nearMissTargets, stepGaps, type NearMissTarget, type StepGap, type Tolerance } from '../policy/near.ts';
import type { FirmAwardRow } from './profile-sql.ts';
import { msg, type EnterpriseKey } from './messages.ts';

const OP_SYMBOL: Record<string, string> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<', '=': '=', '!=': '≠' };

export interface ConditionView extends ExplainedCondition {
  opSymbol: string;
  /** A condition of a tier or rate case (which amount), not of eligibility (whether at all). */
  tier: boolean;
}

export interface ConditionGroup {
  /** Project id for project clauses (null: the firm itself). */
  item: string | null;
  conditions: ConditionView[];
}

export interface GapSentence {
  text: string;
  /** Within the near-miss tolerance. */
  near: boolean;
}

export interface AssumptionView {
  label: string;
  value: string;
  note: string;
}

export interface PoolView {
  poolYuan: number;
  demandYuan: number | null;
  cappedYuan: number;
  awardYuan: number;
  text: string[];
}

export interface ClauseView {
  id: string;
  title: string;
  source: { clause: string; quote: string };
  notes: string | null;
  status: Status | null;
  statusText: string;
  tierText: string | null;
  awardYuan: number;
  rawYuan: number | null;
  cappedYuan: number | null;
  groups: ConditionGroup[];
  gaps: GapSentence[];
  near: boolean;
  missing: string[];
  /** Conditions not met, for a clause not paid whose gap cannot be put in numbers. */
  unmet: string[];
  stackedBy: string | null;
  pool: PoolView | null;
  assumptions: AssumptionView[];
  explanation: string | null;
}

export interface PackageView {
  id: string;
  title: string;
  issuer: string;
  docNumber: string;
  effective: { from: string; to: string };
  totalYuan: number;
  paid: number;
  near: number;
  unknown: number;
  clauses: ClauseView[];
  exclusion: { reasons: string[]; sources: { clause: string; quote: string }[] } | null;
  notComputable: { id: string; title: string; reason: string; source: { clause: string; quote: string } }[];
}

/** A gap with enough decimals to be non-zero ("0.0001 个百分点" rather than "0.00"). */
export function formatGap(gap: number, unit: string, lang: Lang): string {
  if (unit === 'ratio') {
    let digits = 2;
    while (digits < 6 && Number((gap * 100).toFixed(digits)) === 0) digits++;
    return formatPoints(gap, lang, digits);
  }
  if (unit === 'money') return formatWan(gap, lang);
  return formatNumber(gap, unit === 'quantity' || unit === 'usd' ? 2 : 0);
}

function paramsOf(x: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(x)) x.forEach((y) => paramsOf(y, out));
  else if (x && typeof x === 'object') {
    for (const [k, v] of Object.entries(x)) {
      if (k === 'param' && typeof v === 'string') out.add(v);
      else paramsOf(v, out);
    }
  }
  return out;
}

function assumptions(pkg: Package, clause: Clause, lang: Lang): AssumptionView[] {
  const out: AssumptionView[] = [];
  for (const name of paramsOf(clause)) {
    const p = pkg.parameters[name];
    if (p?.assumption) out.push({ label: fillText(p.label, pkg, lang), value: formatParamValue(p, p.value, lang), note: fillText(p.assumption, pkg, lang) });
  }
  const stackLabel = lang === 'zh' ? '不重复享受' : 'No stacking';
  for (const g of pkg.stacking) if (g.assumption && g.clauses.includes(clause.id)) out.push({ label: stackLabel, value: '', note: fillText(g.assumption, pkg, lang) });
  const acrossLabel = lang === 'zh' ? '跨政策就高' : 'Highest across policies';
  for (const g of pkg.acrossPackages) {
    if (g.assumption && g.members.includes(`${pkg.id}:${clause.id}`)) out.push({ label: acrossLabel, value: '', note: fillText(g.assumption, pkg, lang) });
  }
  return out;
}

function tierText(pkg: Package, clause: Clause, tier: string | null, lang: Lang): string | null {
  if (!tier) return null;
  const label = tierLabel(pkg, clause, tier, lang);
  if (label !== null) return label;
  const steps = /^steps_(\d+)$/.exec(tier);
  if (steps) return msg(lang, 'tier.steps', { n: steps[1] });
  return tier;
}

/** The title of a clause named `clause` or `package:clause` (the winner of a stacking or 就高 rule). */
function refTitle(packages: Map<string, Package>, pkg: Package, ref: string, lang: Lang): string {
  const [pkgId, clauseId] = ref.includes(':') ? ref.split(':') : [pkg.id, ref];
  const other = packages.get(pkgId);
  const clause = other?.clauses.find((c) => c.id === clauseId);
  const title = other && clause ? clauseTitle(other, clause, lang) : clauseId;
  if (pkgId === pkg.id || !other) return title;
  return `${packageTitle(other, lang)} · ${title}`;
}

/** Per project item, the closest way to the next step that can be put in numbers (near first, then fewest gaps). */
function closest(evidence: Evidence[], targets: NearMissTarget[], tol: Tolerance): StepGap[] {
  const best = new Map<string, StepGap>();
  const worst = (g: StepGap, unit: string) => Math.max(0, ...g.missing.filter((e) => e.unit === unit).map((e) => e.gap ?? 0));
  const better = (a: StepGap, b: StepGap) =>
    Number(b.near) - Number(a.near) || a.missing.length - b.missing.length || worst(a, 'ratio') - worst(b, 'ratio') || worst(a, 'money') - worst(b, 'money');
  for (const t of targets) {
    for (const g of stepGaps(evidence, t, tol)) {
      if (!g.measurable) continue;
      const key = g.item ?? '';
      const current = best.get(key);
      if (!current || better(g, current) < 0) best.set(key, g);
    }
  }
  return [...best.values()];
}

function gapSentences(pkg: Package, clause: Clause, gaps: StepGap[], conditions: ExplainedCondition[], lang: Lang): GapSentence[] {
  return gaps.map((g) => {
    const tier = g.target.to === null ? null : tierText(pkg, clause, g.target.to, lang);
    const parts = g.missing
      .map((e) => {
        const c = conditions.find((x) => x.id === e.id && (x.item ?? '') === (e.item ?? ''));
        const gap = formatGap(c?.gapValue ?? e.gap!, e.unit, lang);
        // the unit is in the gap already: "净增（万元）差 1,210.32 万元" reads twice
        const label = (c?.label ?? e.id).replaceAll('（万元）', '').replaceAll(' (10k yuan)', '');
        return msg(lang, 'profile.near.part', { label, gap });
      })
      .join(lang === 'zh' ? '、' : '; ');
    const prefix = g.item ? `${msg(lang, 'profile.clause.project', { id: g.item })}${lang === 'zh' ? '：' : ': '}` : '';
    const text = tier === null ? msg(lang, 'profile.near.clause', { parts }) : msg(lang, 'profile.near.tier', { parts, tier });
    return { text: prefix + text, near: g.near };
  });
}

function poolView(row: FirmAwardRow, lang: Lang): PoolView | null {
  if (row.pool_yuan === null || (row.status !== 'paid' && row.status !== 'pool_exhausted')) return null;
  const capped = row.capped_yuan ?? 0;
  const text = [msg(lang, 'profile.clause.pool', { pool: formatYuan(row.pool_yuan, lang), demand: formatYuan(row.pool_demand, lang) })];
  if (row.status === 'pool_exhausted') text.push(msg(lang, 'profile.clause.poolExhausted', { capped: formatYuan(capped, lang) }));
  else if (row.award_yuan < capped)
    text.push(
      msg(lang, 'profile.clause.poolProRata', {
        ratio: formatPercent(row.pool_demand ? row.pool_yuan / row.pool_demand : null, 2),
        capped: formatYuan(capped, lang),
        award: formatYuan(row.award_yuan, lang)
      })
    );
  else text.push(msg(lang, 'profile.clause.poolFull'));
  return { poolYuan: row.pool_yuan, demandYuan: row.pool_demand, cappedYuan: capped, awardYuan: row.award_yuan, text };
}

/** Decimals a ratio needs so that a failed bound never reads as equal to its threshold ("8.00% ≥ 8.00%"). */
function ratioDigits(e: Evidence): number {
  if (e.unit !== 'ratio' || e.value === null || e.threshold === null || e.value === e.threshold) return 2;
  for (let digits = 2; digits <= 6; digits++) if (formatPercent(e.value, digits) !== formatPercent(e.threshold, digits)) return digits;
  return 6;
}

function groupConditions(clause: Clause, evidence: Evidence[], conditions: ExplainedCondition[], lang: Lang): ConditionGroup[] {
  const eligibility = new Set(leafIds(clause.eligibility, ['has_project', 'has_claim']));
  // one value, one display: the same growth reads "7.9999%" against 8% and against 10% alike
  const digits = new Map<number, number>();
  for (const e of evidence) if (e.unit === 'ratio' && e.value !== null) digits.set(e.value, Math.max(digits.get(e.value) ?? 2, ratioDigits(e)));
  const groups: ConditionGroup[] = [];
  conditions.forEach((c, i) => {
    const e = evidence[i];
    let g = groups.find((x) => x.item === c.item);
    if (!g) groups.push((g = { item: c.item, conditions: [] }));
    const value = e.unit === 'ratio' && e.value !== null ? formatPercent(e.value, digits.get(e.value) ?? 2) : c.value;
    const gap = c.pass === false && c.gapValue !== null ? (lang === 'zh' ? `差 ${formatGap(c.gapValue, e.unit, lang)}` : `${formatGap(c.gapValue, e.unit, lang)} short`) : null;
    g.conditions.push({ ...c, value, gap, opSymbol: OP_SYMBOL[c.op] ?? c.op, tier: !eligibility.has(c.id) });
  });
  for (const g of groups) g.conditions.sort((a, b) => Number(a.tier) - Number(b.tier));
  return groups;
}

/** Labels of the eligibility conditions that fail (tier conditions only set the amount). */
function unmet(evidence: Evidence[], conditions: ExplainedCondition[], clause: Clause): string[] {
  const eligibility = new Set(leafIds(clause.eligibility, ['has_project', 'has_claim']));
  const labels = conditions.filter((c, i) => c.pass === false && eligibility.has(evidence[i].id)).map((c) => c.label);
  return [...new Set(labels)];
}

function explanation(row: FirmAwardRow, lang: Lang): string | null {
  if (row.status === 'below_floor') return msg(lang, 'profile.clause.belowFloor');
  // the amount is computed before exclusions apply: say what the exclusion costs the firm
  if (row.status === 'excluded' && row.capped_yuan) return msg(lang, 'profile.clause.wouldPay', { amount: formatYuan(row.capped_yuan, lang) });
  return null;
}

export function buildPackageViews(packages: Package[], rows: FirmAwardRow[], lang: Lang, tol: Tolerance): PackageView[] {
  const byId = new Map(packages.map((p) => [p.id, p]));
  const targets = nearMissTargets(packages);
  return packages.map((pkg) => {
    const index = leafIndex(pkg);
    const mine = rows.filter((r) => r.package === pkg.id);
    const clauses: ClauseView[] = pkg.clauses.map((clause) => {
      const row = mine.find((r) => r.clause === clause.id);
      const base = {
        id: clause.id,
        title: clauseTitle(pkg, clause, lang),
        source: clause.source,
        notes: clause.notes ? fillText(clause.notes, pkg, lang) : null,
        assumptions: assumptions(pkg, clause, lang)
      };
      if (!row) {
        return { ...base, status: null, statusText: msg(lang, 'common.na'), tierText: null, awardYuan: 0, rawYuan: null, cappedYuan: null, groups: [], gaps: [], near: false, missing: [], unmet: [], stackedBy: null, pool: null, explanation: null };
      }
      const evidence = row.evidence ?? [];
      const conditions = explainEvidence(pkg, evidence, lang, index);
      const steps = findTargets(targets, pkg.id, clause.id, row.status, row.tier);
      const gaps = gapSentences(pkg, clause, closest(evidence, steps, tol), conditions, lang);
      let missing = row.status === 'unknown' ? [...new Set(missingData(conditions, lang))] : [];
      if (row.status === 'unknown' && !missing.length) missing = [...new Set(missingData(explainEvidence(pkg, row.exclusion_evidence ?? [], lang, index), lang))];
      if (row.status === 'unknown' && !missing.length) missing = [lang === 'zh' ? '计算奖补金额所需的数据' : 'data needed for the amount'];
      return {
        ...base,
        status: row.status,
        statusText: msg(lang, `status.${row.status}` as EnterpriseKey),
        tierText: row.status === 'paid' ? tierText(pkg, clause, row.tier, lang) : null,
        awardYuan: row.award_yuan,
        rawYuan: row.raw_yuan,
        cappedYuan: row.capped_yuan,
        groups: groupConditions(clause, evidence, conditions, lang),
        unmet: (row.status === 'refused' || row.status === 'below_floor') && !gaps.length ? unmet(evidence, conditions, clause) : [],
        gaps,
        near: gaps.some((g) => g.near),
        missing,
        stackedBy: row.status === 'stacked' && row.stacked_by ? refTitle(byId, pkg, row.stacked_by, lang) : null,
        pool: poolView(row, lang),
        explanation: explanation(row, lang)
      };
    });
    const excludedRow = mine.find((r) => r.status === 'excluded');
    const exclusion = excludedRow
      ? {
          reasons: explainEvidence(pkg, excludedRow.exclusion_evidence ?? [], lang, index)
            .filter((c) => c.pass === true)
            .map((c) => c.label),
          sources: pkg.exclusions.map((e) => e.source)
        }
      : null;
    return {
      id: pkg.id,
      title: packageTitle(pkg, lang),
      issuer: fillText(pkg.issuer, pkg, lang),
      docNumber: pkg.docNumber,
      effective: pkg.effective,
      totalYuan: mine.reduce((n, r) => n + (r.award_yuan ?? 0), 0),
      paid: clauses.filter((c) => c.status === 'paid').length,
      near: clauses.filter((c) => c.near).length,
      unknown: clauses.filter((c) => c.status === 'unknown').length,
      clauses,
      exclusion,
      notComputable: pkg.notComputable.map((n) => ({ id: n.id, title: fillText(n.title, pkg, lang), reason: fillText(n.reason, pkg, lang), source: n.source }))
    };
  });
}
