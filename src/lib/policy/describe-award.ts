/**
 * A clause's award in words: the shape (a fixed amount, a tier table, rate x quantity with its cases,
 * percent of a base, base + step per increment), what is assessed (the firm, each project, each claim),
 * and the limits after it (floor, cap, pool with its allocation rule). Every value is a parameter of
 * the package, printed through formatParamValue.
 */
import type { Clause, Package } from './schema.ts';
import type { ParamValues } from './context.ts';
import { fillText, type Lang } from './labels.ts';
import { describeCondition, paramText, paramValue, type ConditionWords } from './describe.ts';
import { describeMetric, describeQuantity } from './describe-metric.ts';

export interface AwardRowWords {
  id: string;
  label: string;
  condition: ConditionWords;
  /** The tier's amount or the case's rate. */
  value: string;
  param: string;
}

export interface AwardWords {
  shape: Clause['award']['shape'];
  /** The rule in one sentence. */
  rule: string;
  /** Tiers (lowest first) or rate cases (checked in order), as table rows. */
  rows: AwardRowWords[];
}

type Names = { kindName?: (kind: string) => string };

export function describeAward(pkg: Package, clause: Clause, lang: Lang, values: ParamValues = {}, names: Names = {}): AwardWords {
  const zh = lang === 'zh';
  const p = (name: string) => paramText(pkg, name, lang, values);
  // a difference multiplied or taken a share of reads in brackets: (2024Q1 用电 − 2023Q1 用电) × 0.05元
  const q = (x: object) => {
    const text = describeQuantity(pkg, x, lang, names.kindName);
    return text.includes(' − ') ? (lang === 'zh' ? `（${text}）` : `(${text})`) : text;
  };
  const a = clause.award;
  switch (a.shape) {
    case 'fixed': {
      const per = clause.unit === 'firm' ? (zh ? '每户' : 'per firm') : zh ? '每项' : 'per item';
      return { shape: a.shape, rule: zh ? `${per}给予 ${p(a.amount.param)}` : `${p(a.amount.param)} ${per}`, rows: [] };
    }
    case 'tiers':
      return {
        shape: a.shape,
        rule: zh ? '按下表分档，只奖达到的最高一档' : 'By the tiers below; only the highest tier reached is paid',
        rows: a.tiers.map((t) => ({ id: t.id, label: fillText(t.label, pkg, lang, values), condition: describeCondition(pkg, t.when, lang, values), value: p(t.amount.param), param: t.amount.param }))
      };
    case 'rate': {
      const rows = (a.cases ?? []).map((k) => ({ id: k.id, label: fillText(k.label, pkg, lang, values), condition: describeCondition(pkg, k.when, lang, values), value: p(k.rate.param), param: k.rate.param }));
      const rule = zh ? `按 ${q(a.quantity)} × ${p(a.rate.param)}` : `${q(a.quantity)} × ${p(a.rate.param)}`;
      const cases = zh
        ? `；下列情形依次判断，第一个满足的情形适用其单价，都不满足时按 ${p(a.rate.param)}`
        : `; the cases below are checked in order and the first that holds sets the rate, otherwise ${p(a.rate.param)}`;
      return { shape: a.shape, rule: rows.length ? rule + cases : rule, rows };
    }
    case 'percent': {
      const above = (a as { above?: { param: string } }).above;
      const base = q(a.base);
      const part = above ? (zh ? `${base}超过 ${p(above.param)} 的部分` : `the part of ${base} above ${p(above.param)}`) : base;
      return { shape: a.shape, rule: zh ? `按 ${part} 的 ${p(a.percent.param)}` : `${p(a.percent.param)} of ${part}`, rows: [] };
    }
    case 'step': {
      const over = describeMetric(pkg, a.over, lang, names.kindName);
      return {
        shape: a.shape,
        rule: zh
          ? `${over} 达到 ${p(a.threshold.param)} 时给予 ${p(a.base.param)}，超出部分每满 ${p(a.increment.param)} 再给予 ${p(a.step.param)}`
          : `${p(a.base.param)} when ${over} reaches ${p(a.threshold.param)}, plus ${p(a.step.param)} for each full ${p(a.increment.param)} above it`,
        rows: []
      };
    }
  }
}

