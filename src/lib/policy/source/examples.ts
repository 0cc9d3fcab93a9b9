/**
 * Worked examples as a policy officer writes them beside a clause:
 *
 *   - name: Q1 output exactly 5000万 is not 高于 5000万: no capacity award
 *     set: {city_growth: 5%}
 *     firm: {quarterly: {2023Q1: 4000, 2024Q1: 5000}}
 *     expect: {status: refused}
 *
 * Amounts in `expect` may be written "10万元" (or whole yuan); `set` values in their parameter's unit.
 */
import type { Example, Parameter } from '../schema.ts';
import { readQuantity, readYuan } from './quantity.ts';

type Obj = Record<string, unknown>;

function readSet(raw: unknown, parameters: Record<string, Parameter>): Example['set'] {
  if (raw === undefined) return undefined;
  if (!raw || typeof raw !== 'object') throw new Error('set must be a mapping of parameter: value');
  return Object.fromEntries(
    Object.entries(raw as Obj).map(([name, v]) => {
      const p = parameters[name];
      if (!p) throw new Error(`set: "${name}" is not a parameter of this package`);
      if (v === null || p.unit === 'choice') return [name, v as string | null];
      const q = readQuantity(v);
      if (q.unit && q.unit !== p.unit) throw new Error(`set: ${name} = ${v} is in ${q.unit}, but the parameter is in ${p.unit}`);
      return [name, q.value];
    })
  );
}

export function readExample(raw: unknown, parameters: Record<string, Parameter>): Example {
  if (!raw || typeof raw !== 'object') throw new Error('an example is a mapping with name, firm and expect');
  const x = raw as Obj;
  const expect = (x.expect ?? {}) as Obj;
  const out: Example = {
    name: String(x.name ?? ''),
    ...(x.set !== undefined ? { set: readSet(x.set, parameters) } : {}),
    firm: (x.firm ?? {}) as Example['firm'],
    ...(x.others !== undefined ? { others: x.others as Example['others'] } : {}),
    expect: {
      ...(expect.status !== undefined ? { status: expect.status as never } : {}),
      ...(expect.award !== undefined ? { award_yuan: readYuan(expect.award) } : {}),
      ...(expect.tier !== undefined ? { tier: expect.tier as string | null } : {})
    }
  };
  if (!out.name) throw new Error('an example needs a name that reads as a sentence');
  if (!Object.keys(out.expect).length) throw new Error(`example "${out.name}": expect needs status, award or tier`);
  const unknown = Object.keys(expect).filter((k) => !['status', 'award', 'tier'].includes(k));
  if (unknown.length) throw new Error(`example "${out.name}": expect knows status, award and tier, not ${unknown.join(', ')}`);
  return out;
}
