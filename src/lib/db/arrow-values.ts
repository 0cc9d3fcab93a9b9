import { Type, type Table, type Field } from 'apache-arrow';
import type { Columns, Row, Value } from './types.ts';

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Converts one Arrow cell to the shared `Value` shape (apache-arrow 17: DECIMAL arrives unscaled, DATE as epoch ms). */
function convert(field: Field, v: unknown): Value {
  if (v === null || v === undefined) return null;
  switch (field.type.typeId) {
    case Type.Decimal: {
      const scale: number = (field.type as { scale: number }).scale;
      return Number(String(v)) / 10 ** scale;
    }
    case Type.Date:
      return isoDate(Number(v));
    case Type.Timestamp:
      return new Date(Number(v)).toISOString().replace('T', ' ').replace('Z', '');
    case Type.Int:
      return typeof v === 'bigint' ? (Number.isSafeInteger(Number(v)) ? Number(v) : v.toString()) : (v as number);
    case Type.Bool:
      return Boolean(v);
    case Type.Float:
      return v as number;
    case Type.List: {
      const child = (field.type as { children: Field[] }).children[0];
      return Array.from(v as Iterable<unknown>, (x) => convert(child, x));
    }
    case Type.Struct: {
      const children = (field.type as { children: Field[] }).children;
      const row = v as Record<string, unknown>;
      return Object.fromEntries(children.map((c) => [c.name, convert(c, row[c.name])]));
    }
    default:
      return typeof v === 'bigint' ? v.toString() : String(v);
  }
}

export function tableToRows<T extends Row>(table: Table): T[] {
  const fields = table.schema.fields;
  const vectors = fields.map((_, i) => table.getChildAt(i)!);
  const rows: T[] = new Array(table.numRows);
  for (let r = 0; r < table.numRows; r++) {
    const o: Row = {};
    for (let c = 0; c < fields.length; c++) o[fields[c].name] = convert(fields[c], vectors[c].get(r));
    rows[r] = o as T;
  }
  return rows;
}

const NUMERIC = new Set([Type.Int, Type.Float, Type.Decimal]);

export function tableToColumns(table: Table): Columns {
  const columns: Columns['columns'] = {};
  const names = table.schema.fields.map((f) => f.name);
  table.schema.fields.forEach((field, i) => {
    const vector = table.getChildAt(i)!;
    if (!NUMERIC.has(field.type.typeId)) {
      columns[field.name] = Array.from({ length: table.numRows }, (_, r) => convert(field, vector.get(r)));
      return;
    }
    const out = new Float64Array(table.numRows);
    if (field.type.typeId === Type.Float && vector.nullCount === 0) {
      out.set(vector.toArray() as Float64Array);
    } else {
      for (let r = 0; r < table.numRows; r++) {
        const v = convert(field, vector.get(r));
        out[r] = v === null ? NaN : Number(v);
      }
    }
    columns[field.name] = out;
  });
  return { numRows: table.numRows, names, columns };
}
