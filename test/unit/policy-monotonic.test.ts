import { describe, it, expect } from 'vitest';
import { referenceEvaluate } from '../../src/lib/policy/reference.ts';
import { openNodeDb } from '../../src/lib/db/node.ts';
import { evaluateRows } from './helpers/policy-run.ts';
import type { Package } from '../../src/lib/policy/schema.ts';
import { loadRows } from './helpers/dataset.ts';
import { allPackageIds, packageById } from './helpers/packages.ts';
import { randomData } from './helpers/random-data.ts';

type Role = 'lower' | 'upper' | 'amount' | 'other';

/** How each parameter is used: a lower bound of a condition, an upper bound, an amount, or something else. */
function roles(pkg: Package): Map<string, Set<Role>> {
  const out = new Map<string, Set<Role>>();
  const add = (name: string, role: Role) => out.set(name, (out.get(name) ?? new Set()).add(role));
  const walk = (node: unknown, key: string, op: string | null) => {
    if (Array.isArray(node)) return node.forEach((x) => walk(x, key, op));
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (typeof o.param === 'string' && Object.keys(o).length === 1) {
      const role: Role =
        key === 'right' || key === 'than' ? (op === '>=' || op === '>' ? 'lower' : op === '<' || op === '<=' ? 'upper' : 'other')
        : ['amount', 'rate', 'percent', 'cap', 'base', 'step'].includes(key) ? 'amount' : 'other';
      return add(o.param, role);
    }
    const nextOp = typeof o.op === 'string' ? o.op : op;
    for (const [k, v] of Object.entries(o)) walk(v, k === 'amount' && 'allocation' in o ? 'pool' : k === 'amount' && 'mode' in o ? 'floor' : k, nextOp);
  };
  walk(pkg.clauses, 'clauses', null);
  return out;
}

const pooled = (pkg: Package) => new Set(pkg.clauses.filter((c) => c.pool).map((c) => c.id));

describe('monotonicity: raising a threshold never adds recipients; raising an amount never lowers the outlay (pools aside)', () => {
  for (const id of allPackageIds()) {
    it(`${id}: every lower-bound threshold and every amount, on 6 random data sets`, () => {
      const pkg = packageById(id);
      const skip = pooled(pkg);
      const usage = roles(pkg);
      let checked = 0;
      for (let seed = 101; seed <= 106; seed++) {
        const data = randomData(seed, 60);
        const base = referenceEvaluate(pkg, data).filter((r) => !skip.has(r.clause));
        const recipients = new Set(base.filter((r) => r.status === 'paid').map((r) => r.firm_id));
        const outlay = base.reduce((a, r) => a + r.award_yuan, 0);
        for (const [name, set] of usage) {
          if (set.size !== 1) continue;
          const role = [...set][0];
          const p = pkg.parameters[name];
          if (typeof p.value !== 'number' || (role !== 'lower' && role !== 'amount')) continue;
          const decimals = p.unit === 'ratio' || p.unit.startsWith('yuan_per') ? 4 : p.unit === 'wan' || p.unit === 'kwh' || p.unit === 'm3' ? 2 : 0;
          const raised = Number((p.value * 1.25 + (p.unit === 'ratio' ? 0.01 : 1)).toFixed(decimals));
          const after = referenceEvaluate(pkg, data, { [name]: raised }).filter((r) => !skip.has(r.clause));
          if (role === 'lower') {
            const now = after.filter((r) => r.status === 'paid').map((r) => r.firm_id);
            expect(now.filter((f) => !recipients.has(f)), `${name} raised to ${raised} (seed ${seed})`).toEqual([]);
          } else {
            expect(after.reduce((a, r) => a + r.award_yuan, 0), `${name} raised to ${raised} (seed ${seed})`).toBeGreaterThanOrEqual(outlay);
          }
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(0);
    });
  }

  it('the SQL engine agrees on one raised threshold (changchun-2024q1 c2 8% -> 9%): recipients only shrink', async () => {
    const db = await openNodeDb();
    const pkg = packageById('changchun-2024q1');
    await loadRows(db, randomData(7, 80));
    const paid = async (v: Record<string, number>) => new Set((await evaluateRows(db, pkg, v)).filter((r) => r.clause === 'c2-capacity' && r.status === 'paid').map((r) => r.firm_id));
    const before = await paid({ city_growth: 0.02 });
    const after = await paid({ city_growth: 0.02, c2_tier1_growth: 0.09 });
    expect(before.size).toBeGreaterThan(0);
    expect([...after].every((f) => before.has(f))).toBe(true);
    await db.close();
  });
});
