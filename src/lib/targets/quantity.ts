/**
 * Target values as a notice writes them: 50家, 700个, 200次, 10场, 600户, 21%, 50亿元, 0.8959万亩, and
 * ranges 1-3个 / 3-5家 (also 1一2家, 1~2家, 1至2家). Numbers are read from their decimal text with
 * quantity.ts's shiftDecimal (never multiplied in floating point). Canonical units: counts as they are,
 * money in 万元, land in 亩, ratios as fractions (21% -> 0.21).
 */
import { shiftDecimal } from '../policy/source/quantity.ts';

export type UnitKind = 'count' | 'ratio' | 'wan' | 'mu';

export interface TargetUnit {
  /** The unit word as written (家, 个, 次, %, 亿元, 万亩 ...). */
  word: string;
  kind: UnitKind;
}

export interface TargetValue {
  /** Lower bound (the value itself for a single number). */
  lo: number;
  /** Upper bound (the value itself for a single number). */
  hi: number;
  unit: TargetUnit;
  /** As written, e.g. "0.8959万亩". */
  text: string;
}

/** Unit words, longest first; [word, kind, decimal places to shift into the canonical unit]. */
const UNITS: [string, UnitKind, number][] = [
  ['亿元', 'wan', 4],
  ['万元', 'wan', 0],
  ['万亩', 'mu', 4],
  ['亩', 'mu', 0],
  ['%', 'ratio', -2],
  ['家', 'count', 0],
  ['个', 'count', 0],
  ['户', 'count', 0],
  ['次', 'count', 0],
  ['场', 'count', 0],
  ['项', 'count', 0],
  ['座', 'count', 0]
];

export const UNIT_WORDS = UNITS.map((u) => u[0]);

const NUM = String.raw`\d+(?:\.\d+)?`;

/** Reads "50家" or "1-3个"; throws a sentence saying what is wrong. */
export function readTargetValue(raw: unknown): TargetValue {
  if (typeof raw === 'number') throw new Error(`${raw} needs its unit as the notice writes it, e.g. ${raw}家, ${raw}个, ${raw}%`);
  if (typeof raw !== 'string') throw new Error(`expected a value such as 50家, 21%, 50亿元 or 1-3个, got ${JSON.stringify(raw)}`);
  const text = raw.replace(/\s+/g, '');
  for (const [word, kind, places] of UNITS) {
    if (!text.endsWith(word)) continue;
    const body = text.slice(0, -word.length);
    const m = new RegExp(`^(${NUM})(?:[-~～一至](${NUM}))?$`).exec(body);
    if (!m) break;
    const lo = Number(shiftDecimal(m[1], places));
    const hi = m[2] === undefined ? lo : Number(shiftDecimal(m[2], places));
    if (hi < lo) throw new Error(`the range "${raw}" runs backwards: write the smaller number first`);
    return { lo, hi, unit: { word, kind }, text };
  }
  throw new Error(`cannot read "${raw}": write a number and its unit (${UNIT_WORDS.join(' ')}), e.g. 50家, 21%, 0.8959万亩, or a range 1-3个`);
}

/** Writes a canonical number back in the target's unit word: 500000 万元 with 亿元 -> "50亿元". */
export function formatInUnit(value: number, unit: TargetUnit, digits = 4): string {
  const places = UNITS.find((u) => u[0] === unit.word)?.[2] ?? 0;
  const shown = value / 10 ** places;
  const rounded = Number(shown.toFixed(unit.kind === 'count' ? Math.min(digits, 1) : digits));
  return `${rounded.toLocaleString('en-US', { maximumFractionDigits: digits, useGrouping: false })}${unit.word}`;
}

/** A number typed in the target's unit word (as shown) to the canonical unit: "60" with 亿元 -> 600000. */
export function fromUnitInput(input: string, unit: TargetUnit): number | null {
  const text = input.trim().replace(/[\s,，]/g, '').replace(new RegExp(`${unit.word.replace('%', '%')}$`), '');
  if (!new RegExp(`^${NUM}$`).test(text)) return null;
  const places = UNITS.find((u) => u[0] === unit.word)?.[2] ?? 0;
  return Number(shiftDecimal(text, places));
}

/** The value in the unit word, for an input box: 0.21 with % -> "21". */
export function toUnitInput(value: number, unit: TargetUnit): string {
  const places = UNITS.find((u) => u[0] === unit.word)?.[2] ?? 0;
  return shiftDecimal(String(value), -places);
}
