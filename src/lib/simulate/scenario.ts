/**
 * A planner's scenario as data: the packages in force and what differs from their published text
 * (parameter values, assessment years, clauses switched off, tier tables). The same JSON is saved in
 * the browser, shared in a URL and read by the CLI (`--scenario file.json`), so it is validated against
 * the packages wherever it comes from; a problem names the field and the value.
 */
import { z } from 'zod';
import type { Package } from '../policy/schema.ts';
import type { ParamValues } from '../policy/context.ts';
import { scaledParam } from '../policy/units.ts';

export const SCENARIO_FORMAT = 'zcdx-scenario';
export const SCENARIO_VERSION = 1;

/**
 * One row of an edited tier table. A row with only `id` is a published tier (its values are edited as
 * parameters); an added row copies the condition of the published tier `like`, with its own threshold
 * and amount in the parameters' units.
 */
const TierRow = z.union([
  z.object({ id: z.string().min(1) }).strict(),
  z.object({ id: z.string().regex(/^added-\d+$/), like: z.string().min(1), threshold: z.number(), amount: z.number() }).strict()
]);
export type TierRow = z.infer<typeof TierRow>;
export type AddedTier = Extract<TierRow, { like: string }>;

const ScenarioShape = z
  .object({
    format: z.literal(SCENARIO_FORMAT),
    version: z.number().int(),
    name: z.string().max(200).default(''),
    /** Package ids in force, evaluated together (就高 applies between them). */
    packages: z.array(z.string()).min(1),
    /** Parameter overrides per package, in the model's units (0.08 for 8%, 万元 for wan). */
    set: z.record(z.string(), z.record(z.string(), z.union([z.number(), z.string(), z.null()]))).default({}),
    /** Assessment years per package (re-basing), e.g. { year: 2023 }. */
    periods: z.record(z.string(), z.record(z.string(), z.number().int())).default({}),
    /** Clauses switched off per package. */
    off: z.record(z.string(), z.array(z.string())).default({}),
    /** Edited tier tables per package and clause: the whole table, in order. */
    tiers: z.record(z.string(), z.record(z.string(), z.array(TierRow).min(1))).default({})
  })
  .strict();
export type ScenarioDoc = z.infer<typeof ScenarioShape>;

export class ScenarioError extends Error {
  constructor(
    message: string,
    readonly problem: 'format' | 'older' | 'newer' | 'invalid'
  ) {
    super(message);
  }
}

/** The published packages with nothing changed. */
export function baselineScenario(packages: string[], name = ''): ScenarioDoc {
  return { format: SCENARIO_FORMAT, version: SCENARIO_VERSION, name, packages: [...packages], set: {}, periods: {}, off: {}, tiers: {} };
}

/** Whether a parameter value is one the engine takes for this parameter (exact on its unit's grid, in range). */
export function valueProblem(pkg: Package, name: string, value: unknown): string | null {
  const spec = pkg.parameters[name];
  if (!spec) return `no parameter "${name}" in ${pkg.id}`;
  if (value === null) return spec.nullMeans ? null : `${name} cannot be empty`;
  if (spec.unit === 'choice') return typeof value === 'string' && spec.options?.some((o) => o.value === value) ? null : `${name} must be one of ${spec.options?.map((o) => o.value).join(', ')}, not ${JSON.stringify(value)}`;
  if (typeof value !== 'number') return `${name} must be a number, not ${JSON.stringify(value)}`;
  if (value < 0) return `${name} cannot be negative (${value})`;
  if (spec.min !== undefined && value < spec.min) return `${name} ${value} is below its minimum ${spec.min}`;
  if (spec.max !== undefined && value > spec.max) return `${name} ${value} is above its maximum ${spec.max}`;
  try {
    scaledParam(value, spec.unit, name);
  } catch (e) {
    return (e as Error).message;
  }
  return null;
}

/**
 * Reads a scenario from untrusted JSON (a file, a URL, the browser's store) and checks every reference
 * against the packages. Throws a ScenarioError naming what is wrong.
 */
