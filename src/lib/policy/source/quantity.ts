/**
 * Values as a policy officer writes them: "8%", "5000万元", "1亿元", "0.05元/千瓦时", "4天", "300元/人".
 * The number is read from its decimal text (never multiplied in floating point), so "8.5%" is
 * exactly 0.085 and the engine's exact-decimal check sees what the officer wrote.
 */
import type { Unit } from '../schema.ts';

/** Unit words, longest first so "万元" is not read as "元". */
const SUFFIXES: [string, Unit, number][] = [
  ['元/美元', 'yuan_per_usd', 0],
  ['元/人·课时', 'yuan_per_unit', 0],
  ['元/人·月', 'yuan_per_unit', 0],
  ['万元/件', 'yuan_per_unit', 4],
  ['元/件', 'yuan_per_unit', 0],
  ['美元', 'usd', 0],
  ['元/千瓦时', 'yuan_per_kwh', 0],
  ['元/kWh', 'yuan_per_kwh', 0],
  ['元/立方米', 'yuan_per_m3', 0],
  ['元/m3', 'yuan_per_m3', 0],
  ['元/人', 'yuan_per_person', 0],
  ['亿元', 'wan', 4],
  ['万元', 'wan', 0],
  ['千瓦时', 'kwh', 0],
  ['立方米', 'm3', 0],
  ['元', 'yuan', 0],
  ['%', 'ratio', -2],
  ['天', 'days', 0],
  ['人', 'persons', 0],
  ['个', 'count', 0],
  ['家', 'count', 0],
  ['件', 'count', 0],
  ['项', 'count', 0]
];

/** "12.5" shifted by `places` decimal places, from its text: shiftDecimal("8.5", -2) = "0.085". */
export function shiftDecimal(text: string, places: number): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new Error(`"${text}" is not a decimal number`);
  const [, sign, int, frac = ''] = m;
  let digits = int + frac;
  let point = int.length + places;
  if (point < 1) {
    digits = '0'.repeat(1 - point) + digits;
    point = 1;
  }
  if (point > digits.length) digits += '0'.repeat(point - digits.length);
  const whole = digits.slice(0, point).replace(/^0+(?=\d)/, '');
  const rest = digits.slice(point).replace(/0+$/, '');
  return `${sign}${whole}${rest ? `.${rest}` : ''}`;
}

export interface Quantity {
  value: number;
  unit: Unit | null;
}

/** A number or a number with a unit word; `unit` is null for a bare number. */
export function readQuantity(raw: unknown): Quantity {
  if (typeof raw === 'number') return { value: raw, unit: null };
  if (typeof raw !== 'string') throw new Error(`expected a number such as 5000万元 or 8%, got ${JSON.stringify(raw)}`);
  const text = raw.replace(/[\s,，]/g, '');
  for (const [word, unit, places] of SUFFIXES) {
    if (text.endsWith(word)) {
      const number = text.slice(0, -word.length);
      if (!/^-?\d+(\.\d+)?$/.test(number)) break;
      return { value: Number(shiftDecimal(number, places)), unit };
    }
  }
  if (/^-?\d+(\.\d+)?$/.test(text)) return { value: Number(text), unit: null };
  throw new Error(`cannot read "${raw}": write a number with a unit such as 5000万元, 1亿元, 8%, 0.05元/千瓦时, 4天`);
}

/** An amount of money in whole yuan ("10万元" -> 100000; a bare number is yuan). */
export function readYuan(raw: unknown): number {
  const q = readQuantity(raw);
  if (q.unit === null || q.unit === 'yuan') return q.value;
  if (q.unit === 'wan') return Number(shiftDecimal(String(q.value), 4));
  throw new Error(`"${raw}" is not an amount of money`);
}
