/**
 * The policy library as people read it: every document with its facts, and every clause with the
 * source sentence, its conditions and award in words (current parameter values), limits, stacking and
 * 就高 rules that involve it, the parameters it uses with their sources and assumptions, and its worked
 * examples. Pure: packages in, view model out; nothing here knows a clause, a parameter or a number.
 */
import type { Clause, Example, ExampleFirm, Package } from '../policy/schema.ts';
import type { ParamValues } from '../policy/context.ts';
import { fillText, formatParamValue, type Lang } from '../policy/labels.ts';
import { clauseParams, describeCondition, paramValue, type ConditionWords } from '../policy/describe.ts';
import { describeAward, describeLimits, type AwardWords, type LimitWords } from '../policy/describe-award.ts';
import { fieldName, fieldValue } from '../policy/describe-metric.ts';
import { clauseTitle, packageTitle, tierLabel } from '../policy/texts.ts';
import { formatPeriod, formatYuanExact } from '../format/numbers.ts';
import { clauseRef, kindName, msg, KIND_NAMES, type EnterpriseKey } from '../enterprises/messages.ts';
import { valueAliases } from '../ingest/value-aliases.ts';
import type { TableName } from '../ingest/contract.ts';
import { clauseHref, documentHref } from './links.ts';

export interface SourceView {
  ref: string;
  quote: string;
}

export interface ParamView {
  name: string;
  label: string;
  value: string;
  /** No number: the value says what an empty parameter means ("由数据计算…"). */
  empty: boolean;
  source: SourceView;
  assumption: string | null;
}

export interface LinkView {
  href: string;
  title: string;
}

export interface RelationView {
  kind: 'exclusive' | 'stackable' | 'highest';
  others: LinkView[];
  source: SourceView;
  assumption: string | null;
  /** The document that declares a 就高 rule, when it is another one. */
  declaredIn: string | null;
}

export interface ExampleView {
  name: string;
  set: string[];
  firm: string[];
  others: string[][];
  expect: string;
}

export interface ClauseView {
  id: string;
  href: string;
  title: string;
  /** Pays townships, departments or others besides firms: its recipients are not all firms. */
  paysOthers: boolean;
  source: SourceView;
  eligibility: ConditionWords;
  award: AwardWords;
  limits: LimitWords[];
  notes: string | null;
  params: ParamView[];
  relations: RelationView[];
  examples: ExampleView[];
}

export interface DocumentView {
  id: string;
  href: string;
  title: string;
  issuer: string;
  docNumber: string;
  sourceFile: string;
  effective: { from: string; to: string };
  periods: { label: string; value: number; source: SourceView | null }[];
  exclusions: { condition: ConditionWords; source: SourceView }[];
  clauses: ClauseView[];
  notComputable: { id: string; title: string; source: SourceView; reason: string }[];
}


/** A clause number as the notice cites it; a bare item number reads 第一项 / 第1项 (a lone "一" looks like a dash). */
function refText(ref: string, lang: Lang): string {
  if (lang === 'zh' && /^([一二三四五六七八九十]+|\d+)$/.test(ref)) return `第${ref}项`;
  if (lang === 'zh' && /^\d+(-\d+)?(,\d+(-\d+)?)+$/.test(ref)) return `第${ref.replaceAll(',', '、')}项`;
  if (lang === 'en' && ref === '文末') return 'End of the document';
  return clauseRef(ref, lang);
}

const source = (s: { clause: string; quote: string }, lang: Lang): SourceView => ({ ref: refText(s.clause, lang), quote: s.quote });

/** An example's name is written "中文 | English". */
export function exampleName(name: string, lang: Lang): string {
  const i = name.indexOf(' | ');
  if (i < 0) return name;
  return lang === 'zh' ? name.slice(0, i).trim() : name.slice(i + 3).trim();
}

function paramView(pkg: Package, name: string, lang: Lang, values: ParamValues): ParamView {
  const spec = pkg.parameters[name];
  return {
    name,
    label: fillText(spec.label, pkg, lang, values),
    value: formatParamValue(spec, paramValue(pkg, name, values), lang),
    empty: paramValue(pkg, name, values) === null,
    source: source(spec.source, lang),
    assumption: spec.assumption?.[lang] ?? null
  };
}