export function parseScenario(raw: unknown, packages: Package[]): ScenarioDoc {
  const head = raw as { format?: unknown; version?: unknown } | null;
  if (!head || typeof head !== 'object' || head.format !== SCENARIO_FORMAT) throw new ScenarioError(`not a scenario (expected "format": "${SCENARIO_FORMAT}")`, 'format');
  if (typeof head.version === 'number' && head.version < SCENARIO_VERSION) throw new ScenarioError(`scenario version ${head.version} is older than this app's (${SCENARIO_VERSION})`, 'older');
  if (typeof head.version === 'number' && head.version > SCENARIO_VERSION) throw new ScenarioError(`scenario version ${head.version} is newer than this app's (${SCENARIO_VERSION})`, 'newer');
  const parsed = ScenarioShape.safeParse(raw);
  if (!parsed.success) {
    throw new ScenarioError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '), 'invalid');
  }
  const doc = parsed.data;
  const problems: string[] = [];
  const byId = new Map(packages.map((p) => [p.id, p]));
  const known = (where: string, id: string) => {
    const p = byId.get(id);
    if (!p) problems.push(`${where}: no policy package "${id}"`);
    return p;
  };
  for (const id of doc.packages) known('packages', id);
  if (new Set(doc.packages).size !== doc.packages.length) problems.push('packages: a package is listed twice');
  const inForce = (where: string, id: string) => {
    const p = known(where, id);
    if (p && !doc.packages.includes(id)) problems.push(`${where}: package "${id}" is not in force in this scenario`);
    return p;
  };
  for (const [id, values] of Object.entries(doc.set)) {
    const p = inForce(`set.${id}`, id);
    if (p) for (const [name, v] of Object.entries(values)) {
      const problem = valueProblem(p, name, v);
      if (problem) problems.push(`set.${id}.${name}: ${problem}`);
    }
  }
  for (const [id, years] of Object.entries(doc.periods)) {
    const p = inForce(`periods.${id}`, id);
    if (p) for (const [name, y] of Object.entries(years)) {
      if (!p.periods[name]) problems.push(`periods.${id}.${name}: no period "${name}" in ${id}`);
      else if (y < 2000 || y > 2100) problems.push(`periods.${id}.${name}: ${y} is not a year`);
    }
  }
  for (const [id, clauses] of Object.entries(doc.off)) {
    const p = inForce(`off.${id}`, id);
    if (p) for (const c of clauses) if (!p.clauses.some((k) => k.id === c)) problems.push(`off.${id}: no clause "${c}" in ${id}`);
  }
  for (const [id, tables] of Object.entries(doc.tiers)) {
    const p = inForce(`tiers.${id}`, id);
    if (p) for (const [clauseId, rows] of Object.entries(tables)) problems.push(...tierTableProblems(p, clauseId, rows).map((m) => `tiers.${id}.${clauseId}: ${m}`));
  }
  if (problems.length) throw new ScenarioError(problems.join('; '), 'invalid');
  return doc;
}

/** The overrides of a scenario as the engine takes them (only packages in force). */
export function overridesOf(doc: ScenarioDoc): Record<string, ParamValues> {
  return Object.fromEntries(Object.entries(doc.set).filter(([id, v]) => doc.packages.includes(id) && Object.keys(v).length));
}

// ---- tier tables ------------------------------------------------------------------------------

type Clause = Package['clauses'][number];
type Condition = Clause['eligibility'];

/** The threshold parameter of a tier's condition when it is one comparison against a parameter, else null. */
export function tierThreshold(when: Condition): { param: string; op: string; left: string } | null {
  const c = when as Record<string, unknown>;
  if ('compare' in c) {
    const k = c.compare as { left: Record<string, unknown>; op: string; right: Record<string, unknown> };
    return typeof k.right.param === 'string' ? { param: k.right.param, op: k.op, left: JSON.stringify(k.left) } : null;
  }
  for (const kind of ['growth', 'share'] as const) {
    if (kind in c) {
      const k = c[kind] as { op: string; than: unknown } & Record<string, unknown>;
      const than = k.than as { param?: string } | string;
      if (typeof than === 'object' && typeof than.param === 'string') {
        const { op: _op, than: _than, ...left } = k;
        return { param: than.param, op: k.op, left: `${kind}:${JSON.stringify(left)}` };
      }
    }
  }
  return null;
}

/**
 * Whether a clause's tier table can take added rows: every tier is "metric >= (or >) a parameter" on the
 * same metric, so a new row is the same comparison with another number (e.g. a 12% growth tier).
 */
export function tiersEditable(clause: Clause): boolean {
  if (clause.award.shape !== 'tiers') return false;
  const ts = clause.award.tiers.map((t) => tierThreshold(t.when));
  return ts.every((t) => t && (t.op === '>=' || t.op === '>') && t.left === ts[0]!.left && t.op === ts[0]!.op);
}

function tierTableProblems(pkg: Package, clauseId: string, rows: TierRow[]): string[] {
  const clause = pkg.clauses.find((c) => c.id === clauseId);
  if (!clause) return [`no clause "${clauseId}"`];
  if (clause.award.shape !== 'tiers') return ['the clause has no tier table'];
  const published = new Set(clause.award.tiers.map((t) => t.id));
  const problems: string[] = [];
  // the engine pays the last tier that holds: a table that is not re-sorted by threshold keeps the published order
  const order = clause.award.tiers.map((t) => t.id);
  const kept = rows.filter((r) => !('like' in r) && published.has(r.id)).map((r) => order.indexOf(r.id));
  if (!tiersEditable(clause) && kept.some((k, i) => i > 0 && k < kept[i - 1])) problems.push('the published tiers must stay in their order');
  const seen = new Set<string>();
  for (const row of rows) {
    if (seen.has(row.id)) problems.push(`tier "${row.id}" is listed twice`);
    seen.add(row.id);
    if (!('like' in row)) {
      if (!published.has(row.id)) problems.push(`no tier "${row.id}"`);
      continue;
    }
    if (!tiersEditable(clause)) problems.push(`rows cannot be added to this tier table (its tiers are not one threshold each)`);
    else if (!published.has(row.like)) problems.push(`${row.id}: no tier "${row.like}" to copy`);
    else {
      const tier = clause.award.tiers.find((t) => t.id === row.like)!;
      const threshold = valueProblem(pkg, tierThreshold(tier.when)!.param, row.threshold);
      const amount = valueProblem(pkg, tier.amount.param, row.amount);
      if (threshold) problems.push(`${row.id} threshold: ${threshold}`);
      if (amount) problems.push(`${row.id} amount: ${amount}`);
    }
  }
  return problems;
}
