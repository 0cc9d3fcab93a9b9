/**
 * When a dataset was loaded, as the header and the /data page say it: 11月29日 14:03 / 29 Nov 14:03,
 * with the year when it is not this year's. Shown in the browser's time zone (a bureau's is UTC+8);
 * `timeZone` is for tests.
 */
import type { Lang } from './numbers.ts';

export function formatLoadedAt(iso: string, lang: Lang, now: Date = new Date(), timeZone?: string): string {
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return '';
  const parts = (d: Date) => {
    const out: Record<string, string> = {};
    const fmt = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    for (const p of fmt.formatToParts(d)) out[p.type] = p.value;
    return out;
  };
  const p = parts(when);
  const withYear = p.year !== parts(now).year;
  const time = `${p.hour}:${p.minute}`;
  if (lang === 'zh') return `${withYear ? `${p.year}年` : ''}${Number(p.month)}月${Number(p.day)}日 ${time}`;
  const month = new Intl.DateTimeFormat('en-GB', { timeZone, month: 'short' }).format(when);
  return `${Number(p.day)} ${month}${withYear ? ` ${p.year}` : ''} ${time}`;
}

/** Stored sizes: 1.6 MB, 420 KB, counted in 1024s as Windows Explorer shows file sizes. */
export function formatStoredSize(bytes: number): string {
  const KB = 1024;
  const MB = KB * KB;
  if (bytes < KB) return `${bytes} B`;
  if (bytes < MB) return `${Math.round(bytes / KB)} KB`;
  if (bytes < KB * MB) return `${(bytes / MB).toFixed(bytes < 10 * MB ? 1 : 0)} MB`;
  return `${(bytes / (KB * MB)).toFixed(1)} GB`;
}
