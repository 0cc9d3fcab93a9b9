export * from './numbers.ts';
export { i18n, setLang, applyLang, t, pick, type MessageKey } from './i18n.svelte.ts';
