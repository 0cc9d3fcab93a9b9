/**
 * Compilation context: the package, the effective parameter values (defaults + overrides) and the list
 * of bound parameters. Parameter values only ever reach SQL as integers: bound `$n`, or inlined by
 * inlineIntegers (db/types.ts), which refuses anything else.
 */
import type { Param } from '../db/types.ts';
import type { Package } from './schema.ts';
import { SCALE, UNIT_DIM, amountInYuan, scaledParam, type Dim } from './units.ts';

export type ParamValues = Record<string, number | string | null>;

export class Ctx {
  private slots = new Map<string, string>();
  /** The unit of the clause being compiled: project and claim fields exist only on their records. */
  record: 'firm' | 'project' | 'claim' = 'firm';
  /** Leaf conditions of the clause being compiled, each computed once as a column (see leafRef). */
  private leaves: { alias: string; sql: string }[] | null = null;
  /** `params` may be shared by several packages compiled into one statement (numbering continues). */
  constructor(
    readonly pkg: Package,
    readonly values: ParamValues,
    readonly params: Param[] = []
  ) {}

  /** Binds an integer and returns its placeholder (deduplicated). */
  bindInt(n: number): string {
    const key = `i:${n}`;
    let slot = this.slots.get(key);
    if (!slot) {
      this.params.push(n);
      slot = `$${this.params.length}::BIGINT`;
      this.slots.set(key, slot);
    }
    return slot;
  }

  /** Starts collecting the leaf conditions of one clause. */
  collectLeaves(prefix = 'l'): void {
    this.leaves = [];
    this.leafPrefix = prefix;
  }
  private leafPrefix = 'l';

  /** The column a leaf condition is computed in (the same SQL once per clause), or the SQL itself outside a clause. */
  leafRef(sql: string): string {
    if (!this.leaves) return sql;
    let leaf = this.leaves.find((l) => l.sql === sql);
    if (!leaf) this.leaves.push((leaf = { alias: `${this.leafPrefix}${this.leaves.length + 1}`, sql }));
    return leaf.alias;
  }

  /** The leaf columns collected since collectLeaves(), and stops collecting. */
  takeLeaves(): { alias: string; sql: string }[] {
    const out = this.leaves ?? [];
    this.leaves = null;
    return out;
  }

  spec(name: string) {
    const p = this.pkg.parameters[name];
    if (!p) throw new Error(`${this.pkg.id}: unknown parameter "${name}"`);
    return p;
  }

  raw(name: string): number | string | null {
    this.spec(name);
    return name in this.values ? this.values[name] : this.pkg.parameters[name].value;
  }

  number(name: string): number {
    const v = this.raw(name);
    if (typeof v !== 'number') throw new Error(`${this.pkg.id}: parameter "${name}" must be a number, got ${JSON.stringify(v)}`);
    return v;
  }

  choice(name: string): string {
    const spec = this.spec(name);
    const v = this.raw(name);
    if (typeof v !== 'string' || !spec.options?.some((o) => o.value === v)) {
      throw new Error(`${this.pkg.id}: parameter "${name}" must be one of ${spec.options?.map((o) => o.value).join(', ')}, got ${JSON.stringify(v)}`);
    }
    return v;
  }

  dim(name: string): Dim {
    return UNIT_DIM[this.spec(name).unit];
  }

  /** A threshold / ratio / rate parameter bound as an integer on its scale. */
  scaled(name: string): { sql: string; dim: Dim; display: number } {
    const spec = this.spec(name);
    const v = this.number(name);
    return { sql: this.bindInt(scaledParam(v, spec.unit, `${this.pkg.id}.${name}`)), dim: UNIT_DIM[spec.unit], display: v };
  }

  /** An amount parameter bound in whole yuan. */
  yuan(name: string): string {
    return this.bindInt(amountInYuan(this.number(name), this.spec(name).unit, `${this.pkg.id}.${name}`));
  }
}

export const scaleOf = (dim: Dim) => SCALE[dim];
