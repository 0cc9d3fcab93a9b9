/**
 * A policy source (the YAML a policy officer reads and writes, see docs/policy-packages.md) compiled
 * into the engine's validated package model (schema.ts). Errors carry the path of the entry that is
 * wrong, so the loader can name its line.
 */
import type { Award, Clause, Condition, Leaf, PackageInput, Parameter } from '../schema.ts';
import { readFormula, readLeaf, type Names } from './conditions.ts';
import { readMetric } from './metrics.ts';
import { periodOf, yearOf, type PeriodEnv } from './periods.ts';
import { readQuantity } from './quantity.ts';
import { readSource, readText } from './text.ts';
import { readExample } from './examples.ts';

export type Path = (string | number)[];

export class SourceError extends Error {
  constructor(
    readonly path: Path,
    message: string
  ) {
    super(message);
  }
}

type Obj = Record<string, unknown>;

/** Runs `fn` on the entry at `path`; an error inside names that path (the innermost one wins). */
function at<T>(path: Path, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof SourceError) throw e;
    throw new SourceError(path, (e as Error).message);
  }
}

function obj(raw: unknown, what: string): Obj {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error(`${what} must be a mapping (name: value)`);
  return raw as Obj;
}

function list(raw: unknown, what: string): unknown[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new Error(`${what} must be a list (lines starting with -)`);
  return raw;
}

function str(raw: unknown, what: string): string {
  if (typeof raw === 'number') return String(raw);
  if (typeof raw !== 'string' || !raw) throw new Error(`${what} must be a text, got ${JSON.stringify(raw)}`);
  return raw;
}

/** A date written as 2024-03-31 or as date(year, 3, 31). */
function dateText(raw: unknown, env: PeriodEnv): string {
  const text = str(raw, 'a date');
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? text : String(periodOf(text, env));
}

const optional = <T>(raw: unknown, fn: () => T): T | undefined => (raw === undefined ? undefined : fn());

/** Period values of the package: defaults in order (later ones may use earlier ones), then overrides. */
export function readPeriods(raw: unknown, overrides: Record<string, number> = {}): { env: PeriodEnv; model: NonNullable<PackageInput['periods']> } {
  const env: PeriodEnv = {};
  const model: NonNullable<PackageInput['periods']> = {};
  for (const [name, spec] of Object.entries(obj(raw ?? {}, 'periods'))) {
    at(['periods', name], () => {
      const s = obj(spec, `period ${name}`);
      const derived = typeof s.value === 'string' && !/^\d{4}$/.test(s.value) ? s.value : undefined;
      const value = name in overrides ? overrides[name] : yearOf(s.value as string | number, env);
      env[name] = value;
      model[name] = {
        label: at(['periods', name, 'label'], () => readText(s.label)),
        value,
        ...(derived ? { derived } : {}),
        ...(s.source !== undefined ? { source: at(['periods', name, 'source'], () => readSource(s.source)) } : {})
      };
    });
  }
  for (const name of Object.keys(overrides)) if (!(name in env)) throw new SourceError(['periods'], `"${name}" is not a period of this package`);
  return { env, model };
}

function readParameter(name: string, raw: unknown): Parameter {
  const p = obj(raw, `parameter ${name}`);
  const unit = p.unit as Parameter['unit'] | undefined;
  let value: Parameter['value'];
  if (p.value === null || unit === 'choice') value = p.value as never;
  else {
    const q = at(['parameters', name, 'value'], () => readQuantity(p.value));
    if (q.unit && unit && q.unit !== unit) throw new SourceError(['parameters', name, 'value'], `value ${p.value} is in ${q.unit}, but the unit is ${unit}`);
    if (!q.unit && !unit) throw new SourceError(['parameters', name, 'value'], `${p.value} needs a unit: write e.g. 5000万元, 8%, 4天, or add unit:`);
    value = q.value;
  }
  const bound = (k: 'min' | 'max') => optional(p[k], () => at(['parameters', name, k], () => readQuantity(p[k]).value));
  return {
    label: at(['parameters', name, 'label'], () => readText(p.label)),
    unit: (unit ?? readQuantity(p.value).unit) as Parameter['unit'],
    value,
    source: at(['parameters', name, 'source'], () => readSource(p.source)),
    ...(p.assumption !== undefined ? { assumption: at(['parameters', name, 'assumption'], () => readText(p.assumption)) } : {}),
    ...(p.options !== undefined
      ? { options: list(p.options, 'options').map((o, i) => at(['parameters', name, 'options', i], () => ({ value: str(obj(o, 'option').value, 'value'), label: readText(obj(o, 'option').label) }))) }
      : {}),
    ...(bound('min') !== undefined ? { min: bound('min') } : {}),
    ...(bound('max') !== undefined ? { max: bound('max') } : {}),
    ...(p.nullMeans !== undefined ? { nullMeans: at(['parameters', name, 'nullMeans'], () => readText(p.nullMeans)) } : {})
  } as Parameter;
}

