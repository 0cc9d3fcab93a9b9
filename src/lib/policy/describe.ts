/**
 * A clause's conditions in words, with the current parameter values, as a printed reference reads them:
 * "2024年一季度产值 高于 5000万元 且 产值增速不低于全市规上增速 且 同比增速 不低于 8%". Built from the
 * condition tree (all / any / not and leaves); every value comes from the package through
 * formatParamValue, so the words follow a changed parameter and no screen quotes a number.
 */
import type { Clause, Condition, Leaf, Op, Operand, Package } from './schema.ts';
import type { ParamValues } from './context.ts';
import { fillText, formatParamValue, templateNames, type Lang } from './labels.ts';
import { metricDim } from './metrics-sql.ts';
import { formatValue } from './explain.ts';
import type { Dim } from './units.ts';

export type ConditionWords =
  | { kind: 'leaf'; id: string; text: string; params: string[] }
  | { kind: 'all' | 'any'; items: ConditionWords[] }
  | { kind: 'not'; item: ConditionWords };

const OP_WORDS: Record<Lang, Record<Op, string>> = {
  zh: { '>=': '不低于', '>': '高于', '<=': '不高于', '<': '低于', '=': '为', '!=': '不为' },
  en: { '>=': 'at least', '>': 'above', '<=': 'at most', '<': 'below', '=': 'is', '!=': 'is not' }
};
/** The same comparison read from the other side (a parameter on the left). */
const FLIPPED: Record<Op, Op> = { '>=': '<=', '>': '<', '<=': '>=', '<': '>', '=': '=', '!=': '!=' };

const JOIN: Record<Lang, { all: string; any: string }> = { zh: { all: '且', any: '或' }, en: { all: 'and', any: 'or' } };

export const opWord = (op: Op, lang: Lang): string => OP_WORDS[lang][op];

/** The current value of a parameter: an override when given (null included), else the package's. */
export function paramValue(pkg: Package, name: string, values: ParamValues): number | string | null {
  return name in values ? values[name] : (pkg.parameters[name]?.value ?? null);
}

/** A parameter's current value as the notice writes it ("8%", "5000万元"). */
export function paramText(pkg: Package, name: string, lang: Lang, values: ParamValues = {}): string {
  const spec = pkg.parameters[name];
  return spec ? formatParamValue(spec, paramValue(pkg, name, values), lang) : name;
}

/**
 * A label written for a table column carries its unit or the direction ("2024年一季度产值（万元，高于）");
 * followed by a comparison with a value that has its own unit, the bracket would say it twice.
 */
const UNIT_BRACKET =
  /\s*[（(](?:(?:万元|元|美元|立方米|千瓦时|天|人|个|高于|低于|不低于|不高于|以上|以下|含|10k yuan|yuan|USD|US\$|m3|m³|kWh|days|persons|above|below|at least|at most)[，,、\s]*)+[）)]/g;
const BRACKETS = /\s*(（[^（）]*）|\([^()]*\))/g;
const squeeze = (s: string) => s.replace(/[\s\u00a0,]/g, '');

/**
 * "label op value", unless the label states the value already: "2024年产值达到1亿元" stays as it is;
 * a bracket that names the value ("同比增速（8%档）") gives way to the comparison ("同比增速 不低于 8%").
 */
function phrase(label: string, op: Op, value: string, lang: Lang, states: (text: string) => boolean): string {
  const bare = label.replace(UNIT_BRACKET, '');
  if (states(bare.replace(BRACKETS, ''))) return bare;
  const short = bare.replace(BRACKETS, (b) => (states(b) ? '' : b));
  return `${short} ${opWord(op, lang)} ${value}`;
}
/** Whether a text shows a formatted value, whatever the spacing and digit grouping. */
const showsValue = (value: string) => (text: string) => squeeze(text).includes(squeeze(value));
/** Whether a text shows a number as a whole (2021 in "（2021年）", not 0 in "2020"). */
const showsNumber = (n: number) => (text: string) => (text.match(/\d+(\.\d+)?/g) ?? []).some((d) => Number(d) === n);

const CLAIM_DIM: Record<string, Dim> = { quantity: 'count', amount_10k: 'money', amount_usd: 'usd' };

function operandDim(pkg: Package, o: Operand): Dim | null {
  const x = o as Record<string, string | number | undefined>;
  if (typeof x.metric === 'string') return metricDim(pkg, x.metric);
  if (x.project !== undefined) return 'money';
  if (typeof x.claim === 'string') return CLAIM_DIM[x.claim] ?? 'count';
  return null;
}

function compareWords(pkg: Package, leaf: Extract<Leaf, { compare: unknown }>, label: string, lang: Lang, values: ParamValues): { text: string; params: string[] } {
  let { left, op, right } = leaf.compare;
  if (('param' in left || 'value' in left) && !('param' in right || 'value' in right)) [left, right, op] = [right, left, FLIPPED[op]];
  // metric against metric: the label says what is compared ("一季度产值不低于上年同期")
  if (!('param' in right) && !('value' in right)) return { text: label.replace(UNIT_BRACKET, ''), params: [] };
  if ('param' in right) {
    const value = paramText(pkg, right.param, lang, values);
    return { text: phrase(label, op, value, lang, showsValue(value)), params: [right.param] };
  }
  const dim = operandDim(pkg, left);
  if (dim === 'flag' && (op === '=' || op === '!=') && (right.value === 0 || right.value === 1)) {
    const holds = (op === '=') === (right.value === 1);
    const bare = label.replace(UNIT_BRACKET, '');
    return { text: holds ? bare : lang === 'zh' ? `非“${bare}”` : `not: ${bare}`, params: [] };
  }
  const value = dim === 'money' ? formatValue(right.value, dim, lang, Number.isInteger(right.value) ? 0 : 2) : String(right.value);
  return { text: phrase(label, op, value, lang, showsNumber(right.value)), params: [] };
}

