/**
 * Spreadsheet and Arrow cells -> the text a user would type, so every format goes through the same
 * SQL validation: numbers as plain decimals (as Excel shows them, 15 significant digits, never 1e-7),
 * dates as YYYY-MM-DD (UTC: Excel and Arrow dates carry no time zone), formulas by their result.
 */

export function plainNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const r = Number(n.toPrecision(15));
  const s = String(r);
  if (!/e/i.test(s)) return s;
  if (Math.abs(r) >= 1) return BigInt(r).toString();
  return r.toFixed(20).replace(/0+$/, '');
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A UTC instant as 'YYYY-MM-DD', or 'YYYY-MM-DD HH:MM:SS' when it has a time of day. */
export function dateText(ms: number): string {
  const d = new Date(Math.round(ms / 1000) * 1000);
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const h = d.getUTCHours(), m = d.getUTCMinutes(), s = d.getUTCSeconds();
  return h || m || s ? `${date} ${pad(h)}:${pad(m)}:${pad(s)}` : date;
}

/** An exceljs cell value (number, string, Date, rich text, formula, hyperlink, error...) as text. */
export function excelCellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return plainNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : dateText(v.getTime());
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((r) => r.text).join('');
    if ('formula' in o || 'sharedFormula' in o) return excelCellText(o.result);
    if ('error' in o) return String(o.error);
    if ('text' in o) return excelCellText(o.text);
    if ('result' in o) return excelCellText(o.result);
  }
  return String(v);
}
