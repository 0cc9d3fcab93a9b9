/**
 * Metric definitions written as calls (`quarterly(output_10k, quarter(year, 1))`) or differences
 * (`output_q1 - output_q1_base`), turned into the engine's metric model.
 */
import type { Metric } from '../schema.ts';
import { callName, isCall, isIdent, parseExpr, show, type Expr } from './expr.ts';
import { dateOf, periodValue, quarterOf, type PeriodEnv } from './periods.ts';

function word(e: Expr | undefined, what: string): string {
  if (e && isIdent(e)) return e.name;
  if (e && e.type === 'Literal' && typeof e.value === 'string') return e.value;
  throw new Error(`expected ${what}, got ${e ? show(e) : 'nothing'}`);
}

function words(e: Expr | undefined, what: string): string[] {
  if (!e || e.type !== 'ArrayExpression') throw new Error(`expected a list of ${what} in [ ], got ${e ? show(e) : 'nothing'}`);
  return (e.elements as (Expr | null)[]).map((x) => word(x ?? undefined, what));
}

function year(e: Expr | undefined, env: PeriodEnv): number {
  if (!e) throw new Error('expected a year');
  const v = periodValue(e, env);
  if (typeof v !== 'number') throw new Error(`"${show(e)}" is not a year`);
  return v;
}

type Builder = (args: Expr[], env: PeriodEnv) => Metric;

/** `item` or `item.level` (e.g. skill_certificate.senior). */
function claimItem(e: Expr | undefined): { item: string; level?: string } {
  if (e && e.type === 'MemberExpression' && isIdent(e.object as Expr) && isIdent(e.property as Expr)) {
    return { item: (e.object as { name: string }).name, level: (e.property as { name: string }).name };
  }
  return { item: word(e, 'a claims item such as madrid_trademark or skill_certificate.senior') };
}

/** Optional date range of claims: both dates or none. */
function claimDates(from: Expr | undefined, to: Expr | undefined, env: PeriodEnv): { from?: string; to?: string } {
  if (!from) return {};
  if (!to) throw new Error('give both dates of the range, or none');
  return { from: dateOf(from, env), to: dateOf(to, env) };
}

const claimsField = (e: Expr | undefined) => {
  const f = word(e, 'a claims field (quantity, amount_10k, amount_usd)');
  if (!['quantity', 'amount_10k', 'amount_usd'].includes(f)) throw new Error(`"${f}" is not a claims field (quantity, amount_10k, amount_usd)`);
  return f as 'quantity' | 'amount_10k' | 'amount_usd';
};

/** The functions a metric may call, each with the shape it reads its arguments in. */
const FUNCTIONS: Record<string, { usage: string; build: Builder }> = {
  quarterly: {
    usage: 'quarterly(output_10k, quarter(year, 1)) or quarterly(measure, quarter, absent_as_zero)',
    build: ([m, q, flag], env) => {
      if (flag && word(flag, 'absent_as_zero') !== 'absent_as_zero') throw new Error('the third argument can only be absent_as_zero');
      return { kind: 'quarter', measure: word(m, 'a measure') as never, period: quarterOf(q, env), ...(flag ? { absentAsZero: true } : {}) };
    }
  },
  annual: { usage: 'annual(output_10k, year)', build: ([m, y], env) => ({ kind: 'year', measure: word(m, 'a measure') as never, year: year(y, env) }) },
  max_annual_before: {
    usage: 'max_annual_before(output_10k, year)',
    build: ([m, y], env) => ({ kind: 'max_year_before', measure: word(m, 'a measure') as never, year: year(y, env) })
  },
  above_scale: { usage: 'above_scale(quarter(year, 1))', build: ([q], env) => ({ kind: 'above_scale', period: quarterOf(q, env) }) },
  above_scale_in: { usage: 'above_scale_in(year)', build: ([y], env) => ({ kind: 'above_scale_in_year', year: year(y, env) }) },
  first_above_scale_year: { usage: 'first_above_scale_year()', build: () => ({ kind: 'first_above_scale_year' }) },
  first_certified: { usage: 'first_certified([specialized_national])', build: ([k]) => ({ kind: 'cert_first_year', kinds: words(k, 'certification kinds') }) },
  certified_between: {
    usage: 'certified_between([listing_ipo], date(year, 1, 1), date(year, 12, 31))',
    build: ([k, from, to], env) => ({ kind: 'cert_between', kinds: words(k, 'certification kinds'), from: dateOf(from, env), to: dateOf(to, env) })
  },
  certified_by: {
    usage: 'certified_by([specialized_provincial], date(year, 3, 31))',
    build: ([k, to], env) => ({ kind: 'cert_between', kinds: words(k, 'certification kinds'), to: dateOf(to, env) })
  },
  spring_festival: {
    usage: 'spring_festival(continuous_days, year)',
    build: ([f, y], env) => ({ kind: 'spring_festival', field: word(f, 'a Spring Festival field') as never, year: year(y, env) })
  },
  firm: { usage: 'firm(is_manufacturing)', build: ([f]) => ({ kind: 'firm', field: word(f, 'an enterprise field') as never }) },
  industry_in: { usage: 'industry_in(["3670", "371"])', build: ([p]) => ({ kind: 'industry_in', prefixes: words(p, 'industry code prefixes') }) },
  claims_sum: {
    usage: 'claims_sum(madrid_trademark, quantity, date(year, 1, 1), date(year, 12, 31)); item.level selects a level',
    build: ([i, f, from, to], env) => ({ kind: 'claims', ...claimItem(i), field: claimsField(f), agg: 'sum', ...claimDates(from, to, env) })
  },
  claims_count: {
    usage: 'claims_count(brand_title.national, date(year, 1, 1), date(year, 12, 31))',
    build: ([i, from, to], env) => ({ kind: 'claims', ...claimItem(i), field: 'count', agg: 'sum', ...claimDates(from, to, env) })
  },
  claims_max_per_counterparty: {
    usage: 'claims_max_per_counterparty(oem_supply, amount_10k, date(year, 1, 1), date(year, 12, 31))',
    build: ([i, f, from, to], env) => ({ kind: 'claims', ...claimItem(i), field: claimsField(f), agg: 'max_per_counterparty', ...claimDates(from, to, env) })
  },
  project_completed: {
    usage: 'project_completed(date(year - 1, 1, 1), date(year, 3, 31))',
    build: ([from, to], env) => ({ kind: 'project_completed', from: dateOf(from, env), to: dateOf(to, env) })
  }
};

export function readMetric(text: string, env: PeriodEnv): Metric {
  const e = parseExpr(text);
  if (e.type === 'BinaryExpression' && e.operator === '-' && isIdent(e.left as Expr) && isIdent(e.right as Expr)) {
    return { kind: 'diff', of: [(e.left as { name: string }).name, (e.right as { name: string }).name] };
  }
  if (!isCall(e)) throw new Error(`"${text}" is not a metric: write a function such as ${FUNCTIONS.quarterly.usage}, or a difference a - b of two metrics`);
  const name = callName(e);
  const fn = FUNCTIONS[name];
  if (!fn) throw new Error(`unknown function ${name}(): the metric functions are ${Object.keys(FUNCTIONS).join(', ')}`);
  try {
    return fn.build(e.arguments, env);
  } catch (err) {
    throw new Error(`${(err as Error).message} (usage: ${fn.usage})`);
  }
}