function readLeaves(raw: unknown, names: Names, path: Path, inherited = new Map<string, Leaf>()): Map<string, Leaf> {
  const leaves = new Map(inherited);
  for (const [id, spec] of Object.entries(obj(raw ?? {}, 'conditions'))) {
    at([...path, id], () => {
      const s = obj(spec, `condition ${id}`);
      const label = at([...path, id, 'label'], () => readText(s.label));
      leaves.set(id, at([...path, id, 'when'], () => readLeaf(id, label, str(s.when, 'when'), names)));
    });
  }
  return leaves;
}

/** A parameter name, checked to exist. */
function param(raw: unknown, names: Names, path: Path): { param: string } {
  return at(path, () => {
    const name = str(raw, 'a parameter name');
    if (!names.parameters.has(name)) throw new Error(`"${name}" is not a parameter of this package`);
    return { param: name };
  });
}

/** A quantity to multiply: a metric name, project.<field> or claim.<field>. */
function quantity(raw: unknown, names: Names, path: Path): { metric: string } | { project: never } | { claim: never } {
  return at(path, () => {
    const name = str(raw, 'a metric, project or claim field');
    if (name.startsWith('project.')) return { project: name.slice('project.'.length) as never };
    if (name.startsWith('claim.')) return { claim: name.slice('claim.'.length) as never };
    if (!names.metrics.has(name)) throw new Error(`"${name}" is not a metric of this package`);
    return { metric: name };
  });
}

function readAward(raw: unknown, names: Names, leaves: Map<string, Leaf>, path: Path): Award {
  const a = obj(raw, 'award');
  const formula = (text: unknown, p: Path): Condition => at(p, () => readFormula(str(text, 'when'), leaves));
  /** Table rows (tiers, rate cases): id, label, when, and the parameter in column `pays`. */
  const rows = (key: 'tiers' | 'cases', pays: 'amount' | 'rate') =>
    list(a[key], key).map((raw, i) => {
      const r = obj(raw, key);
      const p = [...path, key, i];
      return { id: str(r.id, 'id'), label: at([...p, 'label'], () => readText(r.label)), when: formula(r.when, [...p, 'when']), value: param(r[pays], names, [...p, pays]) };
    });
  switch (a.shape) {
    case 'fixed':
      return { shape: 'fixed', amount: param(a.amount, names, [...path, 'amount']) };
    case 'tiers':
      return {
        shape: 'tiers',
        tiers: rows('tiers', 'amount').map(({ value, ...row }) => ({ ...row, amount: value }))
      };
    case 'rate':
      return {
        shape: 'rate',
        quantity: quantity(a.quantity, names, [...path, 'quantity']),
        rate: param(a.rate, names, [...path, 'rate']),
        ...(a.cases !== undefined
          ? {
              cases: rows('cases', 'rate').map(({ value, ...row }) => ({ ...row, rate: value }))
            }
          : {})
      };
    case 'percent':
      return {
        shape: 'percent',
        percent: param(a.percent, names, [...path, 'percent']),
        base: quantity(a.base, names, [...path, 'base']) as never,
        ...(a.above !== undefined ? { above: param(a.above, names, [...path, 'above']) } : {})
      };
    case 'step':
      return {
        shape: 'step',
        over: at([...path, 'over'], () => {
          const metric = str(a.over, 'over');
          if (!names.metrics.has(metric)) throw new Error(`"${metric}" is not a metric of this package`);
          return metric;
        }),
        threshold: param(a.threshold, names, [...path, 'threshold']),
        base: param(a.base, names, [...path, 'base']),
        increment: param(a.increment, names, [...path, 'increment']),
        step: param(a.step, names, [...path, 'step'])
      };
    default:
      throw new SourceError([...path, 'shape'], `award shape must be fixed, tiers, rate, percent or step, got ${JSON.stringify(a.shape)}`);
  }
}

