/**
 * Reads a target set (YAML with comments, data/targets/*.yaml) into the model. The YAML is parsed by
 * the policy packages' reader (read-yaml.ts: syntax errors with their line) and the entry shapes are
 * checked with zod; every error reads "<file> line <n> (<path>): <problem>". Periods are re-based the
 * way the packages' are: `loadTargetSet(text, file, {year: 2023})` moves every target to 2023.
 */
import { readPolicySource } from '../policy/source/read-yaml.ts';
import { readSource, readText } from '../policy/source/text.ts';
import { periodOf, yearOf, type PeriodEnv } from '../policy/source/periods.ts';
import { CERTIFICATION_KINDS } from '../ingest/contract.ts';
import { readTargetValue } from './quantity.ts';
import { RawTargetSet, type Comparison, type Metric, type Target, type TargetPeriod, type TargetSet } from './schema.ts';

class TargetError extends Error {
  constructor(
    readonly path: (string | number)[],
    message: string
  ) {
    super(message);
  }
}

function at<T>(path: (string | number)[], read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof TargetError) throw e;
    throw new TargetError(path, e instanceof Error ? e.message : String(e));
  }
}

const WORD = /^[a-z0-9_][a-z0-9_-]*$/;

/** `name` or `name(arg, arg)` into a metric; throws a sentence naming the metrics there are. */
export function readMetric(text: string): Metric {
  const m = /^\s*([a-z_]+)\s*(?:\(([^()]*)\))?\s*$/.exec(text);
  const known = 'new_above_scale, certified(kind), firms_with_projects(kind, ...), coverage(kind, ...), growth(kind), indicator(code), awards(package, clause)';
  if (!m) throw new Error(`cannot read the metric "${text}": write one of ${known}`);
  const name = m[1];
  const args = m[2] === undefined ? [] : m[2].split(',').map((a) => a.trim());
  for (const a of args) if (!WORD.test(a)) throw new Error(`"${a}" in the metric "${text}" is not a code (lower-case letters, digits, _ and -)`);
  const need = (n: number | 'some') => {
    if (n === 'some' ? args.length === 0 : args.length !== n) throw new Error(`${name} takes ${n === 'some' ? 'one or more' : n} argument${n === 1 ? '' : 's'}: ${known}`);
  };
  switch (name) {
    case 'new_above_scale':
      need(0);
      return { kind: 'new_above_scale' };
    case 'certified':
      need(1);
      if (!(CERTIFICATION_KINDS as readonly string[]).includes(args[0])) throw new Error(`"${args[0]}" is not a certification kind (${CERTIFICATION_KINDS.join(', ')})`);
      return { kind: 'certified', cert: args[0] };
    case 'firms_with_projects':
      need('some');
      return { kind: 'firms_with_projects', projectKinds: args };
    case 'coverage':
      need('some');
      return { kind: 'coverage', projectKinds: args };
    case 'growth':
      need(1);
      return { kind: 'growth', projectKind: args[0] };
    case 'indicator':
      need(1);
      return { kind: 'indicator', code: args[0] };
    case 'awards':
      need(2);
      return { kind: 'awards', packageId: args[0], clause: args[1] };
    default:
      throw new Error(`unknown metric "${name}": write one of ${known}`);
  }
}

const COMPARISON: Record<string, Comparison> = { 'at least': 'at_least', 'at most': 'at_most', range: 'range' };

