/**
 * Parameters in the unit a planner types: 8 (%) for a ratio of 0.08, 5000 (万元), 0.05 (元/千瓦时).
 * Every value lives on its unit's integer grid (units.ts SCALE). Typed text is turned into that integer
 * by moving the decimal point in the digit string and values are shown from the integer, so no float
 * artefact ever reaches the engine (which refuses 0.060000000000000005).
 */
import type { Parameter, Unit } from '../policy/schema.ts';
import { SCALE, UNIT_DIM, scaledParam } from '../policy/units.ts';

type Text = { zh: string; en: string };
type Spec = Pick<Parameter, 'unit' | 'label'> & Partial<Pick<Parameter, 'min' | 'max'>>;

/** display = model x factor, shown with at most `decimals` decimals. */
export interface DisplayUnit {
  decimals: number;
  factor: number;
  zh: string;
  en: string;
}

const WORDS: Record<Unit, [string, string]> = {
  wan: ['万元', '10k yuan'],
  yuan: ['元', 'yuan'],
  ratio: ['%', '%'],
  yuan_per_kwh: ['元/千瓦时', 'yuan/kWh'],
  yuan_per_m3: ['元/立方米', 'yuan/m³'],
  yuan_per_person: ['元/人', 'yuan/person'],
  yuan_per_usd: ['元/美元', 'yuan/USD'],
  yuan_per_unit: ['元', 'yuan/unit'],
  days: ['天', 'days'],
  persons: ['人', 'persons'],
  count: ['个', 'count'],
  kwh: ['千瓦时', 'kWh'],
  m3: ['立方米', 'm³'],
  usd: ['美元', 'USD'],
  choice: ['', '']
};

/** Further unit words accepted after a typed number (compared after NFKC, lower case). */
const MORE_WORDS: Partial<Record<Unit, string[]>> = {
  wan: ['万'],
  yuan_per_kwh: ['元/kwh'],
  yuan_per_m3: ['元/m3'],
  days: ['日', 'day'],
  persons: ['person'],
  kwh: ['度'],
  m3: ['方'],
  usd: ['us$', '$']
};

const modelDecimals = (unit: Unit) => Math.round(Math.log10(SCALE[UNIT_DIM[unit]]));
const shiftOf = (unit: Unit) => (unit === 'ratio' ? 2 : 0);

export function displayUnit(p: Pick<Parameter, 'unit'>): DisplayUnit {
  const shift = shiftOf(p.unit);
  const [zh, en] = WORDS[p.unit];
  return { decimals: modelDecimals(p.unit) - shift, factor: 10 ** shift, zh, en };
}

/** The grid index of v (v x SCALE, rounded to the nearest integer). */
export function toIndex(p: Pick<Parameter, 'unit'>, v: number): number {
  return Math.round(v * SCALE[UNIT_DIM[p.unit]]) + 0; // + 0 turns -0 into 0
}

/** The value at grid index i: a correctly rounded division, the same double as the decimal text. */
export function fromIndex(p: Pick<Parameter, 'unit'>, i: number): number {
  return i / SCALE[UNIT_DIM[p.unit]];
}

export const stepOf = (p: Pick<Parameter, 'unit'>): number => fromIndex(p, 1);
export const snap = (p: Pick<Parameter, 'unit'>, v: number): number => fromIndex(p, toIndex(p, v));
export const addSteps = (p: Pick<Parameter, 'unit'>, v: number, k: number): number => fromIndex(p, toIndex(p, v) + k);

