/** Bilingual texts and quoted sources, in the short forms a policy source allows. */

export type Text = { zh: string; en: string };

/** "中文 | English" or {zh, en}. */
export function readText(raw: unknown): Text {
  if (typeof raw === 'string') {
    const i = raw.indexOf(' | ');
    if (i < 0) throw new Error(`"${raw}" needs both languages: write 中文 | English`);
    const zh = raw.slice(0, i).trim();
    const en = raw.slice(i + 3).trim();
    if (!zh || !en) throw new Error(`"${raw}" needs both languages: write 中文 | English`);
    return { zh, en };
  }
  if (raw && typeof raw === 'object' && 'zh' in raw && 'en' in raw) {
    const { zh, en } = raw as Record<string, unknown>;
    if (typeof zh === 'string' && typeof en === 'string' && zh && en) return { zh, en };
  }
  throw new Error(`expected a text in both languages (中文 | English, or zh: / en:), got ${JSON.stringify(raw)}`);
}

/** `条款2：“quoted sentence”` or {clause, quote}. The quote runs from the first “ to the last ”. */
export function readSource(raw: unknown): { clause: string; quote: string } {
  if (typeof raw === 'string') {
    const open = raw.indexOf('：“');
    if (open > 0 && raw.endsWith('”')) {
      const clause = raw.slice(0, open).trim();
      const quote = raw.slice(open + 2, -1).trim();
      if (clause && quote) return { clause, quote };
    }
    throw new Error(`"${raw}" is not a source: write 条款2：“quoted sentence of the notice”`);
  }
  if (raw && typeof raw === 'object') {
    const { clause, quote } = raw as Record<string, unknown>;
    if (typeof clause === 'string' && typeof quote === 'string' && clause && quote) return { clause, quote };
  }
  throw new Error(`expected a source (条款2：“quoted sentence”), got ${JSON.stringify(raw)}`);
}
