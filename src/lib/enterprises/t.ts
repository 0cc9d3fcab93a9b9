/** Enterprise-screen text in the interface language (reactive: reads `i18n.lang`). */
import { i18n } from '../format/i18n.svelte.ts';
import { msg, type EnterpriseKey } from './messages.ts';

export function m(key: EnterpriseKey, params?: Record<string, string | number>): string {
  return msg(i18n.lang, key, params);
}