/** Digits of integer n with the decimal point `decimals` places from the right, trailing zeros dropped. */
function pointed(n: number, decimals: number): string {
  const digits = String(Math.abs(n)).padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const frac = digits.slice(digits.length - decimals).replace(/0+$/, '');
  return `${n < 0 ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

/** A model value as the planner types it: ratio 0.085 -> "8.5", wan 5000 -> "5000". Throws off the grid. */
export function toDisplay(p: Spec, value: number): string {
  return pointed(scaledParam(value, p.unit, p.label.en), displayUnit(p).decimals);
}

const fail = (zh: string, en: string) => ({ error: { zh, en } });

/** A bound as both languages write it: "5%", "5000万元" / "5000 10k yuan". */
function bound(p: Spec, v: number): Text {
  const { factor, zh, en } = displayUnit(p);
  let text: string;
  try {
    text = toDisplay(p, v);
  } catch {
    text = String(v * factor); // a bound off the grid: shown as it is
  }
  return { zh: `${text}${zh}`, en: en === '%' ? `${text}%` : `${text} ${en}` };
}

/**
 * What a planner typed, in display units, as a model value: full-width digits, "1,000" / "1，000",
 * spaces and a trailing unit word ("%", "万元") are accepted; negatives, extra decimals and values
 * outside min / max are refused. The result always passes scaledParam.
 */
export function fromDisplay(p: Spec, text: string): { value: number } | { error: Text } {
  if (p.unit === 'choice') return fail('该参数是选项，不是数值', 'This parameter is a choice, not a number');
  const { decimals, zh, en } = displayUnit(p);
  let s = text.normalize('NFKC').trim().toLowerCase();
  if (s === '') return fail('请输入数值', 'Enter a number');
  const words = [zh, en, ...(MORE_WORDS[p.unit] ?? [])]
    .filter(Boolean)
    .map((w) => w.normalize('NFKC').toLowerCase())
    .sort((a, b) => b.length - a.length);
  const word = words.find((w) => s.endsWith(w));
  if (word) s = s.slice(0, -word.length).trim();
  if (/^[-−‐–]/.test(s)) return fail('不能为负数', 'Must not be negative');
  // grouping commas only in the integer part and by threes, so a decimal comma "0,05" is not read as 5
  const m = /^\+?(\d{1,3}(?:,\d{3})+|\d*)(?:\.(\d*))?$/.exec(s);
  if (!m || !/\d/.test(s)) return fail(`不是有效的数值：${text.trim()}`, `Not a number: ${text.trim()}`);
  const int = m[1].replaceAll(',', '');
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (frac.length > decimals) {
    return decimals === 0
      ? fail('须为整数', 'Must be a whole number')
      : fail(`最多 ${decimals} 位小数`, `At most ${decimals} decimals`);
  }
  // display x 10^decimals = model x SCALE: the digit string is the grid index itself
  const index = Number((int || '0') + frac.padEnd(decimals, '0'));
  const value = fromIndex(p, index);
  let exact = false;
  try {
    exact = Number.isSafeInteger(index) && scaledParam(value, p.unit, p.label.en) === index;
  } catch {
    exact = false;
  }
  if (!exact) return fail('数值过大', 'The number is too large');
  if (p.min !== undefined && value < p.min) {
    const b = bound(p, p.min);
    return fail(`不能小于 ${b.zh}`, `Must be at least ${b.en}`);
  }
  if (p.max !== undefined && value > p.max) {
    const b = bound(p, p.max);
    return fail(`不能大于 ${b.zh}`, `Must be at most ${b.en}`);
  }
  return { value };
}

/**
 * The +/- button increment: half a percentage point for ratios, 1 for counts, otherwise the largest
 * power of ten at most 10% of the value (never below one grid step; 1 unit, or 0.01 for rates, at 0).
 */
export function uiStep(p: Pick<Parameter, 'unit'>, v: number): number {
  const dim = UNIT_DIM[p.unit];
  if (dim === 'ratio') return 0.005;
  if (dim === 'count' || dim === 'choice') return 1;
  const md = modelDecimals(p.unit);
  const exponent = v === 0 ? (dim === 'rate' ? -2 : 0) : Math.floor(Math.log10(Math.abs(v)) + 1e-9) - 1;
  return fromIndex(p, 10 ** Math.max(0, exponent + md));
}
