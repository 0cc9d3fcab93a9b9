/** Compact axis labels for the overview's charts (tooltips and tiles use the exact formatters). */
import type { Lang } from '../format/numbers.ts';

const trim = (n: number, digits = 1) => {
  const s = n.toFixed(digits);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
};
const grouped = (n: number) => new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }).format(n);

/** Whole yuan for an axis: zh "500万" / "1.5亿", en "¥5m" / "¥1.5bn". */
export function compactYuan(yuan: number, lang: Lang): string {
  const a = Math.abs(yuan);
  if (a === 0) return '0';
  if (lang === 'zh') {
    if (a >= 1e8) return `${grouped(Number(trim(yuan / 1e8)))}亿`;
    if (a >= 1e4) return `${grouped(Number(trim(yuan / 1e4)))}万`;
    return grouped(yuan);
  }
  if (a >= 1e9) return `¥${trim(yuan / 1e9)}bn`;
  if (a >= 1e6) return `¥${trim(yuan / 1e6)}m`;
  if (a >= 1e3) return `¥${trim(yuan / 1e3)}k`;
  return `¥${grouped(yuan)}`;
}

/** Output in 万元 on the trend axis: zh in 亿元, en in billion yuan (the axis title says the unit). */
export function outputAxisTick(value10k: number, lang: Lang): string {
  return lang === 'zh' ? grouped(value10k / 1e4) : trim(value10k / 1e5, 1);
}

/** A ratio as a whole-or-one-decimal percentage for axes: 0.05 -> "5%". */
export function axisPercent(ratio: number): string {
  return `${trim(ratio * 100, 1)}%`;
}
