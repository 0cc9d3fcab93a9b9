/**
 * 统一社会信用代码 (Unified Social Credit Code), GB 32100-2015.
 * 18 characters from a 31-character alphabet (digits and upper-case letters without I, O, Z, S, V);
 * the 18th is a check character: C18 = 31 - (sum of Ci * Wi mod 31), with 31 written as '0',
 * and Wi = 3^(i-1) mod 31.
 */

export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
export const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

const BODY = /^[0-9A-HJ-NP-RTUWXY]{17}$/;
const FULL = /^[0-9A-HJ-NP-RTUWXY]{18}$/;

/** The check character for the first 17 characters; throws when they are not 17 charset characters. */
export function usccCheckChar(first17: string): string {
  if (!BODY.test(first17)) throw new Error(`USCC body must be 17 characters of ${USCC_CHARSET}: ${JSON.stringify(first17)}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARSET.indexOf(first17[i]) * USCC_WEIGHTS[i];
  return USCC_CHARSET[(31 - (sum % 31)) % 31];
}

/** True iff `id` is 18 upper-case charset characters whose last one is the right check character. */
export function isValidUscc(id: string): boolean {
  return typeof id === 'string' && FULL.test(id) && usccCheckChar(id.slice(0, 17)) === id[17];
}

/** The full 18-character code for a 17-character body. */
export function makeUscc(first17: string): string {
  return first17 + usccCheckChar(first17);
}

/**
 * A DuckDB boolean expression, true iff `col` (an already quoted column or any VARCHAR expression)
 * holds a valid code; false (never NULL) for NULL. Only core functions, no lambdas, so it runs the
 * same in DuckDB-WASM 1.4.3 and node-api 1.5.5, and unrolled because a per-row list is slower.
 */
export function usccCheckSql(col: string): string {
  const value = (i: number) => `(instr('${USCC_CHARSET}', substr(${col}, ${i + 1}, 1)) - 1)`;
  const sum = USCC_WEIGHTS.map((w, i) => `${value(i)} * ${w}`).join(' + ');
  return (
    `coalesce(regexp_full_match(${col}, '[0-9A-HJ-NP-RTUWXY]{18}', 'c') ` +
    `AND substr(${col}, 18, 1) = substr('${USCC_CHARSET}', ((31 - ((${sum}) % 31)) % 31) + 1, 1), false)`
  );
}