function readClause(raw: unknown, i: number, names: Names, packageLeaves: Map<string, Leaf>, env: PeriodEnv, parameters: Record<string, Parameter>): Clause {
  const path: Path = ['clauses', i];
  const c = obj(raw, 'clause');
  const leaves = readLeaves(c.conditions, names, [...path, 'conditions'], packageLeaves);
  const id = at([...path, 'id'], () => str(c.id, 'id'));
  return {
    id,
    title: at([...path, 'title'], () => readText(c.title)),
    source: at([...path, 'source'], () => readSource(c.source)),
    ...(c.unit !== undefined ? { unit: c.unit as Clause['unit'] } : {}),
    ...(c.projects !== undefined
      ? { projects: at([...path, 'projects'], () => ({ kind: str(obj(c.projects, 'projects').kind, 'kind'), year: yearOf(obj(c.projects, 'projects').year as string, env) })) }
      : {}),
    ...(c.claims !== undefined
      ? {
          claims: at([...path, 'claims'], () => {
            const sel = obj(c.claims, 'claims');
            // `year: year` is the whole calendar year; `from:` / `to:` any dates
            const y = sel.year === undefined ? null : yearOf(sel.year as string | number, env);
            const from = y !== null ? `${y}-01-01` : sel.from !== undefined ? dateText(sel.from, env) : undefined;
            const to = y !== null ? `${y}-12-31` : sel.to !== undefined ? dateText(sel.to, env) : undefined;
            return {
              item: str(sel.item, 'item'),
              ...(sel.level !== undefined ? { level: str(sel.level, 'level') } : {}),
              ...(from ? { from } : {}),
              ...(to ? { to } : {})
            };
          })
        }
      : {}),
    ...(c.capPerRecord !== undefined ? { capPerRecord: param(c.capPerRecord, names, [...path, 'capPerRecord']) } : {}),
    ...(c.recipients !== undefined ? { recipients: list(c.recipients, 'recipients') as never } : {}),
    eligibility: at([...path, 'eligibility'], () => readFormula(str(c.eligibility, 'eligibility'), leaves)),
    award: at([...path, 'award'], () => readAward(c.award, names, leaves, [...path, 'award'])),
    ...(c.floor !== undefined
      ? { floor: { amount: param(obj(c.floor, 'floor').amount, names, [...path, 'floor', 'amount']), mode: obj(c.floor, 'floor').mode as 'nothing' | 'raise' } }
      : {}),
    ...(c.cap !== undefined ? { cap: param(c.cap, names, [...path, 'cap']) } : {}),
    ...(c.pool !== undefined
      ? {
          pool: at([...path, 'pool'], () => {
            const p = obj(c.pool, 'pool');
            return {
              amount: param(p.amount, names, [...path, 'pool', 'amount']),
              allocation: param(p.allocation, names, [...path, 'pool', 'allocation']),
              ...(p.rankBy !== undefined ? { rankBy: str(p.rankBy, 'rankBy') } : {})
            };
          })
        }
      : {}),
    ...(c.notes !== undefined ? { notes: at([...path, 'notes'], () => readText(c.notes)) } : {}),
    examples: list(c.examples, 'examples').map((x, k) => at([...path, 'examples', k], () => readExample(x, parameters)))
  } as Clause;
}

/**
 * The package model of a source. `periods` overrides period values (re-basing the package onto
 * another year); every metric, date and year is computed from them.
 */
export function compileSource(raw: unknown, periods: Record<string, number> = {}): PackageInput {
  const src = obj(raw, 'a policy package');
  const { env, model: periodModel } = readPeriods(src.periods, periods);
  const parameters = Object.fromEntries(Object.entries(obj(src.parameters ?? {}, 'parameters')).map(([name, p]) => [name, at(['parameters', name], () => readParameter(name, p))]));
  const metrics = Object.fromEntries(Object.entries(obj(src.metrics ?? {}, 'metrics')).map(([name, m]) => [name, at(['metrics', name], () => readMetric(str(m, name), env))]));
  const names: Names = { metrics: new Set(Object.keys(metrics)), parameters: new Set(Object.keys(parameters)), periods: env };
  const leaves = readLeaves(src.conditions, names, ['conditions']);
  const texts = (key: string, fields: string[]) =>
    list(src[key], key).map((x, i) =>
      at([key, i], () => {
        const o = obj(x, key);
        return Object.fromEntries(
          Object.entries(o).map(([k, v]) => [
            k,
            fields.includes(k) ? at([key, i, k], () => (k === 'source' ? readSource(v) : readText(v))) : v
          ])
        );
      })
    );
  const region = src.regionGrowth === undefined ? undefined : obj(src.regionGrowth, 'regionGrowth');
  return {
    id: at(['id'], () => str(src.id, 'id')),
    title: at(['title'], () => readText(src.title)),
    issuer: at(['issuer'], () => readText(src.issuer)),
    docNumber: at(['docNumber'], () => str(src.docNumber, 'docNumber')),
    effective: at(['effective'], () => {
      const e = obj(src.effective, 'effective');
      return { from: dateText(e.from, env), to: dateText(e.to, env) };
    }),
    sourceFile: at(['sourceFile'], () => str(src.sourceFile, 'sourceFile')),
    periods: periodModel,
    parameters,
    metrics,
    ...(region
      ? {
          regionGrowth: at(['regionGrowth'], () => ({
            current: String(periodOf(str(region.current, 'current'), env)),
            base: String(periodOf(str(region.base, 'base'), env)),
            override: param(region.override, names, ['regionGrowth', 'override'])
          }))
        }
      : {}),
    exclusions: list(src.exclusions, 'exclusions').map((x, i) =>
      at(['exclusions', i], () => {
        const o = obj(x, 'exclusion');
        return { when: at(['exclusions', i, 'when'], () => readFormula(str(o.when, 'when'), leaves)), source: at(['exclusions', i, 'source'], () => readSource(o.source)) };
      })
    ),
    clauses: list(src.clauses, 'clauses').map((c, i) => readClause(c, i, names, leaves, env, parameters)),
    notComputable: texts('notComputable', ['title', 'source', 'reason']) as never,
    stacking: texts('stacking', ['source', 'assumption']) as never,
    stackable: texts('stackable', ['source']) as never,
    acrossPackages: texts('acrossPackages', ['source', 'assumption']) as never
  };
}
