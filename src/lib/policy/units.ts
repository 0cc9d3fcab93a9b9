/**
 * Dimensions and exact integer scales. Every comparison and every amount is computed on integers:
 * money in hundredths of 万元 (the contract's 2 decimals), kWh / m3 in hundredths, ratios and
 * per-unit rates in millionths. A parameter whose value has more decimals than its scale allows is
 * refused rather than rounded.
 */
import type { Unit } from './schema.ts';

export type Dim = 'money' | 'quantity' | 'count' | 'year' | 'flag' | 'ratio' | 'rate' | 'yuan' | 'usd' | 'choice';

export const SCALE: Record<Dim, number> = {
  money: 100,
  quantity: 100,
  count: 1,
  year: 1,
  flag: 1,
  ratio: 1_000_000,
  rate: 1_000_000,
  yuan: 1,
  // US dollars in cents (the claims table's amount_usd has 2 decimals): never mixed with 万元
  usd: 100,
  choice: 1
};

export const UNIT_DIM: Record<Unit, Dim> = {
  yuan: 'yuan',
  wan: 'money',
  ratio: 'ratio',
  yuan_per_kwh: 'rate',
  yuan_per_m3: 'rate',
  yuan_per_person: 'rate',
  days: 'count',
  persons: 'count',
  count: 'count',
  kwh: 'quantity',
  m3: 'quantity',
  usd: 'usd',
  yuan_per_usd: 'rate',
  yuan_per_unit: 'rate',
  choice: 'choice'
};

/** value x factor as an exact integer, or an error when value has more decimals than factor allows. */
export function scaleExactly(value: number, factor: number, what: string): number {
  if (!Number.isFinite(value)) throw new Error(`${what}: ${value} is not a finite number`);
  const decimals = Math.round(Math.log10(factor));
  const fixed = value.toFixed(decimals);
  if (Number(fixed) !== value) throw new Error(`${what}: ${value} has more than ${decimals} decimals`);
  const scaled = Number(fixed.replace('.', ''));
  if (!Number.isSafeInteger(scaled)) throw new Error(`${what}: ${value} is out of range`);
  return scaled;
}

/** A parameter as an integer on its dimension's scale (thresholds, ratios, rates). */
export function scaledParam(value: number, unit: Unit, what: string): number {
  return scaleExactly(value, SCALE[UNIT_DIM[unit]], what);
}

/** A parameter used as an amount of money, in whole yuan (万元 x 10000). */
export function amountInYuan(value: number, unit: Unit, what: string): number {
  if (unit === 'yuan') return scaleExactly(value, 1, what);
  if (unit === 'wan') return scaleExactly(value, 10_000, what);
  throw new Error(`${what}: unit ${unit} is not an amount of money`);
}