function clauseLink(packages: Map<string, Package>, ref: string, lang: Lang, from: Package): LinkView {
  const [pkgId, clauseId] = ref.includes(':') ? ref.split(':') : [from.id, ref];
  const pkg = packages.get(pkgId);
  const clause = pkg?.clauses.find((c) => c.id === clauseId);
  const title = clause ? clauseTitle(pkg!, clause, lang) : clauseId;
  return { href: clauseHref(pkgId, clauseId), title: pkg && pkgId !== from.id ? `${packageTitle(pkg, lang)} · ${title}` : title };
}

/** Stacking, stackable and 就高 rules that name the clause (就高 rules may be declared by any document). */
function relations(packages: Map<string, Package>, pkg: Package, clause: Clause, lang: Lang): RelationView[] {
  const out: RelationView[] = [];
  const others = (ids: string[]) => ids.filter((id) => id !== clause.id).map((id) => clauseLink(packages, id, lang, pkg));
  for (const g of pkg.stacking)
    if (g.clauses.includes(clause.id)) out.push({ kind: 'exclusive', others: others(g.clauses), source: source(g.source, lang), assumption: g.assumption?.[lang] ?? null, declaredIn: null });
  for (const g of pkg.stackable)
    if (g.clauses.includes(clause.id)) out.push({ kind: 'stackable', others: others(g.clauses), source: source(g.source, lang), assumption: null, declaredIn: null });
  const me = `${pkg.id}:${clause.id}`;
  for (const owner of packages.values())
    for (const g of owner.acrossPackages)
      if (g.members.includes(me))
        out.push({
          kind: 'highest',
          others: g.members.filter((m) => m !== me).map((m) => clauseLink(packages, m, lang, pkg)),
          source: source(g.source, lang),
          assumption: g.assumption?.[lang] ?? null,
          declaredIn: owner.id === pkg.id ? null : packageTitle(owner, lang)
        });
  return out;
}

/** Columns whose values are codes with names (certification and project kinds, claim items and levels, recipients). */
const CODED: [TableName, string][] = [
  ['certifications', 'kind'],
  ['projects', 'kind'],
  ['claims', 'item'],
  ['claims', 'level'],
  ['claims', 'recipient_kind']
];

/**
 * A coded value as people name it: the screens' own names for certification and project kinds, else
 * the first Chinese name the data contract accepts for it; in English the code in words.
 */
export function codeName(code: string, lang: Lang): string {
  if (KIND_NAMES[code]) return kindName(code, lang);
  if (lang === 'en') return code.replaceAll('_', ' ');
  for (const [table, column] of CODED) {
    const name = valueAliases(table, column)?.codes[code]?.[0];
    if (name) return name;
  }
  return code;
}

const sep = (lang: Lang) => (lang === 'zh' ? '，' : ', ');
const colon = (lang: Lang) => (lang === 'zh' ? '：' : ': ');

function fields(row: Record<string, unknown>, table: TableName, lang: Lang, skip: string[] = []): string {
  return Object.entries(row)
    .filter(([k]) => !skip.includes(k))
    .map(([k, v]) => `${fieldName(k, lang, table)} ${CODED.some(([, c]) => c === k) ? codeName(String(v), lang) : fieldValue(k, v as string | number | null, lang, table)}`)
    .join(sep(lang));
}

/** A firm of an example as short lines: enterprise fields, each quarter, certifications, records. */
export function firmLines(firm: ExampleFirm, lang: Lang): string[] {
  const out: string[] = [];
  const recipient = (firm as { recipient?: string }).recipient;
  if (recipient) out.push(`${lang === 'zh' ? '受奖单位' : 'Recipient'}${colon(lang)}${codeName(recipient, lang)}`);
  if (firm.enterprise && Object.keys(firm.enterprise).length) out.push(fields(firm.enterprise, 'enterprises', lang));
  for (const [period, q] of Object.entries(firm.quarterly ?? {})) {
    const row: Record<string, unknown> = typeof q === 'number' ? { output_10k: q } : { ...q };
    // an example's sales follow its output unless given (src/lib/policy/examples.ts): say so, or a sales clause reads wrong
    const salesToo = 'output_10k' in row && !('sales_10k' in row);
    let text = fields(row, 'quarterly', lang);
    if (salesToo) text = text.replace(fieldName('output_10k', lang, 'quarterly'), lang === 'zh' ? '工业总产值、销售收入' : 'output and sales');
    out.push(`${formatPeriod(period, lang)}${colon(lang)}${text}`);
  }
  for (const [kind, date] of Object.entries(firm.certifications ?? {})) out.push(`${codeName(kind, lang)}${colon(lang)}${date}`);
  for (const [year, rec] of Object.entries(firm.spring_festival ?? {}))
    out.push(`${lang === 'zh' ? `${year}年春节` : `Spring Festival ${year}`}${colon(lang)}${fields(rec, 'spring_festival', lang)}`);
  for (const p of firm.projects ?? []) out.push(`${lang === 'zh' ? '项目' : 'Project'}${colon(lang)}${fields(p, 'projects', lang)}`);
  for (const c of firm.claims ?? []) out.push(`${lang === 'zh' ? '申报' : 'Claim'}${colon(lang)}${fields(c, 'claims', lang)}`);
  return out;
}

