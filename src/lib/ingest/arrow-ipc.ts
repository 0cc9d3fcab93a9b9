/**
 * Arrow IPC (.arrow, .feather v2) -> header and rows of text. The Db interface has no Arrow entry, so
 * Arrow goes the way of XLSX (text, then SQL validation); Parquet is the fast path for big files.
 */
import { tableFromIPC, Type, type Field } from 'apache-arrow';
import { dateText, plainNumber } from './cell-text.ts';

function decimalText(unscaled: string, scale: number): string {
  if (scale <= 0) return unscaled;
  const negative = unscaled.startsWith('-');
  const digits = (negative ? unscaled.slice(1) : unscaled).padStart(scale + 1, '0');
  return (negative ? '-' : '') + digits.slice(0, -scale) + '.' + digits.slice(-scale);
}

function textOf(field: Field, v: unknown): string {
  if (v === null || v === undefined) return '';
  switch (field.type.typeId) {
    case Type.Decimal:
      return decimalText(String(v), (field.type as { scale: number }).scale);
    case Type.Date:
    case Type.Timestamp:
      return dateText(Number(v));
    case Type.Float:
      return plainNumber(v as number);
    case Type.Bool:
      return v ? 'true' : 'false';
    default:
      return typeof v === 'bigint' ? v.toString() : String(v);
  }
}

export function readArrowIpc(bytes: Uint8Array): { header: string[]; rows: string[][] } {
  const table = tableFromIPC(bytes);
  const fields = table.schema.fields;
  const vectors = fields.map((_, i) => table.getChildAt(i)!);
  const rows: string[][] = new Array(table.numRows);
  for (let r = 0; r < table.numRows; r++) rows[r] = fields.map((f, c) => textOf(f, vectors[c].get(r)));
  return { header: fields.map((f) => f.name), rows };
}