function compile(raw: unknown, file: string, periodsOverride: PeriodEnv, lineOf: (p: (string | number)[]) => number | null): TargetSet {
  const parsed = RawTargetSet.safeParse(raw);
  if (!parsed.success) {
    // an unknown key first (a misspelt key also makes the right one missing), then the rest in order
    const issues = parsed.error.issues;
    const issue = issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0];
    const path = issue.path as (string | number)[];
    if (issue.code === 'unrecognized_keys') throw new TargetError(path, `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}: a target has id, title, metric, comparison, value, period, deadline, source and an optional assumption`);
    let at: unknown = raw;
    for (const k of path) at = at && typeof at === 'object' ? (at as Record<string | number, unknown>)[k] : undefined;
    if (at === undefined) throw new TargetError(path, `"${String(path.at(-1))}" is missing`);
    throw new TargetError(path, issue.message);
  }
  const src = parsed.data;
  // periods: each may refer to those before it (next_year: year + 1); overrides win
  const env: PeriodEnv = {};
  const periods: TargetPeriod[] = [];
  for (const [name, p] of Object.entries(src.periods)) {
    const value = name in periodsOverride ? periodsOverride[name] : at(['periods', name, 'value'], () => yearOf(p.value, env));
    if (!Number.isInteger(value) || value < 1900 || value > 2200) throw new TargetError(['periods', name, 'value'], `${value} is not a year`);
    env[name] = value;
    periods.push({ name, value, label: at(['periods', name, 'label'], () => readText(p.label)), source: at(['periods', name, 'source'], () => readSource(p.source)) });
  }
  for (const name of Object.keys(periodsOverride)) if (!(name in env)) throw new TargetError(['periods'], `"${name}" is not a period of this target set (periods: ${Object.keys(env).join(', ')})`);

  const seen = new Set<string>();
  const targets: Target[] = src.targets.map((t, i) => {
    const path = (k: string) => ['targets', i, k];
    if (seen.has(t.id)) throw new TargetError(path('id'), `the id "${t.id}" is used twice in this file`);
    seen.add(t.id);
    const metric = at(path('metric'), () => readMetric(t.metric));
    const value = at(path('value'), () => readTargetValue(t.value));
    const comparison = COMPARISON[t.comparison];
    if ((comparison === 'range') !== (value.lo !== value.hi)) {
      throw new TargetError(path('value'), comparison === 'range' ? `a range target needs a range such as 1-3${value.unit.word}` : `${t.value} is a range: write comparison: range`);
    }
    if (value.unit.kind === 'ratio' && !['coverage', 'growth', 'indicator'].includes(metric.kind)) throw new TargetError(path('value'), `${t.metric} counts ${metric.kind === 'awards' ? 'money' : 'firms'}, not a percentage`);
    if (metric.kind === 'awards' && value.unit.kind !== 'wan') throw new TargetError(path('value'), `${t.metric} is money: write the value in 万元 or 亿元`);
    const period = at(path('period'), () => periodOf(t.period, env));
    let first: string, last: string, span: 'year' | 'quarter', year: number;
    if (typeof period === 'number') {
      [first, last, span, year] = [`${period}Q1`, `${period}Q4`, 'year', period];
    } else if (/^\d{4}Q[1-4]$/.test(period)) {
      [first, last, span, year] = [period, period, 'quarter', Number(period.slice(0, 4))];
    } else throw new TargetError(path('period'), `the period is a year (year) or a quarter (quarter(year, 1)), not ${period}`);
    const deadline = at(path('deadline'), () => periodOf(t.deadline, env));
    if (typeof deadline !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(deadline)) throw new TargetError(path('deadline'), 'the deadline is a date: write date(year, 12, 31)');
    if (deadline < `${first.slice(0, 4)}-${String((Number(first[5]) - 1) * 3 + 1).padStart(2, '0')}-01`) throw new TargetError(path('deadline'), `the deadline ${deadline} is before the period starts (${first})`);
    return {
      id: t.id,
      title: at(path('title'), () => readText(t.title)),
      metric,
      metricText: t.metric.trim(),
      comparison,
      value,
      first,
      last,
      span,
      year,
      deadline,
      source: at(path('source'), () => readSource(t.source)),
      assumption: t.assumption === undefined ? null : at(path('assumption'), () => readText(t.assumption)),
      line: lineOf(['targets', i])
    };
  });
  return {
    id: src.id,
    title: at(['title'], () => readText(src.title)),
    issuer: at(['issuer'], () => readText(src.issuer)),
    sourceFile: src.sourceFile,
    file,
    periods,
    targets
  };
}

/** The last day of a quarter: '2024Q1' -> '2024-03-31'. */
export function lastDayOfQuarter(period: string): string {
  const y = Number(period.slice(0, 4));
  const q = Number(period[5]);
  return `${y}-${['03-31', '06-30', '09-30', '12-31'][q - 1]}`;
}

/** Reads a target set's text; errors read "<file> line <n> (<path>): <problem>". */
export function loadTargetSet(text: string, file: string, periods: PeriodEnv = {}): TargetSet {
  const source = readPolicySource(text, file);
  try {
    return compile(source.raw, file, periods, source.lineOf);
  } catch (e) {
    if (!(e instanceof TargetError)) throw e;
    const line = source.lineOf(e.path);
    throw new Error(`${file}${line ? ` line ${line}` : ''} (${e.path.join('.') || 'top'}): ${e.message}`);
  }
}
