/**
 * Number formatting for the dashboard. Money in the data is 万元 (`*_10k`); awards are integer yuan.
 * Chinese readers expect 万元 / 亿元; English readers get yuan with thousand / million / billion.
 */
export type Lang = 'zh' | 'en';

const grouped = (digits: number) =>
  new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

const NBSP = '\u00a0';

/** 12345 -> "12,345"; keeps up to `digits` decimals. */
export function formatNumber(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return grouped(digits).format(value);
}

/**
 * Money given in 万元. zh: below 1 亿 as "5,403.24 万元", from 1 亿 as "1.23 亿元".
 * en: "¥54.03 m", "¥1.23 bn", below a million "¥812,300".
 */
export function formatWan(value10k: number | null | undefined, lang: Lang, digits = 2): string {
  if (value10k === null || value10k === undefined || Number.isNaN(value10k)) return '—';
  if (lang === 'zh') {
    if (Math.abs(value10k) >= 10_000) return `${grouped(digits).format(value10k / 10_000)}${NBSP}亿元`;
    return `${grouped(digits).format(value10k)}${NBSP}万元`;
  }
  return formatYuanEn(value10k * 10_000, digits);
}

/** Integer yuan (awards). zh: "12,000 元", from 1 万 "1.25 万元", from 1 亿 "1.25 亿元"; en as formatWan. */
export function formatYuan(yuan: number | null | undefined, lang: Lang, digits = 2): string {
  if (yuan === null || yuan === undefined || Number.isNaN(yuan)) return '—';
  if (lang === 'zh') {
    if (Math.abs(yuan) >= 100_000_000) return `${grouped(digits).format(yuan / 100_000_000)}${NBSP}亿元`;
    if (Math.abs(yuan) >= 10_000) return `${grouped(digits).format(yuan / 10_000)}${NBSP}万元`;
    return `${grouped(0).format(yuan)}${NBSP}元`;
  }
  return formatYuanEn(yuan, digits);
}

/** Exact integer yuan with separators, for lists and exports where rounding to 万 would hide cents of policy. */
export function formatYuanExact(yuan: number | null | undefined, lang: Lang): string {
  if (yuan === null || yuan === undefined || Number.isNaN(yuan)) return '—';
  return lang === 'zh' ? `${grouped(0).format(yuan)}${NBSP}元` : `¥${grouped(0).format(yuan)}`;
}

function formatYuanEn(yuan: number, digits: number): string {
  const sign = yuan < 0 ? '-' : '';
  const a = Math.abs(yuan);
  if (a >= 1e9) return `${sign}¥${grouped(digits).format(a / 1e9)}${NBSP}bn`;
  if (a >= 1e6) return `${sign}¥${grouped(digits).format(a / 1e6)}${NBSP}m`;
  return `${sign}¥${grouped(0).format(a)}`;
}

/** A ratio as a percentage: 0.083 -> "8.3%". `signed` adds "+" to gains. */
export function formatPercent(ratio: number | null | undefined, digits = 1, signed = false): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  const text = `${grouped(digits).format(ratio * 100)}%`;
  return signed && ratio > 0 ? `+${text}` : text;
}

/** A difference of two ratios in percentage points: 0.021 -> "2.1 个百分点" / "2.1 pp". */
export function formatPoints(diff: number | null | undefined, lang: Lang, digits = 1, signed = false): string {
  if (diff === null || diff === undefined || !Number.isFinite(diff)) return '—';
  const n = grouped(digits).format(diff * 100);
  const text = lang === 'zh' ? `${n}${NBSP}个百分点` : `${n}${NBSP}pp`;
  return signed && diff > 0 ? `+${text}` : text;
}

const QUARTER_ZH = ['一', '二', '三', '四'];

/** '2024Q1' -> "2024年一季度" / "2024 Q1"; a year '2024' -> "2024年" / "2024"; anything else as given. */
export function formatPeriod(period: string | null | undefined, lang: Lang): string {
  if (!period) return '—';
  if (/^\d{4}$/.test(period)) return lang === 'zh' ? `${period}年` : period;
  const m = /^(\d{4})Q([1-4])$/.exec(period);
  if (!m) return period;
  return lang === 'zh' ? `${m[1]}年${QUARTER_ZH[Number(m[2]) - 1]}季度` : `${m[1]} Q${m[2]}`;
}

/** A span of periods: "2020年一季度 至 2024年四季度" / "2020 Q1 – 2024 Q4". */
export function formatPeriodRange(range: { first: string; last: string } | null | undefined, lang: Lang): string {
  if (!range) return '—';
  if (range.first === range.last) return formatPeriod(range.first, lang);
  return lang === 'zh'
    ? `${formatPeriod(range.first, lang)} 至 ${formatPeriod(range.last, lang)}`
    : `${formatPeriod(range.first, lang)} – ${formatPeriod(range.last, lang)}`;
}