function growthWords(pkg: Package, leaf: Extract<Leaf, { growth: unknown }>, label: string, lang: Lang, values: ParamValues): { text: string; params: string[] } {
  const { op, than } = leaf.growth;
  if (than !== 'region') {
    const value = paramText(pkg, than.param, lang, values);
    return { text: phrase(label, op, value, lang, showsValue(value)), params: [than.param] };
  }
  // against the region's growth: the label names it; a value set by the bureau is shown beside it
  const override = pkg.regionGrowth?.override.param;
  const bare = label.replace(UNIT_BRACKET, '');
  if (!override) return { text: bare, params: [] };
  const value = paramValue(pkg, override, values);
  if (value === null) return { text: bare, params: [override] };
  const spec = pkg.parameters[override];
  const [open, close] = lang === 'zh' ? ['（', '）'] : [' (', ')'];
  return { text: `${bare}${open}${fillText(spec.label, pkg, lang, values)} ${formatParamValue(spec, value, lang)}${close}`, params: [override] };
}

function shareWords(pkg: Package, leaf: Extract<Leaf, { share: unknown }>, label: string, lang: Lang, values: ParamValues): { text: string; params: string[] } {
  const value = paramText(pkg, leaf.share.than.param, lang, values);
  return { text: phrase(label, leaf.share.op, value, lang, showsValue(value)), params: [leaf.share.than.param] };
}

/** One leaf in words and the parameters it reads. */
export function describeLeaf(pkg: Package, leaf: Leaf, lang: Lang, values: ParamValues = {}): { text: string; params: string[] } {
  const label = fillText(leaf.label, pkg, lang, values);
  const slots = templateNames(leaf.label).filter((n) => n in pkg.parameters);
  const words =
    'compare' in leaf
      ? compareWords(pkg, leaf, label, lang, values)
      : 'growth' in leaf
        ? growthWords(pkg, leaf, label, lang, values)
        : shareWords(pkg, leaf, label, lang, values);
  return { text: words.text, params: [...new Set([...words.params, ...slots])] };
}

/** The condition tree in words, shape kept (the screen lays groups out as lists). */
export function describeCondition(pkg: Package, c: Condition, lang: Lang, values: ParamValues = {}): ConditionWords {
  if ('all' in c) return { kind: 'all', items: c.all.map((x) => describeCondition(pkg, x, lang, values)) };
  if ('any' in c) return { kind: 'any', items: c.any.map((x) => describeCondition(pkg, x, lang, values)) };
  if ('not' in c) return { kind: 'not', item: describeCondition(pkg, c.not, lang, values) };
  return { kind: 'leaf', id: c.id, ...describeLeaf(pkg, c, lang, values) };
}

/** The condition as one sentence; nested groups in brackets: "A 且 （B 或 C）". */
export function conditionSentence(w: ConditionWords, lang: Lang): string {
  const [open, close] = lang === 'zh' ? ['（', '）'] : ['(', ')'];
  const part = (x: ConditionWords) => (x.kind === 'all' || x.kind === 'any' ? `${open}${conditionSentence(x, lang)}${close}` : conditionSentence(x, lang));
  switch (w.kind) {
    case 'leaf':
      return w.text;
    case 'not':
      return lang === 'zh' ? `不满足${open}${conditionSentence(w.item, lang)}${close}` : `not ${part(w.item)}`;
    default:
      return w.items.map(part).join(` ${JOIN[lang][w.kind]} `);
  }
}

/** Every parameter a condition reads, in order of appearance. */
export function conditionParams(w: ConditionWords, out: string[] = []): string[] {
  if (w.kind === 'leaf') w.params.forEach((p) => out.includes(p) || out.push(p));
  else if (w.kind === 'not') conditionParams(w.item, out);
  else w.items.forEach((x) => conditionParams(x, out));
  return out;
}

function paramRefs(x: unknown, out: string[]): void {
  if (Array.isArray(x)) x.forEach((y) => paramRefs(y, out));
  else if (x && typeof x === 'object') {
    const o = x as Record<string, unknown>;
    if (typeof o.zh === 'string' && typeof o.en === 'string') {
      for (const n of templateNames(o as { zh: string; en: string })) if (!out.includes(n)) out.push(n);
      return;
    }
    for (const [k, v] of Object.entries(o)) {
      if (k === 'examples') continue;
      if (k === 'param' && typeof v === 'string') {
        if (!out.includes(v)) out.push(v);
      } else if (k === 'than' && v === 'region') {
        // the region's growth is the package's, set (or left to the data) by its override parameter
      } else paramRefs(v, out);
    }
  }
}

/**
 * The parameters a clause uses, in order of appearance: conditions, amounts, floor, cap, pool, the
 * slots of its texts, and the override of the region's growth when a condition compares with it.
 */
export function clauseParams(pkg: Package, clause: Clause): string[] {
  const out: string[] = [];
  paramRefs({ ...clause, examples: undefined }, out);
  const usesRegion = JSON.stringify(clause.eligibility).includes('"than":"region"') || JSON.stringify(clause.award).includes('"than":"region"');
  const override = pkg.regionGrowth?.override.param;
  if (usesRegion && override && !out.includes(override)) out.push(override);
  return out.filter((n) => n in pkg.parameters);
}
