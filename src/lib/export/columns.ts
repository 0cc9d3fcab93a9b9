/**
 * Export columns: a key (the English name, used in Parquet and as the field of a row), the Chinese header
 * the statisticians read, the English header, and the kind that decides number formats and CSV
 * neutralisation (only `text` cells are ever neutralised: numbers stay numbers).
 */
export type ColumnKind = 'text' | 'yuan' | 'wan' | 'int';

export interface ExportColumn {
  key: string;
  zh: string;
  en: string;
  kind: ColumnKind;
}

export type ExportValue = string | number | null;
export type ExportRow = Record<string, ExportValue>;

/** The header of a column in a language. */
export const header = (c: ExportColumn, lang: 'zh' | 'en'): string => (lang === 'zh' ? c.zh : c.en);

/** Columns for rows whose keys are their own headers (e.g. the CLI's contract columns); *_yuan read as yuan. */
export function plainColumns(keys: string[]): ExportColumn[] {
  return keys.map((key) => ({ key, zh: key, en: key, kind: /_yuan$/.test(key) ? 'yuan' : 'text' }));
}
