/** Target values in their unit as the notice writes it (50家, 21%, 50亿元, 0.8959万亩), in either language. */
import type { Lang } from '../format/numbers.ts';
import type { TargetUnit } from './quantity.ts';

const EN_WORD: Record<string, string> = { 家: ' firms', 个: '', 户: ' firms', 次: ' events', 场: ' events', 项: ' items', 座: '', 亿元: ' 100m yuan', 万元: ' 10k yuan', 万亩: ' 10k mu', 亩: ' mu', '%': '%' };
const PLACES: Record<string, number> = { 亿元: 4, 万亩: 4, '%': -2 };
const DIGITS: Record<string, number> = { 亿元: 2, 万元: 0, 万亩: 4, 亩: 1, '%': 1 };

/** A canonical value shown in the unit word: 512755 万元 with 亿元 -> "51.28亿元". */
export function formatTarget(value: number | null | undefined, unit: TargetUnit, lang: Lang, digits?: number): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (lang === 'en' && unit.kind === 'wan') {
    // 万元 in English: million or billion yuan
    const m = value / 100;
    const big = Math.abs(m) >= 1000;
    return `${(big ? m / 1000 : m).toLocaleString('en-US', { maximumFractionDigits: digits ?? 2 })} ${big ? 'bn' : 'm'} yuan`;
  }
  if (lang === 'en' && unit.kind === 'mu') return `${value.toLocaleString('en-US', { maximumFractionDigits: digits ?? 1 })} mu`;
  const places = PLACES[unit.word] ?? 0;
  const shown = value / 10 ** places;
  const d = digits ?? (unit.kind === 'count' ? (Number.isInteger(Math.round(shown * 1e6) / 1e6) ? 0 : 1) : (DIGITS[unit.word] ?? 2));
  const text = shown.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US', { minimumFractionDigits: 0, maximumFractionDigits: d });
  return lang === 'zh' ? `${text}${unit.word}` : `${text}${EN_WORD[unit.word] ?? unit.word}`;
}

/** A bare number in the unit (for axes): 51.28. */
export function inUnit(value: number, unit: TargetUnit): number {
  return value / 10 ** (PLACES[unit.word] ?? 0);
}

export function formatShare(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '—';
  return `${(share * 100).toFixed(share >= 10 ? 0 : 1)}%`;
}
