/**
 * Periods as parameters: a package names its assessment year, base year ... once (`periods:`), and
 * every metric, project year and date is an expression over them, so a notice reissued for another
 * year (开门红 2025 on 2025Q1 against 2024Q1) is one changed value, not a programmer's job.
 * Values are years (integers); `quarter(year, 1)` and `date(year, 3, 31)` build the other forms.
 */
import { callName, isCall, isIdent, parseExpr, show, type Expr } from './expr.ts';

export type PeriodValue = number | string;
export type PeriodEnv = Record<string, number>;

/** Evaluates a period expression: years (numbers), `quarter(y, n)` -> "2024Q1", `date(y, m, d)` -> "2024-03-31". */
export function periodValue(e: Expr, env: PeriodEnv): PeriodValue {
  if (e.type === 'Literal' && typeof e.value === 'number' && Number.isInteger(e.value)) return e.value;
  if (isIdent(e)) {
    if (!(e.name in env)) throw new Error(`"${e.name}" is not a period of this package (periods: ${Object.keys(env).join(', ') || 'none'})`);
    return env[e.name];
  }
  if (e.type === 'BinaryExpression' && (e.operator === '+' || e.operator === '-')) {
    const a = periodYear(e.left as Expr, env);
    const b = periodYear(e.right as Expr, env);
    return e.operator === '+' ? a + b : a - b;
  }
  if (isCall(e)) {
    const name = callName(e);
    const args = e.arguments.map((a) => periodYear(a, env));
    if (name === 'quarter' && args.length === 2 && args[1] >= 1 && args[1] <= 4) return `${args[0]}Q${args[1]}`;
    if (name === 'date' && args.length === 3) {
      const [y, m, d] = args;
      const iso = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
      const check = new Date(`${iso}T00:00:00Z`);
      if (check.getUTCMonth() + 1 !== m || check.getUTCDate() !== d) throw new Error(`${show(e)} is not a date`);
      return iso;
    }
  }
  throw new Error(`cannot read the period "${show(e)}": write a year such as 2024 or year - 1, quarter(year, 1) or date(year, 3, 31)`);
}

function periodYear(e: Expr, env: PeriodEnv): number {
  const v = periodValue(e, env);
  if (typeof v !== 'number') throw new Error(`"${show(e)}" is not a year`);
  return v;
}

export const periodOf = (text: string | number, env: PeriodEnv): PeriodValue => periodValue(parseExpr(String(text)), env);

export function yearOf(text: string | number, env: PeriodEnv): number {
  const v = periodOf(text, env);
  if (typeof v !== 'number') throw new Error(`"${text}" is not a year`);
  return v;
}

export function quarterOf(e: Expr, env: PeriodEnv): string {
  const v = periodValue(e, env);
  if (typeof v !== 'string' || !/^\d{4}Q[1-4]$/.test(v)) throw new Error(`"${show(e)}" is not a quarter: write quarter(year, 1)`);
  return v;
}

export function dateOf(e: Expr, env: PeriodEnv): string {
  const v = periodValue(e, env);
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new Error(`"${show(e)}" is not a date: write date(year, 12, 31)`);
  return v;
}
