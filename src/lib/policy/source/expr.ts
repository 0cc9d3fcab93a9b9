/**
 * The expression language of policy sources: jsep (a small, well-kept JavaScript expression parser)
 * with `and`, `or` and `not` as words, so a condition reads "above_scale_q1 and output_q1_above".
 */
import jsep from 'jsep';

jsep.addBinaryOp('and', 2);
jsep.addBinaryOp('or', 1);
jsep.addUnaryOp('not');
jsep.removeBinaryOp('==');
jsep.addBinaryOp('=', 6);

export type Expr = jsep.Expression;
export type Ident = jsep.Identifier;
export type Call = jsep.CallExpression;
export type Binary = jsep.BinaryExpression;

export function parseExpr(text: string): Expr {
  try {
    return jsep(text);
  } catch (e) {
    throw new Error(`cannot read "${text}": ${(e as Error).message}`);
  }
}

export const isIdent = (e: Expr): e is Ident => e.type === 'Identifier';
export const isCall = (e: Expr): e is Call => e.type === 'CallExpression';
export const isBinary = (e: Expr): e is Binary => e.type === 'BinaryExpression';

/** The name of a call (`quarterly(...)` -> "quarterly"). */
export function callName(e: Call): string {
  if (!isIdent(e.callee)) throw new Error('only named functions can be called');
  return e.callee.name;
}

/** An expression as the reader wrote it, for error messages. */
export function show(e: Expr): string {
  switch (e.type) {
    case 'Identifier':
      return (e as Ident).name;
    case 'Literal':
      return String((e as jsep.Literal).raw);
    case 'CallExpression':
      return `${show((e as Call).callee)}(${(e as Call).arguments.map(show).join(', ')})`;
    case 'BinaryExpression':
      return `${show((e as Binary).left)} ${(e as Binary).operator} ${show((e as Binary).right)}`;
    case 'UnaryExpression':
      return `${(e as jsep.UnaryExpression).operator} ${show((e as jsep.UnaryExpression).argument)}`;
    case 'MemberExpression':
      return `${show((e as jsep.MemberExpression).object)}.${show((e as jsep.MemberExpression).property)}`;
    case 'ArrayExpression':
      return `[${(e as jsep.ArrayExpression).elements.map((x) => (x ? show(x) : '')).join(', ')}]`;
    default:
      return e.type;
  }
}