export interface LimitWords {
  kind: 'unit' | 'recipients' | 'capPerRecord' | 'floor' | 'cap' | 'pool';
  text: string;
}

/**
 * What is assessed and the limits after the amount, in the order the engine applies them: each project
 * or claim record (capped one by one), summed per firm, then floor, cap per firm, then the pool.
 */
export function describeLimits(pkg: Package, clause: Clause, lang: Lang, values: ParamValues = {}, names: Names = {}): LimitWords[] {
  const zh = lang === 'zh';
  const p = (name: string) => paramText(pkg, name, lang, values);
  const kind = (k: string) => names.kindName?.(k) ?? k;
  const c = clause as Clause & { claims?: { item: string; level?: string; from?: string; to?: string }; capPerRecord?: { param: string }; recipients?: string[] };
  const out: LimitWords[] = [];
  if (clause.unit === 'project' && clause.projects) {
    const { kind: k, year } = clause.projects;
    out.push({ kind: 'unit', text: zh ? `按项目逐个测算：${year}年“${kind(k)}”项目，同一企业的项目金额合计` : `Assessed per project: “${kind(k)}” projects of ${year}, summed per firm` });
  }
  if (String(clause.unit) === 'claim' && c.claims) {
    const item = [c.claims.item, c.claims.level].filter(Boolean).map((x) => kind(x!)).join(' · ');
    const when = c.claims.from || c.claims.to ? (zh ? `（${c.claims.from ?? ''} 至 ${c.claims.to ?? ''}）` : ` (${c.claims.from ?? ''} to ${c.claims.to ?? ''})`) : '';
    out.push({ kind: 'unit', text: zh ? `按申报记录逐条测算：事项“${item}”${when}，同一申报单位合计` : `Assessed per claim: “${item}”${when}, summed per recipient` });
  }
  if (c.recipients?.length) {
    const who: Record<string, [string, string]> = { firm: ['企业', 'firms'], township: ['乡镇', 'townships'], department: ['部门', 'departments'], institution: ['院校、科研院所', 'schools and institutes'] };
    const list = c.recipients.map((r) => who[r]?.[zh ? 0 : 1] ?? r).join(zh ? '、' : ', ');
    out.push({ kind: 'recipients', text: zh ? `奖励对象：${list}` : `Paid to: ${list}` });
  }
  if (c.capPerRecord) {
    const perProject = clause.unit === 'project';
    const cap = p(c.capPerRecord.param);
    out.push({ kind: 'capPerRecord', text: zh ? `${perProject ? '每个项目' : '每条申报记录'}最高 ${cap}` : `At most ${cap} per ${perProject ? 'project' : 'claim'}` });
  }
  if (clause.floor) {
    const f = p(clause.floor.amount.param);
    out.push({
      kind: 'floor',
      text: clause.floor.mode === 'nothing' ? (zh ? `金额不足 ${f} 的不予安排` : `Amounts below ${f} are not paid`) : zh ? `金额不足 ${f} 的按 ${f} 兑现` : `Amounts below ${f} are raised to ${f}`
    });
  }
  if (clause.cap) {
    const summed = clause.unit !== 'firm';
    out.push({
      kind: 'cap',
      text: zh ? `每户最高 ${p(clause.cap.param)}${summed ? '（同一企业各项合计）' : ''}` : `At most ${p(clause.cap.param)} per firm${summed ? ' (all its items together)' : ''}`
    });
  }
  if (clause.pool) {
    const { amount, allocation, rankBy } = clause.pool;
    const rule = p(allocation.param);
    const ranked = paramValue(pkg, allocation.param, values) === 'rank' && rankBy;
    const order = ranked ? (zh ? `（按${describeMetric(pkg, rankBy, lang, names.kindName)}从高到低依次足额兑现）` : ` (paid in full from the highest ${describeMetric(pkg, rankBy, lang, names.kindName)} down)`) : '';
    out.push({
      kind: 'pool',
      text: zh ? `本条资金总额 ${p(amount.param)}；申报合计超出时：${rule}${order}` : `An envelope of ${p(amount.param)} for the clause; when claims exceed it: ${rule}${order}`
    });
  }
  return out;
}
