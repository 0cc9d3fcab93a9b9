/**
 * The interface language: zh-CN by default, English on request, remembered in localStorage and
 * mirrored to <html lang>. `t()` reads reactive state, so markup using it re-renders on a switch.
 */
import { messages, type MessageKey } from './messages.ts';
import type { Lang } from './numbers.ts';

export type { Lang, MessageKey };

const STORAGE_KEY = 'zcdx.lang';
const HTML_LANG: Record<Lang, string> = { zh: 'zh-CN', en: 'en' };

function initial(): Lang {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (saved === 'zh' || saved === 'en') return saved;
  } catch {
    // storage may be blocked (private mode, policies): fall back to Chinese
  }
  return 'zh';
}

export const i18n = $state<{ lang: Lang }>({ lang: initial() });

export function setLang(lang: Lang): void {
  i18n.lang = lang;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  } catch {
    // not persisted; the switch still applies to this visit
  }
  if (typeof document !== 'undefined') document.documentElement.lang = HTML_LANG[lang];
}

/** Applies the saved language to <html lang> at start-up. */
export function applyLang(): void {
  if (typeof document !== 'undefined') document.documentElement.lang = HTML_LANG[i18n.lang];
}

/**
 * `{name}` parameters of a message filled in (every screen's message helper uses this one), in one pass and
 * as plain text: a value (a scenario's name, a file's) holding `{n}` or `$'` is shown as it is.
 */
export function fillParams(text: string, params?: Record<string, string | number>): string {
  if (!params) return text;
  return text.replace(/\{([A-Za-z0-9_]+)\}/g, (slot, k: string) => (Object.hasOwn(params, k) ? String(params[k]) : slot));
}

/** Message in the current language with `{name}` parameters filled in. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return fillParams(messages[i18n.lang][key] ?? messages.zh[key] ?? key, params);
}

/** Picks the current language from a bilingual pair, e.g. a table title or an issue message. */
export function pick(text: { zh: string; en: string }): string {
  return text[i18n.lang] || text.zh;
}