function exampleView(pkg: Package, clause: Clause, ex: Example, lang: Lang): ExampleView {
  // the example's own overrides fill the labels its outcome names ("增速7%以上" when it sets the tier to 7%)
  const values: ParamValues = ex.set ?? {};
  const expect = [
    ex.expect.status ? msg(lang, `status.${ex.expect.status}` as EnterpriseKey) : null,
    ex.expect.tier ? (tierLabel(pkg, clause, ex.expect.tier, lang, values) ?? ex.expect.tier) : null,
    ex.expect.award_yuan !== undefined ? formatYuanExact(ex.expect.award_yuan, lang) : null
  ].filter((x): x is string => x !== null);
  return {
    name: exampleName(ex.name, lang),
    set: Object.entries(values).map(([name, v]) => {
      const spec = pkg.parameters[name];
      return spec ? `${fillText(spec.label, pkg, lang, values)} = ${formatParamValue(spec, v, lang)}` : `${name} = ${v}`;
    }),
    firm: firmLines(ex.firm, lang),
    others: (ex.others ?? []).map((f) => firmLines(f, lang)),
    expect: expect.join(' · ')
  };
}

export function clauseView(packages: Map<string, Package>, pkg: Package, clause: Clause, lang: Lang, values: ParamValues = {}): ClauseView {
  const names = { kindName: (k: string) => codeName(k, lang) };
  return {
    id: clause.id,
    href: clauseHref(pkg.id, clause.id),
    title: clauseTitle(pkg, clause, lang, values),
    paysOthers: ((clause as { recipients?: string[] }).recipients ?? ['firm']).some((r) => r !== 'firm'),
    source: source(clause.source, lang),
    eligibility: describeCondition(pkg, clause.eligibility, lang, values),
    award: describeAward(pkg, clause, lang, values, names),
    limits: describeLimits(pkg, clause, lang, values, names),
    notes: clause.notes ? fillText(clause.notes, pkg, lang, values) : null,
    params: clauseParams(pkg, clause).map((n) => paramView(pkg, n, lang, values)),
    relations: relations(packages, pkg, clause, lang),
    examples: clause.examples.map((ex) => exampleView(pkg, clause, ex, lang))
  };
}

export function documentView(packages: Map<string, Package>, pkg: Package, lang: Lang, values: ParamValues = {}): DocumentView {
  return {
    id: pkg.id,
    href: documentHref(pkg.id),
    title: packageTitle(pkg, lang, values),
    issuer: fillText(pkg.issuer, pkg, lang, values),
    docNumber: pkg.docNumber,
    sourceFile: pkg.sourceFile,
    effective: pkg.effective,
    periods: Object.values(pkg.periods).map((p) => ({ label: fillText(p.label, pkg, lang, values), value: p.value, source: p.source ? source(p.source, lang) : null })),
    exclusions: pkg.exclusions.map((e) => ({ condition: describeCondition(pkg, e.when, lang, values), source: source(e.source, lang) })),
    clauses: pkg.clauses.map((c) => clauseView(packages, pkg, c, lang, values)),
    notComputable: pkg.notComputable.map((n) => ({ id: n.id, title: fillText(n.title, pkg, lang, values), source: source(n.source, lang), reason: fillText(n.reason, pkg, lang, values) }))
  };
}
