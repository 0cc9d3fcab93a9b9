/**
 * A what-if's change by district and industry: each recipient's amount before and after summed by its group,
 * recipients outside the firm profile (townships, departments) in a bucket of their own, then merged into
 * the baseline's groups.
 */
import type { FirmIndex, GroupResult } from './sim-base.ts';

/** Amounts before and after summed by a firm's group (district or industry); townships and the like apart. */
export class Tally {
  private bucket: Int32Array;
  private keys: (string | null)[];
  private before: Float64Array;
  private after: Float64Array;
  private seen: Uint8Array;
  constructor(firms: FirmIndex, key: (string | null)[]) {
    let b = buckets.get(key);
    if (!b || b.bucket.length !== firms.ids.length) buckets.set(key, (b = bucketsOf(firms, key)));
    ({ bucket: this.bucket, keys: this.keys } = b);
    this.before = new Float64Array(this.keys.length);
    this.after = new Float64Array(this.keys.length);
    this.seen = new Uint8Array(this.keys.length);
  }
  add(g: number, before: number, after: number): void {
    const b = this.bucket[g];
    this.before[b] += before;
    this.after[b] += after;
    this.seen[b] = 1;
  }
  groups(): GroupResult[] {
    return this.keys.flatMap((key, b) => (this.seen[b] ? [{ key: key === OTHER ? null : key, other: key === OTHER, base_yuan: this.before[b], now_yuan: this.after[b] }] : []));
  }
}
/** Each firm's group as a number, once per firm index and grouping. */
const buckets = new WeakMap<(string | null)[], { bucket: Int32Array; keys: (string | null)[] }>();
function bucketsOf(firms: FirmIndex, key: (string | null)[]) {
  const keys: (string | null)[] = [];
  const of = new Map<string | null, number>();
  const bucket = Int32Array.from(firms.ids, (_, g) => {
    const k = firms.profiled[g] ? key[g] : OTHER;
    let b = of.get(k);
    if (b === undefined) of.set(k, (b = keys.push(k) - 1));
    return b;
  });
  return { bucket, keys };
}

/** The bucket of recipients outside the firm profile (no district or industry of their own). */
const OTHER = '\u0000other';

/** The baseline groups with the affected rows' change added; sorted as the page shows them. */
export function mergeGroups(base: GroupResult[], delta: GroupResult[]): GroupResult[] {
  const id = (g: GroupResult) => `${g.other}|${g.key}`;
  const out = new Map(base.map((g) => [id(g), { ...g }]));
  for (const d of delta) {
    const g = out.get(id(d)) ?? { key: d.key, other: d.other, base_yuan: 0, now_yuan: 0 };
    g.now_yuan += d.now_yuan - d.base_yuan;
    out.set(id(d), g);
  }
  return [...out.values()].sort((a, b) => Number(a.other) - Number(b.other) || b.now_yuan - a.now_yuan || String(a.key ?? '\uffff').localeCompare(String(b.key ?? '\uffff')));
}
