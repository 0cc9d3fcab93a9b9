/**
 * Conditions as short expressions. A named condition is one comparison
 * (`output_q1 > c2_min_output`, `growth(output_q1, output_q1_base) >= c2_tier1_growth`,
 * `share(sf_overtime, sf_total) >= c1_overtime_share`); eligibility, tiers and exclusions combine the
 * names with and / or / not. Each name is defined once, so its copies can never disagree.
 */
import type { Condition, Leaf, Operand, Op } from '../schema.ts';
import { callName, isCall, isIdent, parseExpr, show, type Expr } from './expr.ts';
import type { PeriodEnv } from './periods.ts';

const OPS = new Set(['>=', '>', '<=', '<', '=', '!=']);
const PROJECT_FIELDS = new Set(['fixed_asset_10k', 'equipment_10k', 'approved_spend_10k']);
const CLAIM_FIELDS = new Set(['quantity', 'amount_10k', 'amount_usd']);
/** The region-wide growth of the package (全市规上工业产值增速), on the right of a growth condition. */
export const REGION_GROWTH = 'region_growth';

export interface Names {
  metrics: Set<string>;
  parameters: Set<string>;
  periods: PeriodEnv;
}

type Text = { zh: string; en: string };

export function operand(e: Expr, names: Names): Operand {
  if (e.type === 'Literal' && typeof e.value === 'number') return { value: e.value };
  if (e.type === 'MemberExpression') {
    const obj = e.object as Expr;
    const prop = e.property as Expr;
    if (isIdent(obj) && obj.name === 'project' && isIdent(prop) && PROJECT_FIELDS.has(prop.name)) return { project: prop.name as never };
    if (isIdent(obj) && obj.name === 'claim' && isIdent(prop) && CLAIM_FIELDS.has(prop.name)) return { claim: prop.name as never };
    throw new Error(`"${show(e)}" is not a field of the project or claim being assessed (project.${[...PROJECT_FIELDS].join(', project.')}, claim.${[...CLAIM_FIELDS].join(', claim.')})`);
  }
  if (isIdent(e)) {
    if (names.metrics.has(e.name)) return { metric: e.name };
    if (names.parameters.has(e.name)) return { param: e.name };
    if (e.name in names.periods) return { value: names.periods[e.name] };
    throw new Error(`"${e.name}" is neither a metric, a parameter nor a period of this package`);
  }
  throw new Error(`"${show(e)}" is not a metric, a parameter, a period or a number`);
}

function metricName(e: Expr, names: Names): string {
  if (isIdent(e) && names.metrics.has(e.name)) return e.name;
  throw new Error(`"${show(e)}" is not a metric of this package`);
}

function paramName(e: Expr, names: Names, what: string): string {
  if (isIdent(e) && names.parameters.has(e.name)) return e.name;
  throw new Error(`${what}: "${show(e)}" is not a parameter of this package`);
}

/** One named comparison -> a leaf of the engine's model. */
export function readLeaf(id: string, label: Text, text: string, names: Names): Leaf {
  const e = parseExpr(text);
  if (e.type !== 'BinaryExpression' || !OPS.has(e.operator as string)) {
    throw new Error(`"${text}" is not a comparison: write e.g. output_q1 > c2_min_output or growth(a, b) >= rate (operators ${[...OPS].join(' ')})`);
  }
  const op = e.operator as Op;
  const left = e.left as Expr;
  const right = e.right as Expr;
  if (isCall(left) && (callName(left) === 'growth' || callName(left) === 'share')) {
    const fn = callName(left);
    if (left.arguments.length !== 2) throw new Error(`${fn}() takes two metrics: ${fn}(current, base)`);
    const [a, b] = left.arguments.map((x) => metricName(x, names));
    if (fn === 'growth') {
      const than = isIdent(right) && right.name === REGION_GROWTH ? ('region' as const) : { param: paramName(right, names, text) };
      return { id, label, growth: { current: a, base: b, op, than } };
    }
    return { id, label, share: { part: a, whole: b, op, than: { param: paramName(right, names, text) } } };
  }
  return { id, label, compare: { left: operand(left, names), op, right: operand(right, names) } };
}

/** A formula over condition names (and, or, not, parentheses) -> the engine's condition tree. */
export function readFormula(text: string, leaves: Map<string, Leaf>): Condition {
  const walk = (e: Expr): Condition => {
    if (isIdent(e)) {
      const leaf = leaves.get(e.name);
      if (!leaf) throw new Error(`"${e.name}" is not a condition of this package (conditions: ${[...leaves.keys()].join(', ')})`);
      return leaf;
    }
    if (e.type === 'UnaryExpression' && e.operator === 'not') return { not: walk(e.argument as Expr) };
    if (e.type === 'BinaryExpression' && (e.operator === 'and' || e.operator === 'or')) {
      const op = e.operator;
      const flat: Expr[] = [];
      const gather = (x: Expr): unknown => (x.type === 'BinaryExpression' && x.operator === op ? (gather(x.left as Expr), gather(x.right as Expr)) : flat.push(x));
      gather(e);
      const parts = flat.map(walk);
      return op === 'and' ? { all: parts } : { any: parts };
    }
    throw new Error(`"${text}" is not a formula: combine condition names with and, or, not and parentheses (comparisons are written under conditions:)`);
  };
  return walk(parseExpr(text));
}
